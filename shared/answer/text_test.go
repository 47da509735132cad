package answer

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestSplit(t *testing.T) {
	tests := []struct {
		name string
		s    string
		n    int
		want []string
	}{
		{"short", "abc", 4, []string{"abc"}},
		{"exact", "abcd", 4, []string{"abcd"}},
		{"cut", "abcdefghij", 4, []string{"abcd", "efgh", "ij"}},
		{"never inside a rune", "aéé", 2, []string{"a", "é", "é"}},
		{"empty", "", 4, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := split(tt.s, tt.n)
			if strings.Join(got, "|") != strings.Join(tt.want, "|") || len(got) != len(tt.want) {
				t.Errorf("split(%q, %d) = %q, want %q", tt.s, tt.n, got, tt.want)
			}
			for _, p := range got {
				if !utf8.ValidString(p) {
					t.Errorf("piece %q is not valid UTF-8", p)
				}
			}
		})
	}
}

func TestExcerpt(t *testing.T) {
	tests := []struct {
		name, text string
		n          int
		want       string
	}{
		{"short text is kept, white space folded", "  The dose\n\n is  5 mg. ", 300, "The dose is 5 mg."},
		{"long text ends at a word", "alpha beta gamma delta", 13, "alpha beta…"},
		{"one long word is cut", strings.Repeat("x", 20), 5, "xxxxx…"},
		{"runes, not bytes", strings.Repeat("é", 10), 4, "éééé…"},
	}
	for _, tt := range tests {
		if got := excerpt(tt.text, tt.n); got != tt.want {
			t.Errorf("%s: excerpt = %q, want %q", tt.name, got, tt.want)
		}
	}
}
