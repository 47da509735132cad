package main

import (
	"bytes"
	"context"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"docflow/local/devauth"
	"docflow/local/stack"
	"docflow/local/stack/stacktest"
)

// closedPort returns a loopback address nothing listens on.
func closedPort(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

func writeFile(t *testing.T, name, text string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestErrorsSayTheNextStep: each failure a newcomer hits names its cause
// and what to do, not a transport error.
func TestErrorsSayTheNextStep(t *testing.T) {
	s := stacktest.Start(t, stack.Config{})
	other, err := devauth.New("http://127.0.0.1:1")
	if err != nil {
		t.Fatal(err)
	}
	foreign, _ := other.Token("dev", time.Hour)
	expired, err := s.Token("dev", -time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	file := writeFile(t, "a.txt", "some text\n")
	stopped := "ws://" + closedPort(t) + "/local"

	t.Setenv("AWS_ACCESS_KEY_ID", "")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "")
	t.Setenv("AWS_SESSION_TOKEN", "")
	t.Setenv("AWS_PROFILE", "")
	t.Setenv("AWS_CONFIG_FILE", filepath.Join(t.TempDir(), "none"))
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", filepath.Join(t.TempDir(), "none"))
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true") // no test leaves loopback
	t.Setenv("AWS_CONTAINER_CREDENTIALS_FULL_URI", "")
	t.Setenv("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "")
	t.Setenv("AWS_WEB_IDENTITY_TOKEN_FILE", "")
	t.Setenv("DOCFLOW_SFN_ENDPOINT", "")
	t.Setenv("DOCFLOW_TOKEN", "")

	tests := []struct {
		name    string
		args    []string
		want    []string
		notWant []string
	}{
		{"directory", []string{"process", t.TempDir(), "--url", s.WebSocketURL()},
			[]string{"is a directory", "name the files in it"}, []string{"readfrom"}},
		{"token of another issuer", []string{"status", "x", "--url", s.WebSocketURL(), "--token", foreign},
			[]string{"refused the token (401 Unauthorized)", "another issuer", "--token", "docflow token SUBJECT --url " + s.WebSocketURL()}, nil},
		{"expired token", []string{"process", file, "--url", s.WebSocketURL(), "--token", expired},
			[]string{"refused the token", "expired at"}, []string{expired}},
		{"stopped stack with a token", []string{"process", file, "--url", stopped, "--token", foreign},
			[]string{"no docflow stack answers at " + stopped, "connection refused", "make run", "docflow serve"}, []string{foreign}},
		{"stopped stack, dev token", []string{"status", "x", "--url", stopped},
			[]string{"no docflow stack answers at " + stopped, "make run"}, nil},
		{"executions without endpoint or credentials", []string{"executions", "list"},
			[]string{"--endpoint-url", "DOCFLOW_SFN_ENDPOINT", "AWS_PROFILE"}, []string{"IMDS"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
			defer cancel()
			var stdout, stderr bytes.Buffer
			err := run(ctx, tt.args, &stdout, &stderr)
			if err == nil {
				t.Fatalf("succeeded; want an error\n%s", stdout.String())
			}
			msg := err.Error() + stderr.String()
			for _, w := range tt.want {
				if !strings.Contains(msg, w) {
					t.Errorf("error lacks %q: %s", w, msg)
				}
			}
			for _, w := range tt.notWant {
				if strings.Contains(msg, w) {
					t.Errorf("error has %q: %s", w, msg)
				}
			}
		})
	}
}
