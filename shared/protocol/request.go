package protocol

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"mime"
	"strconv"
	"strings"
	"unicode/utf8"

	"docflow/shared/domain"
	"docflow/shared/workflow"
)

// The actions a client may send; their names are fixed by existing frontends.
const (
	ActionGetUploadURL    = "get_upload_url"
	ActionProcessDocument = "process_document"
	ActionSubscribe       = "subscribe"
	ActionGetStatus       = "get_status"
	ActionListDocuments   = "list_documents"
	ActionPing            = "ping"
)

// actions lists the served actions in the order error messages name them.
var actions = []string{
	ActionGetUploadURL, ActionProcessDocument, ActionSubscribe,
	ActionGetStatus, ActionListDocuments, ActionGetOutputURL,
	ActionInvoke, ActionGetAnswer, ActionPing,
}

// Limits on what a client may send.
const (
	// MaxMessageBytes bounds a whole message: API Gateway allows 128 KB per
	// WebSocket frame, and nothing docflow accepts needs more.
	MaxMessageBytes = 128 << 10
	// MaxDepth bounds how deeply objects and arrays may nest. No action
	// needs more than one level; the bound keeps hostile input cheap.
	MaxDepth = 16
	// DefaultMaxUploadBytes is the largest upload get_upload_url grants
	// unless configured otherwise (MAX_UPLOAD_BYTES).
	DefaultMaxUploadBytes = 100 << 20
	// MaxContentTypeLength bounds content_type in bytes.
	MaxContentTypeLength = 255
	// MaxCursorLength bounds list_documents' cursor in bytes.
	MaxCursorLength = 2048
	// MaxBucketLength bounds bucket in bytes (S3 names are at most 63).
	MaxBucketLength = 255
	// DefaultListLimit and MaxListLimit bound list_documents' page size.
	DefaultListLimit = 20
	MaxListLimit     = 100
	// maxKeyLength bounds document_key in bytes (S3 keys are at most 1024).
	maxKeyLength = 1024
	// maxEchoedAction bounds how much of an unknown action an error echoes.
	maxEchoedAction = 64
)

// Request is one parsed, validated client message. Its concrete type is one
// of GetUploadURL, ProcessDocument, Subscribe, GetStatus, ListDocuments,
// GetOutputURL, Invoke, GetAnswer, Ping.
type Request interface {
	// Action is the action name the client sent.
	Action() string
}

// GetUploadURL asks for a presigned URL to upload one document.
type GetUploadURL struct {
	DocumentName string
	// ContentType is kept as the client wrote it: the presigned URL binds
	// the exact header value the client will send.
	ContentType string
	Size        int64
}

// ProcessDocument asks to process an uploaded document.
type ProcessDocument struct {
	DocumentKey string
	// Bucket is empty when the client omitted it; otherwise the handler
	// must check that it is the configured documents bucket.
	Bucket string
	// DocumentName is the name to show; the key's name when omitted.
	DocumentName string
	// Key is DocumentKey taken apart; Key.DocumentID is the document's id.
	Key domain.UploadKeyParts
}

// Subscribe asks for a document's frames on this connection.
type Subscribe struct{ DocumentID string }

// GetStatus asks for a document's current state.
type GetStatus struct{ DocumentID string }

// ListDocuments asks for a page of the caller's documents, newest first.
type ListDocuments struct {
	Limit int
	// Cursor is the opaque cursor of the previous page; empty for the first.
	Cursor string
}

// Ping keeps an idle connection open (API Gateway drops it after 10 minutes).
type Ping struct{}

// Action implements Request.
func (GetUploadURL) Action() string { return ActionGetUploadURL }

// Action implements Request.
func (ProcessDocument) Action() string { return ActionProcessDocument }

// Action implements Request.
func (Subscribe) Action() string { return ActionSubscribe }

// Action implements Request.
func (GetStatus) Action() string { return ActionGetStatus }

// Action implements Request.
func (ListDocuments) Action() string { return ActionListDocuments }

// Action implements Request.
func (Ping) Action() string { return ActionPing }

// Parser parses client messages under configurable limits. The zero value
// uses the defaults.
type Parser struct {
	// MaxUploadBytes is the largest size get_upload_url accepts;
	// DefaultMaxUploadBytes when zero or negative.
	MaxUploadBytes int64
}

// Parse parses body with the default limits. See Parser.Parse.
func Parse(body []byte) (Request, error) { return Parser{}.Parse(body) }

// Parse checks body and returns the typed request it carries. Every error is
// a *domain.Error: CodeTooLarge for a message over MaxMessageBytes (an
// invoke over MaxInvokeBytes, a query over MaxQueryChars) or an upload over
// the limit, CodeInvalidMessage for anything that is not a JSON
// object of the right shape (a field of the wrong type, a required field
// missing), CodeUnknownAction for a missing or unknown action, and
// CodeInvalidField for a value present but not acceptable. Fields that no
// action defines are ignored, so clients may send more than we read.
func (p Parser) Parse(body []byte) (Request, error) {
	fields, err := object(body)
	if err != nil {
		return nil, err
	}
	raw, ok := fields["action"]
	if !ok || isNull(raw) {
		return nil, domain.Errorf(domain.CodeUnknownAction, "action is required; use one of %s.", strings.Join(actions, ", "))
	}
	var action string
	if err := json.Unmarshal(raw, &action); err != nil {
		return nil, domain.Errorf(domain.CodeInvalidMessage, "action must be a string.")
	}
	m := message{fields}
	switch action {
	case ActionGetUploadURL:
		return p.getUploadURL(m)
	case ActionProcessDocument:
		return processDocument(m)
	case ActionSubscribe:
		id, err := m.documentID()
		if err != nil {
			return nil, err
		}
		return Subscribe{DocumentID: id}, nil
	case ActionGetStatus:
		id, err := m.documentID()
		if err != nil {
			return nil, err
		}
		return GetStatus{DocumentID: id}, nil
	case ActionListDocuments:
		return listDocuments(m)
	case ActionGetOutputURL:
		return getOutputURL(m)
	case ActionInvoke:
		return invoke(m, len(body))
	case ActionGetAnswer:
		return getAnswer(m)
	case ActionPing:
		return Ping{}, nil
	}
	return nil, domain.Errorf(domain.CodeUnknownAction, "action %q is not supported; use one of %s.",
		truncate(action, maxEchoedAction), strings.Join(actions, ", "))
}

// ActionOf returns the action a message names, if it names one as a short
// string, so an error frame can say which request failed; "" otherwise. It is
// meant for the error path, after Parse refused body.
func ActionOf(body []byte) string {
	fields, err := object(body)
	if err != nil {
		return ""
	}
	var action string
	if json.Unmarshal(fields["action"], &action) != nil || len(action) > maxEchoedAction || !utf8.ValidString(action) {
		return ""
	}
	return action
}

// object checks the size and nesting of body and decodes its top level,
// which must be a JSON object.
func object(body []byte) (map[string]json.RawMessage, error) {
	if len(body) > MaxMessageBytes {
		return nil, domain.Errorf(domain.CodeTooLarge, "The message is larger than %d KB.", MaxMessageBytes>>10)
	}
	body = bytes.TrimSpace(body)
	if len(body) == 0 {
		return nil, domain.Errorf(domain.CodeInvalidMessage, "The message is empty; send a JSON object with an action.")
	}
	if depth(body, MaxDepth) > MaxDepth {
		return nil, domain.Errorf(domain.CodeInvalidMessage, "The message nests objects or arrays more than %d levels deep.", MaxDepth)
	}
	if body[0] != '{' {
		if !json.Valid(body) {
			return nil, domain.Errorf(domain.CodeInvalidMessage, "The message is not valid JSON.")
		}
		return nil, domain.Errorf(domain.CodeInvalidMessage, "The message must be a JSON object.")
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(body, &fields); err != nil {
		return nil, domain.Errorf(domain.CodeInvalidMessage, "The message is not valid JSON.")
	}
	return fields, nil
}

// depth returns the deepest nesting of objects and arrays in body, or
// limit+1 as soon as it sees that much. It scans bytes with a counter
// instead of recursing, so a hostile message of 100,000 brackets costs a few
// bytes of scanning and no stack. Invalid JSON is left for the decoder to
// report; depth only has to be right for valid JSON.
func depth(body []byte, limit int) int {
	d, deepest, inString, escaped := 0, 0, false, false
	for _, c := range body {
		switch {
		case inString:
			switch {
			case escaped:
				escaped = false
			case c == '\\':
				escaped = true
			case c == '"':
				inString = false
			}
		case c == '"':
			inString = true
		case c == '{' || c == '[':
			d++
			if d > limit {
				return d
			}
			deepest = max(deepest, d)
		case c == '}' || c == ']':
			d--
		}
	}
	return deepest
}

// message is a decoded top-level object with typed, field-naming accessors.
type message struct{ fields map[string]json.RawMessage }

// str returns the string field name; present reports whether it was there
// (null counts as absent). An empty string or one over maxLen bytes is an
// InvalidField error.
func (m message) str(name string, maxLen int) (s string, present bool, err error) {
	raw, ok := m.fields[name]
	if !ok || isNull(raw) {
		return "", false, nil
	}
	if err := json.Unmarshal(raw, &s); err != nil {
		return "", true, domain.Errorf(domain.CodeInvalidMessage, "%s must be a string.", name)
	}
	if s == "" {
		return "", true, domain.Errorf(domain.CodeInvalidField, "%s must not be empty.", name)
	}
	if len(s) > maxLen {
		return "", true, domain.Errorf(domain.CodeInvalidField, "%s must be at most %d bytes.", name, maxLen)
	}
	return s, true, nil
}

// required is str for a field that must be present.
func (m message) required(name string, maxLen int) (string, error) {
	s, present, err := m.str(name, maxLen)
	if err == nil && !present {
		err = domain.Errorf(domain.CodeInvalidMessage, "%s is required.", name)
	}
	return s, err
}

// integer returns the whole-number field name, or def when absent. tooLarge
// is the code for a value above hi: an upload size over the limit is
// TooLarge, a page size over the limit merely InvalidField.
func (m message) integer(name string, def, lo, hi int64, tooLarge domain.Code, unit string) (int64, error) {
	raw, ok := m.fields[name]
	if !ok || isNull(raw) {
		return def, nil
	}
	// json.Number would also take a quoted number; a string is the wrong type.
	var n json.Number
	if raw[0] == '"' || json.Unmarshal(raw, &n) != nil {
		return 0, domain.Errorf(domain.CodeInvalidMessage, "%s must be a number.", name)
	}
	v, err := strconv.ParseInt(n.String(), 10, 64)
	if err != nil {
		// Not an int64: a fraction, an exponent, or out of range. JSON
		// numbers always parse as floats (±Inf when huge), so compare that.
		f, _ := strconv.ParseFloat(n.String(), 64)
		switch {
		case f > float64(hi):
			return 0, domain.Errorf(tooLarge, "%s must be at most %s.", name, withUnit(hi, unit))
		case f < float64(lo):
			return 0, domain.Errorf(domain.CodeInvalidField, "%s must be at least %s.", name, withUnit(lo, unit))
		case f != math.Trunc(f):
			return 0, domain.Errorf(domain.CodeInvalidField, "%s must be a whole number.", name)
		}
		v = int64(f)
	}
	switch {
	case v < lo:
		return 0, domain.Errorf(domain.CodeInvalidField, "%s must be at least %s.", name, withUnit(lo, unit))
	case v > hi:
		return 0, domain.Errorf(tooLarge, "%s must be at most %s.", name, withUnit(hi, unit))
	}
	return v, nil
}

// withUnit writes n with its unit, singular for one ("1 byte", "2 bytes").
func withUnit(n int64, unit string) string {
	if n == 1 {
		unit = strings.TrimSuffix(unit, "s")
	}
	return strconv.FormatInt(n, 10) + unit
}

// documentID returns the required document_id field.
func (m message) documentID() (string, error) {
	id, err := m.required("document_id", 64)
	if err != nil {
		return "", err
	}
	if !workflow.ValidDocumentID(id) {
		return "", domain.Errorf(domain.CodeInvalidField, "document_id must be a document id (a lowercase UUID).")
	}
	return id, nil
}

func (p Parser) getUploadURL(m message) (Request, error) {
	name, err := m.required("document_name", domain.MaxNameLength)
	if err != nil {
		return nil, err
	}
	if err := domain.CheckName(name); err != nil {
		return nil, err
	}
	ct, err := m.required("content_type", MaxContentTypeLength)
	if err != nil {
		return nil, err
	}
	if err := checkContentType(ct); err != nil {
		return nil, err
	}
	if raw, ok := m.fields["size"]; !ok || isNull(raw) {
		return nil, domain.Errorf(domain.CodeInvalidMessage, "size is required.")
	}
	maxBytes := p.MaxUploadBytes
	if maxBytes <= 0 {
		maxBytes = DefaultMaxUploadBytes
	}
	size, err := m.integer("size", 0, 1, maxBytes, domain.CodeTooLarge, " bytes")
	if err != nil {
		return nil, err
	}
	return GetUploadURL{DocumentName: name, ContentType: ct, Size: size}, nil
}

// checkContentType accepts a type/subtype MIME type with optional parameters.
func checkContentType(ct string) error {
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil || strings.Count(mt, "/") != 1 || strings.HasPrefix(mt, "/") || strings.HasSuffix(mt, "/") {
		return domain.Errorf(domain.CodeInvalidField, "content_type must be a MIME type such as application/pdf.")
	}
	return nil
}

func processDocument(m message) (Request, error) {
	key, err := m.required("document_key", maxKeyLength)
	if err != nil {
		return nil, err
	}
	parts, err := domain.ParseUploadKey(key)
	if err != nil {
		return nil, keyError(err)
	}
	bucket, _, err := m.str("bucket", MaxBucketLength)
	if err != nil {
		return nil, err
	}
	name, present, err := m.str("document_name", domain.MaxNameLength)
	if err != nil {
		return nil, err
	}
	if !present {
		name = parts.Name
	} else if err := domain.CheckName(name); err != nil {
		return nil, err
	}
	return ProcessDocument{DocumentKey: key, Bucket: bucket, DocumentName: name, Key: parts}, nil
}

// keyError rewords ParseUploadKey's complaints about the key's last segment:
// it checks that segment with CheckName, whose messages name document_name,
// a field the client may not even have sent.
func keyError(err error) error {
	if e, ok := errors.AsType[*domain.Error](err); ok {
		if rest, ok := strings.CutPrefix(e.Message, "document_name "); ok {
			return domain.Errorf(e.Code, "document_key's file name %s", rest)
		}
	}
	return err
}

func listDocuments(m message) (Request, error) {
	limit, err := m.integer("limit", DefaultListLimit, 1, MaxListLimit, domain.CodeInvalidField, "")
	if err != nil {
		return nil, err
	}
	raw, ok := m.fields["cursor"]
	if ok && string(raw) == `""` {
		// An empty cursor is how some clients say "first page".
		return ListDocuments{Limit: int(limit)}, nil
	}
	cursor, _, err := m.str("cursor", MaxCursorLength)
	if err != nil {
		return nil, err
	}
	return ListDocuments{Limit: int(limit), Cursor: cursor}, nil
}

func isNull(raw json.RawMessage) bool { return string(raw) == "null" }

// truncate shortens s to at most n bytes without splitting a rune.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}
