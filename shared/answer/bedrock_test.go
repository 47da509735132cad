package answer

import (
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/protocol/eventstream"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/bedrockagentruntime"

	"docflow/shared/domain"
)

// streamEvent is one message the fake Bedrock endpoint sends.
type streamEvent struct {
	exception string // the :exception-type; "" for an event
	event     string // the :event-type
	payload   string
}

// bedrockServer answers POST /retrieveAndGenerateStream with the events,
// encoded by the SDK's own event stream encoder, and keeps the request body.
func bedrockServer(t *testing.T, evs ...streamEvent) (url string, body func() map[string]any) {
	t.Helper()
	var mu sync.Mutex
	var got map[string]any
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost || r.URL.Path != "/retrieveAndGenerateStream" {
			http.Error(w, "not here", http.StatusNotFound)
			return
		}
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		_ = json.Unmarshal(b, &got)
		mu.Unlock()
		w.Header().Set("Content-Type", "application/vnd.amazon.eventstream")
		w.Header().Set("x-amzn-bedrock-knowledge-base-session-id", "sess-from-bedrock")
		w.WriteHeader(http.StatusOK)
		enc := eventstream.NewEncoder()
		for _, ev := range evs {
			var h eventstream.Headers
			if ev.exception != "" {
				h.Set(":message-type", eventstream.StringValue("exception"))
				h.Set(":exception-type", eventstream.StringValue(ev.exception))
			} else {
				h.Set(":message-type", eventstream.StringValue("event"))
				h.Set(":event-type", eventstream.StringValue(ev.event))
			}
			h.Set(":content-type", eventstream.StringValue("application/json"))
			if err := enc.Encode(w, eventstream.Message{Headers: h, Payload: []byte(ev.payload)}); err != nil {
				return
			}
			w.(http.Flusher).Flush()
		}
	}))
	t.Cleanup(srv.Close)
	return srv.URL, func() map[string]any { mu.Lock(); defer mu.Unlock(); return got }
}

func realClient(url string) *bedrockagentruntime.Client {
	return bedrockagentruntime.New(bedrockagentruntime.Options{
		Region:       "us-east-1",
		Credentials:  credentials.NewStaticCredentialsProvider("test", "test", ""),
		BaseEndpoint: aws.String(url),
		Retryer:      aws.NopRetryer{},
	})
}

func outputEvent(s string) streamEvent {
	b, _ := json.Marshal(map[string]string{"text": s})
	return streamEvent{event: "output", payload: string(b)}
}

func citationEvent(owner, docID, name string, page any, content string) streamEvent {
	ref := map[string]any{
		"content":  map[string]any{"text": content, "type": "TEXT"},
		"location": map[string]any{"type": "S3", "s3Location": map[string]any{"uri": "s3://docs/processed/" + docID + "/kb/chunk-00001.txt"}},
		"metadata": map[string]any{"owner": owner, "documentId": docID, "documentName": name, "page": page},
	}
	b, _ := json.Marshal(map[string]any{"citation": map[string]any{"retrievedReferences": []any{ref}}})
	return streamEvent{event: "citation", payload: string(b)}
}

// TestWorkerWithTheRealClient runs the worker through the real SDK client
// against an endpoint speaking the event stream: the request carries the
// owner filter, and the SDK's own decoding of events, metadata and a
// mid-stream exception is what the worker reads.
func TestWorkerWithTheRealClient(t *testing.T) {
	t.Run("answer", func(t *testing.T) {
		url, body := bedrockServer(t,
			outputEvent(strings.Repeat("The dose is 5 mg. ", 20)),
			citationEvent("alice", docA, "label.pdf", 3, "The dose is 5 mg."),
			citationEvent("mallory", docB, "theirs.pdf", 1, "mallory's text"),
			outputEvent(strings.Repeat("Take it with food. ", 20)),
		)
		e := newEnv(t, testConfig)
		e.worker = NewWorker(testConfig, realClient(url), e.queries, e.sender, slog.New(slog.NewTextHandler(io.Discard, nil)))
		if e.deliver(aliceAsks(docA), 1, testQueue) {
			t.Fatal("retried")
		}
		req := body()
		cfg, _ := json.Marshal(req["retrieveAndGenerateConfiguration"])
		for _, want := range []string{`"type":"KNOWLEDGE_BASE"`, `"knowledgeBaseId":"KB123"`,
			`"filter":{"andAll":[{"equals":{"key":"owner","value":"alice"}},{"in":{"key":"documentId","value":["` + docA + `"]}}]}`} {
			if !strings.Contains(string(cfg), want) {
				t.Errorf("request configuration %s lacks %s", cfg, want)
			}
		}
		if in, _ := json.Marshal(req["input"]); string(in) != `{"text":"What is the dose?"}` {
			t.Errorf("request input = %s", in)
		}
		last := e.sender.frames[len(e.sender.frames)-1]
		d := data(last)
		cites, _ := json.Marshal(d["citations"])
		if last["action"] != "answerComplete" || d["sessionId"] != "sess-from-bedrock" ||
			string(cites) != `[{"documentId":"`+docA+`","documentName":"label.pdf","excerpt":"The dose is 5 mg.","page":3}]` {
			t.Errorf("answerComplete = %v (citations %s)", last, cites)
		}
		if len(e.sender.frames) < 3 {
			t.Errorf("%d frames, want at least two chunks before answerComplete", len(e.sender.frames))
		}
	})
	t.Run("exception mid-stream", func(t *testing.T) {
		url, _ := bedrockServer(t,
			outputEvent(strings.Repeat("partial ", 50)),
			streamEvent{exception: "throttlingException", payload: `{"message":"Too many requests"}`},
		)
		e := newEnv(t, testConfig)
		e.worker = NewWorker(testConfig, realClient(url), e.queries, e.sender, slog.New(slog.NewTextHandler(io.Discard, nil)))
		if !e.deliver(aliceAsks(), 1, testQueue) {
			t.Error("a throttled stream on attempt 1 was not retried")
		}
		if q := e.stored(); q.Status != domain.QueryAnswering {
			t.Errorf("record = %+v, want still answering", q)
		}
		e.worker = NewWorker(testConfig, realClient(url), e.queries, e.sender, slog.New(slog.NewTextHandler(io.Discard, nil)))
		if e.deliver(aliceAsks(), 3, testQueue) {
			t.Error("the last attempt was retried")
		}
		if q := e.stored(); q.Status != domain.QueryFailed || q.FailureCode != string(domain.CodeUnavailable) {
			t.Errorf("record = %+v, want failed Unavailable", q)
		}
	})
}
