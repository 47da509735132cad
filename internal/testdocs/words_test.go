package testdocs

import (
	"strings"
	"testing"
)

func TestWords(t *testing.T) {
	a, b, other := NewWords(7), NewWords(7), NewWords(8)
	counts := map[string]int{}
	for range 50 {
		got := a.Chunk()
		if want := b.Chunk(); got != want {
			t.Fatalf("same seed, different chunks:\n%s\n%s", got, want)
		}
		if n := len(got); n < 990 || n > 1300 {
			t.Errorf("chunk of %d characters, want about 1,000", n)
		}
		if !strings.HasSuffix(got, ".") || got[0] < 'A' || got[0] > 'Z' {
			t.Errorf("chunk is not sentences: %.40q…", got)
		}
		for _, w := range strings.Fields(strings.ToLower(strings.ReplaceAll(got, ".", ""))) {
			counts[w]++
		}
	}
	if a.Chunk() == other.Chunk() {
		t.Error("different seeds gave the same chunk")
	}
	// Zipf: the commonest word is far commoner than the typical one.
	top, total := 0, 0
	for _, n := range counts {
		top, total = max(top, n), total+n
	}
	if mean := total / len(counts); top < 20*mean {
		t.Errorf("commonest word %d times, mean %d: not a Zipf vocabulary", top, mean)
	}
}
