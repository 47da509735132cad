package main

import (
	"context"
	"strings"
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

// TestSampleEvent runs testdata/event.json (the Complete state's payload:
// the input with the container's summary at $.result) through the handler.
func TestSampleEvent(t *testing.T) {
	var in workflow.CompleteEvent
	tasktest.DecodeStrict(t, "testdata/event.json", &in)
	st := &tasktest.Store{Doc: domain.Document{ID: in.DocumentID, Status: domain.StatusProcessing, Stage: domain.StageProcess, Progress: 99, Seq: 7}}
	pub := &tasktest.Publisher{}

	got, err := stages.NewComplete(st, pub, nil).Handle(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != domain.StatusComplete || got.Progress != 100 || got.Seq != 8 {
		t.Errorf("result = %+v, want complete, 100, seq 8", got)
	}
	if s := st.Doc.Summary; s == nil || s.Pages != 3 || s.Chunks != 9 || !strings.HasSuffix(s.ManifestKey, "/manifest.json") {
		t.Errorf("stored summary = %+v, want the sample's", s)
	}
}
