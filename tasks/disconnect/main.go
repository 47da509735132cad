// Command disconnect is the $disconnect route of the WebSocket API: it
// forgets a closed connection and its subscriptions (see api.Disconnect).
package main

import (
	"docflow/internal/taskmain"
	"docflow/shared/api"
)

func main() { taskmain.Start(api.DisconnectTask) }
