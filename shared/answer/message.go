package answer

import (
	"encoding/json"
	"fmt"
	"time"
)

// NotFound is the whole answer to a question that no document of the
// asker's supports; it comes with no citations.
const NotFound = "I couldn't find that in your documents."

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
