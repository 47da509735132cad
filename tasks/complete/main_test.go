package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"strings"
	"testing"

	"docflow/shared/domain"
	"docflow/shared/stages"
	"docflow/shared/workflow"
)

// TestMissingEnvironmentFailsFast runs main in a child process with no
// configuration: it must exit non-zero at once, naming every missing variable.
func TestMissingEnvironmentFailsFast(t *testing.T) {
	if os.Getenv("DOCFLOW_RUN_MAIN") == "1" {
		main()
		return
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestMissingEnvironmentFailsFast$")
	cmd.Env = []string{"DOCFLOW_RUN_MAIN=1", "HOME=" + os.Getenv("HOME")}
	out, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 1 {
		t.Fatalf("main exited with %v, want exit status 1; output:\n%s", err, out)
	}
	for _, name := range []string{"DOCUMENTS_TABLE", "CONNECTIONS_TABLE", "WEBSOCKET_ENDPOINT"} {
		if !strings.Contains(string(out), name) {
			t.Errorf("output does not name %s:\n%s", name, out)
		}
	}
}

// decodeStrict reads a sample event (for sam local invoke -e) as the
// handler's event type, refusing fields the type does not have, so the
// samples and the state machine's payloads stay in step with the Go types.
func decodeStrict(t *testing.T, path string, v any) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		t.Fatalf("decode %s: %v", path, err)
	}
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
	decodeStrict(t, "testdata/event.json", &in)
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
