package sqs

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	awssqs "github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/aws-sdk-go-v2/service/sqs/types"
	"github.com/aws/smithy-go"
)

// start serves a Service under /sqs, as the stack mounts it, and returns a
// real SDK client pointed at it.
func start(t testing.TB, cfg Config) (*Service, *awssqs.Client, string) {
	t.Helper()
	s, err := New(cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	mux := http.NewServeMux()
	// The SDK posts to the endpoint's own path, "/sqs".
	mux.Handle("/sqs", http.StripPrefix("/sqs", s))
	mux.Handle("/sqs/", http.StripPrefix("/sqs", s))
	srv := httptest.NewServer(mux)
	t.Cleanup(func() {
		srv.Close()
		s.Close()
	})
	return s, client(srv.URL + "/sqs"), srv.URL + "/sqs"
}

func client(endpoint string) *awssqs.Client {
	return awssqs.New(awssqs.Options{
		Region:           DefaultRegion,
		BaseEndpoint:     aws.String(endpoint),
		Credentials:      credentials.NewStaticCredentialsProvider("local", "local", ""),
		RetryMaxAttempts: 1,
	})
}

func createQueue(t testing.TB, c *awssqs.Client, name string, attrs map[string]string) string {
	t.Helper()
	out, err := c.CreateQueue(context.Background(), &awssqs.CreateQueueInput{QueueName: aws.String(name), Attributes: attrs})
	if err != nil {
		t.Fatalf("CreateQueue %s: %v", name, err)
	}
	return aws.ToString(out.QueueUrl)
}

func send(t testing.TB, c *awssqs.Client, url, body string) string {
	t.Helper()
	out, err := c.SendMessage(context.Background(), &awssqs.SendMessageInput{QueueUrl: aws.String(url), MessageBody: aws.String(body)})
	if err != nil {
		t.Fatalf("SendMessage: %v", err)
	}
	return aws.ToString(out.MessageId)
}

func receive(t testing.TB, c *awssqs.Client, url string, max, wait int32) []types.Message {
	t.Helper()
	out, err := c.ReceiveMessage(context.Background(), &awssqs.ReceiveMessageInput{
		QueueUrl: aws.String(url), MaxNumberOfMessages: max, WaitTimeSeconds: wait,
		MessageSystemAttributeNames: []types.MessageSystemAttributeName{"All"}, MessageAttributeNames: []string{"All"},
	})
	if err != nil {
		t.Fatalf("ReceiveMessage: %v", err)
	}
	return out.Messages
}

func attrs(t testing.TB, c *awssqs.Client, url string, names ...types.QueueAttributeName) map[string]string {
	t.Helper()
	out, err := c.GetQueueAttributes(context.Background(), &awssqs.GetQueueAttributesInput{QueueUrl: aws.String(url), AttributeNames: names})
	if err != nil {
		t.Fatalf("GetQueueAttributes: %v", err)
	}
	return out.Attributes
}

// counts is ApproximateNumberOfMessages and …NotVisible.
func counts(t testing.TB, c *awssqs.Client, url string) (int, int) {
	t.Helper()
	a := attrs(t, c, url, "ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible")
	v, _ := strconv.Atoi(a["ApproximateNumberOfMessages"])
	n, _ := strconv.Atoi(a["ApproximateNumberOfMessagesNotVisible"])
	return v, n
}

func wantCode(t testing.TB, err error, code string) {
	t.Helper()
	var api smithy.APIError
	if !errors.As(err, &api) {
		t.Fatalf("err = %v, want API error %s", err, code)
	}
	if api.ErrorCode() != code {
		t.Fatalf("error code = %q (%v), want %q", api.ErrorCode(), err, code)
	}
}

func TestQueueOperations(t *testing.T) {
	_, c, base := start(t, Config{})
	ctx := context.Background()
	url := createQueue(t, c, "jobs", map[string]string{"VisibilityTimeout": "90", "SqsManagedSseEnabled": "true"})
	if want := base + "/123456789012/jobs"; url != want {
		t.Errorf("QueueUrl = %q, want %q", url, want)
	}
	if again := createQueue(t, c, "jobs", map[string]string{"VisibilityTimeout": "90"}); again != url {
		t.Errorf("CreateQueue again = %q, want %q", again, url)
	}
	_, err := c.CreateQueue(ctx, &awssqs.CreateQueueInput{QueueName: aws.String("jobs"), Attributes: map[string]string{"VisibilityTimeout": "10"}})
	var exists *types.QueueNameExists
	if !errors.As(err, &exists) {
		t.Errorf("CreateQueue with other attributes: err = %v, want QueueNameExists", err)
	}
	wantCode(t, err, "QueueAlreadyExists")

	got, err := c.GetQueueUrl(ctx, &awssqs.GetQueueUrlInput{QueueName: aws.String("jobs")})
	if err != nil || aws.ToString(got.QueueUrl) != url {
		t.Errorf("GetQueueUrl = %v, %v; want %s", got, err, url)
	}
	_, err = c.GetQueueUrl(ctx, &awssqs.GetQueueUrlInput{QueueName: aws.String("nope")})
	var missing *types.QueueDoesNotExist
	if !errors.As(err, &missing) {
		t.Errorf("GetQueueUrl nope: err = %v, want QueueDoesNotExist", err)
	}
	wantCode(t, err, "AWS.SimpleQueueService.NonExistentQueue")

	all := attrs(t, c, url, "All")
	for name, want := range map[string]string{
		"QueueArn":                              "arn:aws:sqs:us-east-1:123456789012:jobs",
		"VisibilityTimeout":                     "90",
		"MessageRetentionPeriod":                "345600",
		"ApproximateNumberOfMessages":           "0",
		"ApproximateNumberOfMessagesNotVisible": "0",
		"SqsManagedSseEnabled":                  "true",
		"ReceiveMessageWaitTimeSeconds":         "0",
	} {
		if all[name] != want {
			t.Errorf("attribute %s = %q, want %q", name, all[name], want)
		}
	}
	if one := attrs(t, c, url, "QueueArn"); len(one) != 1 {
		t.Errorf("GetQueueAttributes QueueArn = %v, want only QueueArn", one)
	}
	_, err = c.GetQueueAttributes(ctx, &awssqs.GetQueueAttributesInput{QueueUrl: aws.String(url), AttributeNames: []types.QueueAttributeName{"Colour"}})
	wantCode(t, err, "InvalidAttributeName")

	if _, err := c.SetQueueAttributes(ctx, &awssqs.SetQueueAttributesInput{QueueUrl: aws.String(url), Attributes: map[string]string{"ReceiveMessageWaitTimeSeconds": "5"}}); err != nil {
		t.Fatalf("SetQueueAttributes: %v", err)
	}
	if v := attrs(t, c, url, "ReceiveMessageWaitTimeSeconds")["ReceiveMessageWaitTimeSeconds"]; v != "5" {
		t.Errorf("ReceiveMessageWaitTimeSeconds after set = %q, want 5", v)
	}

	createQueue(t, c, "jobs-dlq", nil)
	createQueue(t, c, "other", nil)
	list, err := c.ListQueues(ctx, &awssqs.ListQueuesInput{QueueNamePrefix: aws.String("jobs")})
	if err != nil || len(list.QueueUrls) != 2 {
		t.Errorf("ListQueues jobs = %v, %v; want jobs and jobs-dlq", list.QueueUrls, err)
	}
	page, err := c.ListQueues(ctx, &awssqs.ListQueuesInput{MaxResults: aws.Int32(2)})
	if err != nil || len(page.QueueUrls) != 2 || page.NextToken == nil {
		t.Fatalf("ListQueues page 1 = %v, %v", page, err)
	}
	rest, err := c.ListQueues(ctx, &awssqs.ListQueuesInput{MaxResults: aws.Int32(2), NextToken: page.NextToken})
	if err != nil || len(rest.QueueUrls) != 1 || rest.NextToken != nil {
		t.Errorf("ListQueues page 2 = %v, %v; want one queue, no token", rest.QueueUrls, err)
	}

	if _, err := c.DeleteQueue(ctx, &awssqs.DeleteQueueInput{QueueUrl: aws.String(url)}); err != nil {
		t.Fatalf("DeleteQueue: %v", err)
	}
	_, err = c.SendMessage(ctx, &awssqs.SendMessageInput{QueueUrl: aws.String(url), MessageBody: aws.String("x")})
	wantCode(t, err, "AWS.SimpleQueueService.NonExistentQueue")
	_, err = c.CreateQueue(ctx, &awssqs.CreateQueueInput{QueueName: aws.String("jobs")})
	wantCode(t, err, "AWS.SimpleQueueService.QueueDeletedRecently")
}

func TestCreateQueueRejects(t *testing.T) {
	_, c, _ := start(t, Config{})
	createQueue(t, c, "dlq", nil)
	for _, tc := range []struct {
		name, queue string
		attrs       map[string]string
		code        string
	}{
		{"bad name", "no spaces", nil, "InvalidParameterValue"},
		{"visibility too long", "q", map[string]string{"VisibilityTimeout": "43201"}, "InvalidAttributeValue"},
		{"unknown attribute", "q", map[string]string{"Colour": "red"}, "InvalidAttributeName"},
		{"redrive to nowhere", "q", map[string]string{"RedrivePolicy": `{"deadLetterTargetArn":"arn:aws:sqs:us-east-1:123456789012:gone","maxReceiveCount":3}`}, "InvalidParameterValue"},
		{"redrive count 0", "q", map[string]string{"RedrivePolicy": `{"deadLetterTargetArn":"arn:aws:sqs:us-east-1:123456789012:dlq","maxReceiveCount":0}`}, "InvalidParameterValue"},
		{"fifo", "q", map[string]string{"FifoQueue": "true"}, "InvalidAttributeValue"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := c.CreateQueue(context.Background(), &awssqs.CreateQueueInput{QueueName: aws.String(tc.queue), Attributes: tc.attrs})
			wantCode(t, err, tc.code)
		})
	}
}

func TestMD5OfMessageAttributes(t *testing.T) {
	// Digests from the aws CLI's own SQS examples (receive-message.rst),
	// which SQS computed.
	str := func(v string) attributeValue { return attributeValue{DataType: "String", StringValue: &v} }
	for _, tc := range []struct {
		name  string
		attrs map[string]attributeValue
		want  string
	}{
		{"one", map[string]attributeValue{"PostalCode": str("ABC123")}, "b8e89563a83b6381835710c1e088e74f"},
		{"two in name order", map[string]attributeValue{"PostalCode": str("ABC123"), "City": str("Any City")}, "9424c491ff2bbec06ecbc9d226bc3ae7"},
		{"none", nil, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := attributesMD5(tc.attrs); got != tc.want {
				t.Errorf("attributesMD5 = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestSendReceiveDelete(t *testing.T) {
	_, c, _ := start(t, Config{})
	ctx := context.Background()
	url := createQueue(t, c, "q", nil)
	sent, err := c.SendMessage(ctx, &awssqs.SendMessageInput{
		QueueUrl:    aws.String(url),
		MessageBody: aws.String(`{"queryId":"q1"} – ünïcode ✓`),
		MessageAttributes: map[string]types.MessageAttributeValue{
			"PostalCode": {DataType: aws.String("String"), StringValue: aws.String("ABC123")},
			"City":       {DataType: aws.String("String"), StringValue: aws.String("Any City")},
			"Count":      {DataType: aws.String("Number"), StringValue: aws.String("42")},
			"Blob":       {DataType: aws.String("Binary"), BinaryValue: []byte{0, 1, 2, 255}},
		},
		MessageSystemAttributes: map[string]types.MessageSystemAttributeValue{
			"AWSTraceHeader": {DataType: aws.String("String"), StringValue: aws.String("Root=1-5759e988-bd862e3fe1be46a994272793")},
		},
	})
	if err != nil {
		t.Fatalf("SendMessage (the SDK checks MD5OfMessageBody): %v", err)
	}
	if sent.MD5OfMessageAttributes == nil || len(*sent.MD5OfMessageAttributes) != 32 || sent.MD5OfMessageSystemAttributes == nil {
		t.Errorf("SendMessage MD5s = %v, %v", sent.MD5OfMessageAttributes, sent.MD5OfMessageSystemAttributes)
	}

	out, err := c.ReceiveMessage(ctx, &awssqs.ReceiveMessageInput{QueueUrl: aws.String(url),
		MessageSystemAttributeNames: []types.MessageSystemAttributeName{"ApproximateReceiveCount", "SentTimestamp", "ApproximateFirstReceiveTimestamp", "AWSTraceHeader"},
		MessageAttributeNames:       []string{"PostalCode", "City"}})
	if err != nil {
		t.Fatalf("ReceiveMessage (the SDK checks MD5OfBody): %v", err)
	}
	if len(out.Messages) != 1 {
		t.Fatalf("received %d messages, want 1", len(out.Messages))
	}
	m := out.Messages[0]
	if aws.ToString(m.MessageId) != aws.ToString(sent.MessageId) {
		t.Errorf("MessageId = %s, want %s", aws.ToString(m.MessageId), aws.ToString(sent.MessageId))
	}
	if got := m.Attributes["ApproximateReceiveCount"]; got != "1" {
		t.Errorf("ApproximateReceiveCount = %q, want 1", got)
	}
	if m.Attributes["SentTimestamp"] == "" || m.Attributes["ApproximateFirstReceiveTimestamp"] == "" || m.Attributes["AWSTraceHeader"] == "" {
		t.Errorf("Attributes = %v, want SentTimestamp, ApproximateFirstReceiveTimestamp and AWSTraceHeader", m.Attributes)
	}
	if _, ok := m.Attributes["SenderId"]; ok {
		t.Errorf("SenderId returned though not asked for")
	}
	if len(m.MessageAttributes) != 2 || aws.ToString(m.MessageAttributes["City"].StringValue) != "Any City" {
		t.Errorf("MessageAttributes = %v, want PostalCode and City", m.MessageAttributes)
	}
	if got, want := aws.ToString(m.MD5OfMessageAttributes), "9424c491ff2bbec06ecbc9d226bc3ae7"; got != want {
		t.Errorf("MD5OfMessageAttributes of the two returned = %q, want %q (SQS's digest)", got, want)
	}
	if v, n := counts(t, c, url); v != 0 || n != 1 {
		t.Errorf("counts after receive = %d visible, %d in flight; want 0, 1", v, n)
	}
	if _, err := c.DeleteMessage(ctx, &awssqs.DeleteMessageInput{QueueUrl: aws.String(url), ReceiptHandle: m.ReceiptHandle}); err != nil {
		t.Fatalf("DeleteMessage: %v", err)
	}
	if v, n := counts(t, c, url); v != 0 || n != 0 {
		t.Errorf("counts after delete = %d, %d; want 0, 0", v, n)
	}
	// Deleting again with the same handle succeeds, as in SQS.
	if _, err := c.DeleteMessage(ctx, &awssqs.DeleteMessageInput{QueueUrl: aws.String(url), ReceiptHandle: m.ReceiptHandle}); err != nil {
		t.Errorf("DeleteMessage twice: %v", err)
	}
	_, err = c.DeleteMessage(ctx, &awssqs.DeleteMessageInput{QueueUrl: aws.String(url), ReceiptHandle: aws.String("garbage")})
	wantCode(t, err, "ReceiptHandleIsInvalid")

	// The binary attribute round-trips.
	send(t, c, url, "second")
	c2, err := c.SendMessage(ctx, &awssqs.SendMessageInput{QueueUrl: aws.String(url), MessageBody: aws.String("bin"),
		MessageAttributes: map[string]types.MessageAttributeValue{"Blob": {DataType: aws.String("Binary"), BinaryValue: []byte{0, 1, 2, 255}}}})
	if err != nil {
		t.Fatal(err)
	}
	got := receive(t, c, url, 10, 0)
	if len(got) != 2 {
		t.Fatalf("received %d, want 2", len(got))
	}
	for _, m := range got {
		if aws.ToString(m.MessageId) == aws.ToString(c2.MessageId) && string(m.MessageAttributes["Blob"].BinaryValue) != "\x00\x01\x02\xff" {
			t.Errorf("Blob = %v", m.MessageAttributes["Blob"].BinaryValue)
		}
	}
}

func TestSendRejects(t *testing.T) {
	_, c, _ := start(t, Config{})
	url := createQueue(t, c, "q", map[string]string{"MaximumMessageSize": "1024"})
	big := make([]byte, 1025)
	for i := range big {
		big[i] = 'a'
	}
	for _, tc := range []struct {
		name string
		in   awssqs.SendMessageInput
		code string
	}{
		{"too big", awssqs.SendMessageInput{MessageBody: aws.String(string(big))}, "InvalidParameterValue"},
		{"control character", awssqs.SendMessageInput{MessageBody: aws.String("a\x00b")}, "InvalidMessageContents"},
		{"delay too long", awssqs.SendMessageInput{MessageBody: aws.String("a"), DelaySeconds: 901}, "InvalidParameterValue"},
		{"reserved attribute", awssqs.SendMessageInput{MessageBody: aws.String("a"), MessageAttributes: map[string]types.MessageAttributeValue{
			"AWS.x": {DataType: aws.String("String"), StringValue: aws.String("v")}}}, "InvalidParameterValue"},
		{"not a number", awssqs.SendMessageInput{MessageBody: aws.String("a"), MessageAttributes: map[string]types.MessageAttributeValue{
			"n": {DataType: aws.String("Number"), StringValue: aws.String("twelve")}}}, "InvalidParameterValue"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.in.QueueUrl = aws.String(url)
			_, err := c.SendMessage(context.Background(), &tc.in)
			wantCode(t, err, tc.code)
		})
	}
}

func TestReceiveRejects(t *testing.T) {
	_, c, _ := start(t, Config{})
	url := createQueue(t, c, "q", nil)
	for _, tc := range []struct {
		name string
		in   awssqs.ReceiveMessageInput
	}{
		{"eleven messages", awssqs.ReceiveMessageInput{MaxNumberOfMessages: 11}},
		{"wait 21", awssqs.ReceiveMessageInput{WaitTimeSeconds: 21}},
		{"visibility too long", awssqs.ReceiveMessageInput{VisibilityTimeout: 43201}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.in.QueueUrl = aws.String(url)
			_, err := c.ReceiveMessage(context.Background(), &tc.in)
			wantCode(t, err, "InvalidParameterValue")
		})
	}
}

func TestDelaySeconds(t *testing.T) {
	now := time.UnixMilli(1_700_000_000_000)
	_, c, _ := start(t, Config{Now: func() time.Time { return now }})
	url := createQueue(t, c, "q", nil)
	if _, err := c.SendMessage(context.Background(), &awssqs.SendMessageInput{QueueUrl: aws.String(url), MessageBody: aws.String("later"), DelaySeconds: 5}); err != nil {
		t.Fatal(err)
	}
	if got := attrs(t, c, url, "ApproximateNumberOfMessagesDelayed")["ApproximateNumberOfMessagesDelayed"]; got != "1" {
		t.Errorf("ApproximateNumberOfMessagesDelayed = %q, want 1", got)
	}
	if got := receive(t, c, url, 1, 0); len(got) != 0 {
		t.Errorf("received a delayed message early")
	}
	now = now.Add(5 * time.Second)
	if got := receive(t, c, url, 1, 0); len(got) != 1 {
		t.Errorf("delayed message not received once its delay passed")
	}
}

func TestVisibilityExpiryRedelivers(t *testing.T) {
	_, c, _ := start(t, Config{})
	ctx := context.Background()
	url := createQueue(t, c, "q", map[string]string{"VisibilityTimeout": "1"})
	id := send(t, c, url, "work")
	first := receive(t, c, url, 1, 0)
	if len(first) != 1 {
		t.Fatalf("first receive got %d", len(first))
	}
	if got := receive(t, c, url, 1, 0); len(got) != 0 {
		t.Fatalf("message visible while in flight")
	}
	// Long polling wakes when the visibility timeout ends.
	second := receive(t, c, url, 1, 10)
	if len(second) != 1 {
		t.Fatalf("no redelivery within the long poll")
	}
	m := second[0]
	if aws.ToString(m.MessageId) != id || m.Attributes["ApproximateReceiveCount"] != "2" {
		t.Errorf("redelivered %s with count %s, want %s with count 2", aws.ToString(m.MessageId), m.Attributes["ApproximateReceiveCount"], id)
	}
	if aws.ToString(m.ReceiptHandle) == aws.ToString(first[0].ReceiptHandle) {
		t.Errorf("receipt handle reused across receives")
	}
	if m.Attributes["ApproximateFirstReceiveTimestamp"] != first[0].Attributes["ApproximateFirstReceiveTimestamp"] {
		t.Errorf("ApproximateFirstReceiveTimestamp changed on redelivery")
	}
	// The first handle is stale: deleting with it succeeds and deletes nothing.
	if _, err := c.DeleteMessage(ctx, &awssqs.DeleteMessageInput{QueueUrl: aws.String(url), ReceiptHandle: first[0].ReceiptHandle}); err != nil {
		t.Fatalf("DeleteMessage with stale handle: %v", err)
	}
	if _, n := counts(t, c, url); n != 1 {
		t.Fatalf("stale handle deleted the message (in flight = %d)", n)
	}
	_, err := c.ChangeMessageVisibility(ctx, &awssqs.ChangeMessageVisibilityInput{QueueUrl: aws.String(url), ReceiptHandle: first[0].ReceiptHandle, VisibilityTimeout: 0})
	wantCode(t, err, "InvalidParameterValue")
	if _, err := c.DeleteMessage(ctx, &awssqs.DeleteMessageInput{QueueUrl: aws.String(url), ReceiptHandle: m.ReceiptHandle}); err != nil {
		t.Fatal(err)
	}
	if v, n := counts(t, c, url); v+n != 0 {
		t.Errorf("message left after delete with the current handle")
	}
}

func TestChangeMessageVisibility(t *testing.T) {
	_, c, _ := start(t, Config{})
	ctx := context.Background()
	url := createQueue(t, c, "q", nil)
	send(t, c, url, "x")
	m := receive(t, c, url, 1, 0)[0]
	if _, err := c.ChangeMessageVisibility(ctx, &awssqs.ChangeMessageVisibilityInput{QueueUrl: aws.String(url), ReceiptHandle: m.ReceiptHandle, VisibilityTimeout: 0}); err != nil {
		t.Fatalf("ChangeMessageVisibility: %v", err)
	}
	again := receive(t, c, url, 1, 0)
	if len(again) != 1 || again[0].Attributes["ApproximateReceiveCount"] != "2" {
		t.Fatalf("after visibility 0: %v, want the message again with count 2", again)
	}
	// Visible again, the old receipt cannot change what it no longer holds.
	if _, err := c.ChangeMessageVisibility(ctx, &awssqs.ChangeMessageVisibilityInput{QueueUrl: aws.String(url), ReceiptHandle: again[0].ReceiptHandle, VisibilityTimeout: 0}); err != nil {
		t.Fatal(err)
	}
	_, err := c.ChangeMessageVisibility(ctx, &awssqs.ChangeMessageVisibilityInput{QueueUrl: aws.String(url), ReceiptHandle: again[0].ReceiptHandle, VisibilityTimeout: 30})
	wantCode(t, err, "InvalidParameterValue")
}

func TestRedriveToDeadLetterQueue(t *testing.T) {
	_, c, _ := start(t, Config{})
	ctx := context.Background()
	dlq := createQueue(t, c, "answers-dlq", nil)
	policy := `{"deadLetterTargetArn":"arn:aws:sqs:us-east-1:123456789012:answers-dlq","maxReceiveCount":"3"}`
	url := createQueue(t, c, "answers", map[string]string{"RedrivePolicy": policy})
	if got := attrs(t, c, url, "RedrivePolicy")["RedrivePolicy"]; got != `{"deadLetterTargetArn":"arn:aws:sqs:us-east-1:123456789012:answers-dlq","maxReceiveCount":3}` {
		t.Errorf("RedrivePolicy = %s", got)
	}
	id := send(t, c, url, "poison")
	for i := 1; i <= 3; i++ {
		got := receive(t, c, url, 1, 0)
		if len(got) != 1 || got[0].Attributes["ApproximateReceiveCount"] != strconv.Itoa(i) {
			t.Fatalf("receive %d: %v", i, got)
		}
		// Fail fast instead of waiting out the visibility timeout.
		if _, err := c.ChangeMessageVisibility(ctx, &awssqs.ChangeMessageVisibilityInput{QueueUrl: aws.String(url), ReceiptHandle: got[0].ReceiptHandle}); err != nil {
			t.Fatal(err)
		}
	}
	if got := receive(t, c, url, 1, 0); len(got) != 0 {
		t.Fatalf("fourth receive delivered %v; want the message moved to the DLQ", got)
	}
	moved := receive(t, c, dlq, 1, 0)
	if len(moved) != 1 || aws.ToString(moved[0].MessageId) != id || aws.ToString(moved[0].Body) != "poison" {
		t.Fatalf("DLQ holds %v, want message %s", moved, id)
	}
	if got := moved[0].Attributes["ApproximateReceiveCount"]; got != "4" {
		t.Errorf("ApproximateReceiveCount in the DLQ = %q, want 4 (the count goes on)", got)
	}
	if got := moved[0].Attributes["DeadLetterQueueSourceArn"]; got != "arn:aws:sqs:us-east-1:123456789012:answers" {
		t.Errorf("DeadLetterQueueSourceArn = %q", got)
	}
	if v, n := counts(t, c, url); v+n != 0 {
		t.Errorf("source queue still counts %d+%d messages", v, n)
	}
}

func TestLongPollReturnsOnSend(t *testing.T) {
	s, c, _ := start(t, Config{})
	url := createQueue(t, c, "q", nil)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	got := make(chan []types.Message, 1)
	go func() {
		out, err := c.ReceiveMessage(ctx, &awssqs.ReceiveMessageInput{QueueUrl: aws.String(url), WaitTimeSeconds: 20})
		if err != nil {
			t.Error(err)
		}
		got <- out.Messages
	}()
	for s.waiting.Load() == 0 {
		time.Sleep(time.Millisecond)
	}
	id := send(t, c, url, "now")
	// A long poll that did not return on the send would outlive ctx (10 s
	// against WaitTimeSeconds 20) and fail above.
	msgs := <-got
	if len(msgs) != 1 || aws.ToString(msgs[0].MessageId) != id {
		t.Errorf("long poll got %v, want message %s", msgs, id)
	}
}

func TestPurgeQueue(t *testing.T) {
	now := time.UnixMilli(1_700_000_000_000)
	_, c, _ := start(t, Config{Now: func() time.Time { return now }})
	ctx := context.Background()
	url := createQueue(t, c, "q", nil)
	for range 3 {
		send(t, c, url, "x")
	}
	receive(t, c, url, 1, 0)
	if _, err := c.PurgeQueue(ctx, &awssqs.PurgeQueueInput{QueueUrl: aws.String(url)}); err != nil {
		t.Fatal(err)
	}
	if v, n := counts(t, c, url); v+n != 0 {
		t.Errorf("after purge: %d visible, %d in flight", v, n)
	}
	_, err := c.PurgeQueue(ctx, &awssqs.PurgeQueueInput{QueueUrl: aws.String(url)})
	wantCode(t, err, "AWS.SimpleQueueService.PurgeQueueInProgress")
	now = now.Add(time.Minute)
	if _, err := c.PurgeQueue(ctx, &awssqs.PurgeQueueInput{QueueUrl: aws.String(url)}); err != nil {
		t.Errorf("purge a minute later: %v", err)
	}
}

func TestBatches(t *testing.T) {
	_, c, _ := start(t, Config{})
	ctx := context.Background()
	url := createQueue(t, c, "q", nil)
	out, err := c.SendMessageBatch(ctx, &awssqs.SendMessageBatchInput{QueueUrl: aws.String(url), Entries: []types.SendMessageBatchRequestEntry{
		{Id: aws.String("a"), MessageBody: aws.String("one")},
		{Id: aws.String("b"), MessageBody: aws.String("bad\x01")},
		{Id: aws.String("c"), MessageBody: aws.String("three")},
	}})
	if err != nil {
		t.Fatalf("SendMessageBatch (the SDK checks each MD5): %v", err)
	}
	if len(out.Successful) != 2 || len(out.Failed) != 1 || aws.ToString(out.Failed[0].Id) != "b" || aws.ToString(out.Failed[0].Code) != "InvalidMessageContents" {
		t.Fatalf("SendMessageBatch = %+v", out)
	}
	_, err = c.SendMessageBatch(ctx, &awssqs.SendMessageBatchInput{QueueUrl: aws.String(url), Entries: []types.SendMessageBatchRequestEntry{
		{Id: aws.String("a"), MessageBody: aws.String("one")}, {Id: aws.String("a"), MessageBody: aws.String("two")}}})
	wantCode(t, err, "AWS.SimpleQueueService.BatchEntryIdsNotDistinct")

	msgs := receive(t, c, url, 10, 0)
	if len(msgs) != 2 {
		t.Fatalf("received %d, want 2", len(msgs))
	}
	del, err := c.DeleteMessageBatch(ctx, &awssqs.DeleteMessageBatchInput{QueueUrl: aws.String(url), Entries: []types.DeleteMessageBatchRequestEntry{
		{Id: aws.String("x"), ReceiptHandle: msgs[0].ReceiptHandle},
		{Id: aws.String("y"), ReceiptHandle: msgs[1].ReceiptHandle},
		{Id: aws.String("z"), ReceiptHandle: aws.String("not-a-handle")},
	}})
	if err != nil {
		t.Fatal(err)
	}
	if len(del.Successful) != 2 || len(del.Failed) != 1 || aws.ToString(del.Failed[0].Code) != "ReceiptHandleIsInvalid" {
		t.Errorf("DeleteMessageBatch = %+v", del)
	}
	if v, n := counts(t, c, url); v+n != 0 {
		t.Errorf("left after batch delete: %d+%d", v, n)
	}
}

func TestVerify(t *testing.T) {
	var sawBody string
	_, c, _ := start(t, Config{Verify: func(r *http.Request) error {
		b := make([]byte, 64)
		n, _ := r.Body.Read(b)
		sawBody = string(b[:n])
		if r.Header.Get("X-Amz-Target") == "AmazonSQS.ListQueues" {
			return errors.New("The request signature we calculated does not match the signature you provided.")
		}
		return nil
	}})
	createQueue(t, c, "q", nil)
	if sawBody == "" {
		t.Errorf("Verify saw no body")
	}
	_, err := c.ListQueues(context.Background(), &awssqs.ListQueuesInput{})
	wantCode(t, err, "InvalidSignatureException")
	var re interface{ HTTPStatusCode() int }
	if !errors.As(err, &re) || re.HTTPStatusCode() != http.StatusForbidden {
		t.Errorf("refused request: %v, want HTTP 403", err)
	}
}

func TestWireErrors(t *testing.T) {
	_, _, base := start(t, Config{})
	for _, tc := range []struct {
		name, target, body string
		status             int
		typ, query         string
	}{
		{"unknown operation", "AmazonSQS.Fly", `{}`, 400, `"com.amazon.coral.service#UnknownOperationException"`, ""},
		{"no queue", "AmazonSQS.GetQueueUrl", `{"QueueName":"none"}`, 400, `"com.amazonaws.sqs#QueueDoesNotExist"`, "AWS.SimpleQueueService.NonExistentQueue;Sender"},
		{"not json", "AmazonSQS.ListQueues", `{`, 400, `"com.amazon.coral.service#SerializationException"`, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req, _ := http.NewRequest("POST", base+"/", stringsReader(tc.body))
			req.Header.Set("Content-Type", "application/x-amz-json-1.0")
			req.Header.Set("X-Amz-Target", tc.target)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			var body map[string]any
			decodeJSON(t, resp.Body, &body)
			if resp.StatusCode != tc.status || `"`+body["__type"].(string)+`"` != tc.typ || body["message"] == "" {
				t.Errorf("got %d %v, want %d __type %s with a message", resp.StatusCode, body, tc.status, tc.typ)
			}
			if got := resp.Header.Get("x-amzn-query-error"); got != tc.query {
				t.Errorf("x-amzn-query-error = %q, want %q", got, tc.query)
			}
		})
	}
}

func TestRetentionAndBaseURL(t *testing.T) {
	now := time.UnixMilli(1_700_000_000_000)
	_, c, _ := start(t, Config{Now: func() time.Time { return now }, BaseURL: "http://stack.local:4566/sqs/"})
	url := createQueue(t, c, "q", map[string]string{"MessageRetentionPeriod": "60"})
	if url != "http://stack.local:4566/sqs/123456789012/q" {
		t.Errorf("QueueUrl = %q, want it under the configured BaseURL", url)
	}
	send(t, c, url, "old")
	now = now.Add(59 * time.Second)
	if v, _ := counts(t, c, url); v != 1 {
		t.Fatalf("visible before retention ends = %d, want 1", v)
	}
	now = now.Add(time.Second)
	if v, _ := counts(t, c, url); v != 0 {
		t.Errorf("visible after retention = %d, want 0", v)
	}
	if got := receive(t, c, url, 10, 0); len(got) != 0 {
		t.Errorf("received %d expired messages", len(got))
	}
}
