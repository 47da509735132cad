package web

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/google/uuid"

	"docflow/shared/domain"
	"docflow/shared/progress"
	"docflow/shared/protocol"
)

// fakeBackend is docflow as a browser sees it: the client protocol over a
// WebSocket (?token= auth, one answer per request, progress frames to
// subscribed connections) and an S3-like endpoint taking presigned PUTs with
// CORS. Requests are parsed and answers built with the real shared/protocol
// and shared/progress packages, so the page is tested against the same
// shapes the deployed stack sends.
//
// Processing is driven by the test: process_document runs the fixed stages
// up to 40%, and Advance, Complete and Fail move a document on, so the test
// decides what happens while the page is connected or not.
type fakeBackend struct {
	t      testing.TB
	srv    *httptest.Server
	token  string
	owner  string
	bucket string

	mu         sync.Mutex
	refuse     bool                        // answer upgrades with 503
	docs       map[string]*domain.Document // by id
	history    map[string][]progress.Frame // frames sent per document, in order
	signed     map[string]string           // issued upload key -> signed Content-Type
	uploads    map[string][]byte           // key -> body received
	conns      map[*fakeConn]bool
	subscribes []string // document ids, in the order subscribe requests came
	pings      int
	// replayStale sends, after answering list_documents, an old frame of
	// each document the connection follows, as a late or retried publish
	// may. After the list, so nothing the page asked for hides a frame it
	// wrongly applied.
	replayStale bool

	// The question path (fakeanswers_test.go).
	queries    map[string]*fakeQuery // by query id
	asked      []string              // query ids in the order invoke came
	gets       map[string]int        // get_answer requests per query id
	texts      map[string]string     // output key -> text served for it
	outputURLs int                   // get_output_url requests
}

// fakeConn is one page connection.
type fakeConn struct {
	ws   *websocket.Conn
	wmu  sync.Mutex
	subs map[string]bool // guarded by fakeBackend.mu
}

func newFakeBackend(t testing.TB) *fakeBackend {
	b := &fakeBackend{
		t:       t,
		token:   "dev-token",
		owner:   "dev",
		bucket:  "docflow-documents",
		docs:    map[string]*domain.Document{},
		history: map[string][]progress.Frame{},
		signed:  map[string]string{},
		uploads: map[string][]byte{},
		conns:   map[*fakeConn]bool{},
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /ws", b.serveWS)
	mux.HandleFunc("/"+b.bucket+"/", b.serveS3)
	b.srv = httptest.NewServer(mux)
	t.Cleanup(func() {
		b.dropAll()
		b.srv.Close()
	})
	return b
}

func (b *fakeBackend) wsURL() string { return "ws" + strings.TrimPrefix(b.srv.URL, "http") + "/ws" }

func (b *fakeBackend) outputsBaseURL() string { return b.srv.URL + "/" + b.bucket }

// seed stores a document as if an earlier session had processed it.
func (b *fakeBackend) seed(doc domain.Document) {
	b.mu.Lock()
	defer b.mu.Unlock()
	doc.Owner, doc.Bucket = b.owner, b.bucket
	b.docs[doc.ID] = &doc
}

// setRefuse makes new connections fail ($connect refused) or succeed again.
func (b *fakeBackend) setRefuse(refuse bool) {
	b.mu.Lock()
	b.refuse = refuse
	b.mu.Unlock()
}

// dropAll cuts every connection from the server side, as an idle timeout or
// a deploy does.
func (b *fakeBackend) dropAll() {
	b.mu.Lock()
	conns := b.conns
	b.conns = map[*fakeConn]bool{}
	b.mu.Unlock()
	for c := range conns {
		c.ws.CloseNow()
	}
}

func (b *fakeBackend) openConns() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return len(b.conns)
}

func (b *fakeBackend) subscribed() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return slices.Clone(b.subscribes)
}

func (b *fakeBackend) pingCount() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.pings
}

func (b *fakeBackend) upload(key string) ([]byte, bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	body, ok := b.uploads[key]
	return body, ok
}

// docIDByName returns the id of the document named name.
func (b *fakeBackend) docIDByName(name string) string {
	b.mu.Lock()
	defer b.mu.Unlock()
	for id, d := range b.docs {
		if d.Name == name {
			return id
		}
	}
	return ""
}

func (b *fakeBackend) docProgress(id string) int {
	b.mu.Lock()
	defer b.mu.Unlock()
	if d, ok := b.docs[id]; ok {
		return d.Progress
	}
	return -1
}

// Advance reports page done of total processed, as the engine's finer
// frames do.
func (b *fakeBackend) Advance(id string, done, total int) {
	b.apply(id, progress.ProcessingUpdate(done, total, fmt.Sprintf("Extracting text: page %d of %d", done, total)))
}

// Complete finishes id with a summary whose keys point at the outputs.
func (b *fakeBackend) Complete(id string, pages int) {
	u := progress.Complete.Update()
	u.Summary = &domain.Summary{
		Type: "application/pdf", Pages: pages, Words: 412 * pages, Characters: 2480 * pages, Chunks: pages + 1,
		Bytes: 2048, SHA256: strings.Repeat("ab", 32),
		TextKey:     domain.ProcessedKey(id, "text.txt"),
		ChunksKey:   domain.ProcessedKey(id, "chunks.jsonl"),
		ManifestKey: domain.ProcessedKey(id, "manifest.json"),
		DurationMs:  850,
	}
	b.apply(id, u)
}

// Fail fails id as the state machine's RecordFailure state does: the document keeps
// its progress and the message says why.
func (b *fakeBackend) Fail(id, reason string) {
	f := domain.DescribeFailure(reason, "")
	b.apply(id, domain.Update{
		Stage: progress.Fail.Stage, Status: progress.Fail.Status, Progress: -1,
		Message: f.Message, Failure: &f,
	})
}

// apply moves a document forward and publishes its frame to every
// connection subscribed to it.
func (b *fakeBackend) apply(id string, u domain.Update) {
	b.mu.Lock()
	d, ok := b.docs[id]
	if !ok {
		b.mu.Unlock()
		b.t.Errorf("fake backend: no document %s", id)
		return
	}
	d.Seq++
	d.Stage, d.Status, d.Message = u.Stage, u.Status, u.Message
	if u.Progress >= 0 {
		d.Progress = u.Progress
	}
	d.Summary, d.Failure = u.Summary, u.Failure
	d.UpdatedAt = time.Now()
	frame := progress.FrameFor(*d)
	b.history[id] = append(b.history[id], frame)
	var to []*fakeConn
	for c := range b.conns {
		if c.subs[id] {
			to = append(to, c)
		}
	}
	b.mu.Unlock()
	for _, c := range to {
		b.send(c, frame)
	}
}

func (b *fakeBackend) send(c *fakeConn, v any) {
	body, err := json.Marshal(v)
	if err != nil {
		b.t.Errorf("fake backend: encode frame: %v", err)
		return
	}
	c.wmu.Lock()
	defer c.wmu.Unlock()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	// A write to a connection the test just dropped fails; that is the
	// point of dropping it, like a 410 from @connections.
	_ = c.ws.Write(ctx, websocket.MessageText, body)
}

func (b *fakeBackend) serveWS(w http.ResponseWriter, r *http.Request) {
	b.mu.Lock()
	refuse := b.refuse
	b.mu.Unlock()
	if refuse {
		http.Error(w, "unavailable", http.StatusServiceUnavailable)
		return
	}
	if r.URL.Query().Get("token") != b.token {
		http.Error(w, "unauthorized", http.StatusUnauthorized)
		return
	}
	ws, err := websocket.Accept(w, r, &websocket.AcceptOptions{
		// The page is served from another loopback port; API Gateway does
		// not check Origin either.
		OriginPatterns: []string{"127.0.0.1:*"},
	})
	if err != nil {
		return
	}
	c := &fakeConn{ws: ws, subs: map[string]bool{}}
	b.mu.Lock()
	b.conns[c] = true
	b.mu.Unlock()
	defer func() {
		b.mu.Lock()
		delete(b.conns, c)
		b.mu.Unlock()
		ws.CloseNow()
	}()
	for {
		_, body, err := ws.Read(r.Context())
		if err != nil {
			return
		}
		b.handle(c, body)
	}
}

// handle answers one client message.
func (b *fakeBackend) handle(c *fakeConn, body []byte) {
	req, err := protocol.Parse(body)
	if err != nil {
		b.send(c, protocol.ErrorFrame(err, protocol.ActionOf(body)))
		return
	}
	switch req := req.(type) {
	case protocol.GetUploadURL:
		b.send(c, b.uploadURL(req))
	case protocol.ProcessDocument:
		b.processDocument(c, req)
	case protocol.Subscribe:
		b.subscribe(c, req)
	case protocol.GetStatus:
		b.mu.Lock()
		d, ok := b.docs[req.DocumentID]
		var doc domain.Document
		if ok {
			doc = *d
		}
		b.mu.Unlock()
		if !ok {
			b.send(c, protocol.ErrorFrame(domain.Errorf(domain.CodeNotFound, "No document %s.", req.DocumentID), req.Action()))
			return
		}
		b.send(c, protocol.DocumentStatusFrame(doc))
	case protocol.ListDocuments:
		b.send(c, b.list(req))
		for _, f := range b.staleFrames(c) {
			b.send(c, f)
		}
	case protocol.Invoke:
		b.invoke(c, req)
	case protocol.GetAnswer:
		b.getAnswer(c, req)
	case protocol.GetOutputURL:
		b.outputURL(c, req)
	case protocol.Ping:
		b.mu.Lock()
		b.pings++
		b.mu.Unlock()
		b.send(c, protocol.PongFrame())
	default:
		b.send(c, protocol.ErrorFrame(errors.New("unhandled"), req.Action()))
	}
}

func (b *fakeBackend) uploadURL(req protocol.GetUploadURL) protocol.Frame {
	id := uuid.NewString()
	key := domain.UploadKey(b.owner, id, req.DocumentName)
	b.mu.Lock()
	b.signed[key] = req.ContentType
	b.mu.Unlock()
	return protocol.UploadURLFrame(protocol.UploadURL{
		DocumentID:  id,
		URL:         b.outputsBaseURL() + "/" + escapeKey(key) + "?X-Amz-Signature=fake",
		Method:      http.MethodPut,
		Headers:     map[string]string{"Content-Type": req.ContentType},
		DocumentKey: key,
		Bucket:      b.bucket,
		ExpiresAt:   time.Now().Add(15 * time.Minute),
	})
}

func (b *fakeBackend) processDocument(c *fakeConn, req protocol.ProcessDocument) {
	if req.Bucket != "" && req.Bucket != b.bucket {
		b.send(c, protocol.ErrorFrame(domain.Errorf(domain.CodeInvalidField, "bucket must be %s.", b.bucket), req.Action()))
		return
	}
	id := req.Key.DocumentID
	b.mu.Lock()
	_, uploaded := b.uploads[req.DocumentKey]
	d, exists := b.docs[id]
	if uploaded && !exists {
		now := time.Now()
		d = &domain.Document{
			ID: id, Owner: b.owner, Name: req.DocumentName, Bucket: b.bucket, Key: req.DocumentKey,
			Status: domain.StatusQueued, Stage: domain.StageQueued, CreatedAt: now, UpdatedAt: now,
			ExecutionArn: "arn:aws:states:us-east-1:123456789012:execution:docflow-documents:" + id,
		}
		b.docs[id] = d
	}
	var arn string
	if d != nil {
		arn = d.ExecutionArn
	}
	// The connection that starts a document receives its frames.
	c.subs[id] = true
	b.mu.Unlock()
	if !uploaded {
		b.send(c, protocol.ErrorFrame(domain.Errorf(domain.CodeNotFound, "The document has not been uploaded."), req.Action()))
		return
	}
	b.send(c, protocol.ProcessingStartedFrame(id, arn))
	if exists {
		return // same document twice: the first execution, no second run
	}
	for _, s := range []progress.Step{progress.Start, progress.Trigger, progress.Process} {
		b.apply(id, s.Update())
	}
	if strings.Contains(req.DocumentName, "locked") {
		b.Fail(id, "Document.Encrypted")
	}
}

func (b *fakeBackend) subscribe(c *fakeConn, req protocol.Subscribe) {
	b.mu.Lock()
	d, ok := b.docs[req.DocumentID]
	var doc domain.Document
	if ok {
		doc = *d
		c.subs[req.DocumentID] = true
		b.subscribes = append(b.subscribes, req.DocumentID)
	}
	b.mu.Unlock()
	if !ok {
		b.send(c, protocol.ErrorFrame(domain.Errorf(domain.CodeNotFound, "No document %s.", req.DocumentID), req.Action()))
		return
	}
	b.send(c, protocol.DocumentStatusFrame(doc))
}

// staleFrames returns, when replayStale is set, the third-newest frame of
// every document c follows.
func (b *fakeBackend) staleFrames(c *fakeConn) []progress.Frame {
	b.mu.Lock()
	defer b.mu.Unlock()
	if !b.replayStale {
		return nil
	}
	var out []progress.Frame
	for id := range c.subs {
		if h := b.history[id]; len(h) >= 3 {
			out = append(out, h[len(h)-3])
		}
	}
	return out
}

func (b *fakeBackend) list(req protocol.ListDocuments) protocol.Frame {
	b.mu.Lock()
	docs := make([]domain.Document, 0, len(b.docs))
	for _, d := range b.docs {
		docs = append(docs, *d)
	}
	b.mu.Unlock()
	slices.SortFunc(docs, func(x, y domain.Document) int { return y.CreatedAt.Compare(x.CreatedAt) })
	if len(docs) > req.Limit {
		docs = docs[:req.Limit]
	}
	return protocol.DocumentListFrame(docs, "")
}

// serveS3 takes presigned PUTs of issued keys (checking the signed header
// is sent exactly) and serves outputs, with the CORS answers a bucket
// configured for browser uploads gives.
func (b *fakeBackend) serveS3(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Access-Control-Allow-Origin", "*")
	if r.Method == http.MethodOptions {
		w.Header().Set("Access-Control-Allow-Methods", "PUT, GET")
		w.Header().Set("Access-Control-Allow-Headers", "Content-Type")
		w.WriteHeader(http.StatusNoContent)
		return
	}
	key, err := url.PathUnescape(strings.TrimPrefix(r.URL.EscapedPath(), "/"+b.bucket+"/"))
	if err != nil {
		http.Error(w, "bad key", http.StatusBadRequest)
		return
	}
	switch r.Method {
	case http.MethodPut:
		b.mu.Lock()
		ct, issued := b.signed[key]
		b.mu.Unlock()
		switch {
		case !issued || r.URL.Query().Get("X-Amz-Signature") != "fake":
			http.Error(w, "SignatureDoesNotMatch", http.StatusForbidden)
			return
		case r.Header.Get("Content-Type") != ct:
			http.Error(w, "SignatureDoesNotMatch: Content-Type", http.StatusForbidden)
			return
		}
		body, err := io.ReadAll(r.Body)
		if err != nil {
			http.Error(w, "read", http.StatusBadRequest)
			return
		}
		b.mu.Lock()
		b.uploads[key] = body
		b.mu.Unlock()
		w.WriteHeader(http.StatusOK)
	case http.MethodGet:
		if !strings.HasPrefix(key, domain.ProcessedPrefix) {
			http.NotFound(w, r)
			return
		}
		if b.serveText(w, key) {
			return
		}
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		io.WriteString(w, "output of "+key+"\n")
	default:
		w.Header().Set("Allow", "PUT, GET, OPTIONS")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
	}
}

// escapeKey escapes each segment of an S3 key for a URL path.
func escapeKey(key string) string {
	parts := strings.Split(key, "/")
	for i, p := range parts {
		parts[i] = url.PathEscape(p)
	}
	return strings.Join(parts, "/")
}
