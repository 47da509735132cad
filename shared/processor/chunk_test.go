package processor

import (
	"strings"
	"testing"
)

func chunks(text string, size, overlap int) []string {
	runes := []rune(text)
	var out []string
	_ = chunkPage(runes, size, overlap, func(s, e int) error {
		out = append(out, string(runes[s:e]))
		return nil
	})
	return out
}

func TestChunkPage(t *testing.T) {
	tests := []struct {
		name          string
		text          string
		size, overlap int
		want          []string
	}{
		{name: "fits", text: "one two three", size: 20, want: []string{"one two three"}},
		{name: "split at words", text: "one two three four", size: 9, want: []string{"one two", "three", "four"}},
		{name: "overlap of whole words", text: "aa bb cc dd ee", size: 8, overlap: 3, want: []string{"aa bb cc", "cc dd ee"}},
		{name: "overlap inside a word moves to its end", text: "aaaa bbbb cccc", size: 9, overlap: 2, want: []string{"aaaa bbbb", "cccc"}},
		{name: "long word is its own chunk", text: "a verylongword b", size: 5, want: []string{"a", "verylongword", "b"}},
		{name: "long word after overlap does not repeat the last chunk", text: "aa bb verylongword", size: 5, overlap: 3,
			want: []string{"aa bb", "verylongword"}},
		{name: "white space trimmed", text: "  one   two  \n", size: 4, want: []string{"one", "two"}},
		{name: "only white space", text: " \n\t ", size: 4},
		{name: "characters, not bytes", text: "ééé ééé", size: 3, want: []string{"ééé", "ééé"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := chunks(tt.text, tt.size, tt.overlap)
			if strings.Join(got, "|") != strings.Join(tt.want, "|") || len(got) != len(tt.want) {
				t.Errorf("chunkPage(%q, %d, %d) = %q, want %q", tt.text, tt.size, tt.overlap, got, tt.want)
			}
		})
	}
}

// FuzzChunkPage checks the chunk contract on any text: in range, moving
// forward, no cut word, no white space at an end, size kept unless one word.
func FuzzChunkPage(f *testing.F) {
	f.Add("The quick brown fox jumps over the lazy dog", 10, 3)
	f.Add("a verylongword b  c\n\nd", 4, 2)
	f.Fuzz(func(t *testing.T, text string, size, overlap int) {
		if size < 1 || size > 200 || overlap < 0 || overlap >= size {
			t.Skip()
		}
		runes := []rune(text)
		prevStart, prevEnd := -1, 0
		_ = chunkPage(runes, size, overlap, func(s, e int) error {
			c := string(runes[s:e])
			switch {
			case s < 0 || e > len(runes) || s >= e:
				t.Fatalf("chunk [%d,%d) of %d characters", s, e, len(runes))
			case s <= prevStart || e <= prevEnd:
				t.Fatalf("chunk [%d,%d) after [%d,%d)", s, e, prevStart, prevEnd)
			case s > 0 && !isSpace(runes[s-1]), e < len(runes) && !isSpace(runes[e]):
				t.Fatalf("chunk %q cuts a word", c)
			case isSpace(runes[s]) || isSpace(runes[e-1]):
				t.Fatalf("chunk %q has white space at an end", c)
			case e-s > size && strings.ContainsFunc(c, isSpace):
				t.Fatalf("chunk %q over %d characters", c, size)
			}
			prevStart, prevEnd = s, e
			return nil
		})
	})
}

// BenchmarkChunkPage chunks a 1 MiB page into 1000-character chunks.
func BenchmarkChunkPage(b *testing.B) {
	runes := []rune(strings.Repeat("lorem ipsum dolor sit amet, consectetur adipiscing elit. ", (1<<20)/57))
	b.SetBytes(int64(len(runes)))
	for b.Loop() {
		_ = chunkPage(runes, DefaultChunkSize, DefaultChunkOverlap, func(int, int) error { return nil })
	}
}
