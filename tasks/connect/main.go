// Command connect is the $connect route of the WebSocket API: it records
// each new connection and who opened it (see api.Connect).
package main

import (
	"context"
	"log/slog"
	"os"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"docflow/shared/api"
	"docflow/shared/store"
)

func main() {
	s, err := api.LoadConnectionSettings(os.LookupEnv)
	if err != nil {
		slog.Error("connect: " + err.Error())
		os.Exit(1)
	}
	log := api.NewLogger(os.Stdout, s.LogLevel).With("task", "connect")
	cfg, err := config.LoadDefaultConfig(context.Background())
	if err != nil {
		log.Error("load AWS configuration", "error", err)
		os.Exit(1)
	}
	st := store.New(dynamodb.NewFromConfig(cfg), s.DocumentsTable, s.ConnectionsTable)
	lambda.Start(api.NewConnect(st, log).Handle)
}
