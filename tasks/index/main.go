// Command index is the Index state of the document state machine: it
// ingests the processed document's chunk files into the knowledge base and
// waits until they are indexed (99%), so that Complete's 100% means "ready
// for questions" (see stages.Index).
package main

import (
	"os"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/service/bedrockagent"

	"docflow/internal/taskmain"
	"docflow/shared/stages"
)

func main() {
	s, kb, err := stages.LoadIndexSettings(os.LookupEnv)
	taskmain.Exit("index", err)
	d := taskmain.Wire("index", taskmain.Settings{DocumentsTable: s.DocumentsTable, ConnectionsTable: s.ConnectionsTable,
		WebSocketEndpoint: s.WebSocketEndpoint, LogLevel: s.LogLevel})
	lambda.Start(stages.NewIndex(d.Store, d.Publisher, bedrockagent.NewFromConfig(d.AWS), kb, d.Log).Handle)
}
