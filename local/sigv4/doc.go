// Package sigv4 checks AWS Signature Version 4 on the local stack's
// endpoints, as every AWS service does before it reads a request: a
// request signed in its Authorization header, or a presigned URL, must
// carry the signature the stack's own credentials give, or it is refused
// with 403. The signature is recomputed from the request itself, over
// exactly the headers the client says it signed, by the canonicalization
// rules of the AWS SDK's signer (aws/signer/v4), so the SDK, the aws CLI
// and presigned URLs pass, and a wrong key, a missing signature or a
// changed body do not. The SDK's signer is the oracle of the tests; it is
// not called at run time, as re-signing a copy of each request with it
// cost most of a push to @connections.
package sigv4
