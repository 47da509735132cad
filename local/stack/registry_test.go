package stack

import (
	"context"
	"errors"
	"testing"

	"docflow/internal/tasks"
	"docflow/local/sfn"
)

// TestEveryLambdaTaskIsInvocable: the stack runs every Lambda task of the
// registry under its function name, as the Lambda service would, so a new
// task needs no line here to be invoked by the state machine or a poller.
func TestEveryLambdaTaskIsInvocable(t *testing.T) {
	s := startStack(t, Config{})
	for _, tk := range tasks.Lambdas() {
		t.Run(tk.Name, func(t *testing.T) {
			// An empty event: each handler may refuse it, but it must exist.
			_, err := s.lambdas.Invoke(context.Background(), tk.FunctionID(), []byte(`{}`))
			var te *sfn.TaskError
			if errors.As(err, &te) && te.Name == "Lambda.ResourceNotFoundException" {
				t.Errorf("%s is not a function of the local stack", tk.FunctionID())
			}
		})
	}
}
