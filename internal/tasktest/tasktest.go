// Package tasktest holds what every task's main_test.go checks the same
// way: that main refuses to start without its configuration, and that the
// sample events kept for `sam local invoke -e` decode as the handler's
// event type.
package tasktest

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// runMainEnv tells the test binary, run again as a child, to call main.
const runMainEnv = "DOCFLOW_RUN_MAIN"

// MissingEnvironmentFailsFast runs main in a child process with no
// configuration (only HOME): it must exit with status 1 at once, naming
// every variable in names, rather than start a task that fails on its
// first event. Call it from a test of the task's main package.
func MissingEnvironmentFailsFast(t *testing.T, main func(), names ...string) {
	t.Helper()
	if os.Getenv(runMainEnv) == "1" {
		main()
		return
	}
	cmd := exec.Command(os.Args[0], "-test.run=^"+t.Name()+"$")
	cmd.Env = []string{runMainEnv + "=1", "HOME=" + os.Getenv("HOME")}
	out, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 1 {
		t.Fatalf("main exited with %v, want exit status 1; output:\n%s", err, out)
	}
	for _, name := range names {
		if !strings.Contains(string(out), name) {
			t.Errorf("output does not name %s:\n%s", name, out)
		}
	}
}

// DecodeStrict reads a sample event as v, refusing fields v's type does
// not have, so samples and the state machine's payloads stay in step with
// the Go types.
func DecodeStrict(t *testing.T, path string, v any) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}
