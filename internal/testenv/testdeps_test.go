package testenv

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestTestDepsStopsWithTheCommand runs scripts/test-deps as a user who is
// not root on machines that lack what the tests need: it must stop at
// once, before installing or downloading anything, and print the exact
// command that installs what is missing.
func TestTestDepsStopsWithTheCommand(t *testing.T) {
	script, err := filepath.Abs(filepath.Join("..", "..", "scripts", "test-deps"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		present []string // programs on PATH (as stubs)
		want    string
	}{
		{name: "nothing installed", want: "sudo sh -c 'apt-get update && apt-get install -y --no-install-recommends poppler-utils awscli chromium npm'"},
		{name: "only chromium missing", present: []string{"pdftotext", "aws", "npm"},
			want: "sudo sh -c 'apt-get update && apt-get install -y --no-install-recommends chromium'"},
		{name: "cfn-lint and pip missing", present: []string{"pdftotext", "aws", "chromium", "npm"},
			want: "apt-get install -y python3-pip && pip install 'cfn-lint==1.51.*'"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// A PATH with what the script itself runs, the stubs, and an id
			// that says uid 1000; no go and no apt-get.
			bin := t.TempDir()
			for _, name := range []string{"bash", "dirname"} {
				p, err := exec.LookPath(name)
				if err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				if err := os.Symlink(p, filepath.Join(bin, name)); err != nil {
					t.Fatal(err)
				}
			}
			stub := func(name, body string) {
				if err := os.WriteFile(filepath.Join(bin, name), []byte("#!"+filepath.Join(bin, "bash")+"\n"+body+"\n"), 0o755); err != nil {
					t.Fatal(err)
				}
			}
			stub("id", "echo 1000")
			for _, name := range tt.present {
				stub(name, "exit 0")
			}
			cmd := exec.Command(filepath.Join(bin, "bash"), script)
			cmd.Env = []string{"PATH=" + bin, "HOME=" + t.TempDir()}
			out, err := cmd.CombinedOutput()
			if err == nil {
				t.Fatalf("test-deps succeeded:\n%s", out)
			}
			if !strings.Contains(string(out), tt.want) {
				t.Errorf("output does not give the command %q:\n%s", tt.want, out)
			}
			if strings.Contains(string(out), "installing") {
				t.Errorf("test-deps installed something:\n%s", out)
			}
		})
	}
}
