package stack

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/aws"
	awssqs "github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/johannesboyne/gofakes3"
	"gopkg.in/yaml.v3"

	"docflow/local/bedrock"
	"docflow/local/lambda"
	"docflow/local/sqs"
)

// queueNames are the local names of the template's queues, by logical id.
var queueNames = map[string]string{
	"QueriesQueue":           QueriesQueue,
	"QueriesDeadLetterQueue": QueriesDLQ,
}

// queueSpec is one AWS::SQS::Queue of the template, as the stack creates
// it: its attributes and, for a queue with a RedrivePolicy, the logical id
// of its dead-letter queue.
type queueSpec struct {
	LogicalID  string
	Attributes map[string]string
	DeadLetter string // logical id
	MaxReceive int
}

// mappingSpec is one SQS event of a function in the template: an event
// source mapping the stack runs as a poller.
type mappingSpec struct {
	Function       string // logical id, the invoker's function name
	Queue          string // logical id
	BatchSize      int
	MaxConcurrency int
}

// queueTemplate reads the queues and the SQS event source mappings from the
// SAM template, so the local queues have the template's visibility
// timeouts, retention and redrive, and the pollers its batch sizes and
// concurrency: a change to the template changes the local run.
func queueTemplate(template []byte, params map[string]string) ([]queueSpec, []mappingSpec, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(template, &doc); err != nil {
		return nil, nil, fmt.Errorf("parse template: %w", err)
	}
	root := mapping(&doc)
	value := func(n *yaml.Node) (string, error) {
		if n == nil {
			return "", nil
		}
		if n.Tag == "!Ref" {
			if v, ok := params[n.Value]; ok {
				return v, nil
			}
			if d := lookup(lookup(lookup(root, "Parameters"), n.Value), "Default"); d != nil {
				return d.Value, nil
			}
			return "", fmt.Errorf("template: !Ref %s has no default and no local value", n.Value)
		}
		return n.Value, nil
	}
	getAttQueue := func(n *yaml.Node) string {
		if n == nil || n.Tag != "!GetAtt" {
			return ""
		}
		logical, _, _ := strings.Cut(n.Value, ".")
		return logical
	}
	var queues []queueSpec
	var mappings []mappingSpec
	for id, r := range pairs(lookup(root, "Resources")) {
		props := lookup(r, "Properties")
		switch lookup(r, "Type").Value {
		case "AWS::SQS::Queue":
			q := queueSpec{LogicalID: id, Attributes: map[string]string{}}
			for _, name := range []string{"VisibilityTimeout", "MessageRetentionPeriod", "ReceiveMessageWaitTimeSeconds", "DelaySeconds"} {
				v, err := value(lookup(props, name))
				if err != nil {
					return nil, nil, err
				}
				if v != "" {
					q.Attributes[name] = v
				}
			}
			if rp := lookup(props, "RedrivePolicy"); rp != nil {
				q.DeadLetter = getAttQueue(lookup(rp, "deadLetterTargetArn"))
				n, err := strconv.Atoi(lookup(rp, "maxReceiveCount").Value)
				if err != nil || q.DeadLetter == "" {
					return nil, nil, fmt.Errorf("template: %s RedrivePolicy has no local meaning", id)
				}
				q.MaxReceive = n
			}
			queues = append(queues, q)
		case "AWS::Serverless::Function":
			for _, ev := range pairs(lookup(props, "Events")) {
				if lookup(ev, "Type").Value != "SQS" {
					continue
				}
				ep := lookup(ev, "Properties")
				m := mappingSpec{Function: id, Queue: getAttQueue(lookup(ep, "Queue")), BatchSize: 10, MaxConcurrency: 1}
				if v, err := value(lookup(ep, "BatchSize")); err != nil {
					return nil, nil, err
				} else if v != "" {
					m.BatchSize, _ = strconv.Atoi(v)
				}
				if v, err := value(lookup(lookup(ep, "ScalingConfig"), "MaximumConcurrency")); err != nil {
					return nil, nil, err
				} else if v != "" {
					m.MaxConcurrency, _ = strconv.Atoi(v)
				}
				mappings = append(mappings, m)
			}
		}
	}
	return queues, mappings, nil
}

// queues is the stack's SQS with its queues and event source mappings.
type queues struct {
	svc     *sqs.Service
	pollers []*sqs.Poller
}

// startQueues creates the template's queues through the SQS API (each
// dead-letter queue before the queue that redrives to it) and starts one
// poller per SQS event source mapping, invoking its function in process.
// overrides replace the template's attributes of a queue, by logical id.
func startQueues(ctx context.Context, svc *sqs.Service, client *awssqs.Client, base string, template []byte, params map[string]string, overrides map[string]map[string]string, invoker *lambda.Invoker, log *slog.Logger) (*queues, error) {
	specs, mappings, err := queueTemplate(template, params)
	if err != nil {
		return nil, err
	}
	for id, attrs := range overrides {
		i := slices.IndexFunc(specs, func(s queueSpec) bool { return s.LogicalID == id })
		if i < 0 {
			return nil, fmt.Errorf("queue attributes for %s: the template has no such queue", id)
		}
		maps.Copy(specs[i].Attributes, attrs)
	}
	q := &queues{svc: svc}
	urls := map[string]string{}
	var create func(spec queueSpec) error
	byID := map[string]queueSpec{}
	for _, s := range specs {
		byID[s.LogicalID] = s
	}
	create = func(spec queueSpec) error {
		if _, done := urls[spec.LogicalID]; done {
			return nil
		}
		name, ok := queueNames[spec.LogicalID]
		if !ok {
			return fmt.Errorf("template: queue %s has no local name", spec.LogicalID)
		}
		attrs := spec.Attributes
		if spec.DeadLetter != "" {
			if err := create(byID[spec.DeadLetter]); err != nil {
				return err
			}
			policy, _ := json.Marshal(map[string]any{
				"deadLetterTargetArn": fmt.Sprintf("arn:aws:sqs:%s:%s:%s", Region, AccountID, queueNames[spec.DeadLetter]),
				"maxReceiveCount":     spec.MaxReceive,
			})
			attrs["RedrivePolicy"] = string(policy)
		}
		out, err := client.CreateQueue(ctx, &awssqs.CreateQueueInput{QueueName: aws.String(name), Attributes: attrs})
		if err != nil {
			return fmt.Errorf("create queue %s: %w", name, err)
		}
		urls[spec.LogicalID] = aws.ToString(out.QueueUrl)
		return nil
	}
	for _, s := range specs {
		if err := create(s); err != nil {
			return nil, err
		}
	}
	for _, m := range mappings {
		url, ok := urls[m.Queue]
		if !ok {
			q.close()
			return nil, fmt.Errorf("template: %s reads queue %s, which the template does not define", m.Function, m.Queue)
		}
		p, err := sqs.NewPoller(client, sqs.PollerConfig{
			QueueURL: url, BatchSize: m.BatchSize, MaximumConcurrency: m.MaxConcurrency, Region: Region,
			Logger: log.With("component", "sqs-mapping", "function", m.Function),
		}, invokeSQS(invoker, m.Function))
		if err != nil {
			q.close()
			return nil, fmt.Errorf("%s mapping on %s: %w", m.Function, m.Queue, err)
		}
		p.Start(context.WithoutCancel(ctx))
		q.pollers = append(q.pollers, p)
	}
	return q, nil
}

// invokeSQS runs function through the invoker with an SQS event, as the
// event source mapping invokes a Lambda: the JSON event in, the batch
// response out.
func invokeSQS(invoker *lambda.Invoker, function string) sqs.Handler {
	return func(ctx context.Context, ev events.SQSEvent) (events.SQSEventResponse, error) {
		payload, err := json.Marshal(ev)
		if err != nil {
			return events.SQSEventResponse{}, err
		}
		out, err := invoker.Invoke(ctx, function, payload)
		if err != nil {
			return events.SQSEventResponse{}, err
		}
		var resp events.SQSEventResponse
		if len(out) > 0 && string(out) != "null" {
			if err := json.Unmarshal(out, &resp); err != nil {
				return events.SQSEventResponse{}, fmt.Errorf("%s answered %s: %w", function, out, err)
			}
		}
		return resp, nil
	}
}

// close stops the pollers (a question being answered has its context
// cancelled and is delivered again after a restart) and then the queues.
func (q *queues) close() {
	if q == nil {
		return
	}
	for _, p := range q.pollers {
		p.Close()
	}
	q.svc.Close()
}

// s3Objects lets the local knowledge base read the chunk files the
// processing container wrote, straight from the local S3's backend (in AWS,
// Bedrock reads them from the bucket with its own role).
type s3Objects struct{ backend gofakes3.Backend }

func (o s3Objects) Get(_ context.Context, bucket, key string) ([]byte, error) {
	obj, err := o.backend.GetObject(bucket, key, nil)
	if err != nil {
		if gofakes3.HasErrorCode(err, gofakes3.ErrNoSuchKey) || gofakes3.HasErrorCode(err, gofakes3.ErrNoSuchBucket) {
			return nil, fmt.Errorf("s3://%s/%s: %w", bucket, key, bedrock.ErrNoSuchObject)
		}
		return nil, err
	}
	defer obj.Contents.Close()
	return io.ReadAll(obj.Contents)
}

// serviceDir is where a service keeps its state under DataDir ("" keeps it
// in memory).
func serviceDir(dataDir, service string) string {
	if dataDir == "" {
		return ""
	}
	return filepath.Join(dataDir, service)
}
