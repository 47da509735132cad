package extract

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// peakRSS runs this test binary again to extract path alone and returns the
// child's peak resident set (VmHWM), so the measure is of extraction and
// nothing else the tests did.
func peakRSS(t testing.TB, path string) int64 {
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), "DOCFLOW_EXTRACT_RSS_FILE="+path)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("child: %v\n%s", err, out)
	}
	for _, line := range strings.Split(string(out), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM-KiB "); ok {
			kib, _ := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
			return kib << 10
		}
	}
	t.Fatalf("child printed no VmHWM:\n%s", out)
	return 0
}

// TestMain runs the child side of peakRSS when the test binary is started
// as one (DOCFLOW_EXTRACT_RSS_FILE set), and the tests otherwise.
func TestMain(m *testing.M) {
	if path := os.Getenv("DOCFLOW_EXTRACT_RSS_FILE"); path != "" {
		os.Exit(rssChild(path))
	}
	os.Exit(m.Run())
}

// rssChild extracts path alone and prints the process's peak RSS.
func rssChild(path string) int {
	pages := 0
	_, err := File(context.Background(), path, DefaultLimits(), nil, func(Page) error { pages++; return nil })
	if err != nil {
		fmt.Println(err)
		return 1
	}
	f, err := os.Open("/proc/self/status")
	if err != nil {
		fmt.Println(err)
		return 1
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			fmt.Printf("VmHWM-KiB %s\n", strings.TrimSuffix(strings.TrimSpace(v), " kB"))
		}
	}
	fmt.Printf("pages %d\n", pages)
	return 0
}

// writeCSV writes a CSV of about size bytes.
func writeCSV(t testing.TB, size int64) string {
	path := filepath.Join(t.TempDir(), "big.csv")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	fmt.Fprintln(w, "id,name,comment")
	var n int64
	for i := 0; n < size; i++ {
		k, _ := fmt.Fprintf(w, "%d,customer %d,\"a comment that says something about row %d, with a comma\"\n", i, i, i)
		n += int64(k)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	f.Close()
	return path
}

// TestMemoryBounded: extracting a 48 MB document streams it: the process's
// peak RSS stays under 128 MiB.
func TestMemoryBounded(t *testing.T) {
	if testing.Short() {
		t.Skip("writes a large file")
	}
	path := writeCSV(t, 48<<20)
	rss := peakRSS(t, path)
	t.Logf("peak RSS extracting a 48 MB CSV: %.1f MiB", float64(rss)/(1<<20))
	if rss > 128<<20 {
		t.Errorf("peak RSS %d MiB, want ≤ 128 MiB", rss>>20)
	}
}
