package answer

import (
	"github.com/aws/aws-sdk-go-v2/service/bedrockagentruntime"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"docflow/internal/task"
	"docflow/shared/store"
)

// AnswerTask is tasks/answer, the target of the queries queue's event
// source mapping and of its dead-letter queue's.
var AnswerTask = task.Task{Name: "answer", Kind: task.Queue, New: newAnswerTask}

func newAnswerTask(env task.Env, d task.Deps) (any, error) {
	s, err := LoadSettings(env)
	if err != nil {
		return nil, err
	}
	queries := store.NewQueries(dynamodb.NewFromConfig(d.Config(dynamodb.ServiceID)), s.QueriesTable)
	kb := bedrockagentruntime.NewFromConfig(d.Config(bedrockagentruntime.ServiceID))
	st := d.Store(s.DocumentsTable, s.ConnectionsTable)
	return NewWorker(s.Worker, kb, queries, d.Publisher(s.WebSocketEndpoint, st), d.Log).Handle, nil
}
