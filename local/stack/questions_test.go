package stack

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"docflow/internal/testdocs"
	"docflow/internal/testenv"
	"docflow/local/bedrock"
	"docflow/shared/answer"
	"docflow/shared/domain"
	"docflow/shared/question"
	"docflow/shared/store"
)

// factDoc is a multi-page PDF a test writes with one fact on one page:
// three long sentences that share the question's words, so the local
// extractive model answers with them (more than one answerChunk's worth),
// on pages of filler that share none.
type factDoc struct {
	name     string
	page     int      // the fact's page, from 1
	pages    int      // how many pages
	fact     []string // the fact's sentences
	question string
	want     string // a phrase the answer must hold
	secrets  []string
}

func (d factDoc) pdf(t testing.TB) []byte {
	t.Helper()
	pages := testdocs.Pages(strings.TrimSuffix(d.name, ".pdf"), d.pages)
	// PDF lines are short; a sentence may run over several of them.
	var lines []string
	for _, s := range d.fact {
		words := strings.Fields(s)
		for len(words) > 0 {
			n := min(len(words), 9)
			lines = append(lines, strings.Join(words[:n], " "))
			words = words[n:]
		}
	}
	pages[d.page-1] = fmt.Sprintf("Page %d of %d\n%s", d.page, d.pages, strings.Join(lines, "\n"))
	return testdocs.PDF(t, pages...)
}

var (
	aliceFact = factDoc{name: "alice-lab-handbook.pdf", page: 2, pages: 3,
		fact: []string{
			"The zorblat reactor coolant is kept at exactly 417 kelvin during every run, as the handbook of the laboratory requires for the zorblat reactor and its coolant loop.",
			"Operators read the zorblat reactor coolant temperature each hour and write each reading into the zorblat reactor coolant logbook beside the control desk.",
			"A zorblat reactor coolant temperature above 420 kelvin stops the run at once, and the shift lead checks the coolant pumps before the zorblat reactor restarts.",
		},
		question: "What temperature is the zorblat reactor coolant kept at?",
		want:     "417 kelvin",
		secrets:  []string{"zorblat", "kelvin", "417", "alice-lab-handbook"},
	}
	bobFact = factDoc{name: "bob-orchard-notes.pdf", page: 3, pages: 4,
		fact: []string{
			"The quillfeather orchard grows exactly 58 plum trees along its southern wall, planted by the founders of the quillfeather orchard in a single spring.",
			"Every autumn the quillfeather orchard picks the plum trees by hand, and the plums from the oldest trees of the quillfeather orchard go to the village market.",
			"The quillfeather orchard waters its plum trees from a well, and each of the plum trees of the quillfeather orchard has a painted number on its trunk.",
		},
		question: "How many plum trees does the quillfeather orchard grow?",
		want:     "58 plum trees",
	}
)

// frameLog keeps every frame one user's connection received, raw as
// JSON, so a test can say what that user could ever have seen.
type frameLog struct {
	w   *wsClient
	all []map[string]any
}

func (l *frameLog) next() map[string]any {
	l.w.t.Helper()
	f := l.w.next()
	l.all = append(l.all, f)
	return f
}

// drain takes the frames already delivered and not yet read.
func (l *frameLog) drain() {
	for {
		select {
		case f, ok := <-l.w.frames:
			if !ok {
				return
			}
			l.all = append(l.all, f)
		case <-time.After(200 * time.Millisecond):
			return
		}
	}
}

// request sends msg and returns the next frame that is not a progress frame.
func (l *frameLog) request(msg string) map[string]any {
	l.w.t.Helper()
	l.w.send(msg)
	for {
		if f := l.next(); f["action"] != "progressUpdate" {
			return f
		}
	}
}

// processFact uploads and processes d and waits for its 100% frame; it
// returns the document id.
func processFact(t *testing.T, l *frameLog, d factDoc) string {
	t.Helper()
	up := upload(t, l.w, d.name, "application/pdf", d.pdf(t))
	ans := l.request(fmt.Sprintf(`{"action":"process_document","document_key":%q,"document_name":%q}`, up["document_key"], d.name))
	if ans["action"] != "processingStarted" {
		t.Fatalf("process %s: %v", d.name, ans)
	}
	id := data(ans)["documentId"].(string)
	for {
		f := l.next()
		if f["action"] != "progressUpdate" || data(f)["documentId"] != id {
			continue
		}
		switch data(f)["status"] {
		case "complete":
			return id
		case "failed":
			t.Fatalf("%s failed: %v", d.name, f)
		}
	}
}

// attemptFrames are one attempt's answer frames, in arrival order.
type attemptFrames struct {
	chunks []map[string]any
	end    map[string]any // answerComplete or answerFailed; nil if the attempt was cut off
}

// queryIDs numbers the tests' client-chosen query ids.
var queryIDs atomic.Int64

// askQuestion sends invoke with fields (JSON members after the action) and
// a client-chosen query_id, and reads the query's frames until its
// answerComplete or answerFailed, grouped by attempt (index 0 is attempt
// 1). queryAccepted must come; the answer frames may overtake it (see
// earlyFrames), so they are told apart by the id the client chose.
func askQuestion(t *testing.T, l *frameLog, fields string) (string, []attemptFrames) {
	t.Helper()
	id := fmt.Sprintf("q-%d-%d", time.Now().UnixNano(), queryIDs.Add(1))
	l.w.send(fmt.Sprintf(`{"action":"invoke","query_id":%q,%s}`, id, fields))
	var attempts []attemptFrames
	accepted := false
	for {
		f := l.next()
		if f["action"] == "progressUpdate" {
			continue
		}
		if f["action"] == "error" {
			t.Fatalf("invoke %s: answered %v", fields, f)
		}
		if data(f)["queryId"] != id {
			continue
		}
		if f["action"] == "queryAccepted" {
			accepted = true
			continue
		}
		n, _ := data(f)["attempt"].(float64)
		a := int(n)
		if a < 1 || a > 3 {
			t.Fatalf("frame of attempt %v: %v", data(f)["attempt"], f)
		}
		for len(attempts) < a {
			attempts = append(attempts, attemptFrames{})
		}
		switch f["action"] {
		case "answerChunk":
			attempts[a-1].chunks = append(attempts[a-1].chunks, f)
		case "answerComplete", "answerFailed":
			attempts[a-1].end = f
			if !accepted {
				// queryAccepted is the route's own answer: it comes, if late.
				for f := l.next(); !(f["action"] == "queryAccepted" && data(f)["queryId"] == id); f = l.next() {
				}
			}
			return id, attempts
		default:
			t.Fatalf("unexpected frame for query %s: %v", id, f)
		}
	}
}

// checkStream asserts one attempt's chunks: seq 1, 2, … with no gap, the
// end frame's seq right after them (answerFailed has none), and the
// chunks' text the whole answer. It returns that text.
func checkStream(t *testing.T, attempt int, a attemptFrames) string {
	t.Helper()
	var text strings.Builder
	for i, c := range a.chunks {
		if seq := data(c)["seq"].(float64); int(seq) != i+1 {
			t.Errorf("attempt %d: chunk %d has seq %v, want %d (each attempt streams from seq 1)", attempt, i+1, seq, i+1)
		}
		s, _ := data(c)["text"].(string)
		text.WriteString(s)
	}
	if a.end != nil && a.end["action"] == "answerComplete" {
		if seq := data(a.end)["seq"].(float64); int(seq) != len(a.chunks)+1 {
			t.Errorf("attempt %d: answerComplete has seq %v after %d chunks", attempt, seq, len(a.chunks))
		}
		if got := data(a.end)["answer"]; got != text.String() {
			t.Errorf("attempt %d: answerComplete's answer %q is not its chunks %q", attempt, got, text.String())
		}
	}
	return text.String()
}

// checkCited asserts an answerComplete holds d's fact and cites only d's
// fact page of document id.
func checkCited(t *testing.T, end map[string]any, d factDoc, id string) {
	t.Helper()
	if end["action"] != "answerComplete" {
		t.Fatalf("%s: ended with %v, want answerComplete", d.name, end)
	}
	ans, _ := data(end)["answer"].(string)
	if !strings.Contains(ans, d.want) {
		t.Errorf("%s: answer %q does not hold %q", d.name, ans, d.want)
	}
	cites, _ := data(end)["citations"].([]any)
	if len(cites) == 0 {
		t.Fatalf("%s: answer without citations: %v", d.name, end)
	}
	for _, c := range cites {
		c, _ := c.(map[string]any)
		excerpt, _ := c["excerpt"].(string)
		if c["documentId"] != id || c["documentName"] != d.name || c["page"] != float64(d.page) {
			t.Errorf("%s: citation %v, want document %s (%s) page %d", d.name, c, id, d.name, d.page)
		}
		if first := strings.Fields(d.fact[0])[1]; !strings.Contains(excerpt, first) {
			t.Errorf("%s: citation excerpt %q is not from the fact's page", d.name, excerpt)
		}
	}
	if data(end)["sessionId"] == "" {
		t.Errorf("%s: answerComplete without a sessionId", d.name)
	}
}

// TestQuestionsTwoUsers: two users each process a document of their own
// and ask about it over the WebSocket on the whole local stack (invoke →
// SQS → the answer worker → the local knowledge base → frames). Each
// answer streams in chunks, holds the fact and cites the right page; bob
// never receives a byte of alice's text, and his question about her fact
// is NotFound with no citations; get_answer is each owner's own.
func TestQuestionsTwoUsers(t *testing.T) {
	s := startStack(t, Config{})
	aliceTok, _ := s.Token("alice", time.Hour)
	bobTok, _ := s.Token("bob", time.Hour)
	alice := &frameLog{w: dialWS(t, s.ClientURL(aliceTok))}
	bob := &frameLog{w: dialWS(t, s.ClientURL(bobTok))}
	aliceDoc := processFact(t, alice, aliceFact)
	bobDoc := processFact(t, bob, bobFact)

	var aliceQuery string
	for _, tc := range []struct {
		who *frameLog
		doc factDoc
		id  string
	}{{alice, aliceFact, aliceDoc}, {bob, bobFact, bobDoc}} {
		qid, attempts := askQuestion(t, tc.who, fmt.Sprintf(`"query":%q`, tc.doc.question))
		if len(attempts) != 1 {
			t.Fatalf("%s: answered in %d attempts, want 1", tc.doc.name, len(attempts))
		}
		a := attempts[0]
		checkStream(t, 1, a)
		if len(a.chunks) < 2 {
			t.Errorf("%s: %d answerChunk frames before answerComplete, want at least 2", tc.doc.name, len(a.chunks))
		}
		checkCited(t, a.end, tc.doc, tc.id)
		t.Logf("%s: %d chunks, answer %q, citations %v", tc.doc.name, len(a.chunks), data(a.end)["answer"], data(a.end)["citations"])

		// get_answer gives the complete record.
		st := tc.who.request(fmt.Sprintf(`{"action":"get_answer","query_id":%q}`, qid))
		if st["action"] != "answerStatus" || data(st)["status"] != string(domain.QueryComplete) ||
			data(st)["answer"] != data(a.end)["answer"] || fmt.Sprint(data(st)["citations"]) != fmt.Sprint(data(a.end)["citations"]) {
			t.Errorf("%s: get_answer = %v, want the complete answer %v", tc.doc.name, st, a.end)
		}
		if tc.who == alice {
			aliceQuery = qid
		}
	}

	// Bob asks about alice's fact, by her question, and about her document.
	_, attempts := askQuestion(t, bob, fmt.Sprintf(`"query":%q`, aliceFact.question))
	end := attempts[len(attempts)-1].end
	if end["action"] != "answerComplete" || data(end)["answer"] != answer.NotFound {
		t.Errorf("bob asking alice's question: %v, want answer %q", end, answer.NotFound)
	}
	if cites, _ := data(end)["citations"].([]any); len(cites) != 0 {
		t.Errorf("bob's NotFound answer cites %v", cites)
	}
	if f := bob.request(fmt.Sprintf(`{"action":"invoke","query":%q,"document_ids":[%q]}`, aliceFact.question, aliceDoc)); f["action"] != "error" || data(f)["code"] != string(domain.CodeNotFound) {
		t.Errorf("bob asking over alice's document: %v, want a NotFound error", f)
	}
	// And alice's question id is not his.
	if f := bob.request(fmt.Sprintf(`{"action":"get_answer","query_id":%q}`, aliceQuery)); f["action"] != "error" || data(f)["code"] != string(domain.CodeNotFound) {
		t.Errorf("bob's get_answer of alice's question: %v, want NotFound", f)
	}

	// Each secret is looked for as a whole word: "417" is alice's, but
	// a random id such as bob's document "…-ffab-4170-…" holds it too.
	words := append(aliceFact.secrets, aliceDoc)
	secrets := make([]*regexp.Regexp, len(words))
	for i, w := range words {
		secrets[i] = regexp.MustCompile(`(?i)\b` + regexp.QuoteMeta(w) + `\b`)
	}
	bob.drain()
	for _, f := range bob.all {
		raw, _ := json.Marshal(f)
		for i, secret := range secrets {
			if secret.Match(raw) {
				t.Errorf("bob received %q of alice's in %s", words[i], raw)
			}
		}
	}
	if len(bob.all) < 10 {
		t.Errorf("bob's log has %d frames; the check above saw too little", len(bob.all))
	}
}

// retryStack is a stack whose queries queue redelivers after 1 s (the
// template's 720 s would hold a test for 12 minutes), with alice's fact
// document processed.
func retryStack(t *testing.T) (*Stack, *frameLog, string) {
	t.Helper()
	s := startStack(t, Config{QueueAttributes: map[string]map[string]string{"QueriesQueue": {"VisibilityTimeout": "1"}}})
	tok, _ := s.Token("alice", time.Hour)
	l := &frameLog{w: dialWS(t, s.ClientURL(tok))}
	return s, l, processFact(t, l, aliceFact)
}

// midStream fails a stream call after the first two sentences' events
// (each sentence is some output events and a citation event), when the
// worker has already sent the client a chunk.
func midStream(code string) *bedrock.Fault {
	return &bedrock.Fault{AfterEvents: 20, Code: code, Message: "injected: the model stopped mid-answer"}
}

// TestQuestionRedeliveredAfterWorkerFailsMidAnswer: the knowledge base's
// stream breaks with a throttling exception after the worker has streamed
// part of the answer (the real SDK client parses the exception message
// mid-stream). The worker reports the record failed, SQS delivers it again
// after the visibility timeout, attempt 2 streams from seq 1, and the
// client ends with attempt 2's answerComplete.
func TestQuestionRedeliveredAfterWorkerFailsMidAnswer(t *testing.T) {
	s, alice, doc := retryStack(t)
	s.KnowledgeBase().SetFaults(func(call int, _ string) *bedrock.Fault {
		if call == 1 {
			return midStream(bedrock.CodeThrottling)
		}
		return nil
	})
	qid, attempts := askQuestion(t, alice, fmt.Sprintf(`"query":%q`, aliceFact.question))
	if len(attempts) != 2 {
		t.Fatalf("answered in %d attempts, want 2: %+v", len(attempts), attempts)
	}
	first, second := attempts[0], attempts[1]
	if first.end != nil {
		t.Errorf("attempt 1 ended with %v; it should have been cut off", first.end)
	}
	if len(first.chunks) == 0 {
		t.Errorf("attempt 1 sent no chunk before it broke; the test does not show a restart")
	}
	partial := checkStream(t, 1, first)
	whole := checkStream(t, 2, second)
	t.Logf("attempt 1: %d chunks before the fault (%q); attempt 2: %d chunks", len(first.chunks), partial, len(second.chunks))
	if len(second.chunks) == 0 || data(second.chunks[0])["seq"] != float64(1) {
		t.Errorf("attempt 2's chunks %v do not start at seq 1", second.chunks)
	}
	if !strings.HasPrefix(whole, partial) || len(whole) <= len(partial) {
		t.Errorf("attempt 2 streamed %q, not the whole answer from the start (attempt 1 had %q)", whole, partial)
	}
	checkCited(t, second.end, aliceFact, doc)
	st := alice.request(fmt.Sprintf(`{"action":"get_answer","query_id":%q}`, qid))
	if data(st)["status"] != string(domain.QueryComplete) || data(st)["answer"] != data(second.end)["answer"] {
		t.Errorf("get_answer = %v, want attempt 2's answer", st)
	}
}

// TestQuestionFailsForGood: a stream that breaks on every attempt with a
// retryable exception ends, on the third receive (the redrive policy's
// maxReceiveCount), with answerFailed and a sentence a person reads; one
// that breaks with an exception no retry cures (a validation error
// mid-stream) ends at once, on attempt 1. get_answer then reports the
// question failed with the same sentence.
func TestQuestionFailsForGood(t *testing.T) {
	for _, tc := range []struct {
		fault    string
		attempts int
		code     domain.Code
	}{
		{bedrock.CodeThrottling, 3, domain.CodeUnavailable},
		{bedrock.CodeValidation, 1, domain.CodeInvalidField},
	} {
		t.Run(tc.fault, func(t *testing.T) {
			s, alice, _ := retryStack(t)
			s.KnowledgeBase().SetFaults(func(int, string) *bedrock.Fault { return midStream(tc.fault) })
			qid, attempts := askQuestion(t, alice, fmt.Sprintf(`"query":%q`, aliceFact.question))
			if len(attempts) != tc.attempts {
				t.Fatalf("ended after %d attempts, want %d", len(attempts), tc.attempts)
			}
			for i, a := range attempts {
				checkStream(t, i+1, a)
				if len(a.chunks) == 0 {
					t.Errorf("attempt %d streamed nothing before it broke", i+1)
				}
			}
			end := attempts[len(attempts)-1].end
			msg, _ := end["message"].(string)
			if end["action"] != "answerFailed" || data(end)["attempt"] != float64(tc.attempts) || data(end)["code"] != string(tc.code) {
				t.Fatalf("last frame %v, want answerFailed of attempt %d, code %s", end, tc.attempts, tc.code)
			}
			if len(msg) < 20 || !strings.HasSuffix(msg, ".") || internals.MatchString(msg) || strings.Contains(msg, "injected") || strings.Contains(msg, "Exception") {
				t.Errorf("answerFailed message %q is not a sentence for a person", msg)
			}
			st := alice.request(fmt.Sprintf(`{"action":"get_answer","query_id":%q}`, qid))
			if data(st)["status"] != string(domain.QueryFailed) || st["message"] != msg {
				t.Errorf("get_answer = %v, want failed with %q", st, msg)
			}
		})
	}
}

// TestQuestionFailsWhenWorkerDiesEveryTime: the answer function dies (its
// runtime killed) right after streaming the first chunk, on every
// delivery, so it never reports a batch response nor sends answerFailed
// itself. SQS delivers the question again after each visibility timeout;
// after the third receive the redrive policy moves it to the DLQ, whose
// event source mapping runs the function on the dead record, and the
// client ends with answerFailed of attempt 3 and a sentence a person
// reads; get_answer reports the question failed.
func TestQuestionFailsWhenWorkerDiesEveryTime(t *testing.T) {
	s, alice, _ := retryStack(t)
	d := s.deps
	d.AWS.HTTPClient = dyingClient{base: d.AWS.HTTPClient}
	h, err := answer.AnswerTask.New(lookupIn(s.env), d)
	if err != nil {
		t.Fatal(err)
	}
	s.lambdas.Register(answer.AnswerTask.FunctionID(), h)

	qid, attempts := askQuestion(t, alice, fmt.Sprintf(`"query":%q`, aliceFact.question))
	if len(attempts) != 3 {
		t.Fatalf("ended after %d attempts, want 3 (the redrive policy's maxReceiveCount)", len(attempts))
	}
	for i, a := range attempts {
		if len(a.chunks) != 1 || data(a.chunks[0])["seq"] != float64(1) {
			t.Errorf("attempt %d streamed %v, want only its first chunk before it died", i+1, a.chunks)
		}
	}
	end := attempts[2].end
	msg, _ := end["message"].(string)
	if end["action"] != "answerFailed" || data(end)["code"] != string(domain.CodeUnavailable) {
		t.Fatalf("last frame %v, want answerFailed of attempt 3, code %s", end, domain.CodeUnavailable)
	}
	if len(msg) < 20 || !strings.HasSuffix(msg, ".") || internals.MatchString(msg) || strings.Contains(msg, "killed") {
		t.Errorf("answerFailed message %q is not a sentence for a person", msg)
	}
	st := alice.request(fmt.Sprintf(`{"action":"get_answer","query_id":%q}`, qid))
	if data(st)["status"] != string(domain.QueryFailed) || st["message"] != msg {
		t.Errorf("get_answer = %v, want failed with %q", st, msg)
	}
}

// dyingClient is the HTTP client of a Lambda that dies right after it has
// sent the first chunk of an answer: the push of the second one panics,
// which ends the invocation there with no response, as a crash does.
type dyingClient struct{ base aws.HTTPClient }

func (c dyingClient) Do(r *http.Request) (*http.Response, error) {
	if r.Body != nil && strings.Contains(r.URL.Path, "/@connections/") {
		body, err := io.ReadAll(r.Body)
		if err != nil {
			return nil, err
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		var f struct {
			Action string
			Data   struct{ Seq int }
		}
		if json.Unmarshal(body, &f) == nil && f.Action == "answerChunk" && f.Data.Seq == 2 {
			panic("Runtime exited with error: signal: killed")
		}
	}
	return c.base.Do(r)
}

// TestQuestionsQueueWithAWSCLI: the aws CLI sees the stack's queries queue
// with the template's attributes, and a question put on the queue with
// `aws sqs send-message` (a queued record of alice's, her connection) is
// answered on her WebSocket by the event source mapping's worker, which
// then deletes the message.
func TestQuestionsQueueWithAWSCLI(t *testing.T) {
	testenv.Require(t, testenv.AWS)
	s := startStack(t, Config{})
	tok, _ := s.Token("alice", time.Hour)
	alice := &frameLog{w: dialWS(t, s.ClientURL(tok))}
	doc := processFact(t, alice, aliceFact)

	home := t.TempDir()
	cli := func(out any, args ...string) {
		t.Helper()
		cmd := exec.CommandContext(t.Context(), "aws", append([]string{"sqs", "--endpoint-url", s.endpoints.SQS, "--region", Region, "--output", "json"}, args...)...)
		cmd.Env = append(os.Environ(), "AWS_ACCESS_KEY_ID="+AccessKeyID, "AWS_SECRET_ACCESS_KEY="+SecretAccessKey, "AWS_PAGER=",
			"AWS_CONFIG_FILE="+home+"/config", "AWS_SHARED_CREDENTIALS_FILE="+home+"/credentials", "HOME="+home)
		b, err := cmd.Output()
		if err != nil {
			var stderr []byte
			if ee, ok := err.(*exec.ExitError); ok {
				stderr = ee.Stderr
			}
			t.Fatalf("aws sqs %s: %v\n%s", strings.Join(args, " "), err, stderr)
		}
		if out != nil && len(b) > 0 {
			if err := json.Unmarshal(b, out); err != nil {
				t.Fatalf("aws sqs %s printed %q: %v", args[0], b, err)
			}
		}
	}
	var u struct{ QueueUrl string }
	cli(&u, "get-queue-url", "--queue-name", QueriesQueue)
	if u.QueueUrl == "" || u.QueueUrl != endpointNamed(s, "queries-queue") {
		t.Fatalf("get-queue-url = %q, serve prints %q", u.QueueUrl, endpointNamed(s, "queries-queue"))
	}
	var attrs struct{ Attributes map[string]string }
	cli(&attrs, "get-queue-attributes", "--queue-url", u.QueueUrl, "--attribute-names", "All")
	var redrive struct {
		DeadLetterTargetArn string `json:"deadLetterTargetArn"`
		MaxReceiveCount     any    `json:"maxReceiveCount"`
	}
	_ = json.Unmarshal([]byte(attrs.Attributes["RedrivePolicy"]), &redrive)
	if attrs.Attributes["VisibilityTimeout"] != "720" || attrs.Attributes["MessageRetentionPeriod"] != "86400" ||
		!strings.HasSuffix(redrive.DeadLetterTargetArn, ":"+QueriesDLQ) || fmt.Sprint(redrive.MaxReceiveCount) != "3" {
		t.Errorf("queries queue attributes %v, want the template's (720 s visibility, 1 day, redrive to %s after 3)", attrs.Attributes, QueriesDLQ)
	}

	// A queued question of alice's, sent by hand.
	var conn string
	s.gw.mu.RLock()
	for id := range s.gw.conns {
		conn = id
	}
	s.gw.mu.RUnlock()
	c := newClients(s.endpoints)
	queries := store.NewQueries(c.dynamo, QueriesTable)
	qid := "cli-" + strconv.FormatInt(time.Now().UnixNano(), 36)
	if _, _, err := queries.PutQueued(t.Context(), domain.Query{Owner: "alice", ID: qid, CreatedAt: time.Now().UTC()}); err != nil {
		t.Fatal(err)
	}
	body, err := question.Message{QueryID: qid, Owner: "alice", ConnectionID: conn, Query: aliceFact.question, AcceptedAt: time.Now()}.Encode()
	if err != nil {
		t.Fatal(err)
	}
	var sent struct{ MessageId string }
	cli(&sent, "send-message", "--queue-url", u.QueueUrl, "--message-body", body)
	if sent.MessageId == "" {
		t.Fatal("send-message gave no MessageId")
	}
	for {
		f := alice.next()
		if data(f)["queryId"] != qid {
			continue
		}
		if f["action"] == "answerComplete" {
			checkCited(t, f, aliceFact, doc)
			break
		}
		if f["action"] != "answerChunk" {
			t.Fatalf("the CLI's question got %v", f)
		}
	}
	// Answered, so deleted: nothing left to receive, nothing in flight
	// (the worker's batch response is read before the delete, so allow it
	// a moment).
	deadline := time.Now().Add(10 * time.Second)
	for {
		cli(&attrs, "get-queue-attributes", "--queue-url", u.QueueUrl, "--attribute-names", "ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible")
		if attrs.Attributes["ApproximateNumberOfMessages"] == "0" && attrs.Attributes["ApproximateNumberOfMessagesNotVisible"] == "0" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("after the answer the queue holds %v; the mapping should have deleted the message", attrs.Attributes)
		}
		time.Sleep(100 * time.Millisecond)
	}
	var got struct{ Messages []any }
	cli(&got, "receive-message", "--queue-url", u.QueueUrl, "--wait-time-seconds", "0")
	if len(got.Messages) != 0 {
		t.Errorf("receive-message after the answer: %v", got.Messages)
	}
}

// endpointNamed is what serve prints for name.
func endpointNamed(s *Stack, name string) string {
	for _, e := range s.Endpoints() {
		if e.Name == name {
			return e.URL
		}
	}
	return ""
}
