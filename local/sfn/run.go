package sfn

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"
)

// stateError is an ASL error travelling up through states: a name for
// Retry/Catch to match, and a cause.
type stateError struct {
	name, cause string
	runtime     bool // States.Runtime: never retried nor caught
	prefixed    bool // cause already names the state
	aborted     bool // the execution is stopping (StopExecution or timeout)
}

func runtimeError(format string, a ...any) *stateError {
	return &stateError{name: "States.Runtime", cause: fmt.Sprintf(format, a...), runtime: true}
}

var errAborted = &stateError{aborted: true}

// lazyJSON is an input or output in an event, encoded only when the history
// is read: most histories are never read, and encoding every step would
// dominate the cost of a transition.
type lazyJSON struct{ v any }

type event struct {
	id, prev int64
	ts       time.Time
	typ      string
	key      string
	details  map[string]any
	// State entered/exited events keep their few fields unboxed, since they
	// are most of the history and building maps for them was most of the
	// cost of a transition.
	name  string
	ioKey string // "input" or "output"
	io    any
}

// thread tracks previousEventId along one line of control (the execution,
// a Parallel branch, a Map iteration).
type thread struct {
	x    *execution
	prev int64
	top  bool // the execution's main line, the one checkpoints follow
}

func (th *thread) add(typ, key string, details map[string]any) int64 {
	return th.addEvent(&event{typ: typ, key: key, details: details})
}

func (th *thread) addEvent(ev *event) int64 {
	x := th.x
	ev.ts = x.e.clock.Now()
	ev.prev = th.prev
	var details json.RawMessage
	if x.e.j != nil {
		if d := ev.rendered(); d != nil {
			details = json.RawMessage(toJSON(d))
		}
	}
	x.mu.Lock()
	id := int64(len(x.events) + 1)
	ev.id = id
	x.events = append(x.events, ev)
	if x.e.j != nil {
		x.journalEvent(ev, details) // under x.mu, so events are journaled in id order
	}
	if x.e.maxEvents > 0 && len(x.events) >= x.e.maxEvents {
		x.historyFull = true
	}
	x.mu.Unlock()
	th.prev = id
	return id
}

func (th *thread) fork() *thread { return &thread{x: th.x, prev: th.prev} }

// runMachine runs a (sub) state machine from StartAt to an end.
func (x *execution) runMachine(ctx context.Context, th *thread, m *machineDef, input any, item *mapItem) (any, *stateError) {
	return x.runMachineAt(ctx, th, m, m.startAt, input, item, nil)
}

// runMachineAt runs a (sub) state machine from state name to an end; ck,
// if set, is where that state had got to before a restart.
func (x *execution) runMachineAt(ctx context.Context, th *thread, m *machineDef, name string, input any, item *mapItem, ck *checkpoint) (any, *stateError) {
	for {
		if ctx.Err() != nil {
			return nil, errAborted
		}
		x.mu.Lock()
		full := x.historyFull
		x.mu.Unlock()
		if full {
			return nil, &stateError{name: "States.Runtime", runtime: true, prefixed: true,
				cause: fmt.Sprintf("The execution reached the maximum number of history events (%d).", x.e.maxEvents)}
		}
		s := m.states[name]
		out, next, err := x.runState(ctx, th, s, input, item, ck)
		ck = nil
		if err != nil {
			return nil, err
		}
		if next == "" {
			return out, nil
		}
		input, name = out, next
	}
}

type mapItem struct {
	index int
	value any
}

// runState runs one state and returns its output and the next state ("" at
// an end).
func (x *execution) runState(ctx context.Context, th *thread, s *state, input any, item *mapItem, ck *checkpoint) (any, string, *stateError) {
	var cx *ctxObject
	var enteredID int64
	if ck != nil {
		// Restarted: the state was entered before the crash.
		enteredID = ck.EnteredID
		cx = &ctxObject{exec: x, stateName: s.name, entered: ck.Entered, retry: ck.Retry, resume: ck}
		cx.ck = &checkpoint{State: s.name, Input: ck.Input, Entered: ck.Entered, EnteredID: ck.EnteredID, Attempts: ck.Attempts}
	} else {
		entered := &event{typ: s.typ + "StateEntered", key: "stateEnteredEventDetails", name: s.name, ioKey: "input", io: input}
		enteredID = th.addEvent(entered)
		cx = &ctxObject{exec: x, stateName: s.name, entered: entered.ts}
		if th.top && x.e.j != nil {
			cx.ck = &checkpoint{State: s.name, Input: json.RawMessage(toJSON(input)), Entered: entered.ts, EnteredID: enteredID}
			x.checkpoint(cx, phaseEnter, nil)
		}
	}
	if item != nil {
		cx.inMap, cx.mapIndex, cx.mapValue = true, item.index, item.value
	}
	out, next, err := x.runStateBody(ctx, th, s, input, cx)
	if err != nil {
		if err.runtime && !err.prefixed {
			err = &stateError{name: err.name, runtime: true, prefixed: true,
				cause: fmt.Sprintf("An error occurred while executing the state '%s' (entered at the event id #%d). %s", s.name, enteredID, err.cause)}
		}
		return nil, "", err
	}
	return out, next, nil
}

func (x *execution) exited(th *thread, s *state, out any) {
	th.addEvent(&event{typ: s.typ + "StateExited", key: "stateExitedEventDetails", name: s.name, ioKey: "output", io: out})
}

func applyInputPath(s *state, input any, cx *ctxObject) (any, *stateError) {
	switch {
	case s.inputPath.null:
		return map[string]any{}, nil
	case s.inputPath.p == nil:
		return input, nil
	}
	v, ok := s.inputPath.p.get(input, cx)
	if !ok {
		return nil, runtimeError("Invalid path '%s' : No results for path: %s", s.inputPath.p.raw, s.inputPath.p.raw)
	}
	return v, nil
}

func applyOutputPath(s *state, v any, cx *ctxObject) (any, *stateError) {
	switch {
	case s.outputPath.null:
		return map[string]any{}, nil
	case s.outputPath.p == nil:
		return v, nil
	}
	out, ok := s.outputPath.p.get(v, cx)
	if !ok {
		return nil, runtimeError("Invalid path '%s' : No results for path: %s", s.outputPath.p.raw, s.outputPath.p.raw)
	}
	return out, nil
}

func applyResultPath(rp optPath, input, result any) (any, *stateError) {
	switch {
	case rp.null:
		return input, nil
	case rp.p == nil || len(rp.p.steps) == 0:
		return result, nil
	}
	out, err := rp.p.set(input, result)
	if err != nil {
		return nil, &stateError{name: "States.ResultPathMatchFailure",
			cause: fmt.Sprintf("Unable to apply ReferencePath %s to input %s", rp.p.raw, toJSON(input))}
	}
	return out, nil
}

func (x *execution) runStateBody(ctx context.Context, th *thread, s *state, input any, cx *ctxObject) (any, string, *stateError) {
	switch s.typ {
	case "Pass":
		eff, err := applyInputPath(s, input, cx)
		if err != nil {
			return nil, "", err
		}
		if s.parameters != nil {
			if eff, err = s.parameters.eval(eff, cx); err != nil {
				return nil, "", err
			}
		}
		result := eff
		if s.hasResult {
			result = s.result
		}
		out, err := applyResultPath(s.resultPath, input, result)
		if err != nil {
			return nil, "", err
		}
		if out, err = applyOutputPath(s, out, cx); err != nil {
			return nil, "", err
		}
		x.exited(th, s, out)
		return out, s.next, nil
	case "Succeed":
		eff, err := applyInputPath(s, input, cx)
		if err != nil {
			return nil, "", err
		}
		out, err := applyOutputPath(s, eff, cx)
		if err != nil {
			return nil, "", err
		}
		x.exited(th, s, out)
		return out, "", nil
	case "Fail":
		name, cause := s.errorName, s.cause
		if s.errorExpr != nil {
			v, err := s.errorExpr.eval(input, cx)
			if err != nil {
				return nil, "", err
			}
			name = fmt.Sprint(v.(map[string]any)["v"])
		}
		if s.causeExpr != nil {
			v, err := s.causeExpr.eval(input, cx)
			if err != nil {
				return nil, "", err
			}
			cause = fmt.Sprint(v.(map[string]any)["v"])
		}
		return nil, "", &stateError{name: name, cause: cause, prefixed: true}
	case "Choice":
		eff, err := applyInputPath(s, input, cx)
		if err != nil {
			return nil, "", err
		}
		next := ""
		for _, r := range s.choices {
			ok, err := r.eval(eff, cx)
			if err != nil {
				return nil, "", err
			}
			if ok {
				next = r.next
				break
			}
		}
		if next == "" {
			next = s.dflt
		}
		if next == "" {
			return nil, "", &stateError{name: "States.NoChoiceMatched", cause: fmt.Sprintf("No Matches! for the state '%s'", s.name)}
		}
		out, err := applyOutputPath(s, eff, cx)
		if err != nil {
			return nil, "", err
		}
		x.exited(th, s, out)
		return out, next, nil
	case "Wait":
		eff, err := applyInputPath(s, input, cx)
		if err != nil {
			return nil, "", err
		}
		var d time.Duration
		switch {
		case cx.resume != nil && cx.resume.Phase == phaseWait:
			d = cx.resume.Due.Sub(x.e.clock.Now())
		case s.seconds != nil:
			d = time.Duration(*s.seconds) * time.Second
		case s.timestamp != nil:
			d = s.timestamp.Sub(x.e.clock.Now())
		case s.secondsPath != nil:
			v, ok := s.secondsPath.get(eff, cx)
			n, isInt := asInt(v)
			if !ok || !isInt || n < 0 {
				return nil, "", runtimeError("The SecondsPath parameter does not reference a valid integer value: %s", s.secondsPath.raw)
			}
			d = time.Duration(n) * time.Second
		case s.timestampPath != nil:
			v, ok := s.timestampPath.get(eff, cx)
			str, _ := v.(string)
			t, perr := parseTimestamp(str)
			if !ok || perr != nil {
				return nil, "", runtimeError("The TimestampPath parameter does not reference a valid ISO-8601 extended offset date-time format string: %s", s.timestampPath.raw)
			}
			d = t.Sub(x.e.clock.Now())
		}
		cx.resume = nil
		if d > 0 {
			due := x.e.clock.Now().Add(d)
			x.checkpoint(cx, phaseWait, func(c *checkpoint) { c.Due = due })
			select {
			case <-x.e.clock.After(d):
			case <-ctx.Done():
				return nil, "", errAborted
			}
		}
		out, err := applyOutputPath(s, eff, cx)
		if err != nil {
			return nil, "", err
		}
		x.exited(th, s, out)
		return out, s.next, nil
	}
	return x.runRetryable(ctx, th, s, input, cx)
}

// runRetryable runs a Task, Parallel or Map state with its Retry and Catch.
func (x *execution) runRetryable(ctx context.Context, th *thread, s *state, input any, cx *ctxObject) (any, string, *stateError) {
	attempts := make([]int64, len(s.retry))
	if rp := cx.resume; rp != nil {
		copy(attempts, rp.Attempts)
		if rp.Phase == phaseBackoff {
			cx.resume = nil
			if err := x.sleepUntil(ctx, rp.Due); err != nil {
				return nil, "", err
			}
		}
	}
	if cx.ck != nil {
		cx.ck.Attempts = attempts
	}
	for {
		out, err := x.attempt(ctx, th, s, input, cx)
		cx.resume = nil
		if err == nil {
			x.exited(th, s, out)
			return out, s.next, nil
		}
		if err.aborted || err.runtime || ctx.Err() != nil {
			return nil, "", err
		}
		if i := matchRetrier(s, err); i >= 0 && attempts[i] < s.retry[i].maxAttempts {
			r := s.retry[i]
			delay := r.interval * math.Pow(r.backoff, float64(attempts[i]))
			if r.maxDelay > 0 && delay > r.maxDelay {
				delay = r.maxDelay
			}
			if r.jitterFull {
				delay *= rand.Float64()
			}
			attempts[i]++
			cx.retry++
			cx.cached = nil
			due := x.e.clock.Now().Add(time.Duration(delay * float64(time.Second)))
			x.checkpoint(cx, phaseBackoff, func(c *checkpoint) { c.Due = due })
			if delay > 0 {
				select {
				case <-x.e.clock.After(time.Duration(delay * float64(time.Second))):
				case <-ctx.Done():
					return nil, "", errAborted
				}
			}
			continue
		}
		for _, c := range s.catch {
			if !errorMatches(c.errorEquals, s, err) {
				continue
			}
			rp := c.resultPath
			out, rerr := applyResultPath(rp, input, map[string]any{"Error": err.name, "Cause": err.cause})
			if rerr != nil {
				return nil, "", rerr
			}
			return out, c.next, nil
		}
		return nil, "", err
	}
}

func matchRetrier(s *state, err *stateError) int {
	for i, r := range s.retry {
		if errorMatches(r.errorEquals, s, err) {
			return i
		}
	}
	return -1
}

func errorMatches(names []string, s *state, err *stateError) bool {
	if err.runtime || err.aborted {
		return false
	}
	for _, n := range names {
		switch {
		case n == err.name, n == "States.ALL":
			return true
		case n == "States.TaskFailed" && s.typ == "Task" && err.name != "States.Timeout":
			return true
		}
	}
	return false
}

// attempt runs a Task, Parallel or Map state once, through all its input and
// output processing.
func (x *execution) attempt(ctx context.Context, th *thread, s *state, input any, cx *ctxObject) (any, *stateError) {
	eff, err := applyInputPath(s, input, cx)
	if err != nil {
		return nil, err
	}
	var token string
	if s.typ == "Task" && strings.HasSuffix(s.resource, ".waitForTaskToken") {
		if rp := cx.resume; rp != nil && rp.Token != "" {
			token = rp.Token // registered again when the journal was read
		} else {
			token = x.e.newToken()
		}
		defer x.e.finishToken(token)
		cx.token = token
		cx.cached = nil
	}
	params := eff
	if s.parameters != nil {
		if params, err = s.parameters.eval(eff, cx); err != nil {
			return nil, err
		}
	}
	var result any
	switch s.typ {
	case "Task":
		result, err = x.runTask(ctx, th, s, eff, params, token, cx)
	case "Parallel":
		result, err = x.runParallel(ctx, th, s, params)
	case "Map":
		result, err = x.runMap(ctx, th, s, eff, cx)
	}
	if err != nil {
		return nil, err
	}
	if s.resultSelector != nil {
		if result, err = s.resultSelector.eval(result, cx); err != nil {
			return nil, err
		}
	}
	out, err := applyResultPath(s.resultPath, input, result)
	if err != nil {
		return nil, err
	}
	return applyOutputPath(s, out, cx)
}

const (
	lambdaInvoke      = "arn:aws:states:::lambda:invoke"
	lambdaInvokeToken = "arn:aws:states:::lambda:invoke.waitForTaskToken"
)

func isLambdaARN(r string) bool {
	return strings.HasPrefix(r, "arn:aws:lambda:") && strings.Contains(r, ":function:")
}

// taskSeconds resolves TimeoutSeconds/HeartbeatSeconds and their …Path forms.
func taskSeconds(fixed int64, p *path, eff any, cx *ctxObject, field string) (int64, *stateError) {
	if p == nil {
		return fixed, nil
	}
	v, ok := p.get(eff, cx)
	n, isInt := asInt(v)
	if !ok || !isInt || n < 1 {
		return 0, runtimeError("The %s parameter does not reference a valid positive integer: %s", field, p.raw)
	}
	return n, nil
}

func (x *execution) runTask(ctx context.Context, th *thread, s *state, eff, params any, token string, cx *ctxObject) (any, *stateError) {
	timeout, err := taskSeconds(s.timeoutSeconds, s.timeoutPath, eff, nil, "TimeoutSecondsPath")
	if err != nil {
		return nil, err
	}
	heartbeat, err := taskSeconds(s.heartbeatSeconds, s.heartbeatPath, eff, nil, "HeartbeatSecondsPath")
	if err != nil {
		return nil, err
	}
	// A restart goes on after the events of the phase it checkpointed: a
	// function that was being invoked is invoked again (at least once, as
	// Lambda's own retries are), a submitted task waits on for its token.
	rp := cx.resume
	if rp != nil && rp.Phase != phaseInvoke && rp.Phase != phaseToken {
		rp = nil
	}
	now := x.e.clock.Now()
	deadlineAt := now.Add(time.Duration(timeout) * time.Second)
	if rp != nil {
		deadlineAt = rp.Due
	}
	invoking := func(c *checkpoint) { c.Token, c.Due = token, deadlineAt }
	switch {
	case isLambdaARN(s.resource):
		if rp == nil {
			th.add("LambdaFunctionScheduled", "lambdaFunctionScheduledEventDetails", map[string]any{
				"resource": s.resource, "input": lazyJSON{params}, "inputDetails": map[string]any{"truncated": false}, "timeoutInSeconds": timeout})
			th.add("LambdaFunctionStarted", "", nil)
			x.checkpoint(cx, phaseInvoke, invoking)
		}
		out, terr := x.invokeUntil(ctx, s.resource, params, x.e.clock.After(deadlineAt.Sub(now)))
		if terr != nil {
			if terr.aborted {
				return nil, terr
			}
			if terr.name == "States.Timeout" {
				th.add("LambdaFunctionTimedOut", "lambdaFunctionTimedOutEventDetails", map[string]any{"error": terr.name, "cause": terr.cause})
			} else {
				th.add("LambdaFunctionFailed", "lambdaFunctionFailedEventDetails", map[string]any{"error": terr.name, "cause": terr.cause})
			}
			return nil, terr
		}
		th.add("LambdaFunctionSucceeded", "lambdaFunctionSucceededEventDetails", map[string]any{"output": lazyJSON{out}, "outputDetails": map[string]any{"truncated": false}})
		return out, nil
	case s.resource == lambdaInvoke || s.resource == lambdaInvokeToken:
		resource := strings.TrimPrefix(s.resource, "arn:aws:states:::lambda:")
		details := map[string]any{"resourceType": "lambda", "resource": resource, "region": x.e.region, "parameters": lazyJSON{params}}
		if s.timeoutPath != nil || s.timeoutSeconds != 99999999 {
			details["timeoutInSeconds"] = timeout
		}
		if heartbeat > 0 {
			details["heartbeatInSeconds"] = heartbeat
		}
		if rp == nil {
			th.add("TaskScheduled", "taskScheduledEventDetails", details)
			th.add("TaskStarted", "taskStartedEventDetails", map[string]any{"resourceType": "lambda", "resource": resource})
			x.checkpoint(cx, phaseInvoke, invoking)
		}
		fail := func(e *stateError) (any, *stateError) {
			if e.aborted {
				return nil, e
			}
			typ, key := "TaskFailed", "taskFailedEventDetails"
			if e.name == "States.Timeout" || e.name == "States.HeartbeatTimeout" {
				typ, key = "TaskTimedOut", "taskTimedOutEventDetails"
			}
			th.add(typ, key, map[string]any{"resourceType": "lambda", "resource": resource, "error": e.name, "cause": e.cause})
			return nil, e
		}
		p, ok := params.(map[string]any)
		fn, _ := p["FunctionName"].(string)
		if !ok || fn == "" {
			return fail(runtimeError("The field 'FunctionName' is required for %s", s.resource))
		}
		payload, hasPayload := p["Payload"]
		if !hasPayload {
			payload = map[string]any{}
		}
		deadline := x.e.clock.After(deadlineAt.Sub(now))
		if rp != nil && rp.Phase == phaseToken {
			out, terr := x.e.waitToken(ctx, token, deadline, heartbeat, rp.Beat)
			if terr != nil {
				return fail(terr)
			}
			th.add("TaskSucceeded", "taskSucceededEventDetails", map[string]any{"resourceType": "lambda", "resource": resource,
				"output": lazyJSON{out}, "outputDetails": map[string]any{"truncated": false}})
			return out, nil
		}
		res, terr := x.invokeUntil(ctx, fn, payload, deadline)
		if terr != nil {
			return fail(terr)
		}
		resp := map[string]any{
			"ExecutedVersion": "$LATEST",
			"Payload":         res,
			"SdkHttpMetadata": map[string]any{
				"AllHttpHeaders": map[string]any{"X-Amz-Executed-Version": []any{"$LATEST"}, "Content-Type": []any{"application/json"}},
				"HttpHeaders":    map[string]any{"X-Amz-Executed-Version": "$LATEST", "Content-Type": "application/json"},
				"HttpStatusCode": int64(200),
			},
			"SdkResponseMetadata": map[string]any{"RequestId": uuid.NewString()},
			"StatusCode":          int64(200),
		}
		if token == "" {
			th.add("TaskSucceeded", "taskSucceededEventDetails", map[string]any{"resourceType": "lambda", "resource": resource,
				"output": lazyJSON{resp}, "outputDetails": map[string]any{"truncated": false}})
			return resp, nil
		}
		th.add("TaskSubmitted", "taskSubmittedEventDetails", map[string]any{"resourceType": "lambda", "resource": resource,
			"output": lazyJSON{resp}, "outputDetails": map[string]any{"truncated": false}})
		beat := x.e.clock.Now()
		x.checkpoint(cx, phaseToken, func(c *checkpoint) {
			c.Token, c.Due, c.Beat, c.Heartbeat = token, deadlineAt, beat, heartbeat
		})
		out, terr := x.e.waitToken(ctx, token, deadline, heartbeat, beat)
		if terr != nil {
			return fail(terr)
		}
		th.add("TaskSucceeded", "taskSucceededEventDetails", map[string]any{"resourceType": "lambda", "resource": resource,
			"output": lazyJSON{out}, "outputDetails": map[string]any{"truncated": false}})
		return out, nil
	}
	return nil, runtimeError("The resource '%s' is not supported by the local Step Functions engine", s.resource)
}

// invokeUntil calls the Invoker, giving up at deadline with States.Timeout.
func (x *execution) invokeUntil(ctx context.Context, fn string, payload any, deadline <-chan time.Time) (any, *stateError) {
	if x.e.invoker == nil {
		return nil, &stateError{name: "Lambda.ServiceException", cause: "no Lambda invoker is configured"}
	}
	ictx, cancel := context.WithCancel(ctx)
	defer cancel()
	type result struct {
		b   []byte
		err error
	}
	ch := make(chan result, 1)
	body := []byte(toJSON(payload))
	go func() {
		b, err := x.e.invoker.Invoke(ictx, fn, body)
		ch <- result{b, err}
	}()
	select {
	case r := <-ch:
		if r.err != nil {
			var te *TaskError
			if errors.As(r.err, &te) {
				return nil, &stateError{name: te.Name, cause: te.Cause}
			}
			if ctx.Err() != nil {
				return nil, errAborted
			}
			return nil, &stateError{name: "Lambda.ServiceException", cause: r.err.Error()}
		}
		if len(strings.TrimSpace(string(r.b))) == 0 {
			return nil, nil
		}
		v, err := parseJSON(string(r.b))
		if err != nil {
			return nil, &stateError{name: "States.Runtime", runtime: true, cause: fmt.Sprintf("the function returned invalid JSON: %v", err)}
		}
		return v, nil
	case <-deadline:
		return nil, &stateError{name: "States.Timeout"}
	case <-ctx.Done():
		return nil, errAborted
	}
}

func (x *execution) runParallel(ctx context.Context, th *thread, s *state, input any) (any, *stateError) {
	th.add("ParallelStateStarted", "", nil)
	bctx, cancel := context.WithCancel(ctx)
	defer cancel()
	results := make([]any, len(s.branches))
	var (
		mu    sync.Mutex
		first *stateError
		wg    sync.WaitGroup
	)
	for i, b := range s.branches {
		wg.Add(1)
		go func() {
			defer wg.Done()
			out, err := x.runMachine(bctx, th.fork(), b, input, nil)
			if err != nil {
				mu.Lock()
				if first == nil && !err.aborted {
					first = err
					cancel()
				}
				mu.Unlock()
				return
			}
			results[i] = out
		}()
	}
	wg.Wait()
	if first == nil && ctx.Err() != nil {
		return nil, errAborted
	}
	if first != nil {
		th.add("ParallelStateFailed", "", nil)
		return nil, first
	}
	th.add("ParallelStateSucceeded", "", nil)
	return results, nil
}

func (x *execution) runMap(ctx context.Context, th *thread, s *state, eff any, cx *ctxObject) (any, *stateError) {
	items := eff
	if s.itemsPath != nil {
		v, ok := s.itemsPath.get(eff, cx)
		if !ok {
			return nil, runtimeError("Invalid path '%s' : No results for path: %s", s.itemsPath.raw, s.itemsPath.raw)
		}
		items = v
	}
	list, ok := items.([]any)
	if !ok {
		return nil, runtimeError("Item path '%s' of the Map state must point to a JSON array, got %s", pathRaw(s.itemsPath), jsonType(items))
	}
	maxConc := s.maxConcurrency
	if s.maxConcurrencyPath != nil {
		v, ok := s.maxConcurrencyPath.get(eff, cx)
		n, isInt := asInt(v)
		if !ok || !isInt || n < 0 {
			return nil, runtimeError("The MaxConcurrencyPath parameter does not reference a valid non-negative integer: %s", s.maxConcurrencyPath.raw)
		}
		maxConc = n
	}
	tolPct, tolCount := -1.0, int64(-1)
	if s.tolPct != nil {
		tolPct = *s.tolPct
	}
	if s.tolPctPath != nil {
		v, ok := s.tolPctPath.get(eff, cx)
		f, isNum := asNumber(v)
		if !ok || !isNum || f < 0 || f > 100 {
			return nil, runtimeError("The ToleratedFailurePercentagePath parameter does not reference a number between 0 and 100: %s", s.tolPctPath.raw)
		}
		tolPct = f
	}
	if s.tolCount != nil {
		tolCount = *s.tolCount
	}
	if s.tolCountPath != nil {
		v, ok := s.tolCountPath.get(eff, cx)
		n, isInt := asInt(v)
		if !ok || !isInt || n < 0 {
			return nil, runtimeError("The ToleratedFailureCountPath parameter does not reference a non-negative integer: %s", s.tolCountPath.raw)
		}
		tolCount = n
	}
	if s.distributed && tolPct < 0 && tolCount < 0 {
		// A distributed Map tolerates no failed child by default, and says
		// so with its own error rather than the child's.
		tolCount = 0
	}
	tolerant := tolPct >= 0 || tolCount >= 0

	// Item inputs are built before any iteration starts, so a bad
	// ItemSelector fails the state as a whole, as in AWS.
	inputs := make([]any, len(list))
	for i, it := range list {
		inputs[i] = it
		if s.itemSelector != nil {
			icx := &ctxObject{exec: x, stateName: s.name, entered: cx.entered, inMap: true, mapIndex: i, mapValue: it}
			v, err := s.itemSelector.eval(eff, icx)
			if err != nil {
				return nil, err
			}
			inputs[i] = v
		}
	}

	th.add("MapStateStarted", "mapStateStartedEventDetails", map[string]any{"length": int64(len(list))})
	mctx, cancel := context.WithCancel(ctx)
	defer cancel()
	results := make([]any, len(list))
	var (
		mu     sync.Mutex
		first  *stateError
		failed int64
		wg     sync.WaitGroup
	)
	var sem chan struct{}
	if maxConc > 0 {
		sem = make(chan struct{}, maxConc)
	}
	exceeded := func() bool {
		if tolCount >= 0 && failed > tolCount {
			return true
		}
		if tolPct >= 0 && len(list) > 0 && float64(failed)*100/float64(len(list)) > tolPct {
			return true
		}
		return false
	}
	for i := range list {
		if sem != nil {
			select {
			case sem <- struct{}{}:
			case <-mctx.Done():
			}
			if mctx.Err() != nil {
				break
			}
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			if sem != nil {
				defer func() { <-sem }()
			}
			ith := th.fork()
			iterDetails := map[string]any{"name": s.name, "index": int64(i)}
			ith.add("MapIterationStarted", "mapIterationStartedEventDetails", iterDetails)
			out, err := x.runMachine(mctx, ith, s.processor, inputs[i], &mapItem{index: i, value: list[i]})
			if err != nil {
				if err.aborted {
					ith.add("MapIterationAborted", "mapIterationAbortedEventDetails", iterDetails)
					return
				}
				ith.add("MapIterationFailed", "mapIterationFailedEventDetails", iterDetails)
				mu.Lock()
				defer mu.Unlock()
				failed++
				results[i] = map[string]any{"Error": err.name, "Cause": err.cause}
				if first == nil && (!tolerant || exceeded()) {
					first = err
					if tolerant {
						first = &stateError{name: "States.ExceedToleratedFailureThreshold", cause: "The specified tolerated failure threshold was exceeded"}
					}
					cancel()
				}
				return
			}
			results[i] = out
			ith.add("MapIterationSucceeded", "mapIterationSucceededEventDetails", iterDetails)
		}()
	}
	wg.Wait()
	if first == nil && ctx.Err() != nil {
		return nil, errAborted
	}
	if first != nil {
		th.add("MapStateFailed", "", nil)
		return nil, first
	}
	th.add("MapStateSucceeded", "", nil)
	return results, nil
}

func pathRaw(p *path) string {
	if p == nil {
		return "$"
	}
	return p.raw
}
