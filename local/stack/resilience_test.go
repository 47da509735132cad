package stack

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"docflow/shared/domain"
	"docflow/shared/processor/processortest"
	"docflow/shared/progress"
	"docflow/shared/stages"
	"docflow/shared/store"
	"docflow/shared/workflow"
)

// The fault tests: each breaks one thing a real deployment sees break and
// checks what the user sees and what the store keeps.

// storeOf reaches the stack's DynamoDB through the SDK, as an operator would.
func storeOf(s *Stack) *store.Store {
	return store.New(newClients(s.endpoints).dynamo, DocumentsTable, ConnectionsTable)
}

// startHeld uploads a text document and sends process_document; the
// stack's extractor holds it until gate opens. It returns the document id
// and the frames that arrived with the answer.
func startHeld(t *testing.T, w *wsClient, name string) (string, []map[string]any) {
	t.Helper()
	up := upload(t, w, name, "text/plain", []byte("a document for a fault test\n"))
	var frames []map[string]any
	w.send(fmt.Sprintf(`{"action":"process_document","document_key":%q,"document_name":%q}`, up["document_key"], name))
	ans := w.answer(&frames)
	if ans["action"] != "processingStarted" {
		t.Fatalf("process_document answered %v", ans)
	}
	return data(ans)["documentId"].(string), frames
}

// untilStatus reads w's frames of id until one has the given status.
func untilStatus(t *testing.T, w *wsClient, id, status string, have []map[string]any) []map[string]any {
	t.Helper()
	frames := have
	for !slices.ContainsFunc(frames, func(f map[string]any) bool { return data(f)["status"] == status }) {
		if f := w.next(); f["action"] == "progressUpdate" && data(f)["documentId"] == id {
			frames = append(frames, f)
		}
	}
	return frames
}

// TestFaultContainerKilled: the processing container dies mid-document
// without a word (SIGKILL, a lost host). Its heartbeats stop, Step
// Functions times the task out, and the client gets a failed frame that
// says why; the document does not stay "processing".
func TestFaultContainerKilled(t *testing.T) {
	s := startStack(t, Config{
		Extractor:  processortest.Gated{Gate: make(chan struct{})}, // never opens
		Parameters: map[string]string{"ProcessHeartbeatSeconds": "3"},
		Env:        map[string]string{"HEARTBEAT_INTERVAL": "200ms"},
	})
	w := dialWS(t, s.ClientURL(s.DevToken()))
	id, frames := startHeld(t, w, "killed.txt")
	frames = untilStatus(t, w, id, "processing", frames)
	if killed := s.KillTasks(); len(killed) != 1 {
		t.Fatalf("killed %d containers, want 1", len(killed))
	}
	frames = collect(t, w, id, frames)
	last := checkFrames(t, "killed.txt", frames)
	d := data(last)
	if d["status"] != "failed" {
		t.Fatalf("final frame %v, want failed", last)
	}
	e, _ := d["error"].(map[string]any)
	if e["reason"] != domain.ReasonHeartbeatTimeout || e["message"] != domain.DescribeFailure(domain.ReasonHeartbeatTimeout, "").Message {
		t.Errorf("failure = %v, want reason %s with its sentence", e, domain.ReasonHeartbeatTimeout)
	}
	doc, err := storeOf(s).GetDocument(t.Context(), id)
	if err != nil || doc.Status != domain.StatusFailed {
		t.Errorf("stored document %+v, %v; want failed", doc, err)
	}
	x, err := s.Engine().Wait(t.Context(), doc.ExecutionArn)
	if err != nil || x.Status != "FAILED" {
		t.Errorf("execution %+v, %v; want FAILED", x, err)
	}
}

// TestFaultClientDisconnectsMidRun: the only client drops its socket while
// its document runs. Processing goes on; a new connection of the same user
// that subscribes afterwards gets the final state.
func TestFaultClientDisconnectsMidRun(t *testing.T) {
	gate := make(chan struct{})
	s := startStack(t, Config{Extractor: processortest.Gated{Gate: gate}})
	w := dialWS(t, s.ClientURL(s.DevToken()))
	id, frames := startHeld(t, w, "dropped.txt")
	untilStatus(t, w, id, "processing", frames)
	w.c.CloseNow() // no close handshake: the socket just goes
	close(gate)

	db := storeOf(s)
	doc, err := db.GetDocument(t.Context(), id)
	if err != nil {
		t.Fatal(err)
	}
	if x, err := s.Engine().Wait(t.Context(), doc.ExecutionArn); err != nil || x.Status != "SUCCEEDED" {
		t.Fatalf("execution %+v, %v; want SUCCEEDED after the client left", x, err)
	}
	again := dialWS(t, s.ClientURL(s.DevToken()))
	again.send(fmt.Sprintf(`{"action":"subscribe","document_id":%q}`, id))
	var none []map[string]any
	st := again.answer(&none)
	if st["action"] != "documentStatus" || data(st)["status"] != "complete" || data(st)["progress"] != float64(100) {
		t.Fatalf("subscribe answered %v, want the complete state", st)
	}
	if data(st)["summary"] == nil {
		t.Errorf("the final state lacks its summary: %v", st)
	}
}

// TestFaultStaleConnection: a subscriber whose socket is gone without a
// $disconnect (API Gateway answers 410 for it) is removed at the first
// frame, and the live subscriber still gets every frame in order.
func TestFaultStaleConnection(t *testing.T) {
	gate := make(chan struct{})
	s := startStack(t, Config{Extractor: processortest.Gated{Gate: gate}})
	w := dialWS(t, s.ClientURL(s.DevToken()))
	id, frames := startHeld(t, w, "stale.txt")

	db := storeOf(s)
	const stale = "StaleConn01="
	now := time.Now()
	if err := db.PutConnection(t.Context(), domain.Connection{ID: stale, Owner: "dev", ConnectedAt: now, ExpiresAt: now.Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	if err := db.Subscribe(t.Context(), stale, id); err != nil {
		t.Fatal(err)
	}
	close(gate)
	frames = collect(t, w, id, frames)
	last := checkFrames(t, "stale.txt", frames)
	if data(last)["status"] != "complete" {
		t.Fatalf("final frame %v", last)
	}
	for i, f := range frames {
		if got := data(f)["seq"].(float64); got != float64(i+1) {
			t.Fatalf("frame %d has seq %v: the live subscriber missed frames", i, got)
		}
	}
	subs, err := db.Subscribers(t.Context(), id)
	if err != nil {
		t.Fatal(err)
	}
	if slices.Contains(subs, stale) {
		t.Errorf("the stale connection is still subscribed: %v", subs)
	}
	if _, err := db.GetConnection(t.Context(), stale); domain.ErrorCode(err) != domain.CodeNotFound {
		t.Errorf("the stale connection is still recorded (%v)", err)
	}
}

// TestFaultDuplicateProcessDocument: the same process_document twice on one
// connection, and at once from a second connection of the same user, makes
// one execution, and both connections follow it to the end.
func TestFaultDuplicateProcessDocument(t *testing.T) {
	gate := make(chan struct{})
	s := startStack(t, Config{Extractor: processortest.Gated{Gate: gate}})
	a := dialWS(t, s.ClientURL(s.DevToken()))
	b := dialWS(t, s.ClientURL(s.DevToken()))
	up := upload(t, a, "twice.txt", "text/plain", []byte("submitted more than once\n"))
	msg := fmt.Sprintf(`{"action":"process_document","document_key":%q,"document_name":"twice.txt"}`, up["document_key"])

	var wg sync.WaitGroup
	var arns [3]string
	var early [2][]map[string]any
	wg.Go(func() { // a: twice in a row
		a.send(msg)
		arns[0] = data(a.answer(&early[0]))["executionArn"].(string)
		a.send(msg)
		arns[1] = data(a.answer(&early[0]))["executionArn"].(string)
	})
	wg.Go(func() { // b: at the same moment
		b.send(msg)
		arns[2] = data(b.answer(&early[1]))["executionArn"].(string)
	})
	wg.Wait()
	if arns[0] == "" || arns[1] != arns[0] || arns[2] != arns[0] {
		t.Fatalf("execution ARNs %q: want one execution", arns)
	}
	close(gate)
	id := up["documentId"].(string)
	for i, w := range []*wsClient{a, b} {
		frames := collect(t, w, id, early[i])
		// A repeated request is answered with the document's current frame
		// (so a client that lost the first answer sees where it is). That
		// frame was read before this connection subscribed, so it can
		// arrive after newer ones; a client drops any frame whose seq it
		// has already passed, as the protocol says, and so does this test.
		var kept []map[string]any
		var last float64
		for _, f := range frames {
			if seq := data(f)["seq"].(float64); seq > last {
				kept, last = append(kept, f), seq
			}
		}
		frames = kept
		if last := checkFrames(t, fmt.Sprintf("client %d", i), frames); data(last)["status"] != "complete" {
			t.Errorf("client %d ended with %v", i, last)
		}
	}
	xs, err := s.Engine().ListExecutions(t.Context(), s.StateMachineArn(), "")
	if err != nil {
		t.Fatal(err)
	}
	if len(xs) != 1 {
		t.Errorf("%d executions, want 1", len(xs))
	}
}

// TestFaultLateStageUpdate: a stage that runs again after the document is
// complete (a Lambda retry that lost the race, a replayed event) changes
// nothing in the store and sends the subscriber nothing.
func TestFaultLateStageUpdate(t *testing.T) {
	s := startStack(t, Config{})
	w := dialWS(t, s.ClientURL(s.DevToken()))
	id, frames := startHeld(t, w, "late.txt")
	frames = collect(t, w, id, frames)
	final := checkFrames(t, "late.txt", frames)
	if data(final)["status"] != "complete" {
		t.Fatalf("final frame %v", final)
	}
	db := storeOf(s)
	before, err := db.GetDocument(t.Context(), id)
	if err != nil {
		t.Fatal(err)
	}

	// The real Start stage, with the real store and publisher, run again.
	c := newClients(s.endpoints)
	pub := progress.NewPublisher(c.connections, db, s.log)
	in := workflow.Input{DocumentID: id, DocumentName: "late.txt", Bucket: Bucket, DocumentKey: before.Key, Owner: before.Owner,
		RequestedAt: before.CreatedAt.Format(time.RFC3339Nano)}
	if _, err := stages.NewStart(db, pub, s.log).Handle(context.Background(), in); err != nil {
		t.Fatalf("replayed Start: %v", err)
	}

	after, err := db.GetDocument(t.Context(), id)
	if err != nil {
		t.Fatal(err)
	}
	if after.Status != domain.StatusComplete || after.Seq != before.Seq || after.Progress != 100 {
		t.Errorf("after a late Start the document is %s at %d%% seq %d, want complete at 100%% seq %d",
			after.Status, after.Progress, after.Seq, before.Seq)
	}
	// A ping answered in order proves no frame was sent before it.
	w.send(`{"action":"ping"}`)
	for {
		f := w.next()
		if f["action"] == "pong" {
			break
		}
		if f["action"] == "progressUpdate" {
			t.Errorf("a late stage pushed %v", f)
		}
	}
}
