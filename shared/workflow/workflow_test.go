package workflow

import (
	"encoding/json"
	"testing"
)

func TestExecutionName(t *testing.T) {
	tests := []struct {
		name, id string
		wantErr  bool
	}{
		{name: "docflow id", id: "0b9b6f4e-2f7a-4c4e-9a51-2d8f0e3b7c11"},
		{name: "raw S3 key", id: "uploads/alice/x/report.pdf", wantErr: true},
		{name: "empty", id: "", wantErr: true},
		{name: "too long", id: "0b9b6f4e-2f7a-4c4e-9a51-2d8f0e3b7c11-0b9b6f4e-2f7a-4c4e-9a51-2d8f0e3b7c11-0b9b6f4e", wantErr: true},
		{name: "space", id: "0b9b6f4e 2f7a-4c4e-9a51-2d8f0e3b7c11", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ExecutionName(tt.id)
			if (err != nil) != tt.wantErr {
				t.Fatalf("ExecutionName(%q) error = %v, wantErr %v", tt.id, err, tt.wantErr)
			}
			if err == nil && got != tt.id {
				t.Errorf("got %q, want the document id %q", got, tt.id)
			}
		})
	}
}

// The state machine reads and writes these field names: keep them stable.
func TestEventJSON(t *testing.T) {
	var ev FailEvent
	raw := `{"documentId":"d","documentName":"a.pdf","bucket":"b","documentKey":"k","owner":"o","requestedAt":"t",
		"error":{"Error":"States.HeartbeatTimeout","Cause":"c"}}`
	if err := json.Unmarshal([]byte(raw), &ev); err != nil {
		t.Fatal(err)
	}
	if ev.DocumentID != "d" || ev.Error.Error != "States.HeartbeatTimeout" || ev.Error.Cause != "c" {
		t.Errorf("FailEvent decoded as %+v", ev)
	}
	b, _ := json.Marshal(TriggerEvent{Document: Input{DocumentID: "d"}, TaskToken: "tok"})
	var back map[string]any
	json.Unmarshal(b, &back)
	if back["taskToken"] != "tok" || back["document"].(map[string]any)["documentId"] != "d" {
		t.Errorf("TriggerEvent encodes as %s", b)
	}
}
