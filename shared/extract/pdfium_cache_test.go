package extract

import (
	"os"
	"path/filepath"

	"github.com/tetratelabs/wazero"
)

// The tests' PDFium keeps its compiled module in the user's cache
// directory: compiling it takes seconds (more under the fuzzer's coverage
// instrumentation), and every fuzz worker is a process of its own, so
// without the cache a short fuzz run spends its time compiling.
func init() {
	base, err := os.UserCacheDir()
	if err != nil {
		return
	}
	cache, err := wazero.NewCompilationCacheWithDir(filepath.Join(base, "docflow", "pdfium-wazero"))
	if err != nil {
		return
	}
	pdfiumConfig.RuntimeConfig = wazero.NewRuntimeConfig().WithCompilationCache(cache)
}
