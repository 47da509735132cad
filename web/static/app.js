// docflow's browser client: loads config.json, connects, uploads dropped or
// chosen files through presigned URLs, starts processing and shows live
// progress per document, and asks questions over them (ask.js). See
// README.md for the configuration.

import { Connection } from './connection.js';
import { applyFrame, applyState, isActive, isTerminal, newDocument } from './documents.js';
import { View, setStages, statusLabel } from './view.js';
import { AskPanel } from './ask.js';
import { forget as forgetTexts, showPage } from './textview.js';

const TOKEN_KEY = 'docflow.token';
const LIST_LIMIT = 20;

const $ = (id) => document.getElementById(id);

const docs = new Map(); // id -> record
let conn = null;
let view = null;
let ask = null;
let outputsBaseUrl = '';
let localIds = 0;
let listCursor = null;
let opens = 0; // connection generation: which open a subscription was made on
const subscribedOn = new Map(); // id -> generation

// ---- announcements -------------------------------------------------------

// announce speaks a status change through the live region. Only changes a
// person cares about are announced (not every percent).
function announce(text) {
  const live = $('live');
  const p = document.createElement('p');
  p.textContent = text;
  live.append(p);
  // Keep the region short; old entries have been read by then.
  while (live.childElementCount > 5) live.firstElementChild.remove();
}

function showBanner(text) {
  const b = $('banner');
  b.textContent = text;
  b.hidden = !text;
}

// ---- connection state ----------------------------------------------------

let retryAt = 0;
let countdown = 0;

function renderConn(state) {
  const el = $('conn');
  const text = $('conn-text');
  el.dataset.state = state;
  clearInterval(countdown);
  $('reconnect-now').hidden = state !== 'waiting';
  switch (state) {
    case 'connecting':
      text.textContent = opens > 0 ? 'Reconnecting…' : 'Connecting…';
      break;
    case 'open':
      text.textContent = 'Connected';
      break;
    case 'waiting': {
      const tick = () => {
        const s = Math.max(0, Math.ceil((retryAt - Date.now()) / 1000));
        text.textContent = `Offline · retrying in ${s}s`;
      };
      tick();
      countdown = setInterval(tick, 1000);
      break;
    }
    case 'stopped':
      text.textContent = 'Not connected';
      break;
    default:
      text.textContent = state;
  }
}

let wasOpen = false;

function onConnState(ev) {
  const { state, retryAt: at } = ev.detail;
  if (at) retryAt = at;
  renderConn(state);
  if (state === 'open' && !wasOpen && opens > 1) announce('Connection restored.');
  if (state === 'waiting' && wasOpen) announce('Connection lost. Reconnecting…');
  if (state === 'waiting') ask?.onDrop();
  if (state === 'open') wasOpen = true;
  if (state === 'waiting') wasOpen = false;
}

// ---- documents ------------------------------------------------------------

function render(doc) {
  view.render(doc);
  $('empty').hidden = docs.size > 0;
  ask?.refreshDocuments();
}

// noteStatus announces doc's status when it changed.
function noteStatus(doc, before) {
  if (statusLabel(doc) === before.label) return;
  const name = doc.name || 'Document';
  if (doc.status === 'complete') {
    const pages = doc.summary?.pages;
    announce(`${name}: complete${typeof pages === 'number' ? `, ${pages} page${pages === 1 ? '' : 's'}` : ''}.`);
  } else if (doc.status === 'failed') {
    announce(`${name}: failed. ${doc.error?.message || doc.message || ''}`.trim());
  } else {
    announce(`${name}: ${statusLabel(doc).toLowerCase()}.`);
  }
}

// update runs fn on doc and re-renders it, announcing status changes.
function update(doc, fn) {
  const before = { label: statusLabel(doc) };
  const changed = fn(doc);
  if (changed === false) {
    // Still render: the card shows how many frames were dropped (data-dropped).
    view.render(doc);
    return;
  }
  if ((isTerminal(doc) || doc.lost) && doc.finishedAt == null) doc.finishedAt = Date.now();
  render(doc);
  noteStatus(doc, before);
}

function onProgress(ev) {
  const frame = ev.detail;
  const id = frame.data.documentId;
  let doc = docs.get(id);
  if (!doc) {
    // A frame for a document this page has not seen (another tab's upload):
    // show it too, it is the caller's own.
    doc = newDocument(id, { name: frame.data.documentName || '' });
    docs.set(id, doc);
  }
  update(doc, (d) => applyFrame(d, frame));
}

function subscribe(doc) {
  if (subscribedOn.get(doc.id) === opens) return;
  subscribedOn.set(doc.id, opens);
  conn
    .request('subscribe', { document_id: doc.id })
    .then((state) => update(doc, (d) => applyState(d, state)))
    .catch((err) => {
      if (err.code === 'NotFound') {
        update(doc, (d) => {
          d.lost = true;
          d.message = err.message;
        });
      } else {
        subscribedOn.delete(doc.id);
        console.warn('docflow: subscribe failed:', err.message);
      }
    });
}

function mergeList(answer) {
  for (const s of answer.documents ?? []) {
    if (!s || typeof s.documentId !== 'string') continue;
    let doc = docs.get(s.documentId);
    if (!doc) {
      doc = newDocument(s.documentId, { name: s.documentName || '' });
      docs.set(doc.id, doc);
    }
    update(doc, (d) => applyState(d, s));
    if (isActive(doc)) subscribe(doc);
  }
  listCursor = answer.cursor ?? null;
  $('load-more').hidden = !listCursor;
}

function loadList(cursor) {
  const fields = { limit: LIST_LIMIT };
  if (cursor) fields.cursor = cursor;
  return conn
    .request('list_documents', fields)
    .then(mergeList)
    .catch((err) => console.warn('docflow: list_documents failed:', err.message));
}

function onOpen(ev) {
  opens = ev.detail.count;
  // Resubscribe to everything still running: frames sent while we were away
  // are lost, and documentStatus brings us up to date.
  for (const doc of docs.values()) {
    if (isActive(doc) && doc.status !== 'uploading') subscribe(doc);
  }
  loadList(null);
  // Answers to questions asked before the drop went to the old socket.
  if (opens > 1) ask?.onOpen();
}

// ---- citations ------------------------------------------------------------

// outputUrl returns a URL to read one output of a document from: a
// short-lived one from get_output_url (the bucket is private), or, from a
// stack without that action, fallback (the outputsBaseUrl link).
function outputUrl(id, output, fallback) {
  if (!conn) return Promise.reject(new Error('the page is not connected'));
  return conn.request('get_output_url', { document_id: id, output }).then(
    (d) => d.url,
    (err) => {
      if (err.code === 'UnknownAction' && fallback) return fallback;
      throw err;
    },
  );
}

// textUrl is outputUrl for doc's text, falling back to the configured
// outputsBaseUrl link.
function textUrl(doc) {
  const key = doc.summary?.textKey;
  const fallback = outputsBaseUrl && key ? `${outputsBaseUrl}/${key.split('/').map(encodeURIComponent).join('/')}` : null;
  return outputUrl(doc.id, 'text', fallback);
}

// openOutput opens a card's output link in a new tab. The URL is made on
// the click (it expires in minutes); the tab opens within the click's
// user activation, so popup blockers let it through.
function openOutput(id, output, fallback) {
  outputUrl(id, output, fallback).then(
    (url) => {
      showBanner('');
      window.open(url, '_blank', 'noopener,noreferrer');
    },
    (err) => showBanner(`The ${output} output cannot be opened: ${err.message}`),
  );
}

// cite follows a citation: scrolls to the document's card and opens its
// text at the cited page.
function cite(c) {
  const doc = docs.get(c.documentId);
  const li = doc && view.card(doc.id);
  if (!li) {
    showBanner(`${c.documentName || 'That document'} is not in the list on this page yet; "Show older documents" may bring it.`);
    return;
  }
  showBanner('');
  const smooth = !window.matchMedia('(prefers-reduced-motion: reduce)').matches;
  const behavior = smooth ? 'smooth' : 'auto';
  // The page's text makes the card taller once it arrives: align the card
  // again then, unless the reader has moved on.
  showPage(li.firstElementChild, { doc, page: c.page, excerpt: c.excerpt, textUrl: () => textUrl(doc) }).then(() => {
    if (document.activeElement === li) li.scrollIntoView({ block: 'start', behavior });
  });
  li.scrollIntoView({ block: 'start', behavior });
  li.tabIndex = -1;
  li.focus({ preventScroll: true });
  li.classList.remove('cited');
  void li.offsetWidth; // restart the highlight
  li.classList.add('cited');
}

// ---- uploads --------------------------------------------------------------

// put sends file to a presigned URL with exactly the signed headers. XHR (not
// fetch) because it reports upload progress.
function put(answer, file, onProgress) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(answer.method || 'PUT', answer.url);
    for (const [k, v] of Object.entries(answer.headers ?? {})) xhr.setRequestHeader(k, v);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) onProgress(e.loaded / e.total);
    };
    xhr.onload = () =>
      xhr.status >= 200 && xhr.status < 300
        ? resolve()
        : reject(new Error(`The storage service refused the upload (HTTP ${xhr.status}).`));
    xhr.onerror = () => reject(new Error('The upload failed: the storage service could not be reached.'));
    // An untyped blob, so the browser adds no Content-Type the URL was not
    // signed with; the signed one (if any) is in answer.headers.
    xhr.send(file.slice(0, file.size, ''));
  });
}

async function uploadFile(file) {
  const doc = newDocument(`local-${++localIds}`, {
    name: file.name,
    size: file.size,
    status: 'uploading',
    stage: 'upload',
    message: 'Requesting an upload URL…',
    localStart: Date.now(),
  });
  docs.set(doc.id, doc);
  render(doc);
  announce(`${file.name}: uploading.`);

  const fail = (message) =>
    update(doc, (d) => {
      d.status = 'failed';
      d.failedInUpload = d.stage === 'upload';
      d.error = { message };
    });

  let target;
  try {
    target = await conn.request('get_upload_url', {
      document_name: file.name,
      content_type: file.type || 'application/octet-stream',
      size: file.size,
    });
  } catch (err) {
    fail(err.message);
    return;
  }
  if (target.documentId && !docs.has(target.documentId)) {
    // From here on frames and answers name the server's id.
    docs.delete(doc.id);
    view.rekey(doc.id, target.documentId);
    doc.id = target.documentId;
    docs.set(doc.id, doc);
  }
  update(doc, (d) => {
    d.uploadFraction = 0;
  });

  try {
    await put(target, file, (f) => {
      doc.uploadFraction = f;
      view.render(doc);
    });
  } catch (err) {
    fail(err.message);
    return;
  }

  update(doc, (d) => {
    d.status = 'queued';
    d.stage = 'queued';
    d.uploadFraction = null;
    d.message = 'Starting processing…';
  });
  try {
    const started = await conn.request('process_document', {
      document_key: target.document_key,
      bucket: target.bucket,
      document_name: file.name,
    });
    if (started.documentId && started.documentId !== doc.id) {
      // The key names the document id, so this should not happen; follow
      // the server if it does.
      docs.delete(doc.id);
      view.rekey(doc.id, started.documentId);
      doc.id = started.documentId;
      docs.set(doc.id, doc);
    }
    // The connection that started the document receives its frames; mark it
    // subscribed so a reconnect (not this open) resubscribes.
    subscribedOn.set(doc.id, opens);
    render(doc);
  } catch (err) {
    update(doc, (d) => {
      d.status = 'failed';
      d.error = { message: err.message };
    });
  }
}

function uploadAll(files) {
  if (!conn || !view) {
    showBanner('Connect first: the page needs a token before it can upload.');
    return;
  }
  for (const f of files) uploadFile(f);
}

// ---- setup ----------------------------------------------------------------

function wireDropzone() {
  const zone = $('dropzone');
  const input = $('file-input');
  zone.addEventListener('click', () => input.click());
  input.addEventListener('change', () => {
    const files = [...input.files];
    input.value = '';
    uploadAll(files);
  });
  // Dropping a file anywhere else must not navigate away from the page.
  window.addEventListener('dragover', (e) => e.preventDefault());
  window.addEventListener('drop', (e) => e.preventDefault());
  let depth = 0;
  zone.addEventListener('dragenter', (e) => {
    e.preventDefault();
    depth++;
    zone.classList.add('dragging');
  });
  zone.addEventListener('dragleave', () => {
    depth = Math.max(0, depth - 1);
    if (depth === 0) zone.classList.remove('dragging');
  });
  zone.addEventListener('dragover', (e) => {
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
  });
  zone.addEventListener('drop', (e) => {
    e.preventDefault();
    depth = 0;
    zone.classList.remove('dragging');
    const files = [...(e.dataTransfer?.files ?? [])];
    if (files.length > 0) uploadAll(files);
  });
}

// loadStages reads the stage table (web/static/stages.json, generated from
// shared/progress) beside config.json.
async function loadStages() {
  const res = await fetch('stages.json');
  if (!res.ok) throw new Error(`stages.json: HTTP ${res.status}`);
  setStages(await res.json());
}

async function loadConfig() {
  const res = await fetch('config.json', { cache: 'no-store' });
  if (!res.ok) throw new Error(`config.json: HTTP ${res.status}`);
  const cfg = await res.json();
  if (typeof cfg.websocketUrl !== 'string' || cfg.websocketUrl === '') {
    throw new Error('config.json has no websocketUrl');
  }
  return cfg;
}

function connect(cfg, token) {
  let url;
  try {
    url = new URL(cfg.websocketUrl, location.href);
  } catch {
    showBanner('config.json: websocketUrl is not a valid URL.');
    return;
  }
  // Browsers cannot set headers on a WebSocket, so the token rides in the
  // query string, as the $connect authorizer expects.
  url.searchParams.set('token', token);
  const opts = {};
  if (Number(cfg.pingIntervalSeconds) > 0) opts.pingIntervalMs = Number(cfg.pingIntervalSeconds) * 1000;
  conn = new Connection(url.toString(), opts);
  conn.addEventListener('state', onConnState);
  conn.addEventListener('open', onOpen);
  conn.addEventListener('progress', onProgress);
  conn.addEventListener('answer', (ev) => ask.onFrame(ev.detail));
  conn.start();
}

function askForToken(cfg) {
  const form = $('token-form');
  form.hidden = false;
  $('token-input').focus();
  form.addEventListener(
    'submit',
    (e) => {
      e.preventDefault();
      const token = $('token-input').value.trim();
      if (!token) return;
      sessionStorage.setItem(TOKEN_KEY, token);
      form.hidden = true;
      $('change-token').hidden = false;
      connect(cfg, token);
    },
    { once: true },
  );
}

async function main() {
  wireDropzone();
  $('reconnect-now').addEventListener('click', () => conn?.reconnectNow());
  $('refresh-list').addEventListener('click', () => conn && loadList(null));
  $('load-more').addEventListener('click', () => conn && listCursor && loadList(listCursor));

  let cfg;
  try {
    [cfg] = await Promise.all([loadConfig(), loadStages()]);
  } catch (err) {
    renderConn('stopped');
    showBanner(`The page cannot start: ${err.message}. Ask whoever deployed it to fix config.json.`);
    return;
  }
  view = new View({ list: $('doc-list'), template: $('doc-template'), outputsBaseUrl: cfg.outputsBaseUrl, openOutput });
  outputsBaseUrl = (cfg.outputsBaseUrl || '').replace(/\/+$/, '');
  ask = new AskPanel({
    elements: {
      form: $('ask-form'),
      input: $('ask-input'),
      list: $('qa-list'),
      template: $('qa-template'),
      picker: $('ask-picker'),
      pickerCount: $('ask-limit-count'),
      pickerNote: $('ask-picker-note'),
    },
    request: (action, fields) =>
      conn ? conn.requestFrame(action, fields) : Promise.reject(new Error('Connect first: the page has no token yet.')),
    documents: () => docs.values(),
    onCite: cite,
    announce,
  });
  ask.refreshDocuments();

  // Elapsed times of running documents move once a second.
  setInterval(() => {
    for (const doc of docs.values()) if (!isTerminal(doc) && !doc.lost) view.tick(doc);
  }, 1000);

  $('change-token').addEventListener('click', () => {
    conn?.stop();
    conn = null;
    // Another token is another user: nothing of this one's stays shown.
    ask.clear();
    forgetTexts();
    sessionStorage.removeItem(TOKEN_KEY);
    $('change-token').hidden = true;
    renderConn('stopped');
    askForToken(cfg);
  });

  const token = cfg.token || sessionStorage.getItem(TOKEN_KEY);
  if (token) {
    $('change-token').hidden = Boolean(cfg.token);
    connect(cfg, token);
  } else {
    renderConn('stopped');
    askForToken(cfg);
  }
}

main();
