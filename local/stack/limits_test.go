package stack

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/coder/websocket"
)

// pings sends n pings on each client at once and counts the pongs and the
// TooManyRequests error frames that come back.
func pings(t *testing.T, n int, clients ...*wsClient) (pongs, throttled int) {
	t.Helper()
	for _, w := range clients {
		for range n {
			w.send(`{"action":"ping"}`)
		}
	}
	for _, w := range clients {
		for range n {
			f := w.next()
			switch {
			case f["action"] == "pong":
				pongs++
			case f["action"] == "error" && data(f)["code"] == string(codeTooManyRequests):
				throttled++
				if data(f)["requestAction"] != "ping" {
					t.Errorf("throttled frame names requestAction %v, want ping", data(f)["requestAction"])
				}
				if msg, _ := f["message"].(string); msg == "" {
					t.Errorf("throttled frame has no message: %v", f)
				}
			default:
				t.Errorf("unexpected frame %v", f)
			}
		}
	}
	return pongs, throttled
}

func TestMessageRateLimits(t *testing.T) {
	tests := []struct {
		name    string
		limits  Limits
		clients int
	}{
		{"per connection", Limits{MessageRate: 0.01, MessageBurst: 3}, 1},
		{"per user across connections", Limits{UserRate: 0.01, UserBurst: 3}, 2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := startStack(t, Config{Limits: tc.limits})
			var clients []*wsClient
			for range tc.clients {
				clients = append(clients, dialWS(t, s.ClientURL(s.DevToken())))
			}
			pongs, throttled := pings(t, 5, clients...)
			if pongs != 3 || throttled != 5*tc.clients-3 {
				t.Errorf("got %d pongs and %d throttled, want 3 and %d", pongs, throttled, 5*tc.clients-3)
			}
			// Another user has a budget of its own.
			tok, err := s.Token("someone-else", time.Hour)
			if err != nil {
				t.Fatal(err)
			}
			other := dialWS(t, s.ClientURL(tok))
			if pongs, _ := pings(t, 1, other); pongs != 1 {
				t.Errorf("another user was throttled by the first one's messages")
			}
		})
	}
}

func TestConnectionCapPerUser(t *testing.T) {
	s := startStack(t, Config{Limits: Limits{UserConnections: 2}})
	url := s.ClientURL(s.DevToken())
	first := dialWS(t, url)
	dialWS(t, url)
	_, resp, err := websocket.Dial(t.Context(), url, nil)
	if err == nil || resp == nil || resp.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("third connection of one user: err %v, response %v; want 429", err, resp)
	}
	tok, err := s.Token("someone-else", time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	dialWS(t, s.ClientURL(tok)) // another user is not counted against dev

	// Closing one connection gives its slot back.
	first.c.Close(websocket.StatusNormalClosure, "")
	deadline := time.Now().Add(30 * time.Second)
	for {
		ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
		c, _, err := websocket.Dial(ctx, url, nil)
		cancel()
		if err == nil {
			c.CloseNow()
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no slot after a connection closed: %v", err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
