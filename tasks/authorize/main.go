// Command authorize is the WebSocket API's $connect REQUEST authorizer: it
// admits a connection whose `token` query parameter is a valid JWT of the
// configured issuer and names its subject as the connection's owner (see
// auth.Authorizer).
package main

import (
	"docflow/internal/taskmain"
	"docflow/shared/auth"
)

func main() { taskmain.Start(auth.AuthorizeTask) }
