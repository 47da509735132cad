// The view renders document records into cards. Each card is built once
// from the <template> and updated in place, so focus, selection and the
// progress bar's transition survive updates.

import { formatBytes, formatDate, formatElapsed, formatNumber, formatType, isoDuration } from './format.js';
import { isTerminal } from './documents.js';

// Labels of the steps a card shows: the page's own upload, then the server's
// stages as stages.json (the stage table, shared/progress) lists them.
const STAGE_LABELS = {
  upload: 'Upload',
  start: 'Start',
  trigger: 'Trigger',
  process: 'Process',
  index: 'Index',
  complete: 'Done',
};

// stages are the server's stages (the failure row aside), set by
// setStages; steps are the card's steps built from them.
let stages = [];
let steps = [{ key: 'upload', label: STAGE_LABELS.upload }];

/**
 * setStages takes the stage table from stages.json: the page reads what
 * progress each stage starts at from it rather than keeping its own copy.
 * A stage without a label of the page's shows its name.
 */
export function setStages(table) {
  stages = table.stages.filter((s) => s.status !== 'failed');
  steps = [
    { key: 'upload', label: STAGE_LABELS.upload },
    ...stages.map((s) => ({ key: s.stage, label: STAGE_LABELS[s.stage] ?? s.stage[0].toUpperCase() + s.stage.slice(1) })),
  ];
}

const STATUS_LABELS = {
  uploading: 'Uploading',
  queued: 'Queued',
  starting: 'Starting',
  triggering: 'Starting',
  processing: 'Processing',
  complete: 'Complete',
  failed: 'Failed',
};

/** statusLabel is the short word a card's pill shows for doc. */
export function statusLabel(doc) {
  if (doc.lost) return 'Unknown';
  return STATUS_LABELS[doc.status] ?? doc.status;
}

// currentStage returns the index in steps of the step doc is at: its
// stage (or the stage of its status); for a failed document, the step that failed, the
// last stage that starts at or below its progress (a failed frame keeps the
// progress the document had reached).
function currentStage(doc) {
  if (doc.status === 'uploading' || (doc.status === 'failed' && doc.failedInUpload)) return 0;
  if (doc.status === 'complete') return steps.length;
  const row =
    doc.status === 'failed'
      ? stages.findLast((s) => s.progress <= doc.progress)
      : (stages.find((s) => s.stage === doc.stage) ?? stages.find((s) => s.status === doc.status));
  const i = row ? steps.findIndex((s) => s.key === row.stage) : -1;
  return i > 0 ? i : 1; // queued, or unknown: the first server stage
}

/** cardAnchor is the element id of a document's card: citation links point at it. */
export function cardAnchor(documentId) {
  return `doc-${documentId.replace(/[^A-Za-z0-9_-]/g, '_')}`;
}

/** View owns the document list element. */
export class View {
  #list;
  #template;
  #cards = new Map(); // id -> li
  #outputsBaseUrl;
  #opens = false; // output links open through get_output_url

  /**
   * openOutput(documentId, output, href), when given, opens an output link
   * (the bucket is private: it asks get_output_url for a short-lived URL);
   * href is the outputsBaseUrl link, for a stack without that action.
   */
  constructor({ list, template, outputsBaseUrl, openOutput }) {
    this.#list = list;
    this.#template = template;
    this.#outputsBaseUrl = (outputsBaseUrl || '').replace(/\/+$/, '');
    this.#opens = Boolean(openOutput);
    if (openOutput) {
      list.addEventListener('click', (e) => {
        const a = e.target.closest?.('a.output-link[data-output]');
        if (!a) return;
        const href = a.getAttribute('href');
        // A modified click on a real link keeps the browser's meaning.
        if (href !== '#' && (e.button !== 0 || e.ctrlKey || e.metaKey || e.shiftKey)) return;
        e.preventDefault();
        openOutput(a.closest('.doc').dataset.id, a.dataset.output, href === '#' ? null : a.href);
      });
    }
  }

  /** rekey moves the card of oldId to newId (a local upload got its server id). */
  rekey(oldId, newId) {
    const li = this.#cards.get(oldId);
    if (!li) return;
    this.#cards.delete(oldId);
    this.#cards.set(newId, li);
    li.dataset.id = newId;
    this.#wireIds(li, newId);
  }

  /** card returns the card element (the list item) of id, or null. */
  card(id) {
    return this.#cards.get(id) ?? null;
  }

  /** remove drops a card. */
  remove(id) {
    this.#cards.get(id)?.remove();
    this.#cards.delete(id);
  }

  /** render creates or updates the card of doc. */
  render(doc) {
    let li = this.#cards.get(doc.id);
    if (!li) {
      li = this.#create(doc);
    }
    const card = li.firstElementChild;
    li.dataset.status = doc.lost ? 'lost' : doc.status;
    li.dataset.seq = String(doc.seq);
    li.dataset.dropped = String(doc.dropped);

    card.querySelector('.doc-name').textContent = doc.name || 'Untitled document';
    card.querySelector('.status-pill').textContent = statusLabel(doc);

    const bar = card.querySelector('progress');
    const pct = Math.round(doc.progress);
    bar.value = pct;
    bar.setAttribute('aria-valuetext', `${pct}%, ${statusLabel(doc).toLowerCase()}`);
    card.querySelector('.doc-percent').textContent = `${pct}%`;

    card.querySelector('.doc-message').textContent = this.#message(doc);
    this.#renderStages(card.querySelector('.stages'), doc);
    this.tick(doc);
    this.#renderSummary(card, doc);
    this.#renderError(card, doc);
  }

  /** tick refreshes the elapsed time of doc's card. */
  tick(doc) {
    const li = this.#cards.get(doc.id);
    if (!li) return;
    const time = li.querySelector('.elapsed time');
    li.querySelector('.elapsed').hidden = (doc.localStart ?? doc.createdAt) === null;
    const start = doc.localStart ?? doc.createdAt;
    if (start === null) {
      time.textContent = '';
      return;
    }
    // Measure with one clock: this page's for its own uploads, the
    // server's for documents it only heard about.
    const done = isTerminal(doc) || doc.lost;
    let end = Date.now();
    if (done) end = doc.localStart !== null ? (doc.finishedAt ?? end) : (doc.updatedAt ?? end);
    const ms = Math.max(0, end - start);
    time.dateTime = isoDuration(ms);
    time.textContent = formatElapsed(ms);
    // Documents from earlier sessions say when they ran; this session's
    // uploads are obviously now.
    const started = li.querySelector('.started');
    const when = doc.localStart === null && doc.createdAt !== null ? formatDate(doc.createdAt) : '';
    started.textContent = when;
    started.hidden = when === '';
  }

  #create(doc) {
    const li = this.#template.content.firstElementChild.cloneNode(true);
    li.dataset.id = doc.id;
    li.dataset.sort = String(doc.localStart ?? doc.createdAt ?? 0);
    this.#wireIds(li, doc.id);
    this.#cards.set(doc.id, li);
    // Newest first: insert before the first card that is older.
    const key = Number(li.dataset.sort);
    const before = [...this.#list.children].find((c) => Number(c.dataset.sort) < key);
    this.#list.insertBefore(li, before ?? null);
    return li;
  }

  // #wireIds gives a card's parts ids derived from the document id, so the
  // progress bar is labelled by the document's name and described by its
  // status text.
  #wireIds(li, id) {
    const safe = id.replace(/[^A-Za-z0-9_-]/g, '_');
    li.id = cardAnchor(id);
    const name = li.querySelector('.doc-name');
    const msg = li.querySelector('.doc-message');
    const bar = li.querySelector('progress');
    name.id = `doc-name-${safe}`;
    msg.id = `doc-msg-${safe}`;
    bar.id = `doc-progress-${safe}`;
    bar.setAttribute('aria-labelledby', name.id);
    bar.setAttribute('aria-describedby', msg.id);
    li.firstElementChild.setAttribute('aria-labelledby', name.id);
  }

  #message(doc) {
    if (doc.lost) return doc.message || 'The server no longer knows this document.';
    if (doc.status === 'uploading') {
      const size = formatBytes(doc.size);
      if (doc.uploadFraction === null) return doc.message || 'Preparing upload…';
      return `Uploading ${Math.round(doc.uploadFraction * 100)}%${size ? ` of ${size}` : ''}…`;
    }
    if (doc.status === 'failed') {
      const at = steps[currentStage(doc)];
      return at ? `Stopped at the ${at.label.toLowerCase()} stage.` : 'Stopped.';
    }
    if (doc.status === 'queued' && !doc.message) return 'Queued for processing…';
    return doc.message;
  }

  #renderStages(ol, doc) {
    if (ol.children.length === 0) {
      for (const s of steps) {
        const li = document.createElement('li');
        li.className = 'stage';
        li.dataset.stage = s.key;
        const label = document.createElement('span');
        label.textContent = s.label;
        const state = document.createElement('span');
        state.className = 'visually-hidden';
        li.append(label, state);
        ol.append(li);
      }
    }
    const at = currentStage(doc);
    const failed = doc.status === 'failed';
    [...ol.children].forEach((li, i) => {
      let state = 'pending';
      if (i < at) state = 'done';
      else if (i === at) state = failed ? 'failed' : 'current';
      li.dataset.state = state;
      li.lastElementChild.textContent = `: ${state === 'current' ? 'in progress' : state}`;
      if (state === 'current') li.setAttribute('aria-current', 'step');
      else li.removeAttribute('aria-current');
    });
  }

  #renderSummary(card, doc) {
    const dl = card.querySelector('.summary');
    const outputs = card.querySelector('.outputs');
    const s = doc.status === 'complete' ? doc.summary : null;
    dl.hidden = !s;
    outputs.hidden = !s;
    if (!s) return;
    const rows = [
      ['Type', formatType(s.type)],
      ['Pages', formatNumber(s.pages)],
      ['Words', formatNumber(s.words)],
      ['Chunks', formatNumber(s.chunks)],
    ];
    dl.replaceChildren(
      ...rows.map(([k, v]) => {
        const div = document.createElement('div');
        const dt = document.createElement('dt');
        const dd = document.createElement('dd');
        dt.textContent = k;
        dd.textContent = v;
        div.append(dt, dd);
        return div;
      }),
    );
    const files = [
      ['Text', s.textKey, 'text'],
      ['Chunks', s.chunksKey, 'chunks'],
      ['Manifest', s.manifestKey, 'manifest'],
    ].filter(([, key]) => typeof key === 'string' && key !== '');
    const label = document.createElement('span');
    label.className = 'outputs-label';
    label.textContent = 'Outputs';
    const parts = files.map(([name, key, output]) => {
      if (!this.#outputsBaseUrl && !this.#opens) {
        const code = document.createElement('code');
        code.textContent = key;
        code.title = name;
        return code;
      }
      const a = document.createElement('a');
      // Without outputsBaseUrl only get_output_url can open it (no
      // middle-click then: the URL is made on demand).
      a.href = this.#outputsBaseUrl ? `${this.#outputsBaseUrl}/${key.split('/').map(encodeURIComponent).join('/')}` : '#';
      a.textContent = name;
      a.target = '_blank';
      a.rel = 'noopener noreferrer';
      a.className = 'output-link';
      a.dataset.output = output;
      a.setAttribute('aria-label', `${name} of ${doc.name}`);
      return a;
    });
    outputs.replaceChildren(label, ...parts);
  }

  #renderError(card, doc) {
    const p = card.querySelector('.doc-error');
    const failed = doc.status === 'failed' || doc.lost;
    p.hidden = !failed;
    if (!failed) return;
    const text = doc.error?.message || doc.message || 'Processing failed for an unknown reason.';
    const reason = doc.error?.reason;
    const strong = document.createElement('strong');
    strong.textContent = text;
    p.replaceChildren(strong);
    if (reason) {
      const code = document.createElement('code');
      code.className = 'reason';
      code.textContent = reason;
      p.append(' ', code);
    }
  }
}
