package protocol

import (
	"time"

	"docflow/shared/domain"
	"docflow/shared/progress"
)

// The actions of the question frames and of get_output_url's answer.
const (
	AnswerQueryAccepted = "queryAccepted"
	AnswerChunk         = "answerChunk"
	AnswerComplete      = "answerComplete"
	AnswerFailed        = "answerFailed"
	AnswerStatus        = "answerStatus"
	AnswerOutputURL     = "outputUrl"
)

// QueryAcceptedData is the data of a queryAccepted frame.
type QueryAcceptedData struct {
	QueryID string `json:"queryId"`
}

// QueryAcceptedFrame answers invoke at once, before any answer frame.
func QueryAcceptedFrame(queryID string) Frame {
	return Frame{Action: AnswerQueryAccepted, Data: QueryAcceptedData{queryID}}
}

// AnswerChunkData is the data of an answerChunk frame: the next piece of
// attempt's answer. Seq grows by one per frame of an attempt, from 1.
type AnswerChunkData struct {
	QueryID string `json:"queryId"`
	Attempt int    `json:"attempt"`
	Seq     int    `json:"seq"`
	Text    string `json:"text"`
}

// AnswerChunkFrame carries one piece of a streamed answer.
func AnswerChunkFrame(queryID string, attempt, seq int, text string) Frame {
	return Frame{Action: AnswerChunk, Data: AnswerChunkData{queryID, attempt, seq, text}}
}

// AnswerCompleteData is the data of an answerComplete frame: always the
// whole answer, so a client that missed chunks still ends right.
type AnswerCompleteData struct {
	QueryID   string            `json:"queryId"`
	Attempt   int               `json:"attempt"`
	Seq       int               `json:"seq"`
	Answer    string            `json:"answer"`
	Citations []domain.Citation `json:"citations"`
	SessionID string            `json:"sessionId"`
}

// AnswerCompleteFrame ends an attempt's answer.
func AnswerCompleteFrame(queryID string, attempt, seq int, answer string, citations []domain.Citation, sessionID string) Frame {
	if citations == nil {
		citations = []domain.Citation{}
	}
	return Frame{Action: AnswerComplete, Data: AnswerCompleteData{queryID, attempt, seq, answer, citations, sessionID}}
}

// AnswerFailedData is the data of an answerFailed frame.
type AnswerFailedData struct {
	QueryID string      `json:"queryId"`
	Attempt int         `json:"attempt"`
	Code    domain.Code `json:"code"`
}

// AnswerFailedFrame says a question failed for good; message is the
// sentence a person reads.
func AnswerFailedFrame(queryID string, attempt int, code domain.Code, message string) Frame {
	return Frame{Action: AnswerFailed, Message: message, Data: AnswerFailedData{queryID, attempt, code}}
}

// AnswerStatusData is the data of an answerStatus frame. Answer is null
// until the question is complete; Citations is always a list.
type AnswerStatusData struct {
	QueryID   string             `json:"queryId"`
	Status    domain.QueryStatus `json:"status"`
	Answer    *string            `json:"answer"`
	Citations []domain.Citation  `json:"citations"`
}

// AnswerStatusFrame answers get_answer with q's current state. A failed
// question's reason is the frame's message, as in answerFailed.
func AnswerStatusFrame(q domain.Query) Frame {
	d := AnswerStatusData{QueryID: q.ID, Status: q.Status, Citations: []domain.Citation{}}
	f := Frame{Action: AnswerStatus, Data: &d}
	switch q.Status {
	case domain.QueryComplete:
		d.Answer = &q.Answer
		if q.Citations != nil {
			d.Citations = q.Citations
		}
	case domain.QueryFailed:
		f.Message = q.FailureMessage
	}
	return f
}

// OutputURLData is the data of an outputUrl frame.
type OutputURLData struct {
	URL       string `json:"url"`
	ExpiresAt string `json:"expiresAt"`
}

// OutputURLFrame answers get_output_url with a presigned GET.
func OutputURLFrame(url string, expiresAt time.Time) Frame {
	return Frame{Action: AnswerOutputURL, Data: OutputURLData{url, progress.FormatTime(expiresAt)}}
}
