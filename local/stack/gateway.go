package stack

import (
	"bufio"
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
	"unicode/utf8"

	"github.com/aws/aws-lambda-go/events"
	"github.com/coder/websocket"
	"golang.org/x/time/rate"

	"docflow/shared/domain"
	"docflow/shared/protocol"
)

// API Gateway WebSocket limits the gateway mirrors.
const (
	// MaxMessageBytes is API Gateway's WebSocket message limit (128 KB).
	// A larger message closes the connection with 1009 (message too big).
	MaxMessageBytes = 128 * 1024
	// DefaultIdleTimeout is API Gateway's idle connection timeout.
	DefaultIdleTimeout = 10 * time.Minute
	// DefaultMaxLifetime is API Gateway's maximum connection duration.
	DefaultMaxLifetime = 2 * time.Hour
)

// Limits keep one client from taking the whole local stack, as API
// Gateway's account-level throttles do in AWS. A zero field takes its
// value from DefaultLimits.
type Limits struct {
	// MessageRate and MessageBurst throttle the messages of one connection
	// (messages per second, and how many may come at once).
	MessageRate  rate.Limit
	MessageBurst int
	// UserRate and UserBurst throttle the messages of all the connections
	// of one user (the authorizer's principal) together.
	UserRate  rate.Limit
	UserBurst int
	// UserConnections is how many connections one user may hold open;
	// $connect over it is refused with 429.
	UserConnections int
}

// DefaultLimits are generous: far above what the page or the CLI send.
var DefaultLimits = Limits{MessageRate: 50, MessageBurst: 100, UserRate: 200, UserBurst: 400, UserConnections: 20}

func (l Limits) withDefaults() Limits {
	d := DefaultLimits
	if l.MessageRate > 0 {
		d.MessageRate = l.MessageRate
	}
	if l.MessageBurst > 0 {
		d.MessageBurst = l.MessageBurst
	}
	if l.UserRate > 0 {
		d.UserRate = l.UserRate
	}
	if l.UserBurst > 0 {
		d.UserBurst = l.UserBurst
	}
	if l.UserConnections > 0 {
		d.UserConnections = l.UserConnections
	}
	return d
}

// codeTooManyRequests is the error frame's code for a throttled message.
const codeTooManyRequests domain.Code = "TooManyRequests"

// disconnectWorkers bounds how many $disconnect integrations run at once.
// When thousands of connections drop together, running them all at once
// only makes them queue on the store and starve everyone else's calls;
// a few at a time drain the same queue faster.
const disconnectWorkers = 4

// disconnectTimeout bounds one $disconnect attempt once it runs (the time
// spent waiting for a worker does not count), and disconnectAttempts how
// often a failed one is tried, with backoff from disconnectBackoff.
const (
	disconnectTimeout  = 30 * time.Second
	disconnectAttempts = 4
	disconnectBackoff  = 100 * time.Millisecond
)

// Route is a route integration: a Lambda handler for WebSocket events.
type Route func(context.Context, events.APIGatewayWebsocketProxyRequest) (events.APIGatewayProxyResponse, error)

// Authorizer is a REQUEST authorizer for $connect. It returns the principal
// and the context API Gateway puts in requestContext.authorizer of every
// later event of the connection; an error refuses the connection with the
// status of an *AuthError (401 Unauthorized otherwise).
type Authorizer func(ctx context.Context, req events.APIGatewayWebsocketProxyRequest) (principalID string, context map[string]any, err error)

// AuthError refuses a connection with Status (401 or 403).
type AuthError struct{ Status int }

func (e *AuthError) Error() string { return http.StatusText(e.Status) }

// gateway emulates an API Gateway WebSocket API stage: the socket endpoint
// (routes by $request.body.action) and the @connections management API.
type gateway struct {
	stage     string
	apiID     string
	routes    map[string]Route
	authorize Authorizer
	idle      time.Duration
	lifetime  time.Duration
	limits    Limits
	log       *slog.Logger
	// disconnects holds one token per running $disconnect integration.
	disconnects chan struct{}

	mu    sync.RWMutex
	conns map[string]*wsConn
	users map[string]*user
	wg    sync.WaitGroup // open connections, for shutdown
	// closing is set by closeAll: a client that reconnects during the
	// shutdown is refused, or closeAll would wait for it forever.
	closing bool
}

// user is what the connections of one principal share.
type user struct {
	conns   int
	limiter *rate.Limiter
}

type wsConn struct {
	id string
	// c is the socket once the handshake is done; ready is closed then
	// (c stays nil if the upgrade failed). The connection is known to
	// @connections from the moment $connect succeeded, before the 101.
	c           *websocket.Conn
	ready       chan struct{}
	principal   string
	user        *user
	limiter     *rate.Limiter
	connectedAt time.Time
	lastActive  atomic.Int64 // unix nanos
	sourceIP    string
	userAgent   string
	authorizer  map[string]any
	host        string
	// writing holds one token while a frame is written: pushes to one
	// connection wait their turn here, so the time spent waiting does not
	// count against the write's own bound (see write).
	writing chan struct{}
}

func newGateway(stage string, routes map[string]Route, authorize Authorizer, idle, lifetime time.Duration, limits Limits, log *slog.Logger) *gateway {
	if idle <= 0 {
		idle = DefaultIdleTimeout
	}
	if lifetime <= 0 {
		lifetime = DefaultMaxLifetime
	}
	return &gateway{stage: stage, apiID: "local", routes: routes, authorize: authorize,
		idle: idle, lifetime: lifetime, limits: limits.withDefaults(), log: log,
		disconnects: make(chan struct{}, disconnectWorkers),
		conns:       map[string]*wsConn{}, users: map[string]*user{}}
}

// admit counts c against its user's connection cap; false means the user
// already holds the most connections allowed. Without an authorizer there
// are no users, and only the per-connection rate applies.
func (g *gateway) admit(c *wsConn) bool {
	if g.authorize == nil {
		return true
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	u := g.users[c.principal]
	if u == nil {
		u = &user{limiter: rate.NewLimiter(g.limits.UserRate, g.limits.UserBurst)}
		g.users[c.principal] = u
	}
	if u.conns >= g.limits.UserConnections {
		return false
	}
	u.conns++
	c.user = u
	return true
}

// release gives back the slot admit took and forgets the connection.
func (g *gateway) release(c *wsConn) {
	g.mu.Lock()
	defer g.mu.Unlock()
	delete(g.conns, c.id)
	if c.user == nil {
		return
	}
	c.user.conns--
	if c.user.conns == 0 && g.users[c.principal] == c.user {
		delete(g.users, c.principal)
	}
	c.user = nil
}

// newConnectionID makes an id shaped like API Gateway's (12 base64 chars,
// ending in "=").
func newConnectionID() string {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	return strings.ReplaceAll(base64.StdEncoding.EncodeToString(b)[:11], "/", "_") + "="
}

func newRequestID() string {
	b := make([]byte, 12)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// event builds a route event like API Gateway's.
func (g *gateway) event(c *wsConn, r *http.Request, routeKey, eventType string) events.APIGatewayWebsocketProxyRequest {
	now := time.Now()
	req := events.APIGatewayWebsocketProxyRequest{
		RequestContext: events.APIGatewayWebsocketProxyRequestContext{
			Stage: g.stage, RequestID: newRequestID(), APIID: g.apiID,
			ConnectedAt: c.connectedAt.UnixMilli(), ConnectionID: c.id,
			DomainName: c.host, EventType: eventType, ExtendedRequestID: newRequestID(),
			MessageDirection: "IN", RequestTime: now.UTC().Format("02/Jan/2006:15:04:05 -0700"),
			RequestTimeEpoch: now.UnixMilli(), RouteKey: routeKey,
			Identity: events.APIGatewayRequestIdentity{SourceIP: c.sourceIP, UserAgent: c.userAgent},
		},
		IsBase64Encoded: false,
	}
	if c.authorizer != nil {
		req.RequestContext.Authorizer = c.authorizer
	}
	if r != nil { // $connect carries the handshake's headers and query
		req.Headers, req.MultiValueHeaders = map[string]string{}, map[string][]string{}
		for k, v := range r.Header {
			req.Headers[k] = v[0]
			req.MultiValueHeaders[k] = v
		}
		if q := r.URL.Query(); len(q) > 0 {
			req.QueryStringParameters, req.MultiValueQueryStringParameters = map[string]string{}, map[string][]string{}
			for k, v := range q {
				req.QueryStringParameters[k] = v[0]
				req.MultiValueQueryStringParameters[k] = v
			}
		}
	}
	return req
}

// ServeHTTP is the WebSocket endpoint: the handshake runs the authorizer
// and $connect before upgrading, as API Gateway does, so a refusal is a
// plain HTTP status the client sees.
func (g *gateway) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	host, _, _ := net.SplitHostPort(r.RemoteAddr)
	c := &wsConn{id: newConnectionID(), ready: make(chan struct{}), writing: make(chan struct{}, 1), connectedAt: time.Now(), sourceIP: host, userAgent: r.UserAgent(), host: r.Host,
		limiter: rate.NewLimiter(g.limits.MessageRate, g.limits.MessageBurst)}
	ctx := r.Context()
	connect := g.event(c, r, "$connect", "CONNECT")
	if g.authorize != nil {
		principal, actx, err := g.authorize(ctx, connect)
		if err != nil {
			status := http.StatusUnauthorized
			var ae *AuthError
			if errors.As(err, &ae) {
				status = ae.Status
			}
			http.Error(w, `{"message":"`+http.StatusText(status)+`"}`, status)
			return
		}
		c.principal = principal
		c.authorizer = map[string]any{"principalId": principal}
		for k, v := range actx {
			c.authorizer[k] = v
		}
		connect.RequestContext.Authorizer = c.authorizer
	}
	if !g.admit(c) {
		g.log.Info("connection refused: too many connections", "connectionId", c.id, "limit", g.limits.UserConnections)
		http.Error(w, `{"message":"Too many connections for this user (at most `+fmt.Sprint(g.limits.UserConnections)+`)."}`, http.StatusTooManyRequests)
		return
	}
	if h := g.routes["$connect"]; h != nil {
		resp, err := h(ctx, connect)
		if err != nil || resp.StatusCode/100 != 2 {
			g.release(c)
			status := resp.StatusCode
			if err != nil || status == 0 {
				status = http.StatusInternalServerError
			}
			g.log.Info("connection refused by $connect", "connectionId", c.id, "status", status)
			http.Error(w, http.StatusText(status), status)
			return
		}
	}
	// $connect succeeded: the connection exists for @connections from now
	// on, as in AWS, so a backend that learnt its id from $connect can use
	// it even before the client has read its 101. Pushes wait for ready.
	c.lastActive.Store(time.Now().UnixNano())
	g.mu.Lock()
	if g.closing {
		g.mu.Unlock()
		close(c.ready)
		g.disconnect(c, 1001, "server shutting down")
		http.Error(w, http.StatusText(http.StatusServiceUnavailable), http.StatusServiceUnavailable)
		return
	}
	g.conns[c.id] = c
	g.wg.Add(1)
	g.mu.Unlock()
	ws, err := websocket.Accept(smallBuffers{w}, r, &websocket.AcceptOptions{InsecureSkipVerify: true}) // API Gateway checks no Origin
	if err != nil {
		close(c.ready)
		g.disconnect(c, 1006, "handshake failed")
		g.wg.Done()
		return
	}
	ws.SetReadLimit(MaxMessageBytes)
	c.c = ws
	close(c.ready)
	// The connection is hijacked: read it from a fresh goroutine and let
	// the handler return. The handshake's goroutine stack (grown deep by
	// net/http) and the request it holds are freed, which halves the
	// memory an idle connection costs.
	go func() {
		defer g.wg.Done()
		g.serve(c)
	}()
}

// hijackBuffer is the size of a connection's read and write buffers after
// the upgrade. Frames are small (progress frames are a few hundred bytes),
// and larger ones pass through bufio unbuffered, so 1 KiB costs nothing
// in speed while net/http's 4 KiB pair would be most of what an idle
// connection holds.
const hijackBuffer = 1 << 10

// smallBuffers hands coder/websocket the hijacked connection with small
// buffers instead of net/http's. Bytes the server already read past the
// handshake are carried over.
type smallBuffers struct{ http.ResponseWriter }

func (s smallBuffers) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	conn, brw, err := http.NewResponseController(s.ResponseWriter).Hijack()
	if err != nil {
		return nil, nil, err
	}
	// The client may have sent frames right after the handshake, and
	// net/http may have read them already. They must end up in the new
	// reader's buffer, not behind it: coder/websocket keeps what is
	// buffered and reads the rest straight from conn.
	early, _ := brw.Reader.Peek(brw.Reader.Buffered())
	br := bufio.NewReaderSize(io.MultiReader(bytes.NewReader(bytes.Clone(early)), conn), max(hijackBuffer, len(early)))
	if _, err := br.Peek(len(early)); err != nil {
		conn.Close()
		return nil, nil, fmt.Errorf("carry over early bytes: %w", err)
	}
	// net/http has already flushed the 101 response; its writer is empty.
	return conn, bufio.NewReadWriter(br, bufio.NewWriterSize(conn, hijackBuffer)), nil
}

// serve reads the connection's messages and hands each to its route, in
// order: API Gateway invokes concurrently, but in-order handling per
// connection keeps the local stack deterministic for a client.
func (g *gateway) serve(c *wsConn) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	idle := time.AfterFunc(g.idle, func() { g.expireIdle(c) })
	defer idle.Stop()
	life := time.AfterFunc(g.lifetime, func() { c.c.Close(websocket.StatusGoingAway, "Going away") })
	defer life.Stop()

	var code websocket.StatusCode
	var reason string
	for {
		typ, data, err := c.c.Read(ctx)
		if err != nil {
			code, reason = g.closeAfter(c, err)
			break
		}
		c.lastActive.Store(time.Now().UnixNano())
		if typ == websocket.MessageText && !utf8.Valid(data) {
			// RFC 6455 §8.1: a text message must be UTF-8; the endpoint
			// fails the connection with 1007 and the message goes nowhere.
			code, reason = websocket.StatusInvalidFramePayloadData, "invalid UTF-8 in a text message"
			_ = c.c.Close(code, reason)
			break
		}
		g.message(ctx, c, typ, data)
	}
	g.disconnect(c, int64(code), reason)
}

// closeAfter ends c's socket after Read failed with err and returns the
// close code and reason $disconnect reports. coder/websocket leaves the
// socket open after a failed Read (an abrupt TCP close, a frame it
// refused, a message over the read limit): only Close or CloseNow release
// its file descriptor, so every path here ends in one of them.
func (g *gateway) closeAfter(c *wsConn, err error) (websocket.StatusCode, string) {
	switch code := websocket.CloseStatus(err); {
	case code != -1: // the client's close frame; the library answered it
		_ = c.c.CloseNow()
		return code, err.Error()
	case errors.Is(err, websocket.ErrMessageTooBig): // the library sent 1009
		_ = c.c.CloseNow()
		return websocket.StatusMessageTooBig, "Message too big"
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, net.ErrClosed),
		errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.EPIPE), errors.Is(err, context.Canceled):
		// Gone without a close frame (or closed by us: idle, lifetime,
		// DELETE @connections).
		_ = c.c.CloseNow()
		return websocket.StatusAbnormalClosure, "Connection closed abnormally"
	default:
		// A frame the library refused (unmasked, reserved bits, unknown
		// opcode, bad control frame). For some it already sent 1002; for
		// an unmasked frame it sent nothing. Close sends 1002 if none was
		// sent and waits briefly for the client's answer.
		_ = c.c.Close(websocket.StatusProtocolError, "Protocol error")
		return websocket.StatusProtocolError, "Protocol error"
	}
}

// expireIdle closes c if nothing crossed it for the idle timeout, or
// schedules the next check.
func (g *gateway) expireIdle(c *wsConn) {
	last := time.Unix(0, c.lastActive.Load())
	if wait := g.idle - time.Since(last); wait > 0 {
		time.AfterFunc(wait, func() { g.expireIdle(c) })
		return
	}
	c.c.Close(websocket.StatusGoingAway, "Going away")
}

func (g *gateway) message(ctx context.Context, c *wsConn, typ websocket.MessageType, data []byte) {
	ev := g.event(c, nil, "", "MESSAGE")
	ev.RequestContext.MessageID = newRequestID()
	if typ == websocket.MessageBinary {
		ev.Body, ev.IsBase64Encoded = base64.StdEncoding.EncodeToString(data), true
	} else {
		ev.Body = string(data)
	}
	// Route selection: $request.body.action; non-JSON or an unknown action
	// goes to $default.
	routeKey := "$default"
	var sel struct {
		Action any `json:"action"`
	}
	if typ == websocket.MessageText && json.Unmarshal(data, &sel) == nil {
		if a, ok := sel.Action.(string); ok && g.routes[a] != nil && !strings.HasPrefix(a, "$") {
			routeKey = a
		}
	}
	ev.RequestContext.RouteKey = routeKey
	if !c.limiter.Allow() || (c.user != nil && !c.user.limiter.Allow()) {
		action, _ := sel.Action.(string)
		frame, _ := json.Marshal(protocol.Frame{Action: protocol.AnswerError,
			Message: "Too many messages: slow down and send this one again in a moment.",
			Data:    protocol.ErrorData{Code: codeTooManyRequests, RequestAction: nonEmpty(action)}})
		g.write(ctx, c, frame)
		return
	}
	h := g.routes[routeKey]
	if h == nil {
		g.write(ctx, c, []byte(`{"message": "Forbidden", "connectionId":"`+c.id+`", "requestId":"`+ev.RequestContext.RequestID+`"}`))
		return
	}
	if _, err := h(ctx, ev); err != nil {
		// What API Gateway sends when an integration fails.
		g.log.Error("route integration failed", "connectionId", c.id, "route", routeKey, "error", err)
		g.write(ctx, c, []byte(`{"message": "Internal server error", "connectionId":"`+c.id+`", "requestId":"`+ev.RequestContext.RequestID+`"}`))
	}
}

func nonEmpty(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// disconnect forgets c and runs $disconnect through the bounded pool of
// disconnectWorkers, retrying a failed attempt with backoff. Its deadline
// starts when a worker takes it, so a long queue of closes cannot make
// each one fail before it even ran.
func (g *gateway) disconnect(c *wsConn, code int64, reason string) {
	g.release(c)
	h := g.routes["$disconnect"]
	if h == nil {
		return
	}
	ev := g.event(c, nil, "$disconnect", "DISCONNECT")
	ev.RequestContext.DisconnectStatusCode = code
	ev.RequestContext.DisconnectReason = &reason
	var err error
	for attempt := range disconnectAttempts {
		if attempt > 0 {
			time.Sleep(disconnectBackoff << (attempt - 1))
		}
		if err = g.runDisconnect(h, ev); err == nil {
			return
		}
	}
	g.log.Warn("$disconnect failed", "connectionId", c.id, "attempts", disconnectAttempts, "error", err)
}

func (g *gateway) runDisconnect(h Route, ev events.APIGatewayWebsocketProxyRequest) error {
	g.disconnects <- struct{}{}
	defer func() { <-g.disconnects }()
	ctx, cancel := context.WithTimeout(context.Background(), disconnectTimeout)
	defer cancel()
	_, err := h(ctx, ev)
	return err
}

// Bounds of write: how long a push waits for its turn on a connection, and
// how long the write itself may take before the connection is given up
// (coder/websocket closes it then; a client that stopped reading).
const (
	writeWait    = 5 * time.Second
	writeTimeout = 5 * time.Second
)

// write sends one frame to c. Until the write starts, the caller's
// cancellation counts: a POST @connections whose caller gave up (it was
// told the post failed) is not delivered later, or a frame the caller
// believes lost would arrive after all, and a retry of it twice. Once the
// write has started it does not: coder/websocket closes a connection whose
// write context ends mid-frame, so a caller giving up then would cut the
// client off, which a slow PostToConnection never does in AWS. For the
// same reason the wait for the connection's turn is bounded apart from the
// write: with one deadline for both, a push that waited behind others
// under load had little time left for the write itself, and its expiry
// closed the connection.
func (g *gateway) write(ctx context.Context, c *wsConn, data []byte) error {
	select {
	case c.writing <- struct{}{}: // free: no timer for the wait (most pushes)
	default:
		wait, cancel := context.WithTimeout(ctx, writeWait)
		defer cancel()
		select {
		case c.writing <- struct{}{}:
		case <-wait.Done():
			return fmt.Errorf("waiting to write to %s: %w", c.id, wait.Err())
		}
	}
	defer func() { <-c.writing }()
	if err := ctx.Err(); err != nil { // both were ready: the caller is gone
		return fmt.Errorf("write to %s: %w", c.id, err)
	}
	wctx, wcancel := context.WithTimeout(context.Background(), writeTimeout)
	defer wcancel()
	c.lastActive.Store(time.Now().UnixNano())
	return c.c.Write(wctx, websocket.MessageText, data)
}

func (g *gateway) lookup(id string) *wsConn {
	g.mu.RLock()
	defer g.mu.RUnlock()
	return g.conns[id]
}

// socket waits for c's handshake to finish and returns its socket, nil if
// the upgrade failed or ctx ended first.
func (c *wsConn) socket(ctx context.Context) *websocket.Conn {
	select {
	case <-c.ready:
		return c.c
	case <-ctx.Done():
		return nil
	}
}

// connectionsAPI serves the @connections management API:
// POST/GET/DELETE /@connections/{id}, 410 GoneException for unknown ids.
func (g *gateway) connectionsAPI(w http.ResponseWriter, r *http.Request) {
	_, id, ok := strings.Cut(r.URL.Path, "/@connections/")
	if !ok || id == "" || strings.Contains(id, "/") {
		apiError(w, http.StatusNotFound, "NotFoundException", "no such resource")
		return
	}
	c := g.lookup(id)
	if c == nil {
		apiError(w, http.StatusGone, "GoneException", "")
		return
	}
	switch r.Method {
	case http.MethodPost:
		body, err := io.ReadAll(io.LimitReader(r.Body, MaxMessageBytes+1))
		if err != nil {
			apiError(w, http.StatusBadRequest, "BadRequestException", err.Error())
			return
		}
		if len(body) > MaxMessageBytes {
			apiError(w, http.StatusRequestEntityTooLarge, "PayloadTooLargeException", "Message too long")
			return
		}
		if c.socket(r.Context()) == nil {
			apiError(w, http.StatusGone, "GoneException", "")
			return
		}
		if err := g.write(r.Context(), c, body); err != nil {
			apiError(w, http.StatusGone, "GoneException", "")
			return
		}
		w.WriteHeader(http.StatusOK)
	case http.MethodGet:
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]any{
			"connectedAt":  c.connectedAt.UTC().Format(time.RFC3339Nano),
			"identity":     map[string]string{"sourceIp": c.sourceIP, "userAgent": c.userAgent},
			"lastActiveAt": time.Unix(0, c.lastActive.Load()).UTC().Format(time.RFC3339Nano),
		})
	case http.MethodDelete:
		if ws := c.socket(r.Context()); ws != nil {
			ws.Close(websocket.StatusNormalClosure, "")
		}
		w.WriteHeader(http.StatusNoContent)
	default:
		apiError(w, http.StatusMethodNotAllowed, "BadRequestException", "method not allowed")
	}
}

func apiError(w http.ResponseWriter, status int, typ, message string) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("X-Amzn-ErrorType", typ)
	w.WriteHeader(status)
	fmt.Fprintf(w, `{"__type":%q,"message":%q}`, typ, message)
}

// closeAll closes every connection (each runs $disconnect) and waits.
func (g *gateway) closeAll() {
	g.mu.Lock()
	g.closing = true
	conns := make([]*wsConn, 0, len(g.conns))
	for _, c := range g.conns {
		conns = append(conns, c)
	}
	g.mu.Unlock()
	for _, c := range conns {
		go func() {
			if ws := c.socket(context.Background()); ws != nil {
				ws.Close(websocket.StatusGoingAway, "server shutting down")
			}
		}()
	}
	g.wg.Wait()
}
