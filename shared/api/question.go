package api

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/sqs"

	"docflow/shared/domain"
	"docflow/shared/protocol"
	"docflow/shared/question"
)

// DefaultOutputURLTTL is how long a get_output_url URL stays valid unless
// configured otherwise (OUTPUT_URL_TTL): long enough to start a download,
// short enough that a leaked URL is soon worthless.
const DefaultOutputURLTTL = 5 * time.Minute

// notQueued is answerFailed's sentence for a question that never reached
// the queue.
const notQueued = "The question could not be queued right now; please try again."

// invoke queues a question and answers queryAccepted; the answer frames
// come from the worker (package answer). Nothing slow happens here: a
// WebSocket integration is cut at 29 s.
//
// The question is idempotent per (owner, query_id): the queued record is
// written conditionally first, and a question that exists already is
// accepted again without a second message. Every document_id must be the
// caller's own (another user's reads as a missing one), and a session_id
// must be a conversation of the caller's.
func (m *Message) invoke(ctx context.Context, c *caller, r protocol.Invoke) ([]any, error) {
	if r.SessionID != "" {
		ok, err := m.queries.HasSession(ctx, c.owner, r.SessionID)
		if err != nil {
			return nil, fmt.Errorf("check session: %w", err)
		}
		if !ok {
			return nil, domain.Errorf(domain.CodeNotFound, "No such conversation; ask without session_id to start one.")
		}
	}
	for _, id := range r.DocumentIDs {
		if _, err := m.document(ctx, c, id); err != nil {
			return nil, err
		}
	}
	id := r.QueryID
	if id == "" {
		id = m.newID()
	}
	log := c.log.With("queryId", id)
	now := m.now().UTC()
	q, created, err := m.queries.PutQueued(ctx, domain.Query{Owner: c.owner, ID: id, CreatedAt: now})
	if err != nil {
		return nil, fmt.Errorf("queue query %s: %w", id, err)
	}
	if !created {
		log.InfoContext(ctx, "repeated invoke; query already accepted", "status", q.Status)
		return []any{protocol.QueryAcceptedFrame(id)}, nil
	}
	// queryAccepted goes out before the message does: once the message is
	// queued the worker may post the answer's first frames at any moment,
	// and a client must see queryAccepted first (the protocol's order).
	m.send(ctx, *c, protocol.QueryAcceptedFrame(id))
	body, err := question.Message{
		QueryID: id, Owner: c.owner, ConnectionID: c.connectionID, Query: r.Query,
		DocumentIDs: r.DocumentIDs, SessionID: r.SessionID, AcceptedAt: now,
	}.Encode()
	if err == nil {
		_, err = m.queue.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: aws.String(m.cfg.QueueURL), MessageBody: aws.String(body)})
	}
	if err != nil {
		log.ErrorContext(ctx, "send query", "error", err)
		// Without the message nobody answers the record; forget it so the
		// client's retry with the same query_id queues it again.
		if derr := m.queries.DeleteQueued(ctx, c.owner, id); derr != nil {
			log.ErrorContext(ctx, "forget unqueued query", "error", derr)
		}
		// The client was told queryAccepted: end that query as failed (no
		// attempt was made, so attempt 0); the same query_id may be sent again.
		return []any{protocol.AnswerFailedFrame(id, 0, domain.CodeUnavailable, notQueued)}, nil
	}
	// Never log the query: it is the user's text.
	log.InfoContext(ctx, "query accepted", "documents", len(r.DocumentIDs), "followUp", r.SessionID != "")
	return nil, nil
}

// getOutputURL presigns a GET of one output of the caller's own document.
// The key comes from the document's recorded summary (what processing
// wrote), never from the client.
func (m *Message) getOutputURL(ctx context.Context, c *caller, r protocol.GetOutputURL) ([]any, error) {
	doc, err := m.document(ctx, c, r.DocumentID)
	if err != nil {
		return nil, err
	}
	var key string
	if s := doc.Summary; s != nil {
		key = map[string]string{protocol.OutputText: s.TextKey, protocol.OutputChunks: s.ChunksKey, protocol.OutputManifest: s.ManifestKey}[r.Output]
	}
	if key == "" || !strings.HasPrefix(key, domain.ProcessedKey(doc.ID, "")) {
		return nil, domain.Errorf(domain.CodeConflict, "The document has no %s output yet; ask again when its processing is complete.", r.Output)
	}
	log := c.log.With("documentId", doc.ID)
	signed, err := m.uploads.PresignGetObject(ctx, &s3.GetObjectInput{
		Bucket: aws.String(m.cfg.Bucket),
		Key:    aws.String(key),
	}, s3.WithPresignExpires(m.cfg.OutputURLTTL))
	if err != nil {
		log.ErrorContext(ctx, "presign output", "error", err)
		return nil, domain.Errorf(domain.CodeUnavailable, "An output URL could not be made right now; please try again.")
	}
	// Never log signed.URL: it is a credential until it expires.
	log.InfoContext(ctx, "issued output url", "output", r.Output)
	return []any{protocol.OutputURLFrame(signed.URL, m.now().Add(m.cfg.OutputURLTTL))}, nil
}
