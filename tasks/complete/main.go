// Command complete is the Complete state of the document state machine: it
// stores the processing summary, marks the document complete (100%) and
// pushes the final frame (see stages.Complete).
package main

import (
	"os"

	"github.com/aws/aws-lambda-go/lambda"

	"docflow/internal/taskmain"
	"docflow/shared/stages"
)

func main() {
	s, err := stages.LoadSettings(os.LookupEnv)
	taskmain.Exit("complete", err)
	d := taskmain.Wire("complete", taskmain.Settings{DocumentsTable: s.DocumentsTable, ConnectionsTable: s.ConnectionsTable,
		WebSocketEndpoint: s.WebSocketEndpoint, LogLevel: s.LogLevel})
	lambda.Start(stages.NewComplete(d.Store, d.Publisher, d.Log).Handle)
}
