// Command connect is the $connect route of the WebSocket API: it records
// each new connection and who opened it (see api.Connect).
package main

import (
	"docflow/internal/taskmain"
	"docflow/shared/api"
)

func main() { taskmain.Start(api.ConnectTask) }
