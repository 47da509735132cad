package main

import (
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/aws/aws-lambda-go/events"
)

// TestMissingEnvironmentFailsFast runs main in a child process with no
// configuration: it must exit non-zero at once, naming every missing variable.
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
	for _, name := range []string{"DOCUMENTS_TABLE", "CONNECTIONS_TABLE"} {
		if !strings.Contains(string(out), name) {
			t.Errorf("output does not name %s:\n%s", name, out)
		}
	}
}

// TestSampleEvent keeps testdata/event.json (for sam local invoke -e) a
// valid disconnect event.
func TestSampleEvent(t *testing.T) {
	b, err := os.ReadFile("testdata/event.json")
	if err != nil {
		t.Fatal(err)
	}
	var req events.APIGatewayWebsocketProxyRequest
	if err := json.Unmarshal(b, &req); err != nil {
		t.Fatal(err)
	}
	if req.RequestContext.ConnectionID == "" || req.RequestContext.RouteKey != "$disconnect" {
		t.Errorf("event has connection %q route %q", req.RequestContext.ConnectionID, req.RequestContext.RouteKey)
	}
}
