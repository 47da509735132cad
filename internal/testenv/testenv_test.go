package testenv

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

// TestSkipOrFail runs this test binary again as a child, with and without
// CI=true, and checks that a missing requirement skips outside CI and
// fails under it, saying what is missing either way.
func TestSkipOrFail(t *testing.T) {
	if os.Getenv("TESTENV_CHILD") == "1" {
		Require(t, Tool{Names: []string{"docflow-no-such-program"}, Package: "no-such-package"})
		t.Fatal("Require returned for a missing program")
	}
	tests := []struct {
		ci       string
		wantFail bool
		wantLine string
	}{
		{ci: "", wantFail: false, wantLine: "--- SKIP: TestSkipOrFail"},
		{ci: "true", wantFail: true, wantLine: "--- FAIL: TestSkipOrFail"},
	}
	for _, tt := range tests {
		cmd := exec.Command(os.Args[0], "-test.run=^TestSkipOrFail$", "-test.v")
		cmd.Env = append(os.Environ(), "TESTENV_CHILD=1", "CI="+tt.ci)
		out, err := cmd.CombinedOutput()
		if failed := err != nil; failed != tt.wantFail {
			t.Errorf("CI=%q: child failed = %v, want %v\n%s", tt.ci, failed, tt.wantFail, out)
		}
		for _, want := range []string{tt.wantLine, "docflow-no-such-program is not installed (apt-get install no-such-package"} {
			if !strings.Contains(string(out), want) {
				t.Errorf("CI=%q: output does not say %q:\n%s", tt.ci, want, out)
			}
		}
	}
}

func TestRequireFindsAnInstalledProgram(t *testing.T) {
	sh := Tool{Names: []string{"docflow-no-such-program", "sh"}, Package: "dash"}
	if p := Require(t, sh); !strings.HasSuffix(p, "/sh") {
		t.Errorf("Require(sh) = %q, want the path of sh", p)
	}
}
