package sigv4_test

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"

	"docflow/local/sigv4"
)

// signedCase is one request signed by the SDK's signer, as a client
// sends it.
type signedCase struct {
	service, method, path, query string
	header                       http.Header
	body                         string
	presign                      bool
}

func (c signedCase) String() string {
	return fmt.Sprintf("%s %s %s?%s presign=%v %v", c.service, c.method, c.path, c.query, c.presign, c.header)
}

var signedAt = time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)

// wire signs c with the SDK's v4 signer and returns the bytes a client
// sends (Authorization header or presigned URL).
func (c signedCase) wire(t testing.TB) []byte {
	t.Helper()
	s3 := c.service == "s3"
	u := &url.URL{Scheme: "http", Host: "127.0.0.1:4566", Opaque: "//127.0.0.1:4566" + c.path, RawQuery: c.query}
	r, err := http.NewRequest(c.method, u.String(), strings.NewReader(c.body))
	if err != nil {
		t.Fatal(err)
	}
	r.URL.Opaque = "//127.0.0.1:4566" + c.path // the path exactly as written
	r.URL.RawQuery = c.query
	for k, vs := range c.header {
		r.Header[k] = vs
	}
	signer := v4.NewSigner(func(o *v4.SignerOptions) { o.DisableURIPathEscaping = s3 })
	sum := sha256.Sum256([]byte(c.body))
	payload := hex.EncodeToString(sum[:])
	if s3 {
		payload = "UNSIGNED-PAYLOAD"
	}
	if c.presign {
		r.URL.RawQuery = strings.TrimPrefix(c.query+"&X-Amz-Expires=900", "&")
		signed, hdr, err := signer.PresignHTTP(context.Background(), creds, r, payload, c.service, "eu-west-1", signedAt)
		if err != nil {
			t.Fatal(err)
		}
		su, err := url.Parse(signed)
		if err != nil {
			t.Fatal(err)
		}
		r.URL.RawQuery = su.RawQuery
		for k, vs := range hdr {
			if k != "Host" {
				r.Header[k] = vs
			}
		}
	} else {
		if s3 {
			r.Header.Set("X-Amz-Content-Sha256", payload)
		}
		if err := signer.SignHTTP(context.Background(), creds, r, payload, c.service, "eu-west-1", signedAt); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := r.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// received parses wire bytes as the server does.
func received(wire []byte) (*http.Request, error) {
	return http.ReadRequest(bufio.NewReader(bytes.NewReader(wire)))
}

func verifier(service string) *sigv4.Verifier {
	v := sigv4.New(service, creds)
	v.Now = func() time.Time { return signedAt.Add(time.Minute) }
	return v
}

func signedCases() []signedCase {
	var cases []signedCase
	paths := []string{"/", "/dynamodb", "/@connections/AbC-12_3=", "/a%20b/c", "/x/%2F/y", "/%C3%BC/~tilde", "/a+b!$'()*,;:@", "/a//b/", "/k%2Bx.txt"}
	queries := []string{"", "a=1&b=2", "b=2&a=1&a=0", "x=a%20b&y=+&z=%2B", "flag", "e=&e=", "t=%7E~&u=%2F/", "Action=SendMessage&QueueUrl=http%3A%2F%2F127.0.0.1%2Fq"}
	headers := []http.Header{
		{},
		{"X-Amz-Target": {"DynamoDB_20120810.GetItem"}, "Content-Type": {"application/x-amz-json-1.0"}},
		{"Content-Type": {"  text/plain;   charset=utf-8  "}, "X-Amz-Meta-Note": {" a  b ", "c\t"}},
		{"X-Custom": {"\tx  y  z\t"}, "Content-Md5": {"abc"}},
	}
	bodies := []string{"", `{"TableName":"t"}`, strings.Repeat("x", 3000)}
	i := 0
	for _, service := range []string{"s3", "dynamodb", "execute-api", "states", "sqs"} {
		for _, p := range paths {
			for _, q := range queries {
				h := headers[i%len(headers)]
				body := bodies[i%len(bodies)]
				method := []string{"POST", "PUT", "GET", "DELETE"}[i%4]
				i++
				cases = append(cases, signedCase{service, method, p, q, h, body, false})
				if service == "s3" {
					cases = append(cases, signedCase{service, "GET", p, q, h, "", true})
				}
			}
		}
	}
	return cases
}

// TestVerifierAgreesWithSDKSigner: what the SDK's signer signs, Verify
// accepts, and a change of one byte anywhere the signature covers is
// refused.
func TestVerifierAgreesWithSDKSigner(t *testing.T) {
	cases, refused := signedCases(), 0
	defer func() { t.Logf("%d signed requests accepted, %d changed ones refused", len(cases), refused) }()
	for _, c := range cases {
		wire := c.wire(t)
		r, err := received(wire)
		if err != nil {
			t.Fatalf("%v: %v", c, err)
		}
		if err := verifier(c.service).Verify(r); err != nil {
			t.Fatalf("%v: signed by the SDK, refused: %v\n%s", c, err, wire)
		}
		if c.body != "" && c.service != "s3" {
			if got, _ := io.ReadAll(r.Body); string(got) != c.body {
				t.Fatalf("%v: handler reads %d bytes of the body, want %d", c, len(got), len(c.body))
			}
		}
		for _, m := range mutations(wire, c) {
			r, err := received(m.wire)
			if err != nil {
				continue // not a request a server would serve
			}
			if verifier(c.service).Verify(r) == nil {
				t.Errorf("%v: %s changed, still accepted:\n%s", c, m.what, m.wire)
			}
			refused++
		}
	}
}

type mutation struct {
	what string
	wire []byte
}

// mutations changes one byte of the method, the path, the query, each
// signed header's value, the body (where signed) and the signature.
func mutations(wire []byte, c signedCase) []mutation {
	head, body, _ := bytes.Cut(wire, []byte("\r\n\r\n"))
	lines := strings.Split(string(head), "\r\n")
	reqLine := lines[0]
	var out []mutation
	join := func(lines []string, body []byte) []byte {
		return append([]byte(strings.Join(lines, "\r\n")+"\r\n\r\n"), body...)
	}
	withLine := func(what, line string) {
		l := append([]string{line}, lines[1:]...)
		out = append(out, mutation{what, join(l, body)})
	}
	method, rest, _ := strings.Cut(reqLine, " ")
	target, proto, _ := strings.Cut(rest, " ")
	withLine("method", "X"+method[1:]+" "+rest)
	path, query, hasQuery := strings.Cut(target, "?")
	for _, i := range []int{len(path) - 1, len(path) / 2} {
		p := []byte(path)
		p[i] = flip(p[i])
		withLine("path", method+" "+string(p)+strings.TrimSuffix("?"+query, "?")+" "+proto)
	}
	if hasQuery {
		for _, i := range []int{0, len(query) / 2, len(query) - 1} {
			q := []byte(query)
			if q[i] == '&' || q[i] == '=' || q[i] == '%' {
				continue
			}
			q[i] = flip(q[i])
			withLine("query byte", method+" "+path+"?"+string(q)+" "+proto)
		}
	}
	withLine("query added", method+" "+path+"?"+strings.TrimPrefix(query+"&zz=1", "&")+" "+proto)
	signed := signedHeaderNames(wire)
	for i, line := range lines[1:] {
		name, value, _ := strings.Cut(line, ": ")
		switch lname := strings.ToLower(name); {
		case lname == "authorization":
			l := slicesClone(lines)
			l[i+1] = line[:len(line)-1] + string(flip(line[len(line)-1]))
			out = append(out, mutation{"signature", join(l, body)})
		case signed[lname] && lname != "host" && lname != "content-length" && strings.TrimSpace(value) != "":
			l := slicesClone(lines)
			v := []byte(value)
			j := len(strings.TrimRight(value, " \t")) - 1
			v[j] = flip(v[j])
			l[i+1] = name + ": " + string(v)
			out = append(out, mutation{"header " + name, join(l, body)})
		}
	}
	if hasQuery && strings.Contains(query, "X-Amz-Signature=") {
		q := []byte(query)
		i := strings.Index(query, "X-Amz-Signature=") + len("X-Amz-Signature=")
		q[i] = flip(q[i])
		withLine("signature", method+" "+path+"?"+string(q)+" "+proto)
	}
	if len(body) > 0 && c.service != "s3" {
		b := bytes.Clone(body)
		b[len(b)/2] = flip(b[len(b)/2])
		out = append(out, mutation{"body", join(lines, b)})
	}
	return out
}

func slicesClone(s []string) []string { return append([]string(nil), s...) }

// flip changes a byte to another that keeps a request line or header
// parseable.
func flip(c byte) byte {
	switch {
	case c == 'z':
		return 'y'
	case c == '9':
		return '8'
	case c == 'Z':
		return 'Y'
	case 'a' <= c && c < 'z', '0' <= c && c < '9', 'A' <= c && c < 'Z':
		return c + 1
	case c == '/':
		return 'q'
	default:
		return 'w'
	}
}

// signedHeaderNames reads the signed header names from the Authorization
// header or the X-Amz-SignedHeaders parameter of wire.
func signedHeaderNames(wire []byte) map[string]bool {
	r, err := received(wire)
	if err != nil {
		return nil
	}
	list := r.URL.Query().Get("X-Amz-SignedHeaders")
	if a := r.Header.Get("Authorization"); a != "" {
		_, after, _ := strings.Cut(a, "SignedHeaders=")
		list, _, _ = strings.Cut(after, ",")
	}
	names := map[string]bool{}
	for _, n := range strings.Split(list, ";") {
		names[n] = true
	}
	return names
}

// FuzzVerifierAgreesWithSDKSigner: whatever path, query, header value and
// body the SDK's signer signs, Verify accepts.
func FuzzVerifierAgreesWithSDKSigner(f *testing.F) {
	f.Add("s3", "/a b/%2F", "x=1&y=a%20b", " v  w ", "", false)
	f.Add("dynamodb", "/", "", "application/json", `{"a":1}`, false)
	f.Add("s3", "/k.txt", "partNumber=1", "text/plain", "", true)
	f.Fuzz(func(t *testing.T, service, path, query, value, body string, presign bool) {
		if service != "s3" {
			service, presign = "execute-api", false
		}
		u, err := url.Parse("http://127.0.0.1:4566" + path + "?" + query)
		if err != nil || u.Path == "" || !strings.HasPrefix(path, "/") || strings.ContainsAny(path, "?#") || strings.ContainsAny(query, "#") {
			return
		}
		if strings.ContainsAny(value, "\r\n\x00") || !validHeaderValue(value) {
			return
		}
		c := signedCase{service, "PUT", path, query, http.Header{"Content-Type": {value}}, body, presign}
		wire := c.wire(t)
		r, err := received(wire)
		if err != nil {
			return
		}
		if r.URL.EscapedPath() != path {
			return // the path would not reach a server as signed
		}
		if err := verifier(service).Verify(r); err != nil {
			t.Fatalf("%v: signed by the SDK, refused: %v\n%s", c, err, wire)
		}
	})
}

func validHeaderValue(v string) bool {
	for i := range len(v) {
		if c := v[i]; c < ' ' && c != '\t' || c == 0x7f {
			return false
		}
	}
	return true
}
