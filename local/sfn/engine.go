package sfn

import (
	"context"
	"errors"
)

// Engine holds state machines and executions in memory and runs executions
// concurrently, one goroutine each.
type Engine struct {
	opts Options
}

// New returns an Engine configured by opts.
func New(opts Options) *Engine { return &Engine{opts: opts} }

// CreateStateMachine validates the definition and stores the state machine.
func (e *Engine) CreateStateMachine(ctx context.Context, in CreateStateMachineInput) (StateMachine, error) {
	return StateMachine{}, errors.New("not implemented")
}

// StartExecution starts an execution of a state machine.
func (e *Engine) StartExecution(ctx context.Context, in StartExecutionInput) (Execution, error) {
	return Execution{}, errors.New("not implemented")
}

// Wait blocks until the execution is no longer RUNNING (or ctx ends) and
// returns its final description.
func (e *Engine) Wait(ctx context.Context, executionArn string) (Execution, error) {
	return Execution{}, errors.New("not implemented")
}
