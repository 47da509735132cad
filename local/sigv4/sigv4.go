package sigv4

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
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

var authHeader = regexp.MustCompile(`^AWS4-HMAC-SHA256 Credential=([^,\s]+),\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-f]{64})$`)

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
	s3     bool
	signer *v4.Signer
}

// New returns a Verifier for service that accepts only creds. Service
// "s3" follows S3's rules (presigned URLs, the payload hash the client
// declares); every other service has its body hashed and checked.
func New(service string, creds aws.Credentials) *Verifier {
	s3 := service == "s3"
	return &Verifier{Service: service, Credentials: creds, s3: s3,
		signer: v4.NewSigner(func(o *v4.SignerOptions) { o.DisableURIPathEscaping = s3 })} // S3 signs the path as sent
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
	if v.s3 && r.URL.Query().Has("X-Amz-Signature") {
		return v.verifyPresigned(r)
	}
	if h := r.Header.Get("Authorization"); h != "" {
		return v.verifyHeader(r, h)
	}
	if r.URL.Query().Has("X-Amz-Signature") {
		return &Error{http.StatusForbidden, "AccessDeniedException", "Presigned requests are not accepted by " + v.Service + "."}
	}
	if v.s3 {
		return &Error{http.StatusForbidden, "AccessDenied", "Access Denied"}
	}
	return &Error{http.StatusForbidden, "MissingAuthenticationTokenException",
		"Request is missing Authentication Token: sign it with SigV4 and the local stack's credentials."}
}

// credential checks a Credential value (key/date/region/service/aws4_request)
// and returns its region.
func (v *Verifier) credential(c string, signed time.Time) (string, *Error) {
	parts := strings.Split(c, "/")
	if len(parts) != 5 || parts[4] != "aws4_request" {
		return "", &Error{http.StatusBadRequest, "IncompleteSignatureException", "The Credential is malformed."}
	}
	if parts[3] != v.Service {
		return "", &Error{http.StatusForbidden, "InvalidSignatureException",
			fmt.Sprintf("Credential should be scoped to correct service: '%s'.", v.Service)}
	}
	if parts[0] != v.Credentials.AccessKeyID {
		if v.s3 {
			return "", &Error{http.StatusForbidden, "InvalidAccessKeyId", "The AWS Access Key Id you provided does not exist in our records."}
		}
		return "", &Error{http.StatusForbidden, "UnrecognizedClientException", "The security token included in the request is invalid."}
	}
	if parts[1] != signed.UTC().Format("20060102") {
		return "", ErrSignatureDoesNotMatch
	}
	return parts[2], nil
}

// unsignedCopy is r with only the headers named in signedHeaders (";"
// separated, lowercase) and the URL as the client sent it.
func unsignedCopy(r *http.Request, signedHeaders string, query url.Values) (*http.Request, *Error) {
	u := *r.URL
	u.Scheme, u.Host = "http", r.Host
	u.RawQuery = query.Encode()
	c, err := http.NewRequestWithContext(r.Context(), r.Method, u.String(), nil)
	if err != nil {
		return nil, ErrSignatureDoesNotMatch
	}
	c.URL.RawPath, c.URL.Path = r.URL.RawPath, r.URL.Path
	c.Host = r.Host
	names := strings.Split(signedHeaders, ";")
	if !slices.Contains(names, "host") {
		return nil, &Error{http.StatusBadRequest, "AuthorizationQueryParametersError", "SignedHeaders must include host."}
	}
	for _, h := range names {
		switch h {
		case "host":
		case "content-length":
			c.ContentLength = r.ContentLength
		default:
			for _, val := range r.Header.Values(h) {
				c.Header.Add(h, val)
			}
		}
	}
	return c, nil
}

// verifyPresigned checks a presigned URL's query signature.
func (v *Verifier) verifyPresigned(r *http.Request) *Error {
	q := r.URL.Query()
	malformed := &Error{http.StatusBadRequest, "AuthorizationQueryParametersError", "Query-string authentication requires X-Amz-Algorithm, X-Amz-Credential, X-Amz-Date, X-Amz-Expires, X-Amz-SignedHeaders and X-Amz-Signature."}
	if q.Get("X-Amz-Algorithm") != "AWS4-HMAC-SHA256" {
		return malformed
	}
	signedAt, err := time.Parse(amzDate, q.Get("X-Amz-Date"))
	secs, serr := strconv.Atoi(q.Get("X-Amz-Expires"))
	if err != nil || serr != nil || secs < 1 || time.Duration(secs)*time.Second > MaxPresignExpiry {
		return malformed
	}
	region, aerr := v.credential(q.Get("X-Amz-Credential"), signedAt)
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
	given, signedHeaders := q.Get("X-Amz-Signature"), q.Get("X-Amz-SignedHeaders")
	q.Del("X-Amz-Signature")
	c, aerr := unsignedCopy(r, signedHeaders, q)
	if aerr != nil {
		return aerr
	}
	payload := q.Get("X-Amz-Content-Sha256")
	if payload == "" {
		payload = "UNSIGNED-PAYLOAD"
	}
	signedURL, _, err := v.signer.PresignHTTP(r.Context(), v.Credentials, c, payload, v.Service, region, signedAt)
	if err != nil {
		return ErrSignatureDoesNotMatch
	}
	want, err := url.Parse(signedURL)
	if err != nil {
		return ErrSignatureDoesNotMatch
	}
	wq := want.Query()
	if wq.Get("X-Amz-SignedHeaders") != signedHeaders || !hmac.Equal([]byte(wq.Get("X-Amz-Signature")), []byte(given)) {
		return ErrSignatureDoesNotMatch
	}
	return nil
}

func (v *Verifier) verifyHeader(r *http.Request, header string) *Error {
	m := authHeader.FindStringSubmatch(header)
	if m == nil {
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
	region, aerr := v.credential(m[1], signedAt)
	if aerr != nil {
		return aerr
	}
	c, aerr := unsignedCopy(r, m[2], r.URL.Query())
	if aerr != nil {
		return aerr
	}
	payload := r.Header.Get("X-Amz-Content-Sha256")
	switch {
	case v.s3 && payload == "":
		return &Error{http.StatusBadRequest, "InvalidRequest", "Missing required header for this request: x-amz-content-sha256"}
	case !v.s3:
		// The signature covers the body: hash what was sent, not what
		// the client claims it sent.
		body, err := io.ReadAll(io.LimitReader(r.Body, maxSignedBody+1))
		if err != nil {
			return &Error{http.StatusBadRequest, "SerializationException", "could not read the request body"}
		}
		if len(body) > maxSignedBody {
			return &Error{http.StatusRequestEntityTooLarge, "RequestEntityTooLarge", "request body too large"}
		}
		r.Body.Close()
		r.Body = io.NopCloser(bytes.NewReader(body))
		sum := sha256.Sum256(body)
		hash := hex.EncodeToString(sum[:])
		if payload != "" && payload != hash {
			return ErrSignatureDoesNotMatch
		}
		payload = hash
	}
	c.Header.Del("X-Amz-Date") // the signer sets it from signedAt
	if err := v.signer.SignHTTP(r.Context(), v.Credentials, c, payload, v.Service, region, signedAt); err != nil {
		return ErrSignatureDoesNotMatch
	}
	got := authHeader.FindStringSubmatch(c.Header.Get("Authorization"))
	if got == nil || got[2] != m[2] || !hmac.Equal([]byte(got[3]), []byte(m[3])) {
		return ErrSignatureDoesNotMatch
	}
	return nil
}
