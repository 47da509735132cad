// Package question holds the queued question: the queries-queue message
// body the WebSocket handler (package api) sends and the answer worker
// (package answer) reads. It is its own package, with no SDK imports, so the
// message function does not link the answer worker's Bedrock client (the
// bootstrap size limit is 12 MiB).
package question

import (
	"encoding/json"
	"fmt"
	"time"
)

// Message is the body of a queries-queue message: one accepted question.
// Owner is the authorizer's subject, never anything the client wrote.
type Message struct {
	QueryID      string    `json:"queryId"`
	Owner        string    `json:"owner"`
	ConnectionID string    `json:"connectionId"`
	Query        string    `json:"query"`
	DocumentIDs  []string  `json:"documentIds"`
	SessionID    string    `json:"sessionId"`
	AcceptedAt   time.Time `json:"acceptedAt"`
}

// Encode returns m as the queue message body: every field present,
// documentIds a list even when empty.
func (m Message) Encode() (string, error) {
	if m.DocumentIDs == nil {
		m.DocumentIDs = []string{}
	}
	m.AcceptedAt = m.AcceptedAt.UTC()
	b, err := json.Marshal(m)
	if err != nil {
		return "", fmt.Errorf("encode query %s: %w", m.QueryID, err)
	}
	return string(b), nil
}

// DecodeMessage reads a queue message body. A body without a query id, an
// owner or a connection cannot be answered (or told so).
func DecodeMessage(body string) (Message, error) {
	var m Message
	if err := json.Unmarshal([]byte(body), &m); err != nil {
		return Message{}, fmt.Errorf("decode query message: %w", err)
	}
	if m.QueryID == "" || m.Owner == "" || m.ConnectionID == "" {
		return Message{}, fmt.Errorf("decode query message: queryId, owner and connectionId are required")
	}
	return m, nil
}
