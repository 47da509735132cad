// Command index is the Index state of the document state machine: it
// ingests the processed document's chunk files into the knowledge base and
// waits until they are indexed (99%), so that Complete's 100% means "ready
// for questions" (see stages.Index).
package main

import (
	"docflow/internal/taskmain"
	"docflow/shared/stages"
)

func main() { taskmain.Start(stages.IndexTask) }
