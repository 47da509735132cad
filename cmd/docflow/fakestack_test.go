package main

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"
)

// fakeStack is a WebSocket server that a test scripts frame by frame, for
// client behaviour the real stack cannot be made to show on demand
// (a retried attempt, a drop mid-answer). Frames follow docs/protocol.md's
// client protocol.
type fakeStack struct {
	srv   *httptest.Server
	conns chan *fakeConn
}

// fakeConn is one client connection of a fakeStack.
type fakeConn struct {
	t    *testing.T
	conn *websocket.Conn
	in   chan map[string]any // the client's messages, pings left out
}

func newFakeStack(t *testing.T) *fakeStack {
	f := &fakeStack{conns: make(chan *fakeConn, 4)}
	f.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("token") != "test-token" {
			http.Error(w, "Unauthorized", http.StatusUnauthorized)
			return
		}
		conn, err := websocket.Accept(w, r, nil)
		if err != nil {
			return
		}
		fc := &fakeConn{t: t, conn: conn, in: make(chan map[string]any, 64)}
		f.conns <- fc
		defer close(fc.in)
		for {
			_, b, err := conn.Read(context.Background())
			if err != nil {
				return
			}
			var m map[string]any
			if json.Unmarshal(b, &m) != nil {
				continue
			}
			if m["action"] == "ping" {
				_ = conn.Write(context.Background(), websocket.MessageText, []byte(`{"action":"pong"}`))
				continue
			}
			fc.in <- m
		}
	}))
	t.Cleanup(f.srv.Close)
	return f
}

// url is the stack's WebSocket URL.
func (f *fakeStack) url() string { return "ws" + strings.TrimPrefix(f.srv.URL, "http") + "/local" }

// accept waits for the next connection.
func (f *fakeStack) accept() *fakeConn {
	select {
	case c := <-f.conns:
		return c
	case <-time.After(30 * time.Second):
		panic("fakeStack: no connection")
	}
}

// expect waits for the client's next message and checks its action.
func (c *fakeConn) expect(action string) map[string]any {
	select {
	case m, ok := <-c.in:
		if !ok {
			c.t.Errorf("connection closed; want %s", action)
			return nil
		}
		if m["action"] != action {
			c.t.Errorf("client sent %v, want action %s", m, action)
		}
		return m
	case <-time.After(30 * time.Second):
		c.t.Errorf("client never sent %s", action)
		return nil
	}
}

// send writes frame, a JSON text with %q-free placeholders already filled.
func (c *fakeConn) send(frame string) {
	if err := c.conn.Write(context.Background(), websocket.MessageText, []byte(frame)); err != nil {
		c.t.Errorf("send %s: %v", frame, err)
	}
}

// drop closes the connection as a gateway deploy or the 2-hour cut would.
func (c *fakeConn) drop() { c.conn.CloseNow() }

// newObjectServer serves body at any path, as a presigned GET would.
func newObjectServer(t *testing.T, body string) string {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("X-Amz-Signature") == "" {
			http.Error(w, "AccessDenied", http.StatusForbidden)
			return
		}
		_, _ = w.Write([]byte(body))
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}
