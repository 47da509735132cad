package sfn

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// manualClock is a Clock whose time moves only when a test advances it,
// so a test can stop an engine while it waits and check when the wait is
// due after a restart.
type manualClock struct {
	mu     sync.Mutex
	now    time.Time
	timers []manualTimer
}

type manualTimer struct {
	due time.Time
	ch  chan time.Time
}

func newManualClock(now time.Time) *manualClock { return &manualClock{now: now} }

func (c *manualClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *manualClock) After(d time.Duration) <-chan time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	ch := make(chan time.Time, 1)
	if d <= 0 {
		ch <- c.now
		return ch
	}
	c.timers = append(c.timers, manualTimer{due: c.now.Add(d), ch: ch})
	return ch
}

// advance moves time on by d and fires the timers that are due.
func (c *manualClock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
	kept := c.timers[:0]
	for _, t := range c.timers {
		if t.due.After(c.now) {
			kept = append(kept, t)
			continue
		}
		t.ch <- t.due
	}
	c.timers = kept
}

// due lists the pending timers' due times, soonest first.
func (c *manualClock) due() []time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []time.Time
	for _, t := range c.timers {
		out = append(out, t.due)
	}
	slices.SortFunc(out, time.Time.Compare)
	return out
}

var t0 = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

// eventually polls cond until it holds, failing the test after a while.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(2 * time.Millisecond) {
		if cond() {
			return
		}
	}
	t.Fatalf("timed out waiting until %s", what)
}

// hasPending reports whether a timer is due at want.
func hasPending(c *manualClock, want time.Time) func() bool {
	return func() bool { return slices.ContainsFunc(c.due(), want.Equal) }
}

// crash leaves in a new directory what kill -9 of e would leave on disk
// at this moment: the journal as the kernel has it. e goes on running
// against its own directory, which the test no longer reads.
func crash(t *testing.T, e *Engine, dir string) string {
	t.Helper()
	err := e.j.Flush() // what the flusher would have written by now
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(dir, journalFile))
	if err != nil {
		t.Fatal(err)
	}
	after := t.TempDir()
	if err := os.WriteFile(filepath.Join(after, journalFile), b, 0o600); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.Close() })
	return after
}

func openEngine(t *testing.T, opts Options) *Engine {
	t.Helper()
	e, err := Open(opts)
	if err != nil {
		t.Fatalf("open engine: %v", err)
	}
	t.Cleanup(func() { e.Close() })
	return e
}

func startMachine(t *testing.T, e *Engine, def, input string) string {
	t.Helper()
	ctx := context.Background()
	sm, err := e.CreateStateMachine(ctx, CreateStateMachineInput{Name: "m", Definition: def, RoleArn: "arn:aws:iam::123456789012:role/r"})
	if err != nil {
		t.Fatalf("create: %v", err)
	}
	x, err := e.StartExecution(ctx, StartExecutionInput{StateMachineArn: sm.StateMachineArn, Name: "doc-1", Input: input})
	if err != nil {
		t.Fatalf("start: %v", err)
	}
	return x.ExecutionArn
}

func waitDone(t *testing.T, e *Engine, arn string) Execution {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	x, err := e.Wait(ctx, arn)
	if err != nil {
		t.Fatal(err)
	}
	return x
}

func historyJSON(t *testing.T, e *Engine, arn string) []string {
	t.Helper()
	h, err := e.GetExecutionHistory(context.Background(), arn)
	if err != nil {
		t.Fatal(err)
	}
	out := make([]string, len(h))
	for i, ev := range h {
		b, err := json.Marshal(ev)
		if err != nil {
			t.Fatal(err)
		}
		out[i] = string(b)
	}
	return out
}

// samePrefix fails unless after starts with every event of before.
func samePrefix(t *testing.T, before, after []string) {
	t.Helper()
	if len(after) < len(before) {
		t.Fatalf("history after the restart has %d events, before it %d", len(after), len(before))
	}
	for i := range before {
		if before[i] != after[i] {
			t.Errorf("event %d changed across the restart:\n got %s\nwant %s", i+1, after[i], before[i])
		}
	}
}

const waitDef = `{"StartAt":"Nap","States":{
	"Nap":{"Type":"Wait","Seconds":3600,"Next":"Done"},
	"Done":{"Type":"Pass","Result":"rested","End":true}}}`

func TestRestartResumesWaitState(t *testing.T) {
	dir := t.TempDir()
	clock := newManualClock(t0)
	e := openEngine(t, Options{Dir: dir, Clock: clock})
	arn := startMachine(t, e, waitDef, `{"doc":"a"}`)
	eventually(t, "the Wait state sleeps", hasPending(clock, t0.Add(time.Hour)))
	before := historyJSON(t, e, arn)
	after := crash(t, e, dir)

	// Ten minutes pass while the stack is down.
	clock2 := newManualClock(t0.Add(10 * time.Minute))
	e2 := openEngine(t, Options{Dir: after, Clock: clock2})
	if x, _ := e2.DescribeExecution(context.Background(), arn); x.Status != StatusRunning {
		t.Fatalf("after the restart the execution is %s, want RUNNING", x.Status)
	}
	eventually(t, "the Wait state sleeps on until its original end", hasPending(clock2, t0.Add(time.Hour)))
	clock2.advance(50 * time.Minute)
	x := waitDone(t, e2, arn)
	if got, want := engOutcome(x), `SUCCEEDED "rested"`; got != want {
		t.Errorf("outcome = %s, want %s", got, want)
	}
	h := historyJSON(t, e2, arn)
	samePrefix(t, before, h)
	var types []string
	for _, ev := range h[len(before):] {
		var m struct{ Type string }
		json.Unmarshal([]byte(ev), &m)
		types = append(types, m.Type)
	}
	if got, want := strings.Join(types, " "), "WaitStateExited PassStateEntered PassStateExited ExecutionSucceeded"; got != want {
		t.Errorf("events after the restart = %s, want %s", got, want)
	}
}

const retryDef = `{"StartAt":"Call","States":{
	"Call":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Parameters":{"FunctionName":"down","Payload.$":"$"},
		"Retry":[{"ErrorEquals":["Down.Transient"],"IntervalSeconds":100,"MaxAttempts":3,"BackoffRate":2}],
		"End":true}}}`

// down is a function that fails every call with Down.Transient.
func down() *engLambda {
	return &engLambda{extra: map[string]func([]byte) ([]byte, error){
		"down": func([]byte) ([]byte, error) { return nil, &TaskError{Name: "Down.Transient", Cause: "still down"} },
	}}
}

func TestRestartKeepsRetryBackoffAndCount(t *testing.T) {
	dir := t.TempDir()
	clock := newManualClock(t0)
	e := openEngine(t, Options{Dir: dir, Clock: clock, Invoker: down()})
	arn := startMachine(t, e, retryDef, `{}`)
	// The first attempt failed; the first retry is due after 100 s.
	eventually(t, "the first backoff", hasPending(clock, t0.Add(100*time.Second)))
	after := crash(t, e, dir)

	clock2 := newManualClock(t0.Add(30 * time.Second))
	fn := down()
	e2 := openEngine(t, Options{Dir: after, Clock: clock2, Invoker: fn})
	eventually(t, "the backoff goes on to its original end", hasPending(clock2, t0.Add(100*time.Second)))
	fn.mu.Lock()
	n := len(fn.calls)
	fn.mu.Unlock()
	if n != 0 {
		t.Fatalf("the function was called %d times during the backoff, want 0", n)
	}
	// Retries 2 and 3 back off 200 s and 400 s: the count survived, and
	// after the third retry the state fails.
	clock2.advance(70 * time.Second)
	eventually(t, "the second backoff (200 s)", hasPending(clock2, t0.Add(300*time.Second)))
	clock2.advance(200 * time.Second)
	eventually(t, "the third backoff (400 s)", hasPending(clock2, t0.Add(700*time.Second)))
	clock2.advance(400 * time.Second)
	x := waitDone(t, e2, arn)
	if got, want := engOutcome(x), "FAILED Down.Transient"; got != want {
		t.Errorf("outcome = %s, want %s", got, want)
	}
	fn.mu.Lock()
	calls := len(fn.calls)
	fn.mu.Unlock()
	if calls != 3 {
		t.Errorf("after the restart the function was called %d times, want 3 (retries 1 to 3)", calls)
	}
}

const tokenDef = `{"StartAt":"Process","States":{
	"Process":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke.waitForTaskToken",
		"Parameters":{"FunctionName":"trigger","Payload":{"doc.$":"$.doc","token.$":"$$.Task.Token"}},
		"HeartbeatSeconds":60,"TimeoutSeconds":3600,"ResultPath":"$.result","End":true}}}`

// trigger is a function that hands its task token to tokens and returns.
func trigger(tokens chan<- string) *engLambda {
	return &engLambda{extra: map[string]func([]byte) ([]byte, error){
		"trigger": func(p []byte) ([]byte, error) {
			var in struct{ Token string }
			json.Unmarshal(p, &in)
			tokens <- in.Token
			return []byte(`{"started":true}`), nil
		},
	}}
}

func TestRestartTaskTokenCompletesAfterRestart(t *testing.T) {
	dir := t.TempDir()
	clock := newManualClock(t0)
	tokens := make(chan string, 1)
	e := openEngine(t, Options{Dir: dir, Clock: clock, Invoker: trigger(tokens)})
	arn := startMachine(t, e, tokenDef, `{"doc":"a"}`)
	token := <-tokens
	eventually(t, "the task waits for its token", journaled(t, e, dir, `"phase":"token"`))
	before := historyJSON(t, e, arn)
	after := crash(t, e, dir)

	clock2 := newManualClock(t0.Add(20 * time.Second))
	fn := trigger(make(chan string, 1))
	e2 := openEngine(t, Options{Dir: after, Clock: clock2, Invoker: fn})
	ctx := context.Background()
	if err := e2.SendTaskHeartbeat(ctx, token); err != nil {
		t.Fatalf("heartbeat with the old token after the restart: %v", err)
	}
	if err := e2.SendTaskSuccess(ctx, token, `{"pages":3}`); err != nil {
		t.Fatalf("success with the old token after the restart: %v", err)
	}
	x := waitDone(t, e2, arn)
	if got, want := engOutcome(x), `SUCCEEDED {"doc":"a","result":{"pages":3}}`; got != want {
		t.Errorf("outcome = %s, want %s", got, want)
	}
	fn.mu.Lock()
	n := len(fn.calls)
	fn.mu.Unlock()
	if n != 0 {
		t.Errorf("the submitted task's function was invoked again %d times, want 0", n)
	}
	samePrefix(t, before, historyJSON(t, e2, arn))
	if err := e2.SendTaskSuccess(ctx, token, `{}`); err == nil || !strings.Contains(err.Error(), "TaskTimedOut") {
		t.Errorf("a second answer for the token: err = %v, want TaskTimedOut", err)
	}
}

func TestRestartTaskTokenTimesOut(t *testing.T) {
	tests := []struct {
		name      string
		beatAt    time.Duration // a heartbeat before the crash, 0 for none
		downFor   time.Duration // time the engine is down
		wantDue   time.Duration // when the timeout fires after the restart
		wantError string
	}{
		{"heartbeat deadline from the last beat", 40 * time.Second, 30 * time.Second, 100 * time.Second, "States.HeartbeatTimeout"},
		{"heartbeat deadline from the submission", 0, 10 * time.Second, 60 * time.Second, "States.HeartbeatTimeout"},
		{"heartbeat deadline passed while down", 0, 5 * time.Minute, 5 * time.Minute, "States.HeartbeatTimeout"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			clock := newManualClock(t0)
			tokens := make(chan string, 1)
			e := openEngine(t, Options{Dir: dir, Clock: clock, Invoker: trigger(tokens)})
			arn := startMachine(t, e, tokenDef, `{"doc":"a"}`)
			token := <-tokens
			eventually(t, "the heartbeat clock runs", hasPending(clock, t0.Add(60*time.Second)))
			if tc.beatAt > 0 {
				clock.advance(tc.beatAt)
				if err := e.SendTaskHeartbeat(context.Background(), token); err != nil {
					t.Fatal(err)
				}
				eventually(t, "the heartbeat restarts the clock", hasPending(clock, t0.Add(tc.beatAt+60*time.Second)))
			}
			after := crash(t, e, dir)

			clock2 := newManualClock(clock.Now().Add(tc.downFor))
			e2 := openEngine(t, Options{Dir: after, Clock: clock2})
			if tc.wantDue > tc.beatAt+tc.downFor {
				eventually(t, "the heartbeat deadline survives", hasPending(clock2, t0.Add(tc.wantDue)))
				clock2.advance(t0.Add(tc.wantDue).Sub(clock2.Now()))
			}
			x := waitDone(t, e2, arn)
			if got, want := engOutcome(x), "FAILED "+tc.wantError; got != want {
				t.Errorf("outcome = %s, want %s", got, want)
			}
			h, _ := e2.GetExecutionHistory(context.Background(), arn)
			i := slices.IndexFunc(h, func(ev HistoryEvent) bool { return ev.Type == "TaskTimedOut" })
			if i < 0 {
				t.Fatalf("no TaskTimedOut event in %v", h)
			}
			if got := h[i].Details["error"]; got != tc.wantError {
				t.Errorf("TaskTimedOut error = %v, want %s", got, tc.wantError)
			}
			if err := e2.SendTaskSuccess(context.Background(), token, `{}`); err == nil || !strings.Contains(err.Error(), "TaskTimedOut") {
				t.Errorf("an answer after the timeout: err = %v, want TaskTimedOut", err)
			}
		})
	}
}

func TestRestartTaskTokenTimeoutSeconds(t *testing.T) {
	def := strings.Replace(tokenDef, `"HeartbeatSeconds":60,"TimeoutSeconds":3600`, `"TimeoutSeconds":300`, 1)
	dir := t.TempDir()
	clock := newManualClock(t0)
	tokens := make(chan string, 1)
	e := openEngine(t, Options{Dir: dir, Clock: clock, Invoker: trigger(tokens)})
	arn := startMachine(t, e, def, `{"doc":"a"}`)
	<-tokens
	eventually(t, "the task waits for its token", journaled(t, e, dir, `"phase":"token"`))
	after := crash(t, e, dir)

	clock2 := newManualClock(t0.Add(100 * time.Second))
	e2 := openEngine(t, Options{Dir: after, Clock: clock2})
	eventually(t, "the task deadline survives", hasPending(clock2, t0.Add(300*time.Second)))
	clock2.advance(200 * time.Second)
	if got, want := engOutcome(waitDone(t, e2, arn)), "FAILED States.Timeout"; got != want {
		t.Errorf("outcome = %s, want %s", got, want)
	}
}

func TestRestartAnswerAcknowledgedBeforeCrash(t *testing.T) {
	// SendTaskSuccess answered, then the process died before the state
	// moved on: the restarted execution acts on the answer.
	dir := t.TempDir()
	clock := newManualClock(t0)
	tokens := make(chan string, 1)
	e := openEngine(t, Options{Dir: dir, Clock: clock, Invoker: trigger(tokens)})
	arn := startMachine(t, e, tokenDef, `{"doc":"a"}`)
	token := <-tokens
	eventually(t, "the task waits for its token", journaled(t, e, dir, `"phase":"token"`))
	submitted := readJournalFile(t, crash(t, e, dir))
	if err := e.SendTaskSuccess(context.Background(), token, `{"pages":7}`); err != nil {
		t.Fatal(err)
	}
	// The disk as it was right after the answer was acknowledged: the
	// answer's record and nothing after it.
	all := readJournalFile(t, dir)
	rest := strings.SplitAfter(strings.TrimPrefix(all, submitted), "\n")
	if !strings.HasPrefix(rest[0], `{"t":"res"`) {
		t.Fatalf("the record after the submission is %s, want the answer", rest[0])
	}
	after := t.TempDir()
	if err := os.WriteFile(filepath.Join(after, journalFile), []byte(submitted+rest[0]), 0o600); err != nil {
		t.Fatal(err)
	}

	e2 := openEngine(t, Options{Dir: after, Clock: newManualClock(t0.Add(time.Second))})
	if got, want := engOutcome(waitDone(t, e2, arn)), `SUCCEEDED {"doc":"a","result":{"pages":7}}`; got != want {
		t.Errorf("outcome = %s, want %s", got, want)
	}
}

// journaled reports whether e's journal in dir holds text, once what e
// has appended is written.
func journaled(t *testing.T, e *Engine, dir, text string) func() bool {
	return func() bool {
		e.j.Flush()
		return strings.Contains(readJournalFile(t, dir), text)
	}
}

func readJournalFile(t *testing.T, dir string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, journalFile))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestRestartKeepsFinishedExecutions(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	e := openEngine(t, Options{Dir: dir, Clock: newEngClock()})
	def := `{"StartAt":"A","States":{"A":{"Type":"Pass","Result":{"n":10},"ResultPath":"$.r","Next":"B"},"B":{"Type":"Succeed"}}}`
	arn := startMachine(t, e, def, `{"doc":"a"}`)
	want := waitDone(t, e, arn)
	wantHistory := historyJSON(t, e, arn)
	wantSM, _ := e.DescribeStateMachine(ctx, want.StateMachineArn)
	if err := e.Close(); err != nil {
		t.Fatal(err)
	}

	e2 := openEngine(t, Options{Dir: dir, Clock: newEngClock()})
	got, err := e2.DescribeExecution(ctx, arn)
	if err != nil {
		t.Fatal(err)
	}
	show := func(x Execution) string {
		out := *x.Output
		x.Output = nil
		return fmt.Sprintf("%+v output=%s", x, out)
	}
	if g, w := show(got), show(want); g != w {
		t.Errorf("execution after the restart:\n got %s\nwant %s", g, w)
	}
	if h := historyJSON(t, e2, arn); !slices.Equal(h, wantHistory) {
		t.Errorf("history after the restart:\n got %v\nwant %v", h, wantHistory)
	}
	list, _ := e2.ListExecutions(ctx, want.StateMachineArn, "")
	if len(list) != 1 || list[0].ExecutionArn != arn {
		t.Errorf("ListExecutions after the restart = %+v, want the one execution", list)
	}
	// The stack creates its state machine at every start: the same
	// definition gets the same machine back.
	sm, err := e2.CreateStateMachine(ctx, CreateStateMachineInput{Name: "m", Definition: def, RoleArn: "arn:aws:iam::123456789012:role/r"})
	if err != nil {
		t.Fatalf("create the same state machine again: %v", err)
	}
	if sm.StateMachineArn != wantSM.StateMachineArn || !sm.CreationDate.Equal(wantSM.CreationDate) {
		t.Errorf("state machine after the restart = %+v, want %+v", sm, wantSM)
	}
	if _, err := e2.StartExecution(ctx, StartExecutionInput{StateMachineArn: sm.StateMachineArn, Name: "doc-1", Input: `{"doc":"a"}`}); err == nil || !strings.Contains(err.Error(), "ExecutionAlreadyExists") {
		t.Errorf("reusing a finished execution's name after the restart: err = %v, want ExecutionAlreadyExists", err)
	}
}

func TestRestartToleratesTornLastLine(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	e := openEngine(t, Options{Dir: dir, Clock: newEngClock()})
	arn := startMachine(t, e, `{"StartAt":"A","States":{"A":{"Type":"Succeed"}}}`, `{}`)
	waitDone(t, e, arn)
	e.Close()
	name := filepath.Join(dir, journalFile)
	good, _ := os.ReadFile(name)

	tests := []struct {
		name, tail string
		wantErr    bool
	}{
		{"half a record", `{"t":"ev","x":"arn:aws:states:us-east-1:1234`, false},
		{"a whole record without its newline", `{"t":"hb","tok":{"token":"AQx","ts":"2026-01-01T00:00:00Z"}}`, false},
		{"a bad line before the last", "{not json\n" + `{"t":"hb","tok":{"token":"AQx","ts":"2026-01-01T00:00:00Z"}}` + "\n", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if err := os.WriteFile(name, append(slices.Clone(good), tc.tail...), 0o600); err != nil {
				t.Fatal(err)
			}
			e2, err := Open(Options{Dir: dir, Clock: newEngClock()})
			if tc.wantErr {
				if err == nil {
					e2.Close()
					t.Fatal("Open accepted a journal with a bad line in the middle")
				}
				return
			}
			if err != nil {
				t.Fatalf("open after a torn write: %v", err)
			}
			if x, err := e2.DescribeExecution(ctx, arn); err != nil || x.Status != StatusSucceeded {
				t.Errorf("execution after a torn write = %+v, %v", x, err)
			}
			// New records follow the last whole one, so the journal reads
			// back again.
			x2, err := e2.StartExecution(ctx, StartExecutionInput{StateMachineArn: "arn:aws:states:us-east-1:123456789012:stateMachine:m", Name: "doc-2"})
			if err != nil {
				t.Fatal(err)
			}
			waitDone(t, e2, x2.ExecutionArn)
			e2.Close()
			e3 := openEngine(t, Options{Dir: dir, Clock: newEngClock()})
			if x, err := e3.DescribeExecution(ctx, x2.ExecutionArn); err != nil || x.Status != StatusSucceeded {
				t.Errorf("execution started after the torn write, after another restart = %+v, %v", x, err)
			}
		})
	}
}

func TestCloseThenOpenGoesOn(t *testing.T) {
	// Close stops running executions without recording an end, so the
	// next engine goes on with them.
	dir := t.TempDir()
	clock := newManualClock(t0)
	e := openEngine(t, Options{Dir: dir, Clock: clock})
	arn := startMachine(t, e, waitDef, `{}`)
	eventually(t, "the Wait state sleeps", hasPending(clock, t0.Add(time.Hour)))
	if err := e.Close(); err != nil {
		t.Fatal(err)
	}
	clock2 := newManualClock(t0.Add(time.Minute))
	e2 := openEngine(t, Options{Dir: dir, Clock: clock2})
	eventually(t, "the Wait state sleeps on", hasPending(clock2, t0.Add(time.Hour)))
	clock2.advance(time.Hour)
	if got, want := engOutcome(waitDone(t, e2, arn)), `SUCCEEDED "rested"`; got != want {
		t.Errorf("outcome = %s, want %s", got, want)
	}
}

func TestRestartRunsMapInFlightAgain(t *testing.T) {
	// Checkpoints follow the main line only: a Map state in flight at the
	// crash runs again from its start, and the execution goes on after it.
	def := `{"StartAt":"Each","States":{
		"Each":{"Type":"Map","ItemsPath":"$.items","ItemProcessor":{"StartAt":"Nap","States":{
			"Nap":{"Type":"Wait","Seconds":60,"Next":"Echo"},
			"Echo":{"Type":"Pass","End":true}}},"Next":"Done"},
		"Done":{"Type":"Succeed"}}}`
	dir := t.TempDir()
	clock := newManualClock(t0)
	e := openEngine(t, Options{Dir: dir, Clock: clock})
	arn := startMachine(t, e, def, `{"items":[1,2]}`)
	eventually(t, "both iterations sleep", func() bool { return len(clock.due()) == 2 })
	after := crash(t, e, dir)

	clock2 := newManualClock(t0.Add(30 * time.Second))
	e2 := openEngine(t, Options{Dir: after, Clock: clock2})
	// The iterations start over: their waits end a full minute after the
	// restart, not at the original t0+60s.
	eventually(t, "both iterations sleep again", func() bool {
		d := clock2.due()
		return len(d) == 2 && d[0].Equal(t0.Add(90*time.Second)) && d[1].Equal(t0.Add(90*time.Second))
	})
	clock2.advance(time.Minute)
	if got, want := engOutcome(waitDone(t, e2, arn)), "SUCCEEDED [1,2]"; got != want {
		t.Errorf("outcome = %s, want %s", got, want)
	}
}

func TestRestartKeepsStoppedExecution(t *testing.T) {
	dir := t.TempDir()
	clock := newManualClock(t0)
	e := openEngine(t, Options{Dir: dir, Clock: clock})
	arn := startMachine(t, e, waitDef, `{}`)
	eventually(t, "the Wait state sleeps", hasPending(clock, t0.Add(time.Hour)))
	if _, err := e.StopExecution(context.Background(), arn, "User.Cancelled", "changed my mind"); err != nil {
		t.Fatal(err)
	}
	after := crash(t, e, dir)
	e2 := openEngine(t, Options{Dir: after, Clock: newManualClock(t0.Add(time.Minute))})
	x, err := e2.DescribeExecution(context.Background(), arn)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := x.Status+" "+x.Error+" "+x.Cause, "ABORTED User.Cancelled changed my mind"; got != want {
		t.Errorf("stopped execution after the restart = %s, want %s", got, want)
	}
}
