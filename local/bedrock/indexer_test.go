package bedrock

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/bedrockagent"
	agenttypes "github.com/aws/aws-sdk-go-v2/service/bedrockagent/types"
)

// A batch never overtakes a running batch's change to the same document,
// and stops before the first such change, so a document's changes reach
// the index in the order they were made.
func TestIndexerKeepsADocumentsChangesInOrder(t *testing.T) {
	del := func(uri string) queued { c := change{Delete: []string{uri}}; return queued{c: c, uris: c.uris()} }
	ix := indexer{busy: map[string]int{"x": 1}}
	ix.queue = []queued{del("x"), del("y")}
	ix.chunks = 2
	if ix.ready() {
		t.Fatal("ready with the queue's first change on a document being indexed")
	}
	ix.queue = []queued{del("y"), del("x"), del("z")}
	ix.chunks = 3
	ix.busy = map[string]int{"x": 1}
	if !ix.ready() {
		t.Fatal("not ready with y free")
	}
	got := ix.take()
	if len(got) != 1 || got[0].c.Delete[0] != "y" || len(ix.queue) != 2 || ix.chunks != 2 {
		t.Fatalf("take gave %v, left %d queued (%d chunks); want y alone, x and z left", got, len(ix.queue), ix.chunks)
	}
	if ix.busy["y"] != 1 {
		t.Errorf("y is not marked busy while its batch runs")
	}
}

// Ingesting and deleting one document over and over, while other calls
// keep the indexer busy with batches side by side, leaves the last change
// in force.
func TestLastChangeToADocumentWins(t *testing.T) {
	s := newStack(t, t.TempDir(), memObjects{})
	x := s.objects.putChunk("alice", "docX", "x.pdf", 1, 1, "The flapping document says zebra.")
	var bulk [][]string
	for call := range 40 {
		var batch []string
		for i := range maxDocumentsPerCall {
			n := call*maxDocumentsPerCall + i + 2
			batch = append(batch, s.objects.putChunk("bob", "docB", "b.pdf", 1, n, fmt.Sprintf("Bulk chunk %d.", n)))
		}
		bulk = append(bulk, batch)
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		for _, batch := range bulk {
			docs := make([]agenttypes.KnowledgeBaseDocument, len(batch))
			for i, u := range batch {
				docs[i] = s3Doc(u)
			}
			if _, err := s.agent.IngestKnowledgeBaseDocuments(context.Background(), &bedrockagent.IngestKnowledgeBaseDocumentsInput{
				KnowledgeBaseId: aws.String(DefaultKnowledgeBaseID), DataSourceId: aws.String(DefaultDataSourceID), Documents: docs,
			}); err != nil {
				t.Error(err)
				return
			}
		}
	}()
	for round := range 30 {
		s.ingestNoWait(t, x)
		if round%2 == 1 {
			s.deleteNoWait(t, x)
		}
	}
	<-done
	// The last round (29) deleted it.
	if st := s.settled(t, x)[x]; st != "NOT_FOUND" {
		t.Errorf("after ingest, delete, ..., delete: %s, want NOT_FOUND", st)
	}
	if res := s.retrieve(t, "zebra", equals("owner", "alice"), 5); len(res) != 0 {
		t.Errorf("deleted last, yet retrieved %d times", len(res))
	}
	s.ingestNoWait(t, x)
	s.deleteNoWait(t, x)
	s.ingestNoWait(t, x)
	if st := s.settled(t, x)[x]; st != "INDEXED" {
		t.Errorf("after ingest, delete, ingest: %s, want INDEXED", st)
	}
	if res := s.retrieve(t, "zebra", equals("owner", "alice"), 5); len(res) != 1 {
		t.Errorf("ingested last, retrieved %d times, want 1", len(res))
	}
}

// A full queue refuses an ingestion call with ThrottlingException before
// anything is read or journaled, and takes calls again once it drains.
func TestFullQueueThrottles(t *testing.T) {
	s := newStack(t, t.TempDir(), memObjects{})
	uri := s.objects.putChunk("alice", "docQ", "q.pdf", 1, 1, "Queued words about otters.")
	ix := &s.kb.ix
	ix.mu.Lock()
	ix.chunks = maxQueuedChunks // as if that many waited
	ix.mu.Unlock()
	_, err := s.agent.IngestKnowledgeBaseDocuments(context.Background(), &bedrockagent.IngestKnowledgeBaseDocumentsInput{
		KnowledgeBaseId: aws.String(DefaultKnowledgeBaseID), DataSourceId: aws.String(DefaultDataSourceID),
		Documents: []agenttypes.KnowledgeBaseDocument{s3Doc(uri)},
	})
	var throttled *agenttypes.ThrottlingException
	if !errors.As(err, &throttled) {
		t.Fatalf("full queue: %v, want ThrottlingException", err)
	}
	if st := s.statuses(t, uri)[uri]; st != "NOT_FOUND" {
		t.Errorf("refused document is %s, want NOT_FOUND (nothing queued)", st)
	}
	ix.mu.Lock()
	ix.chunks = 0
	ix.mu.Unlock()
	s.ingest(t, uri)
	if res := s.retrieve(t, "otters", equals("owner", "alice"), 5); len(res) != 1 {
		t.Errorf("after the queue drained: %d results, want 1", len(res))
	}
}
