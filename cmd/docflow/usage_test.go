package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// TestCommandHelp: every command's --help exits 0 and prints that
// command's usage and flags to stdout.
func TestCommandHelp(t *testing.T) {
	for _, name := range []string{"serve", "process", "status", "get", "ask", "answer", "token", "executions"} {
		for _, arg := range []string{"--help", "-h"} {
			t.Run(name+arg, func(t *testing.T) {
				var stdout, stderr bytes.Buffer
				err := run(context.Background(), []string{name, arg}, &stdout, &stderr)
				if err != nil {
					t.Fatalf("docflow %s %s: %v (stderr %q), want exit 0", name, arg, err, stderr.String())
				}
				for _, want := range []string{"Usage:\n  docflow " + name + " ", "Flags:\n"} {
					if !strings.Contains(stdout.String(), want) {
						t.Errorf("stdout lacks %q:\n%s", want, stdout.String())
					}
				}
			})
		}
	}
	var stdout bytes.Buffer
	if err := run(context.Background(), []string{"help", "ask"}, &stdout, &stdout); err != nil || !strings.Contains(stdout.String(), "docflow ask ") {
		t.Errorf("docflow help ask: %v\n%s", err, stdout.String())
	}
}

// TestUsageErrors: wrong arguments exit 2 and say what was wrong and how
// the command is used, before anything is contacted.
func TestUsageErrors(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want []string
	}{
		{"unknown status", []string{"executions", "list", "--status", "BOGUS"},
			[]string{"--status BOGUS is not a status", "RUNNING, SUCCEEDED, FAILED, TIMED_OUT, ABORTED, PENDING_REDRIVE"}},
		{"unknown flag", []string{"process", "a.txt", "--bogus"}, []string{"-bogus", "usage: docflow process FILE..."}},
		{"no file", []string{"process"}, []string{"name at least one file", "docflow process --help"}},
		{"unknown output", []string{"get", "x", "--url", "ws://127.0.0.1:1/local", "--output", "pdf"}, []string{"--output pdf is not an output", "text, chunks, manifest"}},
		{"no question", []string{"ask"}, []string{"ask one question"}},
		{"no subject", []string{"token"}, []string{"name one subject"}},
		{"status without url", []string{"status", "x"}, []string{"--url"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("DOCFLOW_URL", "")
			var stdout, stderr bytes.Buffer
			err := run(context.Background(), tt.args, &stdout, &stderr)
			if code, ok := err.(exitError); !ok || code != 2 {
				t.Errorf("got %v, want exit status 2", err)
			}
			for _, w := range tt.want {
				if !strings.Contains(stderr.String(), w) {
					t.Errorf("stderr lacks %q:\n%s", w, stderr.String())
				}
			}
		})
	}
}

// TestReportPlurals: one page is "1 page".
func TestReportPlurals(t *testing.T) {
	tests := []struct {
		summary, want string
	}{
		{`{"type":"text/plain","pages":1,"words":1,"chunks":1}`, "a.txt: complete: text/plain, 1 page, 1 word, 1 chunk (document d1)\n"},
		{`{"type":"application/pdf","pages":2,"words":0,"chunks":3}`, "a.txt: complete: application/pdf, 2 pages, 0 words, 3 chunks (document d1)\n"},
	}
	for _, tt := range tests {
		var stdout, stderr bytes.Buffer
		o := outcome{File: "a.txt", DocumentID: "d1", Final: progressData{Status: "complete", Summary: []byte(tt.summary)}}
		if err := report(&stdout, &stderr, []outcome{o}); err != nil {
			t.Fatal(err)
		}
		if got := stdout.String(); got != tt.want {
			t.Errorf("got %q, want %q", got, tt.want)
		}
	}
}
