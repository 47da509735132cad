package stack

import (
	"bufio"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/coder/websocket"
)

// testGateway serves a bare gateway whose $connect answers 200 and
// reports each connection id on ids (if not nil), and whose $default
// counts the messages it was handed.
type testGateway struct {
	gw       *gateway
	srv      *httptest.Server
	ids      chan string
	messages atomic.Int64
	texts    chan string
}

func startTestGateway(t testing.TB, ids int) *testGateway {
	t.Helper()
	tg := &testGateway{ids: make(chan string, ids), texts: make(chan string, 16)}
	ok := events.APIGatewayProxyResponse{StatusCode: 200}
	tg.gw = newGateway("test", map[string]Route{
		"$connect": func(_ context.Context, ev events.APIGatewayWebsocketProxyRequest) (events.APIGatewayProxyResponse, error) {
			select {
			case tg.ids <- ev.RequestContext.ConnectionID:
			default:
			}
			return ok, nil
		},
		"$default": func(_ context.Context, ev events.APIGatewayWebsocketProxyRequest) (events.APIGatewayProxyResponse, error) {
			tg.messages.Add(1)
			select {
			case tg.texts <- ev.Body:
			default:
			}
			return ok, nil
		},
	}, nil, time.Hour, time.Hour, Limits{MessageRate: 1e6, MessageBurst: 1e6}, slog.New(slog.DiscardHandler))
	mux := http.NewServeMux()
	mux.Handle("/test/@connections/", http.HandlerFunc(tg.gw.connectionsAPI))
	mux.Handle("/test", tg.gw)
	tg.srv = httptest.NewServer(mux)
	t.Cleanup(tg.srv.Close)
	return tg
}

// rawDial opens a TCP connection to addr and completes a WebSocket
// handshake on it by hand, so a test can then write any bytes at all.
func rawDial(addr, path string) (net.Conn, *bufio.Reader, error) {
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		return nil, nil, err
	}
	conn.SetDeadline(time.Now().Add(30 * time.Second))
	req := "GET " + path + " HTTP/1.1\r\nHost: " + addr + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
		"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
	if _, err := io.WriteString(conn, req); err != nil {
		conn.Close()
		return nil, nil, err
	}
	br := bufio.NewReader(conn)
	resp, err := http.ReadResponse(br, nil)
	if err != nil {
		conn.Close()
		return nil, nil, err
	}
	if resp.StatusCode != http.StatusSwitchingProtocols {
		conn.Close()
		return nil, nil, fmt.Errorf("handshake answered %s", resp.Status)
	}
	return conn, br, nil
}

// clientFrame is a client frame with opcode op; masked as RFC 6455
// requires unless masked is false.
func clientFrame(op byte, payload []byte, masked bool) []byte {
	f := []byte{0x80 | op}
	var m byte
	if masked {
		m = 0x80
	}
	switch n := len(payload); {
	case n < 126:
		f = append(f, m|byte(n))
	case n < 1<<16:
		f = append(f, m|126, byte(n>>8), byte(n))
	default:
		f = append(f, m|127)
		f = binary.BigEndian.AppendUint64(f, uint64(n))
	}
	if !masked {
		return append(f, payload...)
	}
	key := [4]byte{9, 8, 7, 6}
	f = append(f, key[:]...)
	for i, b := range payload {
		f = append(f, b^key[i%4])
	}
	return f
}

// readClose reads server frames until a close frame and returns its code.
func readClose(br *bufio.Reader) (int, error) {
	for {
		var h [2]byte
		if _, err := io.ReadFull(br, h[:]); err != nil {
			return 0, err
		}
		n := int(h[1] & 0x7f)
		switch n {
		case 126:
			var b [2]byte
			if _, err := io.ReadFull(br, b[:]); err != nil {
				return 0, err
			}
			n = int(binary.BigEndian.Uint16(b[:]))
		case 127:
			var b [8]byte
			if _, err := io.ReadFull(br, b[:]); err != nil {
				return 0, err
			}
			n = int(binary.BigEndian.Uint64(b[:]))
		}
		p := make([]byte, n)
		if _, err := io.ReadFull(br, p); err != nil {
			return 0, err
		}
		if h[0]&0x0f == 0x8 {
			if len(p) < 2 {
				return 1005, nil
			}
			return int(binary.BigEndian.Uint16(p)), nil
		}
	}
}

// openFiles counts this process's file descriptors.
func openFiles(t testing.TB) int {
	t.Helper()
	fds, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Skipf("cannot count file descriptors: %v", err)
	}
	return len(fds)
}

// settle waits until the gateway holds no connection and the fd count is
// at most want, and returns the last count.
func settle(t testing.TB, gw *gateway, want int) int {
	t.Helper()
	deadline := time.Now().Add(2 * time.Minute)
	for {
		gw.mu.RLock()
		open := len(gw.conns)
		gw.mu.RUnlock()
		n := openFiles(t)
		if (open == 0 && n <= want) || time.Now().After(deadline) {
			return n
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestAbruptClosesLeakNoDescriptors: 20,000 clients that complete the
// handshake and drop the TCP connection without a close frame leave the
// server's descriptor count where it started, and a new client is served.
func TestAbruptClosesLeakNoDescriptors(t *testing.T) {
	raiseFileLimit(t)
	tg := startTestGateway(t, 0)
	addr := tg.srv.Listener.Addr().String()
	// Warm the listener and the client's resolver so the baseline counts
	// only what stays open between connections.
	if c, _, err := rawDial(addr, "/test"); err == nil {
		c.Close()
	}
	const slack = 16
	baseline := settle(t, tg.gw, 1<<30)

	const n, parallel = 20000, 32
	var failed atomic.Int64
	var firstErr atomic.Value
	var wg sync.WaitGroup
	next := make(chan struct{})
	for range parallel {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range next {
				c, _, err := rawDial(addr, "/test")
				if err != nil {
					failed.Add(1)
					firstErr.CompareAndSwap(nil, err)
					continue
				}
				c.Close()
			}
		}()
	}
	for range n {
		next <- struct{}{}
	}
	close(next)
	wg.Wait()
	if f := failed.Load(); f > 0 {
		t.Errorf("%d of %d handshakes failed; first: %v", f, n, firstErr.Load())
	}
	if got := settle(t, tg.gw, baseline+slack); got > baseline+slack {
		t.Errorf("open descriptors after %d abrupt closes: %d, baseline %d", n, got, baseline)
	}
	ws, _, err := websocket.Dial(t.Context(), "ws"+strings.TrimPrefix(tg.srv.URL, "http")+"/test", nil)
	if err != nil {
		t.Fatalf("a new connection after the churn: %v", err)
	}
	ws.CloseNow()
}

// TestProtocolErrorsCloseTheConnection: frames RFC 6455 forbids end the
// connection with the right close code, the server closes its side (no
// CLOSE-WAIT), the handler never sees them, and no descriptor is left.
func TestProtocolErrorsCloseTheConnection(t *testing.T) {
	tests := []struct {
		name  string
		frame []byte
		code  int
	}{
		{"unmasked frame", clientFrame(0x1, []byte(`{"action":"ping"}`), false), 1002},
		{"invalid UTF-8 in text", clientFrame(0x1, []byte("{\"action\":\"ping\",\"name\":\"a\xffb\"}"), true), 1007},
		{"message over 128 KB", clientFrame(0x1, []byte(`{"action":"ping","pad":"`+strings.Repeat("x", MaxMessageBytes)+`"}`), true), 1009},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tg := startTestGateway(t, 0)
			addr := tg.srv.Listener.Addr().String()
			baseline := settle(t, tg.gw, 1<<30)
			conn, br, err := rawDial(addr, "/test")
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			if _, err := conn.Write(tc.frame); err != nil {
				t.Fatal(err)
			}
			code, err := readClose(br)
			if err != nil {
				t.Fatalf("no close frame: %v", err)
			}
			if code != tc.code {
				t.Errorf("close code %d, want %d", code, tc.code)
			}
			// The client does not answer the close: the server must still
			// close its side, so the next read sees EOF, not a timeout.
			conn.SetReadDeadline(time.Now().Add(20 * time.Second))
			if _, err := br.ReadByte(); !errors.Is(err, io.EOF) && !errors.Is(err, net.ErrClosed) && !strings.Contains(fmt.Sprint(err), "reset") {
				t.Errorf("after the close frame the server kept its side open: %v", err)
			}
			if got := tg.messages.Load(); got != 0 {
				t.Errorf("the handler was handed %d message(s) of a refused frame: %q", got, <-tg.texts)
			}
			conn.Close()
			if got := settle(t, tg.gw, baseline); got > baseline {
				t.Errorf("open descriptors %d after the close, baseline %d", got, baseline)
			}
		})
	}
}

// TestConnectionUsableRightAfterHandshake: the moment a client has its 101,
// @connections knows its connection (AWS: usable once $connect succeeded).
func TestConnectionUsableRightAfterHandshake(t *testing.T) {
	const n = 200
	tg := startTestGateway(t, n)
	addr := tg.srv.Listener.Addr().String()
	for i := range n {
		conn, _, err := rawDial(addr, "/test")
		if err != nil {
			t.Fatal(err)
		}
		id := <-tg.ids
		resp, err := http.Get(tg.srv.URL + "/test/@connections/" + id)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Errorf("connection %d: GET @connections right after the 101 answered %s", i, resp.Status)
		}
		conn.Close()
	}
}

// TestSimultaneousClosesForgetEveryConnection: 2,000 connections of the
// stack dropped at once all run $disconnect to success: no failure is
// logged and no connection row is left in the table.
func TestSimultaneousClosesForgetEveryConnection(t *testing.T) {
	raiseFileLimit(t)
	const n = 2000
	logs := &syncBuffer{}
	s := startStack(t, Config{Log: logs, Limits: Limits{UserConnections: n}})
	clients := dialMany(t, s, n)
	var wg sync.WaitGroup
	for _, c := range clients {
		wg.Add(1)
		go func() { defer wg.Done(); c.CloseNow() }()
	}
	wg.Wait()
	s.gw.wg.Wait() // every serve goroutine, $disconnect included, has ended
	failed := strings.Count(logs.String(), `"msg":"forget connection"`) + strings.Count(logs.String(), `"msg":"$disconnect failed"`)
	if failed > 0 {
		t.Errorf("%d of %d $disconnect calls failed", failed, n)
	}
	if rows := connectionRows(t, s); rows != 0 {
		t.Errorf("%d connection rows left after every connection closed", rows)
	}
}

// dialMany opens n connections of the dev user, a few at a time.
func dialMany(t testing.TB, s *Stack, n int) []*websocket.Conn {
	t.Helper()
	clients := make([]*websocket.Conn, n)
	url := s.ClientURL(s.DevToken())
	var wg sync.WaitGroup
	errs := make(chan error, n)
	sem := make(chan struct{}, 16)
	for i := range clients {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			c, _, err := websocket.Dial(ctx, url, nil)
			if err != nil {
				errs <- err
				return
			}
			clients[i] = c
		}()
	}
	wg.Wait()
	close(errs)
	if err := <-errs; err != nil {
		t.Fatalf("dial: %v", err)
	}
	return clients
}

// connectionRows counts the items of the connections table.
func connectionRows(t testing.TB, s *Stack) int {
	t.Helper()
	db := newClients(s.endpoints).dynamo
	total := 0
	p := dynamodb.NewScanPaginator(db, &dynamodb.ScanInput{TableName: aws.String(ConnectionsTable), Select: "COUNT"})
	for p.HasMorePages() {
		out, err := p.NextPage(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		total += int(out.Count)
	}
	return total
}
