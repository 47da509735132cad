package web

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"time"

	"docflow/shared/domain"
)

// The question path of fakeBackend: invoke, get_answer and get_output_url
// as docs/protocol.md, "Questions over one's documents", defines them. As with
// processing, the test drives the answer: invoke only accepts the question;
// Chunk, CompleteAnswer and FailAnswer send the answer frames to the
// connection that asked, as the worker does (a frame to a connection that
// has gone is lost, so the page must resume with get_answer).

// fakeQuery is one accepted question.
type fakeQuery struct {
	ID          string
	Query       string
	DocumentIDs []string
	SessionID   string
	conn        *fakeConn

	status    string // queued, answering, complete, failed
	answer    string
	citations []fakeCitation
	message   string
}

// fakeCitation is a citation as answerComplete carries it.
type fakeCitation struct {
	DocumentID   string `json:"documentId"`
	DocumentName string `json:"documentName"`
	Page         int    `json:"page"`
	Excerpt      string `json:"excerpt"`
}

// questionRequest is a client message of the question path.
type questionRequest struct {
	Action      string   `json:"action"`
	Query       *string  `json:"query"`
	QueryID     string   `json:"query_id"`
	DocumentIDs []string `json:"document_ids"`
	SessionID   string   `json:"session_id"`
	DocumentID  string   `json:"document_id"`
	Output      string   `json:"output"`
}

// frame is a server frame of the question path, shaped as the protocol's
// golden frames (shared/protocol/testdata) are.
type frame struct {
	Action  string `json:"action"`
	Message string `json:"message,omitempty"`
	Data    any    `json:"data"`
}

func errorFrame(code domain.Code, message, requestAction string) frame {
	return frame{Action: "error", Message: message, Data: map[string]any{"code": code, "requestAction": requestAction}}
}

// handleQuestion answers invoke, get_answer and get_output_url; false for
// any other action (the processing path handles those).
func (b *fakeBackend) handleQuestion(c *fakeConn, body []byte) bool {
	var req questionRequest
	if err := json.Unmarshal(body, &req); err != nil {
		return false
	}
	switch req.Action {
	case "invoke":
		b.invoke(c, req)
	case "get_answer":
		b.mu.Lock()
		if b.gets == nil {
			b.gets = map[string]int{}
		}
		b.gets[req.QueryID]++
		q, ok := b.queries[req.QueryID]
		var f frame
		if ok {
			f = statusFrame(q)
		}
		b.mu.Unlock()
		if !ok {
			b.send(c, errorFrame(domain.CodeNotFound, "No such question.", req.Action))
			return true
		}
		b.send(c, f)
	case "get_output_url":
		b.mu.Lock()
		d, ok := b.docs[req.DocumentID]
		var key string
		if ok && d.Summary != nil && req.Output == "text" {
			key = d.Summary.TextKey
		}
		b.outputURLs++
		b.mu.Unlock()
		if key == "" {
			b.send(c, errorFrame(domain.CodeConflict, "The document has no text output yet.", req.Action))
			return true
		}
		b.send(c, frame{Action: "outputUrl", Data: map[string]string{
			"url":       b.outputsBaseURL() + "/" + escapeKey(key) + "?X-Amz-Signature=fake-get",
			"expiresAt": time.Now().Add(5 * time.Minute).UTC().Format("2006-01-02T15:04:05.000Z"),
		}})
	default:
		return false
	}
	return true
}

func (b *fakeBackend) invoke(c *fakeConn, req questionRequest) {
	if req.Query == nil || strings.TrimSpace(*req.Query) == "" {
		b.send(c, errorFrame(domain.CodeInvalidField, "query is required.", req.Action))
		return
	}
	b.mu.Lock()
	if b.queries == nil {
		b.queries = map[string]*fakeQuery{}
	}
	if _, ok := b.queries[req.QueryID]; !ok {
		// A repeated query_id (the page sending again after a drop) is
		// accepted again, not asked twice.
		b.queries[req.QueryID] = &fakeQuery{
			ID: req.QueryID, Query: *req.Query, DocumentIDs: req.DocumentIDs, SessionID: req.SessionID,
			conn: c, status: "queued",
		}
		b.asked = append(b.asked, req.QueryID)
	}
	b.mu.Unlock()
	b.send(c, frame{Action: "queryAccepted", Data: map[string]string{"queryId": req.QueryID}})
}

func statusFrame(q *fakeQuery) frame {
	d := map[string]any{"queryId": q.ID, "status": q.status, "answer": nil, "citations": []fakeCitation{}}
	f := frame{Action: "answerStatus", Data: d}
	switch q.status {
	case "complete":
		d["answer"] = q.answer
		d["citations"] = q.citations
	case "failed":
		f.Message = q.message
	}
	return f
}

// questions returns the accepted questions in the order they came.
func (b *fakeBackend) questions() []fakeQuery {
	b.mu.Lock()
	defer b.mu.Unlock()
	out := make([]fakeQuery, 0, len(b.asked))
	for _, id := range b.asked {
		q := *b.queries[id]
		q.DocumentIDs = slices.Clone(q.DocumentIDs)
		out = append(out, q)
	}
	return out
}

// question returns the n-th accepted question (from 0).
func (b *fakeBackend) question(n int) (fakeQuery, bool) {
	qs := b.questions()
	if n >= len(qs) {
		return fakeQuery{}, false
	}
	return qs[n], true
}

// sendTo sends f to the connection that asked id, if it is still open.
func (b *fakeBackend) sendTo(id string, update func(q *fakeQuery), f frame) {
	b.mu.Lock()
	q, ok := b.queries[id]
	if !ok {
		b.mu.Unlock()
		b.t.Errorf("fake backend: no question %s", id)
		return
	}
	update(q)
	c := q.conn
	_, open := b.conns[c]
	b.mu.Unlock()
	if open {
		b.send(c, f)
	}
}

// Chunk sends one answerChunk of attempt.
func (b *fakeBackend) Chunk(id string, attempt, seq int, text string) {
	b.sendTo(id, func(q *fakeQuery) { q.status = "answering" }, frame{Action: "answerChunk", Data: map[string]any{
		"queryId": id, "attempt": attempt, "seq": seq, "text": text,
	}})
}

// CompleteAnswer ends attempt with the whole answer.
func (b *fakeBackend) CompleteAnswer(id string, attempt, seq int, answer string, citations []fakeCitation, sessionID string) {
	if citations == nil {
		citations = []fakeCitation{}
	}
	b.sendTo(id, func(q *fakeQuery) {
		q.status, q.answer, q.citations = "complete", answer, citations
	}, frame{Action: "answerComplete", Data: map[string]any{
		"queryId": id, "attempt": attempt, "seq": seq, "answer": answer, "citations": citations, "sessionId": sessionID,
	}})
}

// FailAnswer fails the question for good.
func (b *fakeBackend) FailAnswer(id string, attempt int, code domain.Code, message string) {
	b.sendTo(id, func(q *fakeQuery) {
		q.status, q.message = "failed", message
	}, frame{Action: "answerFailed", Message: message, Data: map[string]any{
		"queryId": id, "attempt": attempt, "code": code,
	}})
}

// getAnswers counts get_answer requests for id.
func (b *fakeBackend) getAnswers(id string) int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.gets[id]
}

// setText makes key (an output's S3 key) serve text.
func (b *fakeBackend) setText(key, text string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.texts == nil {
		b.texts = map[string]string{}
	}
	b.texts[key] = text
}

// serveText serves a text set by setText; false when there is none.
func (b *fakeBackend) serveText(w http.ResponseWriter, key string) bool {
	b.mu.Lock()
	text, ok := b.texts[key]
	b.mu.Unlock()
	if !ok {
		return false
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, _ = w.Write([]byte(text))
	return true
}
