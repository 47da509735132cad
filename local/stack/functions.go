package stack

import (
	"context"
	"fmt"
	"log/slog"
	"maps"
	"net/http"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/apigatewaymanagementapi"
	"github.com/aws/aws-sdk-go-v2/service/bedrockagent"
	"github.com/aws/aws-sdk-go-v2/service/bedrockagentruntime"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/sfn"
	"github.com/aws/aws-sdk-go-v2/service/sqs"

	"docflow/internal/task"
	"docflow/internal/tasks"
	"docflow/shared/auth"
	"docflow/shared/processor"
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
	// SQS and the Bedrock agent APIs are mounted under these paths by the
	// emulators that serve them (the functions' clients go there).
	SQS, BedrockAgentRuntime, BedrockAgent string
	// Issuer and JWKS are the dev identity provider's name and key set.
	Issuer, JWKS string
}

// clients are SDK clients the stack itself uses (tables, tests), built
// from the same Deps the functions build theirs from.
type clients struct {
	dynamo      *dynamodb.Client
	s3          *s3.Client
	connections *apigatewaymanagementapi.Client
}

// transport is shared by all the stack's SDK clients: one pool of loopback
// connections, large enough for a thousand documents at once. It is capped
// (MaxConnsPerHost: a call past it waits for a connection) because both
// ends of each are this process's files: 10,000 documents at once, beside
// their 10,000 sockets, would otherwise run out of them (accept4: too many
// open files). No local endpoint's handler waits on a call of its own
// through this pool, so waiting cannot deadlock.
var transport = newTransport(idleConnTimeout)

// idleConnTimeout is how long a loopback connection may wait unused in
// the pool. Both of its ends are in this process: the client's two
// goroutines and buffers and the server's goroutine (with the stack its
// last handler grew) and buffers, about 50 KiB in all. While the routes
// were not limited (stack.go), 1,000 process_document messages at once
// opened about 1,000 connections in half a second; afterwards about 70
// were busy at a time, and with net/http's 90 s the rest stayed open
// through the whole batch: 1,050 of them at the peak of
// BenchmarkThousandDocuments, with 3,150 goroutines. A new loopback
// connection costs tens of microseconds, so a few seconds is long enough.
const idleConnTimeout = 2 * time.Second

func newTransport(idle time.Duration) *http.Transport {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConns, t.MaxIdleConnsPerHost = 1024, 1024
	t.MaxConnsPerHost = 2048
	t.IdleConnTimeout = idle
	return t
}

// newDeps is what the functions build their clients from: the local
// credentials, the shared transport and each service's loopback endpoint.
// (@connections needs none: every function reads it from
// WEBSOCKET_ENDPOINT, as in AWS.)
func newDeps(ep endpoints, log *slog.Logger) task.Deps {
	return task.Deps{
		Log: log,
		AWS: aws.Config{
			Region: Region,
			// Every local endpoint checks signatures as AWS does (local/sigv4).
			Credentials: credentials.NewStaticCredentialsProvider(accessKeyID, secretAccessKey, ""),
			HTTPClient:  &http.Client{Transport: containerTransport{base: wholeRequests{base: transport}}},
		},
		Endpoints: map[string]string{
			dynamodb.ServiceID:            ep.DynamoDB,
			s3.ServiceID:                  ep.S3,
			sfn.ServiceID:                 ep.StepFunctions,
			ecs.ServiceID:                 ep.ECS,
			sqs.ServiceID:                 ep.SQS,
			bedrockagentruntime.ServiceID: ep.BedrockAgentRuntime,
			bedrockagent.ServiceID:        ep.BedrockAgent,
		},
	}
}

func newClients(ep endpoints) clients {
	d := newDeps(ep, nil)
	return clients{
		dynamo: dynamodb.NewFromConfig(d.Config(dynamodb.ServiceID)),
		s3:     s3.NewFromConfig(d.Config(s3.ServiceID), func(o *s3.Options) { o.UsePathStyle = true }),
		connections: apigatewaymanagementapi.NewFromConfig(d.AWS, func(o *apigatewaymanagementapi.Options) {
			o.BaseEndpoint = aws.String(ep.Connections)
		}),
	}
}

// environment is what template.yaml sets for the functions (Globals plus
// each function's own variables), with local values. Every function is
// built from it by its task's constructor, exactly as its main.go builds it
// from the process environment, so a variable the code needs and the stack
// forgets fails here as it would in AWS.
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
		"QUERIES_TABLE":        names.QueriesTable,
		"QUERIES_QUEUE_URL":    names.QueriesQueueURL,
		"QUERIES_DLQ_ARN":      names.QueriesDLQArn,
		"KNOWLEDGE_BASE_ID":    KnowledgeBaseID,
		"DATA_SOURCE_ID":       DataSourceID,
		// The local knowledge base indexes within milliseconds of the
		// ingestion call (AWS takes seconds): the Index stage asks after
		// 1.25 ms, doubling to every 20 ms.
		"INDEX_POLL_INTERVAL": "20ms",
		"MODEL_ARN":           ModelArn,
	}
	maps.Copy(env, extra)
	return env
}

// resourceNames are the local names of the template's resources.
type resourceNames struct {
	DocumentsTable, ConnectionsTable, Bucket, StateMachineArn, Cluster, TaskDefinition string
	QueriesTable, QueriesQueueURL, QueriesDLQArn                                       string
}

func lookupIn(env map[string]string) func(string) (string, bool) {
	return func(k string) (string, bool) { v, ok := env[k]; return v, ok }
}

// functions are the stack's handlers, each built by its task's own
// constructor (the registry, internal/tasks) from the template's
// environment, exactly as its main.go builds it in AWS.
type functions struct {
	// lambdas are the Lambda handlers by function name (the template's
	// logical id), as the local Lambda service runs them.
	lambdas map[string]any
	// routes are the WebSocket routes' handlers by route key.
	routes map[string]Route
	// authorize is the $connect authorizer.
	authorize func(context.Context, auth.Request) (events.APIGatewayCustomAuthorizerResponse, error)
	// process runs the container's job for one RunTask's environment.
	process func(ctx context.Context, overrides map[string]string) error
}

func newFunctions(env map[string]string, d task.Deps, extractor processor.Extractor) (*functions, error) {
	lookup := lookupIn(env)
	log := d.Log
	f := &functions{lambdas: map[string]any{}, routes: map[string]Route{}}
	for _, t := range tasks.All {
		td := d
		td.Log = log.With("task", t.Name)
		if t.Kind == task.Container {
			f.process = container(t, env, td, extractor)
			continue
		}
		h, err := t.New(lookup, td)
		if err != nil {
			return nil, fmt.Errorf("%s settings: %w", t.Name, err)
		}
		f.lambdas[t.FunctionID()] = h
		switch t.Kind {
		case task.Route:
			r, ok := h.(func(context.Context, events.APIGatewayWebsocketProxyRequest) (events.APIGatewayProxyResponse, error))
			if !ok {
				return nil, fmt.Errorf("%s: handler %T does not serve a WebSocket route", t.Name, h)
			}
			f.routes[t.Route] = r
		case task.Authorizer:
			a, ok := h.(func(context.Context, auth.Request) (events.APIGatewayCustomAuthorizerResponse, error))
			if !ok {
				return nil, fmt.Errorf("%s: handler %T is not a REQUEST authorizer", t.Name, h)
			}
			f.authorize = a
		}
	}
	switch {
	case f.authorize == nil:
		return nil, fmt.Errorf("no authorizer task in the registry")
	case f.process == nil:
		return nil, fmt.Errorf("no container task in the registry")
	}
	return f, nil
}

// container runs the container task for one RunTask: the environment is
// the task definition's plus the overrides, read afresh each time as a new
// container reads its own, through processor.NewFromEnv as tasks/process
// does. A Config.Extractor (tests) stands in for the engine.
func container(t task.Task, env map[string]string, d task.Deps, extractor processor.Extractor) func(context.Context, map[string]string) error {
	return func(ctx context.Context, overrides map[string]string) error {
		penv := maps.Clone(env)
		maps.Copy(penv, overrides)
		r, _, err := processor.NewFromEnv(lookupIn(penv), d, extractor)
		if err != nil {
			return fmt.Errorf("%s settings: %w", t.Name, err)
		}
		return r.Run(ctx)
	}
}
