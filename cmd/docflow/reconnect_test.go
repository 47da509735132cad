package main

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/apigatewaymanagementapi"

	"docflow/local/stack"
	"docflow/local/stack/stacktest"
	"docflow/shared/processor/processortest"
)

// states records what the client reports about its connection.
type states struct {
	mu   sync.Mutex
	seen []string
	ch   chan string
}

func newStates() *states { return &states{ch: make(chan string, 16)} }

func (s *states) record(state string) {
	s.mu.Lock()
	s.seen = append(s.seen, state)
	s.mu.Unlock()
	s.ch <- state
}

func (s *states) list() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.seen)
}

// TestClientReconnectsAndResubscribes: the server drops the CLI's socket
// mid-document (as API Gateway does at the 2-hour limit or on a deploy);
// the client dials again by itself, resubscribes, and the document is
// followed to the end.
func TestClientReconnectsAndResubscribes(t *testing.T) {
	gate := make(chan struct{})
	s := stacktest.Start(t, stack.Config{Extractor: processortest.Gated{Gate: gate}})
	ctx, cancel := context.WithTimeout(t.Context(), 60*time.Second)
	defer cancel()

	st := newStates()
	c, err := dial(ctx, s.WebSocketURL(), s.DevToken(), st.record)
	if err != nil {
		t.Fatal(err)
	}
	defer c.close()
	file := filepath.Join(t.TempDir(), "notes.txt")
	if err := os.WriteFile(file, []byte("a document that outlives its socket\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	processing := make(chan string, 1)
	var mu sync.Mutex
	var shown []progressData
	done := make(chan outcome, 1)
	go func() {
		done <- processFile(ctx, c, http.DefaultClient, file, func(_ string, d progressData) {
			mu.Lock()
			shown = append(shown, d)
			mu.Unlock()
			if d.Status == "processing" {
				select {
				case processing <- d.DocumentID:
				default:
				}
			}
		})
	}()
	var id string
	select {
	case id = <-processing:
	case o := <-done:
		t.Fatalf("finished before the drop: %+v", o)
	case <-ctx.Done():
		t.Fatal("the document never reached processing")
	}

	// Drop the CLI's socket through the @connections API.
	db := stacktest.Store(t, s)
	subs, err := db.Subscribers(ctx, id)
	if err != nil || len(subs) != 1 {
		t.Fatalf("subscribers = %v, %v; want the CLI's one connection", subs, err)
	}
	if _, err := stacktest.Connections(t, s).DeleteConnection(ctx, &apigatewaymanagementapi.DeleteConnectionInput{ConnectionId: aws.String(subs[0])}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"reconnecting", "reconnected"} {
		select {
		case got := <-st.ch:
			if got != want {
				t.Fatalf("state %q, want %q", got, want)
			}
		case <-ctx.Done():
			t.Fatalf("never %s (states %v)", want, st.list())
		}
	}
	// The new connection is subscribed before the document moves on.
	if err := waitUntil(ctx, func() bool {
		now, err := db.Subscribers(ctx, id)
		return err == nil && len(now) == 1 && now[0] != subs[0]
	}); err != nil {
		t.Fatalf("the new connection never resubscribed: %v", err)
	}
	close(gate)

	o := <-done
	if o.failed() {
		t.Fatalf("document failed after the reconnect: %s", o.reason())
	}
	if o.Final.Progress != 100 || o.DocumentID != id {
		t.Errorf("final = %+v, want document %s at 100%%", o.Final, id)
	}
}

// TestClientKeepsIdleConnectionOpen: with pings more often than the
// gateway's idle cut, an idle client is never dropped.
func TestClientKeepsIdleConnectionOpen(t *testing.T) {
	s := stacktest.Start(t, stack.Config{IdleTimeout: time.Second})
	old := pingInterval
	pingInterval = 100 * time.Millisecond
	defer func() { pingInterval = old }()

	st := newStates()
	c, err := dial(t.Context(), s.WebSocketURL(), s.DevToken(), st.record)
	if err != nil {
		t.Fatal(err)
	}
	defer c.close()
	// Idle for several idle timeouts, then the same socket still answers.
	time.Sleep(3 * time.Second)
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	if _, err := c.request(ctx, map[string]any{"action": "ping"}, "pong"); err != nil {
		t.Fatalf("ping after idling: %v", err)
	}
	if got := st.list(); len(got) != 0 {
		t.Errorf("the idle connection was dropped: states %v", got)
	}
}

func waitUntil(ctx context.Context, cond func() bool) error {
	for !cond() {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(20 * time.Millisecond):
		}
	}
	return nil
}
