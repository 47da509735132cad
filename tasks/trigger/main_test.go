package main

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	"github.com/aws/aws-sdk-go-v2/service/ecs/types"

	"docflow/internal/tasktest"
	"docflow/shared/domain"
	"docflow/shared/stages"
	"docflow/shared/workflow"
)

// TestMissingEnvironmentFailsFast: main refuses to start without its
// configuration and names every missing variable.
func TestMissingEnvironmentFailsFast(t *testing.T) {
	tasktest.MissingEnvironmentFailsFast(t, main, "DOCUMENTS_TABLE", "CONNECTIONS_TABLE", "WEBSOCKET_ENDPOINT", "ECS_CLUSTER", "ECS_TASK_DEFINITION", "ECS_SUBNETS")
}

// fakeECS starts one task per RunTask and records the inputs.
type fakeECS struct{ runs []*ecs.RunTaskInput }

var _ stages.TaskRunner = (*fakeECS)(nil)

func (f *fakeECS) RunTask(_ context.Context, in *ecs.RunTaskInput, _ ...func(*ecs.Options)) (*ecs.RunTaskOutput, error) {
	f.runs = append(f.runs, in)
	return &ecs.RunTaskOutput{Tasks: []types.Task{{TaskArn: aws.String("arn:aws:ecs:eu-west-1:123456789012:task/c/1")}}}, nil
}

// TestSampleEvent runs testdata/event.json (the RunProcessor payload:
// {"document": input, "taskToken": $$.Task.Token}) through the handler.
func TestSampleEvent(t *testing.T) {
	var in workflow.TriggerEvent
	tasktest.DecodeStrict(t, "testdata/event.json", &in)
	st := &tasktest.Store{Doc: domain.Document{ID: in.Document.DocumentID, Status: domain.StatusStarting, Stage: domain.StageStart, Progress: 10, Seq: 1}}
	runner := &fakeECS{}
	cfg := stages.TriggerConfig{Cluster: "c", TaskDefinition: "td", Subnets: []string{"subnet-a"}}

	got, err := stages.NewTrigger(cfg, st, &tasktest.Publisher{}, runner, nil).Handle(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != domain.StatusTriggering || got.Progress != 20 || got.TaskArn == "" {
		t.Errorf("result = %+v, want triggering, 20 and a task", got)
	}
	if len(runner.runs) != 1 {
		t.Fatalf("RunTask called %d times, want 1", len(runner.runs))
	}
	var token string
	for _, kv := range runner.runs[0].Overrides.ContainerOverrides[0].Environment {
		if aws.ToString(kv.Name) == workflow.ContainerEnv.TaskToken {
			token = aws.ToString(kv.Value)
		}
	}
	if token != in.TaskToken {
		t.Errorf("container TASK_TOKEN = %q, want the event's", token)
	}
}
