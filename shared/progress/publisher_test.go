package progress

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http/httptrace"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/apigatewaymanagementapi"
	"github.com/aws/aws-sdk-go-v2/service/apigatewaymanagementapi/types"

	"docflow/shared/domain"
)

// fakePoster is a Poster whose behaviour each test supplies.
type fakePoster struct {
	post func(ctx context.Context, id string, data []byte) error
}

var _ Poster = (*fakePoster)(nil)

func (f *fakePoster) PostToConnection(ctx context.Context, in *apigatewaymanagementapi.PostToConnectionInput, _ ...func(*apigatewaymanagementapi.Options)) (*apigatewaymanagementapi.PostToConnectionOutput, error) {
	return &apigatewaymanagementapi.PostToConnectionOutput{}, f.post(ctx, aws.ToString(in.ConnectionId), in.Data)
}

// fakeSubs is a Subscriptions whose behaviour each test supplies.
type fakeSubs struct {
	subscribers      func(ctx context.Context, documentID string) ([]string, error)
	deleteConnection func(ctx context.Context, id string) error
}

var _ Subscriptions = (*fakeSubs)(nil)

func (f *fakeSubs) Subscribers(ctx context.Context, documentID string) ([]string, error) {
	return f.subscribers(ctx, documentID)
}

func (f *fakeSubs) DeleteConnection(ctx context.Context, id string) error {
	return f.deleteConnection(ctx, id)
}

// recorder collects what the fakes saw, safely across goroutines.
type recorder struct {
	mu       sync.Mutex
	received map[string][][]byte
	deleted  []string
	sleeps   []time.Duration
}

func (r *recorder) receive(id string, data []byte) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.received == nil {
		r.received = map[string][][]byte{}
	}
	r.received[id] = append(r.received[id], data)
}

func (r *recorder) receivers() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var ids []string
	for id := range r.received {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids
}

// newTestPublisher wires a publisher to fakes: sleeps are recorded, not
// slept, and jitter is the full ceiling so delays are predictable.
func newTestPublisher(post func(ctx context.Context, id string, data []byte) error, subs []string, r *recorder, logs *bytes.Buffer) *Publisher {
	p := NewPublisher(&fakePoster{post: post}, &fakeSubs{
		subscribers: func(context.Context, string) ([]string, error) { return subs, nil },
		deleteConnection: func(_ context.Context, id string) error {
			r.mu.Lock()
			defer r.mu.Unlock()
			r.deleted = append(r.deleted, id)
			return nil
		},
	}, slog.New(slog.NewJSONHandler(logs, nil)))
	p.sleep = func(_ context.Context, d time.Duration) error {
		r.mu.Lock()
		defer r.mu.Unlock()
		r.sleeps = append(r.sleeps, d)
		return nil
	}
	p.jitter = func(d time.Duration) time.Duration { return d }
	return p
}

var testDoc = domain.Document{
	ID: "0b8f6a1e-6b8e-4a53-9d1c-2f0c9a7e5d11", Name: "secret-plans.pdf",
	Status: domain.StatusProcessing, Stage: domain.StageProcess, Progress: 55,
	Message: "Extracting text: page 3 of 7", Seq: 5, UpdatedAt: time.Date(2026, 1, 1, 0, 0, 5, 0, time.UTC),
}

func gone() error      { return &types.GoneException{Message: aws.String("gone")} }
func throttled() error { return &types.LimitExceededException{Message: aws.String("slow down")} }

func TestPublish(t *testing.T) {
	want, err := json.Marshal(FrameFor(testDoc))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		// fail returns the error of the n-th (0-based) post to id, or nil.
		fail          func(id string, n int) error
		wantReceivers []string
		wantDeleted   []string
		wantSleeps    int
		wantLog       string
	}{
		{"all receive", func(string, int) error { return nil }, []string{"c1", "c2", "c3"}, nil, 0, ""},
		{"gone connection is removed, others receive", func(id string, _ int) error {
			if id == "c2" {
				return gone()
			}
			return nil
		}, []string{"c1", "c3"}, []string{"c2"}, 0, "gone connection removed"},
		{"other failures are logged, others receive", func(id string, _ int) error {
			if id == "c1" {
				return &types.ForbiddenException{Message: aws.String("forbidden")}
			}
			return nil
		}, []string{"c2", "c3"}, nil, 0, "frame not delivered"},
		{"throttled post is retried", func(id string, n int) error {
			if id == "c3" && n < 2 {
				return throttled()
			}
			return nil
		}, []string{"c1", "c2", "c3"}, nil, 2, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var (
				r     recorder
				logs  bytes.Buffer
				calls sync.Map // id → *atomic.Int32
			)
			p := newTestPublisher(func(_ context.Context, id string, data []byte) error {
				c, _ := calls.LoadOrStore(id, new(atomic.Int32))
				if err := tt.fail(id, int(c.(*atomic.Int32).Add(1)-1)); err != nil {
					return err
				}
				r.receive(id, data)
				return nil
			}, []string{"c1", "c2", "c3"}, &r, &logs)
			if err := p.Publish(t.Context(), testDoc); err != nil {
				t.Fatalf("Publish: %v", err)
			}
			if got := r.receivers(); !slices.Equal(got, tt.wantReceivers) {
				t.Errorf("receivers = %v, want %v", got, tt.wantReceivers)
			}
			for id, frames := range r.received {
				if len(frames) != 1 || !bytes.Equal(frames[0], want) {
					t.Errorf("%s received %q, want once %s", id, frames, want)
				}
			}
			if !slices.Equal(r.deleted, tt.wantDeleted) {
				t.Errorf("deleted = %v, want %v", r.deleted, tt.wantDeleted)
			}
			if len(r.sleeps) != tt.wantSleeps {
				t.Errorf("sleeps = %v, want %d", r.sleeps, tt.wantSleeps)
			}
			if !strings.Contains(logs.String(), tt.wantLog) {
				t.Errorf("logs %s\nwant %q", logs.String(), tt.wantLog)
			}
			// Logs name connections, never what the frame says.
			for _, secret := range []string{testDoc.Message, testDoc.Name} {
				if strings.Contains(logs.String(), secret) {
					t.Errorf("logs contain %q: %s", secret, logs.String())
				}
			}
		})
	}
}

func TestPublishSubscribersError(t *testing.T) {
	boom := errors.New("table unavailable")
	posted := false
	p := NewPublisher(&fakePoster{post: func(context.Context, string, []byte) error { posted = true; return nil }},
		&fakeSubs{subscribers: func(context.Context, string) ([]string, error) { return nil, boom }},
		slog.New(slog.DiscardHandler))
	if err := p.Publish(t.Context(), testDoc); !errors.Is(err, boom) {
		t.Errorf("Publish err = %v, want %v", err, boom)
	}
	if posted {
		t.Error("posted without subscribers")
	}
}

func TestSendRetriesThrottling(t *testing.T) {
	tests := []struct {
		name       string
		throttles  int
		maxBackoff time.Duration
		wantCalls  int
		wantSleeps []time.Duration
		wantErr    bool
	}{
		{"not throttled", 0, time.Second, 1, nil, false},
		{"throttled twice", 2, time.Second, 3, []time.Duration{50 * time.Millisecond, 100 * time.Millisecond}, false},
		{"backoff is capped", 3, 120 * time.Millisecond, 4, []time.Duration{50 * time.Millisecond, 100 * time.Millisecond, 120 * time.Millisecond}, false},
		{"attempts are bounded", 100, time.Second, DefaultAttempts,
			[]time.Duration{50 * time.Millisecond, 100 * time.Millisecond, 200 * time.Millisecond}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var (
				r     recorder
				calls int
			)
			p := newTestPublisher(func(context.Context, string, []byte) error {
				calls++
				if calls <= tt.throttles {
					return throttled()
				}
				return nil
			}, nil, &r, new(bytes.Buffer))
			p.maxBackoff = tt.maxBackoff
			err := p.Send(t.Context(), "c1", map[string]string{"action": "pong"})
			if (err != nil) != tt.wantErr {
				t.Fatalf("Send err = %v, want error %v", err, tt.wantErr)
			}
			if _, ok := errors.AsType[*types.LimitExceededException](err); tt.wantErr && !ok {
				t.Errorf("err %v does not wrap LimitExceededException", err)
			}
			if calls != tt.wantCalls {
				t.Errorf("calls = %d, want %d", calls, tt.wantCalls)
			}
			if !slices.Equal(r.sleeps, tt.wantSleeps) {
				t.Errorf("sleeps = %v, want %v", r.sleeps, tt.wantSleeps)
			}
		})
	}
}

func TestJitterStaysBelowCeiling(t *testing.T) {
	p := NewPublisher(nil, nil, slog.New(slog.DiscardHandler))
	for range 1000 {
		if got := p.jitter(DefaultBackoff); got < 0 || got > DefaultBackoff {
			t.Fatalf("jitter(%v) = %v, want within [0, %v]", DefaultBackoff, got, DefaultBackoff)
		}
	}
}

func TestSendGone(t *testing.T) {
	tests := []struct {
		name      string
		deleteErr error
	}{
		{"connection removed", nil},
		{"removal fails", errors.New("table unavailable")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var deleted []string
			p := NewPublisher(&fakePoster{post: func(context.Context, string, []byte) error { return gone() }},
				&fakeSubs{deleteConnection: func(_ context.Context, id string) error {
					deleted = append(deleted, id)
					return tt.deleteErr
				}}, slog.New(slog.DiscardHandler))
			err := p.Send(t.Context(), "c9", map[string]string{"action": "pong"})
			if err != ErrGone {
				t.Errorf("Send err = %v, want ErrGone", err)
			}
			if want := []string{"c9"}; !slices.Equal(deleted, want) {
				t.Errorf("deleted = %v, want %v", deleted, want)
			}
		})
	}
}

func TestSendEncodes(t *testing.T) {
	var got []byte
	p := NewPublisher(&fakePoster{post: func(_ context.Context, _ string, data []byte) error { got = data; return nil }},
		nil, slog.New(slog.DiscardHandler))
	if err := p.Send(t.Context(), "c1", map[string]string{"action": "pong"}); err != nil {
		t.Fatal(err)
	}
	if want := `{"action":"pong"}`; string(got) != want {
		t.Errorf("posted %s, want %s", got, want)
	}
	if err := p.Send(t.Context(), "c1", func() {}); err == nil {
		t.Error("Send of an unencodable value: err = nil")
	}
}

// TestSlowConnectionDoesNotBlockOthers lets one connection hang until every
// other connection has its frame. Were sends serial with the slow one first,
// it would see its own timeout instead, and the test fails.
func TestSlowConnectionDoesNotBlockOthers(t *testing.T) {
	const others = 5
	var (
		r       recorder
		wg      sync.WaitGroup
		sawDone atomic.Bool
	)
	wg.Add(others)
	othersDone := make(chan struct{})
	go func() { wg.Wait(); close(othersDone) }()
	subs := []string{"slow", "c1", "c2", "c3", "c4", "c5"}
	p := newTestPublisher(func(ctx context.Context, id string, data []byte) error {
		if id != "slow" {
			r.receive(id, data)
			wg.Done()
			return nil
		}
		select {
		case <-othersDone:
			sawDone.Store(true)
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	}, subs, &r, new(bytes.Buffer))
	p.sendTimeout = time.Minute // only reached if the implementation is wrong
	if err := p.Publish(t.Context(), testDoc); err != nil {
		t.Fatal(err)
	}
	if !sawDone.Load() {
		t.Error("the slow connection held the others back")
	}
	if got := len(r.receivers()); got != others {
		t.Errorf("%d connections received, want %d", got, others)
	}
}

// wrote tells ctx's HTTP trace that the request is on the wire, as
// net/http does for a real post.
func wrote(ctx context.Context) {
	if tr := httptrace.ContextClientTrace(ctx); tr != nil && tr.WroteRequest != nil {
		tr.WroteRequest(httptrace.WroteRequestInfo{})
	}
}

// TestSendTimeout checks that each post runs under its own bound even
// when the caller's context has none: a post sent to an endpoint that
// never answers gives up.
func TestSendTimeout(t *testing.T) {
	p := newTestPublisher(func(ctx context.Context, _ string, _ []byte) error {
		wrote(ctx)
		<-ctx.Done()
		return ctx.Err()
	}, nil, new(recorder), new(bytes.Buffer))
	p.sendTimeout = time.Millisecond
	err := p.Send(context.Background(), "hangs", map[string]string{"action": "pong"})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Send err = %v, want DeadlineExceeded", err)
	}
}

// TestSendTimeoutStartsWhenSent: a post that waits for a connection of its
// own process (a busy pool, a slow dial) longer than the send timeout is
// still sent, and delivered. Counting that wait against the attempt failed
// posts that were never sent, and lost their frames (10,000 documents at
// once). The wait here ends only after the bound would have run out had it
// started with the call.
func TestSendTimeoutStartsWhenSent(t *testing.T) {
	var r recorder
	p := newTestPublisher(func(ctx context.Context, id string, data []byte) error {
		select {
		case <-time.After(20 * time.Millisecond): // the connection is ours
		case <-ctx.Done():
			return ctx.Err()
		}
		wrote(ctx)
		r.receive(id, data)
		return nil
	}, nil, &r, new(bytes.Buffer))
	p.sendTimeout = time.Millisecond
	if err := p.Send(context.Background(), "queued", map[string]string{"action": "pong"}); err != nil {
		t.Fatalf("Send after waiting for a connection: %v", err)
	}
	if got := r.receivers(); !slices.Equal(got, []string{"queued"}) {
		t.Errorf("received by %v, want [queued]", got)
	}
}

// TestPublishBoundsConcurrency holds every post until the test releases it,
// and checks that no more than the bound are ever in flight.
func TestPublishBoundsConcurrency(t *testing.T) {
	const bound, conns = 2, 7
	var (
		inFlight, peak atomic.Int32
		entered        = make(chan struct{}, conns)
		release        = make(chan struct{})
		subs           []string
	)
	for i := range conns {
		subs = append(subs, string(rune('a'+i)))
	}
	p := newTestPublisher(func(context.Context, string, []byte) error {
		n := inFlight.Add(1)
		for {
			if old := peak.Load(); n <= old || peak.CompareAndSwap(old, n) {
				break
			}
		}
		entered <- struct{}{}
		<-release
		inFlight.Add(-1)
		return nil
	}, subs, new(recorder), new(bytes.Buffer))
	p.concurrency = bound
	done := make(chan error)
	go func() { done <- p.Publish(t.Context(), testDoc) }()
	for i := range conns {
		<-entered
		if i == bound-1 {
			// Give an unbounded implementation the chance to start more
			// posts while these are held. A correct one passes whatever
			// the pause, so this is not a timed assertion.
			time.Sleep(20 * time.Millisecond)
		}
		release <- struct{}{}
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if got := peak.Load(); got > bound {
		t.Errorf("peak in flight = %d, want at most %d", got, bound)
	}
}

// BenchmarkPublish measures fanning one frame out to 100 subscribers whose
// posts return at once: the publisher's own overhead.
func BenchmarkPublish(b *testing.B) {
	subs := make([]string, 100)
	for i := range subs {
		subs[i] = fmt.Sprintf("c%d", i)
	}
	p := newTestPublisher(func(context.Context, string, []byte) error { return nil }, subs, new(recorder), new(bytes.Buffer))
	for b.Loop() {
		if err := p.Publish(b.Context(), testDoc); err != nil {
			b.Fatal(err)
		}
	}
}
