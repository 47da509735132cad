package processor

import "docflow/internal/task"

// ProcessTask is tasks/process, the processing container that the
// RunProcessor state's function starts with RunTask. Its handler is the
// *Runner for the one document its environment names.
var ProcessTask = task.Task{Name: "process", Kind: task.Container, New: func(env task.Env, d task.Deps) (any, error) {
	r, _, err := NewFromEnv(env, d, nil)
	return r, err
}}

// NewFromEnv builds the container's Runner from its environment (the task
// definition plus RunTask's overrides) and returns the configuration it
// read. ex extracts the text; nil means the engine, Documents, with the
// configured limits.
func NewFromEnv(env task.Env, d task.Deps, ex Extractor) (*Runner, Config, error) {
	cfg, err := LoadConfig(env)
	if err != nil {
		return nil, cfg, err
	}
	if ex == nil {
		ex = Documents{Limits: cfg.Limits}
	}
	st := d.Store(cfg.DocumentsTable, cfg.ConnectionsTable)
	return New(cfg, d.S3(), d.SFN(), st, d.Publisher(cfg.WebSocketEndpoint, st), ex, d.Log), cfg, nil
}
