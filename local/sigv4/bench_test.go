package sigv4_test

import (
	"io"
	"net/http"
	"strings"
	"testing"
)

// BenchmarkVerify: the CPU and allocations of checking one signature, for
// a push to @connections (header signature, body hashed) and a presigned
// S3 GET.
func BenchmarkVerify(b *testing.B) {
	frame := `{"action":"progressUpdate","message":"Extracting text: page 3 of 9...","data":{"documentId":"0b9b6f4e-2f7a-4c4e-9a51-2d8f0e3b7c11","progress":59}}`
	for _, c := range []signedCase{
		{"execute-api", "POST", "/local/@connections/AbC-12_3=", "", http.Header{"Content-Type": {"application/octet-stream"}}, frame, false},
		{"s3", "GET", "/documents/uploads/u1/0b9b6f4e.pdf", "x-id=GetObject", http.Header{}, "", true},
	} {
		b.Run(c.service, func(b *testing.B) {
			r, err := received(c.wire(b))
			if err != nil {
				b.Fatal(err)
			}
			v := verifier(c.service)
			b.ReportAllocs()
			for b.Loop() {
				// Parsed once; the body, which Verify reads, is given anew
				// (one allocation of the figure is this reader's).
				r.Body = io.NopCloser(strings.NewReader(c.body))
				if err := v.Verify(r); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
