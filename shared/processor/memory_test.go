package processor

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"

	"docflow/shared/domain"
)

// blockedPublisher holds every page frame (the "Extracting text" ones)
// until release closes, telling blocked about each.
type blockedPublisher struct {
	blocked chan<- struct{}
	release <-chan struct{}
}

func (p blockedPublisher) Publish(ctx context.Context, doc domain.Document) error {
	if strings.HasPrefix(doc.Message, "Extracting text") {
		p.blocked <- struct{}{}
		<-p.release
	}
	return nil
}

// A thousand small documents in flight must not cost a thousand times a
// large buffer while their frames wait on slow pushes: the heap held per
// document blocked in a push is about its own bytes, not the 512 KiB two
// 256 KiB write buffers took.
func TestHeapPerDocumentWaitingOnPush(t *testing.T) {
	const n = 40
	const perDocumentLimit = 64 << 10
	doc := []byte(strings.Repeat("a small document of a few words per line\n", 50)) // 2 KiB
	blocked, release := make(chan struct{}, n), make(chan struct{})
	runners := make([]*Runner, n)
	for i := range runners {
		h := newHarness(t, doc, Text{})
		h.r.pub = blockedPublisher{blocked: blocked, release: release}
		runners[i] = h.r
	}
	before := heapInUse()
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i, r := range runners {
		wg.Go(func() { errs[i] = r.Run(context.Background()) })
	}
	for range n {
		<-blocked
	}
	during := heapInUse()
	close(release)
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("document %d: %v", i, err)
		}
	}
	per := (int64(during) - int64(before)) / n
	t.Logf("heap per document waiting on a push: %d KiB", per>>10)
	if per > perDocumentLimit {
		t.Errorf("each document waiting on a push holds %d KiB of heap, want at most %d KiB", per>>10, perDocumentLimit>>10)
	}
}

func heapInUse() uint64 {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapInuse
}

// A small document (itself, its text and its chunks each within
// MemoryThreshold) is processed without a temporary file; a larger one
// spills to files in TMPDIR, which are gone afterwards, and its outputs are
// whole either way.
func TestTemporaryFilesOnlyForLargeDocuments(t *testing.T) {
	line := "twelve words of text on one line of a generated test document here\n"
	tests := []struct {
		name      string
		size      int
		wantFiles bool
	}{
		{name: "small document stays in memory", size: 4 << 10, wantFiles: false},
		{name: "64 KiB document stays in memory", size: 64 << 10, wantFiles: false},
		{name: "large document goes to files", size: 3 * MemoryThreshold, wantFiles: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := []byte(strings.Repeat(line, tt.size/len(line)+1)[:tt.size])
			var during []string
			var tmp string // the run's TMPDIR, set once the harness is made
			h := newHarness(t, doc, extractorFunc(func(ctx context.Context, in Input, emit func(Page) error) (string, error) {
				typ, err := Text{}.Extract(ctx, in, emit)
				during = tempFiles(t, tmp)
				return typ, err
			}))
			tmp = h.r.cfg.TempDir
			if err := h.r.Run(context.Background()); err != nil {
				t.Fatal(err)
			}
			if got := len(during) > 0; got != tt.wantFiles {
				t.Errorf("temporary files during extraction: %v, want files: %v", during, tt.wantFiles)
			}
			if left := tempFiles(t, tmp); len(left) > 0 {
				t.Errorf("temporary files left after the run: %v", left)
			}
			text, ok := h.objects.get(testBucket, domain.ProcessedKey(testID, TextFile))
			if !ok {
				t.Fatal("no text.txt")
			}
			// Text pages the file by lines and text.txt joins pages with
			// form feeds: take them out and it is the upload.
			if got := strings.ReplaceAll(string(text), PageSeparator, ""); got != string(doc) {
				t.Errorf("text.txt has %d bytes, want the %d of the upload", len(got), len(doc))
			}
			chunks, _ := h.objects.get(testBucket, domain.ProcessedKey(testID, ChunksFile))
			success, _ := h.answers(t)
			var sum domain.Summary
			if err := json.Unmarshal([]byte(success), &sum); err != nil {
				t.Fatal(err)
			}
			if lines := strings.Count(string(chunks), "\n"); lines != sum.Chunks || sum.Chunks == 0 {
				t.Errorf("chunks.jsonl has %d lines, summary says %d chunks", lines, sum.Chunks)
			}
		})
	}
}

// tempFiles lists every file under dir.
func tempFiles(t *testing.T, dir string) []string {
	t.Helper()
	var files []string
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			files = append(files, path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// The engine extracts a document held in memory whatever its format:
// text from the bytes, the others from a file it writes to TempDir and
// removes.
func TestDocumentsFromMemory(t *testing.T) {
	tests := []struct {
		name, file, data, wantType, wantText string
	}{
		{name: "plain text", file: "a.txt", data: "hello from memory\n", wantType: TypePlainText, wantText: "hello from memory"},
		{name: "markdown by name", file: "a.md", data: "# hello\n", wantType: TypeMarkdown, wantText: "# hello"},
		{name: "HTML through a file", file: "a.html", data: "<!DOCTYPE html><html><body><p>hello from a page</p></body></html>", wantType: "text/html", wantText: "hello from a page"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tmp := t.TempDir()
			var got strings.Builder
			typ, err := Documents{Limits: NewDocuments().Limits, TempDir: tmp}.Extract(context.Background(),
				Input{Data: []byte(tt.data), Name: tt.file}, func(p Page) error { got.WriteString(p.Text); return nil })
			if err != nil {
				t.Fatal(err)
			}
			if typ != tt.wantType || !strings.Contains(got.String(), tt.wantText) {
				t.Errorf("got type %q text %q, want %q containing %q", typ, got.String(), tt.wantType, tt.wantText)
			}
			if left := tempFiles(t, tmp); len(left) > 0 {
				t.Errorf("files left in TempDir: %v", left)
			}
		})
	}
}
