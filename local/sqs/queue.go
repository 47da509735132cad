package sqs

import (
	"container/heap"
	"encoding/json"
	"strconv"
)

// Queue attribute defaults and limits, as SQS documents them.
const (
	defaultVisibility  = 30
	defaultRetention   = 345600
	defaultMaxSize     = 1048576
	maxVisibility      = 43200
	maxDelay           = 900
	maxWait            = 20
	purgeInterval      = 60_000 // ms between two purges of one queue
	deletedNameTimeout = 60_000 // ms before a deleted queue's name is free
)

// queue is one standard queue. Every field is guarded by Service.mu.
type queue struct {
	name     string
	created  int64             // ms
	modified int64             // ms
	attrs    map[string]string // settable attributes as given, validated
	settings settings

	msgs  map[string]*message
	order byVisible // every message, earliest visible first
	seq   uint64

	lastPurge int64         // ms
	changed   chan struct{} // closed and replaced when a receiver may find something new
}

// settings are the parsed queue attributes the service acts on.
type settings struct {
	visibility, retention, maxSize, delay, wait int
	deadLetterTarget                            string // queue ARN
	maxReceiveCount                             int
}

// message is one message and its delivery state; these are also the fields
// a journal "msg" record carries.
type message struct {
	ID        string                    `json:"id"`
	Body      string                    `json:"body"`
	Attrs     map[string]attributeValue `json:"ma,omitempty"`
	SysAttrs  map[string]attributeValue `json:"sa,omitempty"`
	Sent      int64                     `json:"sent"`            // ms
	VisibleAt int64                     `json:"vis"`             // ms; delayed or in flight until then
	Received  int                       `json:"recv,omitempty"`  // ApproximateReceiveCount
	First     int64                     `json:"first,omitempty"` // ApproximateFirstReceiveTimestamp, ms
	Handle    string                    `json:"rh,omitempty"`    // the latest receipt handle
	Source    string                    `json:"src,omitempty"`   // DeadLetterQueueSourceArn

	seq   uint64
	index int
	md5   string
}

func newQueue(name string, attrs map[string]string, s settings, at int64) *queue {
	return &queue{name: name, created: at, modified: at, attrs: attrs, settings: s,
		msgs: map[string]*message{}, changed: make(chan struct{})}
}

// notify wakes every long poll waiting on q.
func (q *queue) notify() {
	close(q.changed)
	q.changed = make(chan struct{})
}

func (q *queue) add(m *message) {
	q.seq++
	m.seq = q.seq
	m.md5 = bodyMD5(m.Body)
	q.msgs[m.ID] = m
	heap.Push(&q.order, m)
}

func (q *queue) remove(m *message) {
	delete(q.msgs, m.ID)
	heap.Remove(&q.order, m.index)
}

func (q *queue) setVisible(m *message, at int64) {
	m.VisibleAt = at
	heap.Fix(&q.order, m.index)
}

func (q *queue) expired(m *message, now int64) bool {
	return now-m.Sent >= int64(q.settings.retention)*1000
}

// counts are ApproximateNumberOfMessages, …NotVisible and …Delayed.
func (q *queue) counts(now int64) (visible, inFlight, delayed int) {
	for _, m := range q.msgs {
		switch {
		case q.expired(m, now):
		case m.VisibleAt <= now:
			visible++
		case m.Received > 0:
			inFlight++
		default:
			delayed++
		}
	}
	return
}

// byVisible is a heap of messages by the time they become visible, then by
// arrival, so a receive takes the oldest available message in O(log n).
type byVisible []*message

func (h byVisible) Len() int { return len(h) }
func (h byVisible) Less(i, j int) bool {
	if h[i].VisibleAt != h[j].VisibleAt {
		return h[i].VisibleAt < h[j].VisibleAt
	}
	return h[i].seq < h[j].seq
}
func (h byVisible) Swap(i, j int) {
	h[i], h[j] = h[j], h[i]
	h[i].index, h[j].index = i, j
}
func (h *byVisible) Push(x any) {
	m := x.(*message)
	m.index = len(*h)
	*h = append(*h, m)
}
func (h *byVisible) Pop() any {
	old := *h
	m := old[len(old)-1]
	old[len(old)-1] = nil
	*h = old[:len(old)-1]
	return m
}

// parseSettings validates queue attributes as CreateQueue and
// SetQueueAttributes do and returns base with them applied. dlqExists
// says whether a dead-letter target ARN names an existing queue.
func parseSettings(base settings, attrs map[string]string, dlqExists func(arn string) bool) (settings, *apiError) {
	s := base
	num := func(name, v string, lo, hi int) (int, *apiError) {
		n, err := strconv.Atoi(v)
		if err != nil || n < lo || n > hi {
			return 0, errorf("InvalidAttributeValue", "Invalid value for the parameter %s.", name)
		}
		return n, nil
	}
	for name, v := range attrs {
		var err *apiError
		switch name {
		case "VisibilityTimeout":
			s.visibility, err = num(name, v, 0, maxVisibility)
		case "MessageRetentionPeriod":
			s.retention, err = num(name, v, 60, 1209600)
		case "MaximumMessageSize":
			s.maxSize, err = num(name, v, 1024, defaultMaxSize)
		case "DelaySeconds":
			s.delay, err = num(name, v, 0, maxDelay)
		case "ReceiveMessageWaitTimeSeconds":
			s.wait, err = num(name, v, 0, maxWait)
		case "RedrivePolicy":
			s.deadLetterTarget, s.maxReceiveCount = "", 0
			if v == "" {
				continue
			}
			var p struct {
				Target string          `json:"deadLetterTargetArn"`
				Max    json.RawMessage `json:"maxReceiveCount"`
			}
			if json.Unmarshal([]byte(v), &p) != nil || p.Target == "" || len(p.Max) == 0 {
				return s, errorf("InvalidParameterValue", "Value %s for parameter RedrivePolicy is invalid. Reason: Redrive policy is not a valid JSON map with deadLetterTargetArn and maxReceiveCount.", v)
			}
			max, perr := strconv.Atoi(string(trimQuotes(p.Max)))
			if perr != nil || max < 1 || max > 1000 {
				return s, errorf("InvalidParameterValue", "Value %s for parameter RedrivePolicy is invalid. Reason: Invalid value for maxReceiveCount: %s, valid values are from 1 to 1000 both inclusive.", v, p.Max)
			}
			if !dlqExists(p.Target) {
				return s, errorf("InvalidParameterValue", "Value %s for parameter RedrivePolicy is invalid. Reason: Dead letter target does not exist.", v)
			}
			s.deadLetterTarget, s.maxReceiveCount = p.Target, max
		case "SqsManagedSseEnabled":
			if v != "true" && v != "false" {
				err = errorf("InvalidAttributeValue", "Invalid value for the parameter %s.", name)
			}
		case "FifoQueue":
			if v != "false" {
				err = errorf("InvalidAttributeValue", "Invalid value for the parameter FifoQueue: this local SQS has standard queues only.")
			}
		case "Policy", "RedriveAllowPolicy", "KmsMasterKeyId", "KmsDataKeyReusePeriodSeconds":
			// Kept and returned; access policies and KMS are not emulated.
		default:
			err = errorf("InvalidAttributeName", "Unknown Attribute %s.", name)
		}
		if err != nil {
			return s, err
		}
	}
	return s, nil
}

// trimQuotes lets maxReceiveCount be a JSON number or a string, as SQS does.
func trimQuotes(b []byte) []byte {
	if len(b) >= 2 && b[0] == '"' && b[len(b)-1] == '"' {
		return b[1 : len(b)-1]
	}
	return b
}

var defaultSettings = settings{visibility: defaultVisibility, retention: defaultRetention, maxSize: defaultMaxSize}
