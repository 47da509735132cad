package processor

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"docflow/shared/domain"
)

// extractFile writes content to a file and extracts it with t.
func extractFile(tb testing.TB, x Text, name, content string) (typ string, pages []Page, err error) {
	tb.Helper()
	path := filepath.Join(tb.TempDir(), "source")
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		tb.Fatal(err)
	}
	typ, err = x.Extract(context.Background(), Input{Path: path, Name: name}, func(p Page) error {
		pages = append(pages, p)
		return nil
	})
	return typ, pages, err
}

func TestTextPages(t *testing.T) {
	tests := []struct {
		name     string
		text     Text
		file     string
		content  string
		wantType string
		want     []string
	}{
		{name: "form feeds end pages", file: "a.txt", content: "one\ftwo\fthree", want: []string{"one", "two", "three"}},
		{name: "a trailing form feed adds no page", file: "a.txt", content: "one\ftwo\f", want: []string{"one", "two"}},
		{name: "two form feeds make an empty page", file: "a.txt", content: "one\f\fthree", want: []string{"one", "", "three"}},
		{name: "line limit", text: Text{PageLines: 2}, file: "a.txt", content: "1\n2\n3\n4\n5", want: []string{"1\n2\n", "3\n4\n", "5"}},
		{name: "line limit then form feed is one break", text: Text{PageLines: 2}, file: "a.txt", content: "1\n2\n\f3\n", want: []string{"1\n2\n", "3\n"}},
		{name: "form feed inside a line", text: Text{PageLines: 2}, file: "a.txt", content: "a\fb\nc\n", want: []string{"a", "b\nc\n"}},
		{name: "byte-order mark dropped", file: "a.txt", content: "\ufeffhello", want: []string{"hello"}},
		{name: "empty file is one empty page", file: "a.txt", content: "", want: []string{""}},
		{name: "CRLF kept", file: "a.txt", content: "a\r\nb\r\n", want: []string{"a\r\nb\r\n"}},
		{name: "markdown by name", file: "README.md", content: "# Title\n", wantType: TypeMarkdown, want: []string{"# Title\n"}},
		{name: "markdown may open with HTML", file: "notes.markdown", content: "<!-- draft -->\n# Title\n", wantType: TypeMarkdown, want: []string{"<!-- draft -->\n# Title\n"}},
		{name: "long line split at a space", text: Text{MaxPageBytes: 8}, file: "a.txt", content: "aaaa bbbb cccc dddd",
			want: []string{"aaaa bbbb ", "cccc dddd"}},
		{name: "long word cut at a character boundary", text: Text{MaxPageBytes: 4}, file: "a.txt", content: "ééééééé",
			want: []string{"éééé", "ééé"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			typ, pages, err := extractFile(t, tt.text, tt.file, tt.content)
			if err != nil {
				t.Fatal(err)
			}
			wantType := tt.wantType
			if wantType == "" {
				wantType = TypePlainText
			}
			if typ != wantType {
				t.Errorf("type = %q, want %q", typ, wantType)
			}
			var got []string
			for i, p := range pages {
				got = append(got, p.Text)
				if p.Number != i+1 || p.Total != len(tt.want) {
					t.Errorf("page %d numbered %d of %d, want %d of %d", i, p.Number, p.Total, i+1, len(tt.want))
				}
				if !utf8.ValidString(p.Text) {
					t.Errorf("page %d %q is not valid UTF-8", i+1, p.Text)
				}
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("pages = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestTextRefuses(t *testing.T) {
	tests := []struct {
		name, content, wantCause string
	}{
		{name: "NUL byte", content: "abc\x00def", wantCause: "NUL byte at offset 3"},
		{name: "NUL on a later page", content: "page one\fpage\x00two", wantCause: "offset 13"},
		{name: "Latin-1", content: "na\xefve", wantCause: "offset 2"},
		{name: "PDF", content: "%PDF-1.4\n", wantCause: "application/pdf"},
		{name: "ZIP (DOCX)", content: "PK\x03\x04\x14\x00\x06\x00", wantCause: "application/zip"},
		{name: "HTML in a .txt", content: "<!DOCTYPE html><html><body>x</body></html>", wantCause: "text/html"},
		{name: "UTF-16 big endian", content: "\xfe\xff\x00h\x00i", wantCause: "UTF-16"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			emitted := 0
			path := filepath.Join(t.TempDir(), "source")
			if err := os.WriteFile(path, []byte(tt.content), 0o600); err != nil {
				t.Fatal(err)
			}
			_, err := Text{}.Extract(context.Background(), Input{Path: path, Name: "a.txt"}, func(Page) error { emitted++; return nil })
			f, ok := errors.AsType[*Failure](err)
			if !ok || f.Reason != domain.ReasonUnsupported || !strings.Contains(f.Cause, tt.wantCause) {
				t.Fatalf("error %v, want %s naming %q", err, domain.ReasonUnsupported, tt.wantCause)
			}
			if emitted != 0 {
				t.Errorf("emitted %d pages before refusing, want none", emitted)
			}
		})
	}
}

func TestTextStopsWhenEmitFails(t *testing.T) {
	path := filepath.Join(t.TempDir(), "source")
	if err := os.WriteFile(path, []byte("a\fb\fc"), 0o600); err != nil {
		t.Fatal(err)
	}
	stop := errors.New("stop")
	calls := 0
	_, err := Text{}.Extract(context.Background(), Input{Path: path}, func(Page) error { calls++; return stop })
	if !errors.Is(err, stop) || calls != 1 {
		t.Errorf("Extract = %v after %d pages, want emit's error after 1", err, calls)
	}
}

// BenchmarkText extracts a 16 MiB text file (the two passes).
func BenchmarkText(b *testing.B) {
	line := "The quick brown fox jumps over the lazy dog; naïve café société.\n"
	content := strings.Repeat(line, (16<<20)/len(line))
	path := filepath.Join(b.TempDir(), "source")
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(content)))
	for b.Loop() {
		if _, err := (Text{}).Extract(context.Background(), Input{Path: path}, func(Page) error { return nil }); err != nil {
			b.Fatal(err)
		}
	}
}
