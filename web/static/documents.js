// The page's model of documents: one record per document, fed by progress
// frames and by documentStatus/documentList answers. Frames can arrive
// twice or late (a frame published while a subscribe was answered); seq
// orders them, so anything not newer than what we hold is dropped.

import { parseTime } from './format.js';

/** Statuses after process_document that still change. */
const ACTIVE = new Set(['queued', 'starting', 'triggering', 'processing']);

/** isActive reports whether the server is still working on doc. */
export function isActive(doc) {
  return ACTIVE.has(doc.status) && !doc.lost;
}

/** isTerminal reports whether doc will not change again. */
export function isTerminal(doc) {
  return doc.status === 'complete' || doc.status === 'failed';
}

/**
 * newDocument returns a record. Statuses before the server knows the document
 * are the page's own: 'uploading' (getting a URL and sending the bytes).
 */
export function newDocument(id, fields = {}) {
  return {
    id,
    name: '',
    size: null,
    status: 'queued',
    stage: 'queued',
    progress: 0,
    message: '',
    seq: 0,
    createdAt: null, // ms, from the server
    updatedAt: null, // ms, from the server
    localStart: null, // ms, when this page started the upload
    summary: null,
    error: null,
    uploadFraction: null,
    lost: false, // the server no longer knows it (subscribe failed)
    dropped: 0, // duplicate or stale frames ignored
    ...fields,
  };
}

// apply copies the common fields of a frame or a state onto doc.
function apply(doc, d, message) {
  doc.seq = d.seq;
  if (typeof d.documentName === 'string' && d.documentName !== '') doc.name = d.documentName;
  if (typeof d.progress === 'number') doc.progress = Math.min(100, Math.max(0, d.progress));
  if (typeof d.status === 'string') doc.status = d.status;
  if (typeof d.stage === 'string') doc.stage = d.stage;
  if (typeof message === 'string') doc.message = message;
  const ts = parseTime(d.timestamp);
  if (ts !== null) doc.updatedAt = ts;
  if (d.summary) doc.summary = d.summary;
  if (d.error) doc.error = d.error;
  doc.uploadFraction = null;
  doc.lost = false;
}

/**
 * applyFrame applies a progressUpdate frame; false when it was dropped
 * because doc already holds that seq or a newer one. A gap is fine: the
 * frame is newer, so it is the state to show.
 */
export function applyFrame(doc, frame) {
  const d = frame.data;
  if (typeof d.seq !== 'number' || d.seq <= doc.seq) {
    doc.dropped++;
    return false;
  }
  apply(doc, d, frame.message);
  return true;
}

/**
 * applyState applies a documentStatus answer or a documentList entry; false
 * when doc already holds newer frames. Equal seq is applied: the state also
 * carries createdAt, which frames do not.
 */
export function applyState(doc, s) {
  if (typeof s.seq !== 'number' || s.seq < doc.seq) return false;
  apply(doc, s, s.message);
  const created = parseTime(s.createdAt);
  if (created !== null) doc.createdAt = created;
  return true;
}
