package stack

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"

	"docflow/internal/corpus"
	"docflow/internal/testdocs"
	"docflow/internal/testenv"
	"docflow/shared/processor/processortest"
)

// wsClient is a plain WebSocket client that speaks the protocol by hand, as
// an existing frontend does: nothing of docflow's own client code.
type wsClient struct {
	t testing.TB
	c *websocket.Conn
	// frames holds what the reader decoded and the test has not taken
	// yet. Past its capacity the reader waits and the socket's kernel
	// buffer holds the rest, so a small one loses nothing: at 1024 the
	// channels of the 1,000-document benchmark's clients alone were 9 MiB
	// of its peak.
	frames chan map[string]any
	// patience is how long next waits for a frame (default a minute; the
	// load benchmark, with 1,000 documents queued, waits longer).
	patience time.Duration
}

func dialWS(t testing.TB, url string) *wsClient {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	w, err := tryDialWS(ctx, t, url)
	if err != nil {
		t.Fatal(err)
	}
	return w
}

// tryDialWS connects a wsClient; its error never quotes the token.
func tryDialWS(ctx context.Context, t testing.TB, url string) (*wsClient, error) {
	c, resp, err := websocket.Dial(ctx, url, nil)
	if err != nil {
		shown, _, _ := strings.Cut(url, "?")
		if resp != nil {
			return nil, fmt.Errorf("dial %s: %s", shown, resp.Status)
		}
		return nil, fmt.Errorf("dial %s: %w", shown, ctx.Err())
	}
	c.SetReadLimit(1 << 20)
	w := &wsClient{t: t, c: c, frames: make(chan map[string]any, frameBacklog)}
	go func() {
		defer close(w.frames)
		for {
			_, b, err := c.Read(context.Background())
			if err != nil {
				return
			}
			var f map[string]any
			if err := json.Unmarshal(b, &f); err != nil {
				t.Errorf("server sent non-JSON %q", b)
				return
			}
			w.frames <- f
		}
	}()
	t.Cleanup(func() { c.Close(websocket.StatusNormalClosure, "") })
	return w, nil
}

// frameBacklog is how many decoded frames a wsClient holds for its test.
const frameBacklog = 64

func (w *wsClient) send(msg string) {
	w.t.Helper()
	if err := w.c.Write(context.Background(), websocket.MessageText, []byte(msg)); err != nil {
		w.t.Fatalf("send: %v", err)
	}
}

// next returns the next frame, failing after w.patience.
func (w *wsClient) next() map[string]any {
	w.t.Helper()
	patience := cmp.Or(w.patience, time.Minute)
	select {
	case f, ok := <-w.frames:
		if !ok {
			w.t.Fatal("connection closed")
		}
		return f
	case <-time.After(patience):
		w.t.Fatalf("no frame within %s", patience)
	}
	return nil
}

// answer returns the next frame that is not a progress frame.
func (w *wsClient) answer(progress *[]map[string]any) map[string]any {
	for {
		f := w.next()
		if f["action"] != "progressUpdate" {
			return f
		}
		*progress = append(*progress, f)
	}
}

func data(f map[string]any) map[string]any { d, _ := f["data"].(map[string]any); return d }

// upload asks for an upload URL and PUTs body with the returned headers.
func upload(t testing.TB, w *wsClient, name, contentType string, body []byte) map[string]any {
	t.Helper()
	var early []map[string]any
	w.send(fmt.Sprintf(`{"action":"get_upload_url","document_name":%q,"content_type":%q,"size":%d}`, name, contentType, len(body)))
	ans := w.answer(&early)
	if ans["action"] != "uploadUrl" {
		t.Fatalf("get_upload_url %s: got %v", name, ans)
	}
	up := data(ans)
	req, _ := http.NewRequest(http.MethodPut, up["url"].(string), bytes.NewReader(body))
	for k, v := range up["headers"].(map[string]any) {
		req.Header.Set(k, v.(string))
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("upload %s: %v", name, err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("upload %s: %s", name, resp.Status)
	}
	return up
}

// The four fixed frames, verbatim from docs/protocol.md.
var fixedFrames = map[float64]struct{ status, message string }{
	10:  {"starting", "Starting document processing..."},
	20:  {"triggering", "Connecting to ECS processing service..."},
	40:  {"processing", "Sending document to processing engine..."},
	100: {"complete", "Document processing completed successfully!"},
}

// checkFrames asserts a document's frames against the stage table, with
// seq strictly increasing, and returns the last one.
func checkFrames(t testing.TB, name string, frames []map[string]any) map[string]any {
	t.Helper()
	var lastSeq, lastProgress float64
	for _, f := range frames {
		d := data(f)
		seq, progress := d["seq"].(float64), d["progress"].(float64)
		if seq <= lastSeq {
			t.Errorf("%s: seq %v after %v: not strictly increasing", name, seq, lastSeq)
		}
		if d["status"] != "failed" && progress < lastProgress {
			t.Errorf("%s: progress %v after %v", name, progress, lastProgress)
		}
		lastSeq, lastProgress = seq, progress
		if want, ok := fixedFrames[progress]; ok && d["status"] != "failed" {
			if d["status"] != want.status || f["message"] != want.message {
				t.Errorf("%s: %v%% frame is %q/%q, want %q/%q", name, progress, d["status"], f["message"], want.status, want.message)
			}
		}
	}
	return frames[len(frames)-1]
}

// collect reads frames of documentID until it is complete or failed.
func collect(t testing.TB, w *wsClient, documentID string, have []map[string]any) []map[string]any {
	t.Helper()
	frames := have
	for len(frames) == 0 || !terminal(frames[len(frames)-1]) {
		f := w.next()
		if f["action"] == "progressUpdate" && data(f)["documentId"] == documentID {
			frames = append(frames, f)
		}
	}
	return frames
}

func terminal(f map[string]any) bool {
	s := data(f)["status"]
	return s == "complete" || s == "failed"
}

func startStack(t testing.TB, cfg Config) *Stack {
	t.Helper()
	if cfg.Log == nil {
		cfg.Log = io.Discard
		if os.Getenv("DOCFLOW_TEST_LOG") != "" {
			cfg.Log = os.Stderr
		}
	}
	s, err := Start(context.Background(), cfg)
	if err != nil {
		t.Fatalf("start stack: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if err := s.Close(ctx); err != nil {
			t.Errorf("close stack: %v", err)
		}
	})
	return s
}

// e2eDoc is one document TestEndToEnd sends and how it must end.
type e2eDoc struct {
	name, contentType string
	body              []byte
	want              outcome
	pages             int // the page count the summary must give; 0: any
}

// TestEndToEnd uploads documents written at test time (multi-page PDFs with
// known text, a DOCX, HTML, CSV, a text file, and broken ones: a cut-off
// PDF, a password-protected PDF, a zip that is not a DOCX) over a plain
// WebSocket, sends the seed frontend's exact process_document message for
// each, and checks every frame the client sees. It needs nothing beside
// the repository; TestEndToEndCorpus adds the corpus when it is there.
func TestEndToEnd(t *testing.T) {
	docs := []e2eDoc{{name: "notes.txt", contentType: "text/plain",
		body: []byte(strings.Repeat("docflow turns documents into text and chunks.\n", 400)), want: outcome{status: "complete"}}}
	for _, d := range testdocs.Set(t) {
		want := outcome{status: "complete"}
		if d.Reason != "" {
			want = outcome{"failed", d.Reason}
		}
		docs = append(docs, e2eDoc{d.Name, d.ContentType, d.Data, want, len(d.Pages)})
	}
	runEndToEnd(t, docs)
}

// TestEndToEndCorpus is TestEndToEnd over every PDF of the corpus beside
// the repository (skipped without it, required under CI).
func TestEndToEndCorpus(t *testing.T) {
	dir := corpus.Dir(t)
	facts := corpus.Facts(t, dir)
	pdfs, _ := filepath.Glob(filepath.Join(dir, "*.pdf"))
	var docs []e2eDoc
	for _, p := range pdfs {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		fact := facts[filepath.Base(p)]
		want := outcome{status: "complete"}
		if fact.Encrypted {
			want = outcome{"failed", "Document.Encrypted"}
		}
		docs = append(docs, e2eDoc{filepath.Base(p), "application/pdf", b, want, fact.Pages})
	}
	runEndToEnd(t, docs)
}

func runEndToEnd(t *testing.T, docs []e2eDoc) {
	s := startStack(t, Config{})
	w := dialWS(t, s.ClientURL(s.DevToken()))
	for _, d := range docs {
		t.Run(d.name, func(t *testing.T) {
			up := upload(t, w, d.name, d.contentType, d.body)
			// The seed frontend's exact message.
			var frames []map[string]any
			w.send(fmt.Sprintf(`{"action":"process_document","document_key":%q,"bucket":%q,"document_name":%q}`,
				up["document_key"], up["bucket"], d.name))
			ans := w.answer(&frames)
			if ans["action"] != "processingStarted" {
				t.Fatalf("process_document: got %v", ans)
			}
			id := data(ans)["documentId"].(string)
			if !strings.HasSuffix(data(ans)["executionArn"].(string), ":"+id) {
				t.Errorf("execution %v is not named by the document id %s", data(ans)["executionArn"], id)
			}
			frames = collect(t, w, id, frames)
			last := checkFrames(t, d.name, frames)
			want := d.want
			got := data(last)
			if got["status"] != want.status {
				t.Fatalf("final status %v (%v), want %s", got["status"], last["message"], want.status)
			}
			if want.status == "failed" {
				e, _ := got["error"].(map[string]any)
				if e == nil || e["message"] == "" || (want.reason != "" && e["reason"] != want.reason) {
					t.Errorf("failed frame error = %v, want reason %q with a message", e, want.reason)
				}
				return
			}
			var sawFine bool
			for _, f := range frames {
				p := data(f)["progress"].(float64)
				sawFine = sawFine || (p > 40 && p < 100 && data(f)["status"] == "processing")
			}
			if !sawFine {
				t.Errorf("no finer processing frame between 40 and 100")
			}
			sum, _ := got["summary"].(map[string]any)
			if sum == nil || sum["pages"].(float64) < 1 || sum["words"].(float64) < 1 || sum["chunks"].(float64) < 1 {
				t.Errorf("final frame summary = %v, want pages, words and chunks", sum)
			} else if d.pages > 0 && sum["pages"].(float64) != float64(d.pages) {
				t.Errorf("summary gives %v pages, want %d", sum["pages"], d.pages)
			}
		})
	}
}

type outcome struct{ status, reason string }

// TestSubscribeFromSecondConnection: a client that subscribes to a running
// document from a new connection gets its current state and then the rest
// of its frames.
func TestSubscribeFromSecondConnection(t *testing.T) {
	gate := make(chan struct{})
	s := startStack(t, Config{Extractor: processortest.Gated{Gate: gate}})
	first := dialWS(t, s.ClientURL(s.DevToken()))
	up := upload(t, first, "long.txt", "text/plain", []byte(strings.Repeat("line of text\n", 1000)))
	var early []map[string]any
	first.send(fmt.Sprintf(`{"action":"process_document","document_key":%q,"document_name":"long.txt"}`, up["document_key"]))
	id := data(first.answer(&early))["documentId"].(string)

	second := dialWS(t, s.ClientURL(s.DevToken()))
	var none []map[string]any
	second.send(fmt.Sprintf(`{"action":"subscribe","document_id":%q}`, id))
	status := second.answer(&none)
	if status["action"] != "documentStatus" {
		t.Fatalf("subscribe: got %v", status)
	}
	if st := data(status)["status"]; st == "complete" || st == "failed" {
		t.Fatalf("document already %v; the gate should hold it", st)
	}
	close(gate)
	frames := collect(t, second, id, none)
	statusSeq := data(status)["seq"].(float64)
	// The frame of the state the status already showed may still arrive:
	// its stage had stored the state but not yet listed subscribers when
	// this connection subscribed. A client ignores a seq it has, as the
	// protocol says; anything older would be a real disorder.
	if got := data(frames[0])["seq"].(float64); got == statusSeq {
		frames = frames[1:]
	}
	if got := data(frames[0])["seq"].(float64); got <= statusSeq {
		t.Errorf("first frame after subscribe has seq %v, not after the status's %v", got, statusSeq)
	}
	if last := checkFrames(t, "second", frames); data(last)["status"] != "complete" {
		t.Errorf("second client's last frame: %v", last)
	}
	// And the first connection got the whole run too.
	all := collect(t, first, id, early)
	if got, want := len(all), len(frames); got < want {
		t.Errorf("first client got %d frames, fewer than the late subscriber's %d", got, want)
	}
}

// TestAWSCLIAgainstStack runs the AWS CLI with --endpoint-url against the
// stack's Step Functions and @connections endpoints.
func TestAWSCLIAgainstStack(t *testing.T) {
	testenv.Require(t, testenv.AWS)
	s := startStack(t, Config{})
	w := dialWS(t, s.ClientURL(s.DevToken()))
	up := upload(t, w, "cli.txt", "text/plain", []byte("a small document for the CLI test\n"))
	var frames []map[string]any
	w.send(fmt.Sprintf(`{"action":"process_document","document_key":%q,"document_name":"cli.txt"}`, up["document_key"]))
	ans := w.answer(&frames)
	id := data(ans)["documentId"].(string)
	collect(t, w, id, frames)

	aws := func(args ...string) []byte {
		t.Helper()
		cmd := exec.CommandContext(t.Context(), "aws", append(args, "--region", Region, "--output", "json")...)
		cmd.Env = append(os.Environ(), "AWS_ACCESS_KEY_ID=local", "AWS_SECRET_ACCESS_KEY=local", "AWS_PAGER=", "AWS_CONFIG_FILE=/dev/null", "AWS_SHARED_CREDENTIALS_FILE=/dev/null")
		out, err := cmd.Output()
		if err != nil {
			var stderr string
			if ee, ok := err.(*exec.ExitError); ok {
				stderr = string(ee.Stderr)
			}
			t.Fatalf("aws %s: %v\n%s", strings.Join(args, " "), err, stderr)
		}
		return out
	}
	var list struct {
		Executions []struct{ Name, Status, ExecutionArn string }
	}
	if err := json.Unmarshal(aws("stepfunctions", "list-executions", "--state-machine-arn", s.StateMachineArn(), "--endpoint-url", s.endpoints.StepFunctions), &list); err != nil {
		t.Fatal(err)
	}
	if len(list.Executions) != 1 || list.Executions[0].Name != id || list.Executions[0].Status != "SUCCEEDED" {
		t.Fatalf("list-executions = %+v, want one SUCCEEDED execution named %s", list.Executions, id)
	}
	var hist struct{ Events []struct{ Type string } }
	if err := json.Unmarshal(aws("stepfunctions", "get-execution-history", "--execution-arn", list.Executions[0].ExecutionArn, "--endpoint-url", s.endpoints.StepFunctions), &hist); err != nil {
		t.Fatal(err)
	}
	var types []string
	for _, e := range hist.Events {
		types = append(types, e.Type)
	}
	for _, want := range []string{"ExecutionStarted", "TaskScheduled", "TaskSubmitted", "TaskSucceeded", "ExecutionSucceeded"} {
		if !contains(types, want) {
			t.Errorf("history lacks %s: %v", want, types)
		}
	}

	// get-connection needs the id of a live connection: the stack's own
	// @connections GET tells the CLI what the gateway knows.
	var connID string
	s.gw.mu.RLock()
	for id := range s.gw.conns {
		connID = id
	}
	s.gw.mu.RUnlock()
	var conn struct {
		ConnectedAt string
		Identity    struct{ SourceIp string }
	}
	if err := json.Unmarshal(aws("apigatewaymanagementapi", "get-connection", "--connection-id", connID, "--endpoint-url", s.endpoints.Connections), &conn); err != nil {
		t.Fatal(err)
	}
	if conn.ConnectedAt == "" || conn.Identity.SourceIp != "127.0.0.1" {
		t.Errorf("get-connection = %+v", conn)
	}
}

func contains(xs []string, x string) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}
