package extract

import (
	"os/exec"
	"path/filepath"
	"testing"

	"docflow/internal/corpus"
	"docflow/internal/testenv"
)

// corpusPDFs are the corpus files both benchmarks read (the encrypted one
// is left out: neither side extracts it).
func corpusPDFs(b *testing.B) ([]string, int) {
	dir := corpus.Dir(b)
	fact := corpus.Facts(b, dir)
	files, _ := filepath.Glob(filepath.Join(dir, "*.pdf"))
	var out []string
	pages := 0
	for _, f := range files {
		if fc := fact[filepath.Base(f)]; !fc.Encrypted {
			out = append(out, f)
			pages += fc.Pages
		}
	}
	return out, pages
}

// BenchmarkCorpusPages extracts the corpus; compare pages/s with
// BenchmarkCorpusPdftotext from the same run.
func BenchmarkCorpusPages(b *testing.B) {
	files, pages := corpusPDFs(b)
	if _, err := pdfiumInstance(); err != nil { // one-time WebAssembly compile, not per document
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		for _, f := range files {
			if _, _, err := extractAll(b, f, DefaultLimits()); err != nil {
				b.Fatalf("%s: %v", f, err)
			}
		}
	}
	b.ReportMetric(float64(pages*b.N)/b.Elapsed().Seconds(), "pages/s")
}

// BenchmarkCorpusPdftotext runs poppler's pdftotext over the same files.
func BenchmarkCorpusPdftotext(b *testing.B) {
	files, pages := corpusPDFs(b)
	pdftotext := testenv.Require(b, testenv.Pdftotext)
	for b.Loop() {
		for _, f := range files {
			if err := exec.Command(pdftotext, f, "/dev/null").Run(); err != nil {
				b.Fatalf("%s: %v", f, err)
			}
		}
	}
	b.ReportMetric(float64(pages*b.N)/b.Elapsed().Seconds(), "pages/s")
}

// BenchmarkPeakRSS100MB reports the peak RSS of extracting a generated
// 100 MB document (goal ≤ 128 MiB).
func BenchmarkPeakRSS100MB(b *testing.B) {
	path := writeCSV(b, 100<<20)
	var rss int64
	for b.Loop() {
		rss = peakRSS(b, path)
	}
	b.ReportMetric(float64(rss)/(1<<20), "MiB-peak-RSS")
}
