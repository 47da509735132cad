// Package api handles docflow's API Gateway WebSocket routes: $connect
// (Connect) records the connection and who opened it, $disconnect
// (Disconnect) forgets it, and $default (Message) serves every client
// action of package protocol, answering on the caller's own connection.
//
// Questions (invoke, get_answer) only touch the queries table and the
// queries queue here; package answer's worker does the answering.
//
// The handlers take their dependencies (the store, the publisher, Step
// Functions, the S3 presigner, the queries table and queue) through the
// small interfaces in deps.go, so
// tasks/ wires the real clients and tests pass function-field fakes.
//
// Who the caller is comes from Owner, the single seam where the JWT
// authorizer's identity enters; owner checks on documents live in
// Message.authorize.
package api
