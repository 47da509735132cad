// Command start is the Start state of the document state machine: it marks
// the document starting (10%) and pushes the first frame (see stages.Start).
package main

import (
	"os"

	"github.com/aws/aws-lambda-go/lambda"

	"docflow/internal/taskmain"
	"docflow/shared/stages"
)

func main() {
	s, err := stages.LoadSettings(os.LookupEnv)
	taskmain.Exit("start", err)
	d := taskmain.Wire("start", taskmain.Settings{DocumentsTable: s.DocumentsTable, ConnectionsTable: s.ConnectionsTable,
		WebSocketEndpoint: s.WebSocketEndpoint, LogLevel: s.LogLevel})
	lambda.Start(stages.NewStart(d.Store, d.Publisher, d.Log).Handle)
}
