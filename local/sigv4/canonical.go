package sigv4

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"hash"
	"net/http"
	"net/textproto"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// The canonical request is built here from the incoming request itself,
// by the rules of the SDK's signer (aws/signer/v4, v1.47): rebuilding an
// unsigned copy and re-signing it with that signer cost ~30 µs a request,
// most of a push on @connections. The signer stays the oracle: the tests
// sign varied requests with it and check that these rules agree.

// request is what a signature claims, taken from its header or query.
type request struct {
	query         url.Values
	presigned     bool
	signedHeaders string // as the client sent them
	signature     string
	payload       string    // the payload hash the client declared
	payloadSum    *[64]byte // or the body's own, for services other than S3
	signedAt      time.Time
	region, scope string // scope: date/region/service/aws4_request
}

// scratch is one verification's buffers, pooled so a request allocates
// none of them.
type scratch struct {
	buf, enc []byte
	pairs    []pair
	sum      [sha256.Size]byte
	want     [2 * sha256.Size]byte
}

// pair is one query parameter: its encoded key and value in scratch.enc.
type pair struct{ k0, k1, v0, v1 int }

var scratchPool = sync.Pool{New: func() any { return &scratch{buf: make([]byte, 0, 1024)} }}

// check recomputes the signature of r as the claim describes it and
// compares it with the one the client sent.
func (v *Verifier) check(r *http.Request, c request) *Error {
	s := scratchPool.Get().(*scratch)
	defer scratchPool.Put(s)
	b := append(s.buf[:0], r.Method...)
	b = append(b, '\n')
	b = v.appendURI(b, r.URL)
	b = append(b, '\n')
	b = s.appendQuery(b, c.query, c.presigned)
	b = append(b, '\n')
	b, ok := appendHeaders(b, r, c)
	if !ok {
		s.buf = b
		return ErrSignatureDoesNotMatch
	}
	b = append(b, '\n')
	b = append(b, c.signedHeaders...)
	b = append(b, '\n')
	if c.payloadSum != nil {
		b = append(b, c.payloadSum[:]...)
	} else {
		b = append(b, c.payload...)
	}
	s.sum = sha256.Sum256(b)

	b = append(b[:0], algorithm+"\n"...)
	b = c.signedAt.UTC().AppendFormat(b, amzDate)
	b = append(b, '\n')
	b = append(b, c.scope...)
	b = append(b, '\n')
	b = hex.AppendEncode(b, s.sum[:])
	key := v.signingKey(c.scope, c.region)
	mac := key.macs.Get().(hash.Hash)
	mac.Reset()
	mac.Write(b)
	hex.Encode(s.want[:], mac.Sum(s.sum[:0]))
	key.macs.Put(mac)
	s.buf = b
	if len(c.signature) != len(s.want) {
		return ErrSignatureDoesNotMatch
	}
	var got [2 * sha256.Size]byte
	copy(got[:], c.signature)
	if !hmac.Equal(got[:], s.want[:]) {
		return ErrSignatureDoesNotMatch
	}
	return nil
}

// signingKey is the key derived for one credential scope, with HMACs
// keyed by it for reuse.
type signingKey struct {
	secret, scope string
	macs          sync.Pool // of hash.Hash
}

// signingKey returns the key for scope, derived once per scope: requests
// come in one region, so the last one is kept.
func (v *Verifier) signingKey(scope, region string) *signingKey {
	secret := v.Credentials.SecretAccessKey
	if k := v.key.Load(); k != nil && k.scope == scope && k.secret == secret {
		return k
	}
	date, _, _ := strings.Cut(scope, "/")
	key := hmacSHA256([]byte("AWS4"+secret), date)
	key = hmacSHA256(key, region)
	key = hmacSHA256(key, v.Service)
	key = hmacSHA256(key, "aws4_request")
	k := &signingKey{secret: secret, scope: strings.Clone(scope)}
	k.macs.New = func() any { return hmac.New(sha256.New, key) }
	v.key.Store(k)
	return k
}

func hmacSHA256(key []byte, data string) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(data))
	return m.Sum(nil)
}

// appendURI appends the canonical URI: the path as sent for S3, escaped
// once more, as the SDK does, for every other service.
func (v *Verifier) appendURI(b []byte, u *url.URL) []byte {
	p := u.EscapedPath()
	if p == "" {
		p = "/"
	}
	if v.s3 {
		return append(b, p...)
	}
	return appendEscaped(b, p, true)
}

// appendEscaped appends s with every byte but the unreserved ones (and
// '/' if keepSlash) percent-encoded in upper case, as SigV4 encodes URI
// components.
func appendEscaped(b []byte, s string, keepSlash bool) []byte {
	const upperhex = "0123456789ABCDEF"
	for i := range len(s) {
		c := s[i]
		if unreserved(c) || c == '/' && keepSlash {
			b = append(b, c)
		} else {
			b = append(b, '%', upperhex[c>>4], upperhex[c&15])
		}
	}
	return b
}

func unreserved(c byte) bool {
	return 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~'
}

// appendQuery appends the canonical query string: every parameter, key
// and value encoded, sorted by key then value. A presigned URL's
// signature is left out, and its X-Amz-Algorithm, -Date, -Credential and
// -SignedHeaders count once, as the signer sets them.
func (s *scratch) appendQuery(b []byte, q url.Values, presigned bool) []byte {
	if len(q) == 0 {
		return b
	}
	enc, pairs := s.enc[:0], s.pairs[:0]
	for k, vals := range q {
		if presigned {
			switch k {
			case "X-Amz-Signature":
				continue
			case "X-Amz-Algorithm", "X-Amz-Date", "X-Amz-Credential", "X-Amz-SignedHeaders":
				vals = vals[:1]
			}
		}
		k0 := len(enc)
		enc = appendEscaped(enc, k, false)
		k1 := len(enc)
		for _, val := range vals {
			v0 := len(enc)
			enc = appendEscaped(enc, val, false)
			pairs = append(pairs, pair{k0, k1, v0, len(enc)})
		}
	}
	slices.SortFunc(pairs, func(x, y pair) int {
		if c := bytes.Compare(enc[x.k0:x.k1], enc[y.k0:y.k1]); c != 0 {
			return c
		}
		return bytes.Compare(enc[x.v0:x.v1], enc[y.v0:y.v1])
	})
	for i, p := range pairs {
		if i > 0 {
			b = append(b, '&')
		}
		b = append(b, enc[p.k0:p.k1]...)
		b = append(b, '=')
		b = append(b, enc[p.v0:p.v1]...)
	}
	s.enc, s.pairs = enc, pairs
	return b
}

// appendHeaders appends the canonical headers named in c.signedHeaders.
// It reports false when the signer could not have produced that list
// from r: names not lower case or not in sorted order, a header the
// signer ignores or (presigned) moves to the query, one r lacks, a
// content-length on an empty body, or a header signature without
// x-amz-date.
func appendHeaders(b []byte, r *http.Request, c request) ([]byte, bool) {
	prev, names, sawDate := "", c.signedHeaders, false
	for first := true; ; first = false {
		name, rest, more := strings.Cut(names, ";")
		names = rest
		if !first && name <= prev || !lowerCase(name) || ignored(name) || c.presigned && hoisted(name) {
			return b, false
		}
		prev = name
		b = append(b, name...)
		b = append(b, ':')
		switch {
		case name == "host":
			b = appendCollapsed(b, strings.Trim(sanitizeHost(r.Host), " "))
		case name == "content-length":
			if r.ContentLength <= 0 {
				return b, false
			}
			b = strconv.AppendInt(b, r.ContentLength, 10)
		case name == "x-amz-date" && !c.presigned: // the signer sets it
			sawDate = true
			b = c.signedAt.UTC().AppendFormat(b, amzDate)
		default:
			vals := headerValues(r.Header, name)
			if len(vals) == 0 {
				return b, false
			}
			for i, val := range vals {
				if i > 0 {
					b = append(b, ',')
				}
				b = appendCollapsed(b, strings.TrimSpace(val))
			}
		}
		b = append(b, '\n')
		if !more {
			break
		}
	}
	return b, c.presigned || sawDate
}

// appendCollapsed appends s with each run of spaces made one.
func appendCollapsed(b []byte, s string) []byte {
	for i := range len(s) {
		if s[i] == ' ' && i > 0 && s[i-1] == ' ' {
			continue
		}
		b = append(b, s[i])
	}
	return b
}

func lowerCase(name string) bool {
	for i := range len(name) {
		if c := name[i]; 'A' <= c && c <= 'Z' {
			return false
		} else if c >= 0x80 {
			return name == strings.ToLower(name)
		}
	}
	return true
}

// headerValues is h.Values(name) for a lower-case name, without
// allocating for the usual names.
func headerValues(h http.Header, name string) []string {
	var buf [64]byte
	if len(name) > len(buf) {
		return h[textproto.CanonicalMIMEHeaderKey(name)]
	}
	upper := true
	for i := range len(name) {
		c := name[i]
		switch {
		case 'a' <= c && c <= 'z':
			if upper {
				c -= 'a' - 'A'
			}
		case '0' <= c && c <= '9', c == '-':
		default:
			return h[textproto.CanonicalMIMEHeaderKey(name)]
		}
		buf[i] = c
		upper = c == '-'
	}
	return h[string(buf[:len(name)])]
}

// ignored are the headers the signer never signs.
func ignored(name string) bool {
	switch name {
	case "authorization", "user-agent", "x-amzn-trace-id", "expect", "transfer-encoding":
		return true
	}
	return false
}

// hoisted reports whether a presigning signer moves header name into the
// query instead of signing it: the X-Amz- headers that S3 does not
// require signed as headers.
func hoisted(name string) bool {
	if !strings.HasPrefix(name, "x-amz-") {
		return false
	}
	if _, ok := signedAsHeader[name]; ok {
		return false
	}
	for _, p := range []string{"x-amz-object-lock-", "x-amz-meta-"} {
		if strings.HasPrefix(name, p) {
			return false
		}
	}
	return !strings.HasPrefix(name, "x-amz-checksum-") || strings.HasPrefix(name, "x-amz-checksum-mode")
}

// signedAsHeader is the SDK's RequiredSignedHeaders in lower case, less
// X-Amz-Grant-Full-control: the SDK spells it so, its canonical form never
// matches, and it is hoisted.
var signedAsHeader = map[string]struct{}{
	"cache-control": {}, "content-disposition": {}, "content-encoding": {}, "content-language": {},
	"content-md5": {}, "content-type": {}, "expires": {}, "if-match": {}, "if-modified-since": {},
	"if-none-match": {}, "if-unmodified-since": {}, "range": {}, "x-amz-acl": {}, "x-amz-copy-source": {},
	"x-amz-copy-source-if-match": {}, "x-amz-copy-source-if-modified-since": {},
	"x-amz-copy-source-if-none-match": {}, "x-amz-copy-source-if-unmodified-since": {},
	"x-amz-copy-source-range": {}, "x-amz-copy-source-server-side-encryption-customer-algorithm": {},
	"x-amz-copy-source-server-side-encryption-customer-key":     {},
	"x-amz-copy-source-server-side-encryption-customer-key-md5": {},
	"x-amz-grant-read": {}, "x-amz-grant-read-acp": {}, "x-amz-grant-write": {}, "x-amz-grant-write-acp": {},
	"x-amz-metadata-directive": {}, "x-amz-mfa": {}, "x-amz-server-side-encryption": {},
	"x-amz-server-side-encryption-aws-kms-key-id": {}, "x-amz-server-side-encryption-context": {},
	"x-amz-server-side-encryption-customer-algorithm": {}, "x-amz-server-side-encryption-customer-key": {},
	"x-amz-server-side-encryption-customer-key-md5": {}, "x-amz-storage-class": {},
	"x-amz-website-redirect-location": {}, "x-amz-content-sha256": {}, "x-amz-tagging": {},
}

// sanitizeHost drops a default port (80: the copy the signer signed was
// http), as the signer does, brackets of an IPv6 literal included.
func sanitizeHost(host string) string {
	colon := strings.IndexByte(host, ':')
	if colon < 0 {
		return host
	}
	var port string
	if i := strings.Index(host, "]:"); i >= 0 {
		port = host[i+2:]
	} else if !strings.Contains(host, "]") {
		port = host[colon+1:]
	}
	if port != "80" {
		return host
	}
	if i := strings.IndexByte(host, ']'); i >= 0 {
		return strings.TrimPrefix(host[:i], "[")
	}
	return host[:colon]
}
