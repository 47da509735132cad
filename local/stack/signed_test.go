package stack

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
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
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	"github.com/aws/aws-sdk-go-v2/service/sfn"

	"docflow/local/sigv4"
)

// s3AuthError is a refusal as the S3 tests read it.
type s3AuthError struct {
	status        int
	code, message string
}

func (e *s3AuthError) String() string { return fmt.Sprintf("%d %s: %s", e.status, e.code, e.message) }

// checkPresignedRequest checks r's presigned signature at now, as the
// stack's S3 does.
func checkPresignedRequest(r *http.Request, _ *v4.Signer, creds aws.Credentials, now time.Time) *s3AuthError {
	v := sigv4.New("s3", creds)
	v.Now = func() time.Time { return now }
	if err := v.Verify(r); err != nil {
		return &s3AuthError{err.Status, err.Code, err.Message}
	}
	return nil
}

// signedRequest is a JSON-protocol POST to url signed for service with
// the given secret at now.
func signedRequest(t *testing.T, url, service, target, body, secret string) *http.Request {
	t.Helper()
	r, err := http.NewRequest(http.MethodPost, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	r.Header.Set("Content-Type", "application/x-amz-json-1.0")
	if target != "" {
		r.Header.Set("X-Amz-Target", target)
	}
	if secret == "" {
		return r
	}
	sum := sha256Hex(body)
	creds := aws.Credentials{AccessKeyID: AccessKeyID, SecretAccessKey: secret}
	if err := v4.NewSigner().SignHTTP(context.Background(), creds, r, sum, service, Region, time.Now()); err != nil {
		t.Fatal(err)
	}
	return r
}

// TestEveryEndpointChecksSignatures: DynamoDB, @connections, Step
// Functions and ECS refuse an unsigned call, one signed with another
// secret, and one whose body was changed after signing, with 403 and the
// JSON error shape; a correctly signed raw call passes the check.
func TestEveryEndpointChecksSignatures(t *testing.T) {
	s := startStack(t, Config{})
	w := dialWS(t, s.ClientURL(s.DevToken()))
	w.send(`{"action":"ping"}`)
	w.next()
	var connID string
	s.gw.mu.RLock()
	for id := range s.gw.conns {
		connID = id
	}
	s.gw.mu.RUnlock()
	endpoints := []struct {
		name, url, service, target, body string
	}{
		{"dynamodb", s.endpoints.DynamoDB, "dynamodb", "DynamoDB_20120810.ListTables", `{}`},
		{"stepfunctions", s.endpoints.StepFunctions, "states", "AWSStepFunctions.ListStateMachines", `{}`},
		{"ecs", s.endpoints.ECS, "ecs", "AmazonEC2ContainerServiceV20141113.ListTasks", `{"cluster":"docflow"}`},
		{"connections", s.endpoints.Connections + "/@connections/" + connID, "execute-api", "", `{"action":"forged"}`},
	}
	for _, ep := range endpoints {
		t.Run(ep.name, func(t *testing.T) {
			tampered := signedRequest(t, ep.url, ep.service, ep.target, ep.body, SecretAccessKey)
			tampered.Body = io.NopCloser(strings.NewReader(ep.body + " "))
			tampered.ContentLength++
			refused := map[string]*http.Request{
				"unsigned":      signedRequest(t, ep.url, ep.service, ep.target, ep.body, ""),
				"wrong secret":  signedRequest(t, ep.url, ep.service, ep.target, ep.body, "not-the-secret"),
				"tampered body": tampered,
				"wrong service": signedRequest(t, ep.url, "s3", ep.target, ep.body, SecretAccessKey),
			}
			for name, r := range refused {
				resp, err := http.DefaultClient.Do(r)
				if err != nil {
					t.Fatal(err)
				}
				b, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				if resp.StatusCode != http.StatusForbidden || !bytes.Contains(b, []byte(`"__type"`)) || resp.Header.Get("X-Amzn-ErrorType") == "" {
					t.Errorf("%s: %s %s, want 403 with a JSON error", name, resp.Status, b)
				}
			}
			good := ep.body
			if ep.name == "connections" {
				good = `{"action":"accepted"}` // told apart from the refused pushes
			}
			resp, err := http.DefaultClient.Do(signedRequest(t, ep.url, ep.service, ep.target, good, SecretAccessKey))
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode == http.StatusForbidden {
				t.Errorf("correctly signed: %s %s", resp.Status, b)
			}
		})
	}
	// The pushes are written in order and each POST answers after its
	// write, so a refused push that got through would arrive before the
	// accepted one.
	for f := w.next(); f["action"] != "accepted"; f = w.next() {
		if f["action"] == "forged" {
			t.Errorf("a refused push reached the client: %v", f)
		}
	}
}

// TestSDKClientsWithOtherKeysAreRefused: the real SDK clients with
// another key get an error naming the refusal, and with the stack's key
// they work.
func TestSDKClientsWithOtherKeysAreRefused(t *testing.T) {
	s := startStack(t, Config{})
	for _, tc := range []struct {
		name       string
		akid, sec  string
		wantRefuse bool
	}{
		{"stack key", AccessKeyID, SecretAccessKey, false},
		{"other key id", "AKIDOTHER", SecretAccessKey, true},
		{"other secret", AccessKeyID, "guess", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := aws.Config{Region: Region, Credentials: credentials.NewStaticCredentialsProvider(tc.akid, tc.sec, ""), RetryMaxAttempts: 1}
			at := aws.String
			calls := map[string]error{}
			_, calls["dynamodb"] = dynamodb.NewFromConfig(cfg, func(o *dynamodb.Options) { o.BaseEndpoint = at(s.endpoints.DynamoDB) }).ListTables(t.Context(), &dynamodb.ListTablesInput{})
			_, calls["stepfunctions"] = sfn.NewFromConfig(cfg, func(o *sfn.Options) { o.BaseEndpoint = at(s.endpoints.StepFunctions) }).ListStateMachines(t.Context(), &sfn.ListStateMachinesInput{})
			_, calls["ecs"] = ecs.NewFromConfig(cfg, func(o *ecs.Options) { o.BaseEndpoint = at(s.endpoints.ECS) }).ListTasks(t.Context(), &ecs.ListTasksInput{Cluster: at(Cluster)})
			for svc, err := range calls {
				if refused := err != nil && strings.Contains(err.Error(), "403"); refused != tc.wantRefuse {
					t.Errorf("%s: err %v, want refused=%v", svc, err, tc.wantRefuse)
				}
			}
		})
	}
}

func sha256Hex(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

// TestAWSCLISignsForEveryEndpoint: the aws CLI with the stack's keys
// reaches DynamoDB and ECS; with another secret it is refused.
func TestAWSCLISignsForEveryEndpoint(t *testing.T) {
	if _, err := exec.LookPath("aws"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("aws CLI missing")
		}
		t.Skip("aws CLI missing")
	}
	s := startStack(t, Config{})
	run := func(secret string, args ...string) ([]byte, error) {
		cmd := exec.CommandContext(t.Context(), "aws", append(args, "--region", Region, "--output", "json")...)
		cmd.Env = append(os.Environ(), "AWS_ACCESS_KEY_ID="+AccessKeyID, "AWS_SECRET_ACCESS_KEY="+secret, "AWS_PAGER=",
			"AWS_CONFIG_FILE=/dev/null", "AWS_SHARED_CREDENTIALS_FILE=/dev/null", "AWS_MAX_ATTEMPTS=1")
		return cmd.CombinedOutput()
	}
	calls := [][]string{
		{"dynamodb", "describe-table", "--table-name", ConnectionsTable, "--endpoint-url", s.endpoints.DynamoDB},
		{"ecs", "describe-tasks", "--cluster", Cluster, "--tasks", "arn:aws:ecs:us-east-1:123456789012:task/docflow/none", "--endpoint-url", s.endpoints.ECS},
	}
	for _, args := range calls {
		if out, err := run(SecretAccessKey, args...); err != nil {
			t.Errorf("aws %s with the stack's key: %v\n%s", strings.Join(args[:2], " "), err, out)
		}
		out, err := run("wrong", args...)
		if err == nil || !strings.Contains(string(out), "signature") && !strings.Contains(string(out), "Signature") {
			t.Errorf("aws %s with another secret: %v\n%s", strings.Join(args[:2], " "), err, out)
		}
	}
}
