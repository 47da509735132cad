package protocol

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"docflow/shared/domain"
	"docflow/shared/workflow"
)

const (
	testID  = "0b6e8d2a-4c1f-4e7a-9b3d-2f5a6c7e8d90"
	testKey = "uploads/anonymous/" + testID + "/report.pdf"
)

func TestParseAccepts(t *testing.T) {
	tests := []struct {
		name string
		body string
		want Request
	}{
		{
			name: "seed frontend process_document",
			body: `{"action":"process_document","document_key":"` + testKey + `","bucket":"docflow-documents","document_name":"report.pdf"}`,
			want: ProcessDocument{DocumentKey: testKey, Bucket: "docflow-documents", DocumentName: "report.pdf",
				Key: domain.UploadKeyParts{Owner: "anonymous", DocumentID: testID, Name: "report.pdf"}},
		},
		{
			name: "process_document without bucket or name takes the key's name",
			body: `{"action":"process_document","document_key":"` + testKey + `"}`,
			want: ProcessDocument{DocumentKey: testKey, DocumentName: "report.pdf",
				Key: domain.UploadKeyParts{Owner: "anonymous", DocumentID: testID, Name: "report.pdf"}},
		},
		{
			name: "process_document with null bucket and a display name",
			body: `{"action":"process_document","document_key":"` + testKey + `","bucket":null,"document_name":"Q3 report.pdf"}`,
			want: ProcessDocument{DocumentKey: testKey, DocumentName: "Q3 report.pdf",
				Key: domain.UploadKeyParts{Owner: "anonymous", DocumentID: testID, Name: "report.pdf"}},
		},
		{
			name: "get_upload_url",
			body: `{"action":"get_upload_url","document_name":"report.pdf","content_type":"application/pdf","size":1048576}`,
			want: GetUploadURL{DocumentName: "report.pdf", ContentType: "application/pdf", Size: 1048576},
		},
		{
			name: "get_upload_url keeps content_type parameters verbatim",
			body: `{"action":"get_upload_url","document_name":"notes.txt","content_type":"text/plain; charset=utf-8","size":1}`,
			want: GetUploadURL{DocumentName: "notes.txt", ContentType: "text/plain; charset=utf-8", Size: 1},
		},
		{
			name: "get_upload_url size as exponent and at the limit",
			body: `{"action":"get_upload_url","document_name":"a.pdf","content_type":"application/pdf","size":1.048576e8}`,
			want: GetUploadURL{DocumentName: "a.pdf", ContentType: "application/pdf", Size: 104857600},
		},
		{
			name: "subscribe",
			body: `{"action":"subscribe","document_id":"` + testID + `"}`,
			want: Subscribe{DocumentID: testID},
		},
		{
			name: "get_status with extra fields",
			body: `{"action":"get_status","document_id":"` + testID + `","requestId":7,"meta":{"a":[1,2]}}`,
			want: GetStatus{DocumentID: testID},
		},
		{
			name: "list_documents defaults",
			body: `{"action":"list_documents"}`,
			want: ListDocuments{Limit: DefaultListLimit},
		},
		{
			name: "list_documents with limit and cursor",
			body: `{"action":"list_documents","limit":100,"cursor":"eyJrIjoidiJ9"}`,
			want: ListDocuments{Limit: 100, Cursor: "eyJrIjoidiJ9"},
		},
		{
			name: "list_documents with empty cursor means first page",
			body: `{"action":"list_documents","limit":1,"cursor":""}`,
			want: ListDocuments{Limit: 1},
		},
		{
			name: "list_documents with null limit and cursor",
			body: `{"action":"list_documents","limit":null,"cursor":null}`,
			want: ListDocuments{Limit: DefaultListLimit},
		},
		{
			name: "ping with surrounding whitespace",
			body: " \n{\"action\":\"ping\"}\n",
			want: Ping{},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Parse([]byte(tt.body))
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Parse = %#v, want %#v", got, tt.want)
			}
			if got.Action() != ActionOf([]byte(tt.body)) {
				t.Errorf("Action() = %q, ActionOf = %q", got.Action(), ActionOf([]byte(tt.body)))
			}
		})
	}
}

func TestParseRejects(t *testing.T) {
	const (
		invalidMessage = domain.CodeInvalidMessage
		unknownAction  = domain.CodeUnknownAction
		invalidField   = domain.CodeInvalidField
		tooLarge       = domain.CodeTooLarge
	)
	upload := func(name, ct, size string) string {
		return `{"action":"get_upload_url","document_name":` + name + `,"content_type":` + ct + `,"size":` + size + `}`
	}
	process := func(key string) string { return `{"action":"process_document","document_key":` + key + `}` }
	idKey := func(owner, id, name string) string { return `"uploads/` + owner + `/` + id + `/` + name + `"` }
	tests := []struct {
		name     string
		body     string
		code     domain.Code
		mentions string // the message must name this
	}{
		// Not a JSON object at all.
		{"empty body", ``, invalidMessage, "empty"},
		{"whitespace only", "  \n\t", invalidMessage, "empty"},
		{"not JSON", `hello`, invalidMessage, "JSON"},
		{"truncated object", `{"action":"ping"`, invalidMessage, "JSON"},
		{"trailing garbage", `{"action":"ping"} x`, invalidMessage, "JSON"},
		{"two objects", `{"action":"ping"}{"action":"ping"}`, invalidMessage, "JSON"},
		{"array", `[{"action":"ping"}]`, invalidMessage, "object"},
		{"string", `"ping"`, invalidMessage, "object"},
		{"number", `42`, invalidMessage, "object"},
		{"null", `null`, invalidMessage, "object"},
		{"deep nesting in an ignored field", `{"action":"ping","x":` + strings.Repeat("[", MaxDepth) + strings.Repeat("]", MaxDepth) + `}`, invalidMessage, "levels"},
		{"hostile nesting", strings.Repeat("[", 100000), invalidMessage, "levels"},
		{"over 128 KB", `{"action":"ping","pad":"` + strings.Repeat("x", MaxMessageBytes) + `"}`, tooLarge, "KB"},

		// The action.
		{"no action", `{"document_id":"` + testID + `"}`, unknownAction, "action is required"},
		{"null action", `{"action":null}`, unknownAction, "action is required"},
		{"unknown action", `{"action":"delete_everything"}`, unknownAction, "delete_everything"},
		{"action in the wrong case", `{"action":"PING"}`, unknownAction, "PING"},
		{"empty action", `{"action":""}`, unknownAction, "not supported"},
		{"action is a number", `{"action":1}`, invalidMessage, "action must be a string"},
		{"action is an object", `{"action":{"name":"ping"}}`, invalidMessage, "action must be a string"},

		// get_upload_url.
		{"upload without document_name", `{"action":"get_upload_url","content_type":"application/pdf","size":1}`, invalidMessage, "document_name is required"},
		{"upload document_name is a number", upload(`7`, `"application/pdf"`, `1`), invalidMessage, "document_name must be a string"},
		{"upload empty document_name", upload(`""`, `"application/pdf"`, `1`), invalidField, "document_name must not be empty"},
		{"upload document_name too long", upload(`"`+strings.Repeat("a", 256)+`"`, `"application/pdf"`, `1`), invalidField, "document_name must be at most 255"},
		{"upload document_name with a slash", upload(`"../etc/passwd"`, `"application/pdf"`, `1`), invalidField, "document_name"},
		{"upload document_name with a control character", upload(`"a\u0007.pdf"`, `"application/pdf"`, `1`), invalidField, "document_name"},
		{"upload document_name with a bidi override", upload(`"a\u202Efdp.exe"`, `"application/pdf"`, `1`), invalidField, "document_name"},
		{"upload document_name with trailing space", upload(`"a.pdf "`, `"application/pdf"`, `1`), invalidField, "document_name"},
		{"upload without content_type", `{"action":"get_upload_url","document_name":"a.pdf","size":1}`, invalidMessage, "content_type is required"},
		{"upload content_type is an array", upload(`"a.pdf"`, `["application/pdf"]`, `1`), invalidMessage, "content_type must be a string"},
		{"upload content_type not a MIME type", upload(`"a.pdf"`, `"pdf"`, `1`), invalidField, "content_type"},
		{"upload content_type with a header injection", upload(`"a.pdf"`, `"application/pdf\r\nX-Evil: 1"`, `1`), invalidField, "content_type"},
		{"upload content_type with empty subtype", upload(`"a.pdf"`, `"application/"`, `1`), invalidField, "content_type"},
		{"upload content_type too long", upload(`"a.pdf"`, `"application/`+strings.Repeat("x", 250)+`"`, `1`), invalidField, "content_type must be at most 255"},
		{"upload without size", `{"action":"get_upload_url","document_name":"a.pdf","content_type":"application/pdf"}`, invalidMessage, "size is required"},
		{"upload size is a string", upload(`"a.pdf"`, `"application/pdf"`, `"1024"`), invalidMessage, "size must be a number"},
		{"upload size is a boolean", upload(`"a.pdf"`, `"application/pdf"`, `true`), invalidMessage, "size must be a number"},
		{"upload size zero", upload(`"a.pdf"`, `"application/pdf"`, `0`), invalidField, "size must be at least 1"},
		{"upload size negative", upload(`"a.pdf"`, `"application/pdf"`, `-5`), invalidField, "size must be at least 1"},
		{"upload size fractional", upload(`"a.pdf"`, `"application/pdf"`, `10.5`), invalidField, "size must be a whole number"},
		{"upload size over the limit", upload(`"a.pdf"`, `"application/pdf"`, `104857601`), tooLarge, "size must be at most 104857600"},
		{"upload size beyond int64", upload(`"a.pdf"`, `"application/pdf"`, `99999999999999999999999`), tooLarge, "size"},
		{"upload size beyond float64", upload(`"a.pdf"`, `"application/pdf"`, `1e999`), tooLarge, "size"},

		// process_document.
		{"process without document_key", `{"action":"process_document","bucket":"b","document_name":"a.pdf"}`, invalidMessage, "document_key is required"},
		{"process document_key is a number", process(`12`), invalidMessage, "document_key must be a string"},
		{"process empty document_key", process(`""`), invalidField, "document_key must not be empty"},
		{"process document_key too long", process(`"uploads/` + strings.Repeat("a", 1100) + `"`), invalidField, "document_key must be at most"},
		{"process document_key outside uploads", process(`"processed/` + testID + `/text.txt"`), invalidField, "document_key"},
		{"process document_key without a name", process(`"uploads/anonymous/` + testID + `"`), invalidField, "document_key"},
		{"process document_key with a bad owner", process(idKey("bad owner", testID, "a.pdf")), invalidField, "owner"},
		{"process document_key with a non-uuid id", process(idKey("anonymous", "../../etc", "a.pdf")), invalidField, "document id"},
		{"process document_key with an uppercase id", process(idKey("anonymous", strings.ToUpper(testID), "a.pdf")), invalidField, "document id"},
		{"process document_key with a nested name", process(idKey("anonymous", testID, "x/a.pdf")), invalidField, "document_key's file name"},
		{"process bucket is a number", `{"action":"process_document","document_key":"` + testKey + `","bucket":5}`, invalidMessage, "bucket must be a string"},
		{"process empty bucket", `{"action":"process_document","document_key":"` + testKey + `","bucket":""}`, invalidField, "bucket must not be empty"},
		{"process document_name is an object", `{"action":"process_document","document_key":"` + testKey + `","document_name":{}}`, invalidMessage, "document_name must be a string"},
		{"process empty document_name", `{"action":"process_document","document_key":"` + testKey + `","document_name":""}`, invalidField, "document_name must not be empty"},
		{"process document_name with a backslash", `{"action":"process_document","document_key":"` + testKey + `","document_name":"a\\b.pdf"}`, invalidField, "document_name"},

		// subscribe and get_status.
		{"subscribe without document_id", `{"action":"subscribe"}`, invalidMessage, "document_id is required"},
		{"subscribe document_id is a number", `{"action":"subscribe","document_id":12}`, invalidMessage, "document_id must be a string"},
		{"subscribe empty document_id", `{"action":"subscribe","document_id":""}`, invalidField, "document_id must not be empty"},
		{"subscribe document_id not a uuid", `{"action":"subscribe","document_id":"report.pdf"}`, invalidField, "document_id must be a document id"},
		{"get_status document_id too long", `{"action":"get_status","document_id":"` + strings.Repeat("a", 65) + `"}`, invalidField, "document_id must be at most"},
		{"get_status document_id is a key", `{"action":"get_status","document_id":"` + testKey + `"}`, invalidField, "document_id"},

		// list_documents.
		{"list limit zero", `{"action":"list_documents","limit":0}`, invalidField, "limit must be at least 1"},
		{"list limit over 100", `{"action":"list_documents","limit":101}`, invalidField, "limit must be at most 100"},
		{"list limit huge", `{"action":"list_documents","limit":1e300}`, invalidField, "limit must be at most 100"},
		{"list limit fractional", `{"action":"list_documents","limit":2.5}`, invalidField, "limit must be a whole number"},
		{"list limit is a string", `{"action":"list_documents","limit":"10"}`, invalidMessage, "limit must be a number"},
		{"list cursor is a number", `{"action":"list_documents","cursor":3}`, invalidMessage, "cursor must be a string"},
		{"list cursor too long", `{"action":"list_documents","cursor":"` + strings.Repeat("c", MaxCursorLength+1) + `"}`, invalidField, "cursor must be at most 2048"},
	}
	if len(tests) < 40 {
		t.Fatalf("only %d bad messages; the table must keep at least 40", len(tests))
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, err := Parse([]byte(tt.body))
			if err == nil {
				t.Fatalf("Parse = %#v, want a %s error", req, tt.code)
			}
			if req != nil {
				t.Errorf("Parse returned request %#v with error", req)
			}
			var de *domain.Error
			if !errors.As(err, &de) {
				t.Fatalf("Parse error %T %v, want *domain.Error", err, err)
			}
			if got, want := de.Code, tt.code; got != want {
				t.Errorf("code = %s, want %s (message %q)", got, want, de.Message)
			}
			if !strings.Contains(de.Message, tt.mentions) {
				t.Errorf("message %q does not mention %q", de.Message, tt.mentions)
			}
			if !strings.HasSuffix(de.Message, ".") && !strings.HasSuffix(de.Message, "…") {
				t.Errorf("message %q is not a sentence", de.Message)
			}
			if len(de.Message) > 300 {
				t.Errorf("message is %d bytes; a client should not get its input echoed at length", len(de.Message))
			}
		})
	}
}

func TestParserMaxUploadBytes(t *testing.T) {
	p := Parser{MaxUploadBytes: 1000}
	body := func(size int) []byte {
		return fmt.Appendf(nil, `{"action":"get_upload_url","document_name":"a.pdf","content_type":"application/pdf","size":%d}`, size)
	}
	if _, err := p.Parse(body(1000)); err != nil {
		t.Errorf("size at the configured limit: %v", err)
	}
	_, err := p.Parse(body(1001))
	if got, want := domain.ErrorCode(err), domain.CodeTooLarge; got != want {
		t.Errorf("size over the configured limit: code %q, want %q", got, want)
	}
}

func TestActionOf(t *testing.T) {
	tests := []struct {
		name, body, want string
	}{
		{"known action", `{"action":"subscribe","document_id":5}`, "subscribe"},
		{"unknown short action is echoed", `{"action":"frobnicate"}`, "frobnicate"},
		{"long action is not echoed", `{"action":"` + strings.Repeat("a", 65) + `"}`, ""},
		{"no action", `{}`, ""},
		{"action not a string", `{"action":true}`, ""},
		{"not JSON", `{`, ""},
		{"too large", `{"action":"ping","pad":"` + strings.Repeat("x", MaxMessageBytes) + `"}`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ActionOf([]byte(tt.body)); got != tt.want {
				t.Errorf("ActionOf = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestDepth(t *testing.T) {
	tests := []struct {
		name string
		body string
		want int
	}{
		{"flat object", `{"a":1}`, 1},
		{"brackets inside strings do not count", `{"a":"[[[{{{"}`, 1},
		{"escaped quote keeps the string open", `{"a":"\"[[[","b":[1]}`, 2},
		{"escaped backslash closes the string", `{"a":"\\","b":[[1]]}`, 3},
		{"nested", `{"a":{"b":[{"c":[]}]}}`, 5},
		{"stops past the limit", strings.Repeat("[", 1000), 101},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := depth([]byte(tt.body), 100); got != tt.want {
				t.Errorf("depth(%s) = %d, want %d", tt.body, got, tt.want)
			}
		})
	}
}

// FuzzParse checks that no input panics, every refusal is a *domain.Error
// with a client code, and every accepted request passes its own checks again.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		`{"action":"process_document","document_key":"` + testKey + `","bucket":"b","document_name":"report.pdf"}`,
		`{"action":"get_upload_url","document_name":"a.pdf","content_type":"application/pdf","size":10}`,
		`{"action":"list_documents","limit":5,"cursor":"x"}`,
		`{"action":"subscribe","document_id":"` + testID + `"}`,
		`[[[[`, `{"action":"ping","x":"\"[["}`, `{"action":1e400}`,
		`{"action":"invoke","query":"What is the dose?","query_id":"q-1","document_ids":["` + testID + `"],"session_id":"s.1:2"}`,
		`{"action":"invoke","query":"  ","document_ids":[null,1]}`,
		`{"action":"get_answer","query_id":"abc_DEF-9"}`,
		`{"action":"get_output_url","document_id":"` + testID + `","output":"chunks"}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		req, err := Parse(body)
		if err != nil {
			switch domain.ErrorCode(err) {
			case domain.CodeInvalidMessage, domain.CodeUnknownAction, domain.CodeInvalidField, domain.CodeTooLarge:
			default:
				t.Fatalf("Parse(%q) error %v has no client code", body, err)
			}
			return
		}
		switch r := req.(type) {
		case GetUploadURL:
			if domain.CheckName(r.DocumentName) != nil || r.Size < 1 || r.Size > DefaultMaxUploadBytes {
				t.Fatalf("accepted bad upload %#v", r)
			}
		case ProcessDocument:
			if _, err := domain.ParseUploadKey(r.DocumentKey); err != nil || domain.CheckName(r.DocumentName) != nil {
				t.Fatalf("accepted bad process_document %#v", r)
			}
		case ListDocuments:
			if r.Limit < 1 || r.Limit > MaxListLimit || len(r.Cursor) > MaxCursorLength {
				t.Fatalf("accepted bad list %#v", r)
			}
		case Invoke:
			n := utf8.RuneCountInString(r.Query)
			if n < 1 || n > MaxQueryChars || strings.TrimSpace(r.Query) != r.Query || len(body) > MaxInvokeBytes ||
				(r.QueryID != "" && !ValidQueryID(r.QueryID)) || len(r.DocumentIDs) > MaxDocumentIDs {
				t.Fatalf("accepted bad invoke %#v", r)
			}
			for _, id := range r.DocumentIDs {
				if !workflow.ValidDocumentID(id) {
					t.Fatalf("accepted bad document id %q", id)
				}
			}
		case GetAnswer:
			if !ValidQueryID(r.QueryID) {
				t.Fatalf("accepted bad get_answer %#v", r)
			}
		case GetOutputURL:
			if !workflow.ValidDocumentID(r.DocumentID) || (r.Output != OutputText && r.Output != OutputChunks && r.Output != OutputManifest) {
				t.Fatalf("accepted bad get_output_url %#v", r)
			}
		}
	})
}

func BenchmarkParseProcessDocument(b *testing.B) {
	body := []byte(`{"action":"process_document","document_key":"` + testKey + `","bucket":"docflow-documents","document_name":"report.pdf"}`)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse(body); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseHostileNesting(b *testing.B) {
	body := []byte(strings.Repeat("[", MaxMessageBytes))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse(body); err == nil {
			b.Fatal("accepted")
		}
	}
}
