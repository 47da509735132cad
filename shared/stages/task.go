package stages

import (
	"github.com/aws/aws-sdk-go-v2/service/bedrockagent"
	"github.com/aws/aws-sdk-go-v2/service/ecs"

	"docflow/internal/task"
)

// The document state machine's Lambda tasks. A Task state invokes the
// function of the first stage-table row (progress.Steps) that names it.
var (
	// StartTask is tasks/start, the Start state.
	StartTask = task.Task{Name: "start", Kind: task.State, New: newStartTask}
	// TriggerTask is tasks/trigger, the function of the RunProcessor state
	// (lambda:invoke.waitForTaskToken): it starts the processing container.
	TriggerTask = task.Task{Name: "trigger", Kind: task.State, New: newTriggerTask}
	// IndexTask is tasks/index, the Index state: it ingests the document's
	// chunk files into the knowledge base.
	IndexTask = task.Task{Name: "index", Kind: task.State, New: newIndexTask}
	// CompleteTask is tasks/complete, the Complete state.
	CompleteTask = task.Task{Name: "complete", Kind: task.State, New: newCompleteTask}
	// FailTask is tasks/fail, the RecordFailure state.
	FailTask = task.Task{Name: "fail", Kind: task.State, New: newFailTask}
)

// wire reads the settings every stage needs and builds its store and
// publisher.
func wire(env task.Env, d task.Deps, load func(func(string) (string, bool)) (Settings, error)) (Settings, Advancer, Publisher, error) {
	s, err := load(env)
	if err != nil {
		return s, nil, nil, err
	}
	st := d.Store(s.DocumentsTable, s.ConnectionsTable)
	return s, st, d.Publisher(s.WebSocketEndpoint, st), nil
}

func newStartTask(env task.Env, d task.Deps) (any, error) {
	_, st, pub, err := wire(env, d, LoadSettings)
	if err != nil {
		return nil, err
	}
	return NewStart(st, pub, d.Log).Handle, nil
}

func newTriggerTask(env task.Env, d task.Deps) (any, error) {
	s, st, pub, err := wire(env, d, LoadTriggerSettings)
	if err != nil {
		return nil, err
	}
	return NewTrigger(s.Trigger, st, pub, ecs.NewFromConfig(d.Config(ecs.ServiceID)), d.Log).Handle, nil
}

func newCompleteTask(env task.Env, d task.Deps) (any, error) {
	_, st, pub, err := wire(env, d, LoadSettings)
	if err != nil {
		return nil, err
	}
	return NewComplete(st, pub, d.Log).Handle, nil
}

func newFailTask(env task.Env, d task.Deps) (any, error) {
	_, st, pub, err := wire(env, d, LoadSettings)
	if err != nil {
		return nil, err
	}
	return NewFail(st, pub, d.Log).Handle, nil
}

func newIndexTask(env task.Env, d task.Deps) (any, error) {
	s, kb, err := LoadIndexSettings(env)
	if err != nil {
		return nil, err
	}
	st := d.Store(s.DocumentsTable, s.ConnectionsTable)
	return NewIndex(st, d.Publisher(s.WebSocketEndpoint, st), bedrockagent.NewFromConfig(d.Config(bedrockagent.ServiceID)), kb, d.Log).Handle, nil
}
