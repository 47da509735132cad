package bedrock

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
)

// The extractive model's bounds: an answer is at most maxSentences
// sentences and stops growing once it passes maxAnswerRunes; each output
// event carries wordsPerEvent words, so a client sees the answer grow.
const (
	maxSentences   = 3
	maxAnswerRunes = 700
	wordsPerEvent  = 4
)

// NothingFound is the local model's answer when no passage matches. The
// answer worker replaces it with its own NotFound sentence.
const NothingFound = "No passage in the knowledge base matches this question."

// part is one sentence of an answer and the passages (indices into the
// retrieved list) it was taken from.
type part struct {
	text string
	refs []int
}

// terms is the set of analyzed terms of s (lowercased, stemmed, without
// stop words), exactly as the index analyzes the text field.
func terms(a analysis.Analyzer, s string) map[string]struct{} {
	set := map[string]struct{}{}
	for _, t := range a.Analyze([]byte(s)) {
		set[string(t.Term)] = struct{}{}
	}
	return set
}

// sentences splits a passage at ., ! or ? followed by white space, and at
// blank lines; white space inside a sentence becomes one space.
func sentences(text string) []string {
	var out []string
	var cur strings.Builder
	flush := func() {
		if s := strings.Join(strings.Fields(cur.String()), " "); s != "" {
			out = append(out, s)
		}
		cur.Reset()
	}
	for i, r := range text {
		if r == '\n' && strings.HasSuffix(cur.String(), "\n") {
			flush()
			continue
		}
		cur.WriteRune(r)
		if r == '.' || r == '!' || r == '?' {
			next, _ := utf8.DecodeRuneInString(text[i+1:])
			if i+1 == len(text) || unicode.IsSpace(next) {
				flush()
			}
		}
	}
	flush()
	return out
}

// compose is the extractive model: the sentences of the retrieved passages
// that share the most analyzed terms with the question (at least one),
// at most maxSentences of them, in passage order. A sentence found in
// several passages cites all of them.
func compose(a analysis.Analyzer, question string, passages []passage) []part {
	want := terms(a, question)
	type candidate struct {
		text         string
		passage, pos int
		score        int
		refs         []int
	}
	var cands []*candidate
	seen := map[string]*candidate{}
	for pi, p := range passages {
		for si, s := range sentences(p.Text) {
			key := strings.ToLower(s)
			if c, ok := seen[key]; ok {
				if !slices.Contains(c.refs, pi) {
					c.refs = append(c.refs, pi)
				}
				continue
			}
			score := 0
			for t := range terms(a, s) {
				if _, ok := want[t]; ok {
					score++
				}
			}
			c := &candidate{text: s, passage: pi, pos: si, score: score, refs: []int{pi}}
			seen[key] = c
			if score > 0 {
				cands = append(cands, c)
			}
		}
	}
	byRank := func(x, y *candidate) int {
		if x.passage != y.passage {
			return x.passage - y.passage
		}
		return x.pos - y.pos
	}
	slices.SortStableFunc(cands, func(x, y *candidate) int {
		if x.score != y.score {
			return y.score - x.score
		}
		return byRank(x, y)
	})
	var chosen []*candidate
	runes := 0
	for _, c := range cands {
		if len(chosen) == maxSentences || runes >= maxAnswerRunes {
			break
		}
		chosen = append(chosen, c)
		runes += utf8.RuneCountInString(c.text)
	}
	slices.SortFunc(chosen, byRank)
	parts := make([]part, len(chosen))
	for i, c := range chosen {
		parts[i] = part{text: c.text, refs: c.refs}
	}
	return parts
}

// wordGroups splits text into pieces of wordsPerEvent words whose
// concatenation is text.
func wordGroups(text string) []string {
	var out []string
	words := 0
	start := 0
	inWord := false
	for i, r := range text {
		space := unicode.IsSpace(r)
		if !space && !inWord {
			if words == wordsPerEvent {
				out = append(out, text[start:i])
				start, words = i, 0
			}
			words++
		}
		inWord = !space
	}
	if start < len(text) {
		out = append(out, text[start:])
	}
	return out
}
