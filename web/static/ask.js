// The "Ask your documents" panel: the question box, the optional limit to
// picked documents, and this browser session's questions and answers
// (newest last, above the box). The records and their rules are in
// answers.js; this module turns them into the page and talks through the
// connection's request queue.

import {
  ANSWERING,
  COMPLETE,
  FAILED,
  QUEUED,
  SENDING,
  STOPPED,
  accepted,
  applyAnswerFrame,
  applyStatus,
  isUnfinished,
  lastSessionId,
  newQuery,
  stopWatching,
} from './answers.js';
import { isActive } from './documents.js';
import { cardAnchor } from './view.js';

/** The protocol's limits on invoke (docs/protocol.md). */
const MAX_QUERY = 4000;
const MAX_DOCUMENTS = 20;

/** How often a resumed question is asked after (its frames went to the old socket). */
const POLL_MS = 1500;

const STATE_TEXT = {
  [SENDING]: 'Sending your question…',
  [QUEUED]: 'Waiting for an answer…',
  [ANSWERING]: 'Answering…',
  [STOPPED]: 'You stopped watching this answer.',
};

// newQueryId makes a client query_id ([A-Za-z0-9_-]{1,64}): the idempotency
// key that lets a question sent twice (a reconnect) be answered once.
// getRandomValues works on plain http too, where randomUUID does not.
function newQueryId() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return 'q-' + [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** AskPanel owns the panel's elements. */
export class AskPanel {
  #el;
  #request;
  #documents;
  #onCite;
  #announce;
  #queries = []; // in asking order
  #items = new Map(); // query id -> li
  #resuming = new Set(); // ids whose frames went to a socket that is gone
  #pollTimer = 0;
  #polling = false;
  #pickerSig = null;
  #picked = new Set(); // document ids the next question is limited to

  /**
   * @param {object} o
   * @param {object} o.elements form, input, list, template, picker, pickerCount, send
   * @param {(action: string, fields: object) => Promise<object>} o.request sends a request, resolving with the whole answer frame
   * @param {() => Iterable<object>} o.documents the document records the page knows
   * @param {(citation: object) => void} o.onCite a citation link was followed
   * @param {(text: string) => void} o.announce speaks a short status
   */
  constructor({ elements, request, documents, onCite, announce }) {
    this.#el = elements;
    this.#request = request;
    this.#documents = documents;
    this.#onCite = onCite;
    this.#announce = announce;
    const { form, input } = elements;
    input.maxLength = MAX_QUERY;
    input.addEventListener('keydown', (e) => {
      // Enter sends, Shift+Enter breaks the line; not while an input method
      // is composing (Enter there picks a candidate).
      if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
        e.preventDefault();
        form.requestSubmit();
      }
    });
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      this.#submit();
    });
    elements.picker.addEventListener('change', (e) => {
      const box = e.target;
      if (box.type !== 'checkbox') return;
      if (box.checked) this.#picked.add(box.value);
      else this.#picked.delete(box.value);
      this.#renderPickCount();
    });
  }

  /** queries returns this session's questions in asking order. */
  get queries() {
    return this.#queries;
  }

  /** onFrame routes an answer frame to its question. */
  onFrame(frame) {
    const q = this.#queries.find((x) => x.id === frame.data.queryId);
    // Not one of this page's questions (another tab's): nothing to show.
    if (!q) return;
    const was = q.status;
    if (applyAnswerFrame(q, frame)) this.#changed(q, was);
  }

  /** onDrop notes that the socket went: unfinished questions will be resumed. */
  onDrop() {
    for (const q of this.#queries) if (isUnfinished(q)) this.#resuming.add(q.id);
  }

  /**
   * onOpen resumes after a reconnect: every unfinished question is asked
   * for with get_answer, and again every POLL_MS until it is finished,
   * because the worker goes on sending its frames to the old connection.
   */
  onOpen() {
    this.onDrop();
    this.#poll();
  }

  /** clear forgets every question (a change of token: another user). */
  clear() {
    clearTimeout(this.#pollTimer);
    this.#queries = [];
    this.#resuming.clear();
    this.#items.clear();
    this.#picked.clear();
    this.#pickerSig = null;
    this.#el.list.replaceChildren();
    this.refreshDocuments();
  }

  /** refreshDocuments rebuilds the document picker from the page's records. */
  refreshDocuments() {
    const { picker } = this.#el;
    const docs = [...this.#documents()].filter((d) => d.status !== 'failed' && !d.lost && !d.id.startsWith('local-'));
    // Progress frames re-render often; rebuild only when what the picker shows changed.
    const sig = docs.map((d) => `${d.id}\u0000${d.name}\u0000${d.status === 'complete'}`).join('\u0001');
    if (sig === this.#pickerSig) return;
    this.#pickerSig = sig;
    const known = new Set(docs.map((d) => d.id));
    for (const id of this.#picked) if (!known.has(id)) this.#picked.delete(id);
    const rows = docs.map((d) => {
      const li = document.createElement('li');
      const label = document.createElement('label');
      const box = document.createElement('input');
      box.type = 'checkbox';
      box.value = d.id;
      box.checked = this.#picked.has(d.id);
      const name = document.createElement('span');
      name.textContent = d.name || 'Untitled document';
      label.append(box, name);
      if (d.status !== 'complete') {
        const note = document.createElement('span');
        note.className = 'muted pick-note';
        note.textContent = ' (still processing)';
        label.append(note);
      }
      li.append(label);
      return li;
    });
    if (rows.length === 0) {
      const li = document.createElement('li');
      li.className = 'muted';
      li.textContent = 'No documents to pick yet.';
      rows.push(li);
    }
    // Keep focus on the box a keyboard user is on.
    const focused = document.activeElement?.closest?.('#' + picker.id) ? document.activeElement.value : null;
    picker.replaceChildren(...rows);
    if (focused) picker.querySelector(`input[value="${CSS.escape(focused)}"]`)?.focus();
    this.#renderPickCount();
  }

  #renderPickCount() {
    const n = this.#picked.size;
    this.#el.pickerCount.textContent = n === 0 ? 'all documents' : `${n} picked`;
    const over = n > MAX_DOCUMENTS;
    this.#el.pickerNote.hidden = !over;
    this.#el.pickerNote.textContent = over ? `Pick at most ${MAX_DOCUMENTS} documents; ${n} are picked.` : '';
  }

  #submit() {
    const { input } = this.#el;
    const question = input.value.trim();
    if (question === '') {
      input.focus();
      return;
    }
    if (this.#picked.size > MAX_DOCUMENTS) {
      this.#el.pickerNote.hidden = false;
      return;
    }
    const docs = [...this.#documents()];
    const documentIds = docs.filter((d) => this.#picked.has(d.id)).map((d) => d.id);
    const scope = documentIds.length > 0 ? docs.filter((d) => this.#picked.has(d.id)) : docs;
    // Documents still processing are not in the knowledge base yet (100%
    // means ready for questions): say which, so a thin answer is explained.
    const notReady = scope.filter((d) => isActive(d) || d.status === 'uploading').map((d) => d.name || 'Untitled document');
    const q = newQuery(newQueryId(), {
      question,
      documentIds,
      documentNames: documentIds.map((id) => docs.find((d) => d.id === id)?.name || 'Untitled document'),
      askedSessionId: lastSessionId(this.#queries),
      notReady,
    });
    this.#queries.push(q);
    input.value = '';
    this.#render(q);
    this.#items.get(q.id).scrollIntoView({ block: 'nearest' });

    const fields = { query: question, query_id: q.id };
    if (documentIds.length > 0) fields.document_ids = documentIds;
    if (q.askedSessionId) fields.session_id = q.askedSessionId;
    this.#request('invoke', fields)
      .then(() => {
        if (accepted(q)) this.#render(q);
      })
      .catch((err) => {
        if (!isUnfinished(q)) return;
        const was = q.status;
        q.status = FAILED;
        q.message = err.message || 'The question could not be sent.';
        this.#changed(q, was);
      });
  }

  // #poll asks for every resumed, unfinished question once, then again
  // after POLL_MS while any is left. One round at a time: a reconnect
  // during a round lets that round go on (its request is sent again on the
  // new socket).
  async #poll() {
    if (this.#polling) return;
    this.#polling = true;
    clearTimeout(this.#pollTimer);
    try {
      for (const id of [...this.#resuming]) {
        const q = this.#queries.find((x) => x.id === id);
        if (q && isUnfinished(q)) await this.#resume(q);
        if (!q || !isUnfinished(q)) this.#resuming.delete(id);
      }
    } finally {
      this.#polling = false;
    }
    if (this.#resuming.size > 0) this.#pollTimer = setTimeout(() => this.#poll(), POLL_MS);
  }

  async #resume(q) {
    let frame;
    try {
      frame = await this.#request('get_answer', { query_id: q.id });
    } catch (err) {
      if (err.code !== 'NotFound' || !isUnfinished(q)) return;
      const was = q.status;
      q.status = FAILED;
      q.message = 'The server has no record of this question; please ask it again.';
      this.#changed(q, was);
      return;
    }
    const was = q.status;
    if (applyStatus(q, frame.data, frame.message)) this.#changed(q, was);
  }

  #changed(q, was) {
    this.#render(q);
    if (q.status === was) return;
    if (q.status === COMPLETE) {
      const n = q.citations.length;
      this.#announce(n > 0 ? `Answer ready, with ${n} source${n === 1 ? '' : 's'}.` : 'Answer ready.');
    } else if (q.status === FAILED) {
      this.#announce(`The question failed: ${q.message}`);
    }
  }

  // #render creates or updates q's entry in place (the text node is only
  // rewritten when the text changed, so a new attempt replaces the old
  // text in one paint and selection survives other updates).
  #render(q) {
    let li = this.#items.get(q.id);
    if (!li) {
      li = this.#el.template.content.firstElementChild.cloneNode(true);
      li.dataset.queryId = q.id;
      li.querySelector('.qa-question-text').textContent = q.question;
      const scope = li.querySelector('.qa-scope');
      scope.hidden = q.documentIds.length === 0;
      scope.textContent = `Only in: ${q.documentNames.join(', ')}`;
      const notice = li.querySelector('.qa-notice');
      notice.hidden = q.notReady.length === 0;
      notice.textContent =
        q.notReady.length === 0
          ? ''
          : `Not ready yet, so not searched: ${q.notReady.join(', ')}. Ask again when ${q.notReady.length === 1 ? 'it reaches' : 'they reach'} 100%.`;
      li.querySelector('.qa-stop').addEventListener('click', () => {
        if (stopWatching(q)) {
          this.#resuming.delete(q.id);
          this.#render(q);
          this.#el.input.focus();
        }
      });
      this.#items.set(q.id, li);
      this.#el.list.append(li);
    }
    li.dataset.status = q.status;
    li.dataset.attempt = String(q.attempt);
    const answer = li.querySelector('.qa-answer');
    const unfinished = isUnfinished(q);
    answer.setAttribute('aria-busy', String(unfinished));

    const state = li.querySelector('.qa-state');
    let stateText = STATE_TEXT[q.status] ?? '';
    if (q.status === FAILED) stateText = q.message;
    state.hidden = stateText === '';
    li.querySelector('.qa-state-text').textContent = stateText;

    // A failed answer shows its reason, not a half-written answer.
    const shown = q.status === FAILED ? '' : q.text;
    const text = li.querySelector('.qa-text');
    if (text.textContent !== shown) text.textContent = shown;
    text.hidden = shown === '';
    li.classList.toggle('qa-not-found', q.status === COMPLETE && q.citations.length === 0);

    li.querySelector('.qa-stop').hidden = !unfinished;
    this.#renderCitations(li, q);
  }

  #renderCitations(li, q) {
    const box = li.querySelector('.qa-citations');
    const show = q.status === COMPLETE && q.citations.length > 0;
    box.hidden = !show;
    if (!show || box.dataset.rendered === q.id + ':' + q.attempt) return;
    box.dataset.rendered = q.id + ':' + q.attempt;
    const ol = box.querySelector('ol');
    ol.replaceChildren(
      ...q.citations.map((c, i) => {
        const item = document.createElement('li');
        item.className = 'citation';
        const a = document.createElement('a');
        a.className = 'citation-link';
        a.href = `#${cardAnchor(c.documentId)}`;
        a.dataset.documentId = c.documentId;
        if (c.page !== null) a.dataset.page = String(c.page);
        const name = c.documentName || 'Untitled document';
        a.textContent = c.page !== null ? `${name}, page ${c.page}` : name;
        if (c.excerpt) a.title = c.excerpt; // the excerpt on hover
        a.addEventListener('click', (e) => {
          e.preventDefault();
          this.#onCite(c);
        });
        item.append(a);
        if (c.excerpt) {
          // ...and on expand, for touch and keyboard.
          const details = document.createElement('details');
          details.className = 'citation-excerpt';
          const summary = document.createElement('summary');
          summary.textContent = 'Excerpt';
          summary.setAttribute('aria-label', `Excerpt of source ${i + 1}`);
          const quote = document.createElement('blockquote');
          quote.textContent = c.excerpt;
          details.append(summary, quote);
          item.append(details);
        }
        return item;
      }),
    );
  }
}
