package bedrock

// Option changes a KnowledgeBase at Open.
type Option func(*KnowledgeBase)

// A Fault makes one RetrieveAndGenerateStream call fail mid-stream: after
// AfterEvents events (output and citation) the stream carries an exception
// message (:message-type exception, :exception-type the member for Code,
// e.g. throttlingException) and ends. If the answer has fewer events, the
// exception follows the last one.
type Fault struct {
	AfterEvents int
	Code        string // CodeThrottling, CodeInternal, …
	Message     string
}

// FaultFunc decides, for the call-th RetrieveAndGenerateStream call
// (counting from 1) and its question, whether that call fails; nil means it
// does not.
type FaultFunc func(call int, question string) *Fault

// WithFaults injects stream failures, for tests of a client's handling of a
// mid-stream exception and its retries.
func WithFaults(f FaultFunc) Option { return func(kb *KnowledgeBase) { kb.SetFaults(f) } }

// SetFaults replaces the fault function (nil: no faults) and restarts the
// call count, so a test can arm faults on a running stack.
func (kb *KnowledgeBase) SetFaults(f FaultFunc) {
	kb.mu.Lock()
	defer kb.mu.Unlock()
	kb.faults, kb.streamCall = f, 0
}

// fault counts a stream call and returns its fault, if any.
func (kb *KnowledgeBase) fault(question string) *Fault {
	kb.mu.Lock()
	kb.streamCall++
	f, n := kb.faults, kb.streamCall
	kb.mu.Unlock()
	if f == nil {
		return nil
	}
	return f(n, question)
}
