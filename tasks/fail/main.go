// Command fail is the Fail state of the document state machine: it records
// the error a Catch caught and pushes the failed frame (see stages.Fail).
package main

import (
	"os"

	"github.com/aws/aws-lambda-go/lambda"

	"docflow/internal/taskmain"
	"docflow/shared/stages"
)

func main() {
	s, err := stages.LoadSettings(os.LookupEnv)
	taskmain.Exit("fail", err)
	d := taskmain.Wire("fail", taskmain.Settings{DocumentsTable: s.DocumentsTable, ConnectionsTable: s.ConnectionsTable,
		WebSocketEndpoint: s.WebSocketEndpoint, LogLevel: s.LogLevel})
	lambda.Start(stages.NewFail(d.Store, d.Publisher, d.Log).Handle)
}
