package sqs

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sync"

	"docflow/local/journal"
)

const journalName = "sqs.journal"

// compactingLog is the service's journal of acknowledged changes (see
// package journal for how they are made durable) with sqs's policy on
// top: it is rewritten as the live state at start and whenever it has
// grown past compactAt and four times its compacted size, so a stack left
// running all day keeps a journal the size of its queues. Records are
// added under the service's lock, so the file's order is the order changes
// were applied.
type compactingLog struct {
	path string

	wmu     sync.Mutex // guards w, base, compactAt, growing, closed: held by add and by rewrite
	w       *journal.Writer
	base    int64 // file size right after the last compaction
	closed  bool
	growing bool // a compaction was asked for and has not yet run

	// grown is called (from its own goroutine) when the journal has grown
	// past compactAt and four times its compacted size.
	grown     func()
	compactAt int64
}

// openJournal replays dir's journal through apply, rewrites it as the live
// state that snapshot emits (compaction), and opens it for appending.
func openJournal(dir string, apply func(record) error, snapshot func(func(record) error) error) (*compactingLog, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	path := filepath.Join(dir, journalName)
	if err := journal.ReadFile(path, apply); err != nil {
		return nil, err
	}
	j := &compactingLog{path: path, compactAt: 64 << 20}
	if err := j.compact(snapshot); err != nil {
		return nil, fmt.Errorf("compact: %w", err)
	}
	return j, nil
}

// compact rewrites the file as snapshot and opens a Writer on it; the
// caller holds wmu (or owns j alone) and has synced the old Writer.
func (j *compactingLog) compact(snapshot func(func(record) error) error) error {
	err := journal.Rewrite(j.path, func(put func(any) error) error {
		return snapshot(func(r record) error { return put(r) })
	})
	if err != nil {
		return err
	}
	f, err := os.OpenFile(j.path, os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return err
	}
	old := j.w
	j.w, j.base = journal.NewWriter(f), st.Size()
	if old != nil {
		return old.Close()
	}
	return nil
}

// rewrite compacts the journal while the service runs. The caller holds
// the service's lock, so snapshot is the state every journaled record has
// led to; what is still pending is synced to the old file first, so its
// waiters are answered as usual.
func (j *compactingLog) rewrite(snapshot func(func(record) error) error) error {
	j.wmu.Lock()
	defer j.wmu.Unlock()
	if j.closed {
		return nil
	}
	j.growing = false
	if err := j.w.Sync(); err != nil {
		return err
	}
	return j.compact(snapshot)
}

// add queues recs for the next fsync and returns a wait for it. It encodes
// now, so later changes to the records' messages are not written early.
func (j *compactingLog) add(recs []record) func() error {
	vs := make([]any, len(recs))
	for i, r := range recs {
		vs[i] = r
	}
	j.wmu.Lock()
	defer j.wmu.Unlock()
	wait := j.w.Append(vs...)
	size := j.base + j.w.Size()
	if size > j.compactAt && size > 4*j.base && !j.growing && !j.closed && j.grown != nil {
		j.growing = true
		go j.grown()
	}
	return wait
}

// close writes what is pending and closes the file.
func (j *compactingLog) close() error {
	j.wmu.Lock()
	defer j.wmu.Unlock()
	if j.closed {
		return nil
	}
	j.closed = true
	return j.w.Close()
}

// sortBySeq orders messages by arrival.
func sortBySeq(ms []*message) {
	slices.SortFunc(ms, func(a, b *message) int {
		switch {
		case a.seq < b.seq:
			return -1
		case a.seq > b.seq:
			return 1
		}
		return 0
	})
}
