// Command message is the $default route of the WebSocket API: it serves
// every client action and answers on the caller's connection (see
// api.Message).
package main

import (
	"docflow/internal/taskmain"
	"docflow/shared/api"
)

func main() { taskmain.Start(api.MessageTask) }
