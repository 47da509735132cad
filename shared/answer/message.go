package answer

import "docflow/shared/question"

// NotFound is the whole answer to a question that no document of the
// asker's supports; it comes with no citations.
const NotFound = "I couldn't find that in your documents."

// Message is the queries-queue message body (package question).
type Message = question.Message

// DecodeMessage reads a queue message body (question.DecodeMessage).
var DecodeMessage = question.DecodeMessage
