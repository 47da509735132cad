// Package sqs is a local Amazon SQS for docflow's stack: an http.Handler
// speaking the SQS JSON protocol (POST, Content-Type
// application/x-amz-json-1.0, X-Amz-Target AmazonSQS.<Operation>) that the
// real aws-sdk-go-v2 client and the aws CLI accept, and a Poller that plays
// a Lambda event source mapping over one queue.
//
// It emulates standard queues: CreateQueue, GetQueueUrl,
// GetQueueAttributes, SetQueueAttributes, ListQueues, DeleteQueue,
// PurgeQueue (once a minute), SendMessage and SendMessageBatch (message and
// AWSTraceHeader system attributes, DelaySeconds, MD5OfMessageBody and
// MD5OfMessageAttributes as SQS computes them), ReceiveMessage (1–10
// messages, long polling that returns as soon as a message is available,
// a VisibilityTimeout override, the system attributes ApproximateReceiveCount,
// SentTimestamp, ApproximateFirstReceiveTimestamp, SenderId,
// AWSTraceHeader and DeadLetterQueueSourceArn, a new receipt handle on
// every receive), DeleteMessage and DeleteMessageBatch (a stale receipt
// handle succeeds and deletes nothing, as SQS documents),
// ChangeMessageVisibility, retention, and redrive: a message already
// received maxReceiveCount times goes to the RedrivePolicy's dead-letter
// queue on the next receive instead of being delivered, keeping its ID,
// body, attributes and receive count (its first receive there counts
// maxReceiveCount+1). SenderId is the account ID. Errors carry the JSON protocol's
// __type and the x-amzn-query-error code the SDK reports.
//
// With Config.Dir set, every acknowledged change is in an append-only
// journal (JSON lines, fsynced before the answer, one fsync shared by
// concurrent requests) that New replays and compacts, and that is
// compacted again whenever it outgrows its live state (past 64 MiB and
// four times its compacted size), so kill -9 loses nothing acknowledged
// and an all-day stack keeps a journal the size of its queues.
//
// Left out: FIFO queues, the query (XML) protocol, access policies and
// permissions, KMS, tags, ChangeMessageVisibilityBatch, message move
// tasks, ListDeadLetterSourceQueues, the 12-hour visibility ceiling,
// in-flight limits and throttling, and the approximateness of real SQS
// (counts here are exact and receives return messages in arrival order).
// SigV4 is not checked here: Config.Verify is where the stack plugs its
// verifier in.
package sqs
