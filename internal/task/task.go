// Package task is what every deployable docflow task is made of: a Task
// value (its name, how it runs, its constructor) that both the task's
// main.go and the local stack build the handler from, and the Deps a
// constructor builds its clients from.
//
// The model is golang/go's cmd: each command is one base.Command value in
// its own package, and one list of them drives dispatch and help. Here
// each task's Task value sits beside its handler (stages.StartTask,
// api.MessageTask, ...), internal/tasks lists them all, and that list is
// read by the local stack, the local Lambda invoker, the Makefile's
// function list and the tests that hold the list, tasks/* and
// template.yaml to one another.
package task

import (
	"log/slog"
	"strings"
	"unicode/utf8"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/apigatewaymanagementapi"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"docflow/shared/progress"
	"docflow/shared/store"
)

// Env looks up a configuration variable: os.LookupEnv in main, the
// template's environment with local values in the local stack.
type Env func(name string) (string, bool)

// Kind says how a task runs and what starts it.
type Kind string

// The kinds of task. Every kind but Container is a Lambda function.
const (
	// Authorizer is the WebSocket API's $connect REQUEST authorizer.
	Authorizer Kind = "authorizer"
	// Route serves a WebSocket route (Task.Route).
	Route Kind = "route"
	// State is a Task state of the document state machine (lambda:invoke).
	State Kind = "state"
	// Queue is the target of an SQS event source mapping.
	Queue Kind = "queue"
	// Container runs on ECS/Fargate, started by RunTask; its main is its own.
	Container Kind = "container"
)

// Lambda reports whether tasks of kind k are Lambda functions (built as
// bin/<name>/bootstrap with lambda.Start).
func (k Kind) Lambda() bool { return k != Container }

// Task is one deployable task.
type Task struct {
	// Name is the task's folder tasks/<Name>, its binary bin/<Name>/ and,
	// capitalised, its template resource <Name>Function (FunctionID).
	Name string
	Kind Kind
	// Route is the WebSocket route a Route task serves ("$connect",
	// "$disconnect", "$default").
	Route string
	// New builds the task's handler from its configuration and d, naming
	// every missing or bad variable at once. For a Lambda the handler is
	// what lambda.Start accepts (the handler type's Handle method).
	New func(env Env, d Deps) (any, error)
}

// FunctionID is the template's logical id of a Lambda task's function,
// which is also its function name in the local stack: "StartFunction".
func (t Task) FunctionID() string {
	return Title(t.Name) + "Function"
}

// Deps is what a task's constructor builds its clients from: the logger
// and SDK configuration main.go (or the local stack) made once. A
// constructor builds only the clients it uses, each from Config of its
// service, so a binary links only its own SDK packages (they are most of a
// bootstrap's size).
type Deps struct {
	Log *slog.Logger
	AWS aws.Config
	// Endpoints are base URLs by SDK service id (s3.ServiceID, ...), set by
	// the local stack to its loopback services; empty in AWS, where every
	// client resolves its regional endpoint.
	Endpoints map[string]string
}

// Config returns the SDK configuration for the service whose SDK id is
// serviceID (sfn.ServiceID, ...): d.AWS, at the local endpoint when one is
// set. Use it as sfn.NewFromConfig(d.Config(sfn.ServiceID)).
func (d Deps) Config(serviceID string) aws.Config {
	cfg := d.AWS.Copy()
	if u, ok := d.Endpoints[serviceID]; ok {
		cfg.BaseEndpoint = aws.String(u)
	}
	return cfg
}

// Local reports whether serviceID answers at a local endpoint. An S3
// client there must address buckets by path (o.UsePathStyle): loopback has
// no bucket subdomains.
func (d Deps) Local(serviceID string) bool {
	_, ok := d.Endpoints[serviceID]
	return ok
}

// Store returns the document and connection store over the named tables.
func (d Deps) Store(documentsTable, connectionsTable string) *store.Store {
	return store.New(dynamodb.NewFromConfig(d.Config(dynamodb.ServiceID)), documentsTable, connectionsTable)
}

// Publisher returns the publisher that pushes frames to st's subscribers
// through @connections at endpoint (WEBSOCKET_ENDPOINT). @connections lives
// at the API's own stage URL, not at a regional service endpoint, so the
// client takes it as its base endpoint, in AWS as locally.
func (d Deps) Publisher(endpoint string, st *store.Store) *progress.Publisher {
	connections := apigatewaymanagementapi.NewFromConfig(d.AWS, func(o *apigatewaymanagementapi.Options) {
		o.BaseEndpoint = aws.String(endpoint)
	})
	return progress.NewPublisher(connections, st, d.Log)
}

// Title is name with its first letter upper-cased ("start" → "Start"), as
// template logical ids and ASL substitutions spell task names.
func Title(name string) string {
	if name == "" {
		return ""
	}
	r, n := utf8.DecodeRuneInString(name)
	return strings.ToUpper(string(r)) + name[n:]
}
