package sigv4_test

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

	"docflow/local/sigv4"
)

var creds = aws.Credentials{AccessKeyID: "local", SecretAccessKey: "local"}

func TestVerifierHandler(t *testing.T) {
	const body = `{"TableName":"t"}`
	sign := func(r *http.Request, c aws.Credentials, service string, at time.Time, payload string) {
		sum := sha256.Sum256([]byte(payload))
		if err := v4.NewSigner().SignHTTP(context.Background(), c, r, hex.EncodeToString(sum[:]), service, "us-east-1", at); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name     string
		prepare  func(r *http.Request)
		wantCode string // "" served
	}{
		{"signed", func(r *http.Request) { sign(r, creds, "dynamodb", time.Now(), body) }, ""},
		{"unsigned", func(*http.Request) {}, "MissingAuthenticationTokenException"},
		{"other secret", func(r *http.Request) {
			sign(r, aws.Credentials{AccessKeyID: "local", SecretAccessKey: "x"}, "dynamodb", time.Now(), body)
		}, "SignatureDoesNotMatch"},
		{"other key id", func(r *http.Request) {
			sign(r, aws.Credentials{AccessKeyID: "AKID", SecretAccessKey: "local"}, "dynamodb", time.Now(), body)
		}, "UnrecognizedClientException"},
		{"body changed after signing", func(r *http.Request) { sign(r, creds, "dynamodb", time.Now(), `{"TableName":"u"}`) }, "SignatureDoesNotMatch"},
		{"header changed after signing", func(r *http.Request) {
			sign(r, creds, "dynamodb", time.Now(), body)
			r.Header.Set("X-Amz-Target", "DynamoDB_20120810.DeleteTable")
		}, "SignatureDoesNotMatch"},
		{"another service's scope", func(r *http.Request) { sign(r, creds, "states", time.Now(), body) }, "InvalidSignatureException"},
		{"signed an hour ago", func(r *http.Request) { sign(r, creds, "dynamodb", time.Now().Add(-time.Hour), body) }, "RequestTimeTooSkewed"},
		{"not SigV4", func(r *http.Request) { r.Header.Set("Authorization", "Bearer x") }, "IncompleteSignatureException"},
	}
	var served string
	h := sigv4.New("dynamodb", creds).Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		served = string(b)
	}))
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			served = ""
			r := httptest.NewRequest(http.MethodPost, "http://127.0.0.1:1/dynamodb", strings.NewReader(body))
			r.Header.Set("X-Amz-Target", "DynamoDB_20120810.DescribeTable")
			r.Header.Set("Content-Type", "application/x-amz-json-1.0")
			tc.prepare(r)
			w := httptest.NewRecorder()
			h.ServeHTTP(w, r)
			if tc.wantCode == "" {
				if w.Code != http.StatusOK || served != body {
					t.Fatalf("status %d %s; handler read %q, want the whole body", w.Code, w.Body, served)
				}
				return
			}
			if got := w.Header().Get("X-Amzn-ErrorType"); got != tc.wantCode || w.Code/100 != 4 {
				t.Errorf("status %d, error type %q (%s), want 4xx %q", w.Code, got, w.Body, tc.wantCode)
			}
			if served != "" {
				t.Errorf("a refused request reached the handler")
			}
		})
	}
}
