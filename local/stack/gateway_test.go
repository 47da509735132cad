package stack

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// maskedText is a client's masked WebSocket text frame (payload < 126 bytes).
func maskedText(payload string) []byte {
	key := [4]byte{1, 2, 3, 4}
	f := []byte{0x81, 0x80 | byte(len(payload)), key[0], key[1], key[2], key[3]}
	for i := range len(payload) {
		f = append(f, payload[i]^key[i%4])
	}
	return f
}

// TestFrameSentWithTheHandshake: a client that sends its first frame in
// the same write as the upgrade request (allowed once it expects the 101)
// gets it served: the bytes net/http read ahead are not lost when the
// gateway swaps in its small buffers.
func TestFrameSentWithTheHandshake(t *testing.T) {
	s := startStack(t, Config{})
	u, _ := url.Parse(s.ClientURL(s.DevToken()))
	conn, err := net.Dial("tcp", u.Host)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(30 * time.Second))
	req := "GET " + u.RequestURI() + " HTTP/1.1\r\nHost: " + u.Host + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
		"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
	if _, err := conn.Write(append([]byte(req), maskedText(`{"action":"ping"}`)...)); err != nil {
		t.Fatal(err)
	}
	br := bufio.NewReader(conn)
	resp, err := http.ReadResponse(br, nil)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusSwitchingProtocols {
		t.Fatalf("handshake answered %s", resp.Status)
	}
	head := make([]byte, 2)
	if _, err := io.ReadFull(br, head); err != nil {
		t.Fatalf("no frame after the handshake: %v", err)
	}
	payload := make([]byte, head[1]&0x7f)
	if _, err := io.ReadFull(br, payload); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(payload), `"pong"`) {
		t.Errorf("the pipelined ping was answered with %q", payload)
	}
}
