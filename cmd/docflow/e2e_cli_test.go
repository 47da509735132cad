package main

import (
	"bytes"
	"encoding/json"
	"regexp"
	"strings"
	"testing"
	"time"

	"docflow/local/stack"
	"docflow/local/stack/stacktest"
)

// processed runs `docflow process` for a file with text against s as the
// token's user and returns the document id.
func processed(t *testing.T, s *stack.Stack, token, name, text string) string {
	t.Helper()
	file := writeFile(t, name, text)
	var stdout, stderr bytes.Buffer
	args := []string{"process", file, "--url", s.WebSocketURL()}
	if token != "" {
		args = append(args, "--token", token)
	}
	if err := run(t.Context(), args, &stdout, &stderr); err != nil {
		t.Fatalf("process %s: %v\n%s%s", name, err, stdout.String(), stderr.String())
	}
	m := regexp.MustCompile(`complete: .*\(document ([0-9a-f-]{36})\)`).FindStringSubmatch(stdout.String())
	if m == nil {
		t.Fatalf("no document id in:\n%s", stdout.String())
	}
	return m[1]
}

// TestGetAgainstStack: get writes a processed document's outputs from the
// private bucket through get_output_url, and another user's id is not
// found.
func TestGetAgainstStack(t *testing.T) {
	s := stacktest.Start(t, stack.Config{})
	id := processed(t, s, "", "notes.txt", "The harbour opens at dawn.\nBoats leave at noon.\n")

	var stdout, stderr bytes.Buffer
	if err := run(t.Context(), []string{"get", id, "--url", s.WebSocketURL()}, &stdout, &stderr); err != nil {
		t.Fatalf("get text: %v\n%s", err, stderr.String())
	}
	if !strings.Contains(stdout.String(), "The harbour opens at dawn.") {
		t.Errorf("text output = %q", stdout.String())
	}
	stdout.Reset()
	if err := run(t.Context(), []string{"get", id, "--output", "manifest", "--url", s.WebSocketURL()}, &stdout, &stderr); err != nil {
		t.Fatalf("get manifest: %v\n%s", err, stderr.String())
	}
	var manifest map[string]any
	if err := json.Unmarshal(stdout.Bytes(), &manifest); err != nil {
		t.Errorf("manifest is not JSON: %v\n%s", err, stdout.String())
	}

	alice, err := s.Token("alice", time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	err = run(t.Context(), []string{"get", id, "--url", s.WebSocketURL(), "--token", alice}, &stdout, &stderr)
	if err == nil || !strings.Contains(err.Error(), "no document "+id+" for this token's user") {
		t.Errorf("another user's get: %v, want not found", err)
	}
}

// TestAskAgainstStack: a user's question is answered from their own
// document with a citation of it; another user asking the same gets the
// honest not-found answer with no sources, and none of the first user's
// text.
func TestAskAgainstStack(t *testing.T) {
	s := stacktest.Start(t, stack.Config{})
	fact := "The lighthouse keeper feeds the seven cats at six o'clock every evening."
	id := processed(t, s, "", "keeper.txt", "Notes about the island.\n"+fact+"\nThe ferry runs twice a week.\n")

	var stdout, stderr bytes.Buffer
	if err := run(t.Context(), []string{"ask", "When does the lighthouse keeper feed the cats?", "--url", s.WebSocketURL()}, &stdout, &stderr); err != nil {
		t.Fatalf("ask: %v\n%s%s", err, stdout.String(), stderr.String())
	}
	got := stdout.String()
	if !strings.Contains(got, "six o'clock") {
		t.Errorf("answer lacks the fact:\n%s", got)
	}
	if !strings.Contains(got, "Sources:") || !strings.Contains(got, "keeper.txt") || !strings.Contains(got, "(document "+id+")") {
		t.Errorf("answer does not cite keeper.txt (%s):\n%s", id, got)
	}

	alice, err := s.Token("alice", time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	stdout.Reset()
	if err := run(t.Context(), []string{"ask", "When does the lighthouse keeper feed the cats?", "--url", s.WebSocketURL(), "--token", alice}, &stdout, &stderr); err != nil {
		t.Fatalf("alice's ask: %v\n%s", err, stderr.String())
	}
	got = stdout.String()
	if !strings.HasPrefix(got, "I couldn't find that in your documents.") || strings.Contains(got, "Sources:") || strings.Contains(got, "six o'clock") {
		t.Errorf("another user's answer:\n%s\nwant the not-found answer without sources", got)
	}
}
