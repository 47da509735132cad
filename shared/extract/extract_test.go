package extract

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"unicode"

	"docflow/internal/corpus"
	"docflow/internal/testdocs"
	"docflow/internal/testenv"
)

// extractAll runs File and collects the pages.
func extractAll(t testing.TB, path string, lim Limits) (Type, []Page, error) {
	var pages []Page
	typ, err := File(context.Background(), path, lim, nil, func(p Page) error {
		pages = append(pages, p)
		return nil
	})
	return typ, pages, err
}

// tokens is the multiset of lowercase words (letters and digits).
func tokens(s string) map[string]int {
	m := map[string]int{}
	for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsNumber(r) }) {
		m[w]++
	}
	return m
}

// agreement is the share of pdftotext's tokens that our text has too
// (multiset recall), and precision the share of ours that pdftotext has.
func agreement(ours, theirs string) (recall, precision float64) {
	o, th := tokens(ours), tokens(theirs)
	common, nt, no := 0, 0, 0
	for w, n := range th {
		nt += n
		common += min(n, o[w])
	}
	for _, n := range o {
		no += n
	}
	return float64(common) / float64(max(nt, 1)), float64(common) / float64(max(no, 1))
}

// TestCorpus: every corpus PDF has files.json's page count, the encrypted
// one fails Document.Encrypted, and our text agrees with pdftotext's on at
// least 95% of its tokens.
func TestCorpus(t *testing.T) {
	dir := corpus.Dir(t)
	fact := corpus.Facts(t, dir)
	pdftotext := testenv.Pdftotext.Path() // each file's comparison skips without it
	files, _ := filepath.Glob(filepath.Join(dir, "*.pdf"))
	if len(files) == 0 {
		t.Fatal("no PDFs in the corpus")
	}
	for _, f := range files {
		name := filepath.Base(f)
		t.Run(name, func(t *testing.T) {
			want, ok := fact[name]
			if !ok {
				t.Fatalf("%s is not in files.json", name)
			}
			typ, pages, err := extractAll(t, f, DefaultLimits())
			if want.Encrypted {
				if got := ReasonOf(err); got != "Document.Encrypted" {
					t.Fatalf("got %v (%q), want Document.Encrypted", err, got)
				}
				return
			}
			if err != nil || typ != PDF {
				t.Fatalf("got %s, %v", typ, err)
			}
			if got := len(pages); got != want.Pages {
				t.Errorf("pages: got %d, want %d (files.json)", got, want.Pages)
			}
			for i, p := range pages {
				if p.Number != i+1 || p.Total != want.Pages {
					t.Errorf("page %d numbered %d of %d", i+1, p.Number, p.Total)
				}
			}
			if pdftotext == "" {
				testenv.Require(t, testenv.Pdftotext)
			}
			out, err := exec.Command(pdftotext, f, "-").Output()
			if err != nil {
				t.Fatalf("pdftotext: %v", err)
			}
			var ours strings.Builder
			for _, p := range pages {
				ours.WriteString(p.Text + "\n")
			}
			recall, precision := agreement(ours.String(), string(out))
			t.Logf("%-36s pages %3d  agreement %.3f  precision %.3f", name, len(pages), recall, precision)
			if recall < 0.95 {
				t.Errorf("token agreement with pdftotext %.3f, want ≥ 0.95", recall)
			}
		})
	}
}

func writeTemp(t testing.TB, data []byte) string {
	p := filepath.Join(t.TempDir(), "doc")
	if err := os.WriteFile(p, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestFixtures(t *testing.T) {
	tests := []struct {
		name      string
		data      []byte
		wantType  Type
		wantPages []string
	}{
		{name: "docx with a page break", data: testdocs.DOCX(t, "Quarterly report\nRevenue grew.", "Appendix A"),
			wantType: DOCX, wantPages: []string{"Quarterly report\nRevenue grew.", "Appendix A"}},
		{name: "html without scripts and styles", data: []byte(`<!DOCTYPE html><html><head><title>Notes</title><style>p{color:red}</style>
<script>var secret = 1;</script></head><body><h1>Meeting</h1><p>First   point,
spread over lines.</p><ul><li>one</li><li>two</li></ul><noscript>enable js</noscript></body></html>`),
			wantType: HTML, wantPages: []string{"Notes\nMeeting\nFirst point, spread over lines.\none\ntwo"}},
		{name: "csv", data: []byte("name,city\nAda,London\n\"Grace, Rear Admiral\",Arlington\n"),
			wantType: CSV, wantPages: []string{"name, city\nAda, London\nGrace, Rear Admiral, Arlington"}},
		{name: "plain text is left to the text extractor", data: []byte("# Title\n\nSome *markdown* text.\n"), wantType: Text},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			typ, pages, err := extractAll(t, writeTemp(t, tt.data), DefaultLimits())
			if err != nil || typ != tt.wantType {
				t.Fatalf("got %s, %v; want %s", typ, err, tt.wantType)
			}
			var got []string
			for _, p := range pages {
				got = append(got, p.Text)
			}
			if strings.Join(got, "\f") != strings.Join(tt.wantPages, "\f") {
				t.Errorf("pages:\ngot  %q\nwant %q", got, tt.wantPages)
			}
		})
	}
}

// TestCSVPages: records are grouped RowsPerPage to a page.
func TestCSVPages(t *testing.T) {
	var b strings.Builder
	for i := range 2*RowsPerPage + RowsPerPage/2 {
		fmt.Fprintf(&b, "%d,row %d\n", i, i)
	}
	_, pages, err := extractAll(t, writeTemp(t, []byte(b.String())), DefaultLimits())
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(pages), 3; got != want {
		t.Fatalf("pages: got %d, want %d", got, want)
	}
	if want := fmt.Sprintf("%d, row %d", 2*RowsPerPage, 2*RowsPerPage); !strings.HasPrefix(pages[2].Text, want) {
		t.Errorf("page 3 starts %q", pages[2].Text[:20])
	}
}

func TestBadInputs(t *testing.T) {
	pdf := testdocs.PDF(t, testdocs.Pages("Four pages", 4)...)
	// A DOCX whose body inflates to 8 MiB from a few KiB.
	bomb := testdocs.Zip(t, map[string]string{"word/document.xml": `<w:document><w:body><w:p><w:r><w:t>` +
		strings.Repeat("A", 8<<20) + `</w:t></w:r></w:p></w:body></w:document>`})
	small := DefaultLimits()
	small.MaxDecompressedBytes = 1 << 20
	small.MaxPages = 2
	tests := []struct {
		name       string
		data       []byte
		lim        Limits
		wantReason string
		wantSays   string
	}{
		{name: "empty file", data: nil, wantReason: "Document.Empty"},
		{name: "truncated PDF", data: pdf[:len(pdf)/2], wantReason: "Document.Corrupt"},
		{name: "PDF header then garbage", data: append([]byte("%PDF-1.7\n"), bytes.Repeat([]byte{0xde, 0xad}, 500)...), wantReason: "Document.Corrupt"},
		{name: "PDF over the page limit", data: pdf, lim: small, wantReason: "Document.TooLarge", wantSays: "4 pages"},
		{name: "zip bomb DOCX", data: bomb, lim: small, wantReason: "Document.TooLarge"},
		{name: "DOCX without a body", data: testdocs.Zip(t, map[string]string{"word/document.xml": "<w:document><w:body>"}), wantReason: "Document.Corrupt"},
		{name: "DOCX with no text", data: testdocs.DOCX(t), wantReason: "Document.Empty"},
		{name: "xlsx", data: testdocs.Zip(t, map[string]string{"xl/workbook.xml": "<workbook/>"}), wantReason: "Document.Unsupported", wantSays: "Excel"},
		{name: "plain zip", data: testdocs.Zip(t, map[string]string{"a.txt": "x"}), wantReason: "Document.Unsupported", wantSays: "ZIP"},
		{name: "png", data: []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), wantReason: "Document.Unsupported", wantSays: "PNG"},
		{name: "legacy word", data: []byte("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest"), wantReason: "Document.Unsupported", wantSays: ".doc"},
		{name: "binary", data: []byte{1, 2, 3, 0, 4, 5}, wantReason: "Document.Unsupported", wantSays: "binary"},
		{name: "html with nothing visible", data: []byte("<html><script>x()</script></html>"), wantReason: "Document.Empty"},
		{name: "csv broken past the sniffed start", data: []byte(strings.Repeat("a,b\n", 4000) + "\"c,d\n"), wantReason: "Document.Corrupt", wantSays: "line 4001"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lim := tt.lim
			if lim == (Limits{}) {
				lim = DefaultLimits()
			}
			_, _, err := extractAll(t, writeTemp(t, tt.data), lim)
			if got := ReasonOf(err); got != tt.wantReason {
				t.Fatalf("got %v (reason %q), want %s", err, got, tt.wantReason)
			}
			if !strings.Contains(err.Error(), tt.wantSays) {
				t.Errorf("message %q does not say %q", err, tt.wantSays)
			}
		})
	}
}
