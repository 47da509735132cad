package sqs

import (
	"encoding/base64"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

var queueName = regexp.MustCompile(`^[A-Za-z0-9_-]{1,80}$`)

type createQueueIn struct {
	QueueName  string
	Attributes map[string]string
	Tags       map[string]string `json:"tags"`
}

type queueURLOut struct {
	QueueUrl string
}

func (s *Service) url(c *call, name string) string {
	return c.base + "/" + s.cfg.Account + "/" + name
}

func (s *Service) createQueue(c *call, in *createQueueIn) (*queueURLOut, *apiError) {
	if !queueName.MatchString(in.QueueName) {
		return nil, errorf("InvalidParameterValue", "Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length")
	}
	s.mu.Lock()
	now := s.now()
	dlqExists := func(arn string) bool { return s.queueByARN(arn) != nil }
	if _, err := parseSettings(defaultSettings, in.Attributes, dlqExists); err != nil {
		s.mu.Unlock()
		return nil, err
	}
	if q := s.queues[in.QueueName]; q != nil {
		defer s.mu.Unlock()
		for k, v := range in.Attributes {
			if current, ok := q.attrs[k]; (ok && current != v) || (!ok && v != defaultAttribute(k)) {
				return nil, errorf("QueueNameExists", "A queue already exists with the same name and a different value for attribute %s", k)
			}
		}
		return &queueURLOut{s.url(c, in.QueueName)}, nil
	}
	if at, ok := s.deleted[in.QueueName]; ok && now-at < deletedNameTimeout {
		s.mu.Unlock()
		return nil, errorf("QueueDeletedRecently", "You must wait 60 seconds after deleting a queue before you can create another with the same name.")
	}
	attrs := maps.Clone(in.Attributes)
	if attrs == nil {
		attrs = map[string]string{}
	}
	wait := s.commitLocked(record{Op: "queue", Queue: in.QueueName, Attrs: attrs, At: now})
	s.mu.Unlock()
	if err := s.durable(wait); err != nil {
		return nil, err
	}
	return &queueURLOut{s.url(c, in.QueueName)}, nil
}

// defaultAttribute is the value a queue has for an attribute never set.
func defaultAttribute(name string) string {
	switch name {
	case "VisibilityTimeout":
		return strconv.Itoa(defaultVisibility)
	case "MessageRetentionPeriod":
		return strconv.Itoa(defaultRetention)
	case "MaximumMessageSize":
		return strconv.Itoa(defaultMaxSize)
	case "DelaySeconds", "ReceiveMessageWaitTimeSeconds":
		return "0"
	case "SqsManagedSseEnabled":
		return "true"
	case "FifoQueue":
		return "false"
	}
	return ""
}

type getQueueURLIn struct {
	QueueName              string
	QueueOwnerAWSAccountId string
}

func (s *Service) getQueueURL(c *call, in *getQueueURLIn) (*queueURLOut, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.queues[in.QueueName] == nil || (in.QueueOwnerAWSAccountId != "" && in.QueueOwnerAWSAccountId != s.cfg.Account) {
		return nil, errNoQueue()
	}
	return &queueURLOut{s.url(c, in.QueueName)}, nil
}

type queueAttributesIn struct {
	QueueUrl       string
	AttributeNames []string
	Attributes     map[string]string
}

type queueAttributesOut struct {
	Attributes map[string]string `json:",omitempty"`
}

// queueAttributeNames are the names GetQueueAttributes knows.
var queueAttributeNames = []string{
	"ApproximateNumberOfMessages", "ApproximateNumberOfMessagesDelayed", "ApproximateNumberOfMessagesNotVisible",
	"CreatedTimestamp", "DelaySeconds", "LastModifiedTimestamp", "MaximumMessageSize", "MessageRetentionPeriod",
	"Policy", "QueueArn", "ReceiveMessageWaitTimeSeconds", "RedriveAllowPolicy", "RedrivePolicy",
	"SqsManagedSseEnabled", "VisibilityTimeout", "KmsMasterKeyId", "KmsDataKeyReusePeriodSeconds",
}

func (s *Service) getQueueAttributes(c *call, in *queueAttributesIn) (*queueAttributesOut, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	q, err := s.queueOf(in.QueueUrl)
	if err != nil {
		return nil, err
	}
	visible, inFlight, delayed := q.counts(s.now())
	all := map[string]string{
		"ApproximateNumberOfMessages":           strconv.Itoa(visible),
		"ApproximateNumberOfMessagesNotVisible": strconv.Itoa(inFlight),
		"ApproximateNumberOfMessagesDelayed":    strconv.Itoa(delayed),
		"CreatedTimestamp":                      strconv.FormatInt(q.created/1000, 10),
		"LastModifiedTimestamp":                 strconv.FormatInt(q.modified/1000, 10),
		"QueueArn":                              s.ARN(q.name),
	}
	for _, n := range []string{"DelaySeconds", "MaximumMessageSize", "MessageRetentionPeriod", "ReceiveMessageWaitTimeSeconds", "SqsManagedSseEnabled", "VisibilityTimeout"} {
		all[n] = defaultAttribute(n)
	}
	for k, v := range q.attrs {
		if k != "FifoQueue" && v != "" {
			all[k] = v
		}
	}
	if q.settings.deadLetterTarget != "" {
		// SQS answers the policy in its own spelling, whatever was sent.
		all["RedrivePolicy"] = `{"deadLetterTargetArn":"` + q.settings.deadLetterTarget + `","maxReceiveCount":` + strconv.Itoa(q.settings.maxReceiveCount) + `}`
	}
	out := map[string]string{}
	for _, n := range in.AttributeNames {
		switch {
		case n == "All":
			maps.Copy(out, all)
		case slices.Contains(queueAttributeNames, n):
			if v, ok := all[n]; ok {
				out[n] = v
			}
		default:
			return nil, errorf("InvalidAttributeName", "Unknown Attribute %s.", n)
		}
	}
	if len(out) == 0 {
		out = nil
	}
	return &queueAttributesOut{out}, nil
}

type empty struct{}

func (s *Service) setQueueAttributes(c *call, in *queueAttributesIn) (*empty, *apiError) {
	s.mu.Lock()
	q, err := s.queueOf(in.QueueUrl)
	if err == nil {
		_, err = parseSettings(q.settings, in.Attributes, func(arn string) bool { return s.queueByARN(arn) != nil })
	}
	if err != nil {
		s.mu.Unlock()
		return nil, err
	}
	wait := s.commitLocked(record{Op: "attrs", Queue: q.name, Attrs: maps.Clone(in.Attributes), At: s.now()})
	s.mu.Unlock()
	if err := s.durable(wait); err != nil {
		return nil, err
	}
	return &empty{}, nil
}

type listQueuesIn struct {
	QueueNamePrefix string
	MaxResults      *int
	NextToken       string
}

type listQueuesOut struct {
	QueueUrls []string `json:",omitempty"`
	NextToken string   `json:",omitempty"`
}

func (s *Service) listQueues(c *call, in *listQueuesIn) (*listQueuesOut, *apiError) {
	max := 1000
	if in.MaxResults != nil {
		if *in.MaxResults < 1 || *in.MaxResults > 1000 {
			return nil, errParam("MaxResults", *in.MaxResults, "MaxResults must be an integer between 1 and 1000.")
		}
		max = *in.MaxResults
	}
	after := ""
	if in.NextToken != "" {
		b, err := base64.RawURLEncoding.DecodeString(in.NextToken)
		if err != nil {
			return nil, errorf("InvalidParameterValue", "Invalid NextToken value.")
		}
		after = string(b)
	}
	s.mu.Lock()
	names := slices.Sorted(maps.Keys(s.queues))
	s.mu.Unlock()
	out := &listQueuesOut{}
	for _, n := range names {
		if n <= after || !strings.HasPrefix(n, in.QueueNamePrefix) {
			continue
		}
		if len(out.QueueUrls) == max {
			if in.MaxResults != nil {
				out.NextToken = base64.RawURLEncoding.EncodeToString([]byte(out.QueueUrls[max-1][strings.LastIndex(out.QueueUrls[max-1], "/")+1:]))
			}
			break
		}
		out.QueueUrls = append(out.QueueUrls, s.url(c, n))
	}
	return out, nil
}

type queueIn struct {
	QueueUrl string
}

func (s *Service) deleteQueue(c *call, in *queueIn) (*empty, *apiError) {
	s.mu.Lock()
	q, err := s.queueOf(in.QueueUrl)
	if err != nil {
		s.mu.Unlock()
		return nil, err
	}
	wait := s.commitLocked(record{Op: "dropq", Queue: q.name, At: s.now()})
	s.mu.Unlock()
	if err := s.durable(wait); err != nil {
		return nil, err
	}
	return &empty{}, nil
}

func (s *Service) purgeQueue(c *call, in *queueIn) (*empty, *apiError) {
	s.mu.Lock()
	q, err := s.queueOf(in.QueueUrl)
	if err != nil {
		s.mu.Unlock()
		return nil, err
	}
	now := s.now()
	if q.lastPurge != 0 && now-q.lastPurge < purgeInterval {
		s.mu.Unlock()
		return nil, errorf("PurgeQueueInProgress", "Only one PurgeQueue operation on %s is allowed every 60 seconds.", q.name)
	}
	wait := s.commitLocked(record{Op: "purge", Queue: q.name, At: now})
	s.mu.Unlock()
	if err := s.durable(wait); err != nil {
		return nil, err
	}
	return &empty{}, nil
}

type sendEntry struct {
	Id                      string
	MessageBody             string
	DelaySeconds            *int
	MessageAttributes       map[string]attributeValue
	MessageSystemAttributes map[string]attributeValue
	MessageGroupId          string
	MessageDeduplicationId  string
}

type sendMessageIn struct {
	QueueUrl string
	sendEntry
}

type sendMessageOut struct {
	Id                           string `json:",omitempty"`
	MessageId                    string
	MD5OfMessageBody             string
	MD5OfMessageAttributes       string `json:",omitempty"`
	MD5OfMessageSystemAttributes string `json:",omitempty"`
}

// newMessage validates one send and builds its message.
func (q *queue) newMessage(e *sendEntry, now int64) (*message, int, *apiError) {
	if e.MessageBody == "" {
		return nil, 0, errorf("MissingParameter", "The request must contain the parameter MessageBody.")
	}
	if !validText(e.MessageBody) {
		return nil, 0, errorf("InvalidMessageContents", "Invalid binary character was found in the message body, the set of allowed characters is #x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF")
	}
	if e.MessageGroupId != "" || e.MessageDeduplicationId != "" {
		return nil, 0, errorf("InvalidParameterValue", "The request includes a parameter that is not valid for this queue type.")
	}
	delay := q.settings.delay
	if e.DelaySeconds != nil {
		if *e.DelaySeconds < 0 || *e.DelaySeconds > maxDelay {
			return nil, 0, errParam("DelaySeconds", *e.DelaySeconds, "DelaySeconds must be >= 0 and <= 900.")
		}
		delay = *e.DelaySeconds
	}
	size, err := checkAttributes(e.MessageAttributes, false)
	if err != nil {
		return nil, 0, err
	}
	if _, err := checkAttributes(e.MessageSystemAttributes, true); err != nil {
		return nil, 0, err
	}
	size += len(e.MessageBody)
	if size > q.settings.maxSize {
		return nil, 0, errorf("InvalidParameterValue", "One or more parameters are invalid. Reason: Message must be shorter than %d bytes.", q.settings.maxSize)
	}
	m := &message{ID: newID(), Body: e.MessageBody, Attrs: e.MessageAttributes, SysAttrs: e.MessageSystemAttributes,
		Sent: now, VisibleAt: now + int64(delay)*1000}
	return m, size, nil
}

func sent(m *message, id string) sendMessageOut {
	return sendMessageOut{Id: id, MessageId: m.ID, MD5OfMessageBody: bodyMD5(m.Body),
		MD5OfMessageAttributes: attributesMD5(m.Attrs), MD5OfMessageSystemAttributes: attributesMD5(m.SysAttrs)}
}

func (s *Service) sendMessage(c *call, in *sendMessageIn) (*sendMessageOut, *apiError) {
	s.mu.Lock()
	q, err := s.queueOf(in.QueueUrl)
	if err != nil {
		s.mu.Unlock()
		return nil, err
	}
	m, _, err := q.newMessage(&in.sendEntry, s.now())
	if err != nil {
		s.mu.Unlock()
		return nil, err
	}
	wait := s.commitLocked(record{Op: "msg", Queue: q.name, Msg: m})
	out := sent(m, "")
	s.mu.Unlock()
	if err := s.durable(wait); err != nil {
		return nil, err
	}
	return &out, nil
}

type batchError struct {
	Id          string
	SenderFault bool
	Code        string
	Message     string
}

type sendBatchIn struct {
	QueueUrl string
	Entries  []sendEntry
}

type sendBatchOut struct {
	Successful []sendMessageOut
	Failed     []batchError
}

var batchID = regexp.MustCompile(`^[A-Za-z0-9_-]{1,80}$`)

// checkBatch applies SQS's rules for a batch's entry IDs.
func checkBatch(ids []string) *apiError {
	if len(ids) == 0 {
		return errorf("EmptyBatchRequest", "There should be at least one entry in the request.")
	}
	if len(ids) > 10 {
		return errorf("TooManyEntriesInBatchRequest", "Maximum number of entries per request are 10. You have sent %d.", len(ids))
	}
	seen := map[string]bool{}
	for _, id := range ids {
		if !batchID.MatchString(id) {
			return errorf("InvalidBatchEntryId", "A batch entry id can only contain alphanumeric characters, hyphens and underscores. It can be at most 80 letters long.")
		}
		if seen[id] {
			return errorf("BatchEntryIdsNotDistinct", "Id %s repeated.", id)
		}
		seen[id] = true
	}
	return nil
}

func (s *Service) sendMessageBatch(c *call, in *sendBatchIn) (*sendBatchOut, *apiError) {
	ids := make([]string, len(in.Entries))
	for i, e := range in.Entries {
		ids[i] = e.Id
	}
	if err := checkBatch(ids); err != nil {
		return nil, err
	}
	s.mu.Lock()
	q, err := s.queueOf(in.QueueUrl)
	if err != nil {
		s.mu.Unlock()
		return nil, err
	}
	now, total := s.now(), 0
	out := &sendBatchOut{Successful: []sendMessageOut{}, Failed: []batchError{}}
	var recs []record
	for i := range in.Entries {
		e := &in.Entries[i]
		m, size, err := q.newMessage(e, now)
		if err != nil {
			out.Failed = append(out.Failed, batchError{Id: e.Id, SenderFault: true, Code: shapeOf(err.Code).query, Message: err.Message})
			continue
		}
		total += size
		recs = append(recs, record{Op: "msg", Queue: q.name, Msg: m})
		out.Successful = append(out.Successful, sent(m, e.Id))
	}
	if total > q.settings.maxSize {
		s.mu.Unlock()
		return nil, errorf("BatchRequestTooLong", "Batch requests cannot be longer than %d bytes. You have sent %d bytes.", q.settings.maxSize, total)
	}
	wait := s.commitLocked(recs...)
	s.mu.Unlock()
	if err := s.durable(wait); err != nil {
		return nil, err
	}
	return out, nil
}

type receiveIn struct {
	QueueUrl                    string
	AttributeNames              []string
	MessageSystemAttributeNames []string
	MessageAttributeNames       []string
	MaxNumberOfMessages         *int
	VisibilityTimeout           *int
	WaitTimeSeconds             *int
	ReceiveRequestAttemptId     string
}

type receivedMessage struct {
	MessageId              string
	ReceiptHandle          string
	MD5OfBody              string
	Body                   string
	Attributes             map[string]string         `json:",omitempty"`
	MD5OfMessageAttributes string                    `json:",omitempty"`
	MessageAttributes      map[string]attributeValue `json:",omitempty"`
}

type receiveOut struct {
	Messages []receivedMessage `json:",omitempty"`
}

func (s *Service) receiveMessage(c *call, in *receiveIn) (*receiveOut, *apiError) {
	limit := 1
	if in.MaxNumberOfMessages != nil {
		limit = *in.MaxNumberOfMessages
		if limit < 1 || limit > 10 {
			return nil, errParam("MaxNumberOfMessages", limit, "Must be between 1 and 10, if provided.")
		}
	}
	if in.VisibilityTimeout != nil && (*in.VisibilityTimeout < 0 || *in.VisibilityTimeout > maxVisibility) {
		return nil, errParam("VisibilityTimeout", *in.VisibilityTimeout, "Must be >= 0 and <= 43200, if provided.")
	}
	if in.WaitTimeSeconds != nil && (*in.WaitTimeSeconds < 0 || *in.WaitTimeSeconds > maxWait) {
		return nil, errParam("WaitTimeSeconds", *in.WaitTimeSeconds, "Must be >= 0 and <= 20, if provided.")
	}
	system := append(slices.Clone(in.AttributeNames), in.MessageSystemAttributeNames...)
	var deadline time.Time
	for {
		s.mu.Lock()
		q, err := s.queueOf(in.QueueUrl)
		if err != nil {
			s.mu.Unlock()
			return nil, err
		}
		if deadline.IsZero() {
			wait := q.settings.wait
			if in.WaitTimeSeconds != nil {
				wait = *in.WaitTimeSeconds
			}
			// Real time, not Config.Now: a long poll lasts WaitTimeSeconds
			// of the caller's time even under a test clock.
			deadline = time.Now().Add(time.Duration(wait) * time.Second)
		}
		vis := q.settings.visibility
		if in.VisibilityTimeout != nil {
			vis = *in.VisibilityTimeout
		}
		msgs, wait := s.receiveLocked(q, limit, vis, system, in.MessageAttributeNames)
		changed, next := q.changed, q.nextVisible()
		s.mu.Unlock()
		if len(msgs) > 0 {
			if err := s.durable(wait); err != nil {
				return nil, err
			}
			return &receiveOut{msgs}, nil
		}
		left := time.Until(deadline)
		if left <= 0 || c.ctx.Err() != nil {
			return &receiveOut{}, nil
		}
		if next > 0 {
			left = min(left, time.Duration(next-s.now())*time.Millisecond)
		}
		s.waiting.Add(1)
		waitChanged(c.ctx, changed, max(left, time.Millisecond))
		s.waiting.Add(-1)
	}
}

// nextVisible is when the earliest invisible message becomes visible, or 0.
func (q *queue) nextVisible() int64 {
	if len(q.order) == 0 {
		return 0
	}
	return q.order[0].VisibleAt
}

// receiveLocked takes up to max visible messages, moving to the
// dead-letter queue, instead of delivering it, any message already
// received maxReceiveCount times.
func (s *Service) receiveLocked(q *queue, max, vis int, system, user []string) ([]receivedMessage, func() error) {
	now := s.now()
	var out []receivedMessage
	var recs []record
	for len(out) < max && len(q.order) > 0 && q.order[0].VisibleAt <= now {
		m := q.order[0]
		if q.expired(m, now) {
			q.remove(m) // deterministic from Sent, so not journaled
			continue
		}
		if dlq := s.queueByARN(q.settings.deadLetterTarget); dlq != nil && dlq != q && m.Received >= q.settings.maxReceiveCount {
			recs = append(recs, record{Op: "move", Queue: q.name, ID: m.ID, To: dlq.name, Vis: now, Source: s.ARN(q.name)})
			if err := s.apply(recs[len(recs)-1]); err != nil {
				panic("sqs: " + err.Error())
			}
			continue
		}
		first := m.First
		if first == 0 {
			first = now
		}
		r := record{Op: "recv", Queue: q.name, ID: m.ID, Vis: now + int64(vis)*1000, Recv: m.Received + 1, First: first, Handle: newHandle(m.ID)}
		if err := s.apply(r); err != nil {
			panic("sqs: " + err.Error())
		}
		recs = append(recs, r)
		out = append(out, s.delivered(m, system, user))
	}
	if s.log == nil || len(recs) == 0 {
		return out, func() error { return nil }
	}
	return out, s.log.add(recs)
}

// delivered is m as ReceiveMessage answers it, with the system and user
// attributes asked for.
func (s *Service) delivered(m *message, system, user []string) receivedMessage {
	attrs := map[string]string{
		"ApproximateReceiveCount":          strconv.Itoa(m.Received),
		"SentTimestamp":                    strconv.FormatInt(m.Sent, 10),
		"ApproximateFirstReceiveTimestamp": strconv.FormatInt(m.First, 10),
		"SenderId":                         s.cfg.Account,
	}
	if v, ok := m.SysAttrs["AWSTraceHeader"]; ok && v.StringValue != nil {
		attrs["AWSTraceHeader"] = *v.StringValue
	}
	if m.Source != "" {
		attrs["DeadLetterQueueSourceArn"] = m.Source
	}
	var chosen map[string]string
	for _, n := range system {
		if n == "All" {
			chosen = attrs
			break
		}
		if v, ok := attrs[n]; ok {
			if chosen == nil {
				chosen = map[string]string{}
			}
			chosen[n] = v
		}
	}
	ua := selectAttributes(m.Attrs, user)
	return receivedMessage{MessageId: m.ID, ReceiptHandle: m.Handle, MD5OfBody: m.md5, Body: m.Body,
		Attributes: chosen, MessageAttributes: ua, MD5OfMessageAttributes: attributesMD5(ua)}
}

type handleIn struct {
	QueueUrl          string
	ReceiptHandle     string
	VisibilityTimeout *int
}

// message finds the message a receipt handle names. current is false for a
// handle older than the message's latest receive.
func (q *queue) byHandle(h string) (m *message, current bool, err *apiError) {
	id, ok := handleID(h)
	if !ok {
		return nil, false, errorf("ReceiptHandleIsInvalid", "The input receipt handle \"%s\" is not a valid receipt handle.", h)
	}
	m = q.msgs[id]
	return m, m != nil && m.Handle == h, nil
}

// deleteLocked deletes the message h names. As in SQS, a handle for a
// message already gone succeeds, and so does a stale one (from before the
// message's latest receive), which deletes nothing.
func (s *Service) deleteLocked(q *queue, h string) (*record, *apiError) {
	if h == "" {
		return nil, errorf("MissingParameter", "The request must contain the parameter ReceiptHandle.")
	}
	m, current, err := q.byHandle(h)
	if err != nil || !current {
		return nil, err
	}
	return &record{Op: "del", Queue: q.name, ID: m.ID}, nil
}

func (s *Service) deleteMessage(c *call, in *handleIn) (*empty, *apiError) {
	s.mu.Lock()
	q, err := s.queueOf(in.QueueUrl)
	var r *record
	if err == nil {
		r, err = s.deleteLocked(q, in.ReceiptHandle)
	}
	if err != nil {
		s.mu.Unlock()
		return nil, err
	}
	wait := func() error { return nil }
	if r != nil {
		wait = s.commitLocked(*r)
	}
	s.mu.Unlock()
	if err := s.durable(wait); err != nil {
		return nil, err
	}
	return &empty{}, nil
}

type deleteBatchIn struct {
	QueueUrl string
	Entries  []struct{ Id, ReceiptHandle string }
}

type batchOK struct{ Id string }

type deleteBatchOut struct {
	Successful []batchOK
	Failed     []batchError
}

func (s *Service) deleteMessageBatch(c *call, in *deleteBatchIn) (*deleteBatchOut, *apiError) {
	ids := make([]string, len(in.Entries))
	for i, e := range in.Entries {
		ids[i] = e.Id
	}
	if err := checkBatch(ids); err != nil {
		return nil, err
	}
	s.mu.Lock()
	q, err := s.queueOf(in.QueueUrl)
	if err != nil {
		s.mu.Unlock()
		return nil, err
	}
	out := &deleteBatchOut{Successful: []batchOK{}, Failed: []batchError{}}
	var recs []record
	for _, e := range in.Entries {
		r, err := s.deleteLocked(q, e.ReceiptHandle)
		if err != nil {
			out.Failed = append(out.Failed, batchError{Id: e.Id, SenderFault: true, Code: shapeOf(err.Code).query, Message: err.Message})
			continue
		}
		if r != nil && !slices.ContainsFunc(recs, func(x record) bool { return x.ID == r.ID }) {
			recs = append(recs, *r)
		}
		out.Successful = append(out.Successful, batchOK{e.Id})
	}
	wait := s.commitLocked(recs...)
	s.mu.Unlock()
	if err := s.durable(wait); err != nil {
		return nil, err
	}
	return out, nil
}

func (s *Service) changeMessageVisibility(c *call, in *handleIn) (*empty, *apiError) {
	if in.VisibilityTimeout == nil {
		return nil, errorf("MissingParameter", "The request must contain the parameter VisibilityTimeout.")
	}
	if *in.VisibilityTimeout < 0 || *in.VisibilityTimeout > maxVisibility {
		return nil, errParam("VisibilityTimeout", *in.VisibilityTimeout, "VisibilityTimeout must be an integer between 0 and 43200.")
	}
	s.mu.Lock()
	q, err := s.queueOf(in.QueueUrl)
	var m *message
	current := false
	if err == nil {
		m, current, err = q.byHandle(in.ReceiptHandle)
	}
	now := s.now()
	if err == nil && (!current || m.VisibleAt <= now) {
		err = errParam("ReceiptHandle", in.ReceiptHandle, "Message does not exist or is not available for visibility timeout change.")
	}
	if err != nil {
		s.mu.Unlock()
		return nil, err
	}
	wait := s.commitLocked(record{Op: "vis", Queue: q.name, ID: m.ID, Vis: now + int64(*in.VisibilityTimeout)*1000})
	s.mu.Unlock()
	if err := s.durable(wait); err != nil {
		return nil, err
	}
	return &empty{}, nil
}
