package sigv4_test

import (
	"net/http"
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
			wire := c.wire(b)
			v := verifier(c.service)
			b.ReportAllocs()
			// The server's parse is not measured: requests are parsed in
			// batches with the timer stopped (stopping it per request
			// costs more than Verify).
			var batch []*http.Request
			for b.Loop() {
				if len(batch) == 0 {
					b.StopTimer()
					for range 1000 {
						r, err := received(wire)
						if err != nil {
							b.Fatal(err)
						}
						batch = append(batch, r)
					}
					b.StartTimer()
				}
				r := batch[len(batch)-1]
				batch = batch[:len(batch)-1]
				if err := v.Verify(r); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
