// Command fail is the Fail state of the document state machine: it records
// the error a Catch caught and pushes the failed frame (see stages.Fail).
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

	"docflow/shared/progress"
	"docflow/shared/stages"
	"docflow/shared/store"
)

func main() {
	s, err := stages.LoadSettings(os.LookupEnv)
	if err != nil {
		slog.Error("fail: " + err.Error())
		os.Exit(1)
	}
	log := stages.NewLogger(os.Stdout, s.LogLevel).With("task", "fail")
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
	lambda.Start(stages.NewFail(st, progress.NewPublisher(connections, st, log), log).Handle)
}
