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
	cfg, err := auth.LoadConfig(os.LookupEnv)
	if err != nil {
		slog.Error("authorize: " + err.Error())
		os.Exit(1)
	}
	level := slog.LevelInfo
	if v, ok := os.LookupEnv("LOG_LEVEL"); ok {
		_ = level.UnmarshalText([]byte(v))
	}
	log := api.NewLogger(os.Stdout, level).With("task", "authorize")
	// Made once per instance: the key set is fetched on the first token
	// and then cached and refreshed across invocations.
	v := auth.NewVerifier(cfg, nil)
	lambda.Start(auth.NewAuthorizer(v, log).Handle)
}
