// Command complete is the Complete state of the document state machine: it
// stores the processing summary, marks the document complete (100%) and
// pushes the final frame (see stages.Complete).
package main

import (
	"docflow/internal/taskmain"
	"docflow/shared/stages"
)

func main() { taskmain.Start(stages.CompleteTask) }
