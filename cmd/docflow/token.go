package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	neturl "net/url"
	"time"
)

// localToken asks a local stack for its dev token: `docflow serve` puts it
// in the web page's config.json. Only loopback stacks are asked, so a token
// is never fetched from (or a request never sent to) a real deployment by
// surprise; there the user passes --token or DOCFLOW_TOKEN.
func localToken(ctx context.Context, wsURL string) (string, error) {
	u, err := neturl.Parse(wsURL)
	if err != nil {
		return "", fmt.Errorf("parse %s: %w", wsURL, err)
	}
	if ip := net.ParseIP(u.Hostname()); u.Hostname() != "localhost" && (ip == nil || !ip.IsLoopback()) {
		return "", fmt.Errorf("%s is not a local stack: pass --token or set DOCFLOW_TOKEN", u.Host)
	}
	scheme := "http"
	if u.Scheme == "wss" {
		scheme = "https"
	}
	cfgURL := (&neturl.URL{Scheme: scheme, Host: u.Host, Path: "/config.json"}).String()
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, cfgURL, nil)
	if err != nil {
		return "", err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return "", fmt.Errorf("ask the local stack for a dev token: %w", err)
	}
	defer resp.Body.Close()
	var cfg struct {
		Token string `json:"token"`
	}
	if resp.StatusCode != http.StatusOK || json.NewDecoder(resp.Body).Decode(&cfg) != nil || cfg.Token == "" {
		return "", fmt.Errorf("the stack at %s offers no dev token (%s): pass --token", u.Host, resp.Status)
	}
	return cfg.Token, nil
}
