// The page's model of questions: one record per question, fed by the
// answer frames (answerChunk, answerComplete, answerFailed) and by
// answerStatus after a resume. Pure functions on plain records, no DOM, so
// Node's test runner checks them (web/test/answers.test.mjs).
//
// The rules come from the protocol (docs/protocol.md, "Questions over one's
// documents"): seq grows by one per frame of an attempt, so chunks are
// joined in seq order (a later one waits for the gap, a repeated one is
// dropped); a higher attempt is SQS delivering the question again, so what
// was shown of the older attempt goes; answerComplete carries the whole
// answer, so a page that missed chunks still ends right.

/** Statuses a question passes through. The first three are unfinished. */
export const SENDING = 'sending'; // invoke sent, no queryAccepted yet
export const QUEUED = 'queued'; // accepted, no answer frame yet
export const ANSWERING = 'answering'; // chunks arriving
export const COMPLETE = 'complete';
export const FAILED = 'failed';
export const STOPPED = 'stopped'; // the person stopped watching it

const UNFINISHED = new Set([SENDING, QUEUED, ANSWERING]);

/** The sentence shown when a question failed and the server said no more. */
export const FAILED_SENTENCE = 'The answer could not be made; please ask again.';

/**
 * newQuery returns the record of a question the page is about to send.
 * id is the client-chosen query_id, so frames can be routed to it even
 * before queryAccepted arrives.
 */
export function newQuery(id, fields = {}) {
  return {
    id,
    question: '',
    documentIds: [], // the limit the question was asked with (empty: all)
    askedSessionId: null, // session_id the question was sent with
    status: SENDING,
    attempt: 0,
    nextSeq: 1, // the seq of the chunk to append next
    pending: new Map(), // seq -> text of chunks that came before their turn
    text: '',
    citations: [],
    sessionId: null, // from answerComplete: what a follow-up passes
    message: '', // why it failed, for a person
    code: null,
    dropped: 0, // duplicate, stale or foreign frames ignored
    ...fields,
  };
}

/** isUnfinished reports whether q still expects answer frames. */
export function isUnfinished(q) {
  return UNFINISHED.has(q.status);
}

/** unfinishedIds lists the ids of the questions that still expect an answer: after a reconnect, each gets a get_answer. */
export function unfinishedIds(queries) {
  const out = [];
  for (const q of queries) if (isUnfinished(q)) out.push(q.id);
  return out;
}

/** accepted records queryAccepted. */
export function accepted(q) {
  if (q.status !== SENDING) return false;
  q.status = QUEUED;
  return true;
}

/** stopWatching marks q as no longer followed: later frames are ignored and a reconnect does not resume it. */
export function stopWatching(q) {
  if (!isUnfinished(q)) return false;
  q.status = STOPPED;
  q.pending.clear();
  return true;
}

/**
 * applyAnswerFrame applies an answerChunk, answerComplete or answerFailed
 * frame to q; false when it changed nothing (a duplicate, an older attempt,
 * another question's frame, or q already finished).
 */
export function applyAnswerFrame(q, frame) {
  const d = frame?.data;
  if (!d || d.queryId !== q.id) {
    q.dropped++;
    return false;
  }
  let changed = false;
  switch (frame.action) {
    case 'answerChunk':
      changed = applyChunk(q, d);
      break;
    case 'answerComplete':
      changed = applyComplete(q, d);
      break;
    case 'answerFailed':
      changed = applyFailed(q, d, frame.message);
      break;
  }
  if (!changed) q.dropped++;
  return changed;
}

// enterAttempt moves q to attempt; false when attempt is older than q's.
// A newer attempt starts over: the older one's text and buffered chunks go.
function enterAttempt(q, attempt) {
  if (!Number.isInteger(attempt) || attempt < 1 || attempt < q.attempt) return false;
  if (attempt > q.attempt) {
    q.attempt = attempt;
    q.text = '';
    q.nextSeq = 1;
    q.pending.clear();
  }
  return true;
}

function applyChunk(q, d) {
  if (!isUnfinished(q)) return false;
  if (!Number.isInteger(d.seq) || typeof d.text !== 'string') return false;
  if (d.attempt === q.attempt && (d.seq < q.nextSeq || q.pending.has(d.seq))) return false;
  if (!enterAttempt(q, d.attempt)) return false;
  q.pending.set(d.seq, d.text);
  while (q.pending.has(q.nextSeq)) {
    q.text += q.pending.get(q.nextSeq);
    q.pending.delete(q.nextSeq);
    q.nextSeq++;
  }
  q.status = ANSWERING;
  return true;
}

function applyComplete(q, d) {
  if (q.status === STOPPED || typeof d.answer !== 'string') return false;
  // A finished question takes only the completion of a newer attempt.
  if (!isUnfinished(q) && !(Number.isInteger(d.attempt) && d.attempt > q.attempt)) return false;
  if (!enterAttempt(q, d.attempt)) return false;
  q.pending.clear();
  q.text = d.answer;
  q.citations = cleanCitations(d.citations);
  if (typeof d.sessionId === 'string' && d.sessionId !== '') q.sessionId = d.sessionId;
  q.status = COMPLETE;
  q.message = '';
  return true;
}

function applyFailed(q, d, message) {
  if (!isUnfinished(q)) return false;
  if (Number.isInteger(d.attempt) && d.attempt < q.attempt) return false;
  if (Number.isInteger(d.attempt)) q.attempt = d.attempt;
  q.pending.clear();
  q.status = FAILED;
  q.code = typeof d.code === 'string' ? d.code : null;
  q.message = typeof message === 'string' && message.trim() !== '' ? message : FAILED_SENTENCE;
  return true;
}

/**
 * applyStatus applies an answerStatus answer (get_answer after a resume):
 * a complete one fills in the whole answer and its citations, a failed one
 * its reason; queued or answering only says the question is still under
 * way (no chunks are carried, so the text shown so far stays). message is
 * the frame's message (a failed question's reason).
 */
export function applyStatus(q, d, message) {
  if (!d || d.queryId !== q.id || !isUnfinished(q)) return false;
  switch (d.status) {
    case COMPLETE:
      if (typeof d.answer !== 'string') return false;
      q.pending.clear();
      q.text = d.answer;
      q.citations = cleanCitations(d.citations);
      q.status = COMPLETE;
      return true;
    case FAILED:
      return applyFailed(q, {}, message);
    case QUEUED:
    case ANSWERING:
      if (q.status === SENDING || (q.status === QUEUED && d.status === ANSWERING)) {
        q.status = d.status;
        return true;
      }
      return false;
    default:
      return false;
  }
}

/**
 * lastSessionId returns the conversation a follow-up belongs to: the
 * sessionId of the newest question that has one (queries in asking order).
 */
export function lastSessionId(queries) {
  let id = null;
  for (const q of queries) if (q.sessionId) id = q.sessionId;
  return id;
}

// cleanCitations keeps the citations the page can show and link: each has
// a document id; page is a positive whole number or null.
function cleanCitations(list) {
  if (!Array.isArray(list)) return [];
  return list
    .filter((c) => c && typeof c.documentId === 'string' && c.documentId !== '')
    .map((c) => ({
      documentId: c.documentId,
      documentName: typeof c.documentName === 'string' ? c.documentName : '',
      page: Number.isInteger(c.page) && c.page > 0 ? c.page : null,
      excerpt: typeof c.excerpt === 'string' ? c.excerpt : '',
    }));
}

/**
 * pageText returns page n (from 1) of a document's text output, whose pages
 * are separated by form feeds (shared/processor's PageSeparator), and the
 * number of pages; null text when there is no such page.
 */
export function pageText(text, n) {
  const pages = String(text).split('\f');
  const count = pages.length;
  if (!Number.isInteger(n) || n < 1 || n > count) return { text: null, count };
  return { text: pages[n - 1], count };
}
