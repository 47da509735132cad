package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	neturl "net/url"
	"strings"
	"sync"

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

// client speaks docflow's client protocol over one WebSocket. The protocol's
// answers carry no request id, so requests go one at a time; progress frames
// are routed to whoever watches their document.
type client struct {
	conn *websocket.Conn

	reqMu   sync.Mutex // one request in flight
	answers chan frame

	mu       sync.Mutex
	watchers map[string]chan progressData
	closed   chan struct{}
	readErr  error
}

// dial connects to url, appending the token as the ?token= query parameter
// (browsers can't set headers on a WebSocket, so that's where $connect looks).
func dial(ctx context.Context, url, token string) (*client, error) {
	if token != "" {
		sep := "?"
		if strings.Contains(url, "?") {
			sep = "&"
		}
		url += sep + "token=" + neturl.QueryEscape(token)
	}
	conn, resp, err := websocket.Dial(ctx, url, nil)
	if err != nil {
		if resp != nil {
			return nil, fmt.Errorf("connect: server answered %s", resp.Status)
		}
		return nil, fmt.Errorf("connect: %w", err)
	}
	conn.SetReadLimit(1 << 20)
	c := &client{
		conn:     conn,
		answers:  make(chan frame, 1),
		watchers: map[string]chan progressData{},
		closed:   make(chan struct{}),
	}
	go c.read()
	return c, nil
}

func (c *client) read() {
	defer close(c.closed)
	for {
		_, b, err := c.conn.Read(context.Background())
		if err != nil {
			c.mu.Lock()
			c.readErr = err
			c.mu.Unlock()
			return
		}
		var f frame
		if json.Unmarshal(b, &f) != nil {
			continue
		}
		if f.Action != "progressUpdate" {
			select {
			case c.answers <- f:
			default: // nobody asked: an answer to a request that gave up
			}
			continue
		}
		var d progressData
		if json.Unmarshal(f.Data, &d) != nil {
			continue
		}
		d.Message = f.Message
		c.mu.Lock()
		ch := c.watchers[d.DocumentID]
		c.mu.Unlock()
		if ch != nil {
			ch <- d
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

// request sends msg and waits for the answer whose action is want, or an
// error frame.
func (c *client) request(ctx context.Context, msg any, want string) (frame, error) {
	c.reqMu.Lock()
	defer c.reqMu.Unlock()
	b, err := json.Marshal(msg)
	if err != nil {
		return frame{}, err
	}
	if err := c.conn.Write(ctx, websocket.MessageText, b); err != nil {
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

func (c *client) close() error { return c.conn.Close(websocket.StatusNormalClosure, "bye") }
