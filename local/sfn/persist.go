package sfn

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"docflow/local/journal"
)

// journalFile is the engine's journal inside Options.Dir.
const journalFile = "journal.jsonl"

// record is one line of the journal. T says which member is set.
type record struct {
	T   string          `json:"t"`
	X   string          `json:"x,omitempty"` // execution ARN
	SM  *machineRecord  `json:"sm,omitempty"`
	Ex  *startRecord    `json:"ex,omitempty"`
	Ev  *eventRecord    `json:"ev,omitempty"`
	At  *checkpoint     `json:"at,omitempty"`
	End *endRecord      `json:"end,omitempty"`
	Tok *tokenRecord    `json:"tok,omitempty"`
	Out json.RawMessage `json:"out,omitempty"` // a token's SendTaskSuccess output
}

// Record kinds.
const (
	recMachine       = "sm"    // CreateStateMachine / UpdateStateMachine
	recDeleteMachine = "smdel" // DeleteStateMachine (SM.ARN)
	recStart         = "start" // StartExecution
	recEvent         = "ev"    // one history event
	recCheckpoint    = "at"    // where the execution's main line is
	recEnd           = "end"   // the execution ended
	recTokenResult   = "res"   // SendTaskSuccess / SendTaskFailure
	recHeartbeat     = "hb"    // SendTaskHeartbeat
)

type machineRecord struct {
	ARN        string    `json:"arn"`
	Name       string    `json:"name"`
	Definition string    `json:"definition,omitempty"`
	RoleARN    string    `json:"roleArn,omitempty"`
	Type       string    `json:"type,omitempty"`
	Created    time.Time `json:"created"`
}

type startRecord struct {
	Name      string    `json:"name"`
	Machine   string    `json:"sm"`
	Input     string    `json:"input"`
	StartDate time.Time `json:"startDate"`
}

type eventRecord struct {
	ID      int64           `json:"id"`
	Prev    int64           `json:"prev"`
	TS      time.Time       `json:"ts"`
	Type    string          `json:"type"`
	Key     string          `json:"key,omitempty"`
	Details json.RawMessage `json:"d,omitempty"`
}

type endRecord struct {
	Status   string    `json:"status"`
	StopDate time.Time `json:"stopDate"`
	Output   *string   `json:"output,omitempty"`
	Error    string    `json:"error,omitempty"`
	Cause    string    `json:"cause,omitempty"`
}

type tokenRecord struct {
	Token string    `json:"token"`
	TS    time.Time `json:"ts"`
	Error string    `json:"error,omitempty"`
	Cause string    `json:"cause,omitempty"`
	Fail  bool      `json:"fail,omitempty"`
}

// checkpoint is enough of the execution's main line to go on from the
// state it was in: the state, its raw input, its retry counts, and where in
// the state it was (phase), with the absolute time any timer of that phase
// ends. Each checkpoint is whole: the last one of an execution is all a
// restart needs.
type checkpoint struct {
	State     string          `json:"state"`
	Input     json.RawMessage `json:"input"`
	Entered   time.Time       `json:"entered"`
	EnteredID int64           `json:"enteredId"`
	Phase     string          `json:"phase"`
	Attempts  []int64         `json:"attempts,omitempty"` // per retrier
	Retry     int             `json:"retry,omitempty"`    // $$.State.RetryCount
	Due       time.Time       `json:"due,omitzero"`       // wait/backoff end; invoke/token: the TimeoutSeconds deadline
	Token     string          `json:"token,omitempty"`
	Beat      time.Time       `json:"beat,omitzero"` // token: when the HeartbeatSeconds clock last started
	Heartbeat int64           `json:"heartbeat,omitempty"`
}

// Checkpoint phases.
const (
	phaseEnter   = "enter"   // the state was entered: run it from its start
	phaseWait    = "wait"    // a Wait state sleeps until Due
	phaseBackoff = "backoff" // a retry sleeps until Due, then attempts again
	phaseInvoke  = "invoke"  // a Task's function was invoked (Token set for .waitForTaskToken)
	phaseToken   = "token"   // a .waitForTaskToken task waits for Token
)

// Open returns an Engine configured by opts. With opts.Dir it replays the
// journal there (creating it if need be): state machines, executions with
// their history, and the running executions go on from where they were.
func Open(opts Options) (*Engine, error) {
	e := New(Options{Invoker: opts.Invoker, Clock: opts.Clock, Region: opts.Region, AccountID: opts.AccountID, MaxHistoryEvents: opts.MaxHistoryEvents})
	if opts.Dir == "" {
		return e, nil
	}
	if err := os.MkdirAll(opts.Dir, 0o700); err != nil {
		return nil, fmt.Errorf("open step functions data: %w", err)
	}
	name := filepath.Join(opts.Dir, journalFile)
	rp := &replay{e: e, last: map[string]*checkpoint{}, results: map[string]tokenResult{}, beats: map[string]time.Time{}}
	j, err := journal.Open(name, 0o600, func(r record) error { return rp.apply(&r) })
	if err != nil {
		return nil, fmt.Errorf("replay %s: %w", name, err)
	}
	e.j = j
	rp.resume()
	return e, nil
}

// replay rebuilds the engine from journal records.
type replay struct {
	e       *Engine
	last    map[string]*checkpoint // by execution ARN, running executions only
	results map[string]tokenResult // first SendTask* result per token
	beats   map[string]time.Time   // last heartbeat per token
}

func (rp *replay) apply(r *record) error {
	e := rp.e
	switch r.T {
	case recMachine:
		m := r.SM
		def, err := compileDefinition(m.Definition)
		if err != nil {
			return fmt.Errorf("state machine %s: %w", m.ARN, err)
		}
		e.machines[m.ARN] = &stateMachineRec{arn: m.ARN, name: m.Name, definition: m.Definition, roleArn: m.RoleARN, typ: m.Type, created: m.Created, def: def}
	case recDeleteMachine:
		delete(e.machines, r.SM.ARN)
	case recStart:
		sm, ok := e.machines[r.Ex.Machine]
		if !ok {
			return fmt.Errorf("execution %s of unknown state machine %s", r.X, r.Ex.Machine)
		}
		input, err := parseJSON(r.Ex.Input)
		if err != nil {
			return fmt.Errorf("execution %s input: %w", r.X, err)
		}
		x := &execution{e: e, arn: r.X, name: r.Ex.Name, sm: sm, input: input, inputText: r.Ex.Input, startDate: r.Ex.StartDate,
			status: StatusRunning, done: make(chan struct{})}
		e.execs[r.X] = x
		e.execOrder = append(e.execOrder, x)
	case recEvent:
		x, err := rp.exec(r.X)
		if err != nil {
			return err
		}
		ev := &event{id: r.Ev.ID, prev: r.Ev.Prev, ts: r.Ev.TS, typ: r.Ev.Type, key: r.Ev.Key}
		if len(r.Ev.Details) > 0 {
			d, err := parseJSON(string(r.Ev.Details))
			if err != nil {
				return fmt.Errorf("event %d of %s: %w", r.Ev.ID, r.X, err)
			}
			ev.details, _ = d.(map[string]any)
		}
		if ev.id != int64(len(x.events)+1) {
			return fmt.Errorf("event %d of %s follows event %d", ev.id, r.X, len(x.events))
		}
		x.events = append(x.events, ev)
	case recCheckpoint:
		if _, err := rp.exec(r.X); err != nil {
			return err
		}
		if old := rp.last[r.X]; old != nil && old.Token != "" && old.Token != r.At.Token {
			e.doneTokens[old.Token] = true
		}
		rp.last[r.X] = r.At
	case recEnd:
		x, err := rp.exec(r.X)
		if err != nil {
			return err
		}
		x.status, x.stopDate, x.output, x.errName, x.cause = r.End.Status, r.End.StopDate, r.End.Output, r.End.Error, r.End.Cause
		close(x.done)
		if ck := rp.last[r.X]; ck != nil && ck.Token != "" {
			e.doneTokens[ck.Token] = true
		}
		delete(rp.last, r.X)
	case recTokenResult:
		t := r.Tok
		if _, ok := rp.results[t.Token]; ok {
			break // a second answer for one token was refused
		}
		res := tokenResult{}
		if t.Fail {
			res.err = &stateError{name: t.Error, cause: t.Cause}
		} else {
			v, err := parseJSON(string(r.Out))
			if err != nil {
				return fmt.Errorf("task output: %w", err)
			}
			res.output = v
		}
		rp.results[t.Token] = res
	case recHeartbeat:
		if t := r.Tok; t.TS.After(rp.beats[t.Token]) {
			rp.beats[t.Token] = t.TS
		}
	default:
		return fmt.Errorf("unknown record %q", r.T)
	}
	return nil
}

func (rp *replay) exec(arn string) (*execution, error) {
	x, ok := rp.e.execs[arn]
	if !ok {
		return nil, fmt.Errorf("record of unknown execution %s", arn)
	}
	return x, nil
}

// resume starts every execution the journal left running, from its last
// checkpoint.
func (rp *replay) resume() {
	e := rp.e
	for _, x := range e.execOrder {
		if x.status != StatusRunning {
			continue
		}
		ck := rp.last[x.arn]
		if ck != nil && ck.Token != "" {
			w := &taskWaiter{result: make(chan tokenResult, 1), heartbeat: make(chan struct{}, 1)}
			if r, ok := rp.results[ck.Token]; ok {
				w.result <- r // answered before the crash, not yet acted on
			}
			if b := rp.beats[ck.Token]; b.After(ck.Beat) {
				ck.Beat = b
			}
			e.tokens[ck.Token] = w
		}
		x.start(ck)
	}
}

// start runs x in its own goroutine: from the start when ck is nil, else
// from the checkpointed state.
func (x *execution) start(ck *checkpoint) {
	e := x.e
	ctx, cancel := context.WithCancelCause(context.Background())
	x.cancel = cancel
	th := &thread{x: x, top: true}
	if n := len(x.events); n > 0 {
		th.prev = x.events[n-1].id
	}
	name, input := x.sm.def.startAt, x.input
	if ck != nil {
		v, err := parseJSON(string(ck.Input))
		if err != nil {
			// Only a bug writes a checkpoint that does not parse.
			ck, v = nil, x.input
		} else {
			name = ck.State
		}
		input = v
	}
	if len(x.events) == 0 {
		th.add("ExecutionStarted", "executionStartedEventDetails", map[string]any{
			"input": lazyJSON{x.input}, "inputDetails": map[string]any{"truncated": false}, "roleArn": x.sm.roleArn})
	}
	if t := x.sm.def.timeoutSeconds; t > 0 {
		left := x.startDate.Add(time.Duration(t) * time.Second).Sub(e.clock.Now())
		go func() {
			select {
			case <-e.clock.After(left):
				cancel(errExecTimeout)
			case <-x.done:
			}
		}()
	}
	e.wg.Add(1)
	go func() {
		defer e.wg.Done()
		x.run(ctx, th, name, input, ck)
	}()
}

// jrnl appends r to the journal, if the engine keeps one.
func (e *Engine) jrnl(r *record) {
	if e.j != nil {
		e.j.Append(r) // acknowledged by a later durable, or by none
	}
}

// durable returns once every change so far is on disk, so an API call may
// acknowledge it.
func (e *Engine) durable() error {
	if e.j == nil {
		return nil
	}
	if err := e.j.Sync(); err != nil {
		return &APIError{Code: "InternalFailure", Message: err.Error()}
	}
	return nil
}

// journalEvent writes one history event.
func (x *execution) journalEvent(ev *event, details json.RawMessage) {
	x.e.j.Append(&record{T: recEvent, X: x.arn, Ev: &eventRecord{ID: ev.id, Prev: ev.prev, TS: ev.ts, Type: ev.typ, Key: ev.key, Details: details}})
}

// checkpoint records where the main line is; cx.ck holds the state's
// fixed part (nil when the engine keeps no journal, or off the main line).
func (x *execution) checkpoint(cx *ctxObject, phase string, set func(*checkpoint)) {
	if cx.ck == nil {
		return
	}
	c := *cx.ck
	c.Phase, c.Retry = phase, cx.retry
	c.Attempts = append([]int64(nil), cx.ck.Attempts...)
	if set != nil {
		set(&c)
	}
	x.e.j.Append(&record{T: recCheckpoint, X: x.arn, At: &c})
}

// sleepUntil waits until t by the engine's clock.
func (x *execution) sleepUntil(ctx context.Context, t time.Time) *stateError {
	d := t.Sub(x.e.clock.Now())
	if d <= 0 {
		return nil
	}
	select {
	case <-x.e.clock.After(d):
		return nil
	case <-ctx.Done():
		return errAborted
	}
}

// Close stops the engine: running executions stop where they are, with
// nothing more journaled, so an engine opened on the same Dir later goes
// on with them (as after a crash); then the journal is written out and
// closed. An engine without a Dir simply loses them. Close is for the end
// of a process; the engine is unusable afterwards.
func (e *Engine) Close() error {
	var err error
	if e.j != nil {
		err = e.j.Close()
	}
	e.mu.Lock()
	e.closed = true
	list := append([]*execution(nil), e.execOrder...)
	e.mu.Unlock()
	for _, x := range list {
		if x.cancel != nil {
			x.cancel(errEngineClosed)
		}
	}
	e.wg.Wait()
	return err
}

var errEngineClosed = fmt.Errorf("the engine was closed")
