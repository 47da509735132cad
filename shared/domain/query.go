package domain

import "time"

// QueryStatus is where a question is on its way to an answer.
type QueryStatus string

// The statuses of a question; their spelling is part of the client protocol
// (answerStatus frames).
const (
	QueryQueued    QueryStatus = "queued"    // accepted and in the queue
	QueryAnswering QueryStatus = "answering" // a worker is streaming an answer (attempt N)
	QueryComplete  QueryStatus = "complete"  // answered; Answer and Citations are final
	QueryFailed    QueryStatus = "failed"    // given up; FailureCode and FailureMessage say why
)

// Terminal reports whether no later attempt may change a question.
func (s QueryStatus) Terminal() bool { return s == QueryComplete || s == QueryFailed }

// Citation is one source an answer rests on: a page of one of the caller's
// own documents and a short excerpt of it.
type Citation struct {
	DocumentID   string `json:"documentId" dynamodbav:"documentId"`
	DocumentName string `json:"documentName" dynamodbav:"documentName"`
	Page         int    `json:"page" dynamodbav:"page"`
	Excerpt      string `json:"excerpt" dynamodbav:"excerpt"`
}

// Query is the stored record of one question (the queries table), keyed by
// Owner and ID. Attempt is the SQS receive that last worked on it; a record
// only ever moves to a newer attempt or to a terminal status (see
// store.Queries).
type Query struct {
	Owner          string      `json:"owner" dynamodbav:"owner"`
	ID             string      `json:"queryId" dynamodbav:"queryId"`
	Status         QueryStatus `json:"status" dynamodbav:"status"`
	Attempt        int         `json:"attempt" dynamodbav:"attempt"`
	Answer         string      `json:"answer,omitempty" dynamodbav:"answer,omitempty"`
	Citations      []Citation  `json:"citations,omitempty" dynamodbav:"citations,omitempty"`
	SessionID      string      `json:"sessionId,omitempty" dynamodbav:"sessionId,omitempty"`
	FailureCode    string      `json:"failureCode,omitempty" dynamodbav:"failureCode,omitempty"`
	FailureMessage string      `json:"failureMessage,omitempty" dynamodbav:"failureMessage,omitempty"`
	// Seq is the seq of the attempt's final frame, so a repeated delivery
	// can send the same final frame again.
	Seq       int       `json:"seq,omitempty" dynamodbav:"seq,omitempty"`
	CreatedAt time.Time `json:"createdAt" dynamodbav:"createdAt"`
	UpdatedAt time.Time `json:"updatedAt" dynamodbav:"updatedAt"`
	// ExpiresAt is when the record may be forgotten (TTL).
	ExpiresAt time.Time `json:"expiresAt" dynamodbav:"-"`
}
