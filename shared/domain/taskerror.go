package domain

// Errors that cross the Lambda boundary. aws-lambda-go reports an error by
// its Go type name, so each type's name is the error name the state machine
// sees in ErrorEquals and in the execution history. Return them unwrapped
// from handlers.

// LaunchError means the trigger task could not start the processing
// container (RunTask refused or returned failures).
type LaunchError struct{ Message string }

func (e *LaunchError) Error() string { return e.Message }

// InputError means a task received an event it cannot act on: a bug in the
// definition or a hand-started execution. Retrying cannot help.
type InputError struct{ Message string }

func (e *InputError) Error() string { return e.Message }

// StoreError means DynamoDB could not be read or written; Step Functions
// retries it with backoff.
type StoreError struct{ Message string }

func (e *StoreError) Error() string { return e.Message }
