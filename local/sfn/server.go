package sfn

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
)

// Handler serves the Step Functions JSON API (AWS JSON 1.0: POST with
// X-Amz-Target: AWSStepFunctions.<Operation>) for this engine. It does not
// check signatures: any credentials are accepted, as the local stack needs.
func (e *Engine) Handler() http.Handler { return http.HandlerFunc(e.serveHTTP) }

type apiOp func(e *Engine, r *http.Request, body []byte) (any, error)

var apiOps = map[string]apiOp{
	"CreateStateMachine":               opCreateStateMachine,
	"DescribeStateMachine":             opDescribeStateMachine,
	"DescribeStateMachineForExecution": opDescribeStateMachineForExecution,
	"ListStateMachines":                opListStateMachines,
	"DeleteStateMachine":               opDeleteStateMachine,
	"UpdateStateMachine":               opUpdateStateMachine,
	"StartExecution":                   opStartExecution,
	"DescribeExecution":                opDescribeExecution,
	"ListExecutions":                   opListExecutions,
	"GetExecutionHistory":              opGetExecutionHistory,
	"StopExecution":                    opStopExecution,
	"SendTaskSuccess":                  opSendTaskSuccess,
	"SendTaskFailure":                  opSendTaskFailure,
	"SendTaskHeartbeat":                opSendTaskHeartbeat,
}

func (e *Engine) serveHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/x-amz-json-1.0")
	w.Header().Set("x-amzn-RequestId", uuid.NewString())
	target := r.Header.Get("X-Amz-Target")
	name, ok := strings.CutPrefix(target, "AWSStepFunctions.")
	op := apiOps[name]
	if r.Method != http.MethodPost || !ok || op == nil {
		writeAPIError(w, apiErr("UnknownOperationException", "unknown operation %q", target))
		return
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, 10<<20))
	if err != nil {
		writeAPIError(w, apiErr("SerializationException", "read body: %v", err))
		return
	}
	if len(strings.TrimSpace(string(body))) == 0 {
		body = []byte("{}")
	}
	out, err := op(e, r, body)
	if err != nil {
		writeAPIError(w, err)
		return
	}
	b, _ := json.Marshal(out)
	w.Write(b)
}

func writeAPIError(w http.ResponseWriter, err error) {
	var ae *APIError
	if !errors.As(err, &ae) {
		ae = &APIError{Code: "InternalFailure", Message: err.Error()}
	}
	status := http.StatusBadRequest
	if ae.Code == "InternalFailure" {
		status = http.StatusInternalServerError
	}
	w.WriteHeader(status)
	b, _ := json.Marshal(map[string]string{"__type": ae.Code, "message": ae.Message})
	w.Write(b)
}

func decode(body []byte, v any) error {
	if err := json.Unmarshal(body, v); err != nil {
		return apiErr("SerializationException", "invalid request body: %v", err)
	}
	return nil
}

// epoch renders a time as AWS JSON 1.0 does: seconds since the epoch.
func epoch(t time.Time) float64 {
	return float64(t.UnixMilli()) / 1000
}

// page cuts list to maxResults items starting at the offset encoded in
// nextToken, and returns the token for the rest.
func page[T any](list []T, maxResults int, nextToken string) ([]T, string, error) {
	start := 0
	if nextToken != "" {
		b, err := base64.RawURLEncoding.DecodeString(nextToken)
		n, err2 := strconv.Atoi(string(b))
		if err != nil || err2 != nil || n < 0 || n > len(list) {
			return nil, "", apiErr("InvalidToken", "Invalid nextToken")
		}
		start = n
	}
	if maxResults <= 0 || maxResults > 1000 {
		maxResults = 100
	}
	end := min(start+maxResults, len(list))
	next := ""
	if end < len(list) {
		next = base64.RawURLEncoding.EncodeToString([]byte(strconv.Itoa(end)))
	}
	return list[start:end], next, nil
}

func opCreateStateMachine(e *Engine, r *http.Request, body []byte) (any, error) {
	var in struct {
		N string `json:"name"`
		D string `json:"definition"`
		R string `json:"roleArn"`
		T string `json:"type"`
	}
	if err := decode(body, &in); err != nil {
		return nil, err
	}
	sm, err := e.CreateStateMachine(r.Context(), CreateStateMachineInput{Name: in.N, Definition: in.D, RoleArn: in.R, Type: in.T})
	if err != nil {
		return nil, err
	}
	return map[string]any{"stateMachineArn": sm.StateMachineArn, "creationDate": epoch(sm.CreationDate)}, nil
}

func describeSM(sm StateMachine) map[string]any {
	return map[string]any{"stateMachineArn": sm.StateMachineArn, "name": sm.Name, "status": sm.Status, "definition": sm.Definition,
		"roleArn": sm.RoleArn, "type": sm.Type, "creationDate": epoch(sm.CreationDate),
		"loggingConfiguration": map[string]any{"level": "OFF", "includeExecutionData": false}}
}

func opDescribeStateMachine(e *Engine, r *http.Request, body []byte) (any, error) {
	var in struct {
		Arn string `json:"stateMachineArn"`
	}
	if err := decode(body, &in); err != nil {
		return nil, err
	}
	sm, err := e.DescribeStateMachine(r.Context(), in.Arn)
	if err != nil {
		return nil, err
	}
	return describeSM(sm), nil
}

func opDescribeStateMachineForExecution(e *Engine, r *http.Request, body []byte) (any, error) {
	var in struct {
		Arn string `json:"executionArn"`
	}
	if err := decode(body, &in); err != nil {
		return nil, err
	}
	x, err := e.execution(in.Arn)
	if err != nil {
		return nil, err
	}
	m := describeSM(x.sm.public())
	delete(m, "status")
	delete(m, "type")
	delete(m, "creationDate")
	m["updateDate"] = epoch(x.sm.created)
	return m, nil
}

func opListStateMachines(e *Engine, r *http.Request, body []byte) (any, error) {
	var in struct {
		MaxResults int    `json:"maxResults"`
		NextToken  string `json:"nextToken"`
	}
	if err := decode(body, &in); err != nil {
		return nil, err
	}
	list, next, err := page(e.ListStateMachines(r.Context()), in.MaxResults, in.NextToken)
	if err != nil {
		return nil, err
	}
	items := make([]map[string]any, len(list))
	for i, sm := range list {
		items[i] = map[string]any{"stateMachineArn": sm.StateMachineArn, "name": sm.Name, "type": sm.Type, "creationDate": epoch(sm.CreationDate)}
	}
	out := map[string]any{"stateMachines": items}
	if next != "" {
		out["nextToken"] = next
	}
	return out, nil
}

func opDeleteStateMachine(e *Engine, r *http.Request, body []byte) (any, error) {
	var in struct {
		Arn string `json:"stateMachineArn"`
	}
	if err := decode(body, &in); err != nil {
		return nil, err
	}
	return map[string]any{}, e.DeleteStateMachine(r.Context(), in.Arn)
}

func opUpdateStateMachine(e *Engine, r *http.Request, body []byte) (any, error) {
	var in struct {
		Arn string `json:"stateMachineArn"`
		D   string `json:"definition"`
		R   string `json:"roleArn"`
	}
	if err := decode(body, &in); err != nil {
		return nil, err
	}
	if _, err := e.UpdateStateMachine(r.Context(), in.Arn, in.D, in.R); err != nil {
		return nil, err
	}
	return map[string]any{"updateDate": epoch(time.Now())}, nil
}

func opStartExecution(e *Engine, r *http.Request, body []byte) (any, error) {
	var in struct {
		Arn   string  `json:"stateMachineArn"`
		Name  string  `json:"name"`
		Input *string `json:"input"`
	}
	if err := decode(body, &in); err != nil {
		return nil, err
	}
	input := ""
	if in.Input != nil {
		input = *in.Input
	}
	x, err := e.StartExecution(r.Context(), StartExecutionInput{StateMachineArn: in.Arn, Name: in.Name, Input: input})
	if err != nil {
		return nil, err
	}
	return map[string]any{"executionArn": x.ExecutionArn, "startDate": epoch(x.StartDate)}, nil
}

func opDescribeExecution(e *Engine, r *http.Request, body []byte) (any, error) {
	var in struct {
		Arn string `json:"executionArn"`
	}
	if err := decode(body, &in); err != nil {
		return nil, err
	}
	x, err := e.DescribeExecution(r.Context(), in.Arn)
	if err != nil {
		return nil, err
	}
	out := map[string]any{"executionArn": x.ExecutionArn, "stateMachineArn": x.StateMachineArn, "name": x.Name, "status": x.Status,
		"startDate": epoch(x.StartDate), "input": x.Input, "inputDetails": map[string]any{"included": true}, "redriveCount": 0,
		"redriveStatus": "NOT_REDRIVABLE"}
	if x.Status != StatusRunning {
		out["stopDate"] = epoch(x.StopDate)
	}
	if x.Output != nil {
		out["output"] = *x.Output
		out["outputDetails"] = map[string]any{"included": true}
	}
	if x.Error != "" {
		out["error"] = x.Error
	}
	if x.Cause != "" {
		out["cause"] = x.Cause
	}
	return out, nil
}

func opListExecutions(e *Engine, r *http.Request, body []byte) (any, error) {
	var in struct {
		Arn        string `json:"stateMachineArn"`
		Status     string `json:"statusFilter"`
		MaxResults int    `json:"maxResults"`
		NextToken  string `json:"nextToken"`
	}
	if err := decode(body, &in); err != nil {
		return nil, err
	}
	all, err := e.ListExecutions(r.Context(), in.Arn, in.Status)
	if err != nil {
		return nil, err
	}
	list, next, err := page(all, in.MaxResults, in.NextToken)
	if err != nil {
		return nil, err
	}
	items := make([]map[string]any, len(list))
	for i, x := range list {
		items[i] = map[string]any{"executionArn": x.ExecutionArn, "stateMachineArn": x.StateMachineArn, "name": x.Name,
			"status": x.Status, "startDate": epoch(x.StartDate)}
		if x.Status != StatusRunning {
			items[i]["stopDate"] = epoch(x.StopDate)
		}
	}
	out := map[string]any{"executions": items}
	if next != "" {
		out["nextToken"] = next
	}
	return out, nil
}

func opGetExecutionHistory(e *Engine, r *http.Request, body []byte) (any, error) {
	var in struct {
		Arn          string `json:"executionArn"`
		MaxResults   int    `json:"maxResults"`
		NextToken    string `json:"nextToken"`
		ReverseOrder bool   `json:"reverseOrder"`
		IncludeData  *bool  `json:"includeExecutionData"`
	}
	if err := decode(body, &in); err != nil {
		return nil, err
	}
	evs, err := e.GetExecutionHistory(r.Context(), in.Arn)
	if err != nil {
		return nil, err
	}
	if in.ReverseOrder {
		for i, j := 0, len(evs)-1; i < j; i, j = i+1, j-1 {
			evs[i], evs[j] = evs[j], evs[i]
		}
	}
	list, next, err := page(evs, in.MaxResults, in.NextToken)
	if err != nil {
		return nil, err
	}
	items := make([]map[string]any, len(list))
	for i, ev := range list {
		m := map[string]any{"timestamp": epoch(ev.Timestamp), "type": ev.Type, "id": ev.ID, "previousEventId": ev.PreviousEventID}
		if ev.DetailsKey != "" {
			d := ev.Details
			if in.IncludeData != nil && !*in.IncludeData {
				d = withoutData(d)
			}
			m[ev.DetailsKey] = d
		}
		items[i] = m
	}
	out := map[string]any{"events": items}
	if next != "" {
		out["nextToken"] = next
	}
	return out, nil
}

// withoutData drops inputs and outputs, as includeExecutionData=false asks.
func withoutData(d map[string]any) map[string]any {
	out := make(map[string]any, len(d))
	for k, v := range d {
		switch k {
		case "input", "output", "parameters":
			continue
		}
		out[k] = v
	}
	return out
}

func opStopExecution(e *Engine, r *http.Request, body []byte) (any, error) {
	var in struct {
		Arn   string `json:"executionArn"`
		Error string `json:"error"`
		Cause string `json:"cause"`
	}
	if err := decode(body, &in); err != nil {
		return nil, err
	}
	x, err := e.StopExecution(r.Context(), in.Arn, in.Error, in.Cause)
	if err != nil {
		return nil, err
	}
	return map[string]any{"stopDate": epoch(x.StopDate)}, nil
}

func opSendTaskSuccess(e *Engine, r *http.Request, body []byte) (any, error) {
	var in struct {
		Token  string `json:"taskToken"`
		Output string `json:"output"`
	}
	if err := decode(body, &in); err != nil {
		return nil, err
	}
	return map[string]any{}, e.SendTaskSuccess(r.Context(), in.Token, in.Output)
}

func opSendTaskFailure(e *Engine, r *http.Request, body []byte) (any, error) {
	var in struct {
		Token string `json:"taskToken"`
		Error string `json:"error"`
		Cause string `json:"cause"`
	}
	if err := decode(body, &in); err != nil {
		return nil, err
	}
	return map[string]any{}, e.SendTaskFailure(r.Context(), in.Token, in.Error, in.Cause)
}

func opSendTaskHeartbeat(e *Engine, r *http.Request, body []byte) (any, error) {
	var in struct {
		Token string `json:"taskToken"`
	}
	if err := decode(body, &in); err != nil {
		return nil, err
	}
	return map[string]any{}, e.SendTaskHeartbeat(r.Context(), in.Token)
}
