package progress

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net/http/httptrace"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/apigatewaymanagementapi"
	"github.com/aws/aws-sdk-go-v2/service/apigatewaymanagementapi/types"

	"docflow/shared/domain"
)

// Poster is the API Gateway Management API call the publisher makes.
type Poster interface {
	PostToConnection(ctx context.Context, in *apigatewaymanagementapi.PostToConnectionInput, optFns ...func(*apigatewaymanagementapi.Options)) (*apigatewaymanagementapi.PostToConnectionOutput, error)
}

var _ Poster = (*apigatewaymanagementapi.Client)(nil)

// Subscriptions finds who listens to a document and forgets connections
// that are gone; the store satisfies it.
type Subscriptions interface {
	Subscribers(ctx context.Context, documentID string) ([]string, error)
	DeleteConnection(ctx context.Context, id string) error
}

// ErrGone is what Send returns when the connection no longer exists (410);
// the publisher has then already forgotten it.
var ErrGone = errors.New("connection is gone")

// Defaults of the publisher's limits.
const (
	// DefaultConcurrency bounds the posts one Publish has in flight.
	DefaultConcurrency = 16
	// DefaultSendTimeout bounds how long one PostToConnection attempt
	// waits for its answer once the request is sent: a backstop for an
	// endpoint that never answers. It is well above what the endpoint
	// takes to answer for itself (a live connection gets the frame, or the
	// post fails, within the endpoint's own bounds), so that a post the
	// caller gave up on is one that failed, not one delivered late.
	DefaultSendTimeout = 15 * time.Second
	// DefaultAttempts bounds the tries of a throttled (429) post.
	DefaultAttempts = 4
	// DefaultBackoff is the first retry's delay ceiling; it doubles per try
	// up to DefaultMaxBackoff, and the delay is drawn below it (full jitter).
	DefaultBackoff    = 50 * time.Millisecond
	DefaultMaxBackoff = time.Second
)

// Publisher pushes frames to WebSocket connections through @connections.
type Publisher struct {
	poster      Poster
	subs        Subscriptions
	log         *slog.Logger
	concurrency int
	sendTimeout time.Duration
	attempts    int
	backoff     time.Duration
	maxBackoff  time.Duration
	// sleep waits d or until ctx ends; jitter draws a delay in [0, d].
	sleep  func(ctx context.Context, d time.Duration) error
	jitter func(d time.Duration) time.Duration
}

// Option changes one of a Publisher's default limits.
type Option func(*Publisher)

// WithSendTimeout sets how long an attempt waits for its answer once sent
// (DefaultSendTimeout otherwise).
func WithSendTimeout(d time.Duration) Option { return func(p *Publisher) { p.sendTimeout = d } }

// NewPublisher returns a Publisher with the default limits, changed by opts.
func NewPublisher(p Poster, s Subscriptions, log *slog.Logger, opts ...Option) *Publisher {
	pub := &Publisher{
		poster: p, subs: s, log: log,
		concurrency: DefaultConcurrency, sendTimeout: DefaultSendTimeout,
		attempts: DefaultAttempts, backoff: DefaultBackoff, maxBackoff: DefaultMaxBackoff,
		sleep:  sleep,
		jitter: func(d time.Duration) time.Duration { return rand.N(d + 1) },
	}
	for _, o := range opts {
		o(pub)
	}
	return pub
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Send JSON-encodes v and posts it to one connection. On 410 it deletes the
// connection and returns ErrGone; throttling is retried with backoff.
func (p *Publisher) Send(ctx context.Context, connectionID string, v any) error {
	body, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("encode frame for %s: %w", connectionID, err)
	}
	return p.send(ctx, connectionID, body)
}

// Publish sends the frame of doc's current state to every connection
// subscribed to it, at most p.concurrency at once. A connection that fails
// is logged (and forgotten if gone) without holding up or failing the
// others: a client that missed a frame catches up with get_status, while
// failing the stage for it would fail the document. The only error is not
// being able to find the subscribers.
func (p *Publisher) Publish(ctx context.Context, doc domain.Document) error {
	ids, err := p.subs.Subscribers(ctx, doc.ID)
	if err != nil {
		return fmt.Errorf("publish document %s: %w", doc.ID, err)
	}
	if len(ids) == 0 {
		return nil
	}
	body, err := json.Marshal(FrameFor(doc))
	if err != nil {
		return fmt.Errorf("publish document %s: %w", doc.ID, err)
	}
	sem := make(chan struct{}, max(p.concurrency, 1))
	var wg sync.WaitGroup
	for _, id := range ids {
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			err := p.send(ctx, id, body)
			switch {
			case err == nil, errors.Is(err, ErrGone): // send logged the removal
			default:
				p.log.WarnContext(ctx, "frame not delivered",
					"documentId", doc.ID, "connectionId", id, "seq", doc.Seq, "error", err)
			}
		})
	}
	wg.Wait()
	return nil
}

// send posts body, retrying throttling with capped exponential backoff and
// full jitter; each attempt has its own timeout.
func (p *Publisher) send(ctx context.Context, id string, body []byte) error {
	var err error
	for attempt := range max(p.attempts, 1) {
		if attempt > 0 {
			ceiling := min(p.backoff<<(attempt-1), p.maxBackoff)
			if serr := p.sleep(ctx, p.jitter(ceiling)); serr != nil {
				return fmt.Errorf("post to connection %s: %w (after %w)", id, serr, err)
			}
		}
		err = p.post(ctx, id, body)
		if _, throttled := errors.AsType[*types.LimitExceededException](err); !throttled {
			break
		}
	}
	if _, gone := errors.AsType[*types.GoneException](err); gone {
		// DeleteConnection gets the caller's context, not the post's
		// timed-out one: the clean-up is what makes later frames cheap.
		if derr := p.subs.DeleteConnection(ctx, id); derr != nil {
			p.log.WarnContext(ctx, "gone connection not removed", "connectionId", id, "error", derr)
		} else {
			p.log.InfoContext(ctx, "gone connection removed", "connectionId", id)
		}
		return ErrGone
	}
	if err != nil {
		return fmt.Errorf("post to connection %s: %w", id, err)
	}
	return nil
}

// post makes one attempt. Its bound, p.sendTimeout, starts once the
// request is written to the endpoint, not when the call starts: the wait
// for one of this process's own outbound connections (the pool, a dial)
// says nothing about the WebSocket connection, and under a burst it alone
// took seconds. Counted against the attempt, it failed posts that were
// never sent, and those frames were lost, since only throttling is
// retried. Until the request is written only the caller's ctx bounds it.
func (p *Publisher) post(ctx context.Context, id string, body []byte) error {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	bound := time.AfterFunc(p.sendTimeout, func() { cancel(context.DeadlineExceeded) })
	bound.Stop()
	defer bound.Stop()
	ctx = httptrace.WithClientTrace(ctx, &httptrace.ClientTrace{
		// Each write (the SDK may resend on a broken connection) gets
		// the whole bound for its answer.
		WroteRequest: func(httptrace.WroteRequestInfo) { bound.Reset(p.sendTimeout) },
	})
	_, err := p.poster.PostToConnection(ctx, &apigatewaymanagementapi.PostToConnectionInput{
		ConnectionId: aws.String(id),
		Data:         body,
	})
	if err != nil && ctx.Err() != nil {
		if cause := context.Cause(ctx); !errors.Is(err, cause) {
			err = fmt.Errorf("%w: %w", cause, err)
		}
	}
	return err
}
