package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/sfn"

	"docflow/internal/testdocs"
	"docflow/local/stack"
)

// serveProc is `docflow serve` running as a child process, as a developer
// leaves it running.
type serveProc struct {
	cmd       *exec.Cmd
	endpoints map[string]string
	exited    chan error
}

// restartArgs are the serve flags of the restart tests: a data dir, a
// fixed address (the issuer is the base URL, so the same address keeps
// tokens valid) and heartbeats short enough that a container that died
// with the stack fails its document within seconds.
func restartArgs(dir, addr string) []string {
	return []string{"--data-dir", dir, "--addr", addr,
		"--parameter", "ProcessHeartbeatSeconds=4", "--env", "HEARTBEAT_INTERVAL=1s"}
}

// startServe starts bin serve with args and waits for its endpoints. Its
// logs go to log, which the test shows if it fails.
func startServe(t *testing.T, bin string, log io.Writer, args []string) *serveProc {
	t.Helper()
	cmd := exec.Command(bin, append([]string{"serve"}, args...)...)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = log
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	p := &serveProc{cmd: cmd, endpoints: map[string]string{}, exited: make(chan error, 1)}
	sc := bufio.NewScanner(stdout)
	sc.Buffer(make([]byte, 64<<10), 64<<10)
	for sc.Scan() {
		name, url, ok := strings.Cut(sc.Text(), ": ")
		if ok {
			p.endpoints[name] = url
		}
		if name == "token" {
			break
		}
	}
	if p.endpoints["token"] == "" {
		cmd.Process.Kill()
		t.Fatalf("serve printed no token line (endpoints %v); see its log", p.endpoints)
	}
	go func() {
		io.Copy(io.Discard, stdout)
		p.exited <- cmd.Wait()
	}()
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			cmd.Process.Kill()
			<-p.exited
		}
	})
	return p
}

// kill9 kills the stack without warning: no shutdown path runs.
func (p *serveProc) kill9(t *testing.T) {
	t.Helper()
	if err := p.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	<-p.exited
}

// terminate stops the stack as a service manager does and waits until it
// has exited.
func (p *serveProc) terminate(t *testing.T) {
	t.Helper()
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-p.exited:
		if err != nil {
			t.Errorf("serve exited with %v after SIGTERM, want a clean exit", err)
		}
	case <-time.After(90 * time.Second):
		t.Fatal("serve did not exit after SIGTERM")
	}
}

// freeAddr returns a loopback address nobody listens on.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// serveLog collects the children's logs and prints them if the test fails.
func serveLog(t *testing.T) io.Writer {
	f, err := os.Create(filepath.Join(t.TempDir(), "serve.log"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if t.Failed() {
			b, _ := os.ReadFile(f.Name())
			if len(b) > 20000 {
				b = b[len(b)-20000:]
			}
			t.Logf("serve log (tail):\n%s", b)
		}
		f.Close()
	})
	return f
}

// executions lists the state machine's executions through the Step
// Functions API, signed with the stack's key as the aws CLI would.
func executions(t *testing.T, p *serveProc) map[string]string {
	t.Helper()
	api := sfn.New(sfn.Options{
		Region: stack.Region, BaseEndpoint: aws.String(p.endpoints["stepfunctions"]),
		Credentials: credentials.NewStaticCredentialsProvider(stack.AccessKeyID, stack.SecretAccessKey, ""),
	})
	out := map[string]string{}
	pages := sfn.NewListExecutionsPaginator(api, &sfn.ListExecutionsInput{StateMachineArn: aws.String(p.endpoints["statemachine"])})
	for pages.HasMorePages() {
		page, err := pages.NextPage(t.Context())
		if err != nil {
			t.Fatalf("list-executions: %v", err)
		}
		for _, x := range page.Executions {
			out[aws.ToString(x.Name)] = string(x.Status)
		}
	}
	return out
}

// writeDocument writes a generated PDF of pages pages and returns its path.
func writeDocument(t *testing.T, name string, pages int) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, testdocs.PDF(t, testdocs.Pages(name, pages)...), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// checkEnded fails unless o ended: complete, or failed with a reason.
func checkEnded(t *testing.T, o outcome) {
	t.Helper()
	switch {
	case o.Err != nil:
		t.Errorf("%s: %v", o.File, o.Err)
	case o.Final.Status == "complete":
	case o.Final.Status == "failed" && o.Final.Error != nil && o.Final.Error.Reason != "" && o.Final.Message != "":
	default:
		t.Errorf("%s ended %q (%s), want complete, or failed with a reason", o.File, o.Final.Status, o.reason())
	}
}

// checkAfterRestart checks what a user sees of documents after the
// restart: each execution is listed and ended, and a client with the token
// from before the restart connects and gets each document's final state.
func checkAfterRestart(t *testing.T, p *serveProc, oldToken string, want map[string]outcome) {
	t.Helper()
	// The failed or complete frame goes out from the execution's last
	// Task; the execution ends a moment later.
	var listed map[string]string
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		listed = executions(t, p)
		running := false
		for id := range want {
			running = running || listed[id] == "RUNNING"
		}
		if !running || time.Now().After(deadline) {
			break
		}
	}
	for id := range want {
		switch status := listed[id]; status {
		case "SUCCEEDED", "FAILED":
		default:
			t.Errorf("list-executions after the restart: %s is %q, want SUCCEEDED or FAILED (listed: %v)", id, status, listed)
		}
	}
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()
	c, err := dial(ctx, p.endpoints["websocket"], oldToken, nil)
	if err != nil {
		t.Fatalf("the token from before the restart no longer connects: %v", err)
	}
	defer c.close()
	for id, o := range want {
		ans, err := c.request(ctx, map[string]any{"action": "subscribe", "document_id": id}, "documentStatus")
		if err != nil {
			t.Errorf("subscribe %s after the restart: %v", id, err)
			continue
		}
		var d progressData
		json.Unmarshal(ans.Data, &d)
		if d.Status != o.Final.Status || d.Seq != o.Final.Seq {
			t.Errorf("documentStatus of %s after the restart = %s seq %d, want the final frame's %s seq %d", id, d.Status, d.Seq, o.Final.Status, o.Final.Seq)
		}
	}
}

// TestRestartAfterKillMidDocument: kill -9 the stack while a multi-page
// document is being processed and start it again on the same data dir.
// The execution goes on: its container died with the stack, so the
// document fails by heartbeat timeout with a reason (or completes, if it
// got there first), the CLI's client reconnects by itself and sees the
// end, list-executions shows it, and the old token still connects.
func TestRestartAfterKillMidDocument(t *testing.T) {
	bin := buildCLI(t)
	dir, addr, log := t.TempDir(), freeAddr(t), serveLog(t)
	p := startServe(t, bin, log, restartArgs(dir, addr))
	token := p.endpoints["token"]
	file := writeDocument(t, "long-report.pdf", 300)

	ctx, cancel := context.WithTimeout(t.Context(), 3*time.Minute)
	defer cancel()
	st := newStates()
	c, err := dial(ctx, p.endpoints["websocket"], token, st.record)
	if err != nil {
		t.Fatal(err)
	}
	defer c.close()
	midway := make(chan struct{})
	var once sync.Once
	done := make(chan outcome, 1)
	go func() {
		done <- processFile(ctx, c, http.DefaultClient, file, func(_ string, d progressData) {
			if d.Status == "processing" && d.Progress > 40 {
				once.Do(func() { close(midway) })
			}
		})
	}()
	select {
	case <-midway:
	case o := <-done:
		t.Fatalf("the document ended (%s) before any page frame; the test needs it mid-way", o.reason())
	}
	p.kill9(t)
	select {
	case o := <-done:
		t.Fatalf("the document ended (%s, %v) with the stack killed", o.Final.Status, o.Err)
	default:
	}

	p = startServe(t, bin, log, restartArgs(dir, addr))
	o := <-done
	checkEnded(t, o)
	// Its container died with the stack and never answers: the restarted
	// execution waits out the heartbeat from before the crash.
	if o.Final.Status == "failed" && (o.Final.Error == nil || o.Final.Error.Reason != "States.HeartbeatTimeout") {
		t.Errorf("the document failed with %s, want States.HeartbeatTimeout", o.reason())
	}
	if !slices.Contains(st.list(), "reconnected") {
		t.Errorf("the client's connection states were %v, want a reconnect", st.list())
	}
	if t.Failed() {
		return
	}
	checkAfterRestart(t, p, token, map[string]outcome{o.DocumentID: o})
}

// TestRestartAfterSIGTERMWithTwelveDocuments: stop the stack with SIGTERM
// while twelve documents are in flight, start it again on the same data
// dir: every document ends, and is listed and readable afterwards.
func TestRestartAfterSIGTERMWithTwelveDocuments(t *testing.T) {
	bin := buildCLI(t)
	dir, addr, log := t.TempDir(), freeAddr(t), serveLog(t)
	p := startServe(t, bin, log, restartArgs(dir, addr))
	token := p.endpoints["token"]

	ctx, cancel := context.WithTimeout(t.Context(), 4*time.Minute)
	defer cancel()
	c, err := dial(ctx, p.endpoints["websocket"], token, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer c.close()
	const n = 12
	var started sync.WaitGroup
	started.Add(n)
	done := make(chan outcome, n)
	for i := range n {
		file := writeDocument(t, fmt.Sprintf("doc-%02d.pdf", i+1), 60)
		go func() {
			var once sync.Once
			o := processFile(ctx, c, http.DefaultClient, file, func(_ string, d progressData) {
				if d.Status != "uploading" {
					once.Do(started.Done) // its execution runs
				}
			})
			once.Do(started.Done)
			done <- o
		}()
	}
	started.Wait()
	p.terminate(t)
	p = startServe(t, bin, log, restartArgs(dir, addr))

	want := map[string]outcome{}
	for range n {
		o := <-done
		checkEnded(t, o)
		want[o.DocumentID] = o
	}
	if t.Failed() {
		return
	}
	checkAfterRestart(t, p, token, want)
}
