// Formatting helpers shared by the view. Pure functions, so they are easy to
// reason about and to test in a browser console.

const numbers = new Intl.NumberFormat(undefined);
const dates = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** formatNumber writes n with the reader's digit grouping. */
export function formatNumber(n) {
  return typeof n === 'number' && Number.isFinite(n) ? numbers.format(n) : '–';
}

// The processing engine reports a document's type as a MIME type; people
// know these by their short names.
const TYPE_NAMES = {
  'application/pdf': 'PDF',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'DOCX',
  'text/html': 'HTML',
  'text/csv': 'CSV',
  'text/plain': 'Text',
  'text/markdown': 'Markdown',
};

/** formatType names a document type ("application/pdf" → "PDF"); unknown MIME types by their subtype. */
export function formatType(type) {
  if (typeof type !== 'string' || type.trim() === '') return '–';
  const t = type.split(';')[0].trim().toLowerCase();
  return TYPE_NAMES[t] ?? t.slice(t.lastIndexOf('/') + 1).toUpperCase();
}

/** formatBytes writes a byte count the way people read file sizes. */
export function formatBytes(n) {
  if (typeof n !== 'number' || !Number.isFinite(n) || n < 0) return '';
  if (n < 1024) return `${n} B`;
  const units = ['KB', 'MB', 'GB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v < 10 ? v.toFixed(1) : Math.round(v)} ${units[i]}`;
}

/** formatElapsed writes a duration in ms as m:ss, or h:mm:ss past an hour. */
export function formatElapsed(ms) {
  const total = Math.max(0, Math.floor((ms || 0) / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/** isoDuration writes a duration in ms for a <time datetime> attribute. */
export function isoDuration(ms) {
  return `PT${Math.max(0, Math.floor((ms || 0) / 1000))}S`;
}

/** formatDate writes a timestamp (ms) as a short local date and time. */
export function formatDate(ms) {
  return typeof ms === 'number' && Number.isFinite(ms) ? dates.format(new Date(ms)) : '';
}

/** parseTime reads a frame timestamp; null when absent or invalid. */
export function parseTime(s) {
  if (typeof s !== 'string' || s === '') return null;
  const t = Date.parse(s);
  return Number.isNaN(t) ? null : t;
}
