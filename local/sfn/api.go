package sfn

import (
	"context"
	"time"
)

// Invoker runs a Lambda function for a Task state. functionARN is a plain
// function ARN (arn:aws:lambda:REGION:ACCOUNT:function:NAME) or whatever the
// FunctionName parameter of arn:aws:states:::lambda:invoke holds (a name or
// an ARN). A function error is returned as a *TaskError.
type Invoker interface {
	Invoke(ctx context.Context, functionARN string, payload []byte) ([]byte, error)
}

// TaskError is what an Invoker returns for a function error. Name is the ASL
// error name (what Lambda reports as errorType), Cause the message.
type TaskError struct{ Name, Cause string }

// Error reports the error name and cause.
func (e *TaskError) Error() string { return e.Name + ": " + e.Cause }

// Clock is the engine's source of time. Wait states, retry intervals and
// task timeouts all go through it, so tests can run them instantly.
type Clock interface {
	Now() time.Time
	// After behaves like time.After.
	After(d time.Duration) <-chan time.Time
}

// Options configure an Engine. The zero value is usable: no Invoker (Lambda
// tasks fail with Lambda.ServiceException), real time, us-east-1 and account
// 123456789012.
type Options struct {
	Invoker   Invoker
	Clock     Clock
	Region    string
	AccountID string
	// MaxHistoryEvents caps each execution's history (AWS: 25,000); when it
	// would be exceeded the execution fails with States.Runtime.
	MaxHistoryEvents int
	// Dir, if set, keeps state machines and executions (history, timers,
	// task tokens) in a journal there, so that an engine opened on the
	// same Dir after a crash goes on with them; see Open.
	Dir string
}

// CreateStateMachineInput mirrors the CreateStateMachine request.
type CreateStateMachineInput struct {
	Name       string
	Definition string
	RoleArn    string
	// Type is "STANDARD" (default) or "EXPRESS"; both run the same way here.
	Type string
}

// StateMachine describes a created state machine.
type StateMachine struct {
	StateMachineArn string
	Name            string
	Definition      string
	RoleArn         string
	Type            string
	Status          string
	CreationDate    time.Time
}

// StartExecutionInput mirrors the StartExecution request. An empty Input
// means "{}"; an empty Name gets a generated UUID.
type StartExecutionInput struct {
	StateMachineArn string
	Name            string
	Input           string
}

// Execution statuses, as the API reports them.
const (
	StatusRunning   = "RUNNING"
	StatusSucceeded = "SUCCEEDED"
	StatusFailed    = "FAILED"
	StatusTimedOut  = "TIMED_OUT"
	StatusAborted   = "ABORTED"
)

// Execution describes one execution. Output is set only when it succeeded;
// Error and Cause only when it failed, timed out or was aborted.
type Execution struct {
	ExecutionArn    string
	StateMachineArn string
	Name            string
	Status          string
	StartDate       time.Time
	StopDate        time.Time
	Input           string
	Output          *string
	Error           string
	Cause           string
}

// HistoryEvent is one entry of an execution's history. Details holds the one
// "...EventDetails" member AWS sends for this event type, already keyed by
// its JSON name (e.g. "taskScheduledEventDetails").
type HistoryEvent struct {
	ID              int64
	PreviousEventID int64
	Timestamp       time.Time
	Type            string
	DetailsKey      string
	Details         map[string]any
}
