package testdocs

import (
	"math/rand/v2"
	"strings"
)

// Words makes deterministic chunk texts from a 20,000-word vocabulary
// drawn with Zipf frequencies (a few very common words, a long tail), so
// an index built from them has term statistics like text's. The knowledge
// base's benchmarks (local/bedrock, local/stack) index them.
type Words struct {
	words []string
	zipf  *rand.Zipf
	rng   *rand.Rand
}

// NewWords returns a Words whose texts are fixed by seed.
func NewWords(seed uint64) *Words {
	rng := rand.New(rand.NewPCG(seed, 1))
	c := &Words{rng: rng, zipf: rand.NewZipf(rng, 1.1, 2, 19999)}
	const letters = "abcdefghijklmnopqrstuvwxyz"
	seen := map[string]bool{}
	for len(c.words) < 20000 {
		b := make([]byte, 3+rng.IntN(7))
		for i := range b {
			b[i] = letters[rng.IntN(len(letters))]
		}
		if w := string(b); !seen[w] {
			seen[w] = true
			c.words = append(c.words, w)
		}
	}
	return c
}

// Chunk is about 1,000 characters (the processor's chunk size) of
// sentences of 8 to 19 words.
func (c *Words) Chunk() string {
	var b strings.Builder
	for b.Len() < 1000 {
		n := 8 + c.rng.IntN(12)
		for i := range n {
			w := c.words[c.zipf.Uint64()]
			if i == 0 {
				w = strings.ToUpper(w[:1]) + w[1:]
			}
			b.WriteString(w)
			if i < n-1 {
				b.WriteByte(' ')
			}
		}
		b.WriteString(". ")
	}
	return strings.TrimSpace(b.String())
}
