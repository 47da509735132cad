package main

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	neturl "net/url"
	"os"
	"strings"
	"time"
)

// localToken asks a local stack for its dev token: `docflow serve` puts it
// in the web page's config.json. Only loopback stacks are asked, so a token
// is never fetched from (or a request never sent to) a real deployment by
// surprise; there the user passes --token or DOCFLOW_TOKEN.
func localToken(ctx context.Context, wsURL string) (string, error) {
	var cfg struct {
		Token string `json:"token"`
	}
	if err := getLocal(ctx, wsURL, "/config.json", nil, &cfg); err != nil {
		return "", err
	}
	if cfg.Token == "" {
		return "", fmt.Errorf("the stack at %s offers no dev token: pass --token", wsURL)
	}
	return cfg.Token, nil
}

// getLocal GETs path (with query) from the HTTP side of the loopback stack
// whose WebSocket URL is wsURL and decodes its JSON answer into v.
func getLocal(ctx context.Context, wsURL, path string, query neturl.Values, v any) error {
	u, err := neturl.Parse(wsURL)
	if err != nil || (u.Scheme != "ws" && u.Scheme != "wss") {
		return fmt.Errorf("%s is not a WebSocket URL (ws://… or wss://…, the websocket: line of docflow serve)", wsURL)
	}
	if !isLoopback(wsURL) {
		return fmt.Errorf("%s is not a local stack: pass --token or set DOCFLOW_TOKEN", u.Host)
	}
	scheme := "http"
	if u.Scheme == "wss" {
		scheme = "https"
	}
	target := &neturl.URL{Scheme: scheme, Host: u.Host, Path: path, RawQuery: query.Encode()}
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, target.String(), nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return unreachable(wsURL, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		body, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
		return fmt.Errorf("the stack at %s answered %s for %s: %s", u.Host, resp.Status, path, strings.TrimSpace(string(body)))
	}
	if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
		return fmt.Errorf("the stack at %s answered %s with something else than JSON: is it a docflow stack?", u.Host, path)
	}
	return nil
}

// devTokenPath is the loopback stack's dev token endpoint
// (local/stack/devtoken.go).
const devTokenPath = "/dev/token"

func cmdToken(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("token", stderr)
	url := fs.String("url", cmp.Or(os.Getenv("DOCFLOW_URL"), "ws://127.0.0.1:8080/local"), "WebSocket URL of a loopback stack (env DOCFLOW_URL)")
	ttl := fs.Duration("ttl", 24*time.Hour, "how long the token lasts")
	pos, err := parseFlags(fs, args, stdout)
	if err != nil {
		return err
	}
	if len(pos) != 1 || pos[0] == "" {
		return usageError(fs, "name one subject (the user the token is for)")
	}
	var ans struct {
		Token     string    `json:"token"`
		ExpiresAt time.Time `json:"expiresAt"`
	}
	if err := getLocal(ctx, *url, devTokenPath, neturl.Values{"sub": {pos[0]}, "ttl": {ttl.String()}}, &ans); err != nil {
		return err
	}
	fmt.Fprintln(stdout, ans.Token)
	return nil
}
