package stack

import (
	"context"
	"io"
	"strings"
	"testing"
	"time"
)

// TestDataDirReopens: a stack that closed releases every file under its
// data directory, so the next one starts on it (in the same process, as a
// restart test or `docflow process` after `serve` does); a second stack on a
// directory still in use says so instead of hanging on a file lock.
func TestDataDirReopens(t *testing.T) {
	dir := t.TempDir()
	start := func() (*Stack, error) {
		ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
		defer cancel()
		return Start(ctx, Config{DataDir: dir, Log: io.Discard})
	}
	first, err := start()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := start(); err == nil || !strings.Contains(err.Error(), "another docflow stack is using") {
		t.Errorf("second stack on a directory in use: err = %v, want it to say another stack uses it", err)
	}
	if err := first.Close(t.Context()); err != nil {
		t.Fatalf("close: %v", err)
	}
	again, err := start()
	if err != nil {
		t.Fatalf("restart on the same directory: %v", err)
	}
	if err := again.Close(t.Context()); err != nil {
		t.Fatalf("close after restart: %v", err)
	}
}
