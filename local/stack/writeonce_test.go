package stack

import (
	"bytes"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// TestUploadURLWritesOnce: an upload URL replayed within its lifetime
// cannot overwrite the upload it made (412 PreconditionFailed, object
// unchanged), and the write-once header cannot be dropped from it.
func TestUploadURLWritesOnce(t *testing.T) {
	s := startStack(t, Config{})
	w := dialWS(t, s.ClientURL(s.DevToken()))
	first := []byte("the document as uploaded\n")
	up := upload(t, w, "once.txt", "text/plain", first)
	headers := up["headers"].(map[string]any)
	if headers["If-None-Match"] != "*" {
		t.Fatalf("uploadUrl headers %v lack If-None-Match: *", headers)
	}
	put := func(body []byte, skip string) (int, string) {
		req, _ := http.NewRequest(http.MethodPut, up["url"].(string), bytes.NewReader(body))
		for k, v := range headers {
			if k != skip {
				req.Header.Set(k, v.(string))
			}
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	forged := []byte("a forged replacement ...\n") // same length: the URL signs it
	if len(forged) != len(first) {
		t.Fatal("the replacement must have the signed length")
	}
	if status, body := put(forged, ""); status != http.StatusPreconditionFailed || !strings.Contains(body, "PreconditionFailed") {
		t.Errorf("replayed upload URL: %d %s, want 412 PreconditionFailed", status, body)
	}
	if status, _ := put(forged, "If-None-Match"); status != http.StatusForbidden {
		t.Errorf("replay without If-None-Match: %d, want 403 (the header is signed)", status)
	}
	out, err := newClients(s.endpoints).s3.GetObject(t.Context(), &s3.GetObjectInput{Bucket: aws.String(Bucket), Key: aws.String(up["document_key"].(string))})
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(out.Body)
	out.Body.Close()
	if !bytes.Equal(got, first) {
		t.Errorf("object is %q after the replays, want %q", got, first)
	}
}
