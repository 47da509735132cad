package stack

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"

	"docflow/local/devauth"
)

// TestS3EndpointWithoutSlash: the printed s3 endpoint has no trailing
// slash, and `aws s3 ls --endpoint-url <it>` sends ListBuckets to exactly
// that path; it must list the bucket, not redirect.
func TestS3EndpointWithoutSlash(t *testing.T) {
	s := startStack(t, Config{})
	var url string
	for _, e := range s.Endpoints() {
		if e.Name == "s3" {
			url = e.URL
		}
	}
	if strings.HasSuffix(url, "/") {
		t.Fatalf("s3 endpoint %q ends in a slash; the test is about one that does not", url)
	}
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	empty := sha256.Sum256(nil)
	hash := hex.EncodeToString(empty[:])
	req.Header.Set("X-Amz-Content-Sha256", hash)
	signer := v4.NewSigner(func(o *v4.SignerOptions) { o.DisableURIPathEscaping = true })
	creds := aws.Credentials{AccessKeyID: accessKeyID, SecretAccessKey: secretAccessKey}
	if err := signer.SignHTTP(context.Background(), creds, req, hash, "s3", Region, time.Now()); err != nil {
		t.Fatal(err)
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), "<Name>"+Bucket+"</Name>") {
		t.Errorf("GET %s: %s\n%s\nwant 200 listing %s", url, resp.Status, body, Bucket)
	}
}

// TestEndpointsNameResources: serve's output names the tables, the bucket,
// the queues and the knowledge base, for the aws CLI.
func TestEndpointsNameResources(t *testing.T) {
	s := startStack(t, Config{})
	got := map[string]string{}
	for _, e := range s.Endpoints() {
		got[e.Name] = e.URL
	}
	for name, want := range map[string]string{
		"bucket": Bucket, "documents-table": DocumentsTable, "connections-table": ConnectionsTable,
		"queries-table": QueriesTable, "knowledge-base": KnowledgeBaseID,
		"queries-queue": s.endpoints.SQS + "/" + AccountID + "/" + QueriesQueue,
		"queries-dlq":   s.endpoints.SQS + "/" + AccountID + "/" + QueriesDLQ,
	} {
		if got[name] != want {
			t.Errorf("%s: %q, want %q", name, got[name], want)
		}
	}
}

// TestDevTokenOnlyForLoopback: /dev/token signs for any subject, but only
// for a caller on this machine using a loopback name.
func TestDevTokenOnlyForLoopback(t *testing.T) {
	issuer, err := devauth.New("http://127.0.0.1:1")
	if err != nil {
		t.Fatal(err)
	}
	h := devTokenHandler(issuer)
	tests := []struct {
		name, remote, host, query string
		want                      int
	}{
		{"loopback", "127.0.0.1:5555", "127.0.0.1:8080", "sub=alice", http.StatusOK},
		{"localhost", "[::1]:5555", "localhost:8080", "sub=alice&ttl=1h", http.StatusOK},
		{"another machine", "192.168.1.20:5555", "192.168.1.10:8080", "sub=alice", http.StatusForbidden},
		{"rebound DNS name", "127.0.0.1:5555", "attacker.example:8080", "sub=alice", http.StatusForbidden},
		{"no subject", "127.0.0.1:5555", "127.0.0.1:8080", "", http.StatusBadRequest},
		{"ttl too long", "127.0.0.1:5555", "127.0.0.1:8080", "sub=a&ttl=10000h", http.StatusBadRequest},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := httptest.NewRequest(http.MethodGet, "/dev/token?"+tt.query, nil)
			req.RemoteAddr, req.Host = tt.remote, tt.host
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code != tt.want {
				t.Errorf("got %d, want %d: %s", rec.Code, tt.want, rec.Body.String())
			}
			if tt.want != http.StatusOK && strings.Contains(rec.Body.String(), "eyJ") {
				t.Errorf("a refused request got a token: %s", rec.Body.String())
			}
		})
	}
}
