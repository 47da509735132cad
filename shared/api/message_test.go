package api

import (
	"bytes"
	"context"
	"encoding/base64"
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
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/aws-sdk-go-v2/service/sfn"
	sfntypes "github.com/aws/aws-sdk-go-v2/service/sfn/types"

	"docflow/shared/domain"
	"docflow/shared/progress"
	"docflow/shared/protocol"
	"docflow/shared/workflow"
)

const (
	testBucket  = "docflow-documents"
	testSM      = "arn:aws:states:us-east-1:123456789012:stateMachine:docflow-documents"
	testConn    = "R1kmxc2VNjMCFIA=" // testdata/message.json's connection
	testID      = "0b6e8d2a-4c1f-4e7a-9b3d-2f5a6c7e8d90"
	testKey     = "uploads/" + testOwner + "/" + testID + "/report.pdf"
	testExec    = "arn:aws:states:us-east-1:123456789012:execution:docflow-documents:" + testID
	newID       = "5f0c9a7e-1b2d-4c3e-8f4a-6b7c8d9e0f1a" // what the handler's id source returns
	presignedQS = "X-Amz-Signature=deadbeef"
	testOwner   = "u-7c1f" // testdata/message.json's principalId
)

// storedDoc is the document the store holds for testKey, changed by mods.
func storedDoc(mods ...func(*domain.Document)) domain.Document {
	created := testNow.Add(-time.Minute)
	d := domain.Document{
		ID: testID, Owner: testOwner, Name: "report.pdf", Bucket: testBucket, Key: testKey,
		Status: domain.StatusQueued, Stage: domain.StageQueued, Message: QueuedMessage,
		CreatedAt: created, UpdatedAt: created,
	}
	for _, m := range mods {
		m(&d)
	}
	return d
}

// processing moves a document to the 40% frame with its execution recorded.
func processing(d *domain.Document) {
	d.Status, d.Stage, d.Progress, d.Seq = progress.Process.Status, progress.Process.Stage, progress.Process.Progress, 3
	d.Message, d.ExecutionArn, d.UpdatedAt = progress.Process.Message, testExec, testNow.Add(-time.Second)
}

// completed moves a document processing had reached on to its 100% frame.
func completed(d *domain.Document) {
	processing(d)
	d.Status, d.Stage, d.Progress, d.Seq = progress.Complete.Status, progress.Complete.Stage, progress.Complete.Progress, 7
	d.Message, d.UpdatedAt = progress.Complete.Message, testNow
}

func frameJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// errorJSON is the error frame a client receives.
func errorJSON(code domain.Code, message, requestAction string) string {
	ra := "null"
	if requestAction != "" {
		ra = `"` + requestAction + `"`
	}
	return `{"action":"error","message":` + quote(message) + `,"data":{"code":"` + string(code) + `","requestAction":` + ra + `}}`
}

func quote(s string) string { b, _ := json.Marshal(s); return string(b) }

const seedMessage = `{"action":"process_document","document_key":"` + testKey + `","bucket":"` + testBucket + `","document_name":"report.pdf"}`

// creates answers CreateDocument as a store that did not have the document.
func creates(s *fakeStore) {
	s.CreateDocumentFunc = func(_ context.Context, d domain.Document) (domain.Document, bool, error) { return d, true, nil }
	s.SubscribeFunc = func(context.Context, string, string) error { return nil }
	s.SetExecutionArnFunc = func(context.Context, string, string) error { return nil }
}

// exists answers CreateDocument, and the read after subscribing, with an
// already stored document.
func exists(d domain.Document) func(*fakeStore) {
	return func(s *fakeStore) {
		creates(s)
		s.CreateDocumentFunc = func(context.Context, domain.Document) (domain.Document, bool, error) { return d, false, nil }
		s.GetDocumentFunc = func(context.Context, string) (domain.Document, error) { return d, nil }
	}
}

func starts(e *fakeExecutions) {
	e.StartExecutionFunc = func(context.Context, *sfn.StartExecutionInput, ...func(*sfn.Options)) (*sfn.StartExecutionOutput, error) {
		return &sfn.StartExecutionOutput{ExecutionArn: aws.String(testExec), StartDate: aws.Time(testNow)}, nil
	}
}

func presigns(p *fakePresigner) {
	p.PresignPutObjectFunc = func(_ context.Context, in *s3.PutObjectInput, _ ...func(*s3.PresignOptions)) (*v4.PresignedHTTPRequest, error) {
		return &v4.PresignedHTTPRequest{
			URL:    "https://" + *in.Bucket + ".s3.us-east-1.amazonaws.com/" + *in.Key + "?" + presignedQS,
			Method: http.MethodPut,
		}, nil
	}
}

func TestMessage(t *testing.T) {
	storeDown := &struct{ error }{errors.New("dynamodb: 503")}
	unavailable := domain.Errorf(domain.CodeUnavailable, "The document store is unavailable right now; please try again.")
	notFound := domain.Errorf(domain.CodeNotFound, "No such document.")
	generic := domain.ErrorMessage(errors.New("x"))
	alice := map[string]any{"principalId": "alice"}
	started := `{"action":"processingStarted","data":{"documentId":"` + testID + `","executionArn":"` + testExec + `"}}`
	startCalls := []string{
		"CreateDocument(" + testID + ", " + testOwner + ")",
		"Subscribe(" + testConn + ", " + testID + ")",
		"SetExecutionArn(" + testID + ", " + testExec + ")",
	}
	// A document that already existed is read again once subscribed.
	againCalls := []string{
		"CreateDocument(" + testID + ", " + testOwner + ")",
		"Subscribe(" + testConn + ", " + testID + ")",
		"GetDocument(" + testID + ")",
		"SetExecutionArn(" + testID + ", " + testExec + ")",
	}

	tests := []struct {
		name       string
		body       string // "" keeps testdata/message.json's seed process_document
		base64     bool
		authorizer any
		store      func(*fakeStore)
		exec       func(*fakeExecutions)
		presign    func(*fakePresigner)
		sendErr    error
		wantCalls  []string
		wantStarts int
		wantFrames func(t *testing.T) []string
	}{
		{
			name: "ping", body: `{"action":"ping"}`,
			wantFrames: func(*testing.T) []string { return []string{`{"action":"pong"}`} },
		},
		{
			name:    "get_upload_url",
			body:    `{"action":"get_upload_url","document_name":"report.pdf","content_type":"application/pdf","size":52000}`,
			presign: presigns,
			wantFrames: func(*testing.T) []string {
				key := "uploads/" + testOwner + "/" + newID + "/report.pdf"
				return []string{`{"action":"uploadUrl","data":{"documentId":"` + newID + `",` +
					`"url":"https://` + testBucket + `.s3.us-east-1.amazonaws.com/` + key + `?` + presignedQS + `",` +
					`"method":"PUT","headers":{"Content-Type":"application/pdf","If-None-Match":"*"},"document_key":"` + key + `",` +
					`"bucket":"` + testBucket + `","expiresAt":"2026-01-01T00:05:05.000Z"}}`}
			},
		},
		{
			name:       "get_upload_url keys the upload by the caller",
			body:       `{"action":"get_upload_url","document_name":"a.txt","content_type":"text/plain","size":1}`,
			authorizer: alice,
			presign:    presigns,
			wantFrames: func(*testing.T) []string {
				key := "uploads/alice/" + newID + "/a.txt"
				return []string{`{"action":"uploadUrl","data":{"documentId":"` + newID + `",` +
					`"url":"https://` + testBucket + `.s3.us-east-1.amazonaws.com/` + key + `?` + presignedQS + `",` +
					`"method":"PUT","headers":{"Content-Type":"text/plain","If-None-Match":"*"},"document_key":"` + key + `",` +
					`"bucket":"` + testBucket + `","expiresAt":"2026-01-01T00:05:05.000Z"}}`}
			},
		},
		{
			name: "get_upload_url presign failure",
			body: `{"action":"get_upload_url","document_name":"report.pdf","content_type":"application/pdf","size":1}`,
			presign: func(p *fakePresigner) {
				p.PresignPutObjectFunc = func(context.Context, *s3.PutObjectInput, ...func(*s3.PresignOptions)) (*v4.PresignedHTTPRequest, error) {
					return nil, errors.New("no credentials")
				}
			},
			wantFrames: func(*testing.T) []string {
				return []string{errorJSON(domain.CodeUnavailable, "An upload URL could not be made right now; please try again.", "get_upload_url")}
			},
		},
		{
			name: "get_upload_url over the configured size",
			body: `{"action":"get_upload_url","document_name":"report.pdf","content_type":"application/pdf","size":1000001}`,
			wantFrames: func(*testing.T) []string {
				return []string{errorJSON(domain.CodeTooLarge, "size must be at most 1000000 bytes.", "get_upload_url")}
			},
		},
		{
			name:       "process_document: the seed frontend's message starts one execution",
			store:      creates,
			exec:       starts,
			wantCalls:  startCalls,
			wantStarts: 1,
			wantFrames: func(*testing.T) []string { return []string{started} },
		},
		{
			name:       "process_document without bucket or name",
			body:       `{"action":"process_document","document_key":"` + testKey + `"}`,
			store:      creates,
			exec:       starts,
			wantCalls:  startCalls,
			wantStarts: 1,
			wantFrames: func(*testing.T) []string { return []string{started} },
		},
		{
			name: "process_document in a binary frame",
			body: base64.StdEncoding.EncodeToString([]byte(seedMessage)), base64: true,
			store: creates, exec: starts, wantCalls: startCalls, wantStarts: 1,
			wantFrames: func(*testing.T) []string { return []string{started} },
		},
		{
			name: "process_document names another bucket",
			body: `{"action":"process_document","document_key":"` + testKey + `","bucket":"someone-elses-bucket"}`,
			wantFrames: func(*testing.T) []string {
				return []string{errorJSON(domain.CodeInvalidField, "bucket is not this service's documents bucket.", "process_document")}
			},
		},
		{
			name:      "process_document again after it started: no second run, and the current frame",
			store:     exists(storedDoc(processing)),
			wantCalls: againCalls[:3],
			wantFrames: func(t *testing.T) []string {
				return []string{started, frameJSON(t, progress.FrameFor(storedDoc(processing)))}
			},
		},
		{
			// The document moved on between CreateDocument's read and the
			// subscription: that frame went to nobody here.
			name: "process_document again as a frame goes out: the frame after subscribing",
			store: func(s *fakeStore) {
				exists(storedDoc(processing))(s)
				s.GetDocumentFunc = func(context.Context, string) (domain.Document, error) { return storedDoc(completed), nil }
			},
			wantCalls: againCalls[:3],
			wantFrames: func(t *testing.T) []string {
				return []string{started, frameJSON(t, progress.FrameFor(storedDoc(completed)))}
			},
		},
		{
			name:  "process_document whose execution exists but was not recorded",
			store: exists(storedDoc()),
			exec: func(e *fakeExecutions) {
				e.StartExecutionFunc = func(context.Context, *sfn.StartExecutionInput, ...func(*sfn.Options)) (*sfn.StartExecutionOutput, error) {
					return nil, &sfntypes.ExecutionAlreadyExists{Message: aws.String("Execution Already Exists: '" + testExec + "'")}
				}
			},
			wantCalls:  againCalls,
			wantStarts: 1,
			wantFrames: func(*testing.T) []string { return []string{started} },
		},
		{
			name:  "process_document when Step Functions fails",
			store: creates,
			exec: func(e *fakeExecutions) {
				e.StartExecutionFunc = func(context.Context, *sfn.StartExecutionInput, ...func(*sfn.Options)) (*sfn.StartExecutionOutput, error) {
					return nil, errors.New("AccessDeniedException: User: arn:aws:sts::123456789012:assumed-role/x is not authorized")
				}
			},
			wantCalls:  startCalls[:2],
			wantStarts: 1,
			wantFrames: func(*testing.T) []string {
				return []string{errorJSON(domain.CodeUnavailable, "Processing could not be started right now; please try again.", "process_document")}
			},
		},
		{
			name: "process_document when recording the ARN fails still answers",
			store: func(s *fakeStore) {
				creates(s)
				s.SetExecutionArnFunc = func(context.Context, string, string) error { return storeDown }
			},
			exec: starts, wantCalls: startCalls, wantStarts: 1,
			wantFrames: func(*testing.T) []string { return []string{started} },
		},
		{
			name: "process_document when the store is down",
			store: func(s *fakeStore) {
				s.CreateDocumentFunc = func(context.Context, domain.Document) (domain.Document, bool, error) {
					return domain.Document{}, false, unavailable
				}
			},
			wantCalls: startCalls[:1],
			wantFrames: func(*testing.T) []string {
				return []string{errorJSON(domain.CodeUnavailable, unavailable.Message, "process_document")}
			},
		},
		{
			name: "process_document when the store fails oddly says nothing internal",
			store: func(s *fakeStore) {
				s.CreateDocumentFunc = func(context.Context, domain.Document) (domain.Document, bool, error) {
					return domain.Document{}, false, storeDown
				}
			},
			wantCalls: startCalls[:1],
			wantFrames: func(*testing.T) []string {
				return []string{errorJSON(domain.CodeInternal, generic, "process_document")}
			},
		},
		{
			name: "process_document when subscribing fails",
			store: func(s *fakeStore) {
				creates(s)
				s.SubscribeFunc = func(context.Context, string, string) error { return unavailable }
			},
			wantCalls: startCalls[:2],
			wantFrames: func(*testing.T) []string {
				return []string{errorJSON(domain.CodeUnavailable, unavailable.Message, "process_document")}
			},
		},
		{
			name:      "process_document with the id of a document submitted under another key",
			store:     exists(storedDoc(func(d *domain.Document) { d.Key = "uploads/" + testOwner + "/" + testID + "/other.pdf" })),
			wantCalls: startCalls[:1],
			wantFrames: func(*testing.T) []string {
				return []string{errorJSON(domain.CodeConflict, "document_key names a document that was submitted with a different key.", "process_document")}
			},
		},
		{
			name: "process_document of a key nothing was uploaded under starts nothing",
			presign: func(p *fakePresigner) {
				p.HeadObjectFunc = func(context.Context, *s3.HeadObjectInput, ...func(*s3.Options)) (*s3.HeadObjectOutput, error) {
					return nil, &s3types.NotFound{}
				}
			},
			wantFrames: func(*testing.T) []string {
				return []string{errorJSON(domain.CodeNotFound, "Nothing was uploaded under document_key; upload the file with the URL from get_upload_url first.", "process_document")}
			},
		},
		{
			name: "process_document when S3 cannot be asked",
			presign: func(p *fakePresigner) {
				p.HeadObjectFunc = func(context.Context, *s3.HeadObjectInput, ...func(*s3.Options)) (*s3.HeadObjectOutput, error) {
					return nil, errors.New("s3: 503 SlowDown")
				}
			},
			wantFrames: func(*testing.T) []string {
				return []string{errorJSON(domain.CodeUnavailable, "The upload could not be checked right now; please try again.", "process_document")}
			},
		},
		{
			name:       "process_document records the authorizer's owner",
			authorizer: alice,
			body:       strings.Replace(seedMessage, "uploads/"+testOwner+"/", "uploads/alice/", 1),
			store:      creates,
			exec:       starts,
			wantCalls:  append([]string{"CreateDocument(" + testID + ", alice)"}, startCalls[1:]...),
			wantStarts: 1,
			wantFrames: func(*testing.T) []string { return []string{started} },
		},
		{
			// alice names testOwner's upload: she learns nothing, and
			// nothing is created, subscribed or started.
			name:       "process_document of another owner's key reads as no such document",
			authorizer: alice,
			wantFrames: func(*testing.T) []string {
				return []string{errorJSON(domain.CodeNotFound, "No such document.", "process_document")}
			},
		},
		{
			// The key is alice's own namespace, but the id is a document
			// testOwner already submitted.
			name:       "process_document reusing another owner's document id",
			authorizer: alice,
			body:       strings.Replace(seedMessage, "uploads/"+testOwner+"/", "uploads/alice/", 1),
			store:      exists(storedDoc()),
			wantCalls:  []string{"CreateDocument(" + testID + ", alice)"},
			wantFrames: func(*testing.T) []string {
				return []string{errorJSON(domain.CodeNotFound, "No such document.", "process_document")}
			},
		},
		{
			name:       "subscribe to another owner's document reads as no such document",
			authorizer: alice,
			body:       `{"action":"subscribe","document_id":"` + testID + `"}`,
			store: func(s *fakeStore) {
				s.GetDocumentFunc = func(context.Context, string) (domain.Document, error) { return storedDoc(processing), nil }
			},
			wantCalls: []string{"GetDocument(" + testID + ")"},
			wantFrames: func(*testing.T) []string {
				return []string{errorJSON(domain.CodeNotFound, "No such document.", "subscribe")}
			},
		},
		{
			name:       "get_status of another owner's document reads as no such document",
			authorizer: alice,
			body:       `{"action":"get_status","document_id":"` + testID + `"}`,
			store: func(s *fakeStore) {
				s.GetDocumentFunc = func(context.Context, string) (domain.Document, error) { return storedDoc(processing), nil }
			},
			wantCalls: []string{"GetDocument(" + testID + ")"},
			wantFrames: func(*testing.T) []string {
				return []string{errorJSON(domain.CodeNotFound, "No such document.", "get_status")}
			},
		},
		{
			name:       "a connection without identity is refused",
			authorizer: map[string]any{},
			wantFrames: func(*testing.T) []string {
				return []string{errorJSON(domain.CodeUnauthorized, "The connection has no identity; connect with a token.", "process_document")}
			},
		},
		{
			name:       "an identity that cannot own documents",
			authorizer: map[string]any{"principalId": "a/b"},
			wantFrames: func(*testing.T) []string {
				return []string{errorJSON(domain.CodeUnauthorized, "The connection's identity is not one this service accepts.", "process_document")}
			},
		},
		{
			name: "subscribe",
			body: `{"action":"subscribe","document_id":"` + testID + `"}`,
			store: func(s *fakeStore) {
				s.GetDocumentFunc = func(context.Context, string) (domain.Document, error) { return storedDoc(processing), nil }
				s.SubscribeFunc = func(context.Context, string, string) error { return nil }
			},
			wantCalls: []string{"GetDocument(" + testID + ")", "Subscribe(" + testConn + ", " + testID + ")", "GetDocument(" + testID + ")"},
			wantFrames: func(t *testing.T) []string {
				return []string{frameJSON(t, protocol.DocumentStatusFrame(storedDoc(processing)))}
			},
		},
		{
			// The last frame went out between the owner check's read and
			// the subscription, to nobody here: the answer must be the
			// state after it, or the client waits at 80 % for ever.
			name: "subscribe as the last frame goes out: the state after subscribing",
			body: `{"action":"subscribe","document_id":"` + testID + `"}`,
			store: func(s *fakeStore) {
				reads := 0
				s.GetDocumentFunc = func(context.Context, string) (domain.Document, error) {
					if reads++; reads == 1 {
						return storedDoc(processing), nil
					}
					return storedDoc(completed), nil
				}
				s.SubscribeFunc = func(context.Context, string, string) error { return nil }
			},
			wantCalls: []string{"GetDocument(" + testID + ")", "Subscribe(" + testConn + ", " + testID + ")", "GetDocument(" + testID + ")"},
			wantFrames: func(t *testing.T) []string {
				return []string{frameJSON(t, protocol.DocumentStatusFrame(storedDoc(completed)))}
			},
		},
		{
			name: "subscribe to no such document",
			body: `{"action":"subscribe","document_id":"` + testID + `"}`,
			store: func(s *fakeStore) {
				s.GetDocumentFunc = func(context.Context, string) (domain.Document, error) { return domain.Document{}, notFound }
			},
			wantCalls: []string{"GetDocument(" + testID + ")"},
			wantFrames: func(*testing.T) []string {
				return []string{errorJSON(domain.CodeNotFound, "No such document.", "subscribe")}
			},
		},
		{
			name: "subscribe with a bad id",
			body: `{"action":"subscribe","document_id":"../../x"}`,
			wantFrames: func(*testing.T) []string {
				return []string{errorJSON(domain.CodeInvalidField, "document_id must be a document id (a lowercase UUID).", "subscribe")}
			},
		},
		{
			name: "get_status",
			body: `{"action":"get_status","document_id":"` + testID + `"}`,
			store: func(s *fakeStore) {
				s.GetDocumentFunc = func(context.Context, string) (domain.Document, error) { return storedDoc(processing), nil }
			},
			wantCalls: []string{"GetDocument(" + testID + ")"},
			wantFrames: func(t *testing.T) []string {
				return []string{frameJSON(t, protocol.DocumentStatusFrame(storedDoc(processing)))}
			},
		},
		{
			name: "get_status of no such document",
			body: `{"action":"get_status","document_id":"` + testID + `"}`,
			store: func(s *fakeStore) {
				s.GetDocumentFunc = func(context.Context, string) (domain.Document, error) { return domain.Document{}, notFound }
			},
			wantCalls: []string{"GetDocument(" + testID + ")"},
			wantFrames: func(*testing.T) []string {
				return []string{errorJSON(domain.CodeNotFound, "No such document.", "get_status")}
			},
		},
		{
			name:       "list_documents lists the caller's own",
			body:       `{"action":"list_documents","limit":2,"cursor":"abc"}`,
			authorizer: alice,
			store: func(s *fakeStore) {
				s.ListDocumentsFunc = func(context.Context, string, int, string) ([]domain.Document, string, error) {
					return []domain.Document{storedDoc(processing), storedDoc()}, "next", nil
				}
			},
			wantCalls: []string{`ListDocuments(alice, 2, "abc")`},
			wantFrames: func(t *testing.T) []string {
				return []string{frameJSON(t, protocol.DocumentListFrame([]domain.Document{storedDoc(processing), storedDoc()}, "next"))}
			},
		},
		{
			name: "list_documents defaults, none yet",
			body: `{"action":"list_documents"}`,
			store: func(s *fakeStore) {
				s.ListDocumentsFunc = func(context.Context, string, int, string) ([]domain.Document, string, error) { return nil, "", nil }
			},
			wantCalls: []string{`ListDocuments(` + testOwner + `, 20, "")`},
			wantFrames: func(*testing.T) []string {
				return []string{`{"action":"documentList","data":{"documents":[],"cursor":null}}`}
			},
		},
		{
			name: "list_documents with a cursor the store refuses",
			body: `{"action":"list_documents","cursor":"forged"}`,
			store: func(s *fakeStore) {
				s.ListDocumentsFunc = func(context.Context, string, int, string) ([]domain.Document, string, error) {
					return nil, "", domain.Errorf(domain.CodeInvalidField, "cursor is not one this service issued; start again without it.")
				}
			},
			wantCalls: []string{`ListDocuments(` + testOwner + `, 20, "forged")`},
			wantFrames: func(*testing.T) []string {
				return []string{errorJSON(domain.CodeInvalidField, "cursor is not one this service issued; start again without it.", "list_documents")}
			},
		},
		{
			name: "not JSON",
			body: `process report.pdf please`,
			wantFrames: func(*testing.T) []string {
				return []string{errorJSON(domain.CodeInvalidMessage, "The message is not valid JSON.", "")}
			},
		},
		{
			name: "bad base64 in a binary frame",
			body: "%%%", base64: true,
			wantFrames: func(*testing.T) []string {
				return []string{errorJSON(domain.CodeInvalidMessage, "The message is not valid JSON.", "")}
			},
		},
		{
			name: "unknown action",
			body: `{"action":"frobnicate"}`,
			wantFrames: func(*testing.T) []string {
				return []string{errorJSON(domain.CodeUnknownAction, `action "frobnicate" is not supported; use one of get_upload_url, process_document, subscribe, get_status, list_documents, get_output_url, invoke, get_answer, ping.`, "frobnicate")}
			},
		},
		{
			name: "wrong field type names the field",
			body: `{"action":"get_upload_url","document_name":5,"content_type":"application/pdf","size":1}`,
			wantFrames: func(*testing.T) []string {
				return []string{errorJSON(domain.CodeInvalidMessage, "document_name must be a string.", "get_upload_url")}
			},
		},
		{
			name: "too large",
			body: `{"action":"ping","pad":"` + strings.Repeat("x", protocol.MaxMessageBytes) + `"}`,
			wantFrames: func(*testing.T) []string {
				return []string{errorJSON(domain.CodeTooLarge, "The message is larger than 128 KB.", "")}
			},
		},
		{
			name:       "a gone connection stops the answers and is still a 200",
			store:      exists(storedDoc(processing)),
			sendErr:    errors.New("GoneException: 410"),
			wantCalls:  againCalls[:3],
			wantFrames: func(*testing.T) []string { return []string{started} },
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			store, sender, exec, presign := &fakeStore{}, &fakeSender{}, &fakeExecutions{}, &fakePresigner{}
			callIf(tt.store, store)
			callIf(tt.exec, exec)
			callIf(tt.presign, presign)
			if tt.sendErr != nil {
				sender.SendFunc = func(context.Context, string, any) error { return tt.sendErr }
			}
			var logs bytes.Buffer
			h := NewMessage(MessageConfig{Bucket: testBucket, StateMachineArn: testSM, MaxUploadBytes: 1000000},
				store, sender, exec, presign, &fakeQueries{}, &fakeQueue{}, testLogger(&logs))
			h.now = func() time.Time { return testNow }
			h.newID = func() string { return newID }
			req := loadEvent(t, "message.json")
			if tt.body != "" {
				req.Body = tt.body
			}
			req.IsBase64Encoded = tt.base64
			if tt.authorizer != nil {
				req.RequestContext.Authorizer = tt.authorizer
			}

			resp, err := h.Handle(context.Background(), req)
			if err != nil || resp.StatusCode != http.StatusOK {
				t.Fatalf("Handle = %d, %v; want 200, nil (answers go on the socket)", resp.StatusCode, err)
			}
			if !reflect.DeepEqual(store.calls, tt.wantCalls) {
				t.Errorf("store calls:\n got %q\nwant %q", store.calls, tt.wantCalls)
			}
			if got := len(exec.inputs); got != tt.wantStarts {
				t.Errorf("StartExecution called %d times, want %d", got, tt.wantStarts)
			}
			want := tt.wantFrames(t)
			if len(sender.frames) != len(want) {
				t.Fatalf("sent %d frames, want %d:\n%s", len(sender.frames), len(want), framesString(sender.frames))
			}
			for i, s := range sender.frames {
				if s.connectionID != testConn {
					t.Errorf("frame %d went to %q, want the caller %q", i, s.connectionID, testConn)
				}
				if !jsonEqual(t, s.frame, want[i]) {
					t.Errorf("frame %d:\n got %s\nwant %s", i, s.frame, want[i])
				}
				if bytes.Contains(s.frame, []byte(`"owner"`)) || bytes.Contains(s.frame, []byte("arn:aws:sts")) {
					t.Errorf("frame %d leaks the owner or internals: %s", i, s.frame)
				}
			}
			if strings.Contains(logs.String(), presignedQS) {
				t.Errorf("logs contain a presigned URL:\n%s", logs.String())
			}
			if !strings.Contains(logs.String(), `"connectionId":"`+testConn+`"`) {
				t.Errorf("logs lack the connectionId:\n%s", logs.String())
			}
		})
	}
}

func callIf[T any](f func(T), v T) {
	if f != nil {
		f(v)
	}
}

func jsonEqual(t *testing.T, got []byte, want string) bool {
	t.Helper()
	var g, w any
	if err := json.Unmarshal(got, &g); err != nil {
		t.Fatalf("sent frame is not JSON: %v: %s", err, got)
	}
	if err := json.Unmarshal([]byte(want), &w); err != nil {
		t.Fatalf("bad want %s: %v", want, err)
	}
	return reflect.DeepEqual(g, w)
}

func framesString(frames []sent) string {
	var b strings.Builder
	for _, f := range frames {
		b.Write(f.frame)
		b.WriteByte('\n')
	}
	return b.String()
}

// TestMessageProcessDocumentCalls checks what process_document hands the
// store and Step Functions.
func TestMessageProcessDocumentCalls(t *testing.T) {
	store, exec := &fakeStore{}, &fakeExecutions{}
	creates(store)
	starts(exec)
	var created domain.Document
	store.CreateDocumentFunc = func(_ context.Context, d domain.Document) (domain.Document, bool, error) {
		created = d
		return d, true, nil
	}
	var logs bytes.Buffer
	h := NewMessage(MessageConfig{Bucket: testBucket, StateMachineArn: testSM}, store, &fakeSender{}, exec, &fakePresigner{}, &fakeQueries{}, &fakeQueue{}, testLogger(&logs))
	h.now = func() time.Time { return testNow }
	if _, err := h.Handle(context.Background(), loadEvent(t, "message.json")); err != nil {
		t.Fatal(err)
	}

	wantDoc := domain.Document{
		ID: testID, Owner: testOwner, Name: "report.pdf", Bucket: testBucket, Key: testKey,
		Status: domain.StatusQueued, Stage: domain.StageQueued, Progress: 0, Seq: 0, Message: QueuedMessage,
		CreatedAt: testNow, UpdatedAt: testNow,
	}
	if !reflect.DeepEqual(created, wantDoc) {
		t.Errorf("CreateDocument(%+v), want %+v", created, wantDoc)
	}
	if len(exec.inputs) != 1 {
		t.Fatalf("StartExecution called %d times, want 1", len(exec.inputs))
	}
	in := exec.inputs[0]
	if got, want := aws.ToString(in.StateMachineArn), testSM; got != want {
		t.Errorf("StateMachineArn = %q, want %q", got, want)
	}
	wantName, _ := workflow.ExecutionName(testID)
	if got := aws.ToString(in.Name); got != wantName {
		t.Errorf("Name = %q, want %q", got, wantName)
	}
	dec := json.NewDecoder(strings.NewReader(aws.ToString(in.Input)))
	dec.DisallowUnknownFields()
	var input workflow.Input
	if err := dec.Decode(&input); err != nil {
		t.Fatalf("Input %s is not a workflow.Input: %v", aws.ToString(in.Input), err)
	}
	wantInput := workflow.Input{DocumentID: testID, DocumentName: "report.pdf", Bucket: testBucket, DocumentKey: testKey,
		Owner: testOwner, RequestedAt: "2026-01-01T00:00:05Z"}
	if input != wantInput {
		t.Errorf("Input = %+v, want %+v", input, wantInput)
	}
	for _, attr := range []string{`"documentId":"` + testID + `"`, `"executionArn":"` + testExec + `"`} {
		if !strings.Contains(logs.String(), attr) {
			t.Errorf("logs lack %s:\n%s", attr, logs.String())
		}
	}
}

// TestMessageUploadURLSigning checks what get_upload_url asks the presigner
// for, and that a real S3 presigner binds type and size into the signature.
func TestMessageUploadURLSigning(t *testing.T) {
	body := `{"action":"get_upload_url","document_name":"report.pdf","content_type":"application/pdf","size":52000}`
	req := loadEvent(t, "message.json")
	req.Body = body

	t.Run("request", func(t *testing.T) {
		p := &fakePresigner{}
		presigns(p)
		h := NewMessage(MessageConfig{Bucket: testBucket, StateMachineArn: testSM, UploadURLTTL: 5 * time.Minute},
			&fakeStore{}, &fakeSender{}, &fakeExecutions{}, p, &fakeQueries{}, &fakeQueue{}, testLogger(&bytes.Buffer{}))
		h.newID = func() string { return newID }
		if _, err := h.Handle(context.Background(), req); err != nil {
			t.Fatal(err)
		}
		if len(p.inputs) != 1 {
			t.Fatalf("PresignPutObject called %d times, want 1", len(p.inputs))
		}
		in := p.inputs[0]
		got := []any{aws.ToString(in.Bucket), aws.ToString(in.Key), aws.ToString(in.ContentType), aws.ToInt64(in.ContentLength), p.options[0].Expires}
		want := []any{testBucket, "uploads/" + testOwner + "/" + newID + "/report.pdf", "application/pdf", int64(52000), 5 * time.Minute}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("presign bucket, key, type, length, expiry = %v, want %v", got, want)
		}
	})

	t.Run("real presigner", func(t *testing.T) {
		client := s3.New(s3.Options{
			Region:       "us-east-1",
			Credentials:  staticCredentials{},
			BaseEndpoint: aws.String("http://127.0.0.1:9"), // never dialled: presigning is local
			UsePathStyle: true,
		})
		sender := &fakeSender{}
		h := NewMessage(MessageConfig{Bucket: testBucket, StateMachineArn: testSM},
			&fakeStore{}, sender, &fakeExecutions{}, NewS3Uploads(client), &fakeQueries{}, &fakeQueue{}, testLogger(&bytes.Buffer{}))
		if _, err := h.Handle(context.Background(), req); err != nil {
			t.Fatal(err)
		}
		if len(sender.frames) != 1 {
			t.Fatalf("sent %d frames, want 1", len(sender.frames))
		}
		var f struct {
			Action string
			Data   struct {
				URL     string            `json:"url"`
				Method  string            `json:"method"`
				Headers map[string]string `json:"headers"`
			}
		}
		if err := json.Unmarshal(sender.frames[0].frame, &f); err != nil {
			t.Fatal(err)
		}
		if f.Action != "uploadUrl" || f.Data.Method != "PUT" {
			t.Fatalf("frame %s, want an uploadUrl PUT", sender.frames[0].frame)
		}
		for _, part := range []string{"X-Amz-Expires=300", "X-Amz-SignedHeaders=content-length%3Bcontent-type%3Bhost%3Bif-none-match"} {
			if !strings.Contains(f.Data.URL, part) {
				t.Errorf("URL %s lacks %s", f.Data.URL, part)
			}
		}
		if got, want := f.Data.Headers, map[string]string{"Content-Type": "application/pdf", "If-None-Match": "*"}; !reflect.DeepEqual(got, want) {
			t.Errorf("headers = %v, want %v", got, want)
		}
	})
}

type staticCredentials struct{}

func (staticCredentials) Retrieve(context.Context) (aws.Credentials, error) {
	return aws.Credentials{AccessKeyID: "AKIDEXAMPLE", SecretAccessKey: "secret", Source: "test"}, nil
}

func TestExecutionArn(t *testing.T) {
	if got, want := ExecutionArn(testSM, testID), testExec; got != want {
		t.Errorf("ExecutionArn = %q, want %q", got, want)
	}
}
