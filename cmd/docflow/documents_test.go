package main

import (
	"context"
	"os/exec"
	"strings"
	"testing"
	"time"

	"docflow/internal/testdocs"
)

// TestProcessGeneratedDocuments runs `docflow process` with no --url (a
// stack in process) on documents written at test time, as a user would on
// a folder of files: each one that extracts completes, each broken one
// fails with its reason, and the exit status says that some failed.
func TestProcessGeneratedDocuments(t *testing.T) {
	bin := buildCLI(t)
	docs := testdocs.Set(t)
	paths := testdocs.Write(t, t.TempDir(), docs...)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	out, err := exec.CommandContext(ctx, bin, append([]string{"process"}, paths...)...).CombinedOutput()
	if err == nil {
		t.Errorf("process exited 0 although three documents are broken:\n%s", out)
	}
	lines := strings.Split(string(out), "\n")
	for _, d := range docs {
		want := d.Name + ": complete"
		if d.Reason != "" {
			want = d.Name + ": failed:"
		}
		found := false
		for _, l := range lines {
			if strings.Contains(l, want) && strings.Contains(l, d.Reason) {
				found = true
			}
		}
		if !found {
			t.Errorf("no line with %q and %q:\n%s", want, d.Reason, out)
		}
	}
}
