package sqs

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/aws"
	awssqs "github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/aws-sdk-go-v2/service/sqs/types"
)

var _ Receiver = (*awssqs.Client)(nil)

// deliveries collects the batches a poller hands its handler.
type deliveries struct {
	mu      sync.Mutex
	batches []events.SQSEvent
	arrived chan struct{}
}

func newDeliveries() *deliveries { return &deliveries{arrived: make(chan struct{}, 100)} }

func (d *deliveries) add(ev events.SQSEvent) int {
	d.mu.Lock()
	d.batches = append(d.batches, ev)
	n := len(d.batches)
	d.mu.Unlock()
	d.arrived <- struct{}{}
	return n
}

// wait blocks until n batches have arrived and returns them.
func (d *deliveries) wait(t *testing.T, n int) []events.SQSEvent {
	t.Helper()
	timeout := time.After(15 * time.Second)
	for {
		d.mu.Lock()
		if len(d.batches) >= n {
			b := append([]events.SQSEvent(nil), d.batches...)
			d.mu.Unlock()
			return b
		}
		d.mu.Unlock()
		select {
		case <-d.arrived:
		case <-timeout:
			t.Fatalf("only %d of %d batches arrived", len(d.batches), n)
		}
	}
}

func startPoller(t *testing.T, c *awssqs.Client, url string, batch, concurrency int, h Handler) *Poller {
	t.Helper()
	p, err := NewPoller(c, PollerConfig{QueueURL: url, BatchSize: batch, MaximumConcurrency: concurrency}, h)
	if err != nil {
		t.Fatal(err)
	}
	p.Start(context.Background())
	t.Cleanup(func() { p.Close() })
	return p
}

func TestPollerEventIsLambdas(t *testing.T) {
	_, c, _ := start(t, Config{})
	url := createQueue(t, c, "answers", nil)
	sent, err := c.SendMessage(context.Background(), &awssqs.SendMessageInput{QueueUrl: aws.String(url), MessageBody: aws.String(`{"queryId":"q1"}`),
		MessageAttributes: map[string]types.MessageAttributeValue{"owner": {DataType: aws.String("String"), StringValue: aws.String("alice")}}})
	if err != nil {
		t.Fatal(err)
	}
	d := newDeliveries()
	startPoller(t, c, url, 1, 1, func(ctx context.Context, ev events.SQSEvent) (events.SQSEventResponse, error) {
		d.add(ev)
		return events.SQSEventResponse{}, nil
	})
	ev := d.wait(t, 1)[0]
	if len(ev.Records) != 1 {
		t.Fatalf("records = %d, want 1", len(ev.Records))
	}
	r := ev.Records[0]
	for _, f := range []struct{ name, got, want string }{
		{"messageId", r.MessageId, aws.ToString(sent.MessageId)},
		{"body", r.Body, `{"queryId":"q1"}`},
		{"md5OfBody", r.Md5OfBody, aws.ToString(sent.MD5OfMessageBody)},
		{"md5OfMessageAttributes", r.Md5OfMessageAttributes, aws.ToString(sent.MD5OfMessageAttributes)},
		{"eventSource", r.EventSource, "aws:sqs"},
		{"eventSourceARN", r.EventSourceARN, "arn:aws:sqs:us-east-1:123456789012:answers"},
		{"awsRegion", r.AWSRegion, "us-east-1"},
		{"ApproximateReceiveCount", r.Attributes["ApproximateReceiveCount"], "1"},
		{"messageAttributes.owner", aws.ToString(r.MessageAttributes["owner"].StringValue), "alice"},
		{"messageAttributes.owner.dataType", r.MessageAttributes["owner"].DataType, "String"},
	} {
		if f.got != f.want {
			t.Errorf("%s = %q, want %q", f.name, f.got, f.want)
		}
	}
	if r.ReceiptHandle == "" || r.Attributes["SentTimestamp"] == "" || r.Attributes["ApproximateFirstReceiveTimestamp"] == "" || r.Attributes["SenderId"] == "" {
		t.Errorf("record lacks a receipt handle or Lambda's attributes: %+v", r)
	}
	if a := r.MessageAttributes["owner"]; a.StringListValues == nil || a.BinaryListValues == nil {
		t.Errorf("list values are null, Lambda sends []: %+v", a)
	}
}

func TestPollerPartialBatchFailure(t *testing.T) {
	_, c, _ := start(t, Config{})
	url := createQueue(t, c, "q", map[string]string{"VisibilityTimeout": "1"})
	ids := []string{send(t, c, url, "ok-1"), send(t, c, url, "fail"), send(t, c, url, "ok-2")}
	d := newDeliveries()
	startPoller(t, c, url, 3, 1, func(ctx context.Context, ev events.SQSEvent) (events.SQSEventResponse, error) {
		d.add(ev)
		var resp events.SQSEventResponse
		for _, r := range ev.Records {
			if r.Body == "fail" && r.Attributes["ApproximateReceiveCount"] == "1" {
				resp.BatchItemFailures = append(resp.BatchItemFailures, events.SQSBatchItemFailure{ItemIdentifier: r.MessageId})
			}
		}
		return resp, nil
	})
	batches := d.wait(t, 2)
	if n := len(batches[0].Records); n != 3 {
		t.Fatalf("first batch has %d records, want 3", n)
	}
	again := batches[1].Records
	if len(again) != 1 || again[0].MessageId != ids[1] || again[0].Attributes["ApproximateReceiveCount"] != "2" {
		t.Fatalf("second batch = %+v, want only the failed message with ApproximateReceiveCount 2", again)
	}
	// The second batch succeeded: nothing is left once its delete is done.
	for {
		if v, n := counts(t, c, url); v+n == 0 {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestPollerFailsWholeBatch(t *testing.T) {
	for _, tc := range []struct {
		name string
		fail func(ev events.SQSEvent) (events.SQSEventResponse, error)
	}{
		{"error", func(events.SQSEvent) (events.SQSEventResponse, error) {
			return events.SQSEventResponse{}, errors.New("model unavailable")
		}},
		{"panic", func(events.SQSEvent) (events.SQSEventResponse, error) { panic("worker died") }},
		{"unknown item", func(events.SQSEvent) (events.SQSEventResponse, error) {
			return events.SQSEventResponse{BatchItemFailures: []events.SQSBatchItemFailure{{ItemIdentifier: "not-in-batch"}}}, nil
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, c, _ := start(t, Config{})
			url := createQueue(t, c, "q", map[string]string{"VisibilityTimeout": "1"})
			send(t, c, url, "a")
			send(t, c, url, "b")
			d := newDeliveries()
			startPoller(t, c, url, 2, 1, func(ctx context.Context, ev events.SQSEvent) (events.SQSEventResponse, error) {
				if d.add(ev) == 1 {
					return tc.fail(ev)
				}
				return events.SQSEventResponse{}, nil
			})
			batches := d.wait(t, 2)
			n := 0
			for _, b := range batches[1:] {
				for _, r := range b.Records {
					if r.Attributes["ApproximateReceiveCount"] == "2" {
						n++
					}
				}
			}
			if n == 0 {
				t.Fatalf("after a failed batch, redelivered none: %+v", batches)
			}
			if len(batches[1].Records) != 2 {
				// Both come back together: they were received and failed together.
				t.Errorf("second batch has %d records, want both of the failed batch", len(batches[1].Records))
			}
		})
	}
}

func TestPollerConcurrency(t *testing.T) {
	_, c, _ := start(t, Config{})
	url := createQueue(t, c, "q", nil)
	for range 4 {
		send(t, c, url, "x")
	}
	release := make(chan struct{})
	var mu sync.Mutex
	inside, most := 0, 0
	d := newDeliveries()
	startPoller(t, c, url, 1, 2, func(ctx context.Context, ev events.SQSEvent) (events.SQSEventResponse, error) {
		mu.Lock()
		inside++
		most = max(most, inside)
		mu.Unlock()
		d.add(ev)
		<-release
		mu.Lock()
		inside--
		mu.Unlock()
		return events.SQSEventResponse{}, nil
	})
	d.wait(t, 2)
	close(release)
	d.wait(t, 4)
	if most != 2 {
		t.Errorf("at most %d handlers at once, want MaximumConcurrency 2", most)
	}
}

func TestPollerCloseStops(t *testing.T) {
	_, c, _ := start(t, Config{})
	url := createQueue(t, c, "q", nil)
	send(t, c, url, "slow")
	started := make(chan struct{})
	var handlerErr error
	p := startPoller(t, c, url, 1, 1, func(ctx context.Context, ev events.SQSEvent) (events.SQSEventResponse, error) {
		close(started)
		<-ctx.Done()
		handlerErr = ctx.Err()
		return events.SQSEventResponse{}, ctx.Err()
	})
	<-started
	p.Close() // returns only once the handler has
	if !errors.Is(handlerErr, context.Canceled) {
		t.Errorf("handler context after Close: %v, want canceled", handlerErr)
	}
	if _, n := counts(t, c, url); n != 1 {
		t.Errorf("in flight after Close = %d, want the unfinished message left in flight", n)
	}
}
