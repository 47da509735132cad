package main

import (
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"strings"
	"testing"

	"docflow/shared/processor"
)

// TestMissingEnvironmentFailsFast runs main in a child process with no
// configuration: it must exit 1 at once, naming every missing variable,
// and without a task token it has nobody to tell.
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
	for _, name := range []string{"TASK_TOKEN", "DOCUMENT_ID", "DOCUMENT_KEY", "DOCUMENTS_BUCKET", "DOCUMENTS_TABLE", "WEBSOCKET_ENDPOINT"} {
		if !strings.Contains(string(out), name) {
			t.Errorf("output does not name %s:\n%s", name, out)
		}
	}
}

// TestSampleEnvironment keeps testdata/env.json (the container's
// environment as the task definition and RunTask's overrides set it) a
// complete configuration.
func TestSampleEnvironment(t *testing.T) {
	b, err := os.ReadFile("testdata/env.json")
	if err != nil {
		t.Fatal(err)
	}
	var env map[string]string
	if err := json.Unmarshal(b, &env); err != nil {
		t.Fatal(err)
	}
	cfg, err := processor.LoadConfig(func(k string) (string, bool) { v, ok := env[k]; return v, ok })
	if err != nil {
		t.Fatal(err)
	}
	if cfg.DocumentKey != env["DOCUMENT_KEY"] || cfg.HeartbeatInterval.String() != "20s" {
		t.Errorf("config = %+v, want the sample's values", cfg)
	}
}
