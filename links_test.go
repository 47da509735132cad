package docflow_test

import (
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestBinariesLinkNoTestHelpers: no shipped binary (the CLI, every task)
// links the testing package or httptest, so test helpers stay out of
// shipped code (a package under a *test folder imported by a real one
// would pull them in).
func TestBinariesLinkNoTestHelpers(t *testing.T) {
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("go tool not found: %v", err)
	}
	mains, err := filepath.Glob("tasks/*/main.go")
	if err != nil || len(mains) == 0 {
		t.Fatalf("no tasks/*/main.go (%v)", err)
	}
	pkgs := []string{"./cmd/docflow"}
	for _, m := range mains {
		pkgs = append(pkgs, "./"+filepath.Dir(m))
	}
	forbidden := []string{"testing", "net/http/httptest"}
	for _, pkg := range pkgs {
		t.Run(pkg, func(t *testing.T) {
			out, err := exec.Command(goTool, "list", "-deps", pkg).CombinedOutput()
			if err != nil {
				t.Fatalf("go list -deps %s: %v\n%s", pkg, err, out)
			}
			for _, dep := range strings.Fields(string(out)) {
				if slices.Contains(forbidden, dep) {
					t.Errorf("%s links %s", pkg, dep)
				}
			}
		})
	}
}
