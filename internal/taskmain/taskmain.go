// Package taskmain wires what every Lambda task's main builds the same way:
// the JSON logger, the AWS configuration, the store and the publisher that
// pushes frames through the API's own @connections endpoint. A task's main
// then only loads its settings and starts its handler.
package taskmain

import (
	"context"
	"log/slog"
	"os"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/apigatewaymanagementapi"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"docflow/shared/progress"
	"docflow/shared/store"
)

// Settings are the values every task's settings carry.
type Settings struct {
	DocumentsTable, ConnectionsTable string
	// WebSocketEndpoint is the @connections endpoint; empty for a task
	// that pushes no frames (then Deps.Publisher is nil).
	WebSocketEndpoint string
	LogLevel          slog.Level
}

// Deps is what Wire built.
type Deps struct {
	AWS       aws.Config
	Log       *slog.Logger
	Store     *store.Store
	Publisher *progress.Publisher
}

// Exit ends task when its settings could not be loaded, naming what is
// wrong, before anything else runs: a task that cannot work must not start.
func Exit(task string, err error) {
	if err != nil {
		slog.Error(task + ": " + err.Error())
		os.Exit(1)
	}
}

// Wire builds task's dependencies from s, or exits if the AWS configuration
// cannot be loaded. Call it once, in main: Lambda reuses what it builds
// across invocations.
func Wire(task string, s Settings) Deps {
	log := slog.New(slog.NewJSONHandler(os.Stdout, &slog.HandlerOptions{Level: s.LogLevel})).With("task", task)
	cfg, err := config.LoadDefaultConfig(context.Background())
	if err != nil {
		log.Error("load AWS configuration", "error", err)
		os.Exit(1)
	}
	d := Deps{AWS: cfg, Log: log, Store: store.New(dynamodb.NewFromConfig(cfg), s.DocumentsTable, s.ConnectionsTable)}
	if s.WebSocketEndpoint != "" {
		// @connections lives at the API's own stage URL, not at a regional
		// service endpoint, so the client needs it as its base endpoint.
		connections := apigatewaymanagementapi.NewFromConfig(cfg, func(o *apigatewaymanagementapi.Options) {
			o.BaseEndpoint = aws.String(s.WebSocketEndpoint)
		})
		d.Publisher = progress.NewPublisher(connections, d.Store, log)
	}
	return d
}
