package stages

import (
	"context"
	"errors"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	"github.com/aws/aws-sdk-go-v2/service/ecs/types"

	"docflow/shared/domain"
	"docflow/shared/progress"
	"docflow/shared/workflow"
)

var testTriggerConfig = TriggerConfig{
	Cluster:        "docflow-cluster",
	TaskDefinition: "arn:aws:ecs:eu-west-1:123456789012:task-definition/docflow-process:3",
	ContainerName:  "process",
	Subnets:        []string{"subnet-a", "subnet-b"},
	SecurityGroups: []string{"sg-1"},
	AssignPublicIP: types.AssignPublicIpEnabled,
}

const testTaskArn = "arn:aws:ecs:eu-west-1:123456789012:task/docflow-cluster/0123456789abcdef"

func started(context.Context, *ecs.RunTaskInput, ...func(*ecs.Options)) (*ecs.RunTaskOutput, error) {
	return &ecs.RunTaskOutput{Tasks: []types.Task{{TaskArn: aws.String(testTaskArn)}}}, nil
}

func testTriggerEvent() workflow.TriggerEvent {
	return workflow.TriggerEvent{Document: testInput(), TaskToken: "AQCEAAAAKgAAAAMAAAAAAAAAAbcd+token/=="}
}

func TestTrigger(t *testing.T) {
	started10 := stored(domain.StageStart, domain.StatusStarting, 10, 1)
	tests := []struct {
		name        string
		in          workflow.TriggerEvent
		advance     func(context.Context, string, domain.Update) (domain.Document, bool, error)
		runTask     func(context.Context, *ecs.RunTaskInput, ...func(*ecs.Options)) (*ecs.RunTaskOutput, error)
		wantOutcome Outcome
		wantArn     string
		wantErrName string
		wantErrText string // a part of the error message
		wantPublish int
		wantRuns    int
	}{
		{name: "advances, publishes and runs the container", in: testTriggerEvent(), advance: applyTo(started10), runTask: started,
			wantOutcome: OutcomeApplied, wantArn: testTaskArn, wantPublish: 1, wantRuns: 1},
		{name: "retried trigger re-publishes and runs", in: testTriggerEvent(),
			advance: notApplied(stored(domain.StageTrigger, domain.StatusTriggering, 20, 2)), runTask: started,
			wantOutcome: OutcomeRepublished, wantArn: testTaskArn, wantPublish: 1, wantRuns: 1},
		{name: "retry after the container began still runs one for the new token", in: testTriggerEvent(),
			advance: notApplied(stored(domain.StageProcess, domain.StatusProcessing, 40, 3)), runTask: started,
			wantOutcome: OutcomeSkipped, wantArn: testTaskArn, wantRuns: 1},
		{name: "finished document starts nothing", in: testTriggerEvent(),
			advance:     notApplied(stored(domain.StageFail, domain.StatusFailed, 20, 3)),
			wantOutcome: OutcomeSkipped, wantErrName: "InputError", wantErrText: "already failed"},
		{name: "ECS failures are a LaunchError", in: testTriggerEvent(), advance: applyTo(started10),
			runTask: func(context.Context, *ecs.RunTaskInput, ...func(*ecs.Options)) (*ecs.RunTaskOutput, error) {
				return &ecs.RunTaskOutput{Failures: []types.Failure{{Reason: aws.String("RESOURCE:ENI"), Detail: aws.String("subnet full")}}}, nil
			},
			wantOutcome: OutcomeApplied, wantErrName: "LaunchError", wantErrText: "RESOURCE:ENI (subnet full)", wantPublish: 1, wantRuns: 1},
		{name: "RunTask API error is a LaunchError", in: testTriggerEvent(), advance: applyTo(started10),
			runTask: func(context.Context, *ecs.RunTaskInput, ...func(*ecs.Options)) (*ecs.RunTaskOutput, error) {
				return nil, errors.New("AccessDeniedException: not authorized to perform iam:PassRole")
			},
			wantOutcome: OutcomeApplied, wantErrName: "LaunchError", wantErrText: "iam:PassRole", wantPublish: 1, wantRuns: 1},
		{name: "no task and no failure is a LaunchError", in: testTriggerEvent(), advance: applyTo(started10),
			runTask: func(context.Context, *ecs.RunTaskInput, ...func(*ecs.Options)) (*ecs.RunTaskOutput, error) {
				return &ecs.RunTaskOutput{}, nil
			},
			wantOutcome: OutcomeApplied, wantErrName: "LaunchError", wantErrText: "no task", wantPublish: 1, wantRuns: 1},
		{name: "store down launches nothing", in: testTriggerEvent(), advance: failing(dbDown), wantErrName: "StoreError"},
		{name: "missing task token", in: workflow.TriggerEvent{Document: testInput()}, wantErrName: "InputError", wantErrText: "taskToken"},
		{name: "missing document", in: workflow.TriggerEvent{TaskToken: "t"}, wantErrName: "InputError", wantErrText: "documentId"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := &fakeStore{AdvanceFunc: tt.advance}
			pub := &fakePublisher{}
			runner := &fakeECS{RunTaskFunc: tt.runTask}
			h := NewTrigger(testTriggerConfig, st, pub, runner, nil)
			h.now = func() time.Time { return testNow }

			got, err := h.Handle(context.Background(), tt.in)

			if gotName := errorName(err); gotName != tt.wantErrName {
				t.Fatalf("error %v named %q, want %q", err, gotName, tt.wantErrName)
			}
			if err != nil && !strings.Contains(err.Error(), tt.wantErrText) {
				t.Errorf("error %q does not contain %q", err, tt.wantErrText)
			}
			if got.Outcome != tt.wantOutcome || got.TaskArn != tt.wantArn {
				t.Errorf("result outcome %q task %q, want %q, %q", got.Outcome, got.TaskArn, tt.wantOutcome, tt.wantArn)
			}
			if len(pub.published) != tt.wantPublish {
				t.Errorf("published %d frames, want %d", len(pub.published), tt.wantPublish)
			}
			if len(runner.runs) != tt.wantRuns {
				t.Errorf("RunTask called %d times, want %d", len(runner.runs), tt.wantRuns)
			}
			if tt.advance != nil {
				want := progress.Trigger.Update()
				want.At = testNow
				if got := st.updates[0]; got != want {
					t.Errorf("update = %+v, want %+v", got, want)
				}
			}
		})
	}
}

func TestTriggerRunTaskInput(t *testing.T) {
	runner := &fakeECS{RunTaskFunc: started}
	h := NewTrigger(testTriggerConfig, &fakeStore{AdvanceFunc: applyTo(stored(domain.StageStart, domain.StatusStarting, 10, 1))}, &fakePublisher{}, runner, nil)
	ev := testTriggerEvent()
	if _, err := h.Handle(context.Background(), ev); err != nil {
		t.Fatal(err)
	}
	in := runner.runs[0]

	if got, want := aws.ToString(in.Cluster), testTriggerConfig.Cluster; got != want {
		t.Errorf("cluster = %q, want %q", got, want)
	}
	if got, want := aws.ToString(in.TaskDefinition), testTriggerConfig.TaskDefinition; got != want {
		t.Errorf("task definition = %q, want %q", got, want)
	}
	if got, want := in.LaunchType, types.LaunchTypeFargate; got != want {
		t.Errorf("launch type = %q, want %q", got, want)
	}
	if got, want := aws.ToInt32(in.Count), int32(1); got != want {
		t.Errorf("count = %d, want %d", got, want)
	}
	if got, want := aws.ToString(in.StartedBy), "docflow"; got != want || len(got) > 36 {
		t.Errorf("startedBy = %q, want %q (at most 36 characters)", got, want)
	}
	if got, want := aws.ToString(in.ClientToken), ClientToken(ev.Document.DocumentID, ev.TaskToken); got != want {
		t.Errorf("client token = %q, want %q", got, want)
	}
	vpc := in.NetworkConfiguration.AwsvpcConfiguration
	if !slices.Equal(vpc.Subnets, testTriggerConfig.Subnets) || !slices.Equal(vpc.SecurityGroups, testTriggerConfig.SecurityGroups) || vpc.AssignPublicIp != types.AssignPublicIpEnabled {
		t.Errorf("network = %+v, want subnets %v groups %v public ip ENABLED", vpc, testTriggerConfig.Subnets, testTriggerConfig.SecurityGroups)
	}
	if got := len(in.Overrides.ContainerOverrides); got != 1 {
		t.Fatalf("%d container overrides, want 1", got)
	}
	co := in.Overrides.ContainerOverrides[0]
	if got, want := aws.ToString(co.Name), "process"; got != want {
		t.Errorf("override container = %q, want %q", got, want)
	}
	gotEnv := map[string]string{}
	for _, kv := range co.Environment {
		gotEnv[aws.ToString(kv.Name)] = aws.ToString(kv.Value)
	}
	d := ev.Document
	wantEnv := map[string]string{
		"TASK_TOKEN": ev.TaskToken, "DOCUMENT_ID": d.DocumentID, "DOCUMENT_NAME": d.DocumentName,
		"DOCUMENT_BUCKET": d.Bucket, "DOCUMENT_KEY": d.DocumentKey, "DOCUMENT_OWNER": d.Owner,
	}
	if !maps.Equal(gotEnv, wantEnv) {
		t.Errorf("container environment = %v, want %v", gotEnv, wantEnv)
	}
}

func TestClientToken(t *testing.T) {
	long := strings.Repeat("x", 2000)
	tests := []struct {
		name      string
		id1, tok1 string
		id2, tok2 string
		wantSame  bool
	}{
		{name: "same attempt, same token", id1: testID, tok1: "token-1", id2: testID, tok2: "token-1", wantSame: true},
		{name: "retried state has a new token", id1: testID, tok1: "token-1", id2: testID, tok2: "token-2"},
		{name: "another document", id1: testID, tok1: long, id2: "1b9d2c4e-6f1a-4c3b-9e8d-7a6b5c4d3e2f", tok2: long},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, b := ClientToken(tt.id1, tt.tok1), ClientToken(tt.id2, tt.tok2)
			if got := a == b; got != tt.wantSame {
				t.Errorf("ClientToken equal = %v (%q, %q), want %v", got, a, b, tt.wantSame)
			}
			for _, tok := range []string{a, b} {
				if len(tok) > 64 || !strings.HasPrefix(tok, testID[:8]) && !strings.HasPrefix(tok, "1b9d2c4e") {
					t.Errorf("token %q: want at most 64 characters starting with the document id", tok)
				}
				for _, c := range tok {
					if c < 33 || c > 126 {
						t.Errorf("token %q has character %q outside ECS's 33-126", tok, c)
					}
				}
			}
		})
	}
}
