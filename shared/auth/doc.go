// Package auth decides who opens a WebSocket connection. Authorizer is the
// $connect REQUEST authorizer: it verifies the JWT a client passes as the
// `token` query parameter (browsers cannot set headers on a WebSocket) and
// answers API Gateway with the token's subject as principalId, which
// package api then treats as the owner of everything the connection does.
//
// Tokens are verified against the issuer's published keys (a JWKS URL, such
// as a Cognito user pool's) by Verifier, using golang-jwt for the token and
// MicahParks/keyfunc for the key set, so key rotation needs no deployment.
// The local stack runs the same code against a dev issuer's JWKS.
package auth
