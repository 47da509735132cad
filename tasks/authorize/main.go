// Command authorize is the WebSocket API's $connect REQUEST authorizer: it
// admits a connection whose `token` query parameter is a valid JWT of the
// configured issuer and names its subject as the connection's owner (see
// auth.Authorizer).
package main

import (
	"log/slog"
	"os"

	"github.com/aws/aws-lambda-go/lambda"

	"docflow/shared/api"
	"docflow/shared/auth"
)

func main() {
	s, err := auth.LoadSettings(os.LookupEnv)
	if err != nil {
		slog.Error("authorize: " + err.Error())
		os.Exit(1)
	}
	log := api.NewLogger(os.Stdout, s.LogLevel).With("task", "authorize")
	// Made once per instance: the key set is fetched on the first token
	// and then cached and refreshed across invocations.
	v := auth.NewVerifier(s.Config, nil)
	lambda.Start(auth.NewAuthorizer(v, log).Handle)
}
