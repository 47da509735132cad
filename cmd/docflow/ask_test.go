package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func chunkFrame(q string, attempt, seq int, text string) string {
	return fmt.Sprintf(`{"action":"answerChunk","data":{"queryId":%q,"attempt":%d,"seq":%d,"text":%q}}`, q, attempt, seq, text)
}

func completeFrame(q string, attempt, seq int, answer string) string {
	return fmt.Sprintf(`{"action":"answerComplete","data":{"queryId":%q,"attempt":%d,"seq":%d,"answer":%q,`+
		`"citations":[{"documentId":"d-1","documentName":"label.pdf","page":3,"excerpt":"take 5 mg"}],"sessionId":"s-1"}}`, q, attempt, seq, answer)
}

func accepted(q string) string {
	return fmt.Sprintf(`{"action":"queryAccepted","data":{"queryId":%q}}`, q)
}

// dialFake connects a client to the fake stack.
func dialFake(t *testing.T, f *fakeStack) *client {
	t.Helper()
	c, err := dial(t.Context(), f.url(), "test-token", nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.close() })
	return c
}

// TestAskStreamsThenCites: the invoke carries the question, documents and
// session as docs/protocol.md names them; on a terminal the first chunk shows
// before the answer is complete; then the citations are listed.
func TestAskStreamsThenCites(t *testing.T) {
	f := newFakeStack(t)
	c := dialFake(t, f)
	conn := f.accept()
	out := &watchWriter{want: "The dose ", seen: make(chan struct{})}
	req := askRequest{QueryID: "q-1", Query: "What is the dose?", DocumentIDs: []string{"d-1", "d-2"}, SessionID: "s-0"}
	done := make(chan error, 1)
	var session string
	go func() {
		var err error
		session, err = ask(t.Context(), c, req, &answerWriter{w: out, tty: true})
		done <- err
	}()
	m := conn.expect("invoke")
	if m["query"] != "What is the dose?" || m["query_id"] != "q-1" || m["session_id"] != "s-0" ||
		fmt.Sprint(m["document_ids"]) != "[d-1 d-2]" {
		t.Errorf("invoke = %v", m)
	}
	conn.send(accepted("q-1"))
	conn.send(chunkFrame("q-1", 1, 1, "The dose "))
	select {
	case <-out.seen: // streamed before the answer is complete
	case <-time.After(30 * time.Second):
		t.Fatalf("the first chunk never showed: %q", out.String())
	}
	conn.send(chunkFrame("q-1", 1, 1, "The dose ")) // a duplicate
	conn.send(chunkFrame("q-1", 1, 2, "is 5 mg."))
	conn.send(completeFrame("q-1", 1, 3, "The dose is 5 mg."))
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	want := "The dose is 5 mg.\n\nSources:\n  [1] label.pdf, page 3 (document d-1)\n"
	if got := out.String(); got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if session != "s-1" {
		t.Errorf("session %q, want s-1", session)
	}
}

// TestAskNewAttemptRestarts: a redelivered query streams again from the
// start with attempt 2; the older attempt's text is dropped (a terminal
// says so) and stale frames of attempt 1 are ignored.
func TestAskNewAttemptRestarts(t *testing.T) {
	for _, tty := range []bool{true, false} {
		t.Run(fmt.Sprintf("tty=%v", tty), func(t *testing.T) {
			f := newFakeStack(t)
			c := dialFake(t, f)
			conn := f.accept()
			var out bytes.Buffer
			done := make(chan error, 1)
			go func() {
				_, err := ask(t.Context(), c, askRequest{QueryID: "q-2", Query: "dose?"}, &answerWriter{w: &out, tty: tty})
				done <- err
			}()
			conn.expect("invoke")
			conn.send(accepted("q-2"))
			conn.send(chunkFrame("q-2", 1, 1, "Old half"))
			conn.send(chunkFrame("q-2", 2, 1, "New "))
			conn.send(chunkFrame("q-2", 1, 2, " of attempt one")) // late frame of the dead attempt
			conn.send(chunkFrame("q-2", 2, 2, "answer."))
			conn.send(completeFrame("q-2", 2, 3, "New answer."))
			if err := <-done; err != nil {
				t.Fatal(err)
			}
			got := out.String()
			if strings.Contains(got, "attempt one") {
				t.Errorf("a stale frame of attempt 1 was shown:\n%s", got)
			}
			if tty {
				if !strings.Contains(got, "Old half\n[the answer restarted (attempt 2)") || !strings.Contains(got, "]\nNew answer.\n") {
					t.Errorf("terminal output does not say the answer restarted:\n%s", got)
				}
			} else if !strings.HasPrefix(got, "New answer.\n\nSources:") {
				t.Errorf("piped output holds more than the final answer:\n%s", got)
			}
		})
	}
}

// TestAskFailed: answerFailed prints its sentence and exits 1.
func TestAskFailed(t *testing.T) {
	f := newFakeStack(t)
	var stdout, stderr bytes.Buffer
	done := make(chan error, 1)
	go func() {
		done <- run(t.Context(), []string{"ask", "dose?", "--url", f.url(), "--token", "test-token", "--query-id", "q-3"}, &stdout, &stderr)
	}()
	conn := f.accept()
	conn.expect("invoke")
	conn.send(accepted("q-3"))
	conn.send(`{"action":"answerFailed","message":"The answer service is unavailable; please ask again later.","data":{"queryId":"q-3","attempt":3,"code":"Unavailable"}}`)
	err := <-done
	if code, ok := err.(exitError); !ok || code != 1 {
		t.Errorf("got %v, want exit status 1", err)
	}
	if !strings.Contains(stderr.String(), "The answer service is unavailable; please ask again later.") {
		t.Errorf("stderr lacks the reason:\n%s", stderr.String())
	}
}

// TestAskReconnects: the socket drops mid-answer; the client dials again,
// asks with get_answer, and polls until the answer is complete.
func TestAskReconnects(t *testing.T) {
	oldPoll, oldFirst := answerPollInterval, reconnectFirst
	answerPollInterval, reconnectFirst = 10*time.Millisecond, 10*time.Millisecond
	defer func() { answerPollInterval, reconnectFirst = oldPoll, oldFirst }()
	f := newFakeStack(t)
	var stdout, stderr bytes.Buffer
	done := make(chan error, 1)
	go func() {
		done <- run(t.Context(), []string{"ask", "dose?", "--url", f.url(), "--token", "test-token", "--query-id", "q-4"}, &stdout, &stderr)
	}()
	conn := f.accept()
	conn.expect("invoke")
	conn.send(accepted("q-4"))
	conn.send(chunkFrame("q-4", 1, 1, "The dose "))
	conn.drop()

	again := f.accept()
	if m := again.expect("get_answer"); m["query_id"] != "q-4" {
		t.Errorf("get_answer = %v, want query_id q-4", m)
	}
	again.send(`{"action":"answerStatus","data":{"queryId":"q-4","status":"answering"}}`)
	again.expect("get_answer") // polled again
	again.send(`{"action":"answerStatus","data":{"queryId":"q-4","status":"complete","answer":"The dose is 5 mg.",` +
		`"citations":[{"documentId":"d-1","documentName":"label.pdf","page":3,"excerpt":"take 5 mg"}]}}`)
	if err := <-done; err != nil {
		t.Fatalf("ask: %v\n%s", err, stderr.String())
	}
	if got := stdout.String(); !strings.HasPrefix(got, "The dose is 5 mg.\n") || !strings.Contains(got, "label.pdf, page 3") {
		t.Errorf("got %q", got)
	}
	if !strings.Contains(stderr.String(), "reconnecting") {
		t.Errorf("stderr does not say it reconnected:\n%s", stderr.String())
	}
}

// TestAskInterrupted: Ctrl-C exits 130 with the query id and how to fetch
// the answer later.
func TestAskInterrupted(t *testing.T) {
	f := newFakeStack(t)
	var stdout, stderr bytes.Buffer
	ctx, interrupt := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"ask", "dose?", "--url", f.url(), "--token", "test-token"}, &stdout, &stderr)
	}()
	conn := f.accept()
	m := conn.expect("invoke")
	id, _ := m["query_id"].(string)
	if id == "" {
		t.Fatalf("invoke without a query_id: %v", m)
	}
	conn.send(accepted(id))
	conn.send(chunkFrame(id, 1, 1, "The dose "))
	interrupt()
	err := <-done
	if code, ok := err.(exitError); !ok || code != 130 {
		t.Errorf("got %v, want exit status 130", err)
	}
	if want := "docflow answer " + id + " --url " + f.url(); !strings.Contains(stderr.String(), want) {
		t.Errorf("stderr lacks %q:\n%s", want, stderr.String())
	}
}

// TestAnswerCommand: docflow answer prints a finished answer from
// get_answer.
func TestAnswerCommand(t *testing.T) {
	f := newFakeStack(t)
	var stdout, stderr bytes.Buffer
	done := make(chan error, 1)
	go func() {
		done <- run(t.Context(), []string{"answer", "q-5", "--url", f.url(), "--token", "test-token"}, &stdout, &stderr)
	}()
	conn := f.accept()
	if m := conn.expect("get_answer"); m["query_id"] != "q-5" {
		t.Errorf("get_answer = %v", m)
	}
	conn.send(`{"action":"answerStatus","data":{"queryId":"q-5","status":"complete","answer":"Five.","citations":[]}}`)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if got := stdout.String(); got != "Five.\n" {
		t.Errorf("got %q, want %q", got, "Five.\n")
	}
}

// TestGet: get asks for the output's presigned URL and writes what it
// serves; a document that is not the caller's says so.
func TestGet(t *testing.T) {
	objects := newObjectServer(t, "page one text\n")
	f := newFakeStack(t)
	file := filepath.Join(t.TempDir(), "out.txt")
	var stdout, stderr bytes.Buffer
	done := make(chan error, 1)
	go func() {
		done <- run(t.Context(), []string{"get", "d-1", "--output", "text", "-o", file, "--url", f.url(), "--token", "test-token"}, &stdout, &stderr)
	}()
	conn := f.accept()
	if m := conn.expect("get_output_url"); m["document_id"] != "d-1" || m["output"] != "text" {
		t.Errorf("get_output_url = %v", m)
	}
	conn.send(fmt.Sprintf(`{"action":"outputUrl","data":{"url":%q,"expiresAt":"2026-01-01T00:05:00Z"}}`, objects+"/text.txt?X-Amz-Signature=abc"))
	if err := <-done; err != nil {
		t.Fatalf("get: %v\n%s", err, stderr.String())
	}
	if got, _ := os.ReadFile(file); string(got) != "page one text\n" {
		t.Errorf("file holds %q", got)
	}

	go func() {
		done <- run(t.Context(), []string{"get", "d-2", "--url", f.url(), "--token", "test-token"}, &stdout, &stderr)
	}()
	conn = f.accept()
	conn.expect("get_output_url")
	conn.send(`{"action":"error","message":"No such document.","data":{"code":"NotFound","requestAction":"get_output_url"}}`)
	err := <-done
	if err == nil || !strings.Contains(err.Error(), "no document d-2 for this token's user") {
		t.Errorf("got %v, want a not-found sentence", err)
	}
}
