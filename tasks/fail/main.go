// Command fail is the RecordFailure state of the document state machine: it
// records the error a Catch caught and pushes the failed frame (see
// stages.Fail).
package main

import (
	"docflow/internal/taskmain"
	"docflow/shared/stages"
)

func main() { taskmain.Start(stages.FailTask) }
