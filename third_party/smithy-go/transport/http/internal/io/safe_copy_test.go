package io

import (
	"bytes"
	"io"
	"testing"
)

// net/http copies a request body twice: up to its ContentLength, then to
// io.Discard to catch extra bytes. smithy-go's ClientHandler closes the
// body as soon as client.Do returns, which can come first when the server
// answers before the transport's write loop finishes. Upstream's WriteTo
// then returned io.EOF, io.Copy passed it on, and net/http closed the
// connection as a failed write, under a response still being streamed
// (docflow saw 1-5 of every 1,000 RetrieveAndGenerateStream calls fail with
// "use of closed network connection").
func TestCopyAfterCloseIsNotAnError(t *testing.T) {
	body := NewSafeReadCloser(io.NopCloser(bytes.NewReader([]byte(`{"a":1}`))))
	if _, ok := body.(io.WriterTo); !ok {
		t.Fatal("a bytes.Reader body should keep its WriterTo")
	}
	if n, err := io.Copy(io.Discard, io.LimitReader(body, 7)); n != 7 || err != nil {
		t.Fatalf("first copy: %d, %v", n, err)
	}
	if err := body.Close(); err != nil {
		t.Fatal(err)
	}
	if n, err := io.Copy(io.Discard, body); n != 0 || err != nil {
		t.Errorf("copy after close: %d, %v; want 0, nil (no bytes left, no error)", n, err)
	}
	if n, err := body.Read(make([]byte, 4)); n != 0 || err != io.EOF {
		t.Errorf("read after close: %d, %v; want 0, EOF", n, err)
	}
}
