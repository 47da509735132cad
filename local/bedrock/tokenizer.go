package bedrock

import (
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/registry"
)

// textAnalyzer is the analyzer of the chunk text: bleve's English analyzer
// ("en": Unicode word segmentation, English possessives, lower case,
// English stop words, Porter stemming) with a tokenizer and a stemmer that
// give the same tokens faster (wordTokenizer, stemCache). Indexes made
// before it existed keep "en" in their stored mapping; both give the same
// terms.
const textAnalyzer = "docflow_en"

// wordsTokenizer is the name of wordTokenizer in bleve's registry.
const wordsTokenizer = "docflow_words"

func init() {
	registry.RegisterTokenizer(wordsTokenizer, func(map[string]any, *registry.Cache) (analysis.Tokenizer, error) {
		return wordTokenizer{unicode.NewUnicodeTokenizer()}, nil
	})
	registry.RegisterTokenFilter(stemmerFilter, func(map[string]any, *registry.Cache) (analysis.TokenFilter, error) {
		return newStemCache(maxStems), nil
	})
	registry.RegisterAnalyzer(textAnalyzer, func(config map[string]any, cache *registry.Cache) (analysis.Analyzer, error) {
		a := &analysis.DefaultAnalyzer{}
		var err error
		if a.Tokenizer, err = cache.TokenizerNamed(wordsTokenizer); err != nil {
			return nil, err
		}
		for _, name := range []string{en.PossessiveName, lowercase.Name, en.StopName, stemmerFilter} {
			f, err := cache.TokenFilterNamed(name)
			if err != nil {
				return nil, err
			}
			a.TokenFilters = append(a.TokenFilters, f)
		}
		return a, nil
	})
}

// wordTokenizer splits text into words as bleve's unicode tokenizer does
// (the word boundaries of Unicode's UAX #29, keeping the words that hold a
// letter or a digit), with the rules written out for ASCII: most chunk
// text is ASCII, and the general segmenter was a tenth of all ingestion
// CPU. A stretch between ASCII spaces that holds any other byte goes to
// the unicode tokenizer, so the tokens are the same whatever the text
// (TestWordTokenizerMatchesUnicode).
//
// The spaces are where the two can be joined: UAX #29 always breaks
// before an ASCII space and after one (a combining mark after a space
// belongs to the space, and neither starts a word).
type wordTokenizer struct{ general analysis.Tokenizer }

// ASCII word-break classes (UAX #29's Word_Break property for U+0000-007F).
const (
	wbOther     = iota
	wbLetter    // ALetter: A-Z a-z
	wbNumeric   // 0-9
	wbExtendNum // ExtendNumLet: _
	wbMidLetter // MidLetter: ':'
	wbMidNumLet // MidNumLet and Single_Quote: '.' and '\''
	wbMidNum    // MidNum: ',' ';'
	wbSpace     // a separator the general segmenter needs no context across
	wbNonASCII
)

var wbClass = func() (t [256]uint8) {
	for c := range 256 {
		switch {
		case c >= 0x80:
			t[c] = wbNonASCII
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z':
			t[c] = wbLetter
		case '0' <= c && c <= '9':
			t[c] = wbNumeric
		case c == '_':
			t[c] = wbExtendNum
		case c == ':':
			t[c] = wbMidLetter
		case c == '.', c == '\'':
			t[c] = wbMidNumLet
		case c == ',', c == ';':
			t[c] = wbMidNum
		case c == ' ', c == '\t', c == '\n', c == '\r', c == '\f', c == '\v':
			t[c] = wbSpace
		}
	}
	return t
}()

func (t wordTokenizer) Tokenize(input []byte) analysis.TokenStream {
	// The segmenter's way with bytes that are not UTF-8 depends on what
	// comes before them: such a text goes to it whole.
	if !utf8.Valid(input) {
		return t.general.Tokenize(input)
	}
	out := make(analysis.TokenStream, 0, len(input)/6+1)
	// One array holds the tokens of the ASCII words: one allocation, as
	// the unicode tokenizer makes too.
	ta := make([]analysis.Token, 0, len(input)/6+1)
	pos := 1
	emit := func(start, end int, typ analysis.TokenType) {
		if len(ta) == cap(ta) {
			ta = make([]analysis.Token, 0, cap(ta))
		}
		ta = append(ta, analysis.Token{Term: input[start:end:end], Start: start, End: end, Position: pos, Type: typ})
		out = append(out, &ta[len(ta)-1])
		pos++
	}
	for i := 0; i < len(input); {
		if wbClass[input[i]] == wbSpace {
			i++
			continue
		}
		// A stretch up to the next space: ASCII words, or the general
		// segmenter when it holds another byte.
		end := i
		ascii := true
		for end < len(input) && wbClass[input[end]] != wbSpace {
			if input[end] >= 0x80 {
				ascii = false
			}
			end++
		}
		if !ascii {
			for _, tok := range t.general.Tokenize(input[i:end]) {
				tok.Start += i
				tok.End += i
				tok.Position = pos
				out = append(out, tok)
				pos++
			}
			i = end
			continue
		}
		for i < end {
			c := wbClass[input[i]]
			if c != wbLetter && c != wbNumeric && c != wbExtendNum {
				i++
				continue
			}
			start, letters, digits := i, false, false
			for i < end {
				switch wbClass[input[i]] {
				case wbLetter:
					letters = true
					i++
					continue
				case wbNumeric:
					digits = true
					i++
					continue
				case wbExtendNum:
					i++
					continue
				}
				// A middle character joins letter to letter (WB6, WB7) or
				// digit to digit (WB11, WB12).
				if i+1 < end {
					prev, mid, next := wbClass[input[i-1]], wbClass[input[i]], wbClass[input[i+1]]
					if prev == wbLetter && next == wbLetter && (mid == wbMidLetter || mid == wbMidNumLet) ||
						prev == wbNumeric && next == wbNumeric && (mid == wbMidNum || mid == wbMidNumLet) {
						i += 2
						continue
					}
				}
				break
			}
			// As the segmenter types words: a number is digits without a
			// letter ("_" alone is a word, not a number).
			typ := analysis.AlphaNumeric
			if digits && !letters {
				typ = analysis.Numeric
			}
			emit(start, i, typ)
		}
	}
	return out
}
