package sqs

import (
	"encoding/json"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// TestAWSCLI drives the local SQS with the installed aws CLI. CLI v1's
// botocore describes SQS with protocol "json" (awsQueryCompatible), so it
// speaks the same JSON protocol as the Go SDK.
func TestAWSCLI(t *testing.T) {
	if _, err := exec.LookPath("aws"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("the aws CLI is not installed; CI must run the CLI test")
		}
		t.Skip("SKIPPED LOUDLY: the aws CLI is not installed, so `aws sqs … --endpoint-url` is untested here")
	}
	_, c, endpoint := start(t, Config{})
	home := t.TempDir()
	aws := func(out any, args ...string) {
		t.Helper()
		cmd := exec.Command("aws", append([]string{"sqs", "--endpoint-url", endpoint, "--output", "json"}, args...)...)
		cmd.Env = append(os.Environ(), "AWS_ACCESS_KEY_ID=local", "AWS_SECRET_ACCESS_KEY=local", "AWS_DEFAULT_REGION=us-east-1",
			"AWS_CONFIG_FILE="+home+"/config", "AWS_SHARED_CREDENTIALS_FILE="+home+"/credentials", "HOME="+home)
		b, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("aws sqs %s: %v\n%s", strings.Join(args, " "), err, b)
		}
		if out != nil {
			if err := json.Unmarshal(b, out); err != nil {
				t.Fatalf("aws sqs %s printed %q: %v", args[0], b, err)
			}
		}
	}
	var created struct{ QueueUrl string }
	aws(&created, "create-queue", "--queue-name", "cli", "--attributes", "VisibilityTimeout=45")
	if want := endpoint + "/123456789012/cli"; created.QueueUrl != want {
		t.Fatalf("create-queue QueueUrl = %q, want %q", created.QueueUrl, want)
	}
	var sent struct{ MessageId, MD5OfMessageBody, MD5OfMessageAttributes string }
	aws(&sent, "send-message", "--queue-url", created.QueueUrl, "--message-body", "hello from the CLI",
		"--message-attributes", `{"PostalCode":{"DataType":"String","StringValue":"ABC123"}}`)
	if sent.MD5OfMessageBody != bodyMD5("hello from the CLI") || sent.MD5OfMessageAttributes != "b8e89563a83b6381835710c1e088e74f" {
		t.Errorf("send-message = %+v", sent)
	}
	var got struct {
		Messages []struct {
			MessageId, ReceiptHandle, Body string
			Attributes                     map[string]string
		}
	}
	aws(&got, "receive-message", "--queue-url", created.QueueUrl, "--attribute-names", "All", "--message-attribute-names", "All", "--wait-time-seconds", "1")
	if len(got.Messages) != 1 || got.Messages[0].MessageId != sent.MessageId || got.Messages[0].Body != "hello from the CLI" || got.Messages[0].Attributes["ApproximateReceiveCount"] != "1" {
		t.Fatalf("receive-message = %+v", got)
	}
	var queue struct{ Attributes map[string]string }
	aws(&queue, "get-queue-attributes", "--queue-url", created.QueueUrl, "--attribute-names", "All")
	if queue.Attributes["ApproximateNumberOfMessagesNotVisible"] != "1" || queue.Attributes["VisibilityTimeout"] != "45" {
		t.Errorf("get-queue-attributes = %v", queue.Attributes)
	}
	aws(nil, "delete-message", "--queue-url", created.QueueUrl, "--receipt-handle", got.Messages[0].ReceiptHandle)
	if v, n := counts(t, c, created.QueueUrl); v+n != 0 {
		t.Errorf("after the CLI's delete-message: %d visible, %d in flight", v, n)
	}
}
