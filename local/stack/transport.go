package stack

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
)

// smallBody is the largest request body wholeRequests sends in one write.
const smallBody = 64 << 10

// wholeRequests sends each small request as one write. net/http flushes a
// request's headers on their own whenever the body is not a reader it knows
// to be in memory, and the SDK's bodies never are: every SDK call would
// cost two writes on the client and two reads on the server, so a wake-up
// more on each side. Reading a small body into a bytes.Reader first puts
// the same bytes on the wire in one write. Larger bodies (uploads) stream
// as before.
type wholeRequests struct{ base http.RoundTripper }

func (t wholeRequests) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Body == nil || r.Body == http.NoBody || r.ContentLength <= 0 || r.ContentLength > smallBody {
		return t.base.RoundTrip(r)
	}
	body := make([]byte, r.ContentLength)
	_, err := io.ReadFull(r.Body, body)
	r.Body.Close()
	if err != nil {
		return nil, fmt.Errorf("read request body: %w", err)
	}
	whole := r.Clone(r.Context())
	whole.Body = io.NopCloser(bytes.NewReader(body))
	whole.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(body)), nil }
	return t.base.RoundTrip(whole)
}
