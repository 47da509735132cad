package stages

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"log/slog"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	"github.com/aws/aws-sdk-go-v2/service/ecs/types"

	"docflow/shared/domain"
	"docflow/shared/progress"
	"docflow/shared/workflow"
)

// StartedBy marks the tasks Trigger starts, so ListTasks --started-by
// docflow finds them (ECS allows up to 36 characters here).
const StartedBy = "docflow"

// Trigger is the RunProcessor state's function (waitForTaskToken): it
// marks the document triggering (20%), pushes the frame, and starts the
// processing container with the state's task token. It returns as soon as
// RunTask has answered; the state then waits for the container's
// SendTaskSuccess or SendTaskFailure (or its heartbeat timeout).
type Trigger struct {
	deps
	ecs TaskRunner
	cfg TriggerConfig
}

// TriggerResult is what Trigger returns: the stage result and the ECS task
// it started. Step Functions ignores it (the token's answer is the state's
// result).
type TriggerResult struct {
	Result
	TaskArn string `json:"taskArn,omitempty"`
}

// NewTrigger returns the Trigger handler.
func NewTrigger(cfg TriggerConfig, store Advancer, pub Publisher, runner TaskRunner, log *slog.Logger) *Trigger {
	if cfg.ContainerName == "" {
		cfg.ContainerName = DefaultContainerName
	}
	return &Trigger{deps: newDeps(store, pub, log), ecs: runner, cfg: cfg}
}

// Handle advances the document and launches the container. A refused
// launch is *domain.LaunchError, so the document fails with "could not be
// started" instead of waiting for the heartbeat timeout.
func (h *Trigger) Handle(ctx context.Context, in workflow.TriggerEvent) (TriggerResult, error) {
	err := checkInput(in.Document)
	if err == nil && in.TaskToken == "" {
		err = &domain.InputError{Message: "the trigger event has no taskToken"}
	}
	if err != nil {
		h.log.ErrorContext(ctx, "bad trigger event", "documentId", in.Document.DocumentID, "error", err)
		return TriggerResult{}, err
	}
	id := in.Document.DocumentID
	doc, res, err := h.advance(ctx, id, progress.Trigger.Update())
	if err != nil {
		h.log.ErrorContext(ctx, "trigger failed", "documentId", id, "error", err)
		return TriggerResult{Result: res}, err
	}
	log := h.logger(doc)
	if doc.Status.Terminal() {
		// Nothing may change the document any more; a container would work
		// for nobody and the state would wait for its heartbeat timeout.
		err := &domain.InputError{Message: fmt.Sprintf("document %s is already %s; not starting the processing container", id, doc.Status)}
		log.ErrorContext(ctx, "trigger of a finished document", "status", doc.Status)
		return TriggerResult{Result: res}, err
	}
	// A skipped update (the document is already past triggering) still
	// launches: a retried RunProcessor has a new task token, and only a
	// container holding it can answer the state that now waits.
	arn, err := h.run(ctx, in)
	if err != nil {
		log.ErrorContext(ctx, "processing container not started", "error", err)
		return TriggerResult{Result: res}, err
	}
	log.InfoContext(ctx, "processing container started", "taskArn", arn, "cluster", h.cfg.Cluster)
	return TriggerResult{Result: res, TaskArn: arn}, nil
}

// run calls RunTask and returns the started task's ARN, or a
// *domain.LaunchError.
func (h *Trigger) run(ctx context.Context, in workflow.TriggerEvent) (string, error) {
	out, err := h.ecs.RunTask(ctx, h.runTaskInput(in))
	if err != nil {
		return "", &domain.LaunchError{Message: fmt.Sprintf("run processing task for document %s: %v", in.Document.DocumentID, err)}
	}
	if len(out.Failures) > 0 {
		var reasons []string
		for _, f := range out.Failures {
			r := aws.ToString(f.Reason)
			if d := aws.ToString(f.Detail); d != "" {
				r += " (" + d + ")"
			}
			reasons = append(reasons, r)
		}
		return "", &domain.LaunchError{Message: fmt.Sprintf("run processing task for document %s: ECS refused: %s", in.Document.DocumentID, strings.Join(reasons, "; "))}
	}
	if len(out.Tasks) == 0 {
		return "", &domain.LaunchError{Message: fmt.Sprintf("run processing task for document %s: ECS started no task", in.Document.DocumentID)}
	}
	return aws.ToString(out.Tasks[0].TaskArn), nil
}

// runTaskInput builds the RunTask request: one Fargate task of the
// processing definition whose container gets the document and the task
// token through environment overrides (workflow.ContainerEnv).
func (h *Trigger) runTaskInput(in workflow.TriggerEvent) *ecs.RunTaskInput {
	d := in.Document
	env := []types.KeyValuePair{
		{Name: aws.String(workflow.ContainerEnv.TaskToken), Value: aws.String(in.TaskToken)},
		{Name: aws.String(workflow.ContainerEnv.DocumentID), Value: aws.String(d.DocumentID)},
		{Name: aws.String(workflow.ContainerEnv.DocumentName), Value: aws.String(d.DocumentName)},
		{Name: aws.String(workflow.ContainerEnv.Bucket), Value: aws.String(d.Bucket)},
		{Name: aws.String(workflow.ContainerEnv.DocumentKey), Value: aws.String(d.DocumentKey)},
		{Name: aws.String(workflow.ContainerEnv.Owner), Value: aws.String(d.Owner)},
	}
	return &ecs.RunTaskInput{
		Cluster:        aws.String(h.cfg.Cluster),
		TaskDefinition: aws.String(h.cfg.TaskDefinition),
		LaunchType:     types.LaunchTypeFargate,
		Count:          aws.Int32(1),
		StartedBy:      aws.String(StartedBy),
		ClientToken:    aws.String(ClientToken(d.DocumentID, in.TaskToken)),
		NetworkConfiguration: &types.NetworkConfiguration{
			AwsvpcConfiguration: &types.AwsVpcConfiguration{
				Subnets:        h.cfg.Subnets,
				SecurityGroups: h.cfg.SecurityGroups,
				AssignPublicIp: h.cfg.AssignPublicIP,
			},
		},
		Overrides: &types.TaskOverride{
			ContainerOverrides: []types.ContainerOverride{{
				Name:        aws.String(h.cfg.ContainerName),
				Environment: env,
			}},
		},
	}
}

// ClientToken is RunTask's idempotency token for one RunProcessor attempt:
// the document id and a digest of the attempt's task token (64 characters,
// ECS's limit). A repeated invocation of the same attempt (same token) gets
// the container already started instead of a second one. A Retry of the
// state is a new attempt with a new token, and needs a new container: the
// first one's token is dead (its heartbeat fails and it stops).
func ClientToken(documentID, taskToken string) string {
	sum := sha256.Sum256([]byte(taskToken))
	t := documentID + "-" + hex.EncodeToString(sum[:])
	return t[:min(len(t), 64)]
}
