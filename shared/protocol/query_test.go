package protocol

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"docflow/shared/domain"
)

const testID2 = "7d1c0e4b-2a9f-4b3c-8e5d-6f7a8b9c0d1e"

func TestParseQuestionsAccepts(t *testing.T) {
	tests := []struct {
		name string
		body string
		want Request
	}{
		{"invoke with only a query", `{"action":"invoke","query":"What is the dose?"}`, Invoke{Query: "What is the dose?"}},
		{"invoke trims the query", `{"action":"invoke","query":"  \n What is the dose?\t "}`, Invoke{Query: "What is the dose?"}},
		{"invoke keeps inner line breaks", `{"action":"invoke","query":"line one\nline two"}`, Invoke{Query: "line one\nline two"}},
		{"invoke with every field", `{"action":"invoke","query":"q","query_id":"abc_DEF-123","document_ids":["` + testID + `","` + testID2 + `"],"session_id":"a1b2-c3:d4.e5"}`,
			Invoke{Query: "q", QueryID: "abc_DEF-123", DocumentIDs: []string{testID, testID2}, SessionID: "a1b2-c3:d4.e5"}},
		{"invoke drops repeated document ids", `{"action":"invoke","query":"q","document_ids":["` + testID + `","` + testID2 + `","` + testID + `"]}`,
			Invoke{Query: "q", DocumentIDs: []string{testID, testID2}}},
		{"invoke with null and empty optional fields", `{"action":"invoke","query":"q","query_id":null,"document_ids":[],"session_id":null}`, Invoke{Query: "q"}},
		{"invoke query of 4000 characters", `{"action":"invoke","query":"` + strings.Repeat("é", MaxQueryChars) + `"}`, Invoke{Query: strings.Repeat("é", MaxQueryChars)}},
		{"invoke with 20 document ids", `{"action":"invoke","query":"q","document_ids":[` + manyIDs(20) + `]}`, Invoke{Query: "q", DocumentIDs: idList(20)}},
		{"invoke with a 64-character query_id", `{"action":"invoke","query":"q","query_id":"` + strings.Repeat("a", 64) + `"}`, Invoke{Query: "q", QueryID: strings.Repeat("a", 64)}},
		{"get_answer", `{"action":"get_answer","query_id":"5f0c9a7e-1b2d-4c3e-8f4a-6b7c8d9e0f1a"}`, GetAnswer{QueryID: "5f0c9a7e-1b2d-4c3e-8f4a-6b7c8d9e0f1a"}},
		{"get_output_url text", `{"action":"get_output_url","document_id":"` + testID + `","output":"text"}`, GetOutputURL{DocumentID: testID, Output: OutputText}},
		{"get_output_url manifest", `{"action":"get_output_url","document_id":"` + testID + `","output":"manifest"}`, GetOutputURL{DocumentID: testID, Output: OutputManifest}},
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
		})
	}
}

// manyIDs is n distinct document ids as JSON array items.
func manyIDs(n int) string {
	q := make([]string, n)
	for i, id := range idList(n) {
		q[i] = `"` + id + `"`
	}
	return strings.Join(q, ",")
}

func idList(n int) []string {
	ids := make([]string, n)
	for i := range ids {
		ids[i] = testID[:len(testID)-2] + string(rune('a'+i/16)) + "0123456789abcdef"[i%16:i%16+1]
	}
	return ids
}

func TestParseQuestionsRejects(t *testing.T) {
	inv := func(fields string) string { return `{"action":"invoke",` + fields + `}` }
	tests := []struct {
		name     string
		body     string
		code     domain.Code
		mentions string
	}{
		{"invoke without query", `{"action":"invoke"}`, domain.CodeInvalidMessage, "query is required"},
		{"invoke null query", inv(`"query":null`), domain.CodeInvalidMessage, "query is required"},
		{"invoke empty query", inv(`"query":""`), domain.CodeInvalidField, "query must not be empty"},
		{"invoke white space query", inv(`"query":"  \n\t "`), domain.CodeInvalidField, "query must not be empty"},
		{"invoke query is a number", inv(`"query":42`), domain.CodeInvalidMessage, "query must be a string"},
		{"invoke query is an array", inv(`"query":["a"]`), domain.CodeInvalidMessage, "query must be a string"},
		{"invoke query of 4001 characters", inv(`"query":"` + strings.Repeat("a", MaxQueryChars+1) + `"`), domain.CodeTooLarge, "4000 characters"},
		{"invoke query with a NUL", inv(`"query":"a\u0000b"`), domain.CodeInvalidField, "control characters"},
		{"invoke query with an escape sequence", inv(`"query":"a\u001b[31mb"`), domain.CodeInvalidField, "control characters"},
		{"invoke over 32 KB", inv(`"query":"q","pad":"` + strings.Repeat("x", MaxInvokeBytes) + `"`), domain.CodeTooLarge, "32 KB"},
		{"invoke query_id empty", inv(`"query":"q","query_id":""`), domain.CodeInvalidField, "query_id must not be empty"},
		{"invoke query_id with a slash", inv(`"query":"q","query_id":"a/b"`), domain.CodeInvalidField, "query_id must be"},
		{"invoke query_id with a space", inv(`"query":"q","query_id":"a b"`), domain.CodeInvalidField, "query_id must be"},
		{"invoke query_id with a hash", inv(`"query":"q","query_id":"OWNER#x"`), domain.CodeInvalidField, "query_id must be"},
		{"invoke query_id non-ASCII", inv(`"query":"q","query_id":"é"`), domain.CodeInvalidField, "query_id must be"},
		{"invoke query_id of 65", inv(`"query":"q","query_id":"` + strings.Repeat("a", 65) + `"`), domain.CodeInvalidField, "query_id must be at most 64"},
		{"invoke query_id is a number", inv(`"query":"q","query_id":7`), domain.CodeInvalidMessage, "query_id must be a string"},
		{"invoke document_ids is a string", inv(`"query":"q","document_ids":"` + testID + `"`), domain.CodeInvalidMessage, "document_ids must be an array"},
		{"invoke document_ids is an object", inv(`"query":"q","document_ids":{"a":1}`), domain.CodeInvalidMessage, "document_ids must be an array"},
		{"invoke document_ids holds a number", inv(`"query":"q","document_ids":[1]`), domain.CodeInvalidMessage, "document_ids must be an array"},
		{"invoke document_ids holds null", inv(`"query":"q","document_ids":[null]`), domain.CodeInvalidField, "document ids"},
		{"invoke document_ids holds a key", inv(`"query":"q","document_ids":["uploads/a/` + testID + `/x.pdf"]`), domain.CodeInvalidField, "document ids"},
		{"invoke document_ids holds an uppercase id", inv(`"query":"q","document_ids":["` + strings.ToUpper(testID) + `"]`), domain.CodeInvalidField, "document ids"},
		{"invoke 21 document ids", inv(`"query":"q","document_ids":[` + manyIDs(21) + `]`), domain.CodeInvalidField, "at most 20"},
		{"invoke session_id empty", inv(`"query":"q","session_id":""`), domain.CodeInvalidField, "session_id must not be empty"},
		{"invoke session_id with a space", inv(`"query":"q","session_id":"a b"`), domain.CodeInvalidField, "session_id must be"},
		{"invoke session_id of 101", inv(`"query":"q","session_id":"` + strings.Repeat("a", 101) + `"`), domain.CodeInvalidField, "session_id must be at most 100"},
		{"invoke session_id is an object", inv(`"query":"q","session_id":{}`), domain.CodeInvalidMessage, "session_id must be a string"},
		{"get_answer without query_id", `{"action":"get_answer"}`, domain.CodeInvalidMessage, "query_id is required"},
		{"get_answer odd query_id", `{"action":"get_answer","query_id":"../x"}`, domain.CodeInvalidField, "query_id must be"},
		{"get_answer query_id is a boolean", `{"action":"get_answer","query_id":true}`, domain.CodeInvalidMessage, "query_id must be a string"},
		{"get_output_url without output", `{"action":"get_output_url","document_id":"` + testID + `"}`, domain.CodeInvalidMessage, "output is required"},
		{"get_output_url unknown output", `{"action":"get_output_url","document_id":"` + testID + `","output":"source"}`, domain.CodeInvalidField, "output must be one of text, chunks, manifest"},
		{"get_output_url output in the wrong case", `{"action":"get_output_url","document_id":"` + testID + `","output":"TEXT"}`, domain.CodeInvalidField, "output must be one of"},
		{"get_output_url output is a path", `{"action":"get_output_url","document_id":"` + testID + `","output":"../../uploads/x"}`, domain.CodeInvalidField, "output must be"},
		{"get_output_url without document_id", `{"action":"get_output_url","output":"text"}`, domain.CodeInvalidMessage, "document_id is required"},
		{"get_output_url bad document_id", `{"action":"get_output_url","document_id":"x","output":"text"}`, domain.CodeInvalidField, "document_id must be a document id"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, err := Parse([]byte(tt.body))
			if err == nil {
				t.Fatalf("Parse = %#v, want a %s error", req, tt.code)
			}
			if got, want := domain.ErrorCode(err), tt.code; got != want {
				t.Errorf("code = %s, want %s (%v)", got, want, err)
			}
			if msg := domain.ErrorMessage(err); !strings.Contains(msg, tt.mentions) || !strings.HasSuffix(msg, ".") || len(msg) > 300 {
				t.Errorf("message %q: want a short sentence mentioning %q", msg, tt.mentions)
			}
		})
	}
}

func TestQuestionFramesGolden(t *testing.T) {
	cites := []domain.Citation{
		{DocumentID: testID, DocumentName: "label.pdf", Page: 3, Excerpt: "The recommended dose is 5 mg twice a day."},
		{DocumentID: testID2, DocumentName: "notes.txt", Page: 1, Excerpt: "Take with food."},
	}
	const qid = "5f0c9a7e-1b2d-4c3e-8f4a-6b7c8d9e0f1a"
	answered := domain.Query{Owner: "alice@example.com", ID: qid, Status: domain.QueryComplete, Attempt: 1,
		Answer: "The recommended dose is 5 mg twice a day, with food.", Citations: cites, SessionID: "sess-1"}
	tests := []struct {
		name  string
		frame Frame
	}{
		{"query_accepted", QueryAcceptedFrame(qid)},
		{"answer_chunk", AnswerChunkFrame(qid, 1, 1, "The recommended dose ")},
		{"answer_complete", AnswerCompleteFrame(qid, 1, 7, answered.Answer, cites, "sess-1")},
		{"answer_complete_not_found", AnswerCompleteFrame(qid, 2, 2, "I couldn't find that in your documents.", nil, "sess-2")},
		{"answer_failed", AnswerFailedFrame(qid, 2, domain.CodeUnavailable, "The answer could not be made right now; please ask again.")},
		{"answer_status_complete", AnswerStatusFrame(answered)},
		{"answer_status_answering", AnswerStatusFrame(domain.Query{Owner: "alice@example.com", ID: qid, Status: domain.QueryAnswering, Attempt: 2})},
		{"answer_status_failed", AnswerStatusFrame(domain.Query{Owner: "alice@example.com", ID: qid, Status: domain.QueryFailed, Attempt: 3,
			FailureCode: "Unavailable", FailureMessage: "The answer could not be made right now; please ask again."})},
		{"output_url", OutputURLFrame("https://docflow-documents.s3.us-east-1.amazonaws.com/processed/"+testID+"/text.txt?X-Amz-Signature=abc",
			time.Date(2026, 1, 1, 0, 5, 0, 0, time.UTC))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := json.MarshalIndent(tt.frame, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, '\n')
			path := filepath.Join("testdata", tt.name+".golden.json")
			if *update {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("frame differs from %s:\ngot:\n%s\nwant:\n%s", path, got, want)
			}
			if bytes.Contains(got, []byte("alice@example.com")) {
				t.Errorf("frame shows the owner:\n%s", got)
			}
		})
	}
}
