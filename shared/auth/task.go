package auth

import "docflow/internal/task"

// AuthorizeTask is tasks/authorize, the $connect REQUEST authorizer.
var AuthorizeTask = task.Task{Name: "authorize", Kind: task.Authorizer, New: newAuthorizeTask}

func newAuthorizeTask(env task.Env, d task.Deps) (any, error) {
	s, err := LoadSettings(env)
	if err != nil {
		return nil, err
	}
	// Made once per instance: the key set is fetched on the first token
	// and then cached and refreshed across invocations.
	return NewAuthorizer(NewVerifier(s.Config, nil), d.Log).Handle, nil
}
