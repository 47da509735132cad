package web

import (
	"net/http"
	"slices"
	"time"

	"github.com/google/uuid"

	"docflow/shared/domain"
	"docflow/shared/protocol"
)

// The question path of fakeBackend: invoke, get_answer and get_output_url
// as docs/protocol.md, "Questions over one's documents", defines them,
// parsed and answered with shared/protocol. As with processing, the test
// drives the answer: invoke only accepts the question; Chunk,
// CompleteAnswer and FailAnswer send the answer frames to the connection
// that asked, as the worker does (a frame to a connection that has gone is
// lost, so the page must resume with get_answer).

// fakeQuery is one accepted question: its record as the queries table
// holds it, and what it was asked with.
type fakeQuery struct {
	domain.Query
	Text        string // the question
	DocumentIDs []string
	AskedIn     string // the session_id it was asked with
	conn        *fakeConn
}

// invoke accepts a question; a repeated query_id (the page sending again
// after a drop) is accepted again, not asked twice.
func (b *fakeBackend) invoke(c *fakeConn, req protocol.Invoke) {
	id := req.QueryID
	if id == "" {
		id = uuid.NewString()
	}
	b.mu.Lock()
	if b.queries == nil {
		b.queries = map[string]*fakeQuery{}
	}
	if _, ok := b.queries[id]; !ok {
		b.queries[id] = &fakeQuery{
			Query: domain.Query{Owner: b.owner, ID: id, Status: domain.QueryQueued, CreatedAt: time.Now()},
			Text:  req.Query, DocumentIDs: req.DocumentIDs, AskedIn: req.SessionID, conn: c,
		}
		b.asked = append(b.asked, id)
	}
	b.mu.Unlock()
	b.send(c, protocol.QueryAcceptedFrame(id))
}

// getAnswer answers with the question's state, as the message function does.
func (b *fakeBackend) getAnswer(c *fakeConn, req protocol.GetAnswer) {
	b.mu.Lock()
	if b.gets == nil {
		b.gets = map[string]int{}
	}
	b.gets[req.QueryID]++
	q, ok := b.queries[req.QueryID]
	var rec domain.Query
	if ok {
		rec = q.Query
	}
	b.mu.Unlock()
	if !ok {
		b.send(c, protocol.ErrorFrame(domain.Errorf(domain.CodeNotFound, "No such question."), req.Action()))
		return
	}
	b.send(c, protocol.AnswerStatusFrame(rec))
}

// outputURL presigns (fakes) a GET of one output of a processed document.
func (b *fakeBackend) outputURL(c *fakeConn, req protocol.GetOutputURL) {
	b.mu.Lock()
	d, ok := b.docs[req.DocumentID]
	var key string
	if ok && d.Summary != nil {
		key = map[string]string{
			protocol.OutputText: d.Summary.TextKey, protocol.OutputChunks: d.Summary.ChunksKey, protocol.OutputManifest: d.Summary.ManifestKey,
		}[req.Output]
	}
	b.outputURLs++
	b.mu.Unlock()
	if key == "" {
		b.send(c, protocol.ErrorFrame(domain.Errorf(domain.CodeConflict, "The document has no %s output yet.", req.Output), req.Action()))
		return
	}
	b.send(c, protocol.OutputURLFrame(b.outputsBaseURL()+"/"+escapeKey(key)+"?X-Amz-Signature=fake-get", time.Now().Add(5*time.Minute)))
}

// questions returns the accepted questions in the order they came.
func (b *fakeBackend) questions() []fakeQuery {
	b.mu.Lock()
	defer b.mu.Unlock()
	out := make([]fakeQuery, 0, len(b.asked))
	for _, id := range b.asked {
		q := *b.queries[id]
		q.DocumentIDs = slices.Clone(q.DocumentIDs)
		q.Citations = slices.Clone(q.Citations)
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

// sendTo updates question id and sends f to the connection that asked it,
// if that is still open (the worker's frames to a gone connection are
// lost: a 410 from @connections).
func (b *fakeBackend) sendTo(id string, update func(q *fakeQuery), f protocol.Frame) {
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
	b.sendTo(id, func(q *fakeQuery) {
		q.Status, q.Attempt = domain.QueryAnswering, attempt
	}, protocol.AnswerChunkFrame(id, attempt, seq, text))
}

// CompleteAnswer ends attempt with the whole answer.
func (b *fakeBackend) CompleteAnswer(id string, attempt, seq int, answer string, citations []domain.Citation, sessionID string) {
	b.sendTo(id, func(q *fakeQuery) {
		q.Status, q.Attempt, q.Seq, q.Answer, q.Citations, q.SessionID = domain.QueryComplete, attempt, seq, answer, citations, sessionID
	}, protocol.AnswerCompleteFrame(id, attempt, seq, answer, citations, sessionID))
}

// FailAnswer fails the question for good.
func (b *fakeBackend) FailAnswer(id string, attempt int, code domain.Code, message string) {
	b.sendTo(id, func(q *fakeQuery) {
		q.Status, q.Attempt, q.FailureCode, q.FailureMessage = domain.QueryFailed, attempt, string(code), message
	}, protocol.AnswerFailedFrame(id, attempt, code, message))
}

// outputURLCount counts get_output_url requests.
func (b *fakeBackend) outputURLCount() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.outputURLs
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
