package main

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"docflow/local/stack"
	"docflow/local/stack/stacktest"
	"docflow/shared/domain"
	"docflow/shared/processor/processortest"
)

// watchWriter is a buffer that tells when something containing want was
// written.
type watchWriter struct {
	mu   sync.Mutex
	buf  bytes.Buffer
	want string
	seen chan struct{}
	once sync.Once
}

func (w *watchWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.buf.Write(p)
	if strings.Contains(w.buf.String(), w.want) {
		w.once.Do(func() { close(w.seen) })
	}
	return len(p), nil
}

func (w *watchWriter) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.buf.String()
}

// TestProcessInterrupted: Ctrl-C while a document runs on a stack stops
// the watching, not the document: the CLI says so, prints the document id
// and how to follow it, exits 130, and the document goes on to complete.
func TestProcessInterrupted(t *testing.T) {
	gate := make(chan struct{})
	s := stacktest.Start(t, stack.Config{Extractor: processortest.Gated{Gate: gate}})
	file := writeFile(t, "long.txt", "a document that outlives the CLI\n")
	stdout := &watchWriter{want: "processing", seen: make(chan struct{})}
	var stderr bytes.Buffer
	ctx, interrupt := context.WithCancel(t.Context()) // main's signal.NotifyContext
	done := make(chan error, 1)
	go func() { done <- run(ctx, []string{"process", file, "--url", s.WebSocketURL()}, stdout, &stderr) }()
	select {
	case <-stdout.seen:
	case err := <-done:
		t.Fatalf("ended before processing: %v\n%s%s", err, stdout.String(), stderr.String())
	case <-time.After(time.Minute):
		t.Fatal("the document never reached processing")
	}
	interrupt()
	var err error
	select {
	case err = <-done:
	case <-time.After(30 * time.Second):
		t.Fatal("the CLI did not stop after Ctrl-C")
	}
	if code, ok := err.(exitError); !ok || code != 130 {
		t.Errorf("got %v, want exit status 130", err)
	}
	msg := stderr.String()
	id := regexp.MustCompile(`document ([0-9a-f-]{36})`).FindStringSubmatch(msg)
	if id == nil {
		t.Fatalf("no document id in:\n%s", msg)
	}
	for _, want := range []string{"stopped watching", "go on", "docflow status " + id[1] + " --url " + s.WebSocketURL()} {
		if !strings.Contains(msg, want) {
			t.Errorf("stderr lacks %q:\n%s", want, msg)
		}
	}
	if strings.Contains(msg, "context canceled") || strings.Contains(msg, "failed") {
		t.Errorf("stderr reports a failure:\n%s", msg)
	}

	close(gate)
	db := stacktest.Store(t, s)
	wait, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()
	var d domain.Document
	if err := waitUntil(wait, func() bool {
		d, err = db.GetDocument(wait, id[1])
		return err == nil && d.Status.Terminal()
	}); err != nil {
		t.Fatalf("document %s never finished: %+v, %v", id[1], d, err)
	}
	if d.Status != domain.StatusComplete {
		t.Errorf("document ended %s, want complete", d.Status)
	}
}

// TestTokenCommand: docflow token prints a token for the subject from the
// running loopback stack, which the stack accepts.
func TestTokenCommand(t *testing.T) {
	s := stacktest.Start(t, stack.Config{})
	var stdout, stderr bytes.Buffer
	if err := run(t.Context(), []string{"token", "alice", "--url", s.WebSocketURL(), "--ttl", "1h"}, &stdout, &stderr); err != nil {
		t.Fatalf("token: %v\n%s", err, stderr.String())
	}
	token := strings.TrimSpace(stdout.String())
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		t.Fatalf("not a JWT: %q", token)
	}
	raw, _ := base64.RawURLEncoding.DecodeString(parts[1])
	var claims struct {
		Sub string `json:"sub"`
		Exp int64  `json:"exp"`
	}
	if err := json.Unmarshal(raw, &claims); err != nil || claims.Sub != "alice" {
		t.Fatalf("claims %s: sub %q, want alice (%v)", raw, claims.Sub, err)
	}
	if left := time.Until(time.Unix(claims.Exp, 0)); left > time.Hour || left < 50*time.Minute {
		t.Errorf("token lasts %s, want about the 1h asked", left)
	}
	// alice's token works, and alice does not see dev's documents.
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	c, err := dial(ctx, s.WebSocketURL(), token, nil)
	if err != nil {
		t.Fatalf("the stack refused its own token: %v", err)
	}
	defer c.close()
	ans, err := c.request(ctx, map[string]any{"action": "list_documents"}, "documentList")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(ans.Data), `"documents":[]`) {
		t.Errorf("a new user lists %s, want no documents", ans.Data)
	}

	// Not a loopback stack: refused before anything is sent.
	stderr.Reset()
	err = run(t.Context(), []string{"token", "alice", "--url", "wss://example.com/v1"}, &stdout, &stderr)
	if err == nil || !strings.Contains(err.Error(), "not a local stack") {
		t.Errorf("token from a remote URL: %v, want refused as not local", err)
	}
}
