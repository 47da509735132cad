package stages

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/bedrockagent"
	"github.com/aws/aws-sdk-go-v2/service/bedrockagent/types"

	"docflow/shared/domain"
)

// settledKB answers IngestKnowledgeBaseDocuments as a synchronous
// knowledge base would: statuses[i] for the i-th chunk of
// each call, INDEXED when statuses is shorter. Later polls report the
// fake's script.
type settledKB struct {
	*fakeKB
	statuses []types.DocumentStatus
}

func (k settledKB) IngestKnowledgeBaseDocuments(ctx context.Context, in *bedrockagent.IngestKnowledgeBaseDocumentsInput, opt ...func(*bedrockagent.Options)) (*bedrockagent.IngestKnowledgeBaseDocumentsOutput, error) {
	out, err := k.fakeKB.IngestKnowledgeBaseDocuments(ctx, in, opt...)
	if err != nil {
		return nil, err
	}
	for i := range out.DocumentDetails {
		out.DocumentDetails[i].Status = types.DocumentStatusIndexed
		if i < len(k.statuses) {
			out.DocumentDetails[i].Status = k.statuses[i]
		}
	}
	return out, nil
}

// TestIndexTrustsAnIngestAnswerOfIndexed: when the ingest answer already
// says every chunk is INDEXED, Index neither polls nor sleeps (the local
// stack's documents used to wait a poll interval, 2 s, each); a chunk the
// answer gives as STARTING is still polled until indexed, as in AWS.
func TestIndexTrustsAnIngestAnswerOfIndexed(t *testing.T) {
	tests := []struct {
		name      string
		chunks    int
		statuses  []types.DocumentStatus
		wantPolls int // GetKnowledgeBaseDocuments calls
		wantSleep bool
	}{
		{name: "all indexed", chunks: 13},
		{name: "indexed with a warning", chunks: 2, statuses: []types.DocumentStatus{types.DocumentStatusPartiallyIndexed}},
		{name: "one chunk still starting", chunks: 3,
			statuses:  []types.DocumentStatus{types.DocumentStatusIndexed, types.DocumentStatusStarting},
			wantPolls: 1, wantSleep: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			kb := settledKB{fakeKB: newFakeKB(types.DocumentStatusIndexed), statuses: tt.statuses}
			st := &fakeStore{AdvanceFunc: applyTo(stored(domain.StageProcess, domain.StatusProcessing, 98, 3))}
			h, slept := newTestIndex(st, &fakePublisher{}, kb)
			if _, err := h.Handle(context.Background(), indexEvent(tt.chunks)); err != nil {
				t.Fatalf("index: %v", err)
			}
			if got, _ := kb.ingestedURIs(); len(got) != tt.chunks {
				t.Errorf("ingested %d chunks, want %d", len(got), tt.chunks)
			}
			if len(kb.gets) != tt.wantPolls {
				t.Errorf("%d status polls, want %d", len(kb.gets), tt.wantPolls)
			}
			if len(kb.gets) == 1 && len(kb.gets[0]) != 1 {
				t.Errorf("the poll asked about %d chunks, want only the one not yet indexed", len(kb.gets[0]))
			}
			if (*slept > 0) != tt.wantSleep {
				t.Errorf("slept %v; want a sleep: %v", *slept, tt.wantSleep)
			}
		})
	}
}
