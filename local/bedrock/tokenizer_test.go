package bedrock

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"

	"docflow/internal/testdocs"
)

// tokenPieces are what the random texts are made of: every ASCII
// character, and non-ASCII ones that UAX #29 treats in each of its ways
// (letters, a combining mark, format characters, a no-break space, CJK,
// kana, an emoji with its joiner, curly quotes, a Hebrew letter, Thai).
var tokenPieces = func() []string {
	var p []string
	for c := range 128 {
		p = append(p, string(rune(c)))
	}
	// Letters, digits, spaces and the middle characters more often, so
	// words and their joins are common.
	p = append(p, "a", "b", "Z", "e", "0", "7", " ", " ", "\n", ".", ",", "'", ":", ";", "_")
	return append(p, "é", "ß", "\u0301", "\u00ad", "\u200b", "\u200d", "\u00a0", "\u2019", "\u201c", "中", "文", "カ", "ー", "😀", "👍🏽", "א", "ไทย", "١", "\ufeff", "\u3000")
}()

func randomText(r *rand.Rand, n int) string {
	var b strings.Builder
	for range n {
		b.WriteString(tokenPieces[r.IntN(len(tokenPieces))])
	}
	return b.String()
}

func sameTokens(t *testing.T, input string) {
	t.Helper()
	want := unicode.NewUnicodeTokenizer().Tokenize([]byte(input))
	got := wordTokenizer{unicode.NewUnicodeTokenizer()}.Tokenize([]byte(input))
	show := func(ts analysis.TokenStream) string {
		var b strings.Builder
		for _, tok := range ts {
			b.WriteString(tok.String())
			b.WriteByte('\n')
		}
		return b.String()
	}
	if show(got) != show(want) {
		t.Fatalf("tokens of %q differ from the unicode tokenizer's:\n got:\n%s\nwant:\n%s", input, show(got), show(want))
	}
}

// The word tokenizer gives exactly the unicode tokenizer's tokens (term,
// offsets, position, type), on random mixes of every ASCII character and
// non-ASCII characters of every word-break kind, and on chunk-like text.
func TestWordTokenizerMatchesUnicode(t *testing.T) {
	for _, s := range []string{
		"", " ", "a", "_", "__", "a_", "_1", "1_", "a_b", "don't", "can't.", "e.g.", "3.14", "1,000,000", "1;2", "a:b", "a::b",
		"a.1", "1.a", "a'", "'a", "x.y.z", "U.S.A.", "1.2.3", "1..2", "a''b", "ab12cd", "12ab", "end.\nNext",
		"naïve café", "l’été", "e\u0301t\u0301e\u0301", " \u0301abc", "a\u00adb", "foo\u200bbar", "中文 text", "카 ok", "😀 hi 👍🏽",
		"tab\there", "cr\r\nlf", "\u00a0nbsp\u00a0", "x\u200dy",
	} {
		sameTokens(t, s)
	}
	r := rand.New(rand.NewPCG(1, 2))
	for range 20_000 {
		sameTokens(t, randomText(r, 1+r.IntN(40)))
	}
	words := testdocs.NewWords(3)
	for range 200 {
		sameTokens(t, words.Chunk())
	}
}

func FuzzWordTokenizer(f *testing.F) {
	f.Add("don't stop 3.14 e.g. U.S.A. naïve l’été 中文 😀")
	f.Fuzz(func(t *testing.T, s string) { sameTokens(t, s) })
}

// BenchmarkTokenize compares the word tokenizer with bleve's unicode
// tokenizer on chunk-sized text.
func BenchmarkTokenize(b *testing.B) {
	words := testdocs.NewWords(5)
	texts := make([][]byte, 100)
	for i := range texts {
		texts[i] = []byte(words.Chunk())
	}
	for _, tc := range []struct {
		name string
		tok  analysis.Tokenizer
	}{{"unicode", unicode.NewUnicodeTokenizer()}, {"words", wordTokenizer{unicode.NewUnicodeTokenizer()}}} {
		b.Run(tc.name, func(b *testing.B) {
			for i := range b.N {
				tc.tok.Tokenize(texts[i%len(texts)])
			}
		})
	}
}
