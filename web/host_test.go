package web

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestConfigOnlyForLoopbackOrAllowedHosts: config.json holds the dev
// token, so a page on another name that rebinds its DNS to 127.0.0.1
// (its requests carry its own Host) must not get it.
func TestConfigOnlyForLoopbackOrAllowedHosts(t *testing.T) {
	h := Handler(Config{WebSocketURL: "ws://127.0.0.1:1/local", Token: "t0k", AllowedHosts: []string{"docflow.test"}})
	tests := []struct {
		host string
		want int
	}{
		{"127.0.0.1:8080", http.StatusOK},
		{"127.9.9.9", http.StatusOK},
		{"localhost:8080", http.StatusOK},
		{"LOCALHOST.", http.StatusOK},
		{"[::1]:8080", http.StatusOK},
		{"docflow.test:8080", http.StatusOK},
		{"Docflow.Test", http.StatusOK},
		{"evil.example:8080", http.StatusForbidden},
		{"evil.example", http.StatusForbidden},
		{"localhost.evil.example", http.StatusForbidden},
		{"10.0.0.1:8080", http.StatusForbidden},
		{"[::ffff:10.0.0.1]:8080", http.StatusForbidden},
		{"", http.StatusForbidden},
	}
	for _, tc := range tests {
		t.Run(tc.host, func(t *testing.T) {
			r := httptest.NewRequest(http.MethodGet, "/config.json", nil)
			r.Host = tc.host
			w := httptest.NewRecorder()
			h.ServeHTTP(w, r)
			if w.Code != tc.want {
				t.Fatalf("Host %q: status %d, want %d", tc.host, w.Code, tc.want)
			}
			if got := strings.Contains(w.Body.String(), "t0k"); got != (tc.want == http.StatusOK) {
				t.Errorf("Host %q: token in the answer = %v", tc.host, got)
			}
		})
	}
	// Without a token config.json is public, as for a deployed page.
	r0 := httptest.NewRequest(http.MethodGet, "/config.json", nil)
	r0.Host = "docs.example.com"
	w0 := httptest.NewRecorder()
	Handler(Config{WebSocketURL: "wss://a.example/prod"}).ServeHTTP(w0, r0)
	if w0.Code != http.StatusOK {
		t.Errorf("config.json without a token for another Host: %d", w0.Code)
	}
	// The page itself is not secret and stays reachable under any name.
	r := httptest.NewRequest(http.MethodGet, "/", nil)
	r.Host = "evil.example"
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	if w.Code != http.StatusOK {
		t.Errorf("index.html for another Host: %d", w.Code)
	}
}
