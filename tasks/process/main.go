// Command process is the processing container (ECS Fargate, started by the
// TriggerECS state through RunTask): it processes the one document its
// environment names and answers the state's task token (see
// processor.Runner). It exits 0 when the document was processed and its
// success delivered, 1 otherwise.
package main

import (
	"context"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/apigatewaymanagementapi"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/sfn"

	"docflow/shared/domain"
	"docflow/shared/processor"
	"docflow/shared/progress"
	"docflow/shared/store"
)

func main() { os.Exit(run()) }

func run() int {
	// Fargate stops a task with SIGTERM and kills it 30 s later: cancel the
	// work and still report the failure in that window.
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()

	cfg, err := processor.LoadConfig(os.LookupEnv)
	log := slog.New(slog.NewJSONHandler(os.Stdout, &slog.HandlerOptions{Level: cfg.LogLevel})).With("task", "process")
	if err != nil {
		log.Error("process: "+err.Error(), "documentId", cfg.DocumentID)
		failMisconfigured(ctx, log, cfg.TaskToken)
		return 1
	}
	awsCfg, err := config.LoadDefaultConfig(ctx)
	if err != nil {
		log.Error("load AWS configuration", "documentId", cfg.DocumentID, "error", err)
		return 1
	}
	st := store.New(dynamodb.NewFromConfig(awsCfg), cfg.DocumentsTable, cfg.ConnectionsTable)
	// @connections lives at the API's own stage URL, not at a regional
	// service endpoint, so the client needs it as its base endpoint.
	connections := apigatewaymanagementapi.NewFromConfig(awsCfg, func(o *apigatewaymanagementapi.Options) {
		o.BaseEndpoint = aws.String(cfg.WebSocketEndpoint)
	})
	r := processor.New(cfg, s3.NewFromConfig(awsCfg), sfn.NewFromConfig(awsCfg), st,
		progress.NewPublisher(connections, st, log), processor.Documents{Limits: cfg.Limits}, log)
	if err := r.Run(ctx); err != nil {
		log.Error("process: "+err.Error(), "documentId", cfg.DocumentID)
		return 1
	}
	return 0
}

// failMisconfigured answers the waiting state when the container has a
// task token but cannot run, so the document fails now rather than at the
// heartbeat timeout.
func failMisconfigured(ctx context.Context, log *slog.Logger, token string) {
	if token == "" {
		return
	}
	awsCfg, err := config.LoadDefaultConfig(ctx)
	if err != nil {
		return
	}
	_, err = sfn.NewFromConfig(awsCfg).SendTaskFailure(ctx, &sfn.SendTaskFailureInput{
		TaskToken: aws.String(token),
		Error:     aws.String(domain.ReasonProcessingFailed),
		Cause:     aws.String("The processing container is misconfigured."),
	})
	if err != nil {
		log.Error("failure not delivered", "error", err)
	}
}
