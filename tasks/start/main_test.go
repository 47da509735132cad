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

// TestSampleEvent runs testdata/event.json (the Start state's payload: the
// execution input) through the handler.
func TestSampleEvent(t *testing.T) {
	var in workflow.Input
	tasktest.DecodeStrict(t, "testdata/event.json", &in)
	st := &fakeStore{doc: domain.Document{ID: in.DocumentID, Status: domain.StatusQueued, Stage: domain.StageQueued}}
	pub := &fakePublisher{}

	got, err := stages.NewStart(st, pub, nil).Handle(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	want := stages.Result{DocumentID: in.DocumentID, Status: domain.StatusStarting, Stage: domain.StageStart, Progress: 10, Seq: 1, Outcome: stages.OutcomeApplied}
	if got != want {
		t.Errorf("result = %+v, want %+v", got, want)
	}
	if len(pub.published) != 1 {
		t.Errorf("published %d frames, want 1", len(pub.published))
	}
}
