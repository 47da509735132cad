package bedrock

import (
	"bytes"
	"sync"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/go-porterstemmer"
)

// stemmerFilter is the name of stemCache in bleve's registry.
const stemmerFilter = "docflow_porter"

// maxStems bounds the stems kept: words past it are stemmed each time.
// Text follows Zipf's law, so the first words met are most of the words
// met; 32,768 short strings are a few MiB at most.
const maxStems = 1 << 15

// stemCache is bleve's Porter stemmer (stemmer_porter) with the stems it
// has computed kept by word. Stemming converts each word to runes and
// back, two allocations and a tenth of ingestion CPU, for a vocabulary
// that repeats from chunk to chunk. The stems are the stemmer's own
// (TestStemCacheMatchesPorter), so indexes made with either agree.
//
// One filter serves every analysis worker: a token stream takes the read
// lock once, and the write lock once if it met new words.
type stemCache struct {
	limit int // maxStems but in tests
	mu    sync.RWMutex
	stems map[string]string
}

func newStemCache(limit int) *stemCache {
	return &stemCache{limit: limit, stems: make(map[string]string)}
}

func (s *stemCache) Filter(input analysis.TokenStream) analysis.TokenStream {
	var missed []int // indexes of tokens whose stems were computed
	s.mu.RLock()
	for i, token := range input {
		if token.KeyWord { // protected keywords are not stemmed
			continue
		}
		if stem, ok := s.stems[string(token.Term)]; ok {
			token.Term = append(token.Term[:0], stem...)
			continue
		}
		missed = append(missed, i)
	}
	full := len(s.stems) >= s.limit
	s.mu.RUnlock()
	if len(missed) == 0 {
		return input
	}
	var words []string
	if !full {
		words = make([]string, len(missed))
	}
	for k, i := range missed {
		token := input[i]
		if words != nil {
			words[k] = string(token.Term)
		}
		token.Term = analysis.BuildTermFromRunes(porterstemmer.StemWithoutLowerCasing(bytes.Runes(token.Term)))
	}
	if words != nil {
		s.mu.Lock()
		for k, i := range missed {
			if len(s.stems) < s.limit {
				s.stems[words[k]] = string(input[i].Term)
			}
		}
		s.mu.Unlock()
	}
	return input
}
