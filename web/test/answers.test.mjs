// Unit tests of the page's answer state machine (web/static/answers.js),
// run by `make test-js` with Node's own test runner.

import { test } from 'node:test';
import assert from 'node:assert/strict';

import {
  ANSWERING,
  COMPLETE,
  FAILED,
  FAILED_SENTENCE,
  QUEUED,
  SENDING,
  STOPPED,
  accepted,
  applyAnswerFrame,
  applyStatus,
  isUnfinished,
  lastSessionId,
  newQuery,
  pageText,
  stopWatching,
  unfinishedIds,
} from '../static/answers.js';

const ID = 'q-1';

const chunk = (seq, text, attempt = 1, queryId = ID) => ({ action: 'answerChunk', data: { queryId, attempt, seq, text } });
const complete = (answer, { attempt = 1, seq = 9, citations = [], sessionId = 'sess-1' } = {}) => ({
  action: 'answerComplete',
  data: { queryId: ID, attempt, seq, answer, citations, sessionId },
});
const failed = (message, attempt = 1, code = 'Unavailable') => ({ action: 'answerFailed', message, data: { queryId: ID, attempt, code } });

// feed applies frames in order and returns what each returned.
function feed(q, frames) {
  return frames.map((f) => applyAnswerFrame(q, f));
}

test('chunks join in seq order', async (t) => {
  const cases = [
    { name: 'in order', frames: [chunk(1, 'The dose '), chunk(2, 'is 5 mg.')], want: 'The dose is 5 mg.', nextSeq: 3 },
    { name: 'out of order waits for the gap', frames: [chunk(2, 'is 5 mg.'), chunk(1, 'The dose ')], want: 'The dose is 5 mg.', nextSeq: 3 },
    { name: 'a gap holds later chunks back', frames: [chunk(1, 'The dose '), chunk(3, ' with food.')], want: 'The dose ', nextSeq: 2 },
    {
      name: 'reversed three',
      frames: [chunk(3, 'c'), chunk(2, 'b'), chunk(1, 'a')],
      want: 'abc',
      nextSeq: 4,
    },
  ];
  for (const c of cases) {
    await t.test(c.name, () => {
      const q = newQuery(ID);
      feed(q, c.frames);
      assert.equal(q.text, c.want);
      assert.equal(q.nextSeq, c.nextSeq);
      assert.equal(q.status, ANSWERING);
      assert.ok(isUnfinished(q));
    });
  }
});

test('a gap filled later releases every buffered chunk', () => {
  const q = newQuery(ID);
  feed(q, [chunk(1, 'a'), chunk(3, 'c'), chunk(4, 'd')]);
  assert.equal(q.text, 'a');
  assert.equal(q.pending.size, 2);
  applyAnswerFrame(q, chunk(2, 'b'));
  assert.equal(q.text, 'abcd');
  assert.equal(q.pending.size, 0);
});

test('duplicate seq is dropped', async (t) => {
  const cases = [
    { name: 'already appended', frames: [chunk(1, 'a'), chunk(2, 'b'), chunk(1, 'a')], want: 'ab', results: [true, true, false] },
    { name: 'already buffered', frames: [chunk(1, 'a'), chunk(3, 'c'), chunk(3, 'c'), chunk(2, 'b')], want: 'abc', results: [true, true, false, true] },
    { name: 'same seq, other text: the first wins', frames: [chunk(1, 'a'), chunk(1, 'X')], want: 'a', results: [true, false] },
  ];
  for (const c of cases) {
    await t.test(c.name, () => {
      const q = newQuery(ID);
      assert.deepEqual(feed(q, c.frames), c.results);
      assert.equal(q.text, c.want);
      assert.equal(q.dropped, c.results.filter((r) => !r).length);
    });
  }
});

test('attempts', async (t) => {
  await t.test('a higher attempt drops what the older one showed', () => {
    const q = newQuery(ID);
    feed(q, [chunk(1, 'Old '), chunk(2, 'text'), chunk(1, 'New', 2)]);
    assert.equal(q.text, 'New');
    assert.equal(q.attempt, 2);
    assert.equal(q.nextSeq, 2);
  });
  await t.test('buffered chunks of the older attempt go too', () => {
    const q = newQuery(ID);
    feed(q, [chunk(1, 'a'), chunk(3, 'stale'), chunk(1, 'x', 2), chunk(2, 'y', 2), chunk(3, 'z', 2)]);
    assert.equal(q.text, 'xyz');
  });
  await t.test('late chunks of an older attempt are dropped', () => {
    const q = newQuery(ID);
    assert.deepEqual(feed(q, [chunk(1, 'x', 2), chunk(2, 'old', 1), chunk(2, 'y', 2)]), [true, false, true]);
    assert.equal(q.text, 'xy');
  });
  await t.test('a new attempt may start out of order', () => {
    const q = newQuery(ID);
    feed(q, [chunk(1, 'Old'), chunk(2, 'b', 2)]);
    assert.equal(q.text, '', 'older text is gone although the new attempt has no contiguous text yet');
    applyAnswerFrame(q, chunk(1, 'a', 2));
    assert.equal(q.text, 'ab');
  });
  await t.test('a complete of an older attempt is dropped', () => {
    const q = newQuery(ID);
    feed(q, [chunk(1, 'x', 2), complete('old answer', { attempt: 1 })]);
    assert.equal(q.status, ANSWERING);
    assert.equal(q.text, 'x');
  });
  await t.test('a newer attempt completing replaces a finished answer', () => {
    const q = newQuery(ID);
    feed(q, [complete('first', { attempt: 1 }), chunk(1, 'ignored', 2), complete('second', { attempt: 2, sessionId: 'sess-2' })]);
    assert.equal(q.text, 'second');
    assert.equal(q.sessionId, 'sess-2');
  });
  await t.test('attempt 0 or none is not an attempt', () => {
    const q = newQuery(ID);
    assert.deepEqual(feed(q, [chunk(1, 'a', 0), chunk(1, 'b', null)]), [false, false]);
    assert.equal(q.text, '');
  });
});

test('answerComplete replaces the text and sets citations', () => {
  const q = newQuery(ID);
  const citations = [
    { documentId: 'doc-a', documentName: 'label.pdf', page: 3, excerpt: 'The recommended dose is 5 mg.' },
    { documentId: 'doc-b', documentName: 'notes.txt', excerpt: 'Take with food.' },
    { documentName: 'no id: cannot be linked' },
  ];
  feed(q, [chunk(1, 'The dose '), chunk(3, ' lost')]);
  assert.ok(applyAnswerFrame(q, complete('The dose is 5 mg, with food.', { seq: 4, citations })));
  assert.equal(q.text, 'The dose is 5 mg, with food.');
  assert.equal(q.status, COMPLETE);
  assert.equal(q.sessionId, 'sess-1');
  assert.deepEqual(q.citations, [
    { documentId: 'doc-a', documentName: 'label.pdf', page: 3, excerpt: 'The recommended dose is 5 mg.' },
    { documentId: 'doc-b', documentName: 'notes.txt', page: null, excerpt: 'Take with food.' },
  ]);
  assert.equal(q.pending.size, 0);
  assert.ok(!isUnfinished(q));
  // Anything after the end changes nothing.
  assert.deepEqual(feed(q, [chunk(5, 'late'), complete('again'), failed('late failure')]), [false, false, false]);
  assert.equal(q.text, 'The dose is 5 mg, with food.');
});

test('answerComplete with no chunks before it (all missed)', () => {
  const q = newQuery(ID);
  accepted(q);
  applyAnswerFrame(q, complete("I couldn't find that in your documents.", { citations: [] }));
  assert.equal(q.status, COMPLETE);
  assert.equal(q.text, "I couldn't find that in your documents.");
  assert.deepEqual(q.citations, []);
});

test('answerFailed', async (t) => {
  await t.test('keeps the server sentence', () => {
    const q = newQuery(ID);
    feed(q, [chunk(1, 'partial'), failed('The answer could not be made right now; please ask again.')]);
    assert.equal(q.status, FAILED);
    assert.equal(q.message, 'The answer could not be made right now; please ask again.');
    assert.equal(q.code, 'Unavailable');
    assert.ok(!isUnfinished(q));
  });
  await t.test('a missing sentence becomes a plain one', () => {
    const q = newQuery(ID);
    applyAnswerFrame(q, failed(''));
    assert.equal(q.message, FAILED_SENTENCE);
  });
  await t.test('an older attempt failing is dropped', () => {
    const q = newQuery(ID);
    feed(q, [chunk(1, 'x', 2), failed('old', 1)]);
    assert.equal(q.status, ANSWERING);
  });
});

test('frames of another question are dropped', () => {
  const q = newQuery(ID);
  assert.equal(applyAnswerFrame(q, chunk(1, "someone else's", 1, 'q-2')), false);
  assert.equal(applyAnswerFrame(q, { action: 'answerChunk' }), false);
  assert.equal(q.text, '');
  assert.equal(q.dropped, 2);
});

test('resume with answerStatus', async (t) => {
  const citations = [{ documentId: 'doc-a', documentName: 'a.pdf', page: 2, excerpt: 'fact' }];
  const cases = [
    {
      name: 'complete fills in what was missed',
      before: [chunk(1, 'The ')],
      status: { status: 'complete', answer: 'The whole answer.', citations },
      want: { status: COMPLETE, text: 'The whole answer.', citations: 1, changed: true },
    },
    {
      name: 'answering keeps the text shown so far',
      before: [chunk(1, 'The ')],
      status: { status: 'answering', answer: null, citations: [] },
      want: { status: ANSWERING, text: 'The ', citations: 0, changed: false },
    },
    {
      name: 'queued after sending',
      before: [],
      status: { status: 'queued', answer: null, citations: [] },
      want: { status: QUEUED, text: '', citations: 0, changed: true },
    },
    {
      name: 'failed takes the message',
      before: [chunk(1, 'The ')],
      status: { status: 'failed', answer: null, citations: [] },
      message: 'The documents could not be searched.',
      want: { status: FAILED, text: 'The ', citations: 0, changed: true },
    },
  ];
  for (const c of cases) {
    await t.test(c.name, () => {
      const q = newQuery(ID);
      feed(q, c.before);
      const changed = applyStatus(q, { queryId: ID, ...c.status }, c.message);
      assert.equal(changed, c.want.changed);
      assert.equal(q.status, c.want.status);
      assert.equal(q.text, c.want.text);
      assert.equal(q.citations.length, c.want.citations);
      if (c.message) assert.equal(q.message, c.message);
    });
  }
  await t.test('chunks after a resume still join in order', () => {
    const q = newQuery(ID);
    feed(q, [chunk(1, 'a')]);
    applyStatus(q, { queryId: ID, status: 'answering', answer: null, citations: [] });
    feed(q, [chunk(3, 'c'), chunk(2, 'b')]);
    assert.equal(q.text, 'abc');
  });
  await t.test('a finished question ignores a status', () => {
    const q = newQuery(ID);
    applyAnswerFrame(q, complete('done'));
    assert.equal(applyStatus(q, { queryId: ID, status: 'complete', answer: 'other', citations: [] }), false);
    assert.equal(q.text, 'done');
  });
  await t.test("another question's status is ignored", () => {
    const q = newQuery(ID);
    assert.equal(applyStatus(q, { queryId: 'q-2', status: 'complete', answer: 'x', citations: [] }), false);
    assert.equal(q.status, SENDING);
  });
});

test('which questions a reconnect resumes', () => {
  const sending = newQuery('a');
  const queued = newQuery('b');
  accepted(queued);
  const answering = newQuery('c');
  applyAnswerFrame(answering, chunk(1, 'x', 1, 'c'));
  const done = newQuery('d');
  applyAnswerFrame(done, { action: 'answerComplete', data: { queryId: 'd', attempt: 1, seq: 1, answer: 'y', citations: [], sessionId: 's' } });
  const failedQ = newQuery('e');
  applyAnswerFrame(failedQ, { action: 'answerFailed', message: 'no', data: { queryId: 'e', attempt: 1, code: 'X' } });
  const stopped = newQuery('f');
  accepted(stopped);
  stopWatching(stopped);
  assert.deepEqual(unfinishedIds([sending, queued, answering, done, failedQ, stopped]), ['a', 'b', 'c']);
});

test('stop watching ignores later frames', () => {
  const q = newQuery(ID);
  applyAnswerFrame(q, chunk(1, 'a'));
  assert.ok(stopWatching(q));
  assert.equal(q.status, STOPPED);
  assert.deepEqual(feed(q, [chunk(2, 'b'), complete('whole')]), [false, false]);
  assert.equal(applyStatus(q, { queryId: ID, status: 'complete', answer: 'whole', citations: [] }), false);
  assert.equal(q.text, 'a');
  assert.equal(stopWatching(q), false);
});

test('accepted moves only a sending question', () => {
  const q = newQuery(ID);
  assert.ok(accepted(q));
  assert.equal(q.status, QUEUED);
  assert.equal(accepted(q), false);
});

test('follow-ups use the newest session', () => {
  const a = newQuery('a', { sessionId: 'sess-1' });
  const b = newQuery('b');
  const c = newQuery('c', { sessionId: 'sess-2' });
  const d = newQuery('d');
  assert.equal(lastSessionId([a, b, c, d]), 'sess-2');
  assert.equal(lastSessionId([b, d]), null);
});

test('pageText splits the text output at form feeds', async (t) => {
  const text = 'page one\fpage two\fpage three';
  const cases = [
    { name: 'first', n: 1, want: 'page one' },
    { name: 'middle', n: 2, want: 'page two' },
    { name: 'last', n: 3, want: 'page three' },
    { name: 'past the end', n: 4, want: null },
    { name: 'zero', n: 0, want: null },
    { name: 'not a number', n: null, want: null },
  ];
  for (const c of cases) {
    await t.test(c.name, () => {
      const got = pageText(text, c.n);
      assert.equal(got.text, c.want);
      assert.equal(got.count, 3);
    });
  }
});
