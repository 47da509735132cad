package stages

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"docflow/shared/domain"
	"docflow/shared/progress"
	"docflow/shared/workflow"
)

func testInput() workflow.Input {
	return workflow.Input{
		DocumentID: testID, DocumentName: "report.txt", Bucket: "docflow-documents",
		DocumentKey: "uploads/alice/" + testID + "/report.txt", Owner: "alice", RequestedAt: "2026-01-02T03:04:00Z",
	}
}

func TestStart(t *testing.T) {
	queued := stored(domain.StageQueued, domain.StatusQueued, 0, 0)
	tests := []struct {
		name        string
		in          workflow.Input
		advance     func(context.Context, string, domain.Update) (domain.Document, bool, error)
		publishErr  error
		wantResult  Result
		wantErrName string // "" for success
		wantUpdates int
		wantPublish []int64 // seqs published
	}{
		{
			name: "first try advances and publishes", in: testInput(), advance: applyTo(queued),
			wantResult:  Result{DocumentID: testID, Status: domain.StatusStarting, Stage: domain.StageStart, Progress: 10, Seq: 1, Outcome: OutcomeApplied},
			wantUpdates: 1, wantPublish: []int64{1},
		},
		{
			name: "retried stage re-publishes the recorded frame", in: testInput(),
			advance:     notApplied(stored(domain.StageStart, domain.StatusStarting, 10, 1)),
			wantResult:  Result{DocumentID: testID, Status: domain.StatusStarting, Stage: domain.StageStart, Progress: 10, Seq: 1, Outcome: OutcomeRepublished},
			wantUpdates: 1, wantPublish: []int64{1},
		},
		{
			name: "late start is dropped", in: testInput(),
			advance:     notApplied(stored(domain.StageProcess, domain.StatusProcessing, 40, 3)),
			wantResult:  Result{DocumentID: testID, Status: domain.StatusProcessing, Stage: domain.StageProcess, Progress: 40, Seq: 3, Outcome: OutcomeSkipped},
			wantUpdates: 1,
		},
		{
			name: "store down is a StoreError", in: testInput(), advance: failing(dbDown),
			wantErrName: "StoreError", wantUpdates: 1,
		},
		{
			name: "absent document is an InputError", in: testInput(), advance: failing(notFound),
			wantErrName: "InputError", wantUpdates: 1,
		},
		{
			name: "other store failure is wrapped", in: testInput(), advance: failing(errors.New("decode document: bad item")),
			wantErrName: "wrapError", wantUpdates: 1,
		},
		{
			name: "publish failure retries the stage", in: testInput(), advance: applyTo(queued),
			publishErr:  dbDown,
			wantResult:  Result{DocumentID: testID, Status: domain.StatusStarting, Stage: domain.StageStart, Progress: 10, Seq: 1, Outcome: OutcomeApplied},
			wantErrName: "StoreError", wantUpdates: 1, wantPublish: []int64{1},
		},
		{name: "missing document id", in: workflow.Input{DocumentName: "x.txt"}, wantErrName: "InputError"},
		{name: "document id of another shape", in: workflow.Input{DocumentID: "../../etc"}, wantErrName: "InputError"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := &fakeStore{AdvanceFunc: tt.advance}
			pub := &fakePublisher{PublishFunc: func(context.Context, domain.Document) error { return tt.publishErr }}
			h := NewStart(st, pub, nil)
			h.now = func() time.Time { return testNow }

			got, err := h.Handle(context.Background(), tt.in)

			if gotName := errorName(err); gotName != tt.wantErrName {
				t.Fatalf("error %v named %q, want %q", err, gotName, tt.wantErrName)
			}
			if err == nil && got != tt.wantResult {
				t.Errorf("result = %+v, want %+v", got, tt.wantResult)
			}
			if len(st.updates) != tt.wantUpdates {
				t.Fatalf("Advance called %d times, want %d", len(st.updates), tt.wantUpdates)
			}
			if tt.wantUpdates > 0 {
				want := progress.Start.Update()
				want.At = testNow
				if got := st.updates[0]; got != want {
					t.Errorf("update = %+v, want %+v", got, want)
				}
			}
			var gotSeqs []int64
			for _, d := range pub.published {
				gotSeqs = append(gotSeqs, d.Seq)
			}
			if !slices.Equal(gotSeqs, tt.wantPublish) {
				t.Errorf("published seqs %v, want %v", gotSeqs, tt.wantPublish)
			}
		})
	}
}
