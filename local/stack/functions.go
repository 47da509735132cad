package stack

import (
	"context"
	"fmt"
	"log/slog"
	"maps"
	"net/http"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/apigatewaymanagementapi"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/sfn"

	"docflow/shared/api"
	"docflow/shared/auth"
	"docflow/shared/processor"
	"docflow/shared/progress"
	"docflow/shared/stages"
	"docflow/shared/store"
)

// Region and account of every local ARN.
const (
	Region    = "us-east-1"
	AccountID = "123456789012"
)

// endpoints are where each AWS service of the stack answers. The tasks reach
// them with the real SDK clients, as in AWS; only these URLs differ.
type endpoints struct {
	DynamoDB, S3, StepFunctions, ECS, Connections string
	// Issuer and JWKS are the dev identity provider's name and key set.
	Issuer, JWKS string
}

// clients are the SDK clients the functions share, built once per stack as
// main.go builds them once per Lambda instance.
type clients struct {
	dynamo      *dynamodb.Client
	s3          *s3.Client
	sfn         *sfn.Client
	ecs         *ecs.Client
	connections *apigatewaymanagementapi.Client
}

// transport is shared by all the stack's SDK clients: one pool of loopback
// connections, large enough for a thousand documents at once.
var transport = func() *http.Transport {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConns, t.MaxIdleConnsPerHost = 1024, 1024
	return t
}()

func newClients(ep endpoints) clients {
	cfg := aws.Config{
		Region: Region,
		// Every local endpoint checks signatures as AWS does (s3auth.go).
		Credentials: credentials.NewStaticCredentialsProvider(accessKeyID, secretAccessKey, ""),
		HTTPClient:  &http.Client{Transport: containerTransport{base: wholeRequests{base: transport}}},
	}
	at := func(url string) *string { return aws.String(url) }
	s3c := s3.NewFromConfig(cfg, func(o *s3.Options) { o.BaseEndpoint = at(ep.S3); o.UsePathStyle = true })
	return clients{
		dynamo:      dynamodb.NewFromConfig(cfg, func(o *dynamodb.Options) { o.BaseEndpoint = at(ep.DynamoDB) }),
		s3:          s3c,
		sfn:         sfn.NewFromConfig(cfg, func(o *sfn.Options) { o.BaseEndpoint = at(ep.StepFunctions) }),
		ecs:         ecs.NewFromConfig(cfg, func(o *ecs.Options) { o.BaseEndpoint = at(ep.ECS) }),
		connections: apigatewaymanagementapi.NewFromConfig(cfg, func(o *apigatewaymanagementapi.Options) { o.BaseEndpoint = at(ep.Connections) }),
	}
}

// environment is what template.yaml sets for the functions (Globals plus
// each function's own variables), with local values. Every function reads
// it through its own Load* function, exactly as its main.go does, so a
// variable the code needs and the stack forgets fails here as it would in
// AWS.
func environment(names resourceNames, ep endpoints, extra map[string]string) map[string]string {
	env := map[string]string{
		"DOCUMENTS_TABLE":      names.DocumentsTable,
		"CONNECTIONS_TABLE":    names.ConnectionsTable,
		"DOCUMENTS_BUCKET":     names.Bucket,
		"WEBSOCKET_ENDPOINT":   ep.Connections,
		"STATE_MACHINE_ARN":    names.StateMachineArn,
		"ECS_CLUSTER":          names.Cluster,
		"ECS_TASK_DEFINITION":  names.TaskDefinition,
		"ECS_CONTAINER_NAME":   "process",
		"ECS_SUBNETS":          "subnet-local",
		"ECS_SECURITY_GROUPS":  "sg-local",
		"ECS_ASSIGN_PUBLIC_IP": "DISABLED",
		"LOG_LEVEL":            "INFO",
		"JWT_ISSUER":           ep.Issuer,
		"JWKS_URL":             ep.JWKS,
	}
	maps.Copy(env, extra)
	return env
}

// resourceNames are the local names of the template's resources.
type resourceNames struct {
	DocumentsTable, ConnectionsTable, Bucket, StateMachineArn, Cluster, TaskDefinition string
}

func lookupIn(env map[string]string) func(string) (string, bool) {
	return func(k string) (string, bool) { v, ok := env[k]; return v, ok }
}

// functions are the stack's handlers, built from the same packages and
// settings loaders as tasks/*/main.go.
type functions struct {
	authorize  *auth.Authorizer
	connect    *api.Connect
	disconnect *api.Disconnect
	message    *api.Message
	start      *stages.Start
	trigger    *stages.Trigger
	complete   *stages.Complete
	fail       *stages.Fail
	// process runs the container's job for one RunTask's environment.
	process func(ctx context.Context, overrides map[string]string) error
}

func newFunctions(env map[string]string, c clients, extractor processor.Extractor, log *slog.Logger) (*functions, error) {
	lookup := lookupIn(env)
	authCfg, err := auth.LoadSettings(lookup)
	if err != nil {
		return nil, fmt.Errorf("authorizer settings: %w", err)
	}
	conn, err := api.LoadConnectionSettings(lookup)
	if err != nil {
		return nil, fmt.Errorf("connect settings: %w", err)
	}
	msg, err := api.LoadMessageSettings(lookup)
	if err != nil {
		return nil, fmt.Errorf("message settings: %w", err)
	}
	// Start, Complete and Fail build from the same settings as Trigger;
	// loading theirs checks the environment has what their main.go reads.
	if _, err := stages.LoadSettings(lookup); err != nil {
		return nil, fmt.Errorf("stage settings: %w", err)
	}
	trg, err := stages.LoadTriggerSettings(lookup)
	if err != nil {
		return nil, fmt.Errorf("trigger settings: %w", err)
	}
	st := store.New(c.dynamo, conn.DocumentsTable, conn.ConnectionsTable)
	pub := func(task string) *progress.Publisher {
		return progress.NewPublisher(c.connections, st, log.With("task", task))
	}
	f := &functions{
		authorize:  auth.NewAuthorizer(auth.NewVerifier(authCfg.Config, nil), log.With("task", "authorize")),
		connect:    api.NewConnect(st, log.With("task", "connect")),
		disconnect: api.NewDisconnect(st, log.With("task", "disconnect")),
		message:    api.NewMessage(msg.Message, st, pub("message"), c.sfn, api.NewS3Uploads(c.s3), log.With("task", "message")),
		start:      stages.NewStart(st, pub("start"), log.With("task", "start")),
		trigger:    stages.NewTrigger(trg.Trigger, st, pub("trigger"), c.ecs, log.With("task", "trigger")),
		complete:   stages.NewComplete(st, pub("complete"), log.With("task", "complete")),
		fail:       stages.NewFail(st, pub("fail"), log.With("task", "fail")),
	}
	f.process = func(ctx context.Context, overrides map[string]string) error {
		penv := maps.Clone(env)
		maps.Copy(penv, overrides)
		cfg, err := processor.LoadConfig(lookupIn(penv))
		if err != nil {
			return fmt.Errorf("process settings: %w", err)
		}
		ex := extractor
		if ex == nil { // the engine as the container builds it, with its configured limits
			ex = processor.Documents{Limits: cfg.Limits}
		}
		plog := log.With("task", "process")
		return processor.New(cfg, c.s3, c.sfn, st, pub("process"), ex, plog).Run(ctx)
	}
	return f, nil
}
