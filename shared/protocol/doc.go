// Package protocol is docflow's client protocol over the WebSocket: it turns
// a client's message into a typed, validated request, and builds the answer
// frames the server sends back (uploadUrl, processingStarted,
// documentStatus, documentList, outputUrl, pong, error, and the question
// frames queryAccepted, answerChunk, answerComplete, answerFailed,
// answerStatus).
//
// Everything a client sends is untrusted, so Parse bounds the work it does
// (size, nesting depth, field lengths) before any handler sees the request,
// and every rejection is a *domain.Error whose message names the field, so a
// person reading the error frame knows what to fix.
//
// Progress frames (progressUpdate) belong to package progress.
package protocol
