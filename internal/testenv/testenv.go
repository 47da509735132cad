// Package testenv is how a test asks for what it needs from outside the
// repository (a program such as the aws CLI, pdftotext or Chromium, the
// npm packages of the differential suite, the corpus beside the
// repository). What is missing skips the test with a message that says
// what and how to get it; under CI (CI=true), where scripts/test-deps has
// installed everything, it fails the test instead, so a required test
// never passes by not running. `make test` lists every skip at the end.
//
// It is for tests only: shipped code never imports it.
package testenv

import (
	"fmt"
	"os"
	"os/exec"
	"testing"
)

// Tool is an external program tests run.
type Tool struct {
	// Names are the program names to look for on PATH, in order.
	Names []string
	// Package is the Debian package that installs it.
	Package string
}

// The programs docflow's tests run. scripts/test-deps installs each.
var (
	AWS       = Tool{Names: []string{"aws"}, Package: "awscli"}
	Pdftotext = Tool{Names: []string{"pdftotext"}, Package: "poppler-utils"}
	Chromium  = Tool{Names: []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"}, Package: "chromium"}
)

// CI reports whether the tests run under CI (CI=true), where nothing may
// be missing.
func CI() bool { return os.Getenv("CI") == "true" }

// Path is where tool is installed, "" when it is not.
func (tool Tool) Path() string {
	for _, name := range tool.Names {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// Require returns the path of tool, or skips tb (fails it under CI) when
// tool is not installed.
func Require(tb testing.TB, tool Tool) string {
	tb.Helper()
	p := tool.Path()
	if p == "" {
		SkipOrFail(tb, "%s is not installed (apt-get install %s, or run scripts/test-deps)", tool.Names[0], tool.Package)
	}
	return p
}

// RequireFile skips tb (fails it under CI) when path does not exist;
// install says how to get it.
func RequireFile(tb testing.TB, path, install string) {
	tb.Helper()
	if _, err := os.Stat(path); err != nil {
		SkipOrFail(tb, "%s is missing (%s): %v", path, install, err)
	}
}

// SkipOrFail skips tb with the message, or fails it with the same message
// under CI.
func SkipOrFail(tb testing.TB, format string, args ...any) {
	tb.Helper()
	msg := fmt.Sprintf(format, args...)
	if CI() {
		tb.Fatalf("required under CI: %s", msg)
	}
	tb.Skip(msg)
}
