// Command connect is the $connect route of the WebSocket API: it records
// each new connection and who opened it (see api.Connect).
package main

import (
	"os"

	"github.com/aws/aws-lambda-go/lambda"

	"docflow/internal/taskmain"
	"docflow/shared/api"
)

func main() {
	s, err := api.LoadConnectionSettings(os.LookupEnv)
	taskmain.Exit("connect", err)
	d := taskmain.Wire("connect", taskmain.Settings{DocumentsTable: s.DocumentsTable, ConnectionsTable: s.ConnectionsTable, LogLevel: s.LogLevel})
	lambda.Start(api.NewConnect(d.Store, d.Log).Handle)
}
