package api

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/sqs"

	"docflow/shared/answer"
	"docflow/shared/domain"
	"docflow/shared/protocol"
	"docflow/shared/store"
)

const (
	testQueueURL = "https://sqs.us-east-1.amazonaws.com/123456789012/docflow-queries"
	otherID      = "7d1c0e4b-2a9f-4b3c-8e5d-6f7a8b9c0d1e"
)

// completeDoc is a processed document of testOwner with its outputs.
func completeDoc(d *domain.Document) {
	d.Status, d.Stage, d.Progress = domain.StatusComplete, domain.StageComplete, 100
	d.Summary = &domain.Summary{Type: "pdf", Pages: 2, TextKey: domain.ProcessedKey(d.ID, "text.txt"),
		ChunksKey: domain.ProcessedKey(d.ID, "chunks.jsonl"), ManifestKey: domain.ProcessedKey(d.ID, "manifest.json")}
}

// documents answers GetDocument from docs; any other id is missing.
func documents(docs ...domain.Document) func(*fakeStore) {
	return func(s *fakeStore) {
		s.GetDocumentFunc = func(_ context.Context, id string) (domain.Document, error) {
			for _, d := range docs {
				if d.ID == id {
					return d, nil
				}
			}
			return domain.Document{}, domain.NoSuchDocument()
		}
	}
}

func queues(q *fakeQueries) {
	q.PutQueuedFunc = func(_ context.Context, qu domain.Query) (domain.Query, bool, error) { return qu, true, nil }
}

func sends(q *fakeQueue) {
	q.SendMessageFunc = func(context.Context, *sqs.SendMessageInput) (*sqs.SendMessageOutput, error) {
		return &sqs.SendMessageOutput{MessageId: aws.String("m-1")}, nil
	}
}

func TestQuestions(t *testing.T) {
	accepted := func(id string) string { return `{"action":"queryAccepted","data":{"queryId":"` + id + `"}}` }
	theirs := storedDoc(func(d *domain.Document) { d.ID, d.Owner = otherID, "mallory" })
	answered := domain.Query{Owner: testOwner, ID: "q-1", Status: domain.QueryComplete, Attempt: 2, Answer: "5 mg.",
		Citations: []domain.Citation{{DocumentID: testID, DocumentName: "report.pdf", Page: 2, Excerpt: "5 mg"}}}
	unavailable := domain.Errorf(domain.CodeUnavailable, "The document store is unavailable right now; please try again.")

	tests := []struct {
		name      string
		body      string
		store     func(*fakeStore)
		queries   func(*fakeQueries)
		queue     func(*fakeQueue)
		presign   func(*fakePresigner)
		wantCalls []string // of the queries fake
		wantSent  []answer.Message
		want      func(t *testing.T) []string
	}{
		{
			name: "invoke without a query_id gets a generated one", body: `{"action":"invoke","query":"  What is the dose?  "}`,
			queries: queues, queue: sends,
			wantCalls: []string{"PutQueued(" + testOwner + ", " + newID + ")"},
			wantSent: []answer.Message{{QueryID: newID, Owner: testOwner, ConnectionID: testConn, Query: "What is the dose?",
				DocumentIDs: []string{}, AcceptedAt: testNow}},
			want: func(*testing.T) []string { return []string{accepted(newID)} },
		},
		{
			name:  "invoke over own documents in a conversation",
			body:  `{"action":"invoke","query":"And the dose?","query_id":"q-1","document_ids":["` + testID + `"],"session_id":"sess-1"}`,
			store: documents(storedDoc(completeDoc)),
			queries: func(q *fakeQueries) {
				queues(q)
				q.HasSessionFunc = func(context.Context, string, string) (bool, error) { return true, nil }
			},
			queue:     sends,
			wantCalls: []string{"HasSession(" + testOwner + ", sess-1)", "PutQueued(" + testOwner + ", q-1)"},
			wantSent: []answer.Message{{QueryID: "q-1", Owner: testOwner, ConnectionID: testConn, Query: "And the dose?",
				DocumentIDs: []string{testID}, SessionID: "sess-1", AcceptedAt: testNow}},
			want: func(*testing.T) []string { return []string{accepted("q-1")} },
		},
		{
			name: "invoke repeated with the same query_id is accepted without a second message",
			body: `{"action":"invoke","query":"What is the dose?","query_id":"q-1"}`,
			queries: func(q *fakeQueries) {
				q.PutQueuedFunc = func(context.Context, domain.Query) (domain.Query, bool, error) { return answered, false, nil }
			},
			wantCalls: []string{"PutQueued(" + testOwner + ", q-1)"},
			want:      func(*testing.T) []string { return []string{accepted("q-1")} },
		},
		{
			name:  "invoke over another user's document reads as a missing one",
			body:  `{"action":"invoke","query":"q","document_ids":["` + testID + `","` + otherID + `"]}`,
			store: documents(storedDoc(), theirs),
			want: func(*testing.T) []string {
				return []string{errorJSON(domain.CodeNotFound, "No such document.", "invoke")}
			},
		},
		{
			name:  "invoke over a missing document",
			body:  `{"action":"invoke","query":"q","document_ids":["` + otherID + `"]}`,
			store: documents(),
			want: func(*testing.T) []string {
				return []string{errorJSON(domain.CodeNotFound, "No such document.", "invoke")}
			},
		},
		{
			name: "invoke continuing someone else's conversation",
			body: `{"action":"invoke","query":"q","session_id":"their-session"}`,
			queries: func(q *fakeQueries) {
				q.HasSessionFunc = func(context.Context, string, string) (bool, error) { return false, nil }
			},
			wantCalls: []string{"HasSession(" + testOwner + ", their-session)"},
			want: func(*testing.T) []string {
				return []string{errorJSON(domain.CodeNotFound, "No such conversation; ask without session_id to start one.", "invoke")}
			},
		},
		{
			name: "invoke whose message cannot be sent forgets the record",
			body: `{"action":"invoke","query":"q","query_id":"q-2"}`,
			queries: func(q *fakeQueries) {
				queues(q)
				q.DeleteQueuedFunc = func(context.Context, string, string) error { return nil }
			},
			queue: func(q *fakeQueue) {
				q.SendMessageFunc = func(context.Context, *sqs.SendMessageInput) (*sqs.SendMessageOutput, error) {
					return nil, errors.New("sqs: 503")
				}
			},
			wantCalls: []string{"PutQueued(" + testOwner + ", q-2)", "DeleteQueued(" + testOwner + ", q-2)"},
			wantSent: []answer.Message{{QueryID: "q-2", Owner: testOwner, ConnectionID: testConn, Query: "q",
				DocumentIDs: []string{}, AcceptedAt: testNow}},
			want: func(*testing.T) []string {
				// queryAccepted went out before the send (the worker may answer
				// at once), so the query ends as failed, attempt 0.
				return []string{
					`{"action":"queryAccepted","data":{"queryId":"q-2"}}`,
					`{"action":"answerFailed","message":"The question could not be queued right now; please try again.","data":{"queryId":"q-2","attempt":0,"code":"Unavailable"}}`,
				}
			},
		},
		{
			name: "invoke when the store is down",
			body: `{"action":"invoke","query":"q"}`,
			queries: func(q *fakeQueries) {
				q.PutQueuedFunc = func(context.Context, domain.Query) (domain.Query, bool, error) {
					return domain.Query{}, false, unavailable
				}
			},
			wantCalls: []string{"PutQueued(" + testOwner + ", " + newID + ")"},
			want: func(*testing.T) []string {
				return []string{errorJSON(domain.CodeUnavailable, unavailable.Message, "invoke")}
			},
		},
		{
			name: "invoke with an odd query_id", body: `{"action":"invoke","query":"q","query_id":"../../etc"}`,
			want: func(*testing.T) []string {
				return []string{errorJSON(domain.CodeInvalidField, "query_id must be 1 to 64 letters, digits, '-' or '_'.", "invoke")}
			},
		},
		{
			name: "get_answer of a complete question", body: `{"action":"get_answer","query_id":"q-1"}`,
			queries: func(q *fakeQueries) {
				q.GetFunc = func(context.Context, string, string) (domain.Query, error) { return answered, nil }
			},
			wantCalls: []string{"Get(" + testOwner + ", q-1)"},
			want: func(*testing.T) []string {
				return []string{`{"action":"answerStatus","data":{"queryId":"q-1","status":"complete","answer":"5 mg.",` +
					`"citations":[{"documentId":"` + testID + `","documentName":"report.pdf","page":2,"excerpt":"5 mg"}]}}`}
			},
		},
		{
			name: "get_answer of a question not the caller's", body: `{"action":"get_answer","query_id":"q-9"}`,
			queries: func(q *fakeQueries) {
				q.GetFunc = func(context.Context, string, string) (domain.Query, error) {
					return domain.Query{}, store.NoSuchQuery()
				}
			},
			wantCalls: []string{"Get(" + testOwner + ", q-9)"},
			want: func(*testing.T) []string {
				return []string{errorJSON(domain.CodeNotFound, "No such question.", "get_answer")}
			},
		},
		{
			name:  "get_output_url of an own document",
			body:  `{"action":"get_output_url","document_id":"` + testID + `","output":"chunks"}`,
			store: documents(storedDoc(completeDoc)), presign: presignsGet,
			want: func(*testing.T) []string {
				return []string{`{"action":"outputUrl","data":{"url":"https://` + testBucket + `.s3.us-east-1.amazonaws.com/processed/` + testID +
					`/chunks.jsonl?` + presignedQS + `","expiresAt":"2026-01-01T00:05:05.000Z"}}`}
			},
		},
		{
			name:  "get_output_url of another user's document",
			body:  `{"action":"get_output_url","document_id":"` + otherID + `","output":"text"}`,
			store: documents(storedDoc(completeDoc), func() domain.Document { d := theirs; completeDoc(&d); return d }()),
			want: func(*testing.T) []string {
				return []string{errorJSON(domain.CodeNotFound, "No such document.", "get_output_url")}
			},
		},
		{
			name:  "get_output_url before processing is done",
			body:  `{"action":"get_output_url","document_id":"` + testID + `","output":"manifest"}`,
			store: documents(storedDoc(processing)),
			want: func(*testing.T) []string {
				return []string{errorJSON(domain.CodeConflict, "The document has no manifest output yet; ask again when its processing is complete.", "get_output_url")}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st, queries, queue, presign, sender := &fakeStore{}, &fakeQueries{}, &fakeQueue{}, &fakePresigner{}, &fakeSender{}
			callIf(tt.store, st)
			callIf(tt.queries, queries)
			callIf(tt.queue, queue)
			callIf(tt.presign, presign)
			var logs bytes.Buffer
			h := NewMessage(MessageConfig{Bucket: testBucket, StateMachineArn: testSM, QueueURL: testQueueURL},
				st, sender, &fakeExecutions{}, presign, queries, queue, testLogger(&logs))
			h.now = func() time.Time { return testNow }
			h.newID = func() string { return newID }
			req := loadEvent(t, "message.json")
			req.Body = tt.body
			resp, err := h.Handle(context.Background(), req)
			if err != nil || resp.StatusCode != http.StatusOK {
				t.Fatalf("Handle = %d, %v; want 200", resp.StatusCode, err)
			}
			want := tt.want(t)
			if len(sender.frames) != len(want) {
				t.Fatalf("sent %s, want %d frames", framesString(sender.frames), len(want))
			}
			for i, f := range sender.frames {
				if f.connectionID != testConn {
					t.Errorf("frame %d went to %q, want the caller's connection", i, f.connectionID)
				}
				if !jsonEqual(t, f.frame, want[i]) {
					t.Errorf("frame %d\n got %s\nwant %s", i, f.frame, want[i])
				}
			}
			if !reflect.DeepEqual(queries.calls, tt.wantCalls) {
				t.Errorf("queries calls %q, want %q", queries.calls, tt.wantCalls)
			}
			var sent []answer.Message
			for _, in := range queue.inputs {
				if aws.ToString(in.QueueUrl) != testQueueURL {
					t.Errorf("sent to %q, want the queries queue", aws.ToString(in.QueueUrl))
				}
				m, err := answer.DecodeMessage(aws.ToString(in.MessageBody))
				if err != nil {
					t.Fatalf("message body: %v", err)
				}
				sent = append(sent, m)
			}
			if !reflect.DeepEqual(sent, tt.wantSent) {
				t.Errorf("sent messages %+v, want %+v", sent, tt.wantSent)
			}
			for _, secret := range []string{"What is the dose", "And the dose", presignedQS} {
				if strings.Contains(logs.String(), secret) {
					t.Errorf("logs show %q:\n%s", secret, logs.String())
				}
			}
		})
	}
}

func presignsGet(p *fakePresigner) {
	p.PresignGetObjectFunc = func(_ context.Context, in *s3.GetObjectInput, _ ...func(*s3.PresignOptions)) (*v4.PresignedHTTPRequest, error) {
		return &v4.PresignedHTTPRequest{
			URL:    "https://" + *in.Bucket + ".s3.us-east-1.amazonaws.com/" + *in.Key + "?" + presignedQS,
			Method: http.MethodGet,
		}, nil
	}
}

// TestOutputURLSigning: the URL is signed for the output's key in the
// documents bucket, for OutputURLTTL, with the real presigner too.
func TestOutputURLSigning(t *testing.T) {
	st := &fakeStore{}
	documents(storedDoc(completeDoc))(st)
	client := s3.New(s3.Options{
		Region: "us-east-1", Credentials: staticCredentials{},
		BaseEndpoint: aws.String("http://127.0.0.1:9"), UsePathStyle: true, // never dialled: presigning is local
	})
	sender := &fakeSender{}
	h := NewMessage(MessageConfig{Bucket: testBucket, StateMachineArn: testSM, OutputURLTTL: 2 * time.Minute},
		st, sender, &fakeExecutions{}, NewS3Uploads(client), &fakeQueries{}, &fakeQueue{}, testLogger(&bytes.Buffer{}))
	req := loadEvent(t, "message.json")
	req.Body = `{"action":"get_output_url","document_id":"` + testID + `","output":"text"}`
	if _, err := h.Handle(context.Background(), req); err != nil {
		t.Fatal(err)
	}
	if len(sender.frames) != 1 {
		t.Fatalf("sent %d frames", len(sender.frames))
	}
	var f struct {
		Action string                 `json:"action"`
		Data   protocol.OutputURLData `json:"data"`
	}
	if err := json.Unmarshal(sender.frames[0].frame, &f); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"/" + testBucket + "/processed/" + testID + "/text.txt?", "X-Amz-Expires=120", "X-Amz-Signature="} {
		if f.Action != "outputUrl" || !strings.Contains(f.Data.URL, want) {
			t.Errorf("outputUrl %q does not contain %q", f.Data.URL, want)
		}
	}
}

// TestQueryAcceptedBeforeTheMessageIsQueued: the client has queryAccepted
// before the worker can see the message, so no answer frame can overtake it
// (the worker posts as soon as it has the message).
func TestQueryAcceptedBeforeTheMessageIsQueued(t *testing.T) {
	queries, queue, sender := &fakeQueries{}, &fakeQueue{}, &fakeSender{}
	queues(queries)
	var atSend []sent
	queue.SendMessageFunc = func(context.Context, *sqs.SendMessageInput) (*sqs.SendMessageOutput, error) {
		atSend = append([]sent(nil), sender.frames...)
		return &sqs.SendMessageOutput{}, nil
	}
	h := NewMessage(MessageConfig{Bucket: testBucket, StateMachineArn: testSM, QueueURL: testQueueURL},
		&fakeStore{}, sender, &fakeExecutions{}, &fakePresigner{}, queries, queue, testLogger(&bytes.Buffer{}))
	req := loadEvent(t, "message.json")
	req.Body = `{"action":"invoke","query":"q","query_id":"q-9"}`
	if _, err := h.Handle(context.Background(), req); err != nil {
		t.Fatal(err)
	}
	if len(atSend) != 1 || !jsonEqual(t, atSend[0].frame, `{"action":"queryAccepted","data":{"queryId":"q-9"}}`) {
		t.Errorf("frames sent before SendMessage: %s, want queryAccepted alone", framesString(atSend))
	}
	if len(sender.frames) != 1 {
		t.Errorf("frames in all: %s, want queryAccepted once", framesString(sender.frames))
	}
}
