package stack

import (
	"crypto/hmac"
	"fmt"
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

// The stack's one access key: the functions sign with it, and so does the
// presigner that makes upload URLs.
const (
	accessKeyID     = "local"
	secretAccessKey = "local"
)

// amzDate is SigV4's timestamp format.
const amzDate = "20060102T150405Z"

// maxPresignExpiry is S3's longest presigned URL (7 days).
const maxPresignExpiry = 7 * 24 * time.Hour

var authHeader = regexp.MustCompile(`^AWS4-HMAC-SHA256 Credential=([^,\s]+),\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-f]{64})$`)

// s3Auth authenticates requests as S3 does before gofakes3 (which checks
// none) serves them: a presigned URL must carry a valid SigV4 query
// signature that has not expired, a request signed in its headers a valid
// Authorization header, and an unsigned request is refused. The signature
// is recomputed with the AWS SDK's own signer from exactly the headers the
// client says it signed, so a URL used with another method, key, content
// type or length fails as it would in S3.
func s3Auth(next http.Handler) http.Handler {
	signer := v4.NewSigner(func(o *v4.SignerOptions) { o.DisableURIPathEscaping = true }) // S3 signs the path as sent
	creds := aws.Credentials{AccessKeyID: accessKeyID, SecretAccessKey: secretAccessKey}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var err *s3AuthError
		if r.URL.Query().Has("X-Amz-Signature") {
			err = checkPresignedRequest(r, signer, creds, time.Now())
		} else if h := r.Header.Get("Authorization"); h != "" {
			err = checkSignedRequest(r, h, signer, creds)
		} else {
			err = &s3AuthError{http.StatusForbidden, "AccessDenied", "Access Denied"}
		}
		if err != nil {
			s3Error(w, err.status, err.code, err.message)
			return
		}
		next.ServeHTTP(w, r)
	})
}

type s3AuthError struct {
	status        int
	code, message string
}

var errSignature = &s3AuthError{http.StatusForbidden, "SignatureDoesNotMatch",
	"The request signature we calculated does not match the signature you provided. Check your key and signing method."}

// credential checks an X-Amz-Credential value (key/date/region/s3/aws4_request)
// and returns its region.
func credential(v string, signed time.Time) (string, *s3AuthError) {
	parts := strings.Split(v, "/")
	if len(parts) != 5 || parts[3] != "s3" || parts[4] != "aws4_request" {
		return "", &s3AuthError{http.StatusBadRequest, "AuthorizationQueryParametersError", "X-Amz-Credential is malformed."}
	}
	if parts[0] != accessKeyID {
		return "", &s3AuthError{http.StatusForbidden, "InvalidAccessKeyId", "The AWS Access Key Id you provided does not exist in our records."}
	}
	if parts[1] != signed.UTC().Format("20060102") {
		return "", errSignature
	}
	return parts[2], nil
}

// unsignedCopy is r with only the headers named in signedHeaders (";"
// separated, lowercase) and the URL as the client sent it.
func unsignedCopy(r *http.Request, signedHeaders string, query url.Values) (*http.Request, *s3AuthError) {
	u := *r.URL
	u.Scheme, u.Host = "http", r.Host
	u.RawQuery = query.Encode()
	c, err := http.NewRequestWithContext(r.Context(), r.Method, u.String(), nil)
	if err != nil {
		return nil, errSignature
	}
	c.URL.RawPath, c.URL.Path = r.URL.RawPath, r.URL.Path
	c.Host = r.Host
	names := strings.Split(signedHeaders, ";")
	if !slices.Contains(names, "host") {
		return nil, &s3AuthError{http.StatusBadRequest, "AuthorizationQueryParametersError", "SignedHeaders must include host."}
	}
	for _, h := range names {
		switch h {
		case "host":
		case "content-length":
			c.ContentLength = r.ContentLength
		default:
			for _, v := range r.Header.Values(h) {
				c.Header.Add(h, v)
			}
		}
	}
	return c, nil
}

func checkPresignedRequest(r *http.Request, signer *v4.Signer, creds aws.Credentials, now time.Time) *s3AuthError {
	q := r.URL.Query()
	malformed := &s3AuthError{http.StatusBadRequest, "AuthorizationQueryParametersError", "Query-string authentication requires X-Amz-Algorithm, X-Amz-Credential, X-Amz-Date, X-Amz-Expires, X-Amz-SignedHeaders and X-Amz-Signature."}
	if q.Get("X-Amz-Algorithm") != "AWS4-HMAC-SHA256" {
		return malformed
	}
	signedAt, err := time.Parse(amzDate, q.Get("X-Amz-Date"))
	secs, serr := strconv.Atoi(q.Get("X-Amz-Expires"))
	if err != nil || serr != nil || secs < 1 || time.Duration(secs)*time.Second > maxPresignExpiry {
		return malformed
	}
	region, aerr := credential(q.Get("X-Amz-Credential"), signedAt)
	if aerr != nil {
		return aerr
	}
	if now.After(signedAt.Add(time.Duration(secs) * time.Second)) {
		return &s3AuthError{http.StatusForbidden, "AccessDenied", "Request has expired"}
	}
	if signedAt.After(now.Add(15 * time.Minute)) {
		return &s3AuthError{http.StatusForbidden, "AccessDenied", "Request is not valid yet"}
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
	signedURL, _, err := signer.PresignHTTP(r.Context(), creds, c, payload, "s3", region, signedAt)
	if err != nil {
		return errSignature
	}
	want, err := url.Parse(signedURL)
	if err != nil {
		return errSignature
	}
	wq := want.Query()
	if wq.Get("X-Amz-SignedHeaders") != signedHeaders || !hmac.Equal([]byte(wq.Get("X-Amz-Signature")), []byte(given)) {
		return errSignature
	}
	return nil
}

func checkSignedRequest(r *http.Request, header string, signer *v4.Signer, creds aws.Credentials) *s3AuthError {
	m := authHeader.FindStringSubmatch(header)
	if m == nil {
		return &s3AuthError{http.StatusBadRequest, "AuthorizationHeaderMalformed", "The authorization header is malformed."}
	}
	signedAt, err := time.Parse(amzDate, r.Header.Get("X-Amz-Date"))
	if err != nil {
		return &s3AuthError{http.StatusForbidden, "AccessDenied", "AWS authentication requires a valid Date or x-amz-date header"}
	}
	if d := time.Since(signedAt); d > 15*time.Minute || d < -15*time.Minute {
		return &s3AuthError{http.StatusForbidden, "RequestTimeTooSkewed", "The difference between the request time and the current time is too large."}
	}
	region, aerr := credential(m[1], signedAt)
	if aerr != nil {
		return aerr
	}
	c, aerr := unsignedCopy(r, m[2], r.URL.Query())
	if aerr != nil {
		return aerr
	}
	payload := r.Header.Get("X-Amz-Content-Sha256")
	if payload == "" {
		return &s3AuthError{http.StatusBadRequest, "InvalidRequest", "Missing required header for this request: x-amz-content-sha256"}
	}
	c.Header.Del("X-Amz-Date") // the signer sets it from signedAt
	if err := signer.SignHTTP(r.Context(), creds, c, payload, "s3", region, signedAt); err != nil {
		return errSignature
	}
	got := authHeader.FindStringSubmatch(c.Header.Get("Authorization"))
	if got == nil || got[2] != m[2] || !hmac.Equal([]byte(got[3]), []byte(m[3])) {
		return errSignature
	}
	return nil
}

// String is for test failure messages.
func (e *s3AuthError) String() string { return fmt.Sprintf("%d %s: %s", e.status, e.code, e.message) }
