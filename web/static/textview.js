// The text viewer inside a document's card: opens the document's text
// output at one page, for a citation link.
//
// The text output (processed/<id>/text.txt) is plain text whose pages are
// separated by form feeds (shared/processor's PageSeparator). A browser
// cannot open a plain-text file at a page (it has no anchors), so the page
// fetches the text through a short-lived URL from get_output_url, splits
// it at the form feeds and shows the cited page in the card, with a link
// to the whole file. Where the fetch is refused (a bucket without a CORS
// rule for GET, or an origin outside connect-src) only that link is left.

import { pageText } from './answers.js';

const texts = new Map(); // document id -> Promise<string>, for this page's life

/** forget drops what was fetched (a change of token: another user's documents). */
export function forget() {
  texts.clear();
}

// viewer returns the card's viewer, built on first use.
function viewer(card) {
  let box = card.querySelector('.doc-text');
  if (box) return box;
  box = document.createElement('section');
  box.className = 'doc-text';
  const head = document.createElement('div');
  head.className = 'doc-text-head';
  const title = document.createElement('h4');
  title.className = 'doc-text-title';
  const close = document.createElement('button');
  close.type = 'button';
  close.className = 'small-button doc-text-close';
  close.textContent = 'Close';
  close.addEventListener('click', () => {
    box.hidden = true;
  });
  head.append(title, close);
  const state = document.createElement('p');
  state.className = 'doc-text-state muted';
  const pre = document.createElement('pre');
  pre.className = 'doc-text-page';
  pre.tabIndex = 0;
  const whole = document.createElement('p');
  whole.className = 'doc-text-whole';
  box.append(head, state, pre, whole);
  card.append(box);
  return box;
}

/**
 * showPage opens the viewer of card at page (null: the first) of doc's text.
 * textUrl resolves with a URL the text can be read from.
 */
export async function showPage(card, { doc, page, excerpt, textUrl }) {
  const box = viewer(card);
  const title = box.querySelector('.doc-text-title');
  const state = box.querySelector('.doc-text-state');
  const pre = box.querySelector('.doc-text-page');
  const whole = box.querySelector('.doc-text-whole');
  const want = page ?? 1;
  const name = doc?.name || 'the document';
  box.hidden = false;
  box.dataset.page = String(want);
  title.textContent = `${name}, page ${want}`;
  state.textContent = 'Loading the text…';
  state.hidden = false;
  pre.textContent = '';
  pre.hidden = true;
  whole.replaceChildren();

  let url;
  try {
    url = await textUrl();
  } catch (err) {
    state.textContent = `The text cannot be opened: ${err.message}`;
    return;
  }
  const link = document.createElement('a');
  link.href = url;
  link.target = '_blank';
  link.rel = 'noopener noreferrer';
  link.textContent = 'Open the whole text';
  whole.append(link);

  let text;
  try {
    if (!texts.has(doc.id)) texts.set(doc.id, fetchText(url));
    text = await texts.get(doc.id);
  } catch (err) {
    texts.delete(doc.id);
    state.textContent = `This page cannot show the text (${err.message}); open the whole text and find page ${want} (pages are separated by a page break).`;
    return;
  }
  const got = pageText(text, want);
  if (got.text === null) {
    state.textContent = `The text has ${got.count} page${got.count === 1 ? '' : 's'}, not a page ${want}.`;
    return;
  }
  title.textContent = `${name}, page ${want} of ${got.count}`;
  state.hidden = true;
  pre.hidden = false;
  showWithExcerpt(pre, got.text, excerpt);
}

// showWithExcerpt writes the page's text, marking where the cited excerpt
// starts when it appears there (line breaks may differ: the excerpt comes
// from a chunk, the page from text.txt). Shown as text, never as HTML.
function showWithExcerpt(pre, text, excerpt) {
  const words = (excerpt || '').replace(/…$/, '').trim().split(/\s+/).slice(0, 12);
  const found =
    words.join(' ').length >= 8
      ? new RegExp(words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('\\s+')).exec(text)
      : null;
  if (!found) {
    pre.textContent = text;
    pre.scrollTop = 0;
    return;
  }
  const mark = document.createElement('mark');
  mark.textContent = found[0];
  pre.replaceChildren(text.slice(0, found.index), mark, text.slice(found.index + found[0].length));
  // Scroll the page box only (it is position: relative, so offsetTop is
  // within it): the window stays on the card the citation scrolled to.
  pre.scrollTop = Math.max(0, mark.offsetTop - 24);
}

async function fetchText(url) {
  let res;
  try {
    res = await fetch(url, { credentials: 'omit', cache: 'no-store' });
  } catch {
    throw new Error('the storage service could not be reached');
  }
  if (!res.ok) throw new Error(`the storage service answered HTTP ${res.status}`);
  return res.text();
}
