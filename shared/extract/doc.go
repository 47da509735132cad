// Package extract is docflow's processing engine: it tells a document's
// type from its bytes (never its name) and turns it into text page by page:
// PDF (PDFium, compiled to WebAssembly and run by wazero: no cgo, no
// download at run time), DOCX, HTML, CSV and plain text or Markdown.
//
// Every failure a person could act on is an *Error whose Reason is one of
// the Document.* names that travel to the client's failed frame; limits on
// size, pages and decompressed size are configuration (Limits) with safe
// defaults. Work is streamed from a file on disk: a page at a time, never
// the whole document and all its text at once.
//
// The choice of PDF library was made by measurement against pdftotext on
// the corpus; docs/extraction.md has the table.
package extract
