package api

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/aws-sdk-go-v2/service/sfn"
	sfntypes "github.com/aws/aws-sdk-go-v2/service/sfn/types"
	"github.com/google/uuid"

	"docflow/shared/domain"
	"docflow/shared/progress"
	"docflow/shared/protocol"
	"docflow/shared/workflow"
)

// QueuedMessage is the message a document carries between process_document
// and its first stage.
const QueuedMessage = "Waiting for processing to start..."

// DefaultUploadURLTTL is how long an upload URL stays valid unless
// configured otherwise (UPLOAD_URL_TTL).
const DefaultUploadURLTTL = 5 * time.Minute

// MaxUploadURLTTL is the longest UPLOAD_URL_TTL allowed: an upload URL is a
// credential for whoever holds it, so it must die soon.
const MaxUploadURLTTL = time.Hour

// MessageConfig is what Message needs to know about its deployment.
type MessageConfig struct {
	// Bucket is the documents bucket: uploads go there, and a
	// process_document that names another bucket is refused.
	Bucket string
	// StateMachineArn is the document state machine.
	StateMachineArn string
	// UploadURLTTL is how long an upload URL is valid.
	UploadURLTTL time.Duration
	// MaxUploadBytes is the largest upload get_upload_url grants.
	MaxUploadBytes int64
	// QueueURL is the queries queue invoke sends questions to.
	QueueURL string
	// OutputURLTTL is how long a get_output_url URL is valid.
	OutputURLTTL time.Duration
}

// Message handles $default: every client action. It always answers API
// Gateway with 200 and puts the real answer (or an error frame) on the
// caller's connection, because a non-2xx answer makes API Gateway send its
// own opaque error to the client instead of ours.
type Message struct {
	cfg     MessageConfig
	parser  protocol.Parser
	store   MessageStore
	sender  Sender
	exec    Executions
	uploads Uploads
	queries QueryStore
	queue   Queue
	log     *slog.Logger
	now     func() time.Time
	newID   func() string
}

// NewMessage returns the $default handler. queries and queue serve the
// question actions (store.Queries and *sqs.Client in main).
func NewMessage(cfg MessageConfig, store MessageStore, sender Sender, exec Executions, uploads Uploads, queries QueryStore, queue Queue, log *slog.Logger) *Message {
	if cfg.UploadURLTTL <= 0 {
		cfg.UploadURLTTL = DefaultUploadURLTTL
	}
	if cfg.OutputURLTTL <= 0 {
		cfg.OutputURLTTL = DefaultOutputURLTTL
	}
	if cfg.MaxUploadBytes <= 0 {
		cfg.MaxUploadBytes = protocol.DefaultMaxUploadBytes
	}
	return &Message{
		cfg:     cfg,
		parser:  protocol.Parser{MaxUploadBytes: cfg.MaxUploadBytes},
		store:   store,
		sender:  sender,
		exec:    exec,
		uploads: uploads,
		queries: queries,
		queue:   queue,
		log:     log,
		now:     time.Now,
		newID:   uuid.NewString, // random (v4), lowercase: what workflow.ValidDocumentID expects
	}
}

// caller is who sent a message and where the answers go.
type caller struct {
	connectionID string
	owner        string
	log          *slog.Logger
}

// Handle serves one client message.
func (m *Message) Handle(ctx context.Context, req events.APIGatewayWebsocketProxyRequest) (events.APIGatewayProxyResponse, error) {
	c := caller{connectionID: req.RequestContext.ConnectionID}
	c.log = m.log.With("connectionId", c.connectionID)

	body, err := messageBody(req)
	var r protocol.Request
	if err == nil {
		r, err = m.parser.Parse(body)
	}
	if err != nil {
		action := protocol.ActionOf(body)
		c.log.InfoContext(ctx, "refused message", "code", domain.ErrorCode(err), "requestAction", action)
		m.send(ctx, c, protocol.ErrorFrame(err, action))
		return status(http.StatusOK), nil
	}

	frames, err := m.serve(ctx, &c, req, r)
	if err != nil {
		code := domain.ErrorCode(err)
		if code == domain.CodeInternal || code == domain.CodeUnavailable {
			c.log.ErrorContext(ctx, "request failed", "requestAction", r.Action(), "code", code, "error", err)
		} else {
			c.log.InfoContext(ctx, "refused request", "requestAction", r.Action(), "code", code, "reason", domain.ErrorMessage(err))
		}
		frames = append(frames, protocol.ErrorFrame(err, r.Action()))
	} else {
		c.log.DebugContext(ctx, "served request", "requestAction", r.Action())
	}
	m.send(ctx, c, frames...)
	return status(http.StatusOK), nil
}

// messageBody returns the client's message; binary WebSocket frames arrive
// base64-encoded.
func messageBody(req events.APIGatewayWebsocketProxyRequest) ([]byte, error) {
	if !req.IsBase64Encoded {
		return []byte(req.Body), nil
	}
	if base64.StdEncoding.DecodedLen(len(req.Body)) > protocol.MaxMessageBytes+3 {
		return nil, domain.Errorf(domain.CodeTooLarge, "The message is larger than %d KB.", protocol.MaxMessageBytes>>10)
	}
	b, err := base64.StdEncoding.DecodeString(req.Body)
	if err != nil {
		return nil, domain.Errorf(domain.CodeInvalidMessage, "The message is not valid JSON.")
	}
	return b, nil
}

// serve dispatches one parsed request and returns the frames that answer it.
// Frames returned together with an error are sent before the error frame.
func (m *Message) serve(ctx context.Context, c *caller, req events.APIGatewayWebsocketProxyRequest, r protocol.Request) ([]any, error) {
	if _, ok := r.(protocol.Ping); ok {
		return []any{protocol.PongFrame()}, nil
	}
	owner, err := Owner(req)
	if err != nil {
		return nil, err
	}
	c.owner = owner
	switch r := r.(type) {
	case protocol.GetUploadURL:
		return m.getUploadURL(ctx, c, r)
	case protocol.ProcessDocument:
		return m.processDocument(ctx, c, r)
	case protocol.Subscribe:
		return m.subscribe(ctx, c, r.DocumentID)
	case protocol.GetStatus:
		doc, err := m.document(ctx, c, r.DocumentID)
		if err != nil {
			return nil, err
		}
		return []any{protocol.DocumentStatusFrame(doc)}, nil
	case protocol.ListDocuments:
		docs, cursor, err := m.store.ListDocuments(ctx, c.owner, r.Limit, r.Cursor)
		if err != nil {
			return nil, fmt.Errorf("list documents: %w", err)
		}
		return []any{protocol.DocumentListFrame(docs, cursor)}, nil
	case protocol.GetOutputURL:
		return m.getOutputURL(ctx, c, r)
	case protocol.Invoke:
		return m.invoke(ctx, c, r)
	case protocol.GetAnswer:
		q, err := m.queries.Get(ctx, c.owner, r.QueryID)
		if err != nil {
			return nil, fmt.Errorf("get query %s: %w", r.QueryID, err)
		}
		return []any{protocol.AnswerStatusFrame(q)}, nil
	}
	return nil, fmt.Errorf("no handler for action %q", r.Action())
}

// authorize decides whether caller may act on a document owned by owner.
// It is the one place owner checks belong. Another owner's document is
// answered exactly as a missing one, so ids and keys reveal nothing.
func authorize(caller, owner string) error {
	if caller == "" || caller != owner {
		return domain.NoSuchDocument()
	}
	return nil
}

// writeOnce is the If-None-Match value that makes a PUT create only.
const writeOnce = "*"

func (m *Message) getUploadURL(ctx context.Context, c *caller, r protocol.GetUploadURL) ([]any, error) {
	id := m.newID()
	key := domain.UploadKey(c.owner, id, r.DocumentName)
	log := c.log.With("documentId", id)
	// ContentType and ContentLength are signed, so S3 refuses an upload
	// of another type or size than the client declared; so is
	// If-None-Match: *, an S3 conditional write, so the URL writes once:
	// replayed within its lifetime it gets 412 instead of overwriting an
	// upload that may already be processed.
	signed, err := m.uploads.PresignPutObject(ctx, &s3.PutObjectInput{
		Bucket:        aws.String(m.cfg.Bucket),
		Key:           aws.String(key),
		ContentType:   aws.String(r.ContentType),
		ContentLength: aws.Int64(r.Size),
		IfNoneMatch:   aws.String(writeOnce),
	}, s3.WithPresignExpires(m.cfg.UploadURLTTL))
	if err != nil {
		log.ErrorContext(ctx, "presign upload", "error", err)
		return nil, domain.Errorf(domain.CodeUnavailable, "An upload URL could not be made right now; please try again.")
	}
	method := signed.Method
	if method == "" {
		method = http.MethodPut
	}
	// Never log signed.URL: it is a credential until it expires.
	log.InfoContext(ctx, "issued upload url", "size", r.Size, "contentType", r.ContentType)
	return []any{protocol.UploadURLFrame(protocol.UploadURL{
		DocumentID:  id,
		URL:         signed.URL,
		Method:      method,
		Headers:     map[string]string{"Content-Type": r.ContentType, "If-None-Match": writeOnce},
		DocumentKey: key,
		Bucket:      m.cfg.Bucket,
		ExpiresAt:   m.now().Add(m.cfg.UploadURLTTL),
	})}, nil
}

func (m *Message) processDocument(ctx context.Context, c *caller, r protocol.ProcessDocument) ([]any, error) {
	if r.Bucket != "" && r.Bucket != m.cfg.Bucket {
		return nil, domain.Errorf(domain.CodeInvalidField, "bucket is not this service's documents bucket.")
	}
	id := r.Key.DocumentID
	log := c.log.With("documentId", id)
	if err := authorize(c.owner, r.Key.Owner); err != nil {
		return nil, err
	}
	// Only an upload that arrived may start a run: a key never uploaded
	// would otherwise cost an execution and a container to find out.
	if err := m.uploaded(ctx, log, r.DocumentKey); err != nil {
		return nil, err
	}
	now := m.now().UTC()
	doc, created, err := m.store.CreateDocument(ctx, domain.Document{
		ID:        id,
		Owner:     c.owner,
		Name:      r.DocumentName,
		Bucket:    m.cfg.Bucket,
		Key:       r.DocumentKey,
		Status:    domain.StatusQueued,
		Stage:     domain.StageQueued,
		Message:   QueuedMessage,
		CreatedAt: now,
		UpdatedAt: now,
	})
	if err != nil {
		return nil, fmt.Errorf("create document %s: %w", id, err)
	}
	if !created {
		if err := authorize(c.owner, doc.Owner); err != nil {
			return nil, err
		}
		// The id in a key is issued once, for one name; another key with
		// the same id is not the document that was submitted.
		if doc.Key != r.DocumentKey {
			return nil, domain.Errorf(domain.CodeConflict, "document_key names a document that was submitted with a different key.")
		}
	}
	// Subscribe before starting, so the first stage's frame finds us.
	if err := m.store.Subscribe(ctx, c.connectionID, id); err != nil {
		return nil, fmt.Errorf("subscribe %s to %s: %w", c.connectionID, id, err)
	}
	if !created {
		// A document already under way may have moved on, and published
		// to nobody here, between the read above and the subscription
		// (see subscribe): the state to show is the one read after it.
		if doc, err = m.store.GetDocument(ctx, id); err != nil {
			return nil, fmt.Errorf("get document %s: %w", id, err)
		}
	}
	arn, err := m.start(ctx, log, doc)
	if err != nil {
		return nil, err
	}
	log.InfoContext(ctx, "processing started", "executionArn", arn, "created", created)
	frames := []any{protocol.ProcessingStartedFrame(id, arn)}
	if doc.Seq > 0 {
		// A repeated request for a document already under way: show the
		// sender where it is instead of making it wait for the next frame.
		frames = append(frames, progress.FrameFor(doc))
	}
	return frames, nil
}

// uploaded checks that key is in the bucket.
func (m *Message) uploaded(ctx context.Context, log *slog.Logger, key string) error {
	_, err := m.uploads.HeadObject(ctx, &s3.HeadObjectInput{Bucket: aws.String(m.cfg.Bucket), Key: aws.String(key)})
	if err == nil {
		return nil
	}
	var re *awshttp.ResponseError
	if _, ok := errors.AsType[*s3types.NotFound](err); ok || (errors.As(err, &re) && re.HTTPStatusCode() == http.StatusNotFound) {
		return domain.Errorf(domain.CodeNotFound, "Nothing was uploaded under document_key; upload the file with the URL from get_upload_url first.")
	}
	log.ErrorContext(ctx, "check upload", "error", err)
	return domain.Errorf(domain.CodeUnavailable, "The upload could not be checked right now; please try again.")
}

// start starts doc's execution once and returns its ARN. The execution is
// named by the document id, so a second start (a retried request, two tabs)
// cannot make a second run: Step Functions refuses it with
// ExecutionAlreadyExists, and the existing run's ARN follows from the name.
func (m *Message) start(ctx context.Context, log *slog.Logger, doc domain.Document) (string, error) {
	if doc.ExecutionArn != "" {
		return doc.ExecutionArn, nil
	}
	name, err := workflow.ExecutionName(doc.ID)
	if err != nil {
		return "", fmt.Errorf("start document %s: %w", doc.ID, err)
	}
	input, err := json.Marshal(workflow.Input{
		DocumentID:   doc.ID,
		DocumentName: doc.Name,
		Bucket:       doc.Bucket,
		DocumentKey:  doc.Key,
		Owner:        doc.Owner,
		// The document's creation, not this request's time: the same
		// document then always has the same input, and Step Functions
		// answers a repeated start of a running execution with its ARN.
		RequestedAt: doc.CreatedAt.UTC().Format(time.RFC3339Nano),
	})
	if err != nil {
		return "", fmt.Errorf("encode input of %s: %w", doc.ID, err)
	}
	var arn string
	out, err := m.exec.StartExecution(ctx, &sfn.StartExecutionInput{
		StateMachineArn: aws.String(m.cfg.StateMachineArn),
		Name:            aws.String(name),
		Input:           aws.String(string(input)),
	})
	switch _, exists := errors.AsType[*sfntypes.ExecutionAlreadyExists](err); {
	case err == nil:
		arn = aws.ToString(out.ExecutionArn)
	case exists:
		arn = ExecutionArn(m.cfg.StateMachineArn, name)
		log.InfoContext(ctx, "execution already exists", "executionArn", arn)
	default:
		log.ErrorContext(ctx, "start execution", "error", err)
		return "", domain.Errorf(domain.CodeUnavailable, "Processing could not be started right now; please try again.")
	}
	// The run has started whatever happens next; a lost ARN only costs a
	// lookup later (it can be derived from the name), so don't fail on it.
	if err := m.store.SetExecutionArn(ctx, doc.ID, arn); err != nil {
		log.WarnContext(ctx, "record execution arn", "executionArn", arn, "error", err)
	}
	return arn, nil
}

// ExecutionArn is the ARN Step Functions gives the execution called name of
// the state machine stateMachineArn.
func ExecutionArn(stateMachineArn, name string) string {
	return strings.Replace(stateMachineArn, ":stateMachine:", ":execution:", 1) + ":" + name
}

// subscribe answers with the document's state as read after the
// subscription is stored. A frame published before that went to nobody
// on this connection, and the first read (which checks the owner) may be
// older than it: answering with that read left a client that subscribed
// as the last frame went out at, say, 80 % for ever. Read after, the
// answer is at least as new as every frame the connection missed, and
// every later frame finds the subscription (a frame may also come twice;
// clients drop repeated seq).
func (m *Message) subscribe(ctx context.Context, c *caller, id string) ([]any, error) {
	if _, err := m.document(ctx, c, id); err != nil {
		return nil, err
	}
	if err := m.store.Subscribe(ctx, c.connectionID, id); err != nil {
		return nil, fmt.Errorf("subscribe %s to %s: %w", c.connectionID, id, err)
	}
	doc, err := m.store.GetDocument(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("get document %s: %w", id, err)
	}
	c.log.InfoContext(ctx, "subscribed", "documentId", id)
	return []any{protocol.DocumentStatusFrame(doc)}, nil
}

// document returns a document the caller may see.
func (m *Message) document(ctx context.Context, c *caller, id string) (domain.Document, error) {
	doc, err := m.store.GetDocument(ctx, id)
	if err != nil {
		return domain.Document{}, fmt.Errorf("get document %s: %w", id, err)
	}
	if err := authorize(c.owner, doc.Owner); err != nil {
		return domain.Document{}, err
	}
	return doc, nil
}

// send puts frames on the caller's connection in order. A failed send is
// logged, not retried: the connection is most likely gone (the publisher
// then forgets it), and the remaining frames would fail the same way.
func (m *Message) send(ctx context.Context, c caller, frames ...any) {
	for _, f := range frames {
		if err := m.sender.Send(ctx, c.connectionID, f); err != nil {
			c.log.WarnContext(ctx, "answer client", "error", err)
			return
		}
	}
}
