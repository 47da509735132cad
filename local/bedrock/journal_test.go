package bedrock

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/bedrockagent"
	agenttypes "github.com/aws/aws-sdk-go-v2/service/bedrockagent/types"
)

// TestJournalRotationAndReplay makes the journal move to a new file at
// every call, so files are written, replayed and removed while scorch
// persists in the background (or, unsafe, drops what it had not persisted
// at Close); after each restart every chunk is there. (Whether a file is
// removed depends on when scorch persists, so it is not asserted.)
func TestJournalRotationAndReplay(t *testing.T) {
	defer func(n int64) { journalFileSize = n }(journalFileSize)
	journalFileSize = 1

	dir := t.TempDir()
	objects := memObjects{}
	var uris []string
	for round := range 3 {
		kb, err := Open(Config{Dir: dir, Objects: objects})
		if err != nil {
			t.Fatalf("round %d: %v", round, err)
		}
		s := serve(t, kb, objects)
		for call := range 6 {
			var batch []string
			for i := range 5 {
				n := len(uris) + i
				batch = append(batch, objects.putChunk("alice", fmt.Sprintf("doc%d", round), "r.pdf", call+1, n, fmt.Sprintf("Round %d call %d chunk %d says kw%dq.", round, call, n, n)))
			}
			s.ingest(t, batch...)
			uris = append(uris, batch...)
		}
		for i := 0; i < len(uris); i += maxDocumentsPerCall {
			for uri, status := range s.statuses(t, uris[i:min(i+maxDocumentsPerCall, len(uris))]...) {
				if status != "INDEXED" {
					t.Errorf("round %d: %s is %s", round, uri, status)
				}
			}
		}
		if err := kb.Close(); err != nil {
			t.Fatal(err)
		}
	}

	s := newStack(t, dir, objects)
	for i, uri := range uris {
		res := s.retrieve(t, fmt.Sprintf("kw%dq", i), equals("owner", "alice"), 1)
		if len(res) != 1 || *res[0].Location.S3Location.Uri != uri {
			t.Errorf("after 3 restarts: chunk %d not found", i)
		}
	}
}

// TestSideBySideIngestion has callers ingest at once, so their calls
// share batches (see indexer.go): every call is answered (STARTING, or
// INDEXED when it found the indexer idle), every
// chunk becomes INDEXED and is then found, and all of them are still
// there after a restart.
func TestSideBySideIngestion(t *testing.T) {
	dir := t.TempDir()
	objects := memObjects{}
	const callers, calls, perCall = 4, 5, 3
	batches := make([][][]string, callers)
	for c := range callers {
		for call := range calls {
			var batch []string
			for i := range perCall {
				n := (c*calls+call)*perCall + i
				batch = append(batch, objects.putChunk("alice", fmt.Sprintf("doc%d", c), "s.pdf", call+1, n, fmt.Sprintf("Caller %d call %d says kw%dq.", c, call, n)))
			}
			batches[c] = append(batches[c], batch)
		}
	}
	kb, err := Open(Config{Dir: dir, Objects: objects})
	if err != nil {
		t.Fatal(err)
	}
	s := serve(t, kb, objects)
	var wg sync.WaitGroup
	for c := range callers {
		wg.Go(func() {
			// Not s.ingest and s.retrieve: they stop the test, which
			// only the test's own goroutine may do.
			for _, batch := range batches[c] {
				docs := make([]agenttypes.KnowledgeBaseDocument, len(batch))
				for i, u := range batch {
					docs[i] = s3Doc(u)
				}
				out, err := s.agent.IngestKnowledgeBaseDocuments(context.Background(), &bedrockagent.IngestKnowledgeBaseDocumentsInput{
					KnowledgeBaseId: aws.String(DefaultKnowledgeBaseID), DataSourceId: aws.String(DefaultDataSourceID), Documents: docs,
				})
				if err != nil {
					t.Errorf("caller %d: %v", c, err)
					return
				}
				for _, d := range out.DocumentDetails {
					if d.Status != "STARTING" && d.Status != "INDEXED" {
						t.Errorf("%s: %s", *d.Identifier.S3.Uri, d.Status)
					}
				}
			}
		})
	}
	wg.Wait()
	var all []string
	for c := range callers {
		for _, batch := range batches[c] {
			all = append(all, batch...)
		}
	}
	for uri, st := range s.settled(t, all...) {
		if st != "INDEXED" {
			t.Errorf("%s: %s, want INDEXED", uri, st)
		} else if res, err := kb.search(kwOf(uri), nil, 1); err != nil || len(res) != 1 || res[0].SourceURI != uri {
			t.Errorf("INDEXED but %s not found (%v)", uri, err)
		}
	}
	if err := kb.Close(); err != nil {
		t.Fatal(err)
	}

	s = newStack(t, dir, objects)
	for c := range callers {
		for _, batch := range batches[c] {
			for _, uri := range batch {
				if res := s.retrieve(t, kwOf(uri), equals("owner", "alice"), 1); len(res) != 1 || *res[0].Location.S3Location.Uri != uri {
					t.Errorf("after a restart: %s not found", uri)
				}
			}
		}
	}
}

// kwOf is the keyword TestSideBySideIngestion's chunk at uri says: kw<n>q
// for chunk-<n>.
func kwOf(uri string) string {
	var n int
	fmt.Sscanf(uri[strings.LastIndex(uri, "chunk-"):], "chunk-%d.txt", &n)
	return fmt.Sprintf("kw%dq", n)
}
