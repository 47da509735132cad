package stack

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"net"
	"net/http"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/apigatewaymanagementapi"
	"github.com/coder/websocket"

	"docflow/shared/progress"
)

// A push whose caller gives up (the publisher's per-attempt timeout, under
// load) must not cut the client off: in AWS a slow PostToConnection never
// closes the client's connection. The client here stops reading until its
// socket's buffers are full, so a push blocks in the socket write; the
// caller then gives up. Once the client reads again, its connection is
// still open and serves it.
func TestAbandonedPushKeepsConnection(t *testing.T) {
	s := startStack(t, Config{})
	ctx := context.Background()
	c, id := dialOnly(t, s)
	c.SetReadLimit(MaxMessageBytes + 1024)
	url := s.endpoints.Connections + "/@connections/" + id
	frame := bytes.Repeat([]byte("x"), MaxMessageBytes)
	// Push until one push does not finish within its caller's patience:
	// the client reads nothing, so the socket's buffers fill.
	pushed, abandoned := 0, false
	for range 1000 {
		err := signedPost(t, url, frame, 300*time.Millisecond)
		if errors.Is(err, context.DeadlineExceeded) {
			abandoned = true
			break
		}
		if err != nil {
			t.Fatalf("push %d: %v", pushed+1, err)
		}
		pushed++
	}
	if !abandoned {
		t.Fatal("every push finished although the client read nothing")
	}
	// Read what was pushed (and the abandoned push, if the gateway still
	// delivers it), then the connection must still answer a ping.
	for i := range pushed {
		if _, _, err := c.Read(ctx); err != nil {
			t.Fatalf("reading push %d of %d after one was abandoned: %v", i+1, pushed, err)
		}
	}
	if err := c.Write(ctx, websocket.MessageText, []byte(`{"action":"ping"}`)); err != nil {
		t.Fatalf("ping: %v", err)
	}
	for {
		_, msg, err := c.Read(ctx)
		if err != nil {
			t.Fatalf("connection closed after an abandoned push: %v", err)
		}
		if bytes.Contains(msg, []byte(`"pong"`)) {
			return
		}
	}
}

// signedPost POSTs body to an @connections URL, signed as the stack's
// functions sign, giving up after patience.
func signedPost(t *testing.T, url string, body []byte, patience time.Duration) error {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), patience)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return err
	}
	sum := sha256.Sum256(body)
	if err := benchSigner.SignHTTP(ctx, stackCredentials, req, hex.EncodeToString(sum[:]), "execute-api", Region, time.Now()); err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, resp.Body)
	if resp.StatusCode != http.StatusOK {
		return errors.New(resp.Status)
	}
	return nil
}

// A push that waits for one of the publisher's own outbound connections
// (a busy pool or a slow dial, as under 10,000 documents at once) longer
// than the send timeout is still delivered. When that wait counted against
// the attempt, the post failed before it was ever sent and the frame was
// lost (the first progress frame of thousands of documents). Here the
// publisher's every dial waits past its send timeout before connecting.
func TestPushQueuedForAConnectionIsDelivered(t *testing.T) {
	s := startStack(t, Config{})
	w := dialWS(t, s.ClientURL(s.DevToken()))
	id := onlyConnection(s)
	const sendTimeout = 20 * time.Millisecond
	slowDial := &http.Transport{DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
		select {
		case <-time.After(10 * sendTimeout):
		case <-ctx.Done():
			return nil, ctx.Err()
		}
		return new(net.Dialer).DialContext(ctx, network, addr)
	}}
	defer slowDial.CloseIdleConnections()
	poster := apigatewaymanagementapi.NewFromConfig(aws.Config{
		Region:      Region,
		Credentials: credentials.NewStaticCredentialsProvider(accessKeyID, secretAccessKey, ""),
		HTTPClient:  &http.Client{Transport: slowDial},
	}, func(o *apigatewaymanagementapi.Options) { o.BaseEndpoint = aws.String(s.endpoints.Connections) })
	pub := progress.NewPublisher(poster, storeOf(s), s.log, progress.WithSendTimeout(sendTimeout))
	if err := pub.Send(t.Context(), id, map[string]string{"action": "pong"}); err != nil {
		t.Fatalf("push that waited for a connection: %v", err)
	}
	if f := w.next(); f["action"] != "pong" {
		t.Errorf("client got %v, want the pushed pong", f)
	}
}

// onlyConnection waits for s's gateway to know one connection and returns
// its id.
func onlyConnection(s *Stack) string {
	for {
		s.gw.mu.RLock()
		for id := range s.gw.conns {
			s.gw.mu.RUnlock()
			return id
		}
		s.gw.mu.RUnlock()
		time.Sleep(time.Millisecond)
	}
}

// The gateway answers a push within its own bounds (the wait for the
// connection's turn, then the write) before the publisher's backstop runs
// out, so a push the publisher gave up on is one the gateway failed, not
// one it delivers later.
func TestGatewayAnswersBeforeThePublisherGivesUp(t *testing.T) {
	if got, limit := writeWait+writeTimeout, progress.DefaultSendTimeout; got >= limit {
		t.Errorf("gateway bounds a push at %s, publisher gives up at %s: want the gateway first", got, limit)
	}
}
