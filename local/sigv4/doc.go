// Package sigv4 checks AWS Signature Version 4 on the local stack's
// endpoints, as every AWS service does before it reads a request: a
// request signed in its Authorization header, or a presigned URL, must
// carry the signature the stack's own credentials give, or it is refused
// with 403. The signature is recomputed with the AWS SDK's own signer
// (aws/signer/v4) from exactly the headers the client says it signed, so
// the SDK, the aws CLI and presigned URLs pass, and a wrong key, a
// missing signature or a changed body do not.
package sigv4
