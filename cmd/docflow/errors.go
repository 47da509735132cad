package main

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	neturl "net/url"
	"strings"
	"syscall"
	"time"
)

// tokenRefusedError is a 401 from $connect. The gateway never says why (as
// API Gateway doesn't), so the message lists what usually causes it and
// reads the token's own expiry, which needs no key.
type tokenRefusedError struct {
	URL, Token string
	now        time.Time // zero: time.Now
}

func (e *tokenRefusedError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "the stack at %s refused the token (401 Unauthorized)", e.URL)
	now := e.now
	if now.IsZero() {
		now = time.Now()
	}
	if exp, ok := tokenExpiry(e.Token); ok && !exp.After(now) {
		fmt.Fprintf(&b, ": it expired at %s", exp.Local().Format(time.DateTime))
	} else {
		b.WriteString(": it may have expired, come from another issuer or from another stack " +
			"(a local stack makes a new signing key each time it starts), or not be the token you meant (--token, DOCFLOW_TOKEN)")
	}
	if isLoopback(e.URL) {
		fmt.Fprintf(&b, "; for a local stack leave --token and DOCFLOW_TOKEN unset, or get a new one with `docflow token SUBJECT --url %s`", e.URL)
	}
	return b.String()
}

// tokenExpiry reads a JWT's exp claim without verifying it (the stack
// does that); ok is false when the token is not a readable JWT.
func tokenExpiry(token string) (time.Time, bool) {
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return time.Time{}, false
	}
	raw, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		return time.Time{}, false
	}
	var claims struct {
		Exp *float64 `json:"exp"`
	}
	if json.Unmarshal(raw, &claims) != nil || claims.Exp == nil {
		return time.Time{}, false
	}
	return time.Unix(int64(*claims.Exp), 0), true
}

// noStackError says nothing listens at a stack's URL.
type noStackError struct {
	URL string
	Err error
}

func (e *noStackError) Error() string {
	if isLoopback(e.URL) {
		return fmt.Sprintf("no docflow stack answers at %s (%v): start one with `make run` or `docflow serve` "+
			"(it prints its websocket: URL), or leave out --url to run one in this process", e.URL, e.Err)
	}
	return fmt.Sprintf("no docflow stack answers at %s (%v): check the URL (the WebSocketURL output of the deployed stack)", e.URL, e.Err)
}

func (e *noStackError) Unwrap() error { return e.Err }

// unreachable turns a refused or unresolvable connection into a
// noStackError and wraps anything else.
func unreachable(url string, err error) error {
	var dnsErr *net.DNSError
	if errors.Is(err, syscall.ECONNREFUSED) || errors.As(err, &dnsErr) {
		return &noStackError{URL: url, Err: rootCause(err)}
	}
	return fmt.Errorf("connect to %s: %w", url, err)
}

// rootCause is the innermost error: "connection refused", not the whole
// chain of URLs around it.
func rootCause(err error) error {
	for {
		next := errors.Unwrap(err)
		if next == nil {
			return err
		}
		err = next
	}
}

// isLoopback reports whether a URL names this machine.
func isLoopback(raw string) bool {
	u, err := neturl.Parse(raw)
	if err != nil {
		return false
	}
	if u.Hostname() == "localhost" {
		return true
	}
	ip := net.ParseIP(u.Hostname())
	return ip != nil && ip.IsLoopback()
}
