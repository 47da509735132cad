package main

import (
	"bufio"
	"context"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"

	"docflow/shared/auth"
)

// serveInProcess runs cmdServe with args and returns its endpoints once
// printed; the server stops with the test.
func serveInProcess(t *testing.T, args ...string) map[string]string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- cmdServe(ctx, append([]string{"--addr", "127.0.0.1:0"}, args...), pw, io.Discard)
		pw.Close()
	}()
	t.Cleanup(func() {
		cancel()
		go io.Copy(io.Discard, pr)
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
	})
	endpoints := map[string]string{}
	sc := bufio.NewScanner(pr)
	for sc.Scan() {
		name, u, _ := strings.Cut(sc.Text(), ": ")
		endpoints[name] = u
		if name == "token" {
			return endpoints
		}
	}
	t.Fatalf("serve ended before printing its endpoints: %v", <-done)
	return nil
}

// TestServeIdleAndLifetimeFlags: --idle-timeout and --max-lifetime cut
// connections as API Gateway's 10-minute and 2-hour limits do, with 1001.
func TestServeIdleAndLifetimeFlags(t *testing.T) {
	tests := []struct {
		name string
		args []string
		ping bool // keep the connection busy, so only the lifetime can cut it
	}{
		{"idle", []string{"--idle-timeout", "300ms"}, false},
		{"lifetime", []string{"--max-lifetime", "1s"}, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ep := serveInProcess(t, tc.args...)
			ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
			defer cancel()
			c, _, err := websocket.Dial(ctx, ep["websocket"]+"?"+auth.TokenParameter+"="+url.QueryEscape(ep["token"]), nil)
			if err != nil {
				t.Fatal(err)
			}
			defer c.CloseNow()
			if tc.ping {
				go func() {
					for ctx.Err() == nil {
						if c.Write(ctx, websocket.MessageText, []byte(`{"action":"ping"}`)) != nil {
							return
						}
						time.Sleep(100 * time.Millisecond)
					}
				}()
			}
			for {
				_, _, err := c.Read(ctx)
				if err == nil {
					continue
				}
				if got := websocket.CloseStatus(err); got != websocket.StatusGoingAway {
					t.Fatalf("connection ended with %v (%v), want 1001 Going away", got, err)
				}
				return
			}
		})
	}
}

func TestServeRejectsBadDurations(t *testing.T) {
	for _, args := range [][]string{{"--idle-timeout", "soon"}, {"--max-lifetime", "0s"}, {"--idle-timeout", "-1m"}} {
		err := cmdServe(t.Context(), args, io.Discard, io.Discard)
		var ee exitError
		if !errors.As(err, &ee) || ee != 2 {
			t.Errorf("serve %v: %v, want exit status 2", args, err)
		}
	}
}

// TestServeAllowHost: config.json (with the dev token) is served for
// loopback and --allow-host names only.
func TestServeAllowHost(t *testing.T) {
	ep := serveInProcess(t, "--allow-host", "docflow.test")
	for host, want := range map[string]int{"docflow.test": 200, "rebound.example": 403, "": 200} {
		req, _ := http.NewRequest(http.MethodGet, ep["web"]+"config.json", nil)
		if host != "" {
			req.Host = host
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != want {
			t.Errorf("config.json for Host %q: %s, want %d", host, resp.Status, want)
		}
	}
}
