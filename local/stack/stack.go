package stack

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/aws/aws-lambda-go/events"
	awssqs "github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3bolt"
	"github.com/johannesboyne/gofakes3/backend/s3mem"
	miniserver "github.com/truora/minidyn/server"
	bolt "go.etcd.io/bbolt"

	"docflow"
	"docflow/internal/task"
	"docflow/local/bedrock"
	"docflow/local/devauth"
	"docflow/local/lambda"
	"docflow/local/sfn"
	"docflow/local/sqs"
	"docflow/shared/auth"
	"docflow/shared/processor"
	"docflow/shared/store"
	"docflow/web"
)

// Names of the local resources.
const (
	DefaultStage     = "local"
	Bucket           = "docflow-documents"
	DocumentsTable   = "docflow-documents"
	ConnectionsTable = "docflow-connections"
	StateMachineName = "docflow-document"
	Cluster          = "docflow"
	TaskDefinition   = "docflow-process"
	QueriesTable     = "docflow-queries"
	QueriesQueue     = "docflow-queries"
	QueriesDLQ       = "docflow-queries-dlq"
	// KnowledgeBaseID and DataSourceID name the local knowledge base.
	KnowledgeBaseID = "DOCFLOWKB1"
	DataSourceID    = "DOCFLOWDS1"
	// ModelArn is the local extractive model's name (local/bedrock).
	ModelArn = "arn:aws:bedrock:us-east-1::foundation-model/docflow.local-extractive-v1"
)

// Config configures a local stack. The zero value serves on a random
// loopback port with everything in memory.
type Config struct {
	// Addr is the loopback address to serve on ("127.0.0.1:0" picks a port).
	Addr string
	// DataDir, if set, keeps state there across restarts: objects
	// (s3.db), the DynamoDB tables, queues (sqs/), the knowledge base
	// (bedrock/), Step Functions executions (sfn/) and the dev signing key
	// (devauth-key.pem).
	DataDir string
	// DynamoDBEndpoint, if set, is an external DynamoDB (e.g. DynamoDB
	// Local) used instead of the embedded one; its tables are created if
	// missing.
	DynamoDBEndpoint string
	// Stage is the WebSocket API stage name (default "local").
	Stage string
	// Log receives the stack's JSON logs (default os.Stderr).
	Log io.Writer
	// Env overrides variables of the functions' and the container's
	// environment (e.g. HEARTBEAT_INTERVAL), as template parameters would.
	Env map[string]string
	// Parameters overrides template parameters used by the definition's
	// substitutions (e.g. ProcessHeartbeatSeconds).
	Parameters map[string]string
	// QueueAttributes overrides attributes of the template's queues, by
	// logical id (e.g. {"QueriesQueue": {"VisibilityTimeout": "2"}}, so a
	// test sees a redelivery within seconds instead of the template's
	// 12 minutes).
	QueueAttributes map[string]map[string]string
	// IdleTimeout and MaxLifetime of WebSocket connections (API Gateway's
	// 10 minutes and 2 hours by default).
	IdleTimeout, MaxLifetime time.Duration
	// Limits throttle each connection's and each user's messages and cap
	// each user's connections (DefaultLimits for zero fields).
	Limits Limits
	// AllowedHosts are host names, besides loopback, the page's
	// config.json (which holds the dev token) is served for.
	AllowedHosts []string
	// Extractor turns a downloaded document into pages (default: the
	// processing engine, processor.Documents, with the container's limits).
	Extractor processor.Extractor
	// ShutdownGrace is how long Close lets running documents finish before
	// it stops their containers (default 10 s).
	ShutdownGrace time.Duration
}

// Endpoint is one service of the stack.
type Endpoint struct{ Name, URL string }

// Stack is a running local docflow.
type Stack struct {
	cfg       Config
	log       *slog.Logger
	ln        net.Listener
	srv       *http.Server
	base      string
	endpoints endpoints
	engine    *sfn.Engine
	smArn     string
	gw        *gateway
	ecs       *ecsService
	dynamo    *miniserver.Server
	issuer    *devauth.Issuer
	devToken  string
	done      chan struct{}

	// lambdas runs every Lambda task by function name, as the Lambda
	// service would (for the state machine; for an SQS poller).
	lambdas *lambda.Invoker
	// env and deps are what the functions were built from (fault tests
	// build a function again with a broken dependency).
	env  map[string]string
	deps task.Deps
	// sqs, its queues and pollers, and the knowledge base serve the
	// question path.
	sqs    *sqs.Service
	queues *queues
	kb     *bedrock.KnowledgeBase
	// kbScratch is the knowledge base's index directory when there is no
	// DataDir, removed by Close (see build).
	kbScratch string
	// objects is the S3 backend's file, closed last.
	objects io.Closer
}

// Start starts a stack and returns once every endpoint answers.
func Start(ctx context.Context, cfg Config) (*Stack, error) {
	if cfg.Addr == "" {
		cfg.Addr = "127.0.0.1:0"
	}
	if cfg.Stage == "" {
		cfg.Stage = DefaultStage
	}
	if cfg.Log == nil {
		cfg.Log = os.Stderr
	}
	if cfg.ShutdownGrace == 0 {
		cfg.ShutdownGrace = 10 * time.Second
	}
	// The functions log at LOG_LEVEL, as in AWS (template parameter LogLevel).
	var level slog.Level
	if v, ok := cfg.Env["LOG_LEVEL"]; ok {
		if err := level.UnmarshalText([]byte(v)); err != nil {
			return nil, fmt.Errorf("LOG_LEVEL=%q: %w", v, err)
		}
	}
	log := slog.New(slog.NewJSONHandler(cfg.Log, &slog.HandlerOptions{Level: level}))
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return nil, fmt.Errorf("listen on %s: %w", cfg.Addr, err)
	}
	base := "http://" + ln.Addr().String()
	s := &Stack{cfg: cfg, log: log, ln: ln, base: base, done: make(chan struct{})}
	s.endpoints = endpoints{
		DynamoDB:      base + "/dynamodb",
		S3:            base + "/s3",
		StepFunctions: base + "/stepfunctions",
		ECS:           base + "/ecs",
		Connections:   base + "/" + cfg.Stage,
		Issuer:        base,
		JWKS:          base + jwksPath,
	}
	// Where the SQS and Bedrock emulators are mounted.
	s.endpoints.SQS = base + "/sqs"
	s.endpoints.BedrockAgentRuntime = base + "/bedrock-agent-runtime"
	s.endpoints.BedrockAgent = base + "/bedrock-agent"
	if cfg.DynamoDBEndpoint != "" {
		s.endpoints.DynamoDB = cfg.DynamoDBEndpoint
	}
	if err := s.build(ctx); err != nil {
		ln.Close()
		s.release()
		return nil, err
	}
	return s, nil
}

func (s *Stack) build(ctx context.Context) error {
	cfg, log := s.cfg, s.log
	mux := http.NewServeMux()

	// S3: objects in memory, or in a bolt file under DataDir.
	backend, objects, err := s3Backend(cfg.DataDir)
	if err != nil {
		return err
	}
	s.objects = objects
	if err := backend.CreateBucket(Bucket); err != nil && !gofakes3.IsAlreadyExists(err) {
		return fmt.Errorf("create bucket: %w", err)
	}
	s3srv := gofakes3.New(backend, gofakes3.WithAutoBucket(false), gofakes3.WithLogger(gofakes3.DiscardLog()))
	// "/s3" too: the printed endpoint has no trailing slash, and a client
	// that lists buckets there (aws s3 ls --endpoint-url) must not get a
	// redirect.
	s3h := s3Auth(http.StripPrefix("/s3", rootPath(s3srv.Server())))
	mux.Handle("/s3/", s3h)
	mux.Handle("/s3", s3h)

	// SQS, and the knowledge base's two Bedrock APIs over the local S3.
	s.sqs, err = sqs.New(sqs.Config{Dir: serviceDir(cfg.DataDir, "sqs"), BaseURL: s.endpoints.SQS})
	if err != nil {
		return fmt.Errorf("sqs: %w", err)
	}
	queue := Signed("sqs", http.StripPrefix("/sqs", s.sqs))
	mux.Handle("/sqs", queue)
	mux.Handle("/sqs/", queue)
	kbDir := serviceDir(cfg.DataDir, "bedrock")
	if kbDir == "" {
		// Not in memory: scorch merges segments only on disk (its merger
		// runs on a persisted index), so an in-memory index keeps one
		// segment per ingestion call and every search visits them all; at
		// 100,000 chunks the first answerChunk took 38 ms p50 in memory
		// and 5 ms here (docs/bench-questions.md). The directory goes at
		// Close, so nothing outlives the stack either way.
		if kbDir, err = os.MkdirTemp("", "docflow-kb-"); err != nil {
			return fmt.Errorf("knowledge base: %w", err)
		}
		s.kbScratch = kbDir
	}
	s.kb, err = bedrock.Open(bedrock.Config{Dir: kbDir, Objects: s3Objects{backend},
		KnowledgeBaseID: KnowledgeBaseID, DataSourceID: DataSourceID})
	if err != nil {
		return fmt.Errorf("knowledge base: %w", err)
	}
	mux.Handle("/bedrock-agent/", Signed("bedrock", http.StripPrefix("/bedrock-agent", s.kb.AgentHandler())))
	mux.Handle("/bedrock-agent-runtime/", Signed("bedrock", http.StripPrefix("/bedrock-agent-runtime", s.kb.RuntimeHandler())))

	// DynamoDB: tables in memory, or journaled under DataDir.
	if cfg.DynamoDBEndpoint == "" {
		if s.dynamo, err = dynamoServer(cfg.DataDir); err != nil {
			return err
		}
		mux.Handle("/dynamodb", Signed("dynamodb", s.dynamo))
	}

	names := resourceNames{
		DocumentsTable: DocumentsTable, ConnectionsTable: ConnectionsTable, Bucket: Bucket,
		StateMachineArn: fmt.Sprintf("arn:aws:states:%s:%s:stateMachine:%s", Region, AccountID, StateMachineName),
		Cluster:         Cluster, TaskDefinition: TaskDefinition,
		QueriesTable:    QueriesTable,
		QueriesQueueURL: s.endpoints.SQS + "/" + AccountID + "/" + QueriesQueue,
		QueriesDLQArn:   fmt.Sprintf("arn:aws:sqs:%s:%s:%s", Region, AccountID, QueriesDLQ),
	}
	// Identity: a dev issuer whose key set the authorizer reads over HTTP,
	// as it reads a Cognito user pool's in AWS. With a data dir its key
	// outlives restarts, so tokens (the CLI's too) keep working.
	if cfg.DataDir == "" {
		s.issuer, err = devauth.New(s.endpoints.Issuer)
	} else {
		s.issuer, err = devauth.Load(s.endpoints.Issuer, filepath.Join(cfg.DataDir, devauthKeyFile))
	}
	if err != nil {
		return err
	}
	if s.devToken, err = s.issuer.Token(devauth.DevSubject, devauth.TokenLifetime); err != nil {
		return err
	}
	mux.Handle(jwksPath, s.issuer)
	mux.Handle(devTokenPath, devTokenHandler(s.issuer))

	env := environment(names, s.endpoints, cfg.Env)
	c := newClients(s.endpoints)
	deps := newDeps(s.endpoints, log)
	s.env, s.deps = env, deps
	f, err := newFunctions(env, deps, cfg.Extractor)
	if err != nil {
		return err
	}

	// Every Lambda function answers Invoke by its name, as in AWS, and the
	// invocations of Step Functions, the queues' pollers and the
	// WebSocket routes (which the gateway calls itself) share one
	// concurrency limit. The routes were unlimited while a subscribe that
	// ran late could miss its document's last frame (shared/api's
	// subscribe now reads the state after subscribing): 1,000
	// process_document messages at once then ran 1,000 route handlers,
	// their grown stacks and their connections to the stack's own
	// endpoints. Limited, the peak RSS of BenchmarkThousandDocuments went
	// from 382-395 to 343-350 MiB in alternated runs, CPU per document
	// no worse.
	invoker := lambda.NewLimitedInvoker(functionConcurrency * runtime.GOMAXPROCS(0))
	for name, h := range f.lambdas {
		invoker.Register(name, h)
	}
	s.lambdas = invoker
	// With a data dir, executions (history, timers, task tokens) survive
	// restarts, and the running ones go on.
	if s.engine, err = sfn.Open(sfn.Options{Invoker: invoker, Region: Region, AccountID: AccountID, Dir: serviceDir(cfg.DataDir, "sfn")}); err != nil {
		return err
	}
	states := Signed("states", s.engine.Handler())
	mux.Handle("/stepfunctions", states)
	mux.Handle("/stepfunctions/", states)

	s.ecs = newECS(Cluster, f.process, log)
	ecsAPI := Signed("ecs", s.ecs)
	mux.Handle("/ecs", ecsAPI)
	mux.Handle("/ecs/", ecsAPI)

	routes := make(map[string]Route, len(f.routes))
	for key, r := range f.routes {
		routes[key] = func(ctx context.Context, ev events.APIGatewayWebsocketProxyRequest) (resp events.APIGatewayProxyResponse, err error) {
			if lerr := invoker.Run(ctx, func() { resp, err = r(ctx, ev) }); lerr != nil {
				return events.APIGatewayProxyResponse{}, lerr
			}
			return resp, err
		}
	}
	authorizer := lambdaAuthorizer(f.authorize,
		fmt.Sprintf("arn:aws:execute-api:%s:%s:local/%s/$connect", Region, AccountID, cfg.Stage))
	s.gw = newGateway(cfg.Stage, routes, authorizer, cfg.IdleTimeout, cfg.MaxLifetime, cfg.Limits, log.With("component", "apigateway"))
	mux.Handle("/"+cfg.Stage+"/@connections/", Signed("execute-api", http.HandlerFunc(s.gw.connectionsAPI)))
	mux.Handle("/"+cfg.Stage, s.gw)

	mux.Handle("/", web.Handler(web.Config{
		WebSocketURL:   s.WebSocketURL(),
		Token:          s.devToken,
		OutputsBaseURL: s.endpoints.S3 + "/" + Bucket,
		AllowedHosts:   cfg.AllowedHosts,
	}))

	s.srv = &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		defer close(s.done)
		if err := s.srv.Serve(s.ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Error("serve", "error", err)
		}
	}()

	// Tables and the state machine, through the same APIs a deployment uses.
	if err := store.CreateTables(ctx, c.dynamo, DocumentsTable, ConnectionsTable); err != nil {
		return fmt.Errorf("create tables: %w", err)
	}
	if err := store.CreateQueriesTable(ctx, c.dynamo, QueriesTable); err != nil {
		return fmt.Errorf("create tables: %w", err)
	}
	subs, err := substitutions(docflow.Template, "DocumentStateMachine", lambdaARN, cfg.Parameters)
	if err != nil {
		return err
	}
	def, err := substitute(string(docflow.StateMachineDefinition), subs)
	if err != nil {
		return err
	}
	role := fmt.Sprintf("arn:aws:iam::%s:role/docflow-local", AccountID)
	sm, err := s.engine.CreateStateMachine(ctx, sfn.CreateStateMachineInput{
		Name: StateMachineName, Definition: def, Type: "STANDARD", RoleArn: role,
	})
	var exists *sfn.APIError
	if errors.As(err, &exists) && exists.Code == "StateMachineAlreadyExists" {
		// Kept from an earlier run with other parameters: update it, as a
		// deployment would; running executions keep their definition.
		sm, err = s.engine.UpdateStateMachine(ctx, names.StateMachineArn, def, role)
	}
	if err != nil {
		return fmt.Errorf("create state machine: %w", err)
	}
	s.smArn = sm.StateMachineArn

	// The queues and their event source mappings, from the template.
	sqsClient := awssqs.NewFromConfig(deps.Config(awssqs.ServiceID))
	if s.queues, err = startQueues(ctx, s.sqs, sqsClient, s.base, docflow.Template, cfg.Parameters, cfg.QueueAttributes, s.lambdas, log); err != nil {
		return err
	}
	return nil
}

// functionConcurrency is how many Lambda invocations run at once per core
// (lambda.NewLimitedInvoker says why there is a limit). The functions
// mostly wait on the stack's other services, so a core needs a few dozen
// to stay busy: with 1,000 documents at once on 2 cores, 64 in all used as
// much CPU per document as no limit at all, and the peak RSS fell by a
// quarter (BenchmarkThousandDocuments).
const functionConcurrency = 32

// devauthKeyFile holds the dev issuer's signing key inside Config.DataDir.
const devauthKeyFile = "devauth-key.pem"

// jwksPath is where the dev issuer publishes its keys (Cognito's path).
const jwksPath = "/.well-known/jwks.json"

// devTokenPath serves dev tokens for any subject to loopback callers
// (devtoken.go; `docflow token`).
const devTokenPath = "/dev/token"

// lambdaAuthorizer runs a Lambda REQUEST authorizer as API Gateway does: an
// "Unauthorized" failure is 401, any other failure 500, and an answer
// whose policy does not allow invoking methodArn is 403.
func lambdaAuthorizer(h func(context.Context, auth.Request) (events.APIGatewayCustomAuthorizerResponse, error), methodArn string) Authorizer {
	return func(ctx context.Context, req events.APIGatewayWebsocketProxyRequest) (string, map[string]any, error) {
		resp, err := h(ctx, auth.Request{
			Type: "REQUEST", MethodArn: methodArn,
			Headers: req.Headers, MultiValueHeaders: req.MultiValueHeaders,
			QueryStringParameters: req.QueryStringParameters, MultiValueQueryStringParameters: req.MultiValueQueryStringParameters,
			StageVariables: req.StageVariables, RequestContext: req.RequestContext,
		})
		switch {
		case err != nil && err.Error() == "Unauthorized":
			return "", nil, &AuthError{Status: http.StatusUnauthorized}
		case err != nil:
			return "", nil, &AuthError{Status: http.StatusInternalServerError}
		case !allows(resp.PolicyDocument, methodArn):
			return "", nil, &AuthError{Status: http.StatusForbidden}
		}
		return resp.PrincipalID, resp.Context, nil
	}
}

// allows reports whether policy lets its principal invoke methodArn:
// some Allow statement names it (or a wildcard prefix of it) and no Deny
// statement does.
func allows(policy events.APIGatewayCustomAuthorizerPolicy, methodArn string) bool {
	matches := func(st events.IAMPolicyStatement) bool {
		action := slices.ContainsFunc(st.Action, func(a string) bool { return a == "execute-api:Invoke" || a == "execute-api:*" || a == "*" })
		resource := slices.ContainsFunc(st.Resource, func(r string) bool {
			prefix, wild := strings.CutSuffix(r, "*")
			return r == methodArn || (wild && strings.HasPrefix(methodArn, prefix))
		})
		return action && resource
	}
	allowed := false
	for _, st := range policy.Statement {
		if !matches(st) {
			continue
		}
		if strings.EqualFold(st.Effect, "Deny") {
			return false
		}
		allowed = allowed || strings.EqualFold(st.Effect, "Allow")
	}
	return allowed
}

func lambdaARN(logicalID string) string {
	return fmt.Sprintf("arn:aws:lambda:%s:%s:function:%s", Region, AccountID, logicalID)
}

// s3Backend keeps objects in memory, or under dataDir when one is given;
// closing it releases the file (and its lock) for the next stack.
func s3Backend(dataDir string) (gofakes3.Backend, io.Closer, error) {
	if dataDir == "" {
		return s3mem.New(), io.NopCloser(nil), nil
	}
	if err := os.MkdirAll(dataDir, 0o755); err != nil {
		return nil, nil, err
	}
	file := filepath.Join(dataDir, "s3.db")
	// bolt waits forever for a file another process holds; a second stack
	// on the same directory should say so instead.
	db, err := bolt.Open(file, 0o600, &bolt.Options{Timeout: 2 * time.Second})
	if errors.Is(err, bolt.ErrTimeout) {
		return nil, nil, fmt.Errorf("open %s: another docflow stack is using %s", file, dataDir)
	}
	if err != nil {
		return nil, nil, fmt.Errorf("open %s: %w", file, err)
	}
	return s3bolt.New(db), db, nil
}

// dynamoServer keeps tables in memory, or under dataDir/dynamodb, where
// every acknowledged write survives a crash.
func dynamoServer(dataDir string) (*miniserver.Server, error) {
	if dataDir == "" {
		return miniserver.NewServer(), nil
	}
	return miniserver.Open(filepath.Join(dataDir, "dynamodb"))
}

func s3Error(w http.ResponseWriter, status int, code, message string) {
	w.Header().Set("Content-Type", "application/xml")
	w.WriteHeader(status)
	fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8"?><Error><Code>%s</Code><Message>%s</Message></Error>`, code, message)
}

// Endpoints lists the stack's services in the order serve prints them.
func (s *Stack) Endpoints() []Endpoint {
	eps := []Endpoint{
		{"websocket", s.WebSocketURL()},
		{"web", s.base + "/"},
		{"connections", s.endpoints.Connections},
		{"stepfunctions", s.endpoints.StepFunctions},
		{"s3", s.endpoints.S3},
		{"dynamodb", s.endpoints.DynamoDB},
		{"ecs", s.endpoints.ECS},
		{"sqs", s.endpoints.SQS},
		{"bedrock-agent-runtime", s.endpoints.BedrockAgentRuntime},
		{"bedrock-agent", s.endpoints.BedrockAgent},
		{"statemachine", s.smArn},
		// Resource names, for the aws CLI against the endpoints above.
		{"bucket", Bucket},
		{"documents-table", DocumentsTable},
		{"connections-table", ConnectionsTable},
		{"queries-table", QueriesTable},
		{"queries-queue", s.endpoints.SQS + "/" + AccountID + "/" + QueriesQueue},
		{"queries-dlq", s.endpoints.SQS + "/" + AccountID + "/" + QueriesDLQ},
		{"knowledge-base", KnowledgeBaseID},
		{"model", ModelArn},
	}
	if s.devToken != "" {
		eps = append(eps, Endpoint{"token", s.devToken})
	}
	return eps
}

// WebSocketURL is the client endpoint.
func (s *Stack) WebSocketURL() string {
	u, _ := url.Parse(s.base)
	u.Scheme = "ws"
	u.Path = "/" + s.cfg.Stage
	return u.String()
}

// DevToken is a ready token for the local stack, for the subject "dev".
func (s *Stack) DevToken() string { return s.devToken }

// Token issues a token for subject from the stack's dev issuer: another
// user, for trying what one owner may see of another's documents.
func (s *Stack) Token(subject string, ttl time.Duration) (string, error) {
	return s.issuer.Token(subject, ttl)
}

// ClientURL is the WebSocket URL with token as the query parameter a
// browser would use.
func (s *Stack) ClientURL(token string) string {
	return s.WebSocketURL() + "?" + auth.TokenParameter + "=" + url.QueryEscape(token)
}

// KillTasks kills every running processing container without warning (a
// SIGKILL, or a lost Fargate host) and returns their task ARNs: they stop
// heartbeating and never answer their task tokens, so their documents fail
// by heartbeat timeout.
func (s *Stack) KillTasks() []string { return s.ecs.kill() }

// StateMachineArn is the document state machine's ARN.
func (s *Stack) StateMachineArn() string { return s.smArn }

// KnowledgeBase is the stack's local Bedrock knowledge base (for faults,
// bedrock.KnowledgeBase.SetFaults).
func (s *Stack) KnowledgeBase() *bedrock.KnowledgeBase { return s.kb }

// Engine is the stack's Step Functions engine.
func (s *Stack) Engine() *sfn.Engine { return s.engine }

// Close shuts the stack down without losing in-flight work from the store:
// running documents get ShutdownGrace to finish; then their containers are
// stopped, which fails them with a recorded reason, before connections and
// the server close.
func (s *Stack) Close(ctx context.Context) error {
	grace, cancel := context.WithTimeout(ctx, s.cfg.ShutdownGrace)
	s.waitExecutions(grace)
	cancel()
	s.ecs.shutdown()
	s.waitExecutions(ctx) // the stopped containers' failures run through Fail
	s.queues.close()
	s.gw.closeAll()
	err := s.srv.Shutdown(ctx)
	<-s.done
	return errors.Join(err, s.release())
}

// release closes the services that hold files under DataDir (their locks
// let the next stack open them), whatever part of them started.
func (s *Stack) release() error {
	var err error
	if s.engine != nil {
		// Executions still running (ctx ended first) stop unrecorded and
		// go on at the next start on the same data dir.
		err = s.engine.Close()
	}
	if s.queues != nil {
		s.queues.close()
	} else if s.sqs != nil {
		err = s.sqs.Close()
	}
	if s.kb != nil {
		err = errors.Join(err, s.kb.Close())
	}
	if s.kbScratch != "" {
		err = errors.Join(err, os.RemoveAll(s.kbScratch))
	}
	if s.objects != nil {
		err = errors.Join(err, s.objects.Close())
	}
	if s.dynamo != nil {
		err = errors.Join(err, s.dynamo.Close())
	}
	return err
}

// waitExecutions waits until no execution is running or ctx ends.
func (s *Stack) waitExecutions(ctx context.Context) {
	running, err := s.engine.ListExecutions(ctx, s.smArn, sfn.StatusRunning)
	if err != nil {
		return
	}
	for _, x := range running {
		if _, err := s.engine.Wait(ctx, x.ExecutionArn); err != nil {
			return
		}
	}
}
