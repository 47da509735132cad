package stages

import (
	"context"
	"testing"
	"time"

	"docflow/shared/domain"
	"docflow/shared/progress"
	"docflow/shared/workflow"
)

func TestComplete(t *testing.T) {
	summary := &domain.Summary{Type: "text/plain", Pages: 2, Words: 120, Characters: 700, Chunks: 1, Bytes: 712,
		SHA256: "ab", TextKey: "processed/" + testID + "/text.txt"}
	processing := stored(domain.StageProcess, domain.StatusProcessing, 99, 9)
	tests := []struct {
		name        string
		in          workflow.CompleteEvent
		advance     func(context.Context, string, domain.Update) (domain.Document, bool, error)
		wantOutcome Outcome
		wantErrName string
		wantPublish int
	}{
		{name: "stores the summary and publishes 100", in: workflow.CompleteEvent{Input: testInput(), Result: summary},
			advance: applyTo(processing), wantOutcome: OutcomeApplied, wantPublish: 1},
		{name: "retried complete re-publishes", in: workflow.CompleteEvent{Input: testInput(), Result: summary},
			advance: notApplied(stored(domain.StageComplete, domain.StatusComplete, 100, 10)), wantOutcome: OutcomeRepublished, wantPublish: 1},
		{name: "already failed document is left alone", in: workflow.CompleteEvent{Input: testInput(), Result: summary},
			advance: notApplied(stored(domain.StageFail, domain.StatusFailed, 40, 5)), wantOutcome: OutcomeSkipped},
		{name: "missing result", in: workflow.CompleteEvent{Input: testInput()}, wantErrName: "InputError"},
		{name: "missing document id", in: workflow.CompleteEvent{Result: summary}, wantErrName: "InputError"},
		{name: "store down", in: workflow.CompleteEvent{Input: testInput(), Result: summary}, advance: failing(dbDown), wantErrName: "StoreError"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := &fakeStore{AdvanceFunc: tt.advance}
			pub := &fakePublisher{}
			h := NewComplete(st, pub, nil)
			h.now = func() time.Time { return testNow }

			got, err := h.Handle(context.Background(), tt.in)

			if gotName := errorName(err); gotName != tt.wantErrName {
				t.Fatalf("error %v named %q, want %q", err, gotName, tt.wantErrName)
			}
			if got.Outcome != tt.wantOutcome {
				t.Errorf("outcome = %q, want %q", got.Outcome, tt.wantOutcome)
			}
			if len(pub.published) != tt.wantPublish {
				t.Fatalf("published %d frames, want %d", len(pub.published), tt.wantPublish)
			}
			if tt.advance == nil {
				if len(st.updates) != 0 {
					t.Errorf("Advance called on a bad event: %+v", st.updates)
				}
				return
			}
			want := progress.Complete.Update()
			want.Summary, want.At = tt.in.Result, testNow
			if got := st.updates[0]; got != want {
				t.Errorf("update = %+v, want %+v", got, want)
			}
			if tt.wantOutcome == OutcomeApplied {
				if got := pub.published[0]; got.Progress != 100 || got.Summary != summary || got.Seq != 10 {
					t.Errorf("published progress %d seq %d summary %v, want 100, 10, the event's", got.Progress, got.Seq, got.Summary)
				}
			}
		})
	}
}
