package sigv4

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
)

// Error is a refused request: the HTTP status and the service's error
// code and message.
type Error struct {
	Status        int
	Code, Message string
}

func (e *Error) Error() string { return fmt.Sprintf("%d %s: %s", e.Status, e.Code, e.Message) }

// ErrSignatureDoesNotMatch is the answer to a signature that is not the
// one the stack's credentials give (wrong secret, changed request).
var ErrSignatureDoesNotMatch = &Error{http.StatusForbidden, "SignatureDoesNotMatch",
	"The request signature we calculated does not match the signature you provided. Check your key and signing method."}

// Clock skew AWS tolerates between a signature's date and its own.
const maxSkew = 15 * time.Minute

// MaxPresignExpiry is the longest presigned URL S3 accepts (7 days).
const MaxPresignExpiry = 7 * 24 * time.Hour

// maxSignedBody bounds the body read to hash a request (DynamoDB's own
// request limit is 16 MB).
const maxSignedBody = 32 << 20

// amzDate is SigV4's timestamp format.
const amzDate = "20060102T150405Z"

// algorithm is the only signing algorithm SigV4 names.
const algorithm = "AWS4-HMAC-SHA256"

// Verifier checks the signatures of one service's requests.
type Verifier struct {
	// Service is the signing name in the credential scope: "s3",
	// "dynamodb", "states", "ecs", "execute-api", "sqs", "bedrock", …
	Service string
	// Credentials are the only ones accepted.
	Credentials aws.Credentials
	// Deny writes a refusal in the service's error shape (default
	// JSONError, the shape of the JSON protocols).
	Deny func(w http.ResponseWriter, e *Error)
	// Now is the clock (default time.Now).
	Now func() time.Time

	// s3 selects S3's rules: the path is signed as sent, the payload
	// hash is the X-Amz-Content-Sha256 header (UNSIGNED-PAYLOAD allowed,
	// so uploads stream), and presigned URLs are accepted. Other
	// services sign the body itself, which Verify hashes.
	s3  bool
	key atomic.Pointer[signingKey] // the last scope's, derived once
}

// New returns a Verifier for service that accepts only creds. Service
// "s3" follows S3's rules (presigned URLs, the payload hash the client
// declares); every other service has its body hashed and checked.
func New(service string, creds aws.Credentials) *Verifier {
	return &Verifier{Service: service, Credentials: creds, s3: service == "s3"}
}

// Handler serves next only the requests Verify accepts.
func (v *Verifier) Handler(next http.Handler) http.Handler {
	deny := v.Deny
	if deny == nil {
		deny = JSONError
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := v.Verify(r); err != nil {
			deny(w, err)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// JSONError writes e as the JSON protocols (DynamoDB, Step Functions, ECS,
// API Gateway, SQS) answer errors: {"__type","message"} with the type also
// in X-Amzn-ErrorType, so SDK clients decode the code.
func JSONError(w http.ResponseWriter, e *Error) {
	w.Header().Set("Content-Type", "application/x-amz-json-1.0")
	w.Header().Set("X-Amzn-ErrorType", e.Code)
	w.WriteHeader(e.Status)
	fmt.Fprintf(w, `{"__type":%q,"message":%q}`, e.Code, e.Message)
}

func (v *Verifier) now() time.Time {
	if v.Now != nil {
		return v.Now()
	}
	return time.Now()
}

// Verify returns nil if r is signed with v's credentials for v's service.
// For services other than S3 it reads the body to hash it and puts it
// back, so the handler still reads all of it.
func (v *Verifier) Verify(r *http.Request) *Error {
	var q url.Values
	if r.URL.RawQuery != "" {
		q, _ = url.ParseQuery(r.URL.RawQuery) // as r.URL.Query, parsed once
	}
	if v.s3 && q.Has("X-Amz-Signature") {
		return v.verifyPresigned(r, q)
	}
	if h := r.Header.Get("Authorization"); h != "" {
		return v.verifyHeader(r, q, h)
	}
	if q.Has("X-Amz-Signature") {
		return &Error{http.StatusForbidden, "AccessDeniedException", "Presigned requests are not accepted by " + v.Service + "."}
	}
	if v.s3 {
		return &Error{http.StatusForbidden, "AccessDenied", "Access Denied"}
	}
	return &Error{http.StatusForbidden, "MissingAuthenticationTokenException",
		"Request is missing Authentication Token: sign it with SigV4 and the local stack's credentials."}
}

// credential checks a Credential value (key/date/region/service/aws4_request)
// and returns its region and its scope (all but the key).
func (v *Verifier) credential(c string, signed time.Time) (region, scope string, _ *Error) {
	key, scope, _ := strings.Cut(c, "/")
	date, rest, _ := strings.Cut(scope, "/")
	region, rest, _ = strings.Cut(rest, "/")
	service, term, ok := strings.Cut(rest, "/")
	if !ok || term != "aws4_request" {
		return "", "", &Error{http.StatusBadRequest, "IncompleteSignatureException", "The Credential is malformed."}
	}
	if service != v.Service {
		return "", "", &Error{http.StatusForbidden, "InvalidSignatureException",
			fmt.Sprintf("Credential should be scoped to correct service: '%s'.", v.Service)}
	}
	if key != v.Credentials.AccessKeyID {
		if v.s3 {
			return "", "", &Error{http.StatusForbidden, "InvalidAccessKeyId", "The AWS Access Key Id you provided does not exist in our records."}
		}
		return "", "", &Error{http.StatusForbidden, "UnrecognizedClientException", "The security token included in the request is invalid."}
	}
	var buf [8]byte
	if string(signed.UTC().AppendFormat(buf[:0], "20060102")) != date {
		return "", "", ErrSignatureDoesNotMatch
	}
	return region, scope, nil
}

// errNoHost is the answer to a signature that does not cover the host.
var errNoHost = &Error{http.StatusBadRequest, "AuthorizationQueryParametersError", "SignedHeaders must include host."}

// verifyPresigned checks a presigned URL's query signature.
func (v *Verifier) verifyPresigned(r *http.Request, q url.Values) *Error {
	malformed := &Error{http.StatusBadRequest, "AuthorizationQueryParametersError", "Query-string authentication requires X-Amz-Algorithm, X-Amz-Credential, X-Amz-Date, X-Amz-Expires, X-Amz-SignedHeaders and X-Amz-Signature."}
	if q.Get("X-Amz-Algorithm") != algorithm {
		return malformed
	}
	signedAt, err := time.Parse(amzDate, q.Get("X-Amz-Date"))
	secs, serr := strconv.Atoi(q.Get("X-Amz-Expires"))
	if err != nil || serr != nil || secs < 1 || time.Duration(secs)*time.Second > MaxPresignExpiry {
		return malformed
	}
	region, scope, aerr := v.credential(q.Get("X-Amz-Credential"), signedAt)
	if aerr != nil {
		return aerr
	}
	now := v.now()
	if now.After(signedAt.Add(time.Duration(secs) * time.Second)) {
		return &Error{http.StatusForbidden, "AccessDenied", "Request has expired"}
	}
	if signedAt.After(now.Add(maxSkew)) {
		return &Error{http.StatusForbidden, "AccessDenied", "Request is not valid yet"}
	}
	signedHeaders := q.Get("X-Amz-SignedHeaders")
	if !hasHost(signedHeaders) {
		return errNoHost
	}
	payload := q.Get("X-Amz-Content-Sha256")
	if payload == "" {
		payload = "UNSIGNED-PAYLOAD"
	}
	return v.check(r, request{query: q, presigned: true, signedHeaders: signedHeaders,
		signature: q.Get("X-Amz-Signature"), payload: payload, signedAt: signedAt, region: region, scope: scope})
}

func (v *Verifier) verifyHeader(r *http.Request, q url.Values, header string) *Error {
	cred, signedHeaders, signature, ok := parseAuthorization(header)
	if !ok {
		if v.s3 {
			return &Error{http.StatusBadRequest, "AuthorizationHeaderMalformed", "The authorization header is malformed."}
		}
		return &Error{http.StatusBadRequest, "IncompleteSignatureException", "The Authorization header is not a SigV4 signature."}
	}
	signedAt, err := time.Parse(amzDate, r.Header.Get("X-Amz-Date"))
	if err != nil {
		return &Error{http.StatusForbidden, "AccessDenied", "AWS authentication requires a valid Date or x-amz-date header"}
	}
	if d := v.now().Sub(signedAt); d > maxSkew || d < -maxSkew {
		return &Error{http.StatusForbidden, "RequestTimeTooSkewed", "The difference between the request time and the current time is too large."}
	}
	region, scope, aerr := v.credential(cred, signedAt)
	if aerr != nil {
		return aerr
	}
	if !hasHost(signedHeaders) {
		return errNoHost
	}
	payload := r.Header.Get("X-Amz-Content-Sha256")
	switch {
	case v.s3 && payload == "":
		return &Error{http.StatusBadRequest, "InvalidRequest", "Missing required header for this request: x-amz-content-sha256"}
	case !v.s3:
		// The signature covers the body: hash what was sent, not what
		// the client claims it sent.
		body, err := readBody(r)
		if err != nil {
			return &Error{http.StatusBadRequest, "SerializationException", "could not read the request body"}
		}
		if len(body) > maxSignedBody {
			return &Error{http.StatusRequestEntityTooLarge, "RequestEntityTooLarge", "request body too large"}
		}
		r.Body.Close()
		r.Body = &readBack{Reader: bytes.NewReader(body)}
		sum := sha256.Sum256(body)
		var hash [64]byte
		hex.Encode(hash[:], sum[:])
		if payload != "" && payload != string(hash[:]) {
			return ErrSignatureDoesNotMatch
		}
		return v.check(r, request{query: q, signedHeaders: signedHeaders, signature: signature,
			payloadSum: &hash, signedAt: signedAt, region: region, scope: scope})
	}
	return v.check(r, request{query: q, signedHeaders: signedHeaders, signature: signature,
		payload: payload, signedAt: signedAt, region: region, scope: scope})
}

// readBack is a request body already read, put back for the handler.
type readBack struct{ *bytes.Reader }

func (readBack) Close() error { return nil }

// readBody reads up to maxSignedBody+1 bytes of r's body, in one
// allocation when the client declared its length.
func readBody(r *http.Request) ([]byte, error) {
	size := r.ContentLength
	if size < 0 || size > maxSignedBody {
		size = 512
	}
	b := make([]byte, 0, size+1) // +1: the read that sees EOF needs no growth
	lr := io.LimitedReader{R: r.Body, N: maxSignedBody + 1}
	for {
		n, err := lr.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if err == io.EOF {
			return b, nil
		}
		if err != nil {
			return b, err
		}
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
	}
}

// parseAuthorization splits an Authorization header of the form
// "AWS4-HMAC-SHA256 Credential=C, SignedHeaders=H, Signature=S" (S 64
// lowercase hex digits; C and H without commas or white space; any white
// space, or none, after each comma).
func parseAuthorization(h string) (cred, signedHeaders, signature string, ok bool) {
	rest, ok := strings.CutPrefix(h, algorithm+" Credential=")
	if !ok {
		return "", "", "", false
	}
	if cred, rest, ok = field(rest); !ok {
		return "", "", "", false
	}
	if rest, ok = strings.CutPrefix(rest, "SignedHeaders="); !ok {
		return "", "", "", false
	}
	if signedHeaders, rest, ok = field(rest); !ok {
		return "", "", "", false
	}
	if signature, ok = strings.CutPrefix(rest, "Signature="); !ok || len(signature) != 64 {
		return "", "", "", false
	}
	for i := range len(signature) {
		if c := signature[i]; (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return "", "", "", false
		}
	}
	return cred, signedHeaders, signature, true
}

// field cuts a non-empty run of bytes other than ',' and white space,
// the comma after it and any white space after that.
func field(s string) (value, rest string, ok bool) {
	i := 0
	for i < len(s) && s[i] != ',' && !isSpace(s[i]) {
		i++
	}
	if i == 0 || i == len(s) || s[i] != ',' {
		return "", "", false
	}
	value, rest = s[:i], s[i+1:]
	for len(rest) > 0 && isSpace(rest[0]) {
		rest = rest[1:]
	}
	return value, rest, true
}

// isSpace is RE2's \s.
func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r' }

// hasHost reports whether host is among the ";" separated names.
func hasHost(names string) bool {
	for names != "" {
		var name string
		name, names, _ = strings.Cut(names, ";")
		if name == "host" {
			return true
		}
	}
	return false
}
