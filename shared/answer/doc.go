// Package answer is the question path's worker: it takes one question off
// the queries queue (an SQS event, batch size 1), asks the Bedrock knowledge
// base with RetrieveAndGenerateStream, filtered to the asker's own documents,
// and streams the answer to the asker's WebSocket connection as answerChunk
// frames, ending with answerComplete (the whole answer and its citations) or
// answerFailed. It records every step in the queries table, so get_answer
// works whether or not the connection is still there.
//
// Message is the queue's message body; the WebSocket handler (package api)
// sends it and Worker reads it, so its JSON is written down once, here.
//
// # Attempts and retries
//
// SQS delivers a message at least once. A receive is an attempt: its number
// is the message's ApproximateReceiveCount, and each attempt streams from
// the start with seq 1. The queries table only ever moves to a newer
// attempt (store.Queries), so a slow older attempt cannot overwrite a newer
// one, and a delivery of a finished question only repeats its final frame.
//
// A retryable failure (throttling, a 5xx, a lost connection, running out of
// time) reports the record as a batch item failure, and SQS delivers it
// again after the visibility timeout. A failure that retrying cannot cure
// (validation, access denied, no such knowledge base), or any failure on the
// last attempt (MaxReceiveCount), ends the question: it is recorded as
// failed, the client gets answerFailed with a sentence and a code, and the
// message is deleted. A worker that dies or times out on its last attempt
// cannot do that itself; SQS then moves the message to the dead-letter
// queue, whose event source mapping invokes the same function: a record
// whose eventSourceARN is Config.DeadLetterQueueARN (QUERIES_DLQ_ARN) ends
// the question as failed and sends answerFailed.
//
// # Whose documents
//
// Retrieval filters on owner = the asker (from the authorizer, carried in
// Message.Owner; never from the client's message), and documentId in the
// asked documents when given. The worker checks owner again on every
// reference before it cites it; a reference of anyone else is dropped and
// logged. An answer without one owner-verified citation is NotFound.
package answer
