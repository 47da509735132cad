// Command process is the processing container (ECS Fargate, started through
// RunTask by the RunProcessor state's function): it processes the one
// document its environment names and answers the state's task token (see
// processor.Runner and processor.ProcessTask). It exits 0 when the document was processed and its
// success delivered, 1 otherwise.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sfn"

	"docflow/internal/task"
	"docflow/internal/taskmain"
	"docflow/shared/domain"
	"docflow/shared/processor"
)

func main() { os.Exit(run()) }

func run() int {
	// Fargate stops a task with SIGTERM and kills it 30 s later: cancel the
	// work and still report the failure in that window.
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()

	d, err := taskmain.NewDeps(ctx, processor.ProcessTask.Name)
	if err != nil {
		d.Log.Error("load AWS configuration", "error", err)
		return 1
	}
	r, cfg, err := processor.NewFromEnv(os.LookupEnv, d, nil)
	if err != nil {
		d.Log.Error("process: "+err.Error(), "documentId", cfg.DocumentID)
		failMisconfigured(ctx, d, cfg.TaskToken)
		return 1
	}
	if err := r.Run(ctx); err != nil {
		d.Log.Error("process: "+err.Error(), "documentId", cfg.DocumentID)
		return 1
	}
	return 0
}

// failMisconfigured answers the waiting state when the container has a
// task token but cannot run, so the document fails now rather than at the
// heartbeat timeout.
func failMisconfigured(ctx context.Context, d task.Deps, token string) {
	if token == "" {
		return
	}
	_, err := sfn.NewFromConfig(d.Config(sfn.ServiceID)).SendTaskFailure(ctx, &sfn.SendTaskFailureInput{
		TaskToken: aws.String(token),
		Error:     aws.String(domain.ReasonProcessingFailed),
		Cause:     aws.String("The processing container is misconfigured."),
	})
	if err != nil {
		d.Log.Error("failure not delivered", "error", err)
	}
}
