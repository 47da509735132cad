package stack

import (
	"bytes"
	"fmt"
	"log/slog"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer is a bytes.Buffer many goroutines may log into.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestLogsHoldNoSecrets runs a whole session (a connection with a token, a
// refused one, an upload URL, a processed document, a failed one, hostile
// messages) with every log captured, and greps the logs for the token, the
// presigned URL and the document's text.
func TestLogsHoldNoSecrets(t *testing.T) {
	var logs syncBuffer
	prev := slog.Default()
	slog.SetDefault(slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug})))
	defer slog.SetDefault(prev)
	s := startStack(t, Config{Log: &logs, Env: map[string]string{"LOG_LEVEL": "DEBUG"}})

	tok, err := s.Token("log-probe-user", time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	const sentinel = "Quixotic-Zebra-7391 is the secret sentence of this document."
	w := dialWS(t, s.ClientURL(tok))
	up := upload(t, w, "secret.txt", "text/plain", []byte(sentinel+"\n"))
	presigned := up["url"].(string)
	u, _ := url.Parse(presigned)
	var frames []map[string]any
	w.send(fmt.Sprintf(`{"action":"process_document","document_key":%q}`, up["document_key"]))
	ans := w.answer(&frames)
	id := data(ans)["documentId"].(string)
	if last := collect(t, w, id, frames); data(last[len(last)-1])["status"] != "complete" {
		t.Fatalf("document ended %v", last[len(last)-1])
	}
	bad := upload(t, w, "broken.pdf", "application/pdf", []byte("%PDF-1.7\n"+sentinel+"\n"))
	frames = nil
	w.send(fmt.Sprintf(`{"action":"process_document","document_key":%q}`, bad["document_key"]))
	badID := data(w.answer(&frames))["documentId"].(string)
	collect(t, w, badID, frames)
	for _, m := range []string{`{"action":"subscribe","document_id":"` + sentinel + `"}`, `{"action":"get_upload_url","document_name":"` + tok + `"}`, "not json " + sentinel} {
		w.send(m)
		w.next()
	}
	// A refused connection whose token is almost right.
	if c, err := tryDialWS(t.Context(), t, s.ClientURL(tok[:len(tok)-3]+"AAA")); err == nil {
		c.c.CloseNow()
		t.Error("a forged token was accepted")
	}

	got := logs.String()
	if !strings.Contains(got, id) || !strings.Contains(got, "authorized connection") {
		t.Fatalf("the logs were not captured (no document id or authorizer line):\n%.2000s", got)
	}
	sig := tok[strings.LastIndex(tok, ".")+1:]
	for name, secret := range map[string]string{
		"the token": tok, "the token's signature": sig, "the token's payload": strings.Split(tok, ".")[1],
		"the presigned URL": presigned, "the URL's signature": u.Query().Get("X-Amz-Signature"),
		"the URL's query": u.RawQuery, "the document's text": "Quixotic-Zebra-7391",
	} {
		if strings.Contains(got, secret) {
			i := strings.Index(got, secret)
			t.Errorf("the logs contain %s: …%s…", name, got[max(0, i-200):min(len(got), i+len(secret)+50)])
		}
	}
}
