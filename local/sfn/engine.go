package sfn

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"
	"unicode"

	"github.com/google/uuid"

	"docflow/local/journal"
)

// APIError is an error the Step Functions API reports by name (the
// __type of its JSON error body), e.g. ExecutionDoesNotExist.
type APIError struct {
	Code    string
	Message string
}

// Error reports the code and message.
func (e *APIError) Error() string { return e.Code + ": " + e.Message }

func apiErr(code, format string, a ...any) *APIError {
	return &APIError{Code: code, Message: fmt.Sprintf(format, a...)}
}

// Engine holds state machines and executions in memory and runs executions
// concurrently, one goroutine each.
type Engine struct {
	invoker   Invoker
	clock     Clock
	region    string
	account   string
	maxEvents int

	mu         sync.Mutex
	machines   map[string]*stateMachineRec
	execs      map[string]*execution
	execOrder  []*execution
	tokens     map[string]*taskWaiter
	doneTokens map[string]bool
	closed     bool

	j  *journal.Writer // nil without Options.Dir
	wg sync.WaitGroup  // running executions' main goroutines
}

type realClock struct{}

func (realClock) Now() time.Time                         { return time.Now() }
func (realClock) After(d time.Duration) <-chan time.Time { return time.After(d) }

// New returns an Engine configured by opts. With opts.Dir it is Open,
// except that a journal that cannot be read is a panic; call Open to get
// the error instead.
func New(opts Options) *Engine {
	if opts.Dir != "" {
		e, err := Open(opts)
		if err != nil {
			panic(err)
		}
		return e
	}
	e := &Engine{
		invoker: opts.Invoker, clock: opts.Clock, region: opts.Region, account: opts.AccountID, maxEvents: opts.MaxHistoryEvents,
		machines: map[string]*stateMachineRec{}, execs: map[string]*execution{},
		tokens: map[string]*taskWaiter{}, doneTokens: map[string]bool{},
	}
	if e.clock == nil {
		e.clock = realClock{}
	}
	if e.region == "" {
		e.region = "us-east-1"
	}
	if e.account == "" {
		e.account = "123456789012"
	}
	if e.maxEvents == 0 {
		e.maxEvents = 25000
	}
	return e
}

type stateMachineRec struct {
	arn, name, definition, roleArn, typ string
	created                             time.Time
	def                                 *machineDef
}

func (r *stateMachineRec) public() StateMachine {
	return StateMachine{StateMachineArn: r.arn, Name: r.name, Definition: r.definition, RoleArn: r.roleArn, Type: r.typ, Status: "ACTIVE", CreationDate: r.created}
}

type execution struct {
	e         *Engine
	arn, name string
	sm        *stateMachineRec
	input     any
	inputText string
	startDate time.Time
	cancel    context.CancelCauseFunc
	done      chan struct{}

	mu          sync.Mutex
	status      string
	stopDate    time.Time
	output      *string
	errName     string
	cause       string
	events      []*event
	historyFull bool
}

func (x *execution) public() Execution {
	x.mu.Lock()
	defer x.mu.Unlock()
	return Execution{ExecutionArn: x.arn, StateMachineArn: x.sm.arn, Name: x.name, Status: x.status, StartDate: x.startDate,
		StopDate: x.stopDate, Input: x.inputText, Output: x.output, Error: x.errName, Cause: x.cause}
}

// validName applies AWS's rule for state machine and execution names.
func validName(s string) bool {
	if len([]rune(s)) < 1 || len([]rune(s)) > 80 {
		return false
	}
	for _, r := range s {
		if unicode.IsSpace(r) || r <= 0x1f || (r >= 0x7f && r <= 0x9f) || strings.ContainsRune("<>{}[]?*\"#%\\^|~`$&,;:/", r) {
			return false
		}
	}
	return true
}

// CreateStateMachine validates the definition and stores the state machine.
// Creating the same name again with the same definition and role returns
// the existing machine, as AWS does.
func (e *Engine) CreateStateMachine(ctx context.Context, in CreateStateMachineInput) (StateMachine, error) {
	if !validName(in.Name) {
		return StateMachine{}, apiErr("InvalidName", "Invalid Name: '%s'", in.Name)
	}
	typ := in.Type
	if typ == "" {
		typ = "STANDARD"
	}
	if typ != "STANDARD" && typ != "EXPRESS" {
		return StateMachine{}, apiErr("ValidationException", "1 validation error detected: Value '%s' at 'type' failed to satisfy constraint: Member must satisfy enum value set: [STANDARD, EXPRESS]", typ)
	}
	def, err := compileDefinition(in.Definition)
	if err != nil {
		return StateMachine{}, &APIError{Code: "InvalidDefinition", Message: "Invalid State Machine Definition: '" + err.Error() + "'"}
	}
	arn := fmt.Sprintf("arn:aws:states:%s:%s:stateMachine:%s", e.region, e.account, in.Name)
	e.mu.Lock()
	unlocked := false
	defer func() {
		if !unlocked {
			e.mu.Unlock()
		}
	}()
	if old, ok := e.machines[arn]; ok {
		if old.definition == in.Definition && old.roleArn == in.RoleArn && old.typ == typ {
			return old.public(), nil
		}
		return StateMachine{}, apiErr("StateMachineAlreadyExists", "State Machine Already Exists: '%s'", arn)
	}
	rec := &stateMachineRec{arn: arn, name: in.Name, definition: in.Definition, roleArn: in.RoleArn, typ: typ, created: e.clock.Now(), def: def}
	e.machines[arn] = rec
	e.jrnl(rec.record())
	e.mu.Unlock()
	unlocked = true
	if err := e.durable(); err != nil {
		return StateMachine{}, err
	}
	return rec.public(), nil
}

func (r *stateMachineRec) record() *record {
	return &record{T: recMachine, SM: &machineRecord{ARN: r.arn, Name: r.name, Definition: r.definition, RoleARN: r.roleArn, Type: r.typ, Created: r.created}}
}

// UpdateStateMachine replaces a state machine's definition and role (each
// only when given). Running executions go on with the definition they
// started with, as in AWS.
func (e *Engine) UpdateStateMachine(ctx context.Context, arn, definition, roleArn string) (StateMachine, error) {
	var def *machineDef
	if definition != "" {
		var err error
		if def, err = compileDefinition(definition); err != nil {
			return StateMachine{}, &APIError{Code: "InvalidDefinition", Message: "Invalid State Machine Definition: '" + err.Error() + "'"}
		}
	}
	e.mu.Lock()
	old, ok := e.machines[arn]
	if !ok {
		e.mu.Unlock()
		return StateMachine{}, apiErr("StateMachineDoesNotExist", "State Machine Does Not Exist: '%s'", arn)
	}
	rec := *old
	if def != nil {
		rec.definition, rec.def = definition, def
	}
	if roleArn != "" {
		rec.roleArn = roleArn
	}
	e.machines[arn] = &rec
	e.jrnl(rec.record())
	e.mu.Unlock()
	if err := e.durable(); err != nil {
		return StateMachine{}, err
	}
	return rec.public(), nil
}

// DescribeStateMachine returns a state machine by ARN.
func (e *Engine) DescribeStateMachine(ctx context.Context, arn string) (StateMachine, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	rec, ok := e.machines[arn]
	if !ok {
		return StateMachine{}, apiErr("StateMachineDoesNotExist", "State Machine Does Not Exist: '%s'", arn)
	}
	return rec.public(), nil
}

// ListStateMachines returns all state machines ordered by name.
func (e *Engine) ListStateMachines(ctx context.Context) []StateMachine {
	e.mu.Lock()
	defer e.mu.Unlock()
	out := make([]StateMachine, 0, len(e.machines))
	for _, r := range e.machines {
		out = append(out, r.public())
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// DeleteStateMachine removes a state machine; its running executions go on.
func (e *Engine) DeleteStateMachine(ctx context.Context, arn string) error {
	if !strings.Contains(arn, ":stateMachine:") {
		return apiErr("InvalidArn", "Invalid Arn: '%s'", arn)
	}
	e.mu.Lock()
	if _, ok := e.machines[arn]; ok {
		e.jrnl(&record{T: recDeleteMachine, SM: &machineRecord{ARN: arn}})
	}
	delete(e.machines, arn)
	e.mu.Unlock()
	return e.durable()
}

// StartExecution starts an execution of a state machine. Starting a name
// again while that execution runs with the same input returns it; any other
// reuse of a name is ExecutionAlreadyExists.
func (e *Engine) StartExecution(ctx context.Context, in StartExecutionInput) (Execution, error) {
	name := in.Name
	if name == "" {
		name = uuid.NewString()
	}
	if !validName(name) {
		return Execution{}, apiErr("InvalidName", "Invalid Name: '%s'", name)
	}
	inputText := in.Input
	if inputText == "" {
		inputText = "{}"
	}
	input, err := parseJSON(inputText)
	if err != nil {
		return Execution{}, apiErr("InvalidExecutionInput", "Invalid execution input: %v", err)
	}
	e.mu.Lock()
	if e.closed {
		e.mu.Unlock()
		return Execution{}, apiErr("ServiceUnavailable", "the engine is shutting down")
	}
	sm, ok := e.machines[in.StateMachineArn]
	if !ok {
		e.mu.Unlock()
		if !strings.HasPrefix(in.StateMachineArn, "arn:") {
			return Execution{}, apiErr("InvalidArn", "Invalid Arn: '%s'", in.StateMachineArn)
		}
		return Execution{}, apiErr("StateMachineDoesNotExist", "State Machine Does Not Exist: '%s'", in.StateMachineArn)
	}
	arn := fmt.Sprintf("arn:aws:states:%s:%s:execution:%s:%s", e.region, e.account, sm.name, name)
	if old, ok := e.execs[arn]; ok {
		e.mu.Unlock()
		pub := old.public()
		if pub.Status == StatusRunning && pub.Input == inputText {
			return pub, nil
		}
		return Execution{}, apiErr("ExecutionAlreadyExists", "Execution Already Exists: '%s'", arn)
	}
	x := &execution{e: e, arn: arn, name: name, sm: sm, input: input, inputText: inputText, startDate: e.clock.Now(),
		status: StatusRunning, done: make(chan struct{})}
	e.execs[arn] = x
	e.execOrder = append(e.execOrder, x)
	e.jrnl(&record{T: recStart, X: arn, Ex: &startRecord{Name: name, Machine: sm.arn, Input: inputText, StartDate: x.startDate}})
	e.mu.Unlock()

	x.start(nil)
	if err := e.durable(); err != nil {
		return Execution{}, err
	}
	return x.public(), nil
}

var errExecTimeout = fmt.Errorf("execution timed out")

// stopRequest is the cancel cause of StopExecution.
type stopRequest struct{ error, cause string }

func (s *stopRequest) Error() string { return "execution stopped" }

// run runs the execution's main line from state name (with ck, the
// checkpoint it resumes from, if any) to its end, and records the end.
func (x *execution) run(ctx context.Context, th *thread, name string, input any, ck *checkpoint) {
	out, err := x.runMachineAt(ctx, th, x.sm.def, name, input, nil, ck)
	if err != nil && err.aborted || ctx.Err() != nil {
		cause := context.Cause(ctx)
		if cause == errEngineClosed {
			return // the next engine on this journal goes on with it
		}
		if cause == errExecTimeout {
			th.add("ExecutionTimedOut", "executionTimedOutEventDetails", map[string]any{"error": "States.Timeout", "cause": "The execution timed out"})
			x.finish(StatusTimedOut, nil, "States.Timeout", "")
			return
		}
		sr, _ := cause.(*stopRequest)
		if sr == nil {
			sr = &stopRequest{}
		}
		th.add("ExecutionAborted", "executionAbortedEventDetails", map[string]any{"error": sr.error, "cause": sr.cause})
		x.finish(StatusAborted, nil, sr.error, sr.cause)
		return
	}
	if err != nil {
		th.add("ExecutionFailed", "executionFailedEventDetails", map[string]any{"error": err.name, "cause": err.cause})
		x.finish(StatusFailed, nil, err.name, err.cause)
		return
	}
	th.add("ExecutionSucceeded", "executionSucceededEventDetails", map[string]any{"output": lazyJSON{out}, "outputDetails": map[string]any{"truncated": false}})
	s := toJSON(out)
	x.finish(StatusSucceeded, &s, "", "")
}

func (x *execution) finish(status string, output *string, errName, cause string) {
	x.mu.Lock()
	x.status, x.output, x.errName, x.cause, x.stopDate = status, output, errName, cause, x.e.clock.Now()
	x.e.jrnl(&record{T: recEnd, X: x.arn, End: &endRecord{Status: status, StopDate: x.stopDate, Output: output, Error: errName, Cause: cause}})
	x.mu.Unlock()
	x.cancel(nil)
	close(x.done)
}

func (e *Engine) execution(arn string) (*execution, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	x, ok := e.execs[arn]
	if !ok {
		if !strings.HasPrefix(arn, "arn:") {
			return nil, apiErr("InvalidArn", "Invalid Arn: '%s'", arn)
		}
		return nil, apiErr("ExecutionDoesNotExist", "Execution Does Not Exist: '%s'", arn)
	}
	return x, nil
}

// DescribeExecution returns an execution by ARN.
func (e *Engine) DescribeExecution(ctx context.Context, arn string) (Execution, error) {
	x, err := e.execution(arn)
	if err != nil {
		return Execution{}, err
	}
	return x.public(), nil
}

// Wait blocks until the execution is no longer RUNNING (or ctx ends) and
// returns its final description.
func (e *Engine) Wait(ctx context.Context, executionArn string) (Execution, error) {
	x, err := e.execution(executionArn)
	if err != nil {
		return Execution{}, err
	}
	select {
	case <-x.done:
		return x.public(), nil
	case <-ctx.Done():
		return Execution{}, fmt.Errorf("wait for %s: %w", executionArn, ctx.Err())
	}
}

// ListExecutions returns a state machine's executions, newest first,
// optionally only those with the given status.
func (e *Engine) ListExecutions(ctx context.Context, stateMachineArn, status string) ([]Execution, error) {
	e.mu.Lock()
	_, ok := e.machines[stateMachineArn]
	list := append([]*execution(nil), e.execOrder...)
	e.mu.Unlock()
	if !ok {
		return nil, apiErr("StateMachineDoesNotExist", "State Machine Does Not Exist: '%s'", stateMachineArn)
	}
	var out []Execution
	for i := len(list) - 1; i >= 0; i-- {
		if list[i].sm.arn != stateMachineArn {
			continue
		}
		p := list[i].public()
		if status == "" || p.Status == status {
			out = append(out, p)
		}
	}
	return out, nil
}

// GetExecutionHistory returns the execution's events, oldest first.
func (e *Engine) GetExecutionHistory(ctx context.Context, arn string) ([]HistoryEvent, error) {
	x, err := e.execution(arn)
	if err != nil {
		return nil, err
	}
	x.mu.Lock()
	evs := append([]*event(nil), x.events...)
	x.mu.Unlock()
	out := make([]HistoryEvent, len(evs))
	for i, ev := range evs {
		out[i] = HistoryEvent{ID: ev.id, PreviousEventID: ev.prev, Timestamp: ev.ts, Type: ev.typ, DetailsKey: ev.key, Details: ev.rendered()}
	}
	return out, nil
}

// rendered is the event's details member as the API shows it.
func (ev *event) rendered() map[string]any {
	if ev.ioKey != "" {
		return map[string]any{"name": ev.name, ev.ioKey: toJSON(ev.io), ev.ioKey + "Details": map[string]any{"truncated": false}}
	}
	return renderDetails(ev.details)
}

func renderDetails(d map[string]any) map[string]any {
	if d == nil {
		return nil
	}
	out := make(map[string]any, len(d))
	for k, v := range d {
		switch t := v.(type) {
		case lazyJSON:
			out[k] = toJSON(t.v)
		case map[string]any:
			out[k] = renderDetails(t)
		default:
			out[k] = v
		}
	}
	return out
}

// StopExecution aborts a running execution with an optional error and cause.
func (e *Engine) StopExecution(ctx context.Context, arn, errName, cause string) (Execution, error) {
	x, err := e.execution(arn)
	if err != nil {
		return Execution{}, err
	}
	if x.public().Status == StatusRunning {
		x.cancel(&stopRequest{error: errName, cause: cause})
		<-x.done
		if err := e.durable(); err != nil {
			return Execution{}, err
		}
	}
	return x.public(), nil
}

// taskWaiter is a Task state waiting for SendTask* on its token.
type taskWaiter struct {
	result    chan tokenResult
	heartbeat chan struct{}
}

type tokenResult struct {
	output any
	err    *stateError
}

const tokenPrefix = "AQ"

func (e *Engine) newToken() string {
	b := make([]byte, 96)
	rand.Read(b)
	tok := tokenPrefix + base64.RawURLEncoding.EncodeToString(b)
	e.mu.Lock()
	e.tokens[tok] = &taskWaiter{result: make(chan tokenResult, 1), heartbeat: make(chan struct{}, 1)}
	e.mu.Unlock()
	return tok
}

// waitToken waits for the token's task to be completed, timing out at
// deadline (States.Timeout) or when no heartbeat came in time
// (States.HeartbeatTimeout).
// The heartbeat clock starts at beat (the task's submission, or its last
// heartbeat before a restart).
func (e *Engine) waitToken(ctx context.Context, token string, deadline <-chan time.Time, heartbeat int64, beat time.Time) (any, *stateError) {
	e.mu.Lock()
	w := e.tokens[token]
	e.mu.Unlock()
	var hb <-chan time.Time
	if heartbeat > 0 {
		hb = e.clock.After(beat.Add(time.Duration(heartbeat) * time.Second).Sub(e.clock.Now()))
	}
	for {
		select {
		case r := <-w.result:
			return r.output, r.err
		case <-w.heartbeat:
			if heartbeat > 0 {
				hb = e.clock.After(time.Duration(heartbeat) * time.Second)
			}
		case <-hb:
			return nil, &stateError{name: "States.HeartbeatTimeout"}
		case <-deadline:
			return nil, &stateError{name: "States.Timeout"}
		case <-ctx.Done():
			return nil, errAborted
		}
	}
}

// finishToken retires a token however its task ended, so later SendTask*
// calls get TaskTimedOut as in AWS.
func (e *Engine) finishToken(token string) {
	e.mu.Lock()
	delete(e.tokens, token)
	e.doneTokens[token] = true
	e.mu.Unlock()
}

func (e *Engine) waiter(token string) (*taskWaiter, error) {
	if !strings.HasPrefix(token, tokenPrefix) || len(token) > 2048 {
		return nil, apiErr("InvalidToken", "Invalid token")
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if w, ok := e.tokens[token]; ok {
		return w, nil
	}
	if e.doneTokens[token] {
		return nil, apiErr("TaskTimedOut", "Task Timed Out: 'Provided task does not exist anymore'")
	}
	return nil, apiErr("TaskDoesNotExist", "Task Does Not Exist")
}

func (e *Engine) complete(token string, r tokenResult) error {
	w, err := e.waiter(token)
	if err != nil {
		return err
	}
	if e.j != nil {
		// On disk before the waiting state sees it, so a restart acts on
		// every answer that was acknowledged.
		rec := &record{T: recTokenResult, Tok: &tokenRecord{Token: token, TS: e.clock.Now()}}
		if r.err != nil {
			rec.Tok.Fail, rec.Tok.Error, rec.Tok.Cause = true, r.err.name, r.err.cause
		} else {
			rec.Out = json.RawMessage(toJSON(r.output))
		}
		e.j.Append(rec) // its wait is durable's Sync
		if err := e.durable(); err != nil {
			return err
		}
	}
	select {
	case w.result <- r:
		return nil
	default:
		return apiErr("TaskTimedOut", "Task Timed Out: 'Provided task does not exist anymore'")
	}
}

// SendTaskSuccess completes a waiting task; output (JSON) becomes its result.
func (e *Engine) SendTaskSuccess(ctx context.Context, token, output string) error {
	v, err := parseJSON(output)
	if err != nil {
		return apiErr("InvalidOutput", "Invalid Output: %v", err)
	}
	return e.complete(token, tokenResult{output: v})
}

// SendTaskFailure fails a waiting task with an error name and cause.
func (e *Engine) SendTaskFailure(ctx context.Context, token, errName, cause string) error {
	return e.complete(token, tokenResult{err: &stateError{name: errName, cause: cause}})
}

// SendTaskHeartbeat restarts a waiting task's HeartbeatSeconds clock.
func (e *Engine) SendTaskHeartbeat(ctx context.Context, token string) error {
	w, err := e.waiter(token)
	if err != nil {
		return err
	}
	e.jrnl(&record{T: recHeartbeat, Tok: &tokenRecord{Token: token, TS: e.clock.Now()}})
	select {
	case w.heartbeat <- struct{}{}:
	default:
	}
	return e.durable()
}
