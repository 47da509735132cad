// Command answer is the queries worker: the queries queue's event source
// mapping (and its dead-letter queue's) invokes it with one question at a
// time, and it streams the knowledge base's answer to the asker (see
// answer.Worker).
package main

import (
	"os"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/service/bedrockagentruntime"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"docflow/internal/taskmain"
	"docflow/shared/answer"
	"docflow/shared/store"
)

func main() {
	s, err := answer.LoadSettings(os.LookupEnv)
	taskmain.Exit("answer", err)
	d := taskmain.Wire("answer", taskmain.Settings{DocumentsTable: s.DocumentsTable, ConnectionsTable: s.ConnectionsTable,
		WebSocketEndpoint: s.WebSocketEndpoint, LogLevel: s.LogLevel})
	queries := store.NewQueries(dynamodb.NewFromConfig(d.AWS), s.QueriesTable)
	kb := bedrockagentruntime.NewFromConfig(d.AWS)
	lambda.Start(answer.NewWorker(s.Worker, kb, queries, d.Publisher, d.Log).Handle)
}
