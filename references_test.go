package docflow_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// mdReference matches a Markdown file named in text, such as
// docs/protocol.md (relative to the naming file or the root), unless part
// of a URL.
var mdReference = regexp.MustCompile(`(?:^|[^A-Za-z0-9_./:-])((?:\.\.?/)*[A-Za-z0-9_-][A-Za-z0-9_./-]*\.md)\b`)

// TestReferencesResolve: every Markdown file a source, template or document
// names exists in the repository, relative to the naming file's folder or to
// the repository root, so a reader (or a clone anywhere) can follow it.
func TestReferencesResolve(t *testing.T) {
	out, err := exec.Command("git", "ls-files", "--cached", "--others", "--exclude-standard").Output()
	if err != nil {
		t.Fatalf("git ls-files: %v", err)
	}
	for _, path := range strings.Fields(string(out)) {
		switch filepath.Ext(path) {
		case ".go", ".md", ".mjs", ".js", ".yaml", ".json", ".toml":
		default:
			continue
		}
		// third_party/ is upstream's text, kept as upstream wrote it.
		if strings.Contains(path, "node_modules/") || strings.HasSuffix(path, "package-lock.json") || strings.HasPrefix(path, "third_party/") {
			continue
		}
		b, err := os.ReadFile(path)
		if err != nil {
			continue // deleted in the work tree
		}
		text := string(b)
		if filepath.Ext(path) == ".go" {
			text = goComments(text)
		}
		for _, m := range mdReference.FindAllStringSubmatch(text, -1) {
			ref := m[1]
			if inRepo(filepath.Join(filepath.Dir(path), ref)) || inRepo(ref) {
				continue
			}
			t.Errorf("%s names %s, which is not in the repository", path, ref)
		}
	}
}

// inRepo reports whether path (relative to the root) is a file of the
// repository: a design file beside the checkout may exist here, but a clone
// elsewhere has no such file.
func inRepo(path string) bool {
	path = filepath.Clean(path)
	if path == ".." || strings.HasPrefix(path, "../") {
		return false
	}
	_, err := os.Stat(path)
	return err == nil
}

// goComments returns the // comments of Go source, where references to
// documents live; string literals, such as the file names tests make, are
// data, not references (a test file name, say).
func goComments(src string) string {
	var b strings.Builder
	for _, line := range strings.Split(src, "\n") {
		if _, comment, ok := strings.Cut(line, "//"); ok {
			b.WriteString(comment)
			b.WriteByte('\n')
		}
	}
	return b.String()
}
