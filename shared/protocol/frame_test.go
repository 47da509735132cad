package protocol

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"docflow/shared/domain"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden.json from the current output")

// sampleDocument is a finished document with every field set, owner included,
// so the golden files show what a client sees and what it must not.
func sampleDocument() domain.Document {
	created := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	return domain.Document{
		ID: testID, Owner: "alice@example.com", Name: "report.pdf", Bucket: "docflow-documents", Key: testKey,
		Status: domain.StatusComplete, Stage: domain.StageComplete, Progress: 100,
		Message: "Document processing completed successfully!", Seq: 7,
		ExecutionArn: "arn:aws:states:us-east-1:123456789012:execution:docflow-documents:" + testID,
		Summary: &domain.Summary{Type: "pdf", Pages: 3, Words: 1200, Characters: 7000, Chunks: 4, Bytes: 52000,
			SHA256: strings.Repeat("ab", 32), TextKey: "processed/" + testID + "/text.txt",
			ChunksKey: "processed/" + testID + "/chunks.jsonl", ManifestKey: "processed/" + testID + "/manifest.json",
			DurationMs: 850},
		CreatedAt: created,
		UpdatedAt: created.Add(4*time.Second + 250*time.Millisecond),
	}
}

func TestFramesGolden(t *testing.T) {
	failed := sampleDocument()
	failed.ID = "7d1c0e4b-2a9f-4b3c-8e5d-6f7a8b9c0d1e"
	failed.Status, failed.Stage, failed.Progress, failed.Seq = domain.StatusFailed, domain.StageFail, 40, 4
	failed.Summary = nil
	f := domain.DescribeFailure(domain.ReasonEncrypted, "")
	failed.Failure = &f
	failed.Message = f.Message
	queued := sampleDocument()
	queued.Status, queued.Stage, queued.Progress, queued.Seq, queued.Summary = domain.StatusQueued, domain.StageQueued, 0, 0, nil
	queued.ExecutionArn, queued.Message, queued.UpdatedAt = "", "", queued.CreatedAt

	tests := []struct {
		name  string
		frame Frame
	}{
		{"error_invalid_field", ErrorFrame(domain.Errorf(domain.CodeInvalidField, "document_name must be a string."), ActionGetUploadURL)},
		{"error_no_action", ErrorFrame(domain.Errorf(domain.CodeInvalidMessage, "The message is not valid JSON."), "")},
		{"error_internal", ErrorFrame(fmt.Errorf("start execution: %w", errors.New("AccessDeniedException: arn:aws:iam::123456789012:role/secret")), ActionProcessDocument)},
		{"upload_url", UploadURLFrame(UploadURL{
			DocumentID:  testID,
			URL:         "https://docflow-documents.s3.us-east-1.amazonaws.com/" + testKey + "?X-Amz-Signature=abc",
			Method:      "PUT",
			Headers:     map[string]string{"Content-Type": "application/pdf"},
			DocumentKey: testKey,
			Bucket:      "docflow-documents",
			ExpiresAt:   time.Date(2026, 1, 1, 0, 15, 0, 0, time.UTC),
		})},
		{"processing_started", ProcessingStartedFrame(testID, sampleDocument().ExecutionArn)},
		{"document_status_complete", DocumentStatusFrame(sampleDocument())},
		{"document_status_failed", DocumentStatusFrame(failed)},
		{"document_status_queued", DocumentStatusFrame(queued)},
		{"document_list", DocumentListFrame([]domain.Document{sampleDocument(), failed}, "eyJrIjoidiJ9")},
		{"document_list_last_empty_page", DocumentListFrame(nil, "")},
		{"pong", PongFrame()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := json.MarshalIndent(tt.frame, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, '\n')
			path := filepath.Join("testdata", tt.name+".golden.json")
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
				t.Errorf("frame differs from %s:\ngot:\n%s\nwant:\n%s", path, got, want)
			}
			for _, secret := range []string{"alice@example.com", "owner", "arn:aws:iam", "AccessDenied"} {
				if bytes.Contains(got, []byte(secret)) {
					t.Errorf("frame leaks %q:\n%s", secret, got)
				}
			}
		})
	}
}

func TestErrorFrame(t *testing.T) {
	tests := []struct {
		name          string
		err           error
		action        string
		wantCode      domain.Code
		wantMessage   string
		wantReqAction any
	}{
		{"domain error keeps its sentence", domain.Errorf(domain.CodeNotFound, "No such document."), "get_status",
			domain.CodeNotFound, "No such document.", "get_status"},
		{"wrapped domain error", fmt.Errorf("subscribe: %w", domain.Errorf(domain.CodeNotFound, "No such document.")), "subscribe",
			domain.CodeNotFound, "No such document.", "subscribe"},
		{"plain error is internal and generic", errors.New("dial tcp 10.0.0.1:443: i/o timeout"), "ping",
			domain.CodeInternal, domain.ErrorMessage(errors.New("x")), "ping"},
		{"internal domain error is generic too", domain.Errorf(domain.CodeInternal, "nil map in handler.go:42"), "",
			domain.CodeInternal, domain.ErrorMessage(errors.New("x")), nil},
		{"nil error still says something", nil, "",
			domain.CodeInternal, domain.ErrorMessage(errors.New("x")), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := json.Marshal(ErrorFrame(tt.err, tt.action))
			if err != nil {
				t.Fatal(err)
			}
			var got struct {
				Action  string `json:"action"`
				Message string `json:"message"`
				Data    struct {
					Code          domain.Code `json:"code"`
					RequestAction any         `json:"requestAction"`
				} `json:"data"`
			}
			if err := json.Unmarshal(b, &got); err != nil {
				t.Fatal(err)
			}
			if got.Action != "error" || got.Data.Code != tt.wantCode || got.Message != tt.wantMessage || got.Data.RequestAction != tt.wantReqAction {
				t.Errorf("ErrorFrame = %s, want code %s message %q requestAction %v", b, tt.wantCode, tt.wantMessage, tt.wantReqAction)
			}
			if !bytes.Contains(b, []byte(`"requestAction":`)) {
				t.Errorf("requestAction must always be present (null when unknown): %s", b)
			}
		})
	}
}
