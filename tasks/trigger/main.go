// Command trigger is the TriggerECS state of the document state machine
// (lambda:invoke.waitForTaskToken): it marks the document triggering (20%)
// and starts the Fargate processing container with the state's task token
// (see stages.Trigger).
package main

import (
	"os"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/service/ecs"

	"docflow/internal/taskmain"
	"docflow/shared/stages"
)

func main() {
	s, err := stages.LoadTriggerSettings(os.LookupEnv)
	taskmain.Exit("trigger", err)
	d := taskmain.Wire("trigger", taskmain.Settings{DocumentsTable: s.DocumentsTable, ConnectionsTable: s.ConnectionsTable,
		WebSocketEndpoint: s.WebSocketEndpoint, LogLevel: s.LogLevel})
	lambda.Start(stages.NewTrigger(s.Trigger, d.Store, d.Publisher, ecs.NewFromConfig(d.AWS), d.Log).Handle)
}
