// Command disconnect is the $disconnect route of the WebSocket API: it
// forgets a closed connection and its subscriptions (see api.Disconnect).
package main

import (
	"os"

	"github.com/aws/aws-lambda-go/lambda"

	"docflow/internal/taskmain"
	"docflow/shared/api"
)

func main() {
	s, err := api.LoadConnectionSettings(os.LookupEnv)
	taskmain.Exit("disconnect", err)
	d := taskmain.Wire("disconnect", taskmain.Settings{DocumentsTable: s.DocumentsTable, ConnectionsTable: s.ConnectionsTable, LogLevel: s.LogLevel})
	lambda.Start(api.NewDisconnect(d.Store, d.Log).Handle)
}
