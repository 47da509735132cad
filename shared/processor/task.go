package processor

import (
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/sfn"

	"docflow/internal/task"
)

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
	objects := s3.NewFromConfig(d.Config(s3.ServiceID), func(o *s3.Options) { o.UsePathStyle = d.Local(s3.ServiceID) })
	answers := sfn.NewFromConfig(d.Config(sfn.ServiceID))
	return New(cfg, objects, answers, st, d.Publisher(cfg.WebSocketEndpoint, st), ex, d.Log), cfg, nil
}
