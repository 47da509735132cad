package bedrock

import (
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"regexp"
	"unicode/utf8"

	"github.com/aws/aws-sdk-go-v2/aws/protocol/eventstream"
	"github.com/aws/aws-sdk-go-v2/aws/protocol/eventstream/eventstreamapi"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/google/uuid"
)

// The service's bounds on numberOfResults, and its default.
const (
	defaultNumberOfResults = 5
	maxNumberOfResults     = 100
)

// sessionHeader carries RetrieveAndGenerateStream's sessionId (restJson1
// has no initial-response message: the SDK reads it from this header).
const sessionHeader = "x-amzn-bedrock-knowledge-base-session-id"

var sessionPattern = regexp.MustCompile(`^[0-9a-zA-Z._:-]{2,100}$`)

// RuntimeHandler serves the bedrock-agent-runtime operations, as the
// SDK's bedrockagentruntime client sends them (restJson1):
//
//	POST /knowledgebases/{kb}/retrieve   Retrieve
//	POST /retrieveAndGenerateStream      RetrieveAndGenerateStream (application/vnd.amazon.eventstream)
//
// It works behind http.StripPrefix. It does not check signatures.
func (kb *KnowledgeBase) RuntimeHandler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /knowledgebases/{kb}/retrieve", kb.serveRetrieve)
	mux.HandleFunc("POST /retrieveAndGenerateStream", kb.serveRetrieveAndGenerateStream)
	mux.HandleFunc("/", serveUnknown)
	return mux
}

// vectorSearchConfiguration is the part of KnowledgeBaseRetrievalConfiguration
// the local knowledge base reads.
type retrievalConfiguration struct {
	VectorSearchConfiguration *struct {
		NumberOfResults *int            `json:"numberOfResults"`
		Filter          json.RawMessage `json:"filter"`
	} `json:"vectorSearchConfiguration"`
}

// retrieval is a validated retrieval: how many passages and which.
type retrieval struct {
	n      int
	filter query.Query
}

func (kb *KnowledgeBase) parseRetrieval(kbID string, rc *retrievalConfiguration) (retrieval, error) {
	if kbID == "" {
		return retrieval{}, validationf("knowledgeBaseId is required")
	}
	if kbID != kb.kbID {
		return retrieval{}, notFoundf("Knowledge base with id %s does not exist", kbID)
	}
	r := retrieval{n: defaultNumberOfResults}
	if rc == nil || rc.VectorSearchConfiguration == nil {
		return r, nil
	}
	vs := rc.VectorSearchConfiguration
	if vs.NumberOfResults != nil {
		if *vs.NumberOfResults < 1 || *vs.NumberOfResults > maxNumberOfResults {
			return r, validationf("1 validation error detected: Value '%d' at 'retrievalConfiguration.vectorSearchConfiguration.numberOfResults' failed to satisfy constraint: Member must have value between 1 and %d", *vs.NumberOfResults, maxNumberOfResults)
		}
		r.n = *vs.NumberOfResults
	}
	if len(vs.Filter) > 0 && string(vs.Filter) != "null" {
		f, err := parseFilter(vs.Filter)
		if err != nil {
			return r, err
		}
		r.filter = f
	}
	return r, nil
}

// The response shapes shared by Retrieve and the citation events.
type (
	resultContent struct {
		Text string `json:"text"`
		Type string `json:"type"`
	}
	resultLocation struct {
		Type       string `json:"type"`
		S3Location struct {
			URI string `json:"uri"`
		} `json:"s3Location"`
	}
	retrievedReference struct {
		Content  resultContent  `json:"content"`
		Location resultLocation `json:"location"`
		Metadata map[string]any `json:"metadata"`
	}
)

func (kb *KnowledgeBase) reference(p passage) retrievedReference {
	r := retrievedReference{Content: resultContent{Text: p.Text, Type: "TEXT"}, Metadata: p.metadata(kb.dsID)}
	r.Location.Type = "S3"
	r.Location.S3Location.URI = p.SourceURI
	return r
}

func (kb *KnowledgeBase) serveRetrieve(w http.ResponseWriter, r *http.Request) {
	var req struct {
		RetrievalQuery struct {
			Text string `json:"text"`
		} `json:"retrievalQuery"`
		RetrievalConfiguration *retrievalConfiguration `json:"retrievalConfiguration"`
	}
	if err := decodeBody(r, &req); err != nil {
		writeError(w, err)
		return
	}
	ret, err := kb.parseRetrieval(r.PathValue("kb"), req.RetrievalConfiguration)
	if err != nil {
		writeError(w, err)
		return
	}
	if req.RetrievalQuery.Text == "" {
		writeError(w, validationf("retrievalQuery.text is required"))
		return
	}
	passages, err := kb.search(req.RetrievalQuery.Text, ret.filter, ret.n)
	if err != nil {
		writeError(w, err)
		return
	}
	type result struct {
		retrievedReference
		Score float64 `json:"score"`
	}
	results := make([]result, len(passages))
	for i, p := range passages {
		results[i] = result{kb.reference(p), p.Score}
	}
	slog.Debug("bedrock: retrieve", "knowledgeBaseId", kb.kbID, "results", len(results))
	writeJSON(w, http.StatusOK, map[string]any{"retrievalResults": results})
}

// streamRequest is the part of RetrieveAndGenerateStreamRequest the local
// knowledge base reads.
type streamRequest struct {
	Input struct {
		Text string `json:"text"`
	} `json:"input"`
	SessionID                        string `json:"sessionId"`
	RetrieveAndGenerateConfiguration struct {
		Type                       string `json:"type"`
		KnowledgeBaseConfiguration *struct {
			KnowledgeBaseID        string                  `json:"knowledgeBaseId"`
			ModelArn               string                  `json:"modelArn"`
			RetrievalConfiguration *retrievalConfiguration `json:"retrievalConfiguration"`
		} `json:"knowledgeBaseConfiguration"`
	} `json:"retrieveAndGenerateConfiguration"`
}

func (kb *KnowledgeBase) serveRetrieveAndGenerateStream(w http.ResponseWriter, r *http.Request) {
	var req streamRequest
	if err := decodeBody(r, &req); err != nil {
		writeError(w, err)
		return
	}
	cfg := req.RetrieveAndGenerateConfiguration
	switch {
	case req.Input.Text == "":
		writeError(w, validationf("input.text is required"))
		return
	case cfg.Type != "KNOWLEDGE_BASE":
		writeError(w, validationf("the local knowledge base supports retrieveAndGenerateConfiguration.type KNOWLEDGE_BASE only, not %q", cfg.Type))
		return
	case cfg.KnowledgeBaseConfiguration == nil:
		writeError(w, validationf("retrieveAndGenerateConfiguration.knowledgeBaseConfiguration is required"))
		return
	case cfg.KnowledgeBaseConfiguration.ModelArn == "":
		writeError(w, validationf("retrieveAndGenerateConfiguration.knowledgeBaseConfiguration.modelArn is required"))
		return
	case req.SessionID != "" && !sessionPattern.MatchString(req.SessionID):
		writeError(w, validationf("sessionId %q does not satisfy the pattern ^[0-9a-zA-Z._:-]+$ (2 to 100 characters)", req.SessionID))
		return
	}
	kbc := cfg.KnowledgeBaseConfiguration
	ret, err := kb.parseRetrieval(kbc.KnowledgeBaseID, kbc.RetrievalConfiguration)
	if err != nil {
		writeError(w, err)
		return
	}
	passages, err := kb.search(req.Input.Text, ret.filter, ret.n)
	if err != nil {
		writeError(w, err)
		return
	}
	parts := compose(kb.index.Mapping().AnalyzerNamed(kb.index.Mapping().AnalyzerNameForPath(fieldText)), req.Input.Text, passages)

	session := req.SessionID
	if session == "" {
		session = uuid.NewString()
	}
	w.Header().Set("Content-Type", "application/vnd.amazon.eventstream")
	w.Header().Set(sessionHeader, session)
	w.WriteHeader(http.StatusOK)
	s := &eventWriter{w: w, rc: http.NewResponseController(w), enc: eventstream.NewEncoder(), fault: kb.fault(req.Input.Text)}
	s.answer(kb, parts, passages)
	switch {
	case errors.Is(s.err, errFaulted):
		slog.Info("bedrock: stream fault injected", "knowledgeBaseId", kb.kbID, "afterEvents", s.fault.AfterEvents)
	case s.err != nil:
		slog.Warn("bedrock: stream ended early", "knowledgeBaseId", kb.kbID, "error", s.err)
	}
}

// eventWriter writes one answer stream, flushing every message so a client
// sees each event as it is made.
type eventWriter struct {
	w     http.ResponseWriter
	rc    *http.ResponseController
	enc   *eventstream.Encoder
	fault *Fault
	sent  int
	err   error // the first write error, or errFaulted
}

var errFaulted = errors.New("fault injected")

func (s *eventWriter) write(msg eventstream.Message) {
	if s.err != nil {
		return
	}
	if err := s.enc.Encode(s.w, msg); err != nil {
		s.err = err
		return
	}
	s.err = s.rc.Flush()
}

// event sends one event (output or citation), unless a fault is due first.
func (s *eventWriter) event(eventType string, payload any) {
	if s.err != nil {
		return
	}
	if s.fault != nil && s.sent >= s.fault.AfterEvents {
		s.exception()
		return
	}
	b, _ := json.Marshal(payload)
	var msg eventstream.Message
	msg.Headers.Set(eventstreamapi.EventTypeHeader, eventstream.StringValue(eventType))
	msg.Headers.Set(eventstreamapi.ContentTypeHeader, eventstream.StringValue("application/json"))
	msg.Headers.Set(eventstreamapi.MessageTypeHeader, eventstream.StringValue(eventstreamapi.EventMessageType))
	msg.Payload = b
	s.write(msg)
	s.sent++
}

// exception sends the fault's exception message; nothing follows it.
func (s *eventWriter) exception() {
	f := s.fault
	code := cmpOr(f.Code, CodeInternal)
	b, _ := json.Marshal(map[string]string{"message": cmpOr(f.Message, "Injected fault")})
	var msg eventstream.Message
	msg.Headers.Set(eventstreamapi.ExceptionTypeHeader, eventstream.StringValue(streamMember(code)))
	msg.Headers.Set(eventstreamapi.ContentTypeHeader, eventstream.StringValue("application/json"))
	msg.Headers.Set(eventstreamapi.MessageTypeHeader, eventstream.StringValue(eventstreamapi.ExceptionMessageType))
	msg.Payload = b
	s.write(msg)
	if s.err == nil {
		s.err = errFaulted
	}
}

// answer streams the parts: each sentence as output events of a few words,
// then a citation event whose span covers that sentence in the whole answer
// (character offsets, end exclusive) and whose references are the passages
// it came from. With no parts it streams NothingFound and no citation.
func (s *eventWriter) answer(kb *KnowledgeBase, parts []part, passages []passage) {
	type span struct {
		Start int `json:"start"`
		End   int `json:"end"`
	}
	type textResponsePart struct {
		Text string `json:"text"`
		Span span   `json:"span"`
	}
	type generatedResponsePart struct {
		TextResponsePart textResponsePart `json:"textResponsePart"`
	}
	type citation struct {
		GeneratedResponsePart generatedResponsePart `json:"generatedResponsePart"`
		RetrievedReferences   []retrievedReference  `json:"retrievedReferences"`
	}
	if len(parts) == 0 {
		for _, g := range wordGroups(NothingFound) {
			s.event("output", map[string]string{"text": g})
		}
	}
	runes := 0
	for i, p := range parts {
		prefix := ""
		if i > 0 {
			prefix = " "
		}
		for j, g := range wordGroups(p.text) {
			if j == 0 {
				g = prefix + g
			}
			s.event("output", map[string]string{"text": g})
		}
		start := runes + len(prefix)
		runes = start + utf8.RuneCountInString(p.text)
		c := citation{GeneratedResponsePart: generatedResponsePart{textResponsePart{Text: p.text, Span: span{start, runes}}}}
		for _, ri := range p.refs {
			c.RetrievedReferences = append(c.RetrievedReferences, kb.reference(passages[ri]))
		}
		// The CitationEvent's own members, not its deprecated citation
		// member: filling both doubled every citation event, and with the
		// passages' text twice over the v1.63.1 SDK's reader now and then
		// failed the stream ("use of closed network connection"; about 1
		// stream in 200, none in 3,000 without the copy).
		s.event("citation", c)
	}
	if s.fault != nil && s.err == nil {
		s.exception()
	}
}
