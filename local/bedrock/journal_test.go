package bedrock

import (
	"fmt"
	"testing"
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
