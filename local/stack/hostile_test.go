package stack

import (
	"bufio"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/coder/websocket"
	"github.com/google/uuid"

	"docflow/shared/domain"
)

// hostileMessage is one entry of testdata/hostile.jsonl: a message a
// hostile or broken client sends, and the error code it must get.
type hostileMessage struct {
	Category string `json:"category"`
	Name     string `json:"name"`
	Text     string `json:"text"`
	Base64   string `json:"base64"`
	Binary   bool   `json:"binary"`
	Code     string `json:"code"`
}

func loadHostile(t *testing.T) []hostileMessage {
	t.Helper()
	f, err := os.Open("testdata/hostile.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []hostileMessage
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var m hostileMessage
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatalf("hostile.jsonl line %d: %v", len(out)+1, err)
		}
		out = append(out, m)
	}
	return out
}

var corpusVar = regexp.MustCompile(`\{\{([A-Z_]+)(?::([^:}]+|\]|\[))?(?::(\d+))?\}\}`)

// expand fills the corpus's placeholders: ids and keys of this run, and
// long runs written as {{REPEAT:char:n}} so the file stays small.
func expand(t *testing.T, text string, vars map[string]string) []byte {
	t.Helper()
	return []byte(corpusVar.ReplaceAllStringFunc(text, func(p string) string {
		m := corpusVar.FindStringSubmatch(p)
		switch m[1] {
		case "REPEAT":
			n, _ := strconv.Atoi(m[3])
			ch := map[string]string{"NUL": "\x00", "RBRACE": "}"}[m[2]]
			if ch == "" {
				ch = m[2]
			}
			return strings.Repeat(ch, n)
		case "MANYKEYS":
			n, _ := strconv.Atoi(m[2])
			var b strings.Builder
			b.WriteString("{")
			for i := range n {
				if i > 0 {
					b.WriteString(",")
				}
				fmt.Fprintf(&b, `"k%d":%d`, i, i)
			}
			b.WriteString("}")
			return b.String()
		}
		v, ok := vars[m[1]]
		if !ok {
			t.Fatalf("unknown corpusVar %s", p)
		}
		return v
	}))
}

// codes are the error codes a client may be told (docs/protocol.md).
var codes = map[string]bool{
	string(domain.CodeInvalidMessage): true, string(domain.CodeUnknownAction): true, string(domain.CodeInvalidField): true,
	string(domain.CodeTooLarge): true, string(domain.CodeNotFound): true, string(domain.CodeForbidden): true,
	string(domain.CodeUnauthorized): true, string(domain.CodeConflict): true, string(domain.CodeUnavailable): true,
}

// internals are what an answer must never show a client.
var internals = regexp.MustCompile(`(?i)json:|unexpected|goroutine|panic|runtime error|%!|nil pointer|invalid character|\.go:\d`)

// TestHostileMessages sends every message of the corpus on one connection:
// each gets an error frame with the expected code and a readable sentence,
// the connection keeps answering, and meanwhile another user's document
// goes through undisturbed.
func TestHostileMessages(t *testing.T) {
	corpus := loadHostile(t)
	if len(corpus) < 150 {
		t.Fatalf("the corpus has %d messages, want at least 150", len(corpus))
	}
	// The barrage is one client's 400 messages as fast as it can: above
	// the default rate, which limits_test.go covers.
	s := startStack(t, Config{Limits: unlimited})
	aliceTok, _ := s.Token("alice", time.Hour)
	bobTok, _ := s.Token("bob", time.Hour)

	// Alice's documents, and a cursor issued to her.
	alice := dialWS(t, s.ClientURL(aliceTok))
	var aliceKey, aliceID string
	for i := range 2 {
		up := upload(t, alice, fmt.Sprintf("alice-%d.txt", i), "text/plain", []byte("alice's private text\n"))
		var early []map[string]any
		alice.send(fmt.Sprintf(`{"action":"process_document","document_key":%q}`, up["document_key"]))
		if ans := alice.answer(&early); ans["action"] != "processingStarted" {
			t.Fatalf("alice: %v", ans)
		}
		aliceKey, aliceID = up["document_key"].(string), up["documentId"].(string)
	}
	var skipped []map[string]any
	alice.send(`{"action":"list_documents","limit":1}`)
	page := alice.answer(&skipped)
	cursor, _ := data(page)["cursor"].(string)
	if cursor == "" {
		t.Fatalf("alice's first page has no cursor: %v", page)
	}

	w := dialWS(t, s.ClientURL(s.DevToken()))
	own := upload(t, w, "mine.pdf", "application/pdf", []byte("%PDF-1.4 not really\n"))
	ownKey := own["document_key"].(string)
	missing := uuid.NewString()
	vars := map[string]string{
		"ALICE_KEY": aliceKey, "ALICE_ID": aliceID, "ALICE_CURSOR": cursor,
		"OWN_KEY": ownKey, "OWN_KEY_OTHER_NAME": strings.TrimSuffix(ownKey, "mine.pdf") + "other.pdf",
		"MISSING_ID": missing, "MISSING_ID_UPPER": strings.ToUpper(missing),
	}

	// Bob processes a document while the barrage runs.
	bobDone := make(chan map[string]any, 1)
	go func() {
		bob := dialWS(t, s.ClientURL(bobTok))
		up := upload(t, bob, "bob.txt", "text/plain", []byte("bob's document, processed during the attack\n"))
		var frames []map[string]any
		bob.send(fmt.Sprintf(`{"action":"process_document","document_key":%q}`, up["document_key"]))
		ans := bob.answer(&frames)
		frames = collect(t, bob, data(ans)["documentId"].(string), frames)
		bobDone <- frames[len(frames)-1]
	}()

	ctx := context.Background()
	for _, m := range corpus {
		var msg []byte
		if m.Base64 != "" {
			b, err := base64.StdEncoding.DecodeString(m.Base64)
			if err != nil {
				t.Fatalf("%s: %v", m.Name, err)
			}
			msg = b
		} else {
			msg = expand(t, m.Text, vars)
		}
		typ := websocket.MessageText
		if m.Binary {
			typ = websocket.MessageBinary
		}
		if err := w.c.Write(ctx, typ, msg); err != nil {
			t.Fatalf("%s/%s: send: %v", m.Category, m.Name, err)
		}
		if typ == websocket.MessageText && !utf8.Valid(msg) {
			// RFC 6455 §8.1: a text message that is not UTF-8 fails the
			// connection with 1007; no route sees it.
			if f, open := <-w.frames; open {
				t.Errorf("%s/%s: answered %v, want the connection closed with 1007", m.Category, m.Name, f)
			}
			w = dialWS(t, s.ClientURL(s.DevToken()))
			continue
		}
		f := w.next()
		raw, _ := json.Marshal(f)
		d := data(f)
		code, _ := d["code"].(string)
		text, _ := f["message"].(string)
		switch {
		case f["action"] != "error":
			t.Errorf("%s/%s: answered %s, want an error frame", m.Category, m.Name, raw)
		case code != m.Code:
			t.Errorf("%s/%s: code %q (%s), want %q", m.Category, m.Name, code, text, m.Code)
		case !codes[code]:
			t.Errorf("%s/%s: code %q is not one docs/protocol.md lists", m.Category, m.Name, code)
		case len(text) < 10 || !strings.HasSuffix(text, ".") || internals.MatchString(text):
			t.Errorf("%s/%s: message %q is not a plain sentence", m.Category, m.Name, text)
		case len(raw) > 600:
			t.Errorf("%s/%s: a %d-byte answer echoes the input", m.Category, m.Name, len(raw))
		}
		w.send(`{"action":"ping"}`)
		if f := w.next(); f["action"] != "pong" {
			t.Fatalf("%s/%s: after it the connection answered ping with %v", m.Category, m.Name, f)
		}
	}

	select {
	case last := <-bobDone:
		if data(last)["status"] != "complete" {
			t.Errorf("bob's document ended %v during the barrage", last)
		}
	case <-time.After(2 * time.Minute):
		t.Error("bob's document did not finish during the barrage")
	}
}

// TestOtherOwnersLookMissing: whatever dev asks about alice's document
// reads byte for byte like a document that does not exist.
func TestOtherOwnersLookMissing(t *testing.T) {
	// The barrage is one client's 400 messages as fast as it can: above
	// the default rate, which limits_test.go covers.
	s := startStack(t, Config{Limits: unlimited})
	aliceTok, _ := s.Token("alice", time.Hour)
	alice := dialWS(t, s.ClientURL(aliceTok))
	up := upload(t, alice, "secret.txt", "text/plain", []byte("alice's secret\n"))
	var frames []map[string]any
	alice.send(fmt.Sprintf(`{"action":"process_document","document_key":%q}`, up["document_key"]))
	alice.answer(&frames)
	aliceID, aliceKey := up["documentId"].(string), up["document_key"].(string)
	missing := uuid.NewString()

	w := dialWS(t, s.ClientURL(s.DevToken()))
	ask := func(msg string) map[string]any {
		w.send(msg)
		var none []map[string]any
		return w.answer(&none)
	}
	for _, tc := range []struct{ name, theirs, nobodys string }{
		{"subscribe", `{"action":"subscribe","document_id":"` + aliceID + `"}`, `{"action":"subscribe","document_id":"` + missing + `"}`},
		{"get_status", `{"action":"get_status","document_id":"` + aliceID + `"}`, `{"action":"get_status","document_id":"` + missing + `"}`},
		{"process_document", `{"action":"process_document","document_key":"` + aliceKey + `"}`,
			`{"action":"process_document","document_key":"uploads/alice/` + missing + `/secret.txt"}`},
	} {
		theirs, nobodys := ask(tc.theirs), ask(tc.nobodys)
		if !reflect.DeepEqual(theirs, nobodys) {
			t.Errorf("%s: alice's document answers %v, a missing one %v", tc.name, theirs, nobodys)
		}
		if theirs["action"] != "error" || data(theirs)["code"] != string(domain.CodeNotFound) {
			t.Errorf("%s: alice's document answers %v, want NotFound", tc.name, theirs)
		}
	}
	// And dev's list shows none of alice's documents.
	lst := ask(`{"action":"list_documents"}`)
	if docs, _ := data(lst)["documents"].([]any); len(docs) != 0 {
		t.Errorf("dev's list shows %d documents of someone else", len(docs))
	}
}

// TestOversizeMessageClosesOnlyThatConnection: over API Gateway's 128 KB
// frame limit the connection is closed with 1009, as API Gateway does; a
// new connection works.
func TestOversizeMessageClosesOnlyThatConnection(t *testing.T) {
	s := startStack(t, Config{})
	w := dialWS(t, s.ClientURL(s.DevToken()))
	big := `{"action":"ping","pad":"` + strings.Repeat("x", MaxMessageBytes) + `"}`
	_ = w.c.Write(context.Background(), websocket.MessageText, []byte(big))
	select {
	case _, open := <-w.frames:
		if open {
			t.Fatal("the oversize message was answered; want the connection closed")
		}
	case <-time.After(30 * time.Second):
		t.Fatal("the connection stayed open after an oversize message")
	}
	again := dialWS(t, s.ClientURL(s.DevToken()))
	again.send(`{"action":"ping"}`)
	if f := again.next(); f["action"] != "pong" {
		t.Errorf("a new connection answered %v", f)
	}
}
