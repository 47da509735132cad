package bedrock

import (
	"math/rand/v2"
	"strings"
	"sync"
	"testing"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/token/porter"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"

	"docflow/internal/testdocs"
)

// stemStreams are token streams of chunk text and of random text (every
// ASCII character and non-ASCII ones), lower-cased as the analyzer's
// earlier filters leave them, with every seventh token a protected keyword.
func stemStreams() []string {
	var texts []string
	words := testdocs.NewWords(5)
	for range 300 {
		texts = append(texts, strings.ToLower(words.Chunk()))
	}
	r := rand.New(rand.NewPCG(3, 4))
	for range 2000 {
		texts = append(texts, randomText(r, 1+r.IntN(60)))
	}
	return append(texts, "running runner runs ran generalizations conflated hopping hoped sky skies caresses ponies ties",
		"naïveté résumés über straße ßs", "a ab abc ed ing ies sses")
}

func tokens(text string) analysis.TokenStream {
	ts := unicode.NewUnicodeTokenizer().Tokenize([]byte(text))
	for i, t := range ts {
		t.KeyWord = i%7 == 6
	}
	return ts
}

func showTerms(ts analysis.TokenStream) string {
	var b strings.Builder
	for _, t := range ts {
		b.WriteString(t.String())
		b.WriteByte('\n')
	}
	return b.String()
}

// The stem cache gives exactly the Porter stemmer's terms, with an empty
// cache, a warm one, a full one (words past the bound are still stemmed),
// and from many analysis workers at once.
func TestStemCacheMatchesPorter(t *testing.T) {
	texts := stemStreams()
	want := make([]string, len(texts))
	for i, text := range texts {
		want[i] = showTerms(porter.NewPorterStemmer().Filter(tokens(text)))
	}
	check := func(t *testing.T, s *stemCache) {
		for i, text := range texts {
			if got := showTerms(s.Filter(tokens(text))); got != want[i] {
				t.Fatalf("stems of %q:\n got:\n%s\nwant:\n%s", text, got, want[i])
			}
		}
	}
	t.Run("cold and warm", func(t *testing.T) {
		s := newStemCache(maxStems)
		check(t, s) // computes and keeps
		if len(s.stems) == 0 {
			t.Fatal("the cache kept no stems")
		}
		check(t, s) // from the cache
	})
	t.Run("full", func(t *testing.T) {
		s := newStemCache(50)
		check(t, s)
		if len(s.stems) != 50 {
			t.Fatalf("the cache holds %d stems, want its bound 50", len(s.stems))
		}
		check(t, s)
	})
	t.Run("workers at once", func(t *testing.T) {
		s := newStemCache(maxStems)
		var wg sync.WaitGroup
		for range 4 {
			wg.Go(func() { check(t, s) })
		}
		wg.Wait()
	})
}

func BenchmarkStem(b *testing.B) {
	words := testdocs.NewWords(7)
	var texts []string
	for range 200 {
		texts = append(texts, strings.ToLower(words.Chunk()))
	}
	for _, f := range []struct {
		name   string
		filter analysis.TokenFilter
	}{{"porter", porter.NewPorterStemmer()}, {"cache", newStemCache(maxStems)}} {
		b.Run(f.name, func(b *testing.B) {
			streams := make([]analysis.TokenStream, b.N)
			for i := range streams {
				streams[i] = unicode.NewUnicodeTokenizer().Tokenize([]byte(texts[i%len(texts)]))
			}
			b.ReportAllocs()
			b.ResetTimer()
			for i := range b.N {
				f.filter.Filter(streams[i])
			}
		})
	}
}
