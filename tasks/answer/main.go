// Command answer is the queries worker: the queries queue's event source
// mapping (and its dead-letter queue's) invokes it with one question at a
// time, and it streams the knowledge base's answer to the asker (see
// answer.Worker).
package main

import (
	"docflow/internal/taskmain"
	"docflow/shared/answer"
)

func main() { taskmain.Start(answer.AnswerTask) }
