package processor

import "unicode"

// isSpace is the white space that separates words, for chunks and word counts.
func isSpace(r rune) bool { return unicode.IsSpace(r) }

// Defaults of the chunking.
const (
	DefaultChunkSize    = 1000 // characters
	DefaultChunkOverlap = 200  // characters
)

// Chunk is one line of chunks.jsonl: a piece of one page's text with its
// offsets in characters into text.txt (end exclusive).
type Chunk struct {
	Index int    `json:"index"`
	Page  int    `json:"page"`
	Start int    `json:"start"`
	End   int    `json:"end"`
	Text  string `json:"text"`
}

// chunkPage splits one page into chunks of at most size characters, each
// starting and ending at a word boundary with no white space at either end,
// consecutive ones sharing about overlap characters (whole words only). A
// word longer than size is a chunk of its own. It calls emit with each
// chunk's rune range in text; base is the page's offset in text.txt, added
// by the caller.
func chunkPage(text []rune, size, overlap int, emit func(start, end int) error) error {
	n := len(text)
	space := func(i int) bool { return isSpace(text[i]) }
	p, prevEnd := 0, 0
	for {
		for p < n && space(p) {
			p++
		}
		if p >= n {
			return nil
		}
		e := p + size
		if e >= n {
			e = n
		} else {
			// Back off to a boundary: e between a space and anything, or
			// anything and a space.
			b := e
			for b > p && !space(b-1) && !space(b) {
				b--
			}
			if b == p { // one word longer than size: take all of it
				for e < n && !space(e) {
					e++
				}
			} else {
				e = b
			}
		}
		for e > p && space(e-1) {
			e--
		}
		if e <= prevEnd {
			// The overlap would make this chunk a part of the last one
			// (the word after it is too long to join): start after it.
			p = prevEnd
			continue
		}
		if err := emit(p, e); err != nil {
			return err
		}
		prevEnd = e
		rest := e
		for rest < n && space(rest) {
			rest++
		}
		if rest >= n {
			return nil
		}
		// The next chunk starts overlap characters back, moved forward to
		// the start of a word, and always past this chunk's start.
		q := max(e-overlap, p+1)
		for q < e && !space(q-1) {
			q++
		}
		p = q
	}
}
