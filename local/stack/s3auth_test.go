package stack

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"docflow/internal/testenv"
)

// presignPut presigns an upload as get_upload_url does, with the given
// credentials.
func presignPut(t *testing.T, s *Stack, key, contentType string, size int64, akid, secret string) string {
	t.Helper()
	cfg := aws.Config{Region: Region, Credentials: credentials.NewStaticCredentialsProvider(akid, secret, "")}
	c := s3.NewFromConfig(cfg, func(o *s3.Options) { o.BaseEndpoint = aws.String(s.endpoints.S3); o.UsePathStyle = true })
	req, err := s3.NewPresignClient(c).PresignPutObject(context.Background(), &s3.PutObjectInput{
		Bucket: aws.String(Bucket), Key: aws.String(key), ContentType: aws.String(contentType), ContentLength: aws.Int64(size),
	}, s3.WithPresignExpires(5*time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	return req.URL
}

func put(t *testing.T, url, contentType string, body []byte) (int, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPut, url, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// TestS3ChecksPresignedURLs: an upload URL works for exactly the upload it
// was made for, as in S3.
func TestS3ChecksPresignedURLs(t *testing.T) {
	s := startStack(t, Config{})
	body := []byte("%PDF-1.4 pretend\n")
	const key = "uploads/dev/5f0c9a7e-1b2d-4c3e-8f4a-6b7c8d9e0f1a/a.pdf"
	good := presignPut(t, s, key, "application/pdf", int64(len(body)), accessKeyID, secretAccessKey)

	tests := []struct {
		name        string
		url         string
		contentType string
		body        []byte
		wantStatus  int
		wantCode    string
	}{
		{"another content type", good, "text/html", body, 403, "SignatureDoesNotMatch"},
		{"no content type", good, "", body, 403, "SignatureDoesNotMatch"},
		{"a bigger body", good, "application/pdf", append(body, "more"...), 403, "SignatureDoesNotMatch"},
		{"another key", strings.Replace(good, "/a.pdf", "/b.pdf", 1), "application/pdf", body, 403, "SignatureDoesNotMatch"},
		{"another owner's prefix", strings.Replace(good, "uploads/dev/", "uploads/alice/", 1), "application/pdf", body, 403, "SignatureDoesNotMatch"},
		{"a forged signature", good[:len(good)-4] + "0000", "application/pdf", body, 403, "SignatureDoesNotMatch"},
		{"a longer expiry", strings.Replace(good, "X-Amz-Expires=300", "X-Amz-Expires=3000", 1), "application/pdf", body, 403, "SignatureDoesNotMatch"},
		{"signed with another secret", presignPut(t, s, key, "application/pdf", int64(len(body)), accessKeyID, "guess"), "application/pdf", body, 403, "SignatureDoesNotMatch"},
		{"an unknown access key", presignPut(t, s, key, "application/pdf", int64(len(body)), "AKIDEXAMPLE", secretAccessKey), "application/pdf", body, 403, "InvalidAccessKeyId"},
		{"no signature at all", strings.Split(good, "?")[0], "application/pdf", body, 403, "AccessDenied"},
		{"the URL as made", good, "application/pdf", body, 200, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, resp := put(t, tt.url, tt.contentType, tt.body)
			if status != tt.wantStatus || !strings.Contains(resp, tt.wantCode) {
				t.Errorf("PUT = %d %s, want %d %s", status, resp, tt.wantStatus, tt.wantCode)
			}
		})
	}
	// Only the good upload landed, with the bytes it was signed for.
	obj, err := newClients(s.endpoints).s3.GetObject(context.Background(), &s3.GetObjectInput{Bucket: aws.String(Bucket), Key: aws.String(key)})
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(obj.Body)
	if !bytes.Equal(got, body) {
		t.Errorf("stored %q, want %q", got, body)
	}
}

// TestS3PresignedExpiry checks expiry against a clock, not by waiting.
func TestS3PresignedExpiry(t *testing.T) {
	signer := v4.NewSigner(func(o *v4.SignerOptions) { o.DisableURIPathEscaping = true })
	creds := aws.Credentials{AccessKeyID: accessKeyID, SecretAccessKey: secretAccessKey}
	signedAt := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	req, _ := http.NewRequest(http.MethodPut, "http://127.0.0.1:1/s3/docflow-documents/uploads/dev/x/a.txt?X-Amz-Expires=300&x-id=PutObject", nil)
	req.ContentLength = 5
	req.Header.Set("Content-Type", "text/plain")
	url, _, err := signer.PresignHTTP(context.Background(), creds, req, "UNSIGNED-PAYLOAD", "s3", Region, signedAt)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		now      time.Time
		wantCode string // "" accepted
	}{
		{"just signed", signedAt.Add(time.Second), ""},
		{"at the last second", signedAt.Add(300 * time.Second), ""},
		{"expired", signedAt.Add(301 * time.Second), "AccessDenied"},
		{"signed in the future", signedAt.Add(-time.Hour), "AccessDenied"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, _ := http.NewRequest(http.MethodPut, url, strings.NewReader("hello"))
			r.Host = "127.0.0.1:1"
			r.Header.Set("Content-Type", "text/plain")
			err := checkPresignedRequest(r, signer, creds, tt.now)
			var got string
			if err != nil {
				got = err.code
			}
			if got != tt.wantCode {
				t.Errorf("check = %v, want code %q", err, tt.wantCode)
			}
		})
	}
}

// TestS3AcceptsTheAWSCLI: botocore's header signatures pass the same
// check, so the stack's S3 works with `aws s3` and `aws s3api`.
func TestS3AcceptsTheAWSCLI(t *testing.T) {
	testenv.Require(t, testenv.AWS)
	s := startStack(t, Config{})
	src := t.TempDir() + "/note.txt"
	if err := os.WriteFile(src, []byte("uploaded by the aws CLI\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	run := func(secret string, args ...string) (string, error) {
		cmd := exec.CommandContext(t.Context(), "aws", append(args, "--region", Region, "--endpoint-url", s.endpoints.S3)...)
		cmd.Env = append(os.Environ(), "AWS_ACCESS_KEY_ID="+accessKeyID, "AWS_SECRET_ACCESS_KEY="+secret, "AWS_PAGER=",
			"AWS_CONFIG_FILE=/dev/null", "AWS_SHARED_CREDENTIALS_FILE=/dev/null", "AWS_S3_ADDRESSING_STYLE=path")
		out, err := cmd.CombinedOutput()
		return string(out), err
	}
	if out, err := run(secretAccessKey, "s3", "cp", src, "s3://"+Bucket+"/cli/note.txt"); err != nil {
		t.Fatalf("aws s3 cp: %v\n%s", err, out)
	}
	out, err := run(secretAccessKey, "s3", "ls", "s3://"+Bucket+"/cli/")
	if err != nil || !strings.Contains(out, "note.txt") {
		t.Fatalf("aws s3 ls: %v\n%s", err, out)
	}
	if out, err := run("wrong-secret", "s3", "ls", "s3://"+Bucket+"/cli/"); err == nil || !strings.Contains(out, "SignatureDoesNotMatch") {
		t.Errorf("a wrong secret was accepted: %v\n%s", err, out)
	}
}
