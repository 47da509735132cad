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

// TestSampleEvent runs testdata/event.json (the Start state's payload: the
// execution input) through the handler.
func TestSampleEvent(t *testing.T) {
	var in workflow.Input
	tasktest.DecodeStrict(t, "testdata/event.json", &in)
	st := &tasktest.Store{Doc: domain.Document{ID: in.DocumentID, Status: domain.StatusQueued, Stage: domain.StageQueued}}
	pub := &tasktest.Publisher{}

	got, err := stages.NewStart(st, pub, nil).Handle(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	want := stages.Result{DocumentID: in.DocumentID, Status: domain.StatusStarting, Stage: domain.StageStart, Progress: 10, Seq: 1, Outcome: stages.OutcomeApplied}
	if got != want {
		t.Errorf("result = %+v, want %+v", got, want)
	}
	if len(pub.Published) != 1 {
		t.Errorf("published %d frames, want 1", len(pub.Published))
	}
}
