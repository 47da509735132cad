package main

import (
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"strings"
	"testing"

	"docflow/shared/auth"
)

// TestMissingEnvironmentFailsFast runs main in a child process with no
// configuration: it must exit non-zero at once, naming what is missing,
// rather than start an authorizer that admits or refuses everyone.
func TestMissingEnvironmentFailsFast(t *testing.T) {
	if os.Getenv("DOCFLOW_RUN_MAIN") == "1" {
		main()
		return
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestMissingEnvironmentFailsFast$")
	cmd.Env = []string{"DOCFLOW_RUN_MAIN=1", "HOME=" + os.Getenv("HOME")}
	out, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 1 {
		t.Fatalf("main exited with %v, want exit status 1; output:\n%s", err, out)
	}
	for _, name := range []string{"JWT_ISSUER", "JWKS_URL"} {
		if !strings.Contains(string(out), name) {
			t.Errorf("output does not name %s:\n%s", name, out)
		}
	}
}

// TestSampleEvent keeps testdata/event.json (for sam local invoke -e) an
// authorizer event with a token where API Gateway puts it.
func TestSampleEvent(t *testing.T) {
	b, err := os.ReadFile("testdata/event.json")
	if err != nil {
		t.Fatal(err)
	}
	var req auth.Request
	if err := json.Unmarshal(b, &req); err != nil {
		t.Fatal(err)
	}
	if req.Type != "REQUEST" || req.MethodArn == "" || req.QueryStringParameters[auth.TokenParameter] == "" || req.RequestContext.ConnectionID == "" {
		t.Errorf("event is not a WebSocket REQUEST authorizer event with a token: %+v", req)
	}
}
