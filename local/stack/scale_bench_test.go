package stack

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// BenchmarkTenThousandDocuments: 10,000 documents at once over 10,000
// authenticated connections (one user each). Every document must complete
// and every client must see its frames in order, none missing or
// duplicated, through to the final one. The clients run in a child process
// (TestManyClientsChild): 10,000 sockets on each side do not fit one
// process's file limit. CPU per document is the stack's (this process)
// alone.
func BenchmarkTenThousandDocuments(b *testing.B) {
	raiseFileLimit(b)
	n := 10000
	if v, err := strconv.Atoi(os.Getenv("DOCFLOW_MANY_DOCUMENTS")); err == nil && v > 0 {
		n = v // a smaller batch, to look into a failure faster
	}
	for b.Loop() {
		manyDocuments(b, n)
	}
}

// manyDocuments is one batch of BenchmarkTenThousandDocuments. (Outside
// the b.Loop body: go1.26.8's compiler fails on this code inside it.)
func manyDocuments(b *testing.B, n int) {
	s := startStack(b, Config{})
	child := exec.Command(os.Args[0], "-test.run=^TestManyClientsChild$", "-test.timeout=40m")
	child.Env = append(os.Environ(), "DOCFLOW_MANY_CLIENTS=1")
	child.Stderr = os.Stderr
	stdin, _ := child.StdinPipe()
	out, _ := child.StdoutPipe()
	if err := child.Start(); err != nil {
		b.Fatal(err)
	}
	for i := range n {
		tok, err := s.Token(fmt.Sprintf("user-%d", i), 2*time.Hour)
		if err != nil {
			b.Fatal(err)
		}
		fmt.Fprintln(stdin, s.ClientURL(tok))
	}
	stdin.Close()
	var start time.Time
	var cpu0 time.Duration
	var el, cpu time.Duration
	var complete, lost int
	lines := bufio.NewScanner(out)
	for lines.Scan() {
		line := lines.Text()
		switch {
		case line == "uploaded": // every client connected and uploaded
			resetPeakRSS()
			start, cpu0 = time.Now(), cpuTime()
		case strings.HasPrefix(line, "done "):
			el, cpu = time.Since(start), cpuTime()-cpu0
			f := strings.Fields(line)
			complete, _ = strconv.Atoi(f[1])
			lost, _ = strconv.Atoi(f[2])
		case line == "PASS":
		default:
			b.Error(line) // the child's findings
		}
	}
	if err := child.Wait(); err != nil {
		b.Errorf("clients: %v", err)
	}
	if complete != n || lost != 0 {
		b.Errorf("%d of %d documents complete, %d frames lost, duplicated or out of order", complete, n, lost)
	}
	if el > 0 {
		b.ReportMetric(el.Seconds(), "s-for-batch")
		b.ReportMetric(float64(n)/el.Seconds(), "docs/s")
		b.ReportMetric(float64(cpu.Microseconds())/1000/float64(n), "cpu-ms/doc")
		b.ReportMetric(float64(peakRSS())/(1<<20), "peak-RSS-MiB")
	}
	b.ReportMetric(float64(complete), "complete")
}

// TestManyClientsChild is BenchmarkTenThousandDocuments' clients: one per
// URL read from stdin, each uploads a document, then all process theirs at
// once. It prints "uploaded" when every upload is in, one line per problem,
// and "done <complete> <bad frames>" at the end.
func TestManyClientsChild(t *testing.T) {
	if os.Getenv("DOCFLOW_MANY_CLIENTS") == "" {
		t.Skip("child of BenchmarkTenThousandDocuments only")
	}
	raiseFileLimit(t)
	var urls []string
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 64<<10), 64<<10)
	for in.Scan() {
		urls = append(urls, in.Text())
	}
	var problems sync.Mutex
	problem := func(format string, args ...any) {
		problems.Lock()
		defer problems.Unlock()
		fmt.Printf(format+"\n", args...)
	}
	clients := make([]*wsClient, len(urls))
	keys := make([]string, len(urls))
	var wg sync.WaitGroup
	sem := make(chan struct{}, 32) // connect and upload a few at a time
	for i, url := range urls {
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			w := redial(t, url)
			if w == nil {
				problem("client %d could not connect", i)
				return
			}
			w.patience = 3 * time.Minute
			up := upload(t, w, fmt.Sprintf("doc-%d.txt", i), "text/plain", fmt.Appendf(nil, "document number %d\n", i))
			clients[i], keys[i] = w, up["document_key"].(string)
		})
	}
	wg.Wait()
	fmt.Println("uploaded")

	var count sync.Mutex
	complete, bad := 0, 0
	for i, w := range clients {
		if w == nil {
			continue
		}
		wg.Go(func() {
			var frames []map[string]any
			w.send(fmt.Sprintf(`{"action":"process_document","document_key":%q,"document_name":"doc-%d.txt"}`, keys[i], i))
			ans := w.answer(&frames)
			if ans["action"] != "processingStarted" {
				problem("doc %d: %v", i, ans)
				return
			}
			frames = collect(t, w, data(ans)["documentId"].(string), frames)
			for j, f := range frames {
				if seq := data(f)["seq"].(float64); seq != float64(j+1) {
					problem("doc %d: frame %d has seq %v, want %d", i, j, seq, j+1)
					count.Lock()
					bad++
					count.Unlock()
				}
			}
			if st := data(frames[len(frames)-1])["status"]; st == "complete" {
				count.Lock()
				complete++
				count.Unlock()
			} else {
				problem("doc %d ended %v", i, st)
			}
		})
	}
	wg.Wait()
	fmt.Printf("done %d %d\n", complete, bad)
}
