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

// fakeStore applies every update to a stored document, as the store does
// for an update that moves the document forward.
type fakeStore struct {
	doc     domain.Document
	updates []domain.Update
}

var _ stages.Advancer = (*fakeStore)(nil)

func (f *fakeStore) Advance(_ context.Context, id string, u domain.Update) (domain.Document, bool, error) {
	f.updates = append(f.updates, u)
	if id != f.doc.ID {
		return domain.Document{}, false, domain.Errorf(domain.CodeNotFound, "No such document.")
	}
	f.doc.Stage, f.doc.Status, f.doc.Message, f.doc.Seq = u.Stage, u.Status, u.Message, f.doc.Seq+1
	if u.Progress >= 0 {
		f.doc.Progress = u.Progress
	}
	f.doc.Summary, f.doc.Failure = u.Summary, u.Failure
	return f.doc, true, nil
}

// fakePublisher records what was published.
type fakePublisher struct{ published []domain.Document }

var _ stages.Publisher = (*fakePublisher)(nil)

func (f *fakePublisher) Publish(_ context.Context, doc domain.Document) error {
	f.published = append(f.published, doc)
	return nil
}

// TestSampleEvent runs testdata/event.json (the Complete state's payload:
// the input with the container's summary at $.result) through the handler.
func TestSampleEvent(t *testing.T) {
	var in workflow.CompleteEvent
	tasktest.DecodeStrict(t, "testdata/event.json", &in)
	st := &fakeStore{doc: domain.Document{ID: in.DocumentID, Status: domain.StatusProcessing, Stage: domain.StageProcess, Progress: 99, Seq: 7}}
	pub := &fakePublisher{}

	got, err := stages.NewComplete(st, pub, nil).Handle(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != domain.StatusComplete || got.Progress != 100 || got.Seq != 8 {
		t.Errorf("result = %+v, want complete, 100, seq 8", got)
	}
	if s := st.doc.Summary; s == nil || s.Pages != 3 || s.Chunks != 9 || !strings.HasSuffix(s.ManifestKey, "/manifest.json") {
		t.Errorf("stored summary = %+v, want the sample's", s)
	}
}
