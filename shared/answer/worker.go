package answer

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/bedrockagentruntime"
	"github.com/aws/aws-sdk-go-v2/service/bedrockagentruntime/document"
	"github.com/aws/aws-sdk-go-v2/service/bedrockagentruntime/types"

	"docflow/shared/domain"
	"docflow/shared/progress"
	"docflow/shared/protocol"
)

// KnowledgeBase is the Bedrock agent runtime call the worker makes
// (*bedrockagentruntime.Client satisfies it).
type KnowledgeBase interface {
	RetrieveAndGenerateStream(ctx context.Context, in *bedrockagentruntime.RetrieveAndGenerateStreamInput, optFns ...func(*bedrockagentruntime.Options)) (*bedrockagentruntime.RetrieveAndGenerateStreamOutput, error)
}

var _ KnowledgeBase = (*bedrockagentruntime.Client)(nil)

// Stream is an answer being generated: events until the channel closes,
// then Err says whether it ended well. Close releases it.
// *bedrockagentruntime.RetrieveAndGenerateStreamEventStream satisfies it.
type Stream interface {
	Events() <-chan types.RetrieveAndGenerateStreamResponseOutput
	Err() error
	Close() error
}

// Generation is a started answer: Bedrock's session id and the stream.
type Generation struct {
	SessionID string
	Stream    Stream
}

// generateFunc starts an answer. The SDK's output keeps its stream in an
// unexported field, so tests substitute this seam rather than the client.
type generateFunc func(ctx context.Context, in *bedrockagentruntime.RetrieveAndGenerateStreamInput) (Generation, error)

// Records is what the worker needs of the queries table (store.Queries
// satisfies it).
type Records interface {
	Get(ctx context.Context, owner, id string) (domain.Query, error)
	MarkAnswering(ctx context.Context, owner, id string, attempt int) (domain.Query, bool, error)
	Complete(ctx context.Context, owner, id string, attempt, seq int, answer string, citations []domain.Citation, sessionID string) (domain.Query, bool, error)
	Fail(ctx context.Context, owner, id string, attempt int, code domain.Code, message string) (domain.Query, bool, error)
	PutSession(ctx context.Context, owner, sessionID string) error
}

// Sender sends one frame to one connection (progress.Publisher satisfies
// it; it returns progress.ErrGone for a connection that no longer exists).
type Sender interface {
	Send(ctx context.Context, connectionID string, v any) error
}

// Worker answers questions from the queries queue.
type Worker struct {
	cfg      Config
	generate generateFunc
	records  Records
	sender   Sender
	log      *slog.Logger
	// tick starts the flush clock; tests may stop time.
	tick func(d time.Duration) (<-chan time.Time, func())
	// margin is how long before the invocation's deadline generation
	// stops, so a last attempt can still record its failure and say so.
	margin time.Duration
}

// DefaultFinishMargin is the time kept back from the Lambda's deadline for
// recording and reporting an attempt that ran out of time.
const DefaultFinishMargin = 3 * time.Second

// NewWorker returns a worker that asks kb.
func NewWorker(cfg Config, kb KnowledgeBase, records Records, sender Sender, log *slog.Logger) *Worker {
	return newWorker(cfg, func(ctx context.Context, in *bedrockagentruntime.RetrieveAndGenerateStreamInput) (Generation, error) {
		out, err := kb.RetrieveAndGenerateStream(ctx, in)
		if err != nil {
			return Generation{}, err
		}
		return Generation{SessionID: aws.ToString(out.SessionId), Stream: out.GetStream()}, nil
	}, records, sender, log)
}

func newWorker(cfg Config, generate generateFunc, records Records, sender Sender, log *slog.Logger) *Worker {
	if cfg.MaxReceiveCount <= 0 {
		cfg.MaxReceiveCount = DefaultMaxReceiveCount
	}
	if cfg.FlushInterval <= 0 {
		cfg.FlushInterval = DefaultFlushInterval
	}
	if cfg.FlushBytes <= 0 {
		cfg.FlushBytes = DefaultFlushBytes
	}
	return &Worker{cfg: cfg, generate: generate, records: records, sender: sender, log: log,
		margin: DefaultFinishMargin,
		tick: func(d time.Duration) (<-chan time.Time, func()) {
			t := time.NewTicker(d)
			return t.C, t.Stop
		}}
}

// Handle serves one SQS event (the event source mapping uses batch size 1
// and ReportBatchItemFailures). A record that should be delivered again is
// reported in BatchItemFailures; every other record, answered or given up,
// is deleted. The error is always nil: one record's trouble must not make
// SQS redeliver the others.
func (w *Worker) Handle(ctx context.Context, ev events.SQSEvent) (events.SQSEventResponse, error) {
	var resp events.SQSEventResponse
	for _, rec := range ev.Records {
		var retry bool
		if rec.EventSourceARN != "" && rec.EventSourceARN == w.cfg.DeadLetterQueueARN {
			retry = w.dead(ctx, rec)
		} else {
			retry = w.answer(ctx, rec)
		}
		if retry {
			resp.BatchItemFailures = append(resp.BatchItemFailures, events.SQSBatchItemFailure{ItemIdentifier: rec.MessageId})
		}
	}
	return resp, nil
}

// attemptOf is the receive count of rec: 1 for the first delivery.
func attemptOf(rec events.SQSMessage) int {
	n, err := strconv.Atoi(rec.Attributes["ApproximateReceiveCount"])
	if err != nil || n < 1 {
		return 1
	}
	return n
}

// run is one attempt at one question.
type run struct {
	w       *Worker
	msg     Message
	attempt int
	log     *slog.Logger
	seq     int
	// gone is set once the connection is known to be gone: frames stop,
	// the answer is still recorded for get_answer.
	gone bool
}

// send puts the next frame of the attempt on the asker's connection. A
// missed frame is only logged: answerComplete carries the whole answer.
func (r *run) send(ctx context.Context, frame func(seq int) protocol.Frame) {
	r.seq++
	if r.gone {
		return
	}
	err := r.w.sender.Send(ctx, r.msg.ConnectionID, frame(r.seq))
	switch {
	case errors.Is(err, progress.ErrGone):
		r.gone = true
		r.log.InfoContext(ctx, "connection gone; answering for get_answer only")
	case err != nil:
		r.log.WarnContext(ctx, "answer frame not delivered", "seq", r.seq, "error", err)
	}
}

// answer handles one question record and reports whether SQS should
// deliver it again.
func (w *Worker) answer(ctx context.Context, rec events.SQSMessage) (retry bool) {
	msg, err := DecodeMessage(rec.Body)
	if err != nil {
		// Nobody can be told; redelivering would only fail again.
		w.log.ErrorContext(ctx, "dropped undecodable query message", "messageId", rec.MessageId, "error", err)
		return false
	}
	r := &run{w: w, msg: msg, attempt: attemptOf(rec)}
	r.log = w.log.With("queryId", msg.QueryID, "connectionId", msg.ConnectionID, "attempt", r.attempt)

	stored, ok, err := w.records.MarkAnswering(ctx, msg.Owner, msg.QueryID, r.attempt)
	switch {
	case domain.ErrorCode(err) == domain.CodeNotFound:
		r.log.WarnContext(ctx, "dropped query without a record")
		return false
	case err != nil:
		r.log.ErrorContext(ctx, "mark query answering", "error", err)
		return true
	case !ok:
		return r.repeat(ctx, stored)
	}
	r.log.InfoContext(ctx, "answering")

	genCtx := ctx
	if dl, ok := ctx.Deadline(); ok && time.Until(dl) > 2*w.margin {
		var cancel context.CancelFunc
		genCtx, cancel = context.WithDeadline(ctx, dl.Add(-w.margin))
		defer cancel()
	}
	answer, citations, sessionID, err := r.stream(genCtx)
	if err != nil {
		return r.failed(ctx, err)
	}
	if len(citations) == 0 {
		answer = NotFound
	}
	seq := r.seq + 1
	if _, ok, err := w.records.Complete(ctx, msg.Owner, msg.QueryID, r.attempt, seq, answer, citations, sessionID); err != nil {
		r.log.ErrorContext(ctx, "record answer", "error", err)
		return true
	} else if !ok {
		r.log.InfoContext(ctx, "a newer attempt owns the query; dropped this answer")
		return false
	}
	if sessionID != "" {
		if err := w.records.PutSession(ctx, msg.Owner, sessionID); err != nil {
			// Only follow-ups in this conversation suffer; the answer stands.
			r.log.WarnContext(ctx, "record session", "error", err)
		}
	}
	r.send(ctx, func(seq int) protocol.Frame {
		return protocol.AnswerCompleteFrame(msg.QueryID, r.attempt, seq, answer, citations, sessionID)
	})
	r.log.InfoContext(ctx, "answered", "citations", len(citations), "frames", r.seq, "notFound", answer == NotFound)
	return false
}

// repeat handles a delivery that may not answer: a finished question gets
// its final frame again (the attempt that finished it may have died before
// sending it), one a newer attempt owns is left to that attempt.
func (r *run) repeat(ctx context.Context, q domain.Query) bool {
	switch q.Status {
	case domain.QueryComplete:
		r.log.InfoContext(ctx, "query already answered; sent its answer again")
		r.attempt, r.seq = q.Attempt, q.Seq-1
		r.send(ctx, func(seq int) protocol.Frame {
			return protocol.AnswerCompleteFrame(q.ID, q.Attempt, seq, q.Answer, q.Citations, q.SessionID)
		})
	case domain.QueryFailed:
		r.log.InfoContext(ctx, "query already failed; sent its failure again")
		if !r.gone {
			r.sendFailed(ctx, q.Attempt, domain.Code(q.FailureCode), q.FailureMessage)
		}
	default:
		r.log.InfoContext(ctx, "a newer attempt owns the query", "ownerAttempt", q.Attempt)
	}
	return false
}

func (r *run) sendFailed(ctx context.Context, attempt int, code domain.Code, message string) {
	err := r.w.sender.Send(ctx, r.msg.ConnectionID, protocol.AnswerFailedFrame(r.msg.QueryID, attempt, code, message))
	if err != nil && !errors.Is(err, progress.ErrGone) {
		r.log.WarnContext(ctx, "answerFailed not delivered", "error", err)
	}
}

// failed decides what err means for the question: another attempt, or the
// end. It reports whether SQS should deliver the message again.
func (r *run) failed(ctx context.Context, err error) bool {
	retryable := Retryable(err) || errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled)
	if retryable && r.attempt < r.w.cfg.MaxReceiveCount {
		r.log.WarnContext(ctx, "answer failed; SQS will deliver the query again", "error", err)
		return true
	}
	code, message := describe(err, retryable)
	r.log.ErrorContext(ctx, "answer failed for good", "code", code, "retryable", retryable, "error", err)
	// The Lambda's own context may be what ran out; the record and the
	// frame still deserve a moment.
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	return r.end(ctx, code, message)
}

// end records the question as failed at this attempt and tells the asker.
func (r *run) end(ctx context.Context, code domain.Code, message string) bool {
	_, ok, err := r.w.records.Fail(ctx, r.msg.Owner, r.msg.QueryID, r.attempt, code, message)
	switch {
	case domain.ErrorCode(err) == domain.CodeNotFound:
		return false
	case err != nil:
		r.log.ErrorContext(ctx, "record failed query", "error", err)
		return true
	case !ok:
		r.log.InfoContext(ctx, "query finished or owned by a newer attempt; not failed")
		return false
	}
	r.sendFailed(ctx, r.attempt, code, message)
	return false
}

// dead ends a question whose message reached the dead-letter queue: its
// last attempt died or timed out without recording anything final.
func (w *Worker) dead(ctx context.Context, rec events.SQSMessage) (retry bool) {
	msg, err := DecodeMessage(rec.Body)
	if err != nil {
		w.log.ErrorContext(ctx, "dropped undecodable dead query message", "messageId", rec.MessageId, "error", err)
		return false
	}
	r := &run{w: w, msg: msg}
	q, err := w.records.Get(ctx, msg.Owner, msg.QueryID)
	switch {
	case domain.ErrorCode(err) == domain.CodeNotFound:
		return false
	case err != nil:
		w.log.ErrorContext(ctx, "read dead query", "queryId", msg.QueryID, "error", err)
		return true
	case q.Status.Terminal():
		return false
	}
	r.attempt = max(q.Attempt, 1)
	r.log = w.log.With("queryId", msg.QueryID, "connectionId", msg.ConnectionID, "attempt", r.attempt)
	r.log.ErrorContext(ctx, "query reached the dead-letter queue")
	return r.end(ctx, domain.CodeUnavailable, deadSentence)
}

// The sentences of answerFailed.
const (
	deadSentence        = "The answer could not be finished after several tries; please ask again."
	unavailableSentence = "The answer could not be made right now; please ask again in a moment."
	refusedSentence     = "The question could not be answered as asked; please rephrase it or ask without a conversation."
	setupSentence       = "Questions cannot be answered right now because the service is not set up correctly; the operators have been told."
)

// describe turns a final error into answerFailed's code and sentence.
func describe(err error, retryable bool) (domain.Code, string) {
	if retryable {
		return domain.CodeUnavailable, unavailableSentence
	}
	switch apiCode(err) {
	case "ValidationException", "ConflictException":
		return domain.CodeInvalidField, refusedSentence
	}
	return domain.CodeInternal, setupSentence
}

// stream runs the generation and pushes its text as it comes. It returns
// the whole answer, the owner-verified citations and the session id.
func (r *run) stream(ctx context.Context) (string, []domain.Citation, string, error) {
	gen, err := r.w.generate(ctx, r.w.input(r.msg))
	if err != nil {
		return "", nil, "", fmt.Errorf("retrieve and generate: %w", err)
	}
	defer gen.Stream.Close()
	var whole, pending strings.Builder
	cites := citations{owner: r.msg.Owner, documents: r.msg.DocumentIDs, log: r.log}
	flush := func() {
		for _, piece := range split(pending.String(), MaxChunkBytes) {
			r.send(ctx, func(seq int) protocol.Frame {
				return protocol.AnswerChunkFrame(r.msg.QueryID, r.attempt, seq, piece)
			})
		}
		pending.Reset()
	}
	ticks, stop := r.w.tick(r.w.cfg.FlushInterval)
	defer stop()
	events := gen.Stream.Events()
	for events != nil {
		select {
		case ev, ok := <-events:
			if !ok {
				events = nil
				break
			}
			switch ev := ev.(type) {
			case *types.RetrieveAndGenerateStreamResponseOutputMemberOutput:
				text := aws.ToString(ev.Value.Text)
				whole.WriteString(text)
				pending.WriteString(text)
				if pending.Len() >= r.w.cfg.FlushBytes {
					flush()
				}
			case *types.RetrieveAndGenerateStreamResponseOutputMemberCitation:
				cites.add(ctx, ev.Value)
			}
		case <-ticks:
			if pending.Len() > 0 {
				flush()
			}
		case <-ctx.Done():
			return "", nil, "", fmt.Errorf("stream answer: %w", ctx.Err())
		}
	}
	if err := gen.Stream.Err(); err != nil {
		return "", nil, "", fmt.Errorf("stream answer: %w", err)
	}
	flush()
	return whole.String(), cites.list, gen.SessionID, nil
}

// input is the RetrieveAndGenerateStream request for msg: the knowledge
// base and model of the deployment, retrieval filtered to the asker's own
// documents (and to the asked ones), the conversation when continuing one.
func (w *Worker) input(msg Message) *bedrockagentruntime.RetrieveAndGenerateStreamInput {
	var filter types.RetrievalFilter = &types.RetrievalFilterMemberEquals{Value: types.FilterAttribute{
		Key: aws.String("owner"), Value: document.NewLazyDocument(msg.Owner),
	}}
	if len(msg.DocumentIDs) > 0 {
		filter = &types.RetrievalFilterMemberAndAll{Value: []types.RetrievalFilter{
			filter,
			&types.RetrievalFilterMemberIn{Value: types.FilterAttribute{
				Key: aws.String("documentId"), Value: document.NewLazyDocument(msg.DocumentIDs),
			}},
		}}
	}
	in := &bedrockagentruntime.RetrieveAndGenerateStreamInput{
		Input: &types.RetrieveAndGenerateInput{Text: aws.String(msg.Query)},
		RetrieveAndGenerateConfiguration: &types.RetrieveAndGenerateConfiguration{
			Type: types.RetrieveAndGenerateTypeKnowledgeBase,
			KnowledgeBaseConfiguration: &types.KnowledgeBaseRetrieveAndGenerateConfiguration{
				KnowledgeBaseId: aws.String(w.cfg.KnowledgeBaseID),
				ModelArn:        aws.String(w.cfg.ModelArn),
				RetrievalConfiguration: &types.KnowledgeBaseRetrievalConfiguration{
					VectorSearchConfiguration: &types.KnowledgeBaseVectorSearchConfiguration{Filter: filter},
				},
			},
		},
	}
	if msg.SessionID != "" {
		in.SessionId = aws.String(msg.SessionID)
	}
	return in
}

// split cuts s into pieces of at most n bytes without splitting a rune.
func split(s string, n int) []string {
	var out []string
	for len(s) > n {
		cut := n
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		out = append(out, s[:cut])
		s = s[cut:]
	}
	if s != "" {
		out = append(out, s)
	}
	return out
}
