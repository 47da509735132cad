package stack

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/coder/websocket"
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
	c, _, err := websocket.Dial(ctx, s.ClientURL(s.DevToken()), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer c.CloseNow()
	c.SetReadLimit(MaxMessageBytes + 1024)
	var id string
	for id == "" {
		s.gw.mu.RLock()
		for k := range s.gw.conns {
			id = k
		}
		s.gw.mu.RUnlock()
	}
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
