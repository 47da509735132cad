package sfn

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestDocumentFlow runs docflow's own statemachine/document.asl.json (with
// its DefinitionSubstitutions filled in) through the engine: the happy path
// through the task token, and a processor failure that must reach
// RecordFailure and end the execution with the processor's error.
func TestDocumentFlow(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("..", "..", "statemachine", "document.asl.json"))
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal(err)
		}
		t.Skipf("no state machine yet: %v", err)
	}
	def := strings.NewReplacer(
		"${StartFunctionArn}", engFnARN+"start", "${TriggerFunctionArn}", engFnARN+"trigger",
		"${IndexFunctionArn}", engFnARN+"index", "${CompleteFunctionArn}", engFnARN+"complete", "${FailFunctionArn}", engFnARN+"failed",
		"${ProcessHeartbeatSeconds}", "120", "${ProcessTimeoutSeconds}", "3600",
	).Replace(string(raw))

	tests := []struct {
		name       string
		finish     func(e *Engine, token string) error
		wantStatus string
		wantError  string
		wantCalls  string
	}{
		{name: "processed", finish: func(e *Engine, tok string) error {
			if err := e.SendTaskHeartbeat(context.Background(), tok); err != nil {
				return err
			}
			return e.SendTaskSuccess(context.Background(), tok, `{"pages":2}`)
		}, wantStatus: StatusSucceeded, wantCalls: "start trigger index complete"},
		{name: "processor failed", finish: func(e *Engine, tok string) error {
			return e.SendTaskFailure(context.Background(), tok, "ExtractError", "bad pdf")
		}, wantStatus: StatusFailed, wantError: "ExtractError", wantCalls: "start trigger failed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tokens := make(chan string, 1)
			fake := &engLambda{extra: map[string]func([]byte) ([]byte, error){
				"start":    func([]byte) ([]byte, error) { return []byte(`{}`), nil },
				"index":    func([]byte) ([]byte, error) { return []byte(`{}`), nil },
				"complete": func([]byte) ([]byte, error) { return []byte(`{}`), nil },
				"failed":   func([]byte) ([]byte, error) { return []byte(`{}`), nil },
				"trigger": func(p []byte) ([]byte, error) {
					var in struct {
						TaskToken string `json:"taskToken"`
					}
					if err := json.Unmarshal(p, &in); err != nil {
						return nil, err
					}
					tokens <- in.TaskToken
					return []byte(`{}`), nil
				},
			}}
			e := New(Options{Invoker: fake})
			arn := engStart(t, e, def, `{"documentId":"d1","documentKey":"uploads/u/d1/a.pdf"}`)
			if err := tt.finish(e, <-tokens); err != nil {
				t.Fatal(err)
			}
			got := engWait(t, e, arn)
			if got.Status != tt.wantStatus || got.Error != tt.wantError {
				t.Errorf("got %s %q (%s), want %s %q", got.Status, got.Error, got.Cause, tt.wantStatus, tt.wantError)
			}
			if calls := strings.Join(fake.calls, " "); calls != tt.wantCalls {
				t.Errorf("functions called: got %s, want %s", calls, tt.wantCalls)
			}
		})
	}
}
