// Command message is the $default route of the WebSocket API: it serves
// every client action and answers on the caller's connection (see
// api.Message).
package main

import (
	"os"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/sfn"
	"github.com/aws/aws-sdk-go-v2/service/sqs"

	"docflow/internal/taskmain"
	"docflow/shared/api"
	"docflow/shared/store"
)

func main() {
	s, err := api.LoadMessageSettings(os.LookupEnv)
	taskmain.Exit("message", err)
	d := taskmain.Wire("message", taskmain.Settings{DocumentsTable: s.DocumentsTable, ConnectionsTable: s.ConnectionsTable,
		WebSocketEndpoint: s.WebSocketEndpoint, LogLevel: s.LogLevel})
	uploads := api.NewS3Uploads(s3.NewFromConfig(d.AWS))
	queries := store.NewQueries(dynamodb.NewFromConfig(d.AWS), s.QueriesTable)
	lambda.Start(api.NewMessage(s.Message, d.Store, d.Publisher, sfn.NewFromConfig(d.AWS), uploads,
		queries, sqs.NewFromConfig(d.AWS), d.Log).Handle)
}
