package sfn

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"
)

const engFnARN = "arn:aws:lambda:us-east-1:123456789012:function:"

func TestTasks(t *testing.T) {
	tests := []struct {
		name, def, input string
		want             string // engOutcome(): "SUCCEEDED <json>" or "FAILED <error>"
		wantSlept        []time.Duration
	}{
		{name: "plain function ARN", def: engOne(`{"Type":"Task","Resource":"` + engFnARN + `add","End":true}`),
			input: `{"a":1,"b":2}`, want: "SUCCEEDED 3"},
		{name: "lambda invoke result shape", def: engOne(`{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Parameters":{"FunctionName":"echo","Payload.$":"$"},
				"ResultSelector":{"p.$":"$.Payload","code.$":"$.StatusCode","v.$":"$.ExecutedVersion"},"End":true}`),
			input: `{"x":1}`, want: `SUCCEEDED {"code":200,"p":{"x":1},"v":"$LATEST"}`},
		{name: "function error name", def: engOne(`{"Type":"Task","Resource":"` + engFnARN + `fail","End":true}`),
			input: `{"error":"Doc.NotFound","cause":"gone"}`, want: "FAILED Doc.NotFound"},
		{name: "retry until success with backoff", def: engOne(`{"Type":"Task","Resource":"` + engFnARN + `flaky",
				"Retry":[{"ErrorEquals":["Flaky.Transient"],"IntervalSeconds":2,"MaxAttempts":3,"BackoffRate":3}],"End":true}`),
			input: `{"key":"k1","failures":2}`, want: `SUCCEEDED {"key":"k1","attempts":3}`, wantSlept: []time.Duration{2 * time.Second, 6 * time.Second}},
		{name: "retry capped by MaxDelaySeconds", def: engOne(`{"Type":"Task","Resource":"` + engFnARN + `flaky",
				"Retry":[{"ErrorEquals":["States.ALL"],"IntervalSeconds":2,"MaxAttempts":3,"BackoffRate":10,"MaxDelaySeconds":5}],"End":true}`),
			input: `{"key":"k2","failures":3}`, want: `SUCCEEDED {"key":"k2","attempts":4}`, wantSlept: []time.Duration{2 * time.Second, 5 * time.Second, 5 * time.Second}},
		{name: "retries exhausted", def: engOne(`{"Type":"Task","Resource":"` + engFnARN + `flaky",
				"Retry":[{"ErrorEquals":["States.TaskFailed"],"MaxAttempts":1}],"End":true}`),
			input: `{"key":"k3","failures":5}`, want: "FAILED Flaky.Transient", wantSlept: []time.Duration{time.Second}},
		{name: "MaxAttempts 0 never retries", def: engOne(`{"Type":"Task","Resource":"` + engFnARN + `flaky",
				"Retry":[{"ErrorEquals":["Flaky.Transient"],"MaxAttempts":0},{"ErrorEquals":["States.ALL"]}],"End":true}`),
			input: `{"key":"k4","failures":1}`, want: "FAILED Flaky.Transient"},
		{name: "first matching catcher wins", def: `{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"` + engFnARN + `fail",
				"Catch":[{"ErrorEquals":["Other"],"Next":"A"},{"ErrorEquals":["States.TaskFailed"],"ResultPath":"$.err","Next":"B"},{"ErrorEquals":["States.ALL"],"Next":"A"}],"End":true},
				"A":{"Type":"Pass","Result":"A","End":true},"B":{"Type":"Pass","End":true}}}`,
			input: `{"error":"E","cause":"C"}`, want: `SUCCEEDED {"error":"E","cause":"C","err":{"Error":"E","Cause":"C"}}`},
		{name: "catch result path null keeps input", def: `{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"` + engFnARN + `fail",
				"Catch":[{"ErrorEquals":["E"],"ResultPath":null,"Next":"B"}],"End":true},"B":{"Type":"Pass","End":true}}}`,
			input: `{"error":"E"}`, want: `SUCCEEDED {"error":"E"}`},
		{name: "timeout is States.Timeout", def: engOne(`{"Type":"Task","Resource":"` + engFnARN + `sleep","TimeoutSeconds":1,"End":true}`),
			input: `{"ms":60000}`, want: "FAILED States.Timeout"},
		{name: "TaskFailed does not match States.Timeout", def: `{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"` + engFnARN + `sleep","TimeoutSecondsPath":"$.t",
				"Catch":[{"ErrorEquals":["States.TaskFailed"],"Next":"B"}],"End":true},"B":{"Type":"Pass","End":true}}}`,
			input: `{"ms":60000,"t":2}`, want: "FAILED States.Timeout"},
		{name: "unknown function", def: engOne(`{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Parameters":{"FunctionName":"nope"},"End":true}`),
			input: `{}`, want: "FAILED Lambda.ResourceNotFoundException"},
		{name: "unsupported resource", def: engOne(`{"Type":"Task","Resource":"arn:aws:states:::dynamodb:putItem","End":true}`),
			input: `{}`, want: "FAILED States.Runtime"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clock := newEngClock()
			e := New(Options{Clock: clock, Invoker: &engLambda{}})
			got := engRun(t, e, tt.def, tt.input)
			o := engOutcome(got)
			if strings.HasPrefix(tt.want, "SUCCEEDED ") && got.Status == StatusSucceeded {
				if !engJSONEq(t, *got.Output, strings.TrimPrefix(tt.want, "SUCCEEDED ")) {
					t.Errorf("got %s, want %s", o, tt.want)
				}
			} else if o != tt.want {
				t.Errorf("got %s (%s), want %s", o, got.Cause, tt.want)
			}
			if tt.wantSlept != nil {
				clock.mu.Lock()
				var slept []time.Duration
				for _, d := range clock.slept {
					if d != time.Duration(99999999)*time.Second {
						slept = append(slept, d)
					}
				}
				clock.mu.Unlock()
				if len(slept) != len(tt.wantSlept) {
					t.Fatalf("waits: got %v, want %v", slept, tt.wantSlept)
				}
				for i := range slept {
					if slept[i] != tt.wantSlept[i] {
						t.Errorf("waits: got %v, want %v", slept, tt.wantSlept)
					}
				}
			}
		})
	}
}

func TestJitterFullStaysWithinBackoff(t *testing.T) {
	clock := newEngClock()
	e := New(Options{Clock: clock, Invoker: &engLambda{}})
	def := engOne(`{"Type":"Task","Resource":"` + engFnARN + `flaky","Retry":[{"ErrorEquals":["States.ALL"],"IntervalSeconds":4,"MaxAttempts":20,"BackoffRate":1,"JitterStrategy":"FULL"}],"End":true}`)
	got := engRun(t, e, def, `{"key":"jitter","failures":20}`)
	if got.Status != StatusSucceeded {
		t.Fatalf("got %s", engOutcome(got))
	}
	distinct := map[time.Duration]bool{}
	for _, d := range clock.slept {
		if d > 4*time.Second {
			t.Errorf("jittered wait %v exceeds the 4s interval", d)
		}
		distinct[d] = true
	}
	if len(distinct) < 2 {
		t.Errorf("20 jittered waits were all %v; want randomised waits", clock.slept)
	}
}

// engStart creates def and starts it, returning the execution ARN.
func engStart(t *testing.T, e *Engine, def, input string) string {
	t.Helper()
	ctx := context.Background()
	sm, err := e.CreateStateMachine(ctx, CreateStateMachineInput{Name: "m", Definition: def})
	if err != nil {
		t.Fatal(err)
	}
	x, err := e.StartExecution(ctx, StartExecutionInput{StateMachineArn: sm.StateMachineArn, Input: input})
	if err != nil {
		t.Fatal(err)
	}
	return x.ExecutionArn
}

func engWait(t *testing.T, e *Engine, arn string) Execution {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	x, err := e.Wait(ctx, arn)
	if err != nil {
		t.Fatal(err)
	}
	return x
}

func TestTaskTokens(t *testing.T) {
	const waitDef = `{"StartAt":"W","States":{"W":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke.waitForTaskToken",
		"Parameters":{"FunctionName":"trigger","Payload":{"Token.$":"$$.Task.Token"}},"HeartbeatSeconds":%HB%,"TimeoutSeconds":%TO%,"End":true}}}`
	def := func(hb, to string) string {
		d := strings.NewReplacer("%HB%", hb, "%TO%", to).Replace(waitDef)
		if hb == "" {
			d = strings.Replace(d, `"HeartbeatSeconds":,`, "", 1)
		}
		return d
	}
	ctx := context.Background()

	t.Run("success output is the result", func(t *testing.T) {
		tokens := make(chan string, 1)
		e := New(Options{Invoker: engTokenLambda(tokens)})
		arn := engStart(t, e, def("3000000", "6000000"), `{}`)
		tok := <-tokens
		if err := e.SendTaskSuccess(ctx, tok, `not json`); !engIsAPIError(err, "InvalidOutput") {
			t.Errorf("invalid output: got %v, want InvalidOutput", err)
		}
		if err := e.SendTaskSuccess(ctx, tok, `{"ok":true}`); err != nil {
			t.Fatal(err)
		}
		if got := engWait(t, e, arn); engOutcome(got) != `SUCCEEDED {"ok":true}` {
			t.Errorf("got %s", engOutcome(got))
		}
	})
	t.Run("failure names the error", func(t *testing.T) {
		tokens := make(chan string, 1)
		e := New(Options{Invoker: engTokenLambda(tokens)})
		arn := engStart(t, e, def("3000000", "6000000"), `{}`)
		if err := e.SendTaskFailure(ctx, <-tokens, "Process.Crashed", "exit 2"); err != nil {
			t.Fatal(err)
		}
		got := engWait(t, e, arn)
		if engOutcome(got) != "FAILED Process.Crashed" || got.Cause != "exit 2" {
			t.Errorf("got %s %q", engOutcome(got), got.Cause)
		}
	})
	t.Run("heartbeat timeout", func(t *testing.T) {
		tokens := make(chan string, 1)
		e := New(Options{Clock: newEngClock(), Invoker: engTokenLambda(tokens)})
		arn := engStart(t, e, def("5", "99999999"), `{}`)
		got := engWait(t, e, arn)
		if engOutcome(got) != "FAILED States.HeartbeatTimeout" {
			t.Errorf("got %s", engOutcome(got))
		}
		h, _ := e.GetExecutionHistory(ctx, arn)
		if typ := h[len(h)-2].Type; typ != "TaskTimedOut" {
			t.Errorf("event before the end: got %s, want TaskTimedOut", typ)
		}
		if err := e.SendTaskHeartbeat(ctx, <-tokens); !engIsAPIError(err, "TaskTimedOut") {
			t.Errorf("heartbeat after timeout: got %v, want TaskTimedOut", err)
		}
	})
	t.Run("timeout", func(t *testing.T) {
		tokens := make(chan string, 1)
		e := New(Options{Clock: newEngClock(), Invoker: engTokenLambda(tokens)})
		arn := engStart(t, e, def("", "10"), `{}`)
		if got := engWait(t, e, arn); engOutcome(got) != "FAILED States.Timeout" {
			t.Errorf("got %s", engOutcome(got))
		}
	})
	t.Run("invoker error fails the state", func(t *testing.T) {
		e := New(Options{Invoker: &engLambda{}}) // no "trigger" function
		arn := engStart(t, e, def("3000000", "6000000"), `{}`)
		if got := engWait(t, e, arn); engOutcome(got) != "FAILED Lambda.ResourceNotFoundException" {
			t.Errorf("got %s", engOutcome(got))
		}
	})
	t.Run("stop while waiting aborts", func(t *testing.T) {
		tokens := make(chan string, 1)
		e := New(Options{Invoker: engTokenLambda(tokens)})
		arn := engStart(t, e, def("3000000", "6000000"), `{}`)
		<-tokens
		x, err := e.StopExecution(ctx, arn, "User.Stop", "because")
		if err != nil {
			t.Fatal(err)
		}
		if x.Status != StatusAborted || x.Error != "User.Stop" || x.Cause != "because" {
			t.Errorf("got %+v", x)
		}
		h, _ := e.GetExecutionHistory(ctx, arn)
		if typ := h[len(h)-1].Type; typ != "ExecutionAborted" {
			t.Errorf("last event: got %s, want ExecutionAborted", typ)
		}
	})
	t.Run("bad tokens", func(t *testing.T) {
		e := New(Options{})
		if err := e.SendTaskSuccess(ctx, "garbage", `{}`); !engIsAPIError(err, "InvalidToken") {
			t.Errorf("garbage token: got %v, want InvalidToken", err)
		}
		if err := e.SendTaskHeartbeat(ctx, "AQnope"); !engIsAPIError(err, "TaskDoesNotExist") {
			t.Errorf("unknown token: got %v, want TaskDoesNotExist", err)
		}
	})
}

func engIsAPIError(err error, code string) bool {
	var ae *APIError
	return errors.As(err, &ae) && ae.Code == code
}

func TestExecutionTimeoutAndHistoryCap(t *testing.T) {
	t.Run("machine TimeoutSeconds", func(t *testing.T) {
		e := New(Options{Clock: newEngClock()})
		def := `{"TimeoutSeconds":5,"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":3600000,"End":true}}}`
		// The fake clock fires the 5s execution timer and the long wait
		// in whatever order; only a run where the timer wins is decisive,
		// so use a wait the fake clock never fires.
		def = strings.Replace(def, "3600000", "999999999", 1)
		got := engRun(t, e, def, `{}`)
		if got.Status != StatusTimedOut || got.Error != "States.Timeout" {
			t.Errorf("got %s %s, want TIMED_OUT States.Timeout", got.Status, got.Error)
		}
	})
	t.Run("history cap fails the execution", func(t *testing.T) {
		e := New(Options{MaxHistoryEvents: 50})
		got := engRun(t, e, engPassChain(100), `{}`)
		if got.Status != StatusFailed || got.Error != "States.Runtime" || !strings.Contains(got.Cause, "maximum number of history events (50)") {
			t.Errorf("got %s %s %s", got.Status, got.Error, got.Cause)
		}
	})
}
