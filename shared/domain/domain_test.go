package domain

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

func TestParseUploadKey(t *testing.T) {
	const id = "0b9b6f4e-2f7a-4c4e-9a51-2d8f0e3b7c11"
	tests := []struct {
		name, key string
		want      UploadKeyParts
		wantErr   bool
	}{
		{name: "seed frontend key", key: "uploads/alice/" + id + "/report.pdf", want: UploadKeyParts{"alice", id, "report.pdf"}},
		{name: "name with spaces and unicode", key: "uploads/bob/" + id + "/Résumé 2026.docx", want: UploadKeyParts{"bob", id, "Résumé 2026.docx"}},
		{name: "outside uploads", key: "processed/" + id + "/text.txt", wantErr: true},
		{name: "traversal in name", key: "uploads/alice/" + id + "/../../secret", wantErr: true},
		{name: "dot dot owner", key: "uploads/../" + id + "/a.pdf", wantErr: true},
		{name: "dot owner", key: "uploads/./" + id + "/a.pdf", wantErr: true},
		{name: "dot dot name", key: "uploads/alice/" + id + "/..", wantErr: true},
		{name: "not a docflow id", key: "uploads/alice/123/report.pdf", wantErr: true},
		{name: "uppercase id", key: "uploads/alice/" + strings.ToUpper(id) + "/a.pdf", wantErr: true},
		{name: "owner with slash escape", key: "uploads/al%2Fice/" + id + "/a.pdf", wantErr: true},
		{name: "missing name", key: "uploads/alice/" + id, wantErr: true},
		{name: "empty name", key: "uploads/alice/" + id + "/", wantErr: true},
		{name: "backslash", key: "uploads/alice/" + id + `/a\b.pdf`, wantErr: true},
		{name: "RTL override", key: "uploads/alice/" + id + "/fdp.\u202egpj", wantErr: true},
		{name: "NUL", key: "uploads/alice/" + id + "/a\x00.pdf", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseUploadKey(tt.key)
			if tt.wantErr {
				if ErrorCode(err) != CodeInvalidField {
					t.Fatalf("got %v, %v; want an InvalidField error", got, err)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("got %+v, %v; want %+v", got, err, tt.want)
			}
			if back := UploadKey(got.Owner, got.DocumentID, got.Name); back != tt.key {
				t.Errorf("UploadKey round trip: got %q, want %q", back, tt.key)
			}
		})
	}
}

func TestDescribeFailure(t *testing.T) {
	tests := []struct {
		name, reason, cause string
		wantReason          string
		wantContains        string
		wantNot             string
	}{
		{name: "document reason keeps its plain cause", reason: ReasonEncrypted, cause: "the PDF asks for a password",
			wantReason: ReasonEncrypted, wantContains: "password-protected, so its text cannot be read: the PDF asks for a password"},
		{name: "heartbeat timeout", reason: ReasonHeartbeatTimeout, cause: "", wantReason: ReasonHeartbeatTimeout, wantContains: "stopped responding"},
		{name: "unknown error hides its cause", reason: "StoreError", cause: "dynamodb: arn:aws:... throttled",
			wantReason: "StoreError", wantContains: "internal error", wantNot: "dynamodb"},
		{name: "no reason at all", wantReason: "Internal", wantContains: "internal error"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := DescribeFailure(tt.reason, tt.cause)
			if got.Reason != tt.wantReason || !strings.Contains(got.Message, tt.wantContains) {
				t.Errorf("got %+v, want reason %q and a message containing %q", got, tt.wantReason, tt.wantContains)
			}
			if tt.wantNot != "" && strings.Contains(got.Message, tt.wantNot) {
				t.Errorf("message %q leaks %q", got.Message, tt.wantNot)
			}
		})
	}
}

func TestErrorCodeAndMessage(t *testing.T) {
	wrapped := fmt.Errorf("get document: %w", Errorf(CodeNotFound, "No such document."))
	if got, want := ErrorCode(wrapped), CodeNotFound; got != want {
		t.Errorf("ErrorCode: got %q, want %q", got, want)
	}
	if got, want := ErrorMessage(wrapped), "No such document."; got != want {
		t.Errorf("ErrorMessage: got %q, want %q", got, want)
	}
	internal := errors.New("connection reset by peer 10.0.0.1")
	if got := ErrorCode(internal); got != CodeInternal {
		t.Errorf("ErrorCode(plain): got %q, want Internal", got)
	}
	if got := ErrorMessage(internal); strings.Contains(got, "10.0.0.1") {
		t.Errorf("ErrorMessage leaks internals: %q", got)
	}
}

func TestStatusTerminal(t *testing.T) {
	for s, want := range map[Status]bool{StatusQueued: false, StatusProcessing: false, StatusComplete: true, StatusFailed: true} {
		if got := s.Terminal(); got != want {
			t.Errorf("%s.Terminal() = %v, want %v", s, got, want)
		}
	}
}
