// Package testdocs writes real documents at test time, so every test that
// needs a PDF, a DOCX, an HTML page or a CSV runs on any machine, with or
// without the corpus beside the repository. PDFs come from a real PDF
// writer (github.com/go-pdf/fpdf), DOCX files are zips with a
// word/document.xml, and the broken ones fail the way real files do
// (cut off, password-protected, a zip that is not a DOCX).
//
// It is for tests only: shipped code never imports it.
package testdocs

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"fmt"
	"html"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/go-pdf/fpdf"
)

// Doc is one generated document and what extracting it must give.
type Doc struct {
	Name string // file name, with the extension a user would give it
	// ContentType is the document's media type, the type extraction must
	// detect for one that extracts.
	ContentType string
	Data        []byte
	// Pages is the text each page holds, in order; nil for a document that
	// must fail.
	Pages []string
	// Reason is the Document.* reason a broken document fails with; "" for
	// one that extracts.
	Reason string
}

// fixed is the creation date written into every PDF, so a document's bytes
// do not depend on when the test ran.
var fixed = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

// PageText is the known text of page n of a generated document: a few
// lines with words that differ from page to page, so a test can tell
// pages apart and check their order.
func PageText(title string, n, total int) string {
	words := []string{"alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliett"}
	w := words[(n-1)%len(words)]
	return fmt.Sprintf("%s\nPage %d of %d\nThe %s section covers item %d%s.\nDocflow extracts this line from page %d.",
		title, n, total, w, n*7, w, n)
}

// Pages is the known text of a total-page document, as PageText gives it.
func Pages(title string, total int) []string {
	pages := make([]string, total)
	for i := range pages {
		pages[i] = PageText(title, i+1, total)
	}
	return pages
}

// PDF writes a PDF with one page per element of pages, each line of an
// element on a line of its page (Helvetica, Latin-1 text).
func PDF(tb testing.TB, pages ...string) []byte {
	tb.Helper()
	return writePDF(tb, nil, pages)
}

// EncryptedPDF is PDF with a user password: nothing opens it without
// "secret".
func EncryptedPDF(tb testing.TB, pages ...string) []byte {
	tb.Helper()
	return writePDF(tb, func(f *fpdf.Fpdf) { f.SetProtection(fpdf.CnProtectPrint, "secret", "owner-secret") }, pages)
}

func writePDF(tb testing.TB, setup func(*fpdf.Fpdf), pages []string) []byte {
	tb.Helper()
	f := fpdf.New("P", "mm", "A4", "")
	f.SetCreationDate(fixed)
	f.SetModificationDate(fixed)
	if setup != nil {
		setup(f)
	}
	f.SetFont("Helvetica", "", 12)
	for _, text := range pages {
		f.AddPage()
		for _, line := range strings.Split(text, "\n") {
			f.Cell(0, 8, line)
			f.Ln(8)
		}
	}
	var buf bytes.Buffer
	if err := f.Output(&buf); err != nil {
		tb.Fatalf("write PDF: %v", err)
	}
	return buf.Bytes()
}

// Truncated is data cut off halfway, as an interrupted download is.
func Truncated(data []byte) []byte { return data[:len(data)/2] }

// DOCX writes a Word document whose pages are pages: each line a
// paragraph, a page break between pages.
func DOCX(tb testing.TB, pages ...string) []byte {
	tb.Helper()
	var body strings.Builder
	for i, page := range pages {
		if i > 0 {
			body.WriteString(`<w:p><w:r><w:br w:type="page"/></w:r></w:p>`)
		}
		for _, line := range strings.Split(page, "\n") {
			fmt.Fprintf(&body, `<w:p><w:r><w:t xml:space="preserve">%s</w:t></w:r></w:p>`, html.EscapeString(line))
		}
	}
	return Zip(tb, map[string]string{
		"[Content_Types].xml": `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
			`<Default Extension="xml" ContentType="application/xml"/>` +
			`<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`,
		"word/document.xml": `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>` +
			body.String() + `<w:sectPr/></w:body></w:document>`,
	})
}

// Zip writes a zip archive of files (name to content), in name order.
func Zip(tb testing.TB, files map[string]string) []byte {
	tb.Helper()
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	slices.Sort(names)
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, name := range names {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: fixed})
		if err != nil {
			tb.Fatal(err)
		}
		if _, err := w.Write([]byte(files[name])); err != nil {
			tb.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// HTML writes a page with a title, one paragraph per line of body, and a
// script and a style whose text must not be extracted.
func HTML(title, body string) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "<!DOCTYPE html>\n<html><head><title>%s</title><style>p { color: #333 }</style>"+
		"<script>var hidden = 'not document text';</script></head><body>\n", html.EscapeString(title))
	for _, line := range strings.Split(body, "\n") {
		fmt.Fprintf(&b, "<p>%s</p>\n", html.EscapeString(line))
	}
	b.WriteString("</body></html>\n")
	return []byte(b.String())
}

// CSV writes records as CSV.
func CSV(tb testing.TB, records [][]string) []byte {
	tb.Helper()
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	if err := w.WriteAll(records); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// Set is one of each kind of document docflow takes, and one of each way a
// document is broken: a 4-page and a 2-page PDF, a 2-page DOCX, an HTML
// page, a CSV, a PDF cut off halfway, a password-protected PDF, and a zip
// that is not a DOCX. Pages hold the text extraction must find (HTML and
// CSV as the extractors render them).
func Set(tb testing.TB) []Doc {
	tb.Helper()
	report := Pages("Quarterly report", 4)
	notes := Pages("Field notes", 2)
	memo := Pages("Project memo", 2)
	return []Doc{
		{Name: "quarterly-report.pdf", ContentType: "application/pdf", Data: PDF(tb, report...), Pages: report},
		{Name: "field-notes.pdf", ContentType: "application/pdf", Data: PDF(tb, notes...), Pages: notes},
		{Name: "project-memo.docx", ContentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
			Data: DOCX(tb, memo...), Pages: memo},
		{Name: "meeting.html", ContentType: "text/html",
			Data:  HTML("Meeting", "Agenda for the docflow review.\nDecisions and owners."),
			Pages: []string{"Meeting\nAgenda for the docflow review.\nDecisions and owners."}},
		{Name: "cities.csv", ContentType: "text/csv",
			Data:  CSV(tb, [][]string{{"name", "city"}, {"Ada", "London"}, {"Grace, Rear Admiral", "Arlington"}}),
			Pages: []string{"name, city\nAda, London\nGrace, Rear Admiral, Arlington"}},
		{Name: "board-minutes-truncated.pdf", ContentType: "application/pdf", Data: Truncated(PDF(tb, Pages("Board minutes", 3)...)), Reason: "Document.Corrupt"},
		{Name: "salaries-password.pdf", ContentType: "application/pdf", Data: EncryptedPDF(tb, Pages("Salaries", 2)...), Reason: "Document.Encrypted"},
		{Name: "archive.zip", ContentType: "application/zip", Data: Zip(tb, map[string]string{"readme.txt": "not a Word document"}), Reason: "Document.Unsupported"},
	}
}

// Find is the document of Set named name; the test fails when there is none.
func Find(tb testing.TB, docs []Doc, name string) Doc {
	tb.Helper()
	for _, d := range docs {
		if d.Name == name {
			return d
		}
	}
	tb.Fatalf("testdocs: no document %q", name)
	return Doc{}
}

// Write writes each doc into dir under its name and returns the paths, in
// the order of docs.
func Write(tb testing.TB, dir string, docs ...Doc) []string {
	tb.Helper()
	paths := make([]string, len(docs))
	for i, d := range docs {
		paths[i] = filepath.Join(dir, d.Name)
		if err := os.WriteFile(paths[i], d.Data, 0o644); err != nil {
			tb.Fatalf("testdocs: %v", err)
		}
	}
	return paths
}
