// Command trigger is the TriggerECS state of the document state machine
// (lambda:invoke.waitForTaskToken): it marks the document triggering (20%)
// and starts the Fargate processing container with the state's task token
// (see stages.Trigger).
package main

import (
	"context"
	"log/slog"
	"os"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/apigatewaymanagementapi"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/ecs"

	"docflow/shared/progress"
	"docflow/shared/stages"
	"docflow/shared/store"
)

func main() {
	s, err := stages.LoadTriggerSettings(os.LookupEnv)
	if err != nil {
		slog.Error("trigger: " + err.Error())
		os.Exit(1)
	}
	log := stages.NewLogger(os.Stdout, s.LogLevel).With("task", "trigger")
	cfg, err := config.LoadDefaultConfig(context.Background())
	if err != nil {
		log.Error("load AWS configuration", "error", err)
		os.Exit(1)
	}
	st := store.New(dynamodb.NewFromConfig(cfg), s.DocumentsTable, s.ConnectionsTable)
	// @connections lives at the API's own stage URL, not at a regional
	// service endpoint, so the client needs it as its base endpoint.
	connections := apigatewaymanagementapi.NewFromConfig(cfg, func(o *apigatewaymanagementapi.Options) {
		o.BaseEndpoint = aws.String(s.WebSocketEndpoint)
	})
	h := stages.NewTrigger(s.Trigger, st, progress.NewPublisher(connections, st, log), ecs.NewFromConfig(cfg), log)
	lambda.Start(h.Handle)
}
