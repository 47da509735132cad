// Command message is the $default route of the WebSocket API: it serves
// every client action and answers on the caller's connection (see
// api.Message).
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
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/sfn"

	"docflow/shared/api"
	"docflow/shared/progress"
	"docflow/shared/store"
)

func main() {
	s, err := api.LoadMessageSettings(os.LookupEnv)
	if err != nil {
		slog.Error("message: " + err.Error())
		os.Exit(1)
	}
	log := api.NewLogger(os.Stdout, s.LogLevel).With("task", "message")
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
	publisher := progress.NewPublisher(connections, st, log)
	uploads := api.NewS3Uploads(s3.NewFromConfig(cfg))
	h := api.NewMessage(s.Message, st, publisher, sfn.NewFromConfig(cfg), uploads, log)
	lambda.Start(h.Handle)
}
