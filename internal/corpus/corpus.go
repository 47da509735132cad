// Package corpus finds the shared PDF corpus for tests and benchmarks. The
// corpus sits beside the repository (../shared/corpus/pdf from the module
// root) and is never copied into it.
package corpus

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"docflow/internal/testenv"
)

// Path is the corpus directory, found from the working directory (a
// package's folder under go test) by walking up to the module root. It is
// "" when there is no module root above.
func Path() string {
	dir, err := os.Getwd()
	if err != nil {
		return ""
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return filepath.Join(dir, "..", "shared", "corpus", "pdf")
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// Dir is Path for a test that needs the corpus: the test is skipped when
// the corpus is missing, and fails instead under CI (CI=true), where
// .ci/run guarantees it (testenv.SkipOrFail). Tests that only need
// documents use internal/testdocs, which needs no corpus.
func Dir(tb testing.TB) string {
	tb.Helper()
	dir := Path()
	if _, err := os.Stat(dir); err != nil {
		testenv.SkipOrFail(tb, "the corpus is not beside the repository (%v)", err)
	}
	return dir
}

// Fact is what files.json records of one corpus file.
type Fact struct {
	Pages     int
	Encrypted bool
}

// Facts reads dir's files.json, keyed by file base name (files.json keys
// files by their original path).
func Facts(tb testing.TB, dir string) map[string]Fact {
	tb.Helper()
	raw, err := os.ReadFile(filepath.Join(dir, "files.json"))
	if err != nil {
		tb.Fatalf("read corpus index: %v", err)
	}
	var index struct {
		Data []struct {
			Path      string `json:"path"`
			Pages     int    `json:"pages"`
			Encrypted bool   `json:"encrypted"`
		} `json:"data"`
	}
	if err := json.Unmarshal(raw, &index); err != nil {
		tb.Fatalf("decode corpus index: %v", err)
	}
	facts := map[string]Fact{}
	for _, f := range index.Data {
		facts[filepath.Base(f.Path)] = Fact{Pages: f.Pages, Encrypted: f.Encrypted}
	}
	return facts
}
