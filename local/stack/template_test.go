package stack

import (
	"encoding/json"
	"strings"
	"testing"

	"docflow"
)

func TestTemplateSubstitutionsMakeARunnableDefinition(t *testing.T) {
	arn := func(logical string) string { return "arn:aws:lambda:us-east-1:123456789012:function:" + logical }
	subs, err := substitutions(docflow.Template, "DocumentStateMachine", arn, map[string]string{"ProcessHeartbeatSeconds": "7"})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := subs["StartFunctionArn"], arn("StartFunction"); got != want {
		t.Errorf("StartFunctionArn: got %q, want %q", got, want)
	}
	if got, want := subs["ProcessHeartbeatSeconds"], "7"; got != want {
		t.Errorf("override: got %q, want %q", got, want)
	}
	if subs["ProcessTimeoutSeconds"] == "" {
		t.Errorf("ProcessTimeoutSeconds: no default from the template")
	}
	def, err := substitute(string(docflow.StateMachineDefinition), subs)
	if err != nil {
		t.Fatal(err)
	}
	var v map[string]any
	if err := json.Unmarshal([]byte(def), &v); err != nil {
		t.Fatalf("substituted definition is not JSON: %v", err)
	}
	if strings.Contains(def, "${") {
		t.Errorf("placeholders left in definition")
	}
}

func TestSubstituteRefusesUnknownPlaceholders(t *testing.T) {
	_, err := substitute(`{"a":"${Known}","b":"${Unknown}"}`, map[string]string{"Known": "x"})
	if err == nil || !strings.Contains(err.Error(), "Unknown") {
		t.Fatalf("got %v, want an error naming Unknown", err)
	}
}
