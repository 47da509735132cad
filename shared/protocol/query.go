package protocol

import (
	"encoding/json"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"docflow/shared/domain"
	"docflow/shared/workflow"
)

// The question actions a client may send (docs/protocol.md, "Questions over one's
// documents") and get_output_url.
const (
	ActionInvoke       = "invoke"
	ActionGetAnswer    = "get_answer"
	ActionGetOutputURL = "get_output_url"
)

// Limits on questions.
const (
	// MaxInvokeBytes bounds a whole invoke message. A question is at most
	// MaxQueryChars characters (at most 16 KB of UTF-8), and the message
	// must fit in one API Gateway WebSocket frame (32 KB).
	MaxInvokeBytes = 32 << 10
	// MaxQueryChars bounds query in characters (Unicode code points), after
	// surrounding white space is trimmed.
	MaxQueryChars = 4000
	// MaxDocumentIDs bounds document_ids.
	MaxDocumentIDs = 20
	// MaxSessionIDLength bounds session_id in bytes; Bedrock's session ids
	// are 2–100 characters of [0-9a-zA-Z._:-].
	MaxSessionIDLength = 100
	// maxQueryIDLength bounds query_id in bytes.
	maxQueryIDLength = 64
)

var (
	queryIDPattern   = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)
	sessionIDPattern = regexp.MustCompile(`^[0-9A-Za-z._:-]{2,100}$`)
)

// ValidQueryID reports whether id is an acceptable query id:
// [A-Za-z0-9_-]{1,64}. Generated ids (UUIDs) are of this shape too.
func ValidQueryID(id string) bool { return queryIDPattern.MatchString(id) }

// The outputs get_output_url serves.
const (
	OutputText     = "text"
	OutputChunks   = "chunks"
	OutputManifest = "manifest"
)

// Invoke asks a question over the caller's documents.
type Invoke struct {
	// Query is the question, trimmed of surrounding white space.
	Query string
	// QueryID is the client's idempotency key; empty when it sent none.
	QueryID string
	// DocumentIDs restricts the question to these documents (distinct, in
	// the order sent); empty means all the caller's documents.
	DocumentIDs []string
	// SessionID continues a conversation (an earlier answer's sessionId).
	SessionID string
}

// GetAnswer asks for a question's current state.
type GetAnswer struct{ QueryID string }

// GetOutputURL asks for a short-lived URL to read one output of a document.
type GetOutputURL struct {
	DocumentID string
	// Output is OutputText, OutputChunks or OutputManifest.
	Output string
}

// Action implements Request.
func (Invoke) Action() string { return ActionInvoke }

// Action implements Request.
func (GetAnswer) Action() string { return ActionGetAnswer }

// Action implements Request.
func (GetOutputURL) Action() string { return ActionGetOutputURL }

// invoke parses an invoke message of size bytes. The query is trimmed and
// then counted in characters, so "  hi  " is a two-character question and
// white space alone is none. Control characters other than tab and line
// breaks are refused: no question needs them, and they confuse logs and
// models alike.
func invoke(m message, size int) (Request, error) {
	if size > MaxInvokeBytes {
		return nil, domain.Errorf(domain.CodeTooLarge, "An invoke message must be at most %d KB.", MaxInvokeBytes>>10)
	}
	raw, err := m.required("query", MaxInvokeBytes)
	if err != nil {
		return nil, err
	}
	query := strings.TrimSpace(raw)
	switch n := utf8.RuneCountInString(query); {
	case n == 0:
		return nil, domain.Errorf(domain.CodeInvalidField, "query must not be empty.")
	case n > MaxQueryChars:
		return nil, domain.Errorf(domain.CodeTooLarge, "query must be at most %d characters.", MaxQueryChars)
	}
	if !utf8.ValidString(query) {
		return nil, domain.Errorf(domain.CodeInvalidField, "query must be valid UTF-8.")
	}
	for _, r := range query {
		if unicode.IsControl(r) && r != '\t' && r != '\n' && r != '\r' {
			return nil, domain.Errorf(domain.CodeInvalidField, "query must not contain control characters.")
		}
	}
	r := Invoke{Query: query}
	if r.QueryID, _, err = m.queryID(false); err != nil {
		return nil, err
	}
	if r.DocumentIDs, err = m.documentIDs(); err != nil {
		return nil, err
	}
	sid, _, err := m.str("session_id", MaxSessionIDLength)
	if err != nil {
		return nil, err
	}
	if sid != "" && !sessionIDPattern.MatchString(sid) {
		return nil, domain.Errorf(domain.CodeInvalidField, "session_id must be the sessionId of an earlier answer.")
	}
	r.SessionID = sid
	return r, nil
}

// queryID returns the query_id field, required or not.
func (m message) queryID(required bool) (string, bool, error) {
	id, present, err := m.str("query_id", maxQueryIDLength)
	if err == nil && required && !present {
		err = domain.Errorf(domain.CodeInvalidMessage, "query_id is required.")
	}
	if err != nil {
		return "", present, err
	}
	if present && !ValidQueryID(id) {
		return "", true, domain.Errorf(domain.CodeInvalidField, "query_id must be 1 to 64 letters, digits, '-' or '_'.")
	}
	return id, present, nil
}

// documentIDs returns the optional document_ids array, without duplicates.
func (m message) documentIDs() ([]string, error) {
	raw, ok := m.fields["document_ids"]
	if !ok || isNull(raw) {
		return nil, nil
	}
	var items []json.RawMessage
	if raw[0] != '[' || json.Unmarshal(raw, &items) != nil {
		return nil, domain.Errorf(domain.CodeInvalidMessage, "document_ids must be an array of document ids.")
	}
	if len(items) > MaxDocumentIDs {
		return nil, domain.Errorf(domain.CodeInvalidField, "document_ids must list at most %d documents.", MaxDocumentIDs)
	}
	var ids []string
	for _, item := range items {
		var id string
		if json.Unmarshal(item, &id) != nil {
			return nil, domain.Errorf(domain.CodeInvalidMessage, "document_ids must be an array of document ids.")
		}
		if !workflow.ValidDocumentID(id) {
			return nil, domain.Errorf(domain.CodeInvalidField, "document_ids must hold document ids (lowercase UUIDs).")
		}
		if !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	return ids, nil
}

func getAnswer(m message) (Request, error) {
	id, _, err := m.queryID(true)
	if err != nil {
		return nil, err
	}
	return GetAnswer{QueryID: id}, nil
}

func getOutputURL(m message) (Request, error) {
	id, err := m.documentID()
	if err != nil {
		return nil, err
	}
	out, err := m.required("output", 16)
	if err != nil {
		return nil, err
	}
	switch out {
	case OutputText, OutputChunks, OutputManifest:
	default:
		return nil, domain.Errorf(domain.CodeInvalidField, "output must be one of %s, %s, %s.", OutputText, OutputChunks, OutputManifest)
	}
	return GetOutputURL{DocumentID: id, Output: out}, nil
}
