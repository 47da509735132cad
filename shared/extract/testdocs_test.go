package extract

import (
	"strings"
	"testing"

	"docflow/internal/testdocs"
)

// TestGeneratedDocuments: every document testdocs writes at test time
// extracts to its known text, page by page and in order, or fails with its
// reason; nothing here needs the corpus.
func TestGeneratedDocuments(t *testing.T) {
	for _, d := range testdocs.Set(t) {
		t.Run(d.Name, func(t *testing.T) {
			typ, pages, err := extractAll(t, writeTemp(t, d.Data), DefaultLimits())
			if d.Reason != "" {
				if got := ReasonOf(err); got != d.Reason {
					t.Fatalf("got %v (reason %q), want %s", err, got, d.Reason)
				}
				return
			}
			if err != nil || typ != Type(d.ContentType) {
				t.Fatalf("got %s, %v; want %s", typ, err, d.ContentType)
			}
			if len(pages) != len(d.Pages) {
				t.Fatalf("got %d pages, want %d", len(pages), len(d.Pages))
			}
			for i, p := range pages {
				// Total is known up front for a PDF; DOCX and CSV stream (0).
				if p.Number != i+1 || (p.Total != len(d.Pages) && p.Total != 0) || (typ == PDF && p.Total == 0) {
					t.Errorf("page %d numbered %d of %d", i+1, p.Number, p.Total)
				}
				if got, want := strings.Fields(p.Text), strings.Fields(d.Pages[i]); strings.Join(got, " ") != strings.Join(want, " ") {
					t.Errorf("page %d:\ngot  %q\nwant %q", i+1, p.Text, d.Pages[i])
				}
			}
		})
	}
}
