package main

import (
	"encoding/json"
	"os"
	"testing"

	"docflow/internal/tasktest"
	"docflow/shared/processor"
)

// TestMissingEnvironmentFailsFast: main refuses to start without its
// configuration and names every missing variable.
func TestMissingEnvironmentFailsFast(t *testing.T) {
	tasktest.MissingEnvironmentFailsFast(t, main, "TASK_TOKEN", "DOCUMENT_ID", "DOCUMENT_KEY", "DOCUMENTS_BUCKET", "DOCUMENTS_TABLE", "WEBSOCKET_ENDPOINT")
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
