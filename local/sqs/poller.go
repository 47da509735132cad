package sqs

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/aws"
	awssqs "github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/aws-sdk-go-v2/service/sqs/types"
)

// Receiver is the part of the SQS client an event source mapping uses;
// *sqs.Client (aws-sdk-go-v2) is one.
type Receiver interface {
	ReceiveMessage(ctx context.Context, in *awssqs.ReceiveMessageInput, optFns ...func(*awssqs.Options)) (*awssqs.ReceiveMessageOutput, error)
	DeleteMessageBatch(ctx context.Context, in *awssqs.DeleteMessageBatchInput, optFns ...func(*awssqs.Options)) (*awssqs.DeleteMessageBatchOutput, error)
}

// Handler is a Lambda SQS handler. The poller always reads its
// BatchItemFailures, as a mapping with FunctionResponseTypes
// ReportBatchItemFailures does.
type Handler func(ctx context.Context, ev events.SQSEvent) (events.SQSEventResponse, error)

// PollerConfig configures a Poller as an AWS::Lambda::EventSourceMapping
// would be.
type PollerConfig struct {
	QueueURL string
	// BatchSize is the mapping's BatchSize, 1 to 10 (no batching window).
	BatchSize int
	// MaximumConcurrency is ScalingConfig.MaximumConcurrency: how many
	// batches are handled at once. 1 when 0.
	MaximumConcurrency int
	// Region goes into each record's awsRegion and eventSourceARN;
	// DefaultRegion when empty.
	Region string
	Logger *slog.Logger
}

// Poller is a local Lambda event source mapping for one queue: it long
// polls, hands each batch to the handler as events.SQSEvent, and deletes
// the messages the handler did not report as failed. Failed messages are
// left alone and come back after their visibility timeout, as in Lambda.
type Poller struct {
	cfg     PollerConfig
	client  Receiver
	handler Handler
	arn     string

	cancel context.CancelFunc
	wg     sync.WaitGroup
}

// NewPoller checks cfg and returns a Poller; Start runs it.
func NewPoller(client Receiver, cfg PollerConfig, handler Handler) (*Poller, error) {
	if cfg.BatchSize == 0 {
		cfg.BatchSize = 10
	}
	if cfg.BatchSize < 1 || cfg.BatchSize > 10 {
		return nil, fmt.Errorf("batch size %d: this poller takes 1 to 10 (no batching window)", cfg.BatchSize)
	}
	if cfg.MaximumConcurrency == 0 {
		cfg.MaximumConcurrency = 1
	}
	if cfg.Region == "" {
		cfg.Region = DefaultRegion
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	parts := strings.Split(strings.TrimSuffix(cfg.QueueURL, "/"), "/")
	if len(parts) < 2 {
		return nil, fmt.Errorf("queue URL %q has no account and name", cfg.QueueURL)
	}
	arn := "arn:aws:sqs:" + cfg.Region + ":" + parts[len(parts)-2] + ":" + parts[len(parts)-1]
	return &Poller{cfg: cfg, client: client, handler: handler, arn: arn}, nil
}

// Start runs MaximumConcurrency polling loops until ctx ends or Close.
func (p *Poller) Start(ctx context.Context) {
	ctx, p.cancel = context.WithCancel(ctx)
	for range p.cfg.MaximumConcurrency {
		p.wg.Add(1)
		go func() {
			defer p.wg.Done()
			p.loop(ctx)
		}()
	}
}

// Close stops polling and waits for the batches in hand; their handlers see
// their context cancelled. Messages of an unfinished batch come back after
// their visibility timeout.
func (p *Poller) Close() error {
	if p.cancel != nil {
		p.cancel()
	}
	p.wg.Wait()
	return nil
}

func (p *Poller) loop(ctx context.Context) {
	backoff := 100 * time.Millisecond
	for ctx.Err() == nil {
		out, err := p.client.ReceiveMessage(ctx, &awssqs.ReceiveMessageInput{
			QueueUrl:                    aws.String(p.cfg.QueueURL),
			MaxNumberOfMessages:         int32(p.cfg.BatchSize),
			WaitTimeSeconds:             20,
			MessageSystemAttributeNames: []types.MessageSystemAttributeName{types.MessageSystemAttributeNameAll},
			MessageAttributeNames:       []string{"All"},
		})
		if err != nil {
			if ctx.Err() != nil {
				return
			}
			p.cfg.Logger.Warn("sqs poll failed", "queueUrl", p.cfg.QueueURL, "err", err)
			select {
			case <-ctx.Done():
			case <-time.After(backoff):
			}
			backoff = min(2*backoff, 5*time.Second)
			continue
		}
		backoff = 100 * time.Millisecond
		if len(out.Messages) > 0 {
			p.handle(ctx, out.Messages)
		}
	}
}

// handle invokes the handler with one batch and deletes what succeeded.
func (p *Poller) handle(ctx context.Context, msgs []types.Message) {
	ev := p.event(msgs)
	resp, err := p.invoke(ctx, ev)
	if err != nil {
		p.cfg.Logger.Warn("sqs batch failed; its messages come back after their visibility timeout",
			"queueUrl", p.cfg.QueueURL, "messages", len(msgs), "err", err)
		return
	}
	failed := map[string]bool{}
	for _, f := range resp.BatchItemFailures {
		if !p.inBatch(ev, f.ItemIdentifier) {
			// Lambda treats an unknown or empty itemIdentifier as a failure
			// of the whole batch.
			p.cfg.Logger.Warn("sqs batch response names a message not in the batch; the whole batch failed",
				"queueUrl", p.cfg.QueueURL, "itemIdentifier", f.ItemIdentifier)
			return
		}
		failed[f.ItemIdentifier] = true
	}
	var entries []types.DeleteMessageBatchRequestEntry
	for i, m := range ev.Records {
		if !failed[m.MessageId] {
			entries = append(entries, types.DeleteMessageBatchRequestEntry{Id: aws.String(fmt.Sprint(i)), ReceiptHandle: aws.String(m.ReceiptHandle)})
		}
	}
	if len(entries) == 0 {
		return
	}
	// The work is done: acknowledge it even if the poller is closing.
	dctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	out, err := p.client.DeleteMessageBatch(dctx, &awssqs.DeleteMessageBatchInput{QueueUrl: aws.String(p.cfg.QueueURL), Entries: entries})
	if err != nil {
		p.cfg.Logger.Warn("sqs delete failed; the messages will be delivered again", "queueUrl", p.cfg.QueueURL, "err", err)
		return
	}
	for _, f := range out.Failed {
		p.cfg.Logger.Warn("sqs delete failed; the message will be delivered again", "queueUrl", p.cfg.QueueURL,
			"code", aws.ToString(f.Code), "message", aws.ToString(f.Message))
	}
}

func (p *Poller) inBatch(ev events.SQSEvent, id string) bool {
	for _, r := range ev.Records {
		if id != "" && r.MessageId == id {
			return true
		}
	}
	return false
}

// errPanic is a handler panic, which fails the batch as a Lambda crash does.
var errPanic = errors.New("handler panicked")

func (p *Poller) invoke(ctx context.Context, ev events.SQSEvent) (resp events.SQSEventResponse, err error) {
	defer func() {
		if v := recover(); v != nil {
			err = fmt.Errorf("%w: %v", errPanic, v)
		}
	}()
	return p.handler(ctx, ev)
}

// event builds the records Lambda would send for msgs.
func (p *Poller) event(msgs []types.Message) events.SQSEvent {
	ev := events.SQSEvent{Records: make([]events.SQSMessage, 0, len(msgs))}
	for _, m := range msgs {
		r := events.SQSMessage{
			MessageId:              aws.ToString(m.MessageId),
			ReceiptHandle:          aws.ToString(m.ReceiptHandle),
			Body:                   aws.ToString(m.Body),
			Md5OfBody:              aws.ToString(m.MD5OfBody),
			Md5OfMessageAttributes: aws.ToString(m.MD5OfMessageAttributes),
			Attributes:             map[string]string{},
			MessageAttributes:      map[string]events.SQSMessageAttribute{},
			EventSourceARN:         p.arn,
			EventSource:            "aws:sqs",
			AWSRegion:              p.cfg.Region,
		}
		for k, v := range m.Attributes {
			r.Attributes[k] = v
		}
		for k, v := range m.MessageAttributes {
			r.MessageAttributes[k] = events.SQSMessageAttribute{
				StringValue:      v.StringValue,
				BinaryValue:      v.BinaryValue,
				StringListValues: append([]string{}, v.StringListValues...),
				BinaryListValues: append([][]byte{}, v.BinaryListValues...),
				DataType:         aws.ToString(v.DataType),
			}
		}
		ev.Records = append(ev.Records, r)
	}
	return ev
}
