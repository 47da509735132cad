package extract

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"docflow/internal/testdocs"
)

// checkFailure: whatever the input, extraction ends in pages or a typed
// failure (or, for input the engine cannot classify, an internal error):
// never a panic, and never a page over the limit.
func fuzzExtract(t *testing.T, data []byte) {
	lim := Limits{MaxPages: 50, MaxDecompressedBytes: 4 << 20, MaxPageBytes: 1 << 20}
	path := filepath.Join(t.TempDir(), "doc")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := File(context.Background(), path, lim, nil, func(p Page) error {
		if len(p.Text) > lim.MaxPageBytes {
			t.Fatalf("page %d has %d bytes, over the limit", p.Number, len(p.Text))
		}
		return nil
	})
	if err != nil && ReasonOf(err) != "" && !strings.HasPrefix(ReasonOf(err), "Document.") {
		t.Fatalf("reason %q is not a Document.* name", ReasonOf(err))
	}
}

func FuzzDetect(f *testing.F) {
	for _, seed := range [][]byte{
		[]byte("%PDF-1.7\n"), []byte("PK\x03\x04"), []byte("<!doctype html><p>x"), []byte("a,b\nc,d\n"),
		[]byte("plain text"), []byte("\x89PNG\r\n\x1a\n"), {0xff, 0xfe, 0, 'a'}, []byte("\xef\xbb\xbfhello"),
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		typ, err := Detect(bytes.NewReader(data), int64(len(data)))
		if err == nil && typ == "" {
			t.Fatal("no type and no error")
		}
		if err != nil && ReasonOf(err) == "" {
			t.Fatalf("untyped detection error %v", err)
		}
	})
}

func FuzzExtractPDF(f *testing.F) {
	// Small seeds written by a real PDF writer (about a kilobyte each):
	// every execution opens the document, so a seed's size is the
	// fuzzer's speed. The target adds the header back.
	for _, seed := range [][]byte{
		testdocs.PDF(f, "a"),
		testdocs.PDF(f, "one", "two"),
		testdocs.EncryptedPDF(f, "x"),
		[]byte("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"),
	} {
		f.Add(bytes.TrimPrefix(seed, []byte("%PDF-")))
	}
	// Start PDFium before the fuzz time starts (in f.Fuzz): on a cold
	// compilation cache this process compiles it once and the workers load
	// it from the cache (pdfium_cache_test.go).
	if _, err := pdfiumInstance(); err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzExtract(t, append([]byte("%PDF-"), data...))
	})
}

func FuzzExtractDOCX(f *testing.F) {
	f.Add(testdocs.DOCX(f, "hello", "world"))
	f.Add(testdocs.Zip(f, map[string]string{"word/document.xml": "<w:document><w:body><w:p><w:r><w:t>x</w:t></w:r></w:p>"}))
	f.Fuzz(func(t *testing.T, data []byte) { fuzzExtract(t, data) })
}

func FuzzExtractHTML(f *testing.F) {
	f.Add("<p>hello <b>world</b></p>")
	f.Add("<script>a<b</script><style>x</style>text")
	f.Add("<table><tr><td>a<td>b</table>")
	f.Fuzz(func(t *testing.T, body string) { fuzzExtract(t, []byte("<!doctype html>"+body)) })
}

func FuzzExtractCSV(f *testing.F) {
	f.Add("a,b\nc,d\n")
	f.Add("a,b\n\"x\"\"y\",z\n")
	f.Add("1,2,3\n4,5\n")
	f.Fuzz(func(t *testing.T, body string) { fuzzExtract(t, []byte("h1,h2\nv1,v2\n"+body)) })
}
