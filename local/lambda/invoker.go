package lambda

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"sync"

	awslambda "github.com/aws/aws-lambda-go/lambda"

	"docflow/local/sfn"
)

// Invoker runs registered handlers by function name or ARN. It implements
// sfn.Invoker.
type Invoker struct {
	mu        sync.RWMutex
	functions map[string]awslambda.Handler
	// slots holds one token per running invocation; nil means no limit.
	slots chan struct{}
}

var _ sfn.Invoker = (*Invoker)(nil)

// NewInvoker returns an Invoker with no functions and no limit on how many
// invocations run at once.
func NewInvoker() *Invoker { return &Invoker{functions: map[string]awslambda.Handler{}} }

// NewLimitedInvoker returns an Invoker with no functions that runs at most
// n invocations at once, as an account's Lambda concurrency limit does.
// Past the limit an invocation waits for a running one to end instead of
// failing with TooManyRequestsException: locally, where every function
// shares the same few cores, a thousand invocations at once finish no
// sooner than n at a time, but each one parked mid-call holds its grown
// goroutine stack and its SDK request, and a waiting one holds neither.
func NewLimitedInvoker(n int) *Invoker {
	i := NewInvoker()
	i.slots = make(chan struct{}, max(n, 1))
	return i
}

// acquire waits for a slot; the caller calls release when the handler
// returns. It fails only if ctx ends first.
func (i *Invoker) acquire(ctx context.Context) (release func(), err error) {
	if i.slots == nil {
		return func() {}, nil
	}
	select {
	case i.slots <- struct{}{}:
		return func() { <-i.slots }, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// Run runs fn in one of the invoker's slots, for a function its caller
// calls itself rather than by name (API Gateway's routes): the same
// concurrency limit as Invoke. It fails only if ctx ends before a slot is
// free, and then does not run fn.
func (i *Invoker) Run(ctx context.Context, fn func()) error {
	release, err := i.acquire(ctx)
	if err != nil {
		return err
	}
	defer release()
	fn()
	return nil
}

// Register makes handler callable as name, and as any function ARN that ends
// in ":function:<name>" (with or without a version or alias qualifier).
// handler is any function aws-lambda-go's lambda.Start accepts.
func (i *Invoker) Register(name string, handler any) {
	i.mu.Lock()
	defer i.mu.Unlock()
	i.functions[name] = awslambda.NewHandler(handler)
}

// FunctionName extracts the function name from a name, a partial ARN or a
// full ARN, dropping any version or alias qualifier.
func FunctionName(nameOrARN string) string {
	if _, after, ok := strings.Cut(nameOrARN, ":function:"); ok {
		nameOrARN = after
	}
	name, _, _ := strings.Cut(nameOrARN, ":")
	return name
}

// Invoke runs the function with payload and returns its JSON result. A
// function error comes back as *sfn.TaskError named like aws-lambda-go names
// it (the Go type name) with Lambda's {"errorMessage","errorType"} cause; a
// panic is reported the same way rather than crashing the stack. A limited
// Invoker first waits for a slot, and returns ctx's error if it ends first.
func (i *Invoker) Invoke(ctx context.Context, function string, payload []byte) (result []byte, err error) {
	name := FunctionName(function)
	i.mu.RLock()
	h, ok := i.functions[name]
	i.mu.RUnlock()
	if !ok {
		return nil, &sfn.TaskError{
			Name:  "Lambda.ResourceNotFoundException",
			Cause: fmt.Sprintf("Function not found: %s", function),
		}
	}
	release, err := i.acquire(ctx)
	if err != nil {
		return nil, err
	}
	defer release()
	defer func() {
		if v := recover(); v != nil {
			result, err = nil, functionError(typeName(v), fmt.Sprint(v))
		}
	}()
	out, herr := h.Invoke(ctx, payload)
	if herr != nil {
		return nil, functionError(typeName(herr), herr.Error())
	}
	return out, nil
}

// functionError shapes an error as Step Functions reports a Lambda function
// error: the error name is the errorType, the cause the JSON error document.
func functionError(errorType, message string) *sfn.TaskError {
	cause, _ := json.Marshal(struct {
		ErrorMessage string   `json:"errorMessage"`
		ErrorType    string   `json:"errorType"`
		StackTrace   []string `json:"stackTrace"`
	}{message, errorType, []string{}})
	return &sfn.TaskError{Name: errorType, Cause: string(cause)}
}

// typeName names a value as aws-lambda-go's getErrorType does.
func typeName(v any) string {
	t := reflect.TypeOf(v)
	if t.Kind() == reflect.Pointer {
		return t.Elem().Name()
	}
	return t.Name()
}
