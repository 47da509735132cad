package sfn

import (
	"context"
	"encoding/json"
	"errors"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	awssfn "github.com/aws/aws-sdk-go-v2/service/sfn"
	"github.com/aws/aws-sdk-go-v2/service/sfn/types"

	"docflow/internal/testenv"
)

// engTokenFlow is docflow's shape: lambda:invoke, a .waitForTaskToken task with
// heartbeats, Catch into a Fail state with ErrorPath/CausePath.
const engTokenFlow = `{
  "StartAt": "Start",
  "States": {
    "Start": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
      "Parameters": {"FunctionName": "arn:aws:lambda:us-east-1:123456789012:function:echo", "Payload.$": "$"},
      "ResultSelector": {"doc.$": "$.Payload"}, "ResultPath": "$.start",
      "Retry": [{"ErrorEquals": ["Lambda.ServiceException"], "IntervalSeconds": 1, "MaxAttempts": 3, "BackoffRate": 2, "JitterStrategy": "FULL"}],
      "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.error", "Next": "Fail"}],
      "Next": "Trigger"},
    "Trigger": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken",
      "Parameters": {"FunctionName": "trigger", "Payload": {"token.$": "$$.Task.Token", "id.$": "$.id"}},
      "HeartbeatSeconds": 600, "TimeoutSeconds": 3600, "ResultPath": "$.processed",
      "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.error", "Next": "Fail"}],
      "Next": "Done"},
    "Done": {"Type": "Succeed"},
    "Fail": {"Type": "Fail", "ErrorPath": "$.error.Error", "CausePath": "$.error.Cause"}
  }
}`

// engTokenLambda returns an Invoker whose "trigger" function hands the task
// token it receives to tokens.
func engTokenLambda(tokens chan<- string) *engLambda {
	return &engLambda{extra: map[string]func([]byte) ([]byte, error){
		"trigger": func(p []byte) ([]byte, error) {
			var in struct{ Token string }
			if err := json.Unmarshal(p, &in); err != nil {
				return nil, err
			}
			tokens <- in.Token
			return []byte(`{"started":true}`), nil
		},
	}}
}

func engSDKClient(t *testing.T, url string) *awssfn.Client {
	t.Helper()
	return awssfn.New(awssfn.Options{
		Region:       "us-east-1",
		BaseEndpoint: aws.String(url),
		Credentials:  credentials.NewStaticCredentialsProvider("AKIDLOCAL", "secret", ""),
	})
}

func TestSDKClient(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	tokens := make(chan string, 4)
	e := New(Options{Invoker: engTokenLambda(tokens)})
	srv := httptest.NewServer(e.Handler())
	defer srv.Close()
	c := engSDKClient(t, srv.URL)

	_, err := c.CreateStateMachine(ctx, &awssfn.CreateStateMachineInput{Name: aws.String("bad"), Definition: aws.String(`{"StartAt":"A","States":{"A":{"Type":"Pass","Next":"B"}}}`), RoleArn: aws.String("arn:aws:iam::123456789012:role/r")})
	var invalid *types.InvalidDefinition
	if !errors.As(err, &invalid) || !strings.Contains(invalid.ErrorMessage(), `/States/A/Next: state "B" does not exist`) {
		t.Fatalf("create bad definition: got %v, want InvalidDefinition naming /States/A/Next", err)
	}

	sm, err := c.CreateStateMachine(ctx, &awssfn.CreateStateMachineInput{Name: aws.String("document"), Definition: aws.String(engTokenFlow), RoleArn: aws.String("arn:aws:iam::123456789012:role/r")})
	if err != nil {
		t.Fatalf("create: %v", err)
	}
	if got, want := *sm.StateMachineArn, "arn:aws:states:us-east-1:123456789012:stateMachine:document"; got != want {
		t.Errorf("arn: got %s, want %s", got, want)
	}
	start, err := c.StartExecution(ctx, &awssfn.StartExecutionInput{StateMachineArn: sm.StateMachineArn, Name: aws.String("doc-1"), Input: aws.String(`{"id":"doc-1"}`)})
	if err != nil {
		t.Fatalf("start: %v", err)
	}
	// Same name and input while running: the same execution.
	again, err := c.StartExecution(ctx, &awssfn.StartExecutionInput{StateMachineArn: sm.StateMachineArn, Name: aws.String("doc-1"), Input: aws.String(`{"id":"doc-1"}`)})
	if err != nil || *again.ExecutionArn != *start.ExecutionArn || !again.StartDate.Equal(*start.StartDate) {
		t.Fatalf("idempotent start: got %v, %v; want the first execution", again, err)
	}
	_, err = c.StartExecution(ctx, &awssfn.StartExecutionInput{StateMachineArn: sm.StateMachineArn, Name: aws.String("doc-1"), Input: aws.String(`{"id":"other"}`)})
	var exists *types.ExecutionAlreadyExists
	if !errors.As(err, &exists) {
		t.Fatalf("start with other input: got %v, want ExecutionAlreadyExists", err)
	}
	_, err = c.StartExecution(ctx, &awssfn.StartExecutionInput{StateMachineArn: sm.StateMachineArn, Name: aws.String("has space")})
	var badName *types.InvalidName
	if !errors.As(err, &badName) {
		t.Fatalf("start with bad name: got %v, want InvalidName", err)
	}

	token := <-tokens
	if _, err := c.SendTaskHeartbeat(ctx, &awssfn.SendTaskHeartbeatInput{TaskToken: aws.String(token)}); err != nil {
		t.Fatalf("heartbeat: %v", err)
	}
	if _, err := c.SendTaskSuccess(ctx, &awssfn.SendTaskSuccessInput{TaskToken: aws.String(token), Output: aws.String(`{"pages":3}`)}); err != nil {
		t.Fatalf("send task success: %v", err)
	}
	if _, err := e.Wait(ctx, *start.ExecutionArn); err != nil {
		t.Fatal(err)
	}
	_, err = c.SendTaskSuccess(ctx, &awssfn.SendTaskSuccessInput{TaskToken: aws.String(token), Output: aws.String(`{}`)})
	var timedOut *types.TaskTimedOut
	if !errors.As(err, &timedOut) {
		t.Errorf("second send task success: got %v, want TaskTimedOut", err)
	}
	_, err = c.SendTaskSuccess(ctx, &awssfn.SendTaskSuccessInput{TaskToken: aws.String("AQunknown"), Output: aws.String(`{}`)})
	var noTask *types.TaskDoesNotExist
	if !errors.As(err, &noTask) {
		t.Errorf("unknown token: got %v, want TaskDoesNotExist", err)
	}

	d, err := c.DescribeExecution(ctx, &awssfn.DescribeExecutionInput{ExecutionArn: start.ExecutionArn})
	if err != nil {
		t.Fatalf("describe: %v", err)
	}
	if d.Status != types.ExecutionStatusSucceeded {
		t.Fatalf("status: got %s (%s %s), want SUCCEEDED", d.Status, aws.ToString(d.Error), aws.ToString(d.Cause))
	}
	if want := `{"id":"doc-1","start":{"doc":{"id":"doc-1"}},"processed":{"pages":3}}`; !engJSONEq(t, *d.Output, want) {
		t.Errorf("output: got %s, want %s", *d.Output, want)
	}

	h, err := c.GetExecutionHistory(ctx, &awssfn.GetExecutionHistoryInput{ExecutionArn: start.ExecutionArn, MaxResults: 100})
	if err != nil {
		t.Fatalf("history: %v", err)
	}
	var typesSeen []string
	for _, ev := range h.Events {
		typesSeen = append(typesSeen, string(ev.Type))
	}
	wantTypes := "ExecutionStarted TaskStateEntered TaskScheduled TaskStarted TaskSucceeded TaskStateExited " +
		"TaskStateEntered TaskScheduled TaskStarted TaskSubmitted TaskSucceeded TaskStateExited SucceedStateEntered SucceedStateExited ExecutionSucceeded"
	if got := strings.Join(typesSeen, " "); got != wantTypes {
		t.Errorf("history types:\ngot  %s\nwant %s", got, wantTypes)
	}
	for _, ev := range h.Events {
		if ev.Type == types.HistoryEventTypeTaskScheduled {
			if got := aws.ToString(ev.TaskScheduledEventDetails.ResourceType); got != "lambda" {
				t.Errorf("taskScheduledEventDetails.resourceType: got %q, want lambda", got)
			}
		}
		if ev.Type == types.HistoryEventTypeTaskStateEntered && aws.ToString(ev.StateEnteredEventDetails.Name) == "" {
			t.Errorf("stateEnteredEventDetails.name is empty in event %d", ev.Id)
		}
		if ev.Timestamp == nil || ev.Timestamp.Year() < 2020 {
			t.Errorf("event %d timestamp: got %v", ev.Id, ev.Timestamp)
		}
	}

	// Pagination over executions.
	for _, n := range []string{"a", "b", "c"} {
		if _, err := c.StartExecution(ctx, &awssfn.StartExecutionInput{StateMachineArn: sm.StateMachineArn, Name: aws.String(n), Input: aws.String(`{"id":"x"}`)}); err != nil {
			t.Fatal(err)
		}
	}
	var names []string
	p := awssfn.NewListExecutionsPaginator(c, &awssfn.ListExecutionsInput{StateMachineArn: sm.StateMachineArn, MaxResults: 2})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			t.Fatalf("list executions: %v", err)
		}
		for _, x := range page.Executions {
			names = append(names, *x.Name)
		}
	}
	if got, want := strings.Join(names, ","), "c,b,a,doc-1"; got != want {
		t.Errorf("executions: got %s, want %s", got, want)
	}
	succeeded, err := c.ListExecutions(ctx, &awssfn.ListExecutionsInput{StateMachineArn: sm.StateMachineArn, StatusFilter: types.ExecutionStatusSucceeded})
	if err != nil || len(succeeded.Executions) != 1 {
		t.Errorf("status filter SUCCEEDED: got %d executions (%v), want 1", len(succeeded.Executions), err)
	}
	// Stop a running one.
	stop, err := c.StopExecution(ctx, &awssfn.StopExecutionInput{ExecutionArn: aws.String(strings.Replace(*start.ExecutionArn, "doc-1", "a", 1)), Error: aws.String("Stopped"), Cause: aws.String("test")})
	if err != nil || stop.StopDate == nil {
		t.Fatalf("stop: %v", err)
	}
	da, _ := c.DescribeExecution(ctx, &awssfn.DescribeExecutionInput{ExecutionArn: aws.String(strings.Replace(*start.ExecutionArn, "doc-1", "a", 1))})
	if da.Status != types.ExecutionStatusAborted || aws.ToString(da.Error) != "Stopped" {
		t.Errorf("stopped execution: got %s %s, want ABORTED Stopped", da.Status, aws.ToString(da.Error))
	}
	_, err = c.DescribeExecution(ctx, &awssfn.DescribeExecutionInput{ExecutionArn: aws.String(*start.ExecutionArn + "x")})
	var missing *types.ExecutionDoesNotExist
	if !errors.As(err, &missing) {
		t.Errorf("describe unknown: got %v, want ExecutionDoesNotExist", err)
	}
	list, err := c.ListStateMachines(ctx, &awssfn.ListStateMachinesInput{})
	if err != nil || len(list.StateMachines) != 1 || *list.StateMachines[0].Name != "document" {
		t.Errorf("list state machines: got %+v, %v", list, err)
	}
	if _, err := c.DeleteStateMachine(ctx, &awssfn.DeleteStateMachineInput{StateMachineArn: sm.StateMachineArn}); err != nil {
		t.Errorf("delete: %v", err)
	}
	_, err = c.DescribeStateMachine(ctx, &awssfn.DescribeStateMachineInput{StateMachineArn: sm.StateMachineArn})
	var noSM *types.StateMachineDoesNotExist
	if !errors.As(err, &noSM) {
		t.Errorf("describe deleted: got %v, want StateMachineDoesNotExist", err)
	}
}

// TestAWSCLI drives the engine with the preinstalled aws CLI v1.
func TestAWSCLI(t *testing.T) {
	testenv.Require(t, testenv.AWS)
	e := New(Options{Invoker: &engLambda{}})
	srv := httptest.NewServer(e.Handler())
	defer srv.Close()
	home := t.TempDir()
	run := func(args ...string) map[string]any {
		t.Helper()
		ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
		defer cancel()
		cmd := exec.CommandContext(ctx, "aws", append([]string{"stepfunctions", "--endpoint-url", srv.URL, "--region", "us-east-1", "--output", "json"}, args...)...)
		var env []string
		for _, kv := range os.Environ() {
			if !strings.HasPrefix(kv, "AWS_") {
				env = append(env, kv)
			}
		}
		cmd.Env = append(env, "AWS_ACCESS_KEY_ID=AKIDLOCAL", "AWS_SECRET_ACCESS_KEY=secret",
			"AWS_CONFIG_FILE="+filepath.Join(home, "config"), "AWS_SHARED_CREDENTIALS_FILE="+filepath.Join(home, "credentials"))
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("aws %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		var m map[string]any
		if len(strings.TrimSpace(string(out))) > 0 {
			if err := json.Unmarshal(out, &m); err != nil {
				t.Fatalf("aws %s: output is not JSON: %s", args[0], out)
			}
		}
		return m
	}
	def := `{"StartAt":"Add","States":{"Add":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:123456789012:function:add","ResultPath":"$.sum","Next":"Done"},"Done":{"Type":"Succeed"}}}`
	sm := run("create-state-machine", "--name", "cli", "--definition", def, "--role-arn", "arn:aws:iam::123456789012:role/r")
	arn, _ := sm["stateMachineArn"].(string)
	if arn != "arn:aws:states:us-east-1:123456789012:stateMachine:cli" {
		t.Fatalf("stateMachineArn: got %v", sm)
	}
	x := run("start-execution", "--state-machine-arn", arn, "--name", "one", "--input", `{"a":1,"b":2}`)
	xarn, _ := x["executionArn"].(string)
	if _, err := e.Wait(context.Background(), xarn); err != nil {
		t.Fatal(err)
	}
	d := run("describe-execution", "--execution-arn", xarn)
	if got, want := d["status"], "SUCCEEDED"; got != want {
		t.Fatalf("status: got %v, want %s (%v)", got, want, d)
	}
	if out, _ := d["output"].(string); !engJSONEq(t, out, `{"a":1,"b":2,"sum":3}`) {
		t.Errorf("output: got %s", out)
	}
	h := run("get-execution-history", "--execution-arn", xarn)
	evs, _ := h["events"].([]any)
	var got []string
	for _, ev := range evs {
		got = append(got, ev.(map[string]any)["type"].(string))
	}
	want := "ExecutionStarted TaskStateEntered LambdaFunctionScheduled LambdaFunctionStarted LambdaFunctionSucceeded TaskStateExited SucceedStateEntered SucceedStateExited ExecutionSucceeded"
	if strings.Join(got, " ") != want {
		t.Errorf("history:\ngot  %s\nwant %s", strings.Join(got, " "), want)
	}
	l := run("list-executions", "--state-machine-arn", arn)
	if n := len(l["executions"].([]any)); n != 1 {
		t.Errorf("list-executions: got %d, want 1", n)
	}
}
