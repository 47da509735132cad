package progress_test

import (
	"encoding/json"
	"regexp"
	"slices"
	"strings"
	"testing"

	"docflow"
	"docflow/shared/progress"
)

// aslTasks returns the Task states of the document state machine with the
// substitution each one's FunctionName is ("StartFunctionArn").
func aslTasks(t *testing.T) map[string]string {
	t.Helper()
	// Quoted placeholders keep their names; bare ones (numbers) become 0,
	// so the definition parses before substitution.
	def := regexp.MustCompile(`"\$\{(\w+)\}"`).ReplaceAll(docflow.StateMachineDefinition, []byte(`"$1"`))
	def = regexp.MustCompile(`\$\{\w+\}`).ReplaceAll(def, []byte(`0`))
	var m struct {
		States map[string]struct {
			Type       string `json:"Type"`
			Parameters struct {
				FunctionName string `json:"FunctionName"`
			} `json:"Parameters"`
		} `json:"States"`
	}
	if err := json.Unmarshal(def, &m); err != nil {
		t.Fatalf("statemachine/document.asl.json: %v", err)
	}
	tasks := map[string]string{}
	for name, s := range m.States {
		if s.Type == "Task" {
			tasks[name] = s.Parameters.FunctionName
		}
	}
	return tasks
}

// TestTableMatchesDefinition holds the stage table and the state machine
// to each other in both directions: every Task state is a row of the table,
// every row names a Task state, and a state invokes the function of the
// first row naming it (tasks/<stage>, <Stage>FunctionArn).
func TestTableMatchesDefinition(t *testing.T) {
	states := aslTasks(t)
	first := map[string]progress.Step{}
	for _, step := range progress.Table {
		if _, ok := states[step.State]; !ok {
			t.Errorf("stage %s: state %q is not a Task state of the definition", step.Stage, step.State)
		}
		if _, ok := first[step.State]; !ok {
			first[step.State] = step
		}
	}
	for state, fn := range states {
		step, ok := first[state]
		if !ok {
			t.Errorf("Task state %q is in no row of the stage table (shared/progress)", state)
			continue
		}
		s := string(step.Stage)
		if want := strings.ToUpper(s[:1]) + s[1:] + "FunctionArn"; fn != want {
			t.Errorf("state %s invokes %q, want %q (stage %s)", state, fn, want, step.Stage)
		}
	}
}

// TestTableOrder: progress never goes back along the table (the failure
// row, which keeps the progress reached, aside), and stage names are
// unique, since the page and the store key on them.
func TestTableOrder(t *testing.T) {
	var seen []string
	last := 0
	for _, step := range progress.Table {
		if slices.Contains(seen, string(step.Stage)) {
			t.Errorf("stage %s appears twice", step.Stage)
		}
		seen = append(seen, string(step.Stage))
		if step.Progress < 0 {
			continue
		}
		if step.Progress < last {
			t.Errorf("stage %s at %d%% comes after %d%%", step.Stage, step.Progress, last)
		}
		last = step.Progress
	}
	if got := progress.Table[len(progress.Table)-1]; got != progress.Fail {
		t.Errorf("last row is %s, want the failure", got.Stage)
	}
}
