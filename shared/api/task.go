package api

import (
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/sfn"
	"github.com/aws/aws-sdk-go-v2/service/sqs"

	"docflow/internal/task"
	"docflow/shared/store"
)

// The WebSocket API's tasks: each is its tasks/<name>/main.go and the local
// stack's route, built by the same constructor.
var (
	// ConnectTask is tasks/connect, the $connect route.
	ConnectTask = task.Task{Name: "connect", Kind: task.Route, Route: "$connect", New: newConnectTask}
	// DisconnectTask is tasks/disconnect, the $disconnect route.
	DisconnectTask = task.Task{Name: "disconnect", Kind: task.Route, Route: "$disconnect", New: newDisconnectTask}
	// MessageTask is tasks/message, the $default route: every client action.
	MessageTask = task.Task{Name: "message", Kind: task.Route, Route: "$default", New: newMessageTask}
)

func newConnectTask(env task.Env, d task.Deps) (any, error) {
	s, err := LoadConnectionSettings(env)
	if err != nil {
		return nil, err
	}
	return NewConnect(d.Store(s.DocumentsTable, s.ConnectionsTable), d.Log).Handle, nil
}

func newDisconnectTask(env task.Env, d task.Deps) (any, error) {
	s, err := LoadConnectionSettings(env)
	if err != nil {
		return nil, err
	}
	return NewDisconnect(d.Store(s.DocumentsTable, s.ConnectionsTable), d.Log).Handle, nil
}

func newMessageTask(env task.Env, d task.Deps) (any, error) {
	s, err := LoadMessageSettings(env)
	if err != nil {
		return nil, err
	}
	st := d.Store(s.DocumentsTable, s.ConnectionsTable)
	objects := s3.NewFromConfig(d.Config(s3.ServiceID), func(o *s3.Options) { o.UsePathStyle = d.Local(s3.ServiceID) })
	executions := sfn.NewFromConfig(d.Config(sfn.ServiceID))
	queries := store.NewQueries(dynamodb.NewFromConfig(d.Config(dynamodb.ServiceID)), s.QueriesTable)
	queue := sqs.NewFromConfig(d.Config(sqs.ServiceID))
	return NewMessage(s.Message, st, d.Publisher(s.WebSocketEndpoint, st), executions, NewS3Uploads(objects), queries, queue, d.Log).Handle, nil
}
