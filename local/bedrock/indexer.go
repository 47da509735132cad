package bedrock

import (
	"fmt"
	"log/slog"
	"sync"
	"time"
)

// Ingestion is asynchronous, as in the service: an ingestion or deletion
// call is journaled (durable once the call returns) and queued, and the
// answer says STARTING (DELETING); the indexer then takes what is queued
// into bleve, and GetKnowledgeBaseDocuments reports IN_PROGRESS until the
// document's last queued change is searchable. The Index stage polls, as it
// does in AWS.
//
// The indexer takes everything queued at once, up to maxBatchChunks, so a
// busy moment costs a few large segments rather than one small segment per
// call: in bleve the cost per chunk of building and then merging segments
// falls steeply with their size (20,000 chunks on the 2-core machine: 729
// CPU µs per chunk in batches of 25, 291 in batches of 2,000). A lone call
// on an idle index is taken at once. While one batch is being indexed a
// second starts only when a full batch is waiting, so both cores work
// under a flood (one batch is analysed while the other's segment is
// built) without splitting a steady caller's stream into small batches:
// with a threshold of 500, one caller's batches were about 500 chunks
// and BenchmarkIngest spent 436-467 CPU µs per chunk; with 2,000, 310-372
// (4 alternated runs each).
const (
	maxBatchChunks = 2000
	parallelChunks = maxBatchChunks
	indexWorkers   = 2
)

// maxQueuedChunks bounds what waits for the indexer (its text is held in
// memory until indexed, about 1.5 KB a chunk): past it an ingestion call
// is refused with ThrottlingException, which the SDK's retryer and the
// Index stage's Retry wait out, as they do the service's own throttling.
const maxQueuedChunks = 50_000

// admit refuses n more documents when the queue is full.
func (ix *indexer) admit(n int) error {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if ix.chunks+n > maxQueuedChunks {
		return &Error{Code: CodeThrottling, Message: fmt.Sprintf("The local knowledge base has %d documents waiting to be indexed; try again shortly.", ix.chunks)}
	}
	return nil
}

// indexer is the queue between the journal and bleve.
type indexer struct {
	mu      sync.Mutex
	cond    *sync.Cond // signalled on a new change, a finished batch and close
	queue   []queued   // journaled, not yet taken, in journal order
	chunks  int        // documents in queue
	running int        // batches being indexed
	// busy counts, by source URI, the running batches that touch it: a
	// change to a busy document waits, so a document's changes reach the
	// index in the order they were made.
	busy map[string]int
	// pending is what GetKnowledgeBaseDocuments reports for a document
	// until its last queued change is indexed (n counts those changes),
	// or for good when bleve refused the batch.
	pending  map[string]pendingDoc
	closing  bool
	done     chan struct{}
	lastDone time.Time // when the last batch ended
}

// quietFor is how long the indexer must have had nothing to do for a call
// to count as finding it idle (see enqueue and ingest).
const quietFor = 5 * time.Millisecond

// queued is a journaled change, the documents it touches (c.uris(), made
// once: the dispatcher reads them on every check), its journal file (0 in
// memory), and a channel closed once bleve has it.
type queued struct {
	c       change
	uris    []string
	seq     int
	indexed chan struct{}
}

type pendingDoc struct {
	state docState
	n     int
}

// uris are the documents c touches.
func (c change) uris() []string {
	u := make([]string, 0, len(c.Index)+len(c.Failed)+len(c.Delete))
	for _, ch := range c.Index {
		u = append(u, ch.SourceURI)
	}
	for _, f := range c.Failed {
		u = append(u, f.URI)
	}
	return append(u, c.Delete...)
}

func (kb *KnowledgeBase) startIndexer() {
	ix := &kb.ix
	ix.cond = sync.NewCond(&ix.mu)
	ix.busy = map[string]int{}
	ix.pending = map[string]pendingDoc{}
	ix.done = make(chan struct{})
	go kb.dispatch()
}

// stopIndexer waits until everything queued is indexed.
func (kb *KnowledgeBase) stopIndexer() {
	ix := &kb.ix
	ix.mu.Lock()
	ix.closing = true
	ix.cond.Broadcast()
	ix.mu.Unlock()
	<-ix.done
}

// submit makes c durable (journal, fsync) and queues it for the indexer;
// states is what each document reports until c is indexed. It returns
// once c is on disk, before it is searchable, with a channel closed once
// it is searchable. idle says the indexer had nothing to do, so c is
// being indexed at once.
func (kb *KnowledgeBase) submit(c change, states map[string]docState) (indexed <-chan struct{}, idle bool, err error) {
	j := kb.journal
	if j == nil {
		indexed, idle = kb.enqueue(c, 0, states)
		return indexed, idle, nil
	}
	// The queue takes changes in journal order, which replay follows too.
	j.mu.Lock()
	seq, wait, err := j.append(c)
	if err == nil {
		indexed, idle = kb.enqueue(c, seq, states)
	}
	j.mu.Unlock()
	if err != nil {
		return nil, false, fmt.Errorf("journal change: %w", err)
	}
	if err := wait(); err != nil {
		return nil, false, fmt.Errorf("sync journal: %w", err)
	}
	return indexed, idle, nil
}

func (kb *KnowledgeBase) enqueue(c change, seq int, states map[string]docState) (<-chan struct{}, bool) {
	ix := &kb.ix
	ix.mu.Lock()
	defer ix.mu.Unlock()
	// Idle: nothing queued or running, and quiet for a while. A steady
	// caller keeps the indexer from being quiet, so its calls are not
	// answered one by one, which would make small batches again.
	idle := len(ix.queue) == 0 && ix.running == 0 && time.Since(ix.lastDone) > quietFor
	q := queued{c, c.uris(), seq, make(chan struct{})}
	ix.queue = append(ix.queue, q)
	for _, uri := range q.uris {
		p := ix.pending[uri]
		p.state, p.n = states[uri], p.n+1
		ix.pending[uri] = p
		ix.chunks++
	}
	ix.cond.Broadcast()
	return q.indexed, idle
}

// queuedState is what a document with a queued (or refused) change
// reports.
func (kb *KnowledgeBase) queuedState(uri string) (docState, bool) {
	ix := &kb.ix
	ix.mu.Lock()
	defer ix.mu.Unlock()
	p, ok := ix.pending[uri]
	return p.state, ok
}

// settle waits until nothing is queued or being indexed.
func (kb *KnowledgeBase) settle() {
	ix := &kb.ix
	ix.mu.Lock()
	defer ix.mu.Unlock()
	for len(ix.queue) > 0 || ix.running > 0 {
		ix.cond.Wait()
	}
}

// ready says whether a batch can start; ix.mu is held.
func (ix *indexer) ready() bool {
	if len(ix.queue) == 0 || ix.running >= indexWorkers || (ix.running > 0 && ix.chunks < parallelChunks) {
		return false
	}
	return !ix.touchesBusy(ix.queue[0].uris)
}

func (ix *indexer) touchesBusy(uris []string) bool {
	for _, uri := range uris {
		if ix.busy[uri] > 0 {
			return true
		}
	}
	return false
}

// take removes the next batch from the queue, up to maxBatchChunks and
// stopping before a change to a document that a running batch touches;
// ix.mu is held.
func (ix *indexer) take() []queued {
	var batch []queued
	n := 0
	for len(ix.queue) > 0 {
		q := ix.queue[0]
		size := len(q.uris)
		if len(batch) > 0 && (n+size > maxBatchChunks || ix.touchesBusy(q.uris)) {
			break
		}
		batch, n = append(batch, q), n+size
		ix.queue = ix.queue[1:]
	}
	ix.chunks -= n
	for _, q := range batch {
		for _, uri := range q.uris {
			ix.busy[uri]++
		}
	}
	return batch
}

// dispatch starts batches as they become ready until the indexer is
// stopped and the queue is empty.
func (kb *KnowledgeBase) dispatch() {
	ix := &kb.ix
	defer close(ix.done)
	ix.mu.Lock()
	defer ix.mu.Unlock()
	for {
		for !ix.ready() {
			if ix.closing && len(ix.queue) == 0 && ix.running == 0 {
				return
			}
			ix.cond.Wait()
		}
		batch := ix.take()
		ix.running++
		go kb.indexBatch(batch)
	}
}

// indexBatch applies one batch to bleve; the journal learns when scorch
// has persisted it.
func (kb *KnowledgeBase) indexBatch(batch []queued) {
	changes := make([]change, len(batch))
	for i, q := range batch {
		changes[i] = q.c
	}
	var persisted func(error)
	if j := kb.journal; j != nil {
		persisted = func(error) {
			for _, q := range batch {
				j.persisted(q.seq)
			}
		}
	}
	err := kb.index.Batch(kb.batch(changes, persisted))
	if err != nil {
		// The journal keeps the changes (they count as not persisted), so
		// the next Open replays them.
		slog.Error("bedrock: index batch failed", "changes", len(batch), "error", err)
	}
	ix := &kb.ix
	ix.mu.Lock()
	defer ix.mu.Unlock()
	now := kb.now()
	for _, q := range batch {
		for _, uri := range q.uris {
			if ix.busy[uri]--; ix.busy[uri] == 0 {
				delete(ix.busy, uri)
			}
			p := ix.pending[uri]
			p.n--
			switch {
			case err != nil:
				p.state = docState{status: "FAILED", reason: "The local index could not take the document: " + err.Error(), updatedAt: now}
				ix.pending[uri] = p
			case p.n <= 0:
				delete(ix.pending, uri)
			default:
				ix.pending[uri] = p
			}
		}
	}
	ix.running--
	ix.lastDone = time.Now()
	ix.cond.Broadcast()
	if err == nil {
		for _, q := range batch {
			close(q.indexed)
		}
	}
}
