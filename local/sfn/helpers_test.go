package sfn

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"
)

// engLambda implements the fake functions of testdata/conformance/README.md
// (echo, add, fail, flaky, sleep) plus any extra ones a test registers.
type engLambda struct {
	mu    sync.Mutex
	flaky map[string]int
	calls []string
	extra map[string]func(payload []byte) ([]byte, error)
}

var _ Invoker = (*engLambda)(nil)

func (f *engLambda) Invoke(ctx context.Context, fn string, payload []byte) ([]byte, error) {
	name := fn
	if _, after, ok := strings.Cut(fn, ":function:"); ok {
		name = after
	}
	f.mu.Lock()
	f.calls = append(f.calls, name)
	if f.flaky == nil {
		f.flaky = map[string]int{}
	}
	f.mu.Unlock()
	if h, ok := f.extra[name]; ok {
		return h(payload)
	}
	var p map[string]any
	_ = json.Unmarshal(payload, &p)
	switch name {
	case "echo":
		return payload, nil
	case "add":
		a, _ := p["a"].(float64)
		b, _ := p["b"].(float64)
		return json.Marshal(a + b)
	case "fail":
		return nil, &TaskError{Name: fmt.Sprint(p["error"]), Cause: fmt.Sprint(p["cause"])}
	case "flaky":
		key := fmt.Sprint(p["key"])
		n, _ := p["failures"].(float64)
		f.mu.Lock()
		f.flaky[key]++
		k := f.flaky[key]
		f.mu.Unlock()
		if k <= int(n) {
			return nil, &TaskError{Name: "Flaky.Transient", Cause: fmt.Sprintf("attempt %d", k)}
		}
		return json.Marshal(map[string]any{"key": key, "attempts": k})
	case "sleep":
		ms, _ := p["ms"].(float64)
		select {
		case <-time.After(time.Duration(ms) * time.Millisecond):
		case <-ctx.Done():
			return nil, ctx.Err()
		}
		return payload, nil
	}
	return nil, &TaskError{Name: "Lambda.ResourceNotFoundException", Cause: "Function not found: " + fn}
}

// engClock makes waits instant: After advances virtual time and fires at
// once, except for waits over 1000 hours (task default timeouts), which
// never fire.
type engClock struct {
	mu  sync.Mutex
	now time.Time
	// slept records every wait, for retry/backoff assertions.
	slept []time.Duration
}

func (c *engClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *engClock) After(d time.Duration) <-chan time.Time {
	if d > 1000*time.Hour {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
	c.slept = append(c.slept, d)
	ch := make(chan time.Time, 1)
	ch <- c.now
	return ch
}

func newEngClock() *engClock {
	return &engClock{now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
}

// engRun creates a state machine from def, runs it on input and waits.
func engRun(t *testing.T, e *Engine, def, input string) Execution {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	name := fmt.Sprintf("m%d", time.Now().UnixNano())
	sm, err := e.CreateStateMachine(ctx, CreateStateMachineInput{Name: name, Definition: def, RoleArn: "arn:aws:iam::123456789012:role/r"})
	if err != nil {
		t.Fatalf("create: %v", err)
	}
	x, err := e.StartExecution(ctx, StartExecutionInput{StateMachineArn: sm.StateMachineArn, Input: input})
	if err != nil {
		t.Fatalf("start: %v", err)
	}
	got, err := e.Wait(ctx, x.ExecutionArn)
	if err != nil {
		t.Fatalf("wait: %v", err)
	}
	return got
}

// engJSONEq compares two JSON texts semantically.
func engJSONEq(t *testing.T, got, want string) bool {
	t.Helper()
	g, err := parseJSON(got)
	if err != nil {
		t.Fatalf("got is not JSON: %q", got)
	}
	w, err := parseJSON(want)
	if err != nil {
		t.Fatalf("want is not JSON: %q", want)
	}
	return jsonEqual(g, w)
}

// outcome summarises an execution for table comparisons.
func engOutcome(x Execution) string {
	if x.Status == StatusSucceeded {
		return "SUCCEEDED " + *x.Output
	}
	return x.Status + " " + x.Error
}
