package progress

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"

	"docflow/shared/domain"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden.json from the current frames")

// frameTime is when the first frame of the golden documents is sent.
var frameTime = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// docAfter returns the document as the store holds it after the n-th
// (1-based) update u, as store.Advance would leave it.
func docAfter(n int, u domain.Update) domain.Document {
	return domain.Document{
		ID: "0b8f6a1e-6b8e-4a53-9d1c-2f0c9a7e5d11", Owner: "alice", Name: "report.pdf", Bucket: "docflow-documents",
		Key:    "uploads/alice/0b8f6a1e-6b8e-4a53-9d1c-2f0c9a7e5d11/report.pdf",
		Status: u.Status, Stage: u.Stage, Progress: u.Progress, Message: u.Message,
		Seq: int64(n), Summary: u.Summary, Failure: u.Failure,
		CreatedAt: frameTime, UpdatedAt: frameTime.Add(time.Duration(n-1) * 1250 * time.Millisecond),
	}
}

// goldenDocs are the documents behind each golden frame.
func goldenDocs() map[string]domain.Document {
	complete := Complete.Update()
	complete.Summary = &domain.Summary{Type: "pdf", Pages: 7, Words: 2150, Characters: 13004, Chunks: 9,
		Bytes: 482133, SHA256: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
		TextKey:     domain.ProcessedKey("0b8f6a1e-6b8e-4a53-9d1c-2f0c9a7e5d11", "text.txt"),
		ChunksKey:   domain.ProcessedKey("0b8f6a1e-6b8e-4a53-9d1c-2f0c9a7e5d11", "chunks.jsonl"),
		ManifestKey: domain.ProcessedKey("0b8f6a1e-6b8e-4a53-9d1c-2f0c9a7e5d11", "manifest.json"),
		DurationMs:  1834}
	failure := domain.DescribeFailure(domain.ReasonEncrypted, "")
	failed := Fail.Update()
	failed.Progress, failed.Message, failed.Failure = Process.Progress, failure.Message, &failure // Advance keeps the progress reached
	return map[string]domain.Document{
		"start":      docAfter(1, Start.Update()),
		"trigger":    docAfter(2, Trigger.Update()),
		"process":    docAfter(3, Process.Update()),
		"processing": docAfter(4, ProcessingUpdate(3, 7, "Extracting text: page 3 of 7")),
		"complete":   docAfter(5, complete),
		"failed":     docAfter(4, failed),
	}
}

func TestFrameGolden(t *testing.T) {
	for name, doc := range goldenDocs() {
		t.Run(name, func(t *testing.T) {
			got, err := json.MarshalIndent(FrameFor(doc), "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, '\n')
			path := filepath.Join("testdata", name+".golden.json")
			if *update {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("frame %s:\n%s\nwant (%s):\n%s", name, got, path, want)
			}
		})
	}
}

// TestStageTableMatchesDesign holds the four fixed frames to docs/protocol.md's
// stage table, copied here literally: existing frontends match these texts.
func TestStageTableMatchesDesign(t *testing.T) {
	design := []struct {
		progress int
		status   string
		message  string
	}{
		{10, "starting", "Starting document processing..."},
		{20, "triggering", "Connecting to ECS processing service..."},
		{40, "processing", "Sending document to processing engine..."},
		{100, "complete", "Document processing completed successfully!"},
	}
	if len(Steps) != len(design) {
		t.Fatalf("%d steps, want %d", len(Steps), len(design))
	}
	for i, want := range design {
		step := Steps[i]
		t.Run(string(step.Stage), func(t *testing.T) {
			f := FrameFor(docAfter(i+1, step.Update()))
			raw, err := json.Marshal(f)
			if err != nil {
				t.Fatal(err)
			}
			// Compare the JSON a frontend reads, not the Go values.
			var got struct {
				Action  string `json:"action"`
				Message string `json:"message"`
				Data    struct {
					Progress int    `json:"progress"`
					Status   string `json:"status"`
				} `json:"data"`
			}
			if err := json.Unmarshal(raw, &got); err != nil {
				t.Fatal(err)
			}
			if got.Action != "progressUpdate" || got.Message != want.message ||
				got.Data.Progress != want.progress || got.Data.Status != want.status {
				t.Errorf("frame = %s\nwant action progressUpdate, message %q, progress %d, status %q",
					raw, want.message, want.progress, want.status)
			}
		})
	}
}

// TestStartFrameMatchesDesignExample compares with the example frame in
// docs/protocol.md's client protocol, byte for byte once whitespace is removed.
func TestStartFrameMatchesDesignExample(t *testing.T) {
	const example = `{"action":"progressUpdate","message":"Starting document processing...",
 "data":{"documentId":"…","documentName":"report.pdf","progress":10,"status":"starting",
         "stage":"start","seq":1,"timestamp":"2026-01-01T00:00:00.000Z"}}`
	doc := docAfter(1, Start.Update())
	doc.ID = "…"
	got, err := json.Marshal(FrameFor(doc))
	if err != nil {
		t.Fatal(err)
	}
	var want bytes.Buffer
	if err := json.Compact(&want, []byte(example)); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want.Bytes()) {
		t.Errorf("start frame\n%s\nwant\n%s", got, want.Bytes())
	}
}
