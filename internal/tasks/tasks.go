// Package tasks is docflow's task registry: the one list of deployable
// tasks. The local stack builds its functions, routes and container from
// it, the local Lambda invoker registers its functions, `go run
// ./internal/tasks/list` gives the Makefile its function list, and a test
// holds it to the tasks/* folders and template.yaml's functions.
//
// Adding a task: write its Task value beside its handler (see
// stages.StartTask), add it here, add tasks/<name>/main.go
// (taskmain.Start(pkg.NameTask)) and its <Name>Function in template.yaml;
// docs/extending.md has the steps for a task and for a stage.
package tasks

import (
	"docflow/internal/task"
	"docflow/shared/answer"
	"docflow/shared/api"
	"docflow/shared/auth"
	"docflow/shared/processor"
	"docflow/shared/stages"
)

// All lists every task, Lambda functions and the container.
var All = []task.Task{
	auth.AuthorizeTask,
	api.ConnectTask,
	api.DisconnectTask,
	api.MessageTask,
	answer.AnswerTask,
	stages.StartTask,
	stages.TriggerTask,
	stages.IndexTask,
	stages.CompleteTask,
	stages.FailTask,
	processor.ProcessTask,
}

// Lambdas returns the tasks that are Lambda functions, in All's order.
func Lambdas() []task.Task {
	var out []task.Task
	for _, t := range All {
		if t.Kind.Lambda() {
			out = append(out, t)
		}
	}
	return out
}
