// Package taskmain is what every task's main does the same way: build the
// JSON logger and the AWS configuration once per instance, build the task's
// handler with the task's own constructor (the one the local stack calls
// too), and start it, exiting at once, naming what is missing, when the
// configuration is incomplete.
package taskmain

import (
	"context"
	"log/slog"
	"os"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/config"

	"docflow/internal/task"
)

// Start builds t's handler from the process environment and runs it with
// lambda.Start. It does not return.
func Start(t task.Task) {
	d, err := NewDeps(context.Background(), t.Name)
	exit(t.Name, err)
	h, err := t.New(os.LookupEnv, d)
	exit(t.Name, err)
	lambda.Start(h)
}

// NewDeps returns the dependencies of the task called name in AWS: the
// JSON logger at LOG_LEVEL (INFO if unset or bad; the task's settings
// report a bad value) and the default AWS configuration.
func NewDeps(ctx context.Context, name string) (task.Deps, error) {
	var level slog.Level
	if v, ok := os.LookupEnv("LOG_LEVEL"); ok {
		_ = level.UnmarshalText([]byte(v))
	}
	log := slog.New(slog.NewJSONHandler(os.Stdout, &slog.HandlerOptions{Level: level})).With("task", name)
	cfg, err := config.LoadDefaultConfig(ctx)
	return task.Deps{Log: log, AWS: cfg}, err
}

// exit ends the task when it cannot start: a task that cannot work must
// not take events.
func exit(name string, err error) {
	if err != nil {
		slog.Error(name + ": " + err.Error())
		os.Exit(1)
	}
}
