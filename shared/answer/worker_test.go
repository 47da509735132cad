package answer

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/bedrockagentruntime"
	"github.com/aws/aws-sdk-go-v2/service/bedrockagentruntime/document"
	"github.com/aws/aws-sdk-go-v2/service/bedrockagentruntime/types"

	"docflow/shared/domain"
	"docflow/shared/progress"
	"docflow/shared/store"
	"docflow/shared/store/storetest"
)

const (
	testQueue = "arn:aws:sqs:us-east-1:123456789012:docflow-queries"
	testDLQ   = "arn:aws:sqs:us-east-1:123456789012:docflow-queries-dlq"
	testQuery = "q-1"
	testConn  = "conn-alice"
	docA      = "0b6e8d2a-4c1f-4e7a-9b3d-2f5a6c7e8d90"
	docB      = "7d1c0e4b-2a9f-4b3c-8e5d-6f7a8b9c0d1e"
)

var testConfig = Config{KnowledgeBaseID: "KB123", ModelArn: "arn:aws:bedrock:us-east-1::foundation-model/m", DeadLetterQueueARN: testDLQ}

// fakeStream replays events, then ends with err.
type fakeStream struct {
	events chan types.RetrieveAndGenerateStreamResponseOutput
	err    error
	closed bool
}

var _ Stream = (*fakeStream)(nil)

func newStream(err error, evs ...types.RetrieveAndGenerateStreamResponseOutput) *fakeStream {
	ch := make(chan types.RetrieveAndGenerateStreamResponseOutput, len(evs))
	for _, ev := range evs {
		ch <- ev
	}
	close(ch)
	return &fakeStream{events: ch, err: err}
}

func (s *fakeStream) Events() <-chan types.RetrieveAndGenerateStreamResponseOutput { return s.events }
func (s *fakeStream) Err() error                                                   { return s.err }
func (s *fakeStream) Close() error                                                 { s.closed = true; return nil }

func text(s string) types.RetrieveAndGenerateStreamResponseOutput {
	return &types.RetrieveAndGenerateStreamResponseOutputMemberOutput{Value: types.RetrieveAndGenerateOutputEvent{Text: aws.String(s)}}
}

// ref is a retrieved reference with the knowledge base's metadata.
func ref(owner, docID, name string, page any, content string) types.RetrievedReference {
	return types.RetrievedReference{
		Content: &types.RetrievalResultContent{Text: aws.String(content)},
		Metadata: map[string]document.Interface{
			"owner": document.NewLazyDocument(owner), "documentId": document.NewLazyDocument(docID),
			"documentName": document.NewLazyDocument(name), "page": document.NewLazyDocument(page),
			"x-amz-bedrock-kb-source-uri": document.NewLazyDocument("s3://docs/processed/" + docID + "/kb/chunk-00001.txt"),
		},
	}
}

func citation(refs ...types.RetrievedReference) types.RetrieveAndGenerateStreamResponseOutput {
	return &types.RetrieveAndGenerateStreamResponseOutputMemberCitation{Value: types.CitationEvent{
		Citation: &types.Citation{RetrievedReferences: refs},
	}}
}

// fakeSender keeps every frame as the client would receive it.
type fakeSender struct {
	SendFunc func(connectionID string) error

	mu     sync.Mutex
	frames []map[string]any
	calls  int
}

var _ Sender = (*fakeSender)(nil)

func (f *fakeSender) Send(_ context.Context, connectionID string, v any) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls++
	if f.SendFunc != nil {
		if err := f.SendFunc(connectionID); err != nil {
			return err
		}
	}
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	var m map[string]any
	_ = json.Unmarshal(b, &m)
	f.frames = append(f.frames, m)
	return nil
}

func data(f map[string]any) map[string]any { d, _ := f["data"].(map[string]any); return d }

// env is a worker over a real queries table (minidyn) with a question
// queued for alice.
type env struct {
	t       *testing.T
	queries *store.Queries
	sender  *fakeSender
	inputs  []*bedrockagentruntime.RetrieveAndGenerateStreamInput
	// streams answer the generations in turn.
	streams []func() (Generation, error)
	worker  *Worker
	logs    *bytes.Buffer
}

func newEnv(t *testing.T, cfg Config) *env {
	t.Helper()
	st := storetest.Start(t)
	if err := store.CreateQueriesTable(t.Context(), st.Client, "queries"); err != nil {
		t.Fatal(err)
	}
	e := &env{t: t, queries: store.NewQueries(st.Client, "queries"), sender: &fakeSender{}, logs: &bytes.Buffer{}}
	if _, _, err := e.queries.PutQueued(t.Context(), domain.Query{Owner: "alice", ID: testQuery}); err != nil {
		t.Fatal(err)
	}
	e.worker = newWorker(cfg, func(_ context.Context, in *bedrockagentruntime.RetrieveAndGenerateStreamInput) (Generation, error) {
		e.inputs = append(e.inputs, in)
		if len(e.streams) == 0 {
			t.Fatal("unexpected RetrieveAndGenerateStream")
		}
		next := e.streams[0]
		e.streams = e.streams[1:]
		return next()
	}, e.queries, e.sender, slog.New(slog.NewJSONHandler(e.logs, nil)))
	// The flush clock never ticks: chunks are cut by size alone, so the
	// frames a test sees do not depend on how fast it runs.
	e.worker.tick = func(time.Duration) (<-chan time.Time, func()) { return nil, func() {} }
	return e
}

func (e *env) answers(sessionID string, streamErr error, evs ...types.RetrieveAndGenerateStreamResponseOutput) {
	e.streams = append(e.streams, func() (Generation, error) {
		return Generation{SessionID: sessionID, Stream: newStream(streamErr, evs...)}, nil
	})
}

func (e *env) refuses(err error) {
	e.streams = append(e.streams, func() (Generation, error) { return Generation{}, err })
}

func record(msg Message, attempt int, source string) events.SQSMessage {
	body, err := msg.Encode()
	if err != nil {
		panic(err)
	}
	return events.SQSMessage{
		MessageId: fmt.Sprintf("m-%d", attempt), Body: body, EventSourceARN: source, EventSource: "aws:sqs",
		Attributes: map[string]string{"ApproximateReceiveCount": fmt.Sprint(attempt)},
	}
}

func aliceAsks(docs ...string) Message {
	return Message{QueryID: testQuery, Owner: "alice", ConnectionID: testConn, Query: "What is the dose?",
		DocumentIDs: docs, AcceptedAt: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
}

// deliver hands the worker one receive and returns whether it asked SQS
// to deliver the message again.
func (e *env) deliver(msg Message, attempt int, source string) bool {
	e.t.Helper()
	resp, err := e.worker.Handle(e.t.Context(), events.SQSEvent{Records: []events.SQSMessage{record(msg, attempt, source)}})
	if err != nil {
		e.t.Fatalf("Handle: %v", err)
	}
	switch len(resp.BatchItemFailures) {
	case 0:
		return false
	case 1:
		if got := resp.BatchItemFailures[0].ItemIdentifier; got != fmt.Sprintf("m-%d", attempt) {
			e.t.Errorf("batch item failure %q, want the record's message id", got)
		}
		return true
	}
	e.t.Fatalf("%d batch item failures for one record", len(resp.BatchItemFailures))
	return false
}

func (e *env) stored() domain.Query {
	e.t.Helper()
	q, err := e.queries.Get(e.t.Context(), "alice", testQuery)
	if err != nil {
		e.t.Fatal(err)
	}
	return q
}

func TestWorkerStreamsAnswerWithOwnCitations(t *testing.T) {
	e := newEnv(t, testConfig)
	parts := []string{strings.Repeat("The recommended dose is 5 mg. ", 8), strings.Repeat("Take it with food. ", 12), "Ask a doctor."}
	long := "  The recommended dose is 5 mg twice a day,\n\n" + strings.Repeat("with plenty of water and food ", 20)
	e.answers("sess-1", nil,
		text(parts[0]),
		citation(ref("alice", docA, "label.pdf", 3, long), ref("mallory", docB, "theirs.pdf", 1, "mallory's secret")),
		text(parts[1]),
		citation(ref("alice", docA, "label.pdf", 3, "the same page again"), ref("alice", docB, "notes.txt", "2", "Take with food.")),
		text(parts[2]),
	)
	if e.deliver(aliceAsks(), 1, testQueue) {
		t.Fatal("a successful answer was reported as a batch item failure")
	}
	whole := strings.Join(parts, "")
	frames := e.sender.frames
	if len(frames) < 3 {
		t.Fatalf("got %d frames, want at least two chunks and answerComplete", len(frames))
	}
	var streamed strings.Builder
	for i, f := range frames[:len(frames)-1] {
		d := data(f)
		if f["action"] != "answerChunk" || d["queryId"] != testQuery || d["attempt"] != 1.0 || d["seq"] != float64(i+1) {
			t.Errorf("frame %d = %v, want answerChunk attempt 1 seq %d", i, f, i+1)
		}
		streamed.WriteString(d["text"].(string))
	}
	if streamed.String() != whole {
		t.Errorf("chunks add up to %q, want %q", streamed.String(), whole)
	}
	last := frames[len(frames)-1]
	d := data(last)
	if last["action"] != "answerComplete" || d["seq"] != float64(len(frames)) || d["answer"] != whole || d["sessionId"] != "sess-1" {
		t.Errorf("last frame = %v, want answerComplete seq %d with the whole answer", last, len(frames))
	}
	cites, _ := json.Marshal(d["citations"])
	wantExcerpt := excerpt(long, MaxExcerptChars)
	want := `[{"documentId":"` + docA + `","documentName":"label.pdf","excerpt":` + quote(wantExcerpt) + `,"page":3},` +
		`{"documentId":"` + docB + `","documentName":"notes.txt","excerpt":"Take with food.","page":2}]`
	if string(cites) != want {
		t.Errorf("citations\n got %s\nwant %s", cites, want)
	}
	if n := len([]rune(wantExcerpt)); n > MaxExcerptChars+1 || !strings.HasPrefix(wantExcerpt, "The recommended dose is 5 mg twice a day, with") {
		t.Errorf("excerpt %q (%d chars) is not the trimmed start of the reference", wantExcerpt, n)
	}
	for _, f := range frames {
		if b, _ := json.Marshal(f); strings.Contains(string(b), "mallory") {
			t.Errorf("a frame shows another owner's reference: %s", b)
		}
	}
	q := e.stored()
	if q.Status != domain.QueryComplete || q.Attempt != 1 || q.Answer != whole || len(q.Citations) != 2 || q.SessionID != "sess-1" {
		t.Errorf("record = %+v, want complete at attempt 1 with the answer", q)
	}
	if ok, err := e.queries.HasSession(t.Context(), "alice", "sess-1"); !ok || err != nil {
		t.Errorf("session sess-1 not recorded as alice's: %v, %v", ok, err)
	}
	logs := e.logs.String()
	for _, secret := range []string{"What is the dose", "recommended dose", "mallory's secret", "Take with food"} {
		if strings.Contains(logs, secret) {
			t.Errorf("logs show %q", secret)
		}
	}
	for _, attr := range []string{`"queryId":"q-1"`, `"connectionId":"conn-alice"`, `"attempt":1`} {
		if !strings.Contains(logs, attr) {
			t.Errorf("logs lack %s:\n%s", attr, logs)
		}
	}
}

func quote(s string) string { b, _ := json.Marshal(s); return string(b) }

func TestWorkerFilter(t *testing.T) {
	tests := []struct {
		name    string
		msg     Message
		want    string
		session string
	}{
		{"owner only", aliceAsks(), `{"equals":{"key":"owner","value":"alice"}}`, ""},
		{"owner and the asked documents", aliceAsks(docA, docB),
			`{"andAll":[{"equals":{"key":"owner","value":"alice"}},{"in":{"key":"documentId","value":["` + docA + `","` + docB + `"]}}]}`, ""},
		{"follow-up", func() Message { m := aliceAsks(); m.SessionID = "sess-1"; return m }(), `{"equals":{"key":"owner","value":"alice"}}`, "sess-1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newWorker(testConfig, nil, nil, nil, slog.New(slog.NewTextHandler(io.Discard, nil)))
			in := w.input(tt.msg)
			kb := in.RetrieveAndGenerateConfiguration.KnowledgeBaseConfiguration
			if aws.ToString(kb.KnowledgeBaseId) != "KB123" || aws.ToString(kb.ModelArn) != testConfig.ModelArn ||
				in.RetrieveAndGenerateConfiguration.Type != types.RetrieveAndGenerateTypeKnowledgeBase ||
				aws.ToString(in.Input.Text) != tt.msg.Query || aws.ToString(in.SessionId) != tt.session {
				t.Errorf("input names kb %q model %q type %q text %q session %q", aws.ToString(kb.KnowledgeBaseId),
					aws.ToString(kb.ModelArn), in.RetrieveAndGenerateConfiguration.Type, aws.ToString(in.Input.Text), aws.ToString(in.SessionId))
			}
			if got := filterJSON(t, kb.RetrievalConfiguration.VectorSearchConfiguration.Filter); got != tt.want {
				t.Errorf("filter\n got %s\nwant %s", got, tt.want)
			}
		})
	}
}

// filterJSON writes a retrieval filter as the API's JSON would.
func filterJSON(t *testing.T, f types.RetrievalFilter) string {
	t.Helper()
	attr := func(op string, a types.FilterAttribute) string {
		v, err := a.Value.MarshalSmithyDocument()
		if err != nil {
			t.Fatal(err)
		}
		return `{"` + op + `":{"key":` + quote(aws.ToString(a.Key)) + `,"value":` + string(v) + `}}`
	}
	switch f := f.(type) {
	case *types.RetrievalFilterMemberEquals:
		return attr("equals", f.Value)
	case *types.RetrievalFilterMemberIn:
		return attr("in", f.Value)
	case *types.RetrievalFilterMemberAndAll:
		var parts []string
		for _, g := range f.Value {
			parts = append(parts, filterJSON(t, g))
		}
		return `{"andAll":[` + strings.Join(parts, ",") + `]}`
	}
	t.Fatalf("unexpected filter %T", f)
	return ""
}

func TestWorkerNotFound(t *testing.T) {
	tests := []struct {
		name string
		evs  []types.RetrieveAndGenerateStreamResponseOutput
	}{
		{"no citations at all", []types.RetrieveAndGenerateStreamResponseOutput{text("Sorry, I am unable to assist you with this request.")}},
		{"only another owner's references", []types.RetrieveAndGenerateStreamResponseOutput{
			text("Bob's code is 4711."), citation(ref("bob", docB, "bob.txt", 1, "Bob's code is 4711.")),
		}},
		{"a reference without an owner", []types.RetrieveAndGenerateStreamResponseOutput{
			text("x"), citation(types.RetrievedReference{Content: &types.RetrievalResultContent{Text: aws.String("x")}}),
		}},
		{"a reference outside the asked documents", []types.RetrieveAndGenerateStreamResponseOutput{
			text("x"), citation(ref("alice", docB, "other.pdf", 1, "x")),
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t, testConfig)
			e.answers("sess-9", nil, tt.evs...)
			e.deliver(aliceAsks(docA), 1, testQueue)
			last := e.sender.frames[len(e.sender.frames)-1]
			d := data(last)
			if last["action"] != "answerComplete" || d["answer"] != NotFound {
				t.Fatalf("last frame %v, want answerComplete %q", last, NotFound)
			}
			if c, ok := d["citations"].([]any); !ok || len(c) != 0 {
				t.Errorf("citations = %v, want []", d["citations"])
			}
			if b, _ := json.Marshal(last); strings.Contains(string(b), "4711") {
				t.Errorf("answerComplete shows another owner's text: %s", b)
			}
			if q := e.stored(); q.Answer != NotFound || len(q.Citations) != 0 {
				t.Errorf("record = %+v, want the NotFound answer", q)
			}
		})
	}
}

func TestWorkerFailures(t *testing.T) {
	throttled := &types.ThrottlingException{Message: aws.String("slow down")}
	tests := []struct {
		name      string
		attempt   int
		setup     func(e *env)
		wantRetry bool
		wantCode  domain.Code // "" when no answerFailed
	}{
		{"throttled on attempt 1 is retried", 1, func(e *env) { e.refuses(throttled) }, true, ""},
		{"server error mid-stream on attempt 2 is retried", 2, func(e *env) {
			e.answers("s", &types.InternalServerException{Message: aws.String("boom")}, text(strings.Repeat("partial ", 60)))
		}, true, ""},
		{"a broken connection is retried", 1, func(e *env) { e.refuses(io.ErrUnexpectedEOF) }, true, ""},
		{"throttled on the last attempt fails", 3, func(e *env) { e.refuses(throttled) }, false, domain.CodeUnavailable},
		{"validation fails at once", 1, func(e *env) { e.refuses(&types.ValidationException{Message: aws.String("bad")}) }, false, domain.CodeInvalidField},
		{"access denied fails at once", 1, func(e *env) { e.refuses(&types.AccessDeniedException{Message: aws.String("no")}) }, false, domain.CodeInternal},
		{"no such knowledge base fails at once", 1, func(e *env) {
			e.refuses(&types.ResourceNotFoundException{Message: aws.String("kb")})
		}, false, domain.CodeInternal},
		{"validation mid-stream fails", 1, func(e *env) { e.answers("s", &types.ValidationException{Message: aws.String("bad")}, text("a")) }, false, domain.CodeInvalidField},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t, testConfig)
			tt.setup(e)
			if got := e.deliver(aliceAsks(), tt.attempt, testQueue); got != tt.wantRetry {
				t.Errorf("retry = %v, want %v", got, tt.wantRetry)
			}
			var failed map[string]any
			for _, f := range e.sender.frames {
				switch f["action"] {
				case "answerFailed":
					failed = f
				case "answerComplete":
					t.Errorf("a failed attempt sent %v", f)
				}
			}
			q := e.stored()
			if tt.wantCode == "" {
				if failed != nil {
					t.Errorf("a retried attempt sent %v", failed)
				}
				if q.Status != domain.QueryAnswering || q.Attempt != tt.attempt {
					t.Errorf("record = %+v, want answering at attempt %d", q, tt.attempt)
				}
				return
			}
			d := data(failed)
			msg, _ := failed["message"].(string)
			if failed == nil || d["code"] != string(tt.wantCode) || d["attempt"] != float64(tt.attempt) || d["queryId"] != testQuery {
				t.Fatalf("answerFailed = %v, want code %s attempt %d", failed, tt.wantCode, tt.attempt)
			}
			if len(msg) < 20 || !strings.HasSuffix(msg, ".") || strings.Contains(msg, "Exception") {
				t.Errorf("answerFailed says %q; want a plain sentence", msg)
			}
			if q.Status != domain.QueryFailed || q.FailureCode != string(tt.wantCode) || q.FailureMessage != msg {
				t.Errorf("record = %+v, want failed with the frame's code and sentence", q)
			}
		})
	}
}

func TestWorkerAttemptTwoStreamsFromTheStart(t *testing.T) {
	e := newEnv(t, testConfig)
	e.answers("s1", &types.InternalServerException{Message: aws.String("died")}, text(strings.Repeat("first try ", 40)))
	e.answers("s2", nil, text(strings.Repeat("second try ", 40)), citation(ref("alice", docA, "a.pdf", 1, "x")))
	if !e.deliver(aliceAsks(), 1, testQueue) {
		t.Fatal("attempt 1's failure was not retried")
	}
	n1 := len(e.sender.frames)
	if n1 == 0 {
		t.Fatal("attempt 1 streamed nothing before it died")
	}
	if e.deliver(aliceAsks(), 2, testQueue) {
		t.Fatal("attempt 2 was retried")
	}
	second := e.sender.frames[n1:]
	for i, f := range second {
		if d := data(f); d["attempt"] != 2.0 || d["seq"] != float64(i+1) {
			t.Errorf("attempt 2 frame %d = %v, want attempt 2 seq %d", i, f, i+1)
		}
	}
	if last := second[len(second)-1]; last["action"] != "answerComplete" || data(last)["answer"] != strings.Repeat("second try ", 40) {
		t.Errorf("attempt 2 ended with %v", last)
	}
	// Attempt 1's message, redelivered late, changes nothing and sends the
	// final answer again.
	before := len(e.sender.frames)
	e.deliver(aliceAsks(), 1, testQueue)
	if again := e.sender.frames[before:]; len(again) != 1 || again[0]["action"] != "answerComplete" || data(again[0])["attempt"] != 2.0 {
		t.Errorf("a late delivery sent %v, want attempt 2's answerComplete once", again)
	}
	if q := e.stored(); q.Attempt != 2 || q.Status != domain.QueryComplete {
		t.Errorf("record = %+v, want complete at attempt 2", q)
	}
}

func TestWorkerRepeatedDeliveryResendsFinalFrame(t *testing.T) {
	e := newEnv(t, testConfig)
	e.answers("s1", nil, text("The dose is 5 mg."), citation(ref("alice", docA, "a.pdf", 1, "5 mg")))
	e.deliver(aliceAsks(), 1, testQueue)
	first := e.sender.frames[len(e.sender.frames)-1]
	e.deliver(aliceAsks(), 2, testQueue) // no stream queued: generating again would fail the test
	again := e.sender.frames[len(e.sender.frames)-1]
	a, _ := json.Marshal(first)
	b, _ := json.Marshal(again)
	if string(a) != string(b) {
		t.Errorf("repeated delivery sent\n%s\nwant the same final frame\n%s", b, a)
	}
}

func TestWorkerDeadLetterQueue(t *testing.T) {
	e := newEnv(t, testConfig)
	// Attempt 3 began and died without a word.
	if _, _, err := e.queries.MarkAnswering(t.Context(), "alice", testQuery, 3); err != nil {
		t.Fatal(err)
	}
	if e.deliver(aliceAsks(), 4, testDLQ) {
		t.Fatal("the DLQ record was retried")
	}
	if len(e.inputs) != 0 {
		t.Error("the DLQ record was answered instead of failed")
	}
	if len(e.sender.frames) != 1 {
		t.Fatalf("frames %v, want one answerFailed", e.sender.frames)
	}
	f := e.sender.frames[0]
	if f["action"] != "answerFailed" || data(f)["attempt"] != 3.0 || data(f)["code"] != string(domain.CodeUnavailable) {
		t.Errorf("DLQ frame = %v, want answerFailed of attempt 3", f)
	}
	if q := e.stored(); q.Status != domain.QueryFailed || q.Attempt != 3 {
		t.Errorf("record = %+v, want failed at attempt 3", q)
	}
	// A finished question in the DLQ (its worker died after recording) is
	// left as it is.
	e.deliver(aliceAsks(), 5, testDLQ)
	if len(e.sender.frames) != 1 {
		t.Errorf("a second DLQ delivery sent %v", e.sender.frames[1:])
	}
}

func TestWorkerGoneConnectionStillRecordsTheAnswer(t *testing.T) {
	e := newEnv(t, testConfig)
	e.sender.SendFunc = func(string) error { return fmt.Errorf("post: %w", progress.ErrGone) }
	e.answers("s1", nil, text(strings.Repeat("long answer ", 100)), citation(ref("alice", docA, "a.pdf", 1, "x")))
	if e.deliver(aliceAsks(), 1, testQueue) {
		t.Fatal("a gone connection made the query retry")
	}
	if e.sender.calls != 1 {
		t.Errorf("%d sends to a gone connection, want 1 (stop after the 410)", e.sender.calls)
	}
	if q := e.stored(); q.Status != domain.QueryComplete || q.Answer != strings.Repeat("long answer ", 100) {
		t.Errorf("record = %+v, want the complete answer for get_answer", q)
	}
}

func TestWorkerChunksStayUnderTheFrameLimit(t *testing.T) {
	e := newEnv(t, testConfig)
	huge := strings.Repeat("é", 20000) // 40 KB in one event
	e.answers("s1", nil, text(huge), citation(ref("alice", docA, "a.pdf", 1, "x")))
	e.deliver(aliceAsks(), 1, testQueue)
	var got strings.Builder
	for _, f := range e.sender.frames[:len(e.sender.frames)-1] {
		b, _ := json.Marshal(f)
		if len(b) > 16<<10 {
			t.Errorf("a %d-byte answerChunk frame", len(b))
		}
		got.WriteString(data(f)["text"].(string))
	}
	if got.String() != huge {
		t.Error("the chunks do not add up to the answer")
	}
}

// fakeRecords fails every call with its function fields.
type fakeRecords struct {
	MarkAnsweringFunc func() (domain.Query, bool, error)
	CompleteFunc      func() (domain.Query, bool, error)
}

var _ Records = (*fakeRecords)(nil)

var errStore = errors.New("dynamodb: 503")

func (f *fakeRecords) Get(context.Context, string, string) (domain.Query, error) {
	return domain.Query{}, errStore
}
func (f *fakeRecords) MarkAnswering(context.Context, string, string, int) (domain.Query, bool, error) {
	return f.MarkAnsweringFunc()
}
func (f *fakeRecords) Complete(context.Context, string, string, int, int, string, []domain.Citation, string) (domain.Query, bool, error) {
	return f.CompleteFunc()
}
func (f *fakeRecords) Fail(context.Context, string, string, int, domain.Code, string) (domain.Query, bool, error) {
	return domain.Query{}, false, errStore
}
func (f *fakeRecords) PutSession(context.Context, string, string) error { return errStore }

func TestWorkerStoreFailuresAreRetried(t *testing.T) {
	ok := func() (domain.Query, bool, error) { return domain.Query{}, true, nil }
	broken := func() (domain.Query, bool, error) { return domain.Query{}, false, errStore }
	tests := []struct {
		name    string
		records *fakeRecords
		source  string
	}{
		{"mark answering fails", &fakeRecords{MarkAnsweringFunc: broken}, testQueue},
		{"recording the answer fails", &fakeRecords{MarkAnsweringFunc: ok, CompleteFunc: broken}, testQueue},
		{"reading a dead question fails", &fakeRecords{}, testDLQ},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sender := &fakeSender{}
			w := newWorker(testConfig, func(context.Context, *bedrockagentruntime.RetrieveAndGenerateStreamInput) (Generation, error) {
				return Generation{Stream: newStream(nil, text("a"))}, nil
			}, tt.records, sender, slog.New(slog.NewTextHandler(io.Discard, nil)))
			resp, err := w.Handle(t.Context(), events.SQSEvent{Records: []events.SQSMessage{record(aliceAsks(), 1, tt.source)}})
			if err != nil || len(resp.BatchItemFailures) != 1 {
				t.Errorf("Handle = %+v, %v; want the record back for redelivery", resp, err)
			}
			for _, f := range sender.frames {
				if f["action"] == "answerComplete" {
					t.Errorf("sent %v without recording it", f)
				}
			}
		})
	}
}

func TestWorkerDropsUndecodableMessages(t *testing.T) {
	w := newWorker(testConfig, nil, &fakeRecords{}, &fakeSender{}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	for _, body := range []string{"", "{", `{"queryId":"q"}`, `[1]`} {
		resp, err := w.Handle(t.Context(), events.SQSEvent{Records: []events.SQSMessage{{MessageId: "m", Body: body, EventSourceARN: testQueue}}})
		if err != nil || len(resp.BatchItemFailures) != 0 {
			t.Errorf("body %q: Handle = %+v, %v; want it dropped", body, resp, err)
		}
	}
}

func TestRetryable(t *testing.T) {
	tests := []struct {
		err  error
		want bool
	}{
		{&types.ThrottlingException{}, true},
		{&types.InternalServerException{}, true},
		{&types.ServiceQuotaExceededException{}, true},
		{&types.DependencyFailedException{}, true},
		{&types.BadGatewayException{}, true},
		{&types.ModelNotReadyException{}, true},
		{fmt.Errorf("stream: %w", io.ErrUnexpectedEOF), true},
		{context.DeadlineExceeded, true},
		{&types.ValidationException{}, false},
		{&types.AccessDeniedException{}, false},
		{&types.ResourceNotFoundException{}, false},
		{&types.ConflictException{}, false},
		{nil, false},
	}
	for _, tt := range tests {
		if got := Retryable(tt.err); got != tt.want {
			t.Errorf("Retryable(%T %v) = %v, want %v", tt.err, tt.err, got, tt.want)
		}
	}
}

func TestMessageJSON(t *testing.T) {
	m := aliceAsks()
	body, err := m.Encode()
	if err != nil {
		t.Fatal(err)
	}
	want := `{"queryId":"q-1","owner":"alice","connectionId":"conn-alice","query":"What is the dose?","documentIds":[],"sessionId":"","acceptedAt":"2026-01-01T00:00:00Z"}`
	if body != want {
		t.Errorf("body\n got %s\nwant %s", body, want)
	}
	back, err := DecodeMessage(body)
	if err != nil || back.QueryID != m.QueryID || back.Owner != "alice" || len(back.DocumentIDs) != 0 || !back.AcceptedAt.Equal(m.AcceptedAt) {
		t.Errorf("DecodeMessage = %+v, %v", back, err)
	}
}

// blockingStream sends nothing until the test ends.
type blockingStream struct {
	events chan types.RetrieveAndGenerateStreamResponseOutput
}

func (s blockingStream) Events() <-chan types.RetrieveAndGenerateStreamResponseOutput {
	return s.events
}
func (blockingStream) Err() error   { return nil }
func (blockingStream) Close() error { return nil }

// TestWorkerLastAttemptOutOfTime: a generation still running near the
// invocation's deadline is stopped in time to record the failure and tell
// the asker, instead of dying silently.
func TestWorkerLastAttemptOutOfTime(t *testing.T) {
	for _, tt := range []struct {
		attempt   int
		wantRetry bool
	}{{1, true}, {3, false}} {
		t.Run(fmt.Sprint("attempt ", tt.attempt), func(t *testing.T) {
			e := newEnv(t, testConfig)
			e.worker.margin = 10 * time.Millisecond
			e.streams = append(e.streams, func() (Generation, error) {
				return Generation{Stream: blockingStream{make(chan types.RetrieveAndGenerateStreamResponseOutput)}}, nil
			})
			ctx, cancel := context.WithTimeout(t.Context(), 100*time.Millisecond)
			defer cancel()
			resp, _ := e.worker.Handle(ctx, events.SQSEvent{Records: []events.SQSMessage{record(aliceAsks(), tt.attempt, testQueue)}})
			if got := len(resp.BatchItemFailures) == 1; got != tt.wantRetry {
				t.Errorf("retry = %v, want %v", got, tt.wantRetry)
			}
			if tt.wantRetry {
				return
			}
			if q := e.stored(); q.Status != domain.QueryFailed {
				t.Errorf("record = %+v, want failed", q)
			}
			if n := len(e.sender.frames); n != 1 || e.sender.frames[0]["action"] != "answerFailed" {
				t.Errorf("frames %v, want answerFailed", e.sender.frames)
			}
		})
	}
}

// TestWorkerFlushesOnTheClock: text shorter than FlushBytes goes out when
// the flush clock ticks, not only when the answer ends.
func TestWorkerFlushesOnTheClock(t *testing.T) {
	e := newEnv(t, testConfig)
	ticks := make(chan time.Time)
	e.worker.tick = func(time.Duration) (<-chan time.Time, func()) { return ticks, func() {} }
	evs := make(chan types.RetrieveAndGenerateStreamResponseOutput)
	e.streams = append(e.streams, func() (Generation, error) {
		return Generation{SessionID: "s", Stream: &fakeStream{events: evs}}, nil
	})
	done := make(chan bool)
	go func() { done <- e.deliver(aliceAsks(), 1, testQueue) }()
	evs <- text("The dose ")
	ticks <- time.Now() // received only once the worker is back in its loop
	evs <- text("is 5 mg.")
	evs <- citation(ref("alice", docA, "a.pdf", 1, "5 mg"))
	close(evs)
	if <-done {
		t.Fatal("retried")
	}
	var got []string
	for _, f := range e.sender.frames {
		if f["action"] == "answerChunk" {
			got = append(got, data(f)["text"].(string))
		}
	}
	if want := []string{"The dose ", "is 5 mg."}; strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("chunks %q, want %q (the tick flushes the first)", got, want)
	}
}
