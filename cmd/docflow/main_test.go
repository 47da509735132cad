package main

import (
	"bufio"
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// buildCLI builds the docflow binary once per test run.
func buildCLI(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "docflow")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	return bin
}

// TestServePrintsEndpointsAndShutsDown runs `docflow serve` as a user
// would: it must print every endpoint as "name: url" once ready, work, and
// exit cleanly on SIGINT.
func TestServePrintsEndpointsAndShutsDown(t *testing.T) {
	bin := buildCLI(t)
	cmd := exec.Command(bin, "serve", "--addr", "127.0.0.1:0")
	stdout, _ := cmd.StdoutPipe()
	cmd.Stderr = io.Discard
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	endpoints := map[string]string{}
	sc := bufio.NewScanner(stdout)
	for sc.Scan() {
		name, url, ok := strings.Cut(sc.Text(), ": ")
		if !ok {
			t.Fatalf("line %q is not name: url", sc.Text())
		}
		endpoints[name] = url
		if name == "token" {
			break
		}
	}
	for _, name := range []string{"websocket", "web", "connections", "stepfunctions", "s3", "sqs", "bedrock-agent-runtime", "bucket", "documents-table", "queries-queue"} {
		if endpoints[name] == "" {
			t.Errorf("no %s: line; got %v", name, endpoints)
		}
	}
	// The printed endpoint works: process a file against it.
	file := filepath.Join(t.TempDir(), "a.txt")
	os.WriteFile(file, []byte("hello from the serve test\n"), 0o644)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	out, err := exec.CommandContext(ctx, bin, "process", file, "--url", endpoints["websocket"]).CombinedOutput()
	if err != nil || !strings.Contains(string(out), "a.txt: complete") {
		t.Fatalf("process against serve: %v\n%s", err, out)
	}
	if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("serve exited with %v after SIGINT, want a clean exit", err)
		}
	case <-time.After(45 * time.Second):
		t.Fatal("serve did not exit after SIGINT")
	}
}

// TestProcessReportsFailure: a document that fails exits non-zero and says
// why.
func TestProcessReportsFailure(t *testing.T) {
	bin := buildCLI(t)
	file := filepath.Join(t.TempDir(), "empty.txt")
	os.WriteFile(file, []byte("   \n\n"), 0o644)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	out, err := exec.CommandContext(ctx, bin, "process", file).CombinedOutput()
	if err == nil {
		t.Fatalf("process of an empty document succeeded:\n%s", out)
	}
	if !strings.Contains(string(out), "empty.txt: failed:") || !strings.Contains(string(out), "Document.Empty") {
		t.Errorf("output does not give the reason:\n%s", out)
	}
}

func TestUsage(t *testing.T) {
	var out strings.Builder
	err := run(context.Background(), []string{"bogus"}, &out, &out)
	if code, ok := err.(exitError); !ok || code != 2 {
		t.Errorf("unknown command: got %v, want exit status 2", err)
	}
	if !strings.Contains(out.String(), "Usage:") {
		t.Errorf("unknown command does not print usage: %q", out.String())
	}
}
