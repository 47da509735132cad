// Command trigger is the function of the document state machine's RunProcessor
// state (lambda:invoke.waitForTaskToken): it marks the document triggering
// (20%) and starts the Fargate processing container with the state's task
// token (see stages.Trigger).
package main

import (
	"docflow/internal/taskmain"
	"docflow/shared/stages"
)

func main() { taskmain.Start(stages.TriggerTask) }
