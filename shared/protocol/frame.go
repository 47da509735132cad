package protocol

import (
	"errors"
	"time"

	"docflow/shared/domain"
	"docflow/shared/progress"
)

// The actions of the answer frames the server sends.
const (
	AnswerError             = "error"
	AnswerUploadURL         = "uploadUrl"
	AnswerProcessingStarted = "processingStarted"
	AnswerDocumentStatus    = "documentStatus"
	AnswerDocumentList      = "documentList"
	AnswerPong              = "pong"
)

// Frame is a server-to-client answer. Data holds one of the *Data types of
// this package; Message is only set on error frames.
type Frame struct {
	Action  string `json:"action"`
	Message string `json:"message,omitempty"`
	Data    any    `json:"data,omitempty"`
}

// ErrorData is the data of an error frame. RequestAction is null when the
// message named no action we could read.
type ErrorData struct {
	Code          domain.Code `json:"code"`
	RequestAction *string     `json:"requestAction"`
}

// ErrorFrame reports err to the client that sent requestAction ("" when
// unknown). The message is err's client-safe sentence: a *domain.Error's own
// Message, or a generic sentence for anything else, so internals (AWS error
// text, ARNs, stack details) never reach a client.
func ErrorFrame(err error, requestAction string) Frame {
	d := ErrorData{Code: domain.ErrorCode(err)}
	if d.Code == "" {
		d.Code = domain.CodeInternal
	}
	if requestAction != "" {
		d.RequestAction = &requestAction
	}
	msg := domain.ErrorMessage(err)
	if err == nil || d.Code == domain.CodeInternal {
		msg = domain.ErrorMessage(errInternal)
	}
	return Frame{Action: AnswerError, Message: msg, Data: d}
}

// errInternal stands for any error whose details stay in the logs.
var errInternal = errors.New("internal")

// UploadURLData is the data of an uploadUrl frame: where and how to PUT the
// document. Headers are the ones the signature binds; the client must send
// them verbatim.
type UploadURLData struct {
	DocumentID  string            `json:"documentId"`
	URL         string            `json:"url"`
	Method      string            `json:"method"`
	Headers     map[string]string `json:"headers"`
	DocumentKey string            `json:"document_key"`
	Bucket      string            `json:"bucket"`
	ExpiresAt   string            `json:"expiresAt"`
}

// UploadURL describes a presigned upload for UploadURLFrame.
type UploadURL struct {
	DocumentID  string
	URL         string
	Method      string
	Headers     map[string]string
	DocumentKey string
	Bucket      string
	ExpiresAt   time.Time
}

// UploadURLFrame answers get_upload_url.
func UploadURLFrame(u UploadURL) Frame {
	headers := u.Headers
	if headers == nil {
		headers = map[string]string{}
	}
	return Frame{Action: AnswerUploadURL, Data: UploadURLData{
		DocumentID:  u.DocumentID,
		URL:         u.URL,
		Method:      u.Method,
		Headers:     headers,
		DocumentKey: u.DocumentKey,
		Bucket:      u.Bucket,
		ExpiresAt:   progress.FormatTime(u.ExpiresAt),
	}}
}

// ProcessingStartedData is the data of a processingStarted frame.
type ProcessingStartedData struct {
	DocumentID   string `json:"documentId"`
	ExecutionArn string `json:"executionArn"`
}

// ProcessingStartedFrame answers process_document.
func ProcessingStartedFrame(documentID, executionArn string) Frame {
	return Frame{Action: AnswerProcessingStarted, Data: ProcessingStartedData{documentID, executionArn}}
}

// DocumentState is a document as clients see it: the stored state without
// the owner, the bucket or the key (what a client needs of those it already
// has). Timestamp is when the state last changed, as in progress frames.
type DocumentState struct {
	DocumentID   string          `json:"documentId"`
	DocumentName string          `json:"documentName"`
	Status       domain.Status   `json:"status"`
	Stage        domain.Stage    `json:"stage"`
	Progress     int             `json:"progress"`
	Message      string          `json:"message"`
	Seq          int64           `json:"seq"`
	Timestamp    string          `json:"timestamp"`
	CreatedAt    string          `json:"createdAt"`
	Summary      *domain.Summary `json:"summary,omitempty"`
	Error        *domain.Failure `json:"error,omitempty"`
	ExecutionArn string          `json:"executionArn,omitempty"`
}

// StateOf returns what clients see of doc.
func StateOf(doc domain.Document) DocumentState {
	return DocumentState{
		DocumentID:   doc.ID,
		DocumentName: doc.Name,
		Status:       doc.Status,
		Stage:        doc.Stage,
		Progress:     doc.Progress,
		Message:      doc.Message,
		Seq:          doc.Seq,
		Timestamp:    progress.FormatTime(doc.UpdatedAt),
		CreatedAt:    progress.FormatTime(doc.CreatedAt),
		Summary:      doc.Summary,
		Error:        doc.Failure,
		ExecutionArn: doc.ExecutionArn,
	}
}

// DocumentStatusFrame answers subscribe and get_status.
func DocumentStatusFrame(doc domain.Document) Frame {
	return Frame{Action: AnswerDocumentStatus, Data: StateOf(doc)}
}

// DocumentListData is the data of a documentList frame. Cursor is null on
// the last page.
type DocumentListData struct {
	Documents []DocumentState `json:"documents"`
	Cursor    *string         `json:"cursor"`
}

// DocumentListFrame answers list_documents with one page; cursor is the
// store's opaque cursor for the next page, "" when there is none.
func DocumentListFrame(docs []domain.Document, cursor string) Frame {
	d := DocumentListData{Documents: make([]DocumentState, 0, len(docs))}
	for _, doc := range docs {
		d.Documents = append(d.Documents, StateOf(doc))
	}
	if cursor != "" {
		d.Cursor = &cursor
	}
	return Frame{Action: AnswerDocumentList, Data: d}
}

// PongFrame answers ping.
func PongFrame() Frame { return Frame{Action: AnswerPong} }
