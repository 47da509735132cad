package main

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	neturl "net/url"
	"strings"
	"sync"
	"time"

	"github.com/coder/websocket"
)

// frame is any server-to-client message. Data stays raw until its action
// says what it holds.
type frame struct {
	Action  string          `json:"action"`
	Message string          `json:"message"`
	Data    json.RawMessage `json:"data"`
}

// progressData is the data of a progressUpdate frame (and of documentStatus).
type progressData struct {
	DocumentID   string          `json:"documentId"`
	DocumentName string          `json:"documentName"`
	Progress     int             `json:"progress"`
	Status       string          `json:"status"`
	Stage        string          `json:"stage"`
	Seq          int64           `json:"seq"`
	Message      string          `json:"message"`
	Summary      json.RawMessage `json:"summary"`
	Error        *struct {
		Reason  string `json:"reason"`
		Message string `json:"message"`
	} `json:"error"`
}

// serverError is an error frame turned into a Go error.
type serverError struct {
	Code, Message, RequestAction string
}

func (e *serverError) Error() string { return fmt.Sprintf("%s (%s)", e.Message, e.Code) }

// Keepalive and reconnect timing. API Gateway closes a socket idle for 10
// minutes and any socket after 2 hours; a ping every few minutes keeps an
// idle one open, and a lost one is dialled again.
var (
	pingInterval   = 5 * time.Minute
	reconnectFirst = 250 * time.Millisecond
	reconnectMax   = 10 * time.Second
	// reconnectGiveUp is how long the client keeps trying before it
	// reports the connection lost.
	reconnectGiveUp = 2 * time.Minute
)

// client speaks docflow's client protocol over a WebSocket that it keeps
// open: it pings while idle, and when the socket drops it dials again and
// resubscribes to every document it still watches, whose current state
// then arrives as a documentStatus frame (frames missed meanwhile show as a
// jump in seq). The protocol's answers carry no request id, so requests go
// one at a time; progress frames are routed to whoever watches their
// document.
type client struct {
	url     string // with the token
	base    string // without it, for messages
	token   string
	onState func(string)

	reqMu   sync.Mutex // one request in flight
	answers chan frame

	mu       sync.Mutex
	conn     *websocket.Conn
	watchers map[string]chan progressData
	queries  map[string]chan answerEvent
	closing  bool
	closed   chan struct{} // closed when the client gives up or is closed
	readErr  error
}

// dial connects to url, appending the token as the ?token= query parameter
// (browsers can't set headers on a WebSocket, so that's where $connect looks).
// onState, if not nil, hears "reconnecting" and "reconnected".
func dial(ctx context.Context, url, token string, onState func(string)) (*client, error) {
	base := url
	if token != "" {
		sep := "?"
		if strings.Contains(url, "?") {
			sep = "&"
		}
		url += sep + "token=" + neturl.QueryEscape(token)
	}
	if onState == nil {
		onState = func(string) {}
	}
	c := &client{
		url:      url,
		base:     base,
		token:    token,
		onState:  onState,
		answers:  make(chan frame, 1),
		watchers: map[string]chan progressData{},
		queries:  map[string]chan answerEvent{},
		closed:   make(chan struct{}),
	}
	conn, err := c.connect(ctx)
	if err != nil {
		return nil, err
	}
	c.conn = conn
	go c.run(conn)
	return c, nil
}

func (c *client) connect(ctx context.Context) (*websocket.Conn, error) {
	conn, resp, err := websocket.Dial(ctx, c.url, nil)
	if err != nil {
		switch {
		case resp != nil && resp.StatusCode == http.StatusUnauthorized:
			return nil, &tokenRefusedError{URL: c.base, Token: c.token}
		case resp != nil:
			return nil, fmt.Errorf("connect to %s: the server answered %s, not a WebSocket handshake: is this a docflow stack's websocket: URL?", c.base, resp.Status)
		}
		return nil, redactToken(unreachable(c.base, err), c.token)
	}
	conn.SetReadLimit(1 << 20)
	return conn, nil
}

// redactToken keeps the token out of an error that quotes the URL. A
// *noStackError names only the URL without it and stays as it is.
func redactToken(err error, token string) error {
	if _, ok := errors.AsType[*noStackError](err); ok {
		return err
	}
	if token == "" || !strings.Contains(err.Error(), neturl.QueryEscape(token)) {
		return err
	}
	return errors.New(strings.ReplaceAll(err.Error(), neturl.QueryEscape(token), "REDACTED"))
}

// run reads connections until the client is closed or cannot reconnect.
func (c *client) run(conn *websocket.Conn) {
	defer close(c.closed)
	for {
		stopPing := c.keepalive(conn)
		err := c.read(conn)
		stopPing()
		c.mu.Lock()
		closing := c.closing
		c.mu.Unlock()
		if closing {
			return
		}
		c.onState("reconnecting")
		next, rerr := c.reconnect()
		if rerr != nil {
			c.mu.Lock()
			c.readErr = fmt.Errorf("%w (and reconnecting failed: %w)", err, rerr)
			c.mu.Unlock()
			return
		}
		conn = next
		c.onState("reconnected")
		c.resubscribe(conn)
	}
}

// keepalive pings conn every pingInterval until the returned stop is called.
func (c *client) keepalive(conn *websocket.Conn) (stop func()) {
	done := make(chan struct{})
	go func() {
		t := time.NewTicker(pingInterval)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
				_ = conn.Write(ctx, websocket.MessageText, []byte(`{"action":"ping"}`))
				cancel()
			}
		}
	}()
	return func() { close(done) }
}

// reconnect dials again with backoff until it works or reconnectGiveUp
// passes.
func (c *client) reconnect() (*websocket.Conn, error) {
	deadline := time.Now().Add(reconnectGiveUp)
	wait := reconnectFirst
	for {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		conn, err := c.connect(ctx)
		cancel()
		if err == nil {
			c.mu.Lock()
			c.conn = conn
			closing := c.closing
			c.mu.Unlock()
			if closing {
				conn.Close(websocket.StatusNormalClosure, "bye")
				return nil, errors.New("closed")
			}
			return conn, nil
		}
		if time.Now().Add(wait).After(deadline) {
			return nil, err
		}
		time.Sleep(wait)
		wait = min(2*wait, reconnectMax)
	}
}

// resubscribe asks for every watched document and question again on a new
// connection. The answers (documentStatus, answerStatus) reach the
// watchers through read.
func (c *client) resubscribe(conn *websocket.Conn) {
	c.mu.Lock()
	var msgs []map[string]string
	for id := range c.watchers {
		msgs = append(msgs, map[string]string{"action": "subscribe", "document_id": id})
	}
	for id := range c.queries {
		msgs = append(msgs, map[string]string{"action": "get_answer", "query_id": id})
	}
	c.mu.Unlock()
	for _, m := range msgs {
		b, _ := json.Marshal(m)
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		err := conn.Write(ctx, websocket.MessageText, b)
		cancel()
		if err != nil {
			return // the new connection dropped too; run dials again
		}
	}
}

// read routes conn's frames until it fails.
func (c *client) read(conn *websocket.Conn) error {
	for {
		_, b, err := conn.Read(context.Background())
		if err != nil {
			return err
		}
		var f frame
		if json.Unmarshal(b, &f) != nil {
			continue
		}
		if f.Action == "progressUpdate" || f.Action == "documentStatus" {
			// A documentStatus is also the state a resubscribe brings back.
			var d progressData
			if json.Unmarshal(f.Data, &d) == nil {
				d.Message = cmp.Or(f.Message, d.Message)
				c.mu.Lock()
				ch := c.watchers[d.DocumentID]
				c.mu.Unlock()
				if ch != nil {
					select {
					case ch <- d:
					default: // a watcher that stopped reading
					}
				}
			}
			if f.Action == "progressUpdate" {
				continue
			}
		}
		if isAnswerFrame(f.Action) {
			var ev answerEvent
			if json.Unmarshal(f.Data, &ev) == nil {
				ev.Action, ev.Message = f.Action, f.Message
				c.mu.Lock()
				ch := c.queries[ev.QueryID]
				c.mu.Unlock()
				if ch != nil {
					select {
					case ch <- ev:
					default: // a watcher that stopped reading
					}
				}
			}
			if f.Action != "answerStatus" { // get_answer's answer is also a request's
				continue
			}
		}
		select {
		case c.answers <- f:
		default: // nobody asked: a resubscribe's answer, a pong, or a request that gave up
		}
	}
}

// watch returns the channel that receives documentID's progress frames. Call
// it before the request that starts them, so none is missed.
func (c *client) watch(documentID string) <-chan progressData {
	c.mu.Lock()
	defer c.mu.Unlock()
	ch, ok := c.watchers[documentID]
	if !ok {
		ch = make(chan progressData, 256)
		c.watchers[documentID] = ch
	}
	return ch
}

// unwatch stops following documentID (it finished): a reconnect no longer
// resubscribes to it.
func (c *client) unwatch(documentID string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.watchers, documentID)
}

// watchQuery returns the channel that receives queryID's answer frames
// (answerChunk, answerComplete, answerFailed, answerStatus). Call it before
// the invoke that starts them.
func (c *client) watchQuery(queryID string) <-chan answerEvent {
	c.mu.Lock()
	defer c.mu.Unlock()
	ch, ok := c.queries[queryID]
	if !ok {
		// Room for a long answer's chunks while the terminal is slow; one
		// dropped chunk is made good by answerComplete's whole answer.
		ch = make(chan answerEvent, 4096)
		c.queries[queryID] = ch
	}
	return ch
}

// unwatchQuery stops following queryID.
func (c *client) unwatchQuery(queryID string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.queries, queryID)
}

// send writes msg without waiting for an answer (which reaches a watcher).
func (c *client) send(ctx context.Context, msg any) error {
	b, err := json.Marshal(msg)
	if err != nil {
		return err
	}
	c.mu.Lock()
	conn := c.conn
	c.mu.Unlock()
	if err := conn.Write(ctx, websocket.MessageText, b); err != nil {
		return fmt.Errorf("send: %w", err)
	}
	return nil
}

// request sends msg and waits for the answer whose action is want, or an
// error frame.
func (c *client) request(ctx context.Context, msg any, want string) (frame, error) {
	c.reqMu.Lock()
	defer c.reqMu.Unlock()
	b, err := json.Marshal(msg)
	if err != nil {
		return frame{}, err
	}
	c.mu.Lock()
	conn := c.conn
	c.mu.Unlock()
	if err := conn.Write(ctx, websocket.MessageText, b); err != nil {
		return frame{}, fmt.Errorf("send: %w", err)
	}
	for {
		select {
		case f := <-c.answers:
			switch f.Action {
			case want:
				return f, nil
			case "error":
				var d struct {
					Code          string `json:"code"`
					RequestAction string `json:"requestAction"`
				}
				_ = json.Unmarshal(f.Data, &d)
				return frame{}, &serverError{Code: d.Code, Message: f.Message, RequestAction: d.RequestAction}
			}
		case <-c.closed:
			return frame{}, c.err()
		case <-ctx.Done():
			return frame{}, ctx.Err()
		}
	}
}

// err says why the connection ended.
func (c *client) err() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.readErr == nil {
		return errors.New("connection closed")
	}
	return fmt.Errorf("connection lost: %w", c.readErr)
}

func (c *client) close() error {
	c.mu.Lock()
	c.closing = true
	conn := c.conn
	c.mu.Unlock()
	return conn.Close(websocket.StatusNormalClosure, "bye")
}
