// Command start is the Start state of the document state machine: it marks
// the document starting (10%) and pushes the first frame (see stages.Start).
package main

import (
	"docflow/internal/taskmain"
	"docflow/shared/stages"
)

func main() { taskmain.Start(stages.StartTask) }
