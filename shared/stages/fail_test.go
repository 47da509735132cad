package stages

import (
	"context"
	"testing"
	"time"

	"docflow/shared/domain"
	"docflow/shared/workflow"
)

func TestFailureOf(t *testing.T) {
	tests := []struct {
		name                  string
		in                    workflow.ErrorInfo
		wantReason, wantCause string
	}{
		{name: "lambda error response", in: workflow.ErrorInfo{Error: "LaunchError", Cause: `{"errorMessage":"run processing task: ECS refused: RESOURCE:ENI","errorType":"LaunchError"}`},
			wantReason: "LaunchError", wantCause: "run processing task: ECS refused: RESOURCE:ENI"},
		{name: "generic task failure takes the lambda's type", in: workflow.ErrorInfo{Error: "States.TaskFailed", Cause: `{"errorType":"StoreError","errorMessage":"throttled","stackTrace":[]}`},
			wantReason: "StoreError", wantCause: "throttled"},
		{name: "container's plain cause", in: workflow.ErrorInfo{Error: "Document.Empty", Cause: "The file has only whitespace."},
			wantReason: "Document.Empty", wantCause: "The file has only whitespace."},
		{name: "heartbeat timeout without cause", in: workflow.ErrorInfo{Error: "States.HeartbeatTimeout"},
			wantReason: "States.HeartbeatTimeout"},
		{name: "brace that is not lambda JSON", in: workflow.ErrorInfo{Error: "Document.Corrupt", Cause: "{not json"},
			wantReason: "Document.Corrupt", wantCause: "{not json"},
		{name: "JSON without errorMessage stays as is", in: workflow.ErrorInfo{Error: "States.Runtime", Cause: `{"a":1}`},
			wantReason: "States.Runtime", wantCause: `{"a":1}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			gotReason, gotCause := FailureOf(tt.in)
			if gotReason != tt.wantReason || gotCause != tt.wantCause {
				t.Errorf("FailureOf(%+v) = %q, %q; want %q, %q", tt.in, gotReason, gotCause, tt.wantReason, tt.wantCause)
			}
		})
	}
}

func TestFail(t *testing.T) {
	processing := stored(domain.StageProcess, domain.StatusProcessing, 57, 6)
	tests := []struct {
		name        string
		in          workflow.FailEvent
		advance     func(context.Context, string, domain.Update) (domain.Document, bool, error)
		wantFailure domain.Failure
		wantOutcome Outcome
		wantErrName string
		wantPublish int
	}{
		{
			name:    "container failure keeps its cause",
			in:      workflow.FailEvent{Input: testInput(), Error: workflow.ErrorInfo{Error: "Document.Empty", Cause: "The file has only whitespace."}},
			advance: applyTo(processing), wantOutcome: OutcomeApplied, wantPublish: 1,
			wantFailure: domain.Failure{Reason: "Document.Empty", Message: "The document contains no text to extract: The file has only whitespace."},
		},
		{
			name: "launch error from the trigger lambda",
			in: workflow.FailEvent{Input: testInput(), Error: workflow.ErrorInfo{Error: "LaunchError",
				Cause: `{"errorMessage":"run processing task: ECS refused: RESOURCE:ENI","errorType":"LaunchError"}`}},
			advance: applyTo(processing), wantOutcome: OutcomeApplied, wantPublish: 1,
			wantFailure: domain.Failure{Reason: "LaunchError", Message: "The processing engine could not be started."},
		},
		{
			name: "internal error gets the generic sentence",
			in: workflow.FailEvent{Input: testInput(), Error: workflow.ErrorInfo{Error: "States.TaskFailed",
				Cause: `{"errorMessage":"table docflow-documents: AccessDenied","errorType":"wrapError"}`}},
			advance: applyTo(processing), wantOutcome: OutcomeApplied, wantPublish: 1,
			wantFailure: domain.Failure{Reason: "wrapError", Message: "Processing failed because of an internal error; please try again."},
		},
		{
			name:    "retried fail re-publishes",
			in:      workflow.FailEvent{Input: testInput(), Error: workflow.ErrorInfo{Error: "States.Timeout"}},
			advance: notApplied(stored(domain.StageFail, domain.StatusFailed, 57, 7)), wantOutcome: OutcomeRepublished, wantPublish: 1,
			wantFailure: domain.Failure{Reason: "States.Timeout", Message: "Processing took longer than the time allowed."},
		},
		{
			name:    "completed document is not failed",
			in:      workflow.FailEvent{Input: testInput(), Error: workflow.ErrorInfo{Error: "States.Timeout"}},
			advance: notApplied(stored(domain.StageComplete, domain.StatusComplete, 100, 9)), wantOutcome: OutcomeSkipped,
			wantFailure: domain.Failure{Reason: "States.Timeout", Message: "Processing took longer than the time allowed."},
		},
		{name: "store down", in: workflow.FailEvent{Input: testInput(), Error: workflow.ErrorInfo{Error: "States.Timeout"}},
			advance: failing(dbDown), wantErrName: "StoreError",
			wantFailure: domain.Failure{Reason: "States.Timeout", Message: "Processing took longer than the time allowed."}},
		{name: "missing document id", in: workflow.FailEvent{Error: workflow.ErrorInfo{Error: "States.Timeout"}}, wantErrName: "InputError"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := &fakeStore{AdvanceFunc: tt.advance}
			pub := &fakePublisher{}
			h := NewFail(st, pub, nil)
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
			u := st.updates[0]
			if u.Stage != domain.StageFail || u.Status != domain.StatusFailed || u.Progress >= 0 || !u.At.Equal(testNow) {
				t.Errorf("update stage %q status %q progress %d at %v; want fail, failed, negative (keep), %v", u.Stage, u.Status, u.Progress, u.At, testNow)
			}
			if u.Failure == nil || *u.Failure != tt.wantFailure || u.Message != tt.wantFailure.Message {
				t.Errorf("update failure %+v message %q, want %+v with the same message", u.Failure, u.Message, tt.wantFailure)
			}
			if tt.wantOutcome == OutcomeApplied {
				if got := pub.published[0]; got.Progress != 57 || got.Status != domain.StatusFailed {
					t.Errorf("published progress %d status %q, want the reached 57 and failed", got.Progress, got.Status)
				}
			}
		})
	}
}
