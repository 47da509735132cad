package main

import (
	"context"
	"testing"

	"docflow/internal/tasktest"
	"docflow/shared/domain"
	"docflow/shared/stages"
	"docflow/shared/workflow"
)

// TestMissingEnvironmentFailsFast: main refuses to start without its
// configuration and names every missing variable.
func TestMissingEnvironmentFailsFast(t *testing.T) {
	tasktest.MissingEnvironmentFailsFast(t, main, "DOCUMENTS_TABLE", "CONNECTIONS_TABLE", "WEBSOCKET_ENDPOINT")
}

// TestSampleEvents runs the samples (the RecordFailure state's payload: the input
// with the caught error at $.error) through the handler.
func TestSampleEvents(t *testing.T) {
	tests := []struct {
		name        string
		file        string
		wantFailure domain.Failure
	}{
		{name: "trigger lambda error with a Lambda JSON cause", file: "testdata/event.json",
			wantFailure: domain.Failure{Reason: "LaunchError", Message: "The processing engine could not be started."}},
		{name: "container SendTaskFailure with a plain cause", file: "testdata/document_failure.json",
			wantFailure: domain.Failure{Reason: "Document.Empty", Message: "The document contains no text to extract: The file contains only whitespace."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var in workflow.FailEvent
			tasktest.DecodeStrict(t, tt.file, &in)
			st := &tasktest.Store{Doc: domain.Document{ID: in.DocumentID, Status: domain.StatusTriggering, Stage: domain.StageTrigger, Progress: 20, Seq: 2}}
			pub := &tasktest.Publisher{}

			got, err := stages.NewFail(st, pub, nil).Handle(context.Background(), in)
			if err != nil {
				t.Fatal(err)
			}
			if got.Status != domain.StatusFailed || got.Progress != 20 {
				t.Errorf("result = %+v, want failed at the reached 20", got)
			}
			if f := st.Doc.Failure; f == nil || *f != tt.wantFailure {
				t.Errorf("stored failure = %+v, want %+v", f, tt.wantFailure)
			}
		})
	}
}
