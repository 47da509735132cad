package sqs

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sync"
)

const journalName = "sqs.journal"

// journal is the append-only log of acknowledged changes, one JSON record
// a line. Writers append under the service's lock, so the file's order is
// the order changes were applied; one goroutine writes and fsyncs whatever
// has gathered since its last fsync, so concurrent requests share one
// (group commit), and each request is answered only after its fsync.
type journal struct {
	path string

	wmu  sync.Mutex // held while writing: by run, and by rewrite
	f    *os.File
	size int64 // bytes in f
	base int64 // size right after the last compaction

	// grown is called (from its own goroutine) when the journal has grown
	// past compactAt and four times its compacted size.
	grown     func()
	compactAt int64
	growing   bool

	mu      sync.Mutex
	pending []byte
	group   *group // the commit the pending bytes belong to
	closed  bool
	err     error // sticky: after a failed write nothing more is acknowledged

	kick chan struct{}
	done chan struct{}
}

// group is one fsync that several requests wait for.
type group struct {
	done chan struct{}
	err  error
}

// openJournal replays dir's journal through apply, rewrites it as the live
// state that snapshot emits (compaction), and opens it for appending.
func openJournal(dir string, apply func(record) error, snapshot func(func(record) error) error) (*journal, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	path := filepath.Join(dir, journalName)
	if err := replay(path, apply); err != nil {
		return nil, err
	}
	if err := compact(path, snapshot); err != nil {
		return nil, fmt.Errorf("compact: %w", err)
	}
	j := &journal{path: path, group: &group{done: make(chan struct{})}, kick: make(chan struct{}, 1), done: make(chan struct{}),
		compactAt: 64 << 20}
	if err := j.reopen(); err != nil {
		return nil, err
	}
	go j.run()
	return j, nil
}

func (j *journal) reopen() error {
	f, err := os.OpenFile(j.path, os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return err
	}
	j.f, j.size, j.base = f, st.Size(), st.Size()
	return nil
}

// rewrite compacts the journal while the service runs. The caller holds
// the service's lock, so snapshot is the state every journaled record has
// led to; what is still pending goes to the old file first, so its waiters
// are answered as usual.
func (j *journal) rewrite(snapshot func(func(record) error) error) error {
	j.wmu.Lock()
	defer j.wmu.Unlock()
	j.mu.Lock()
	if j.closed {
		j.mu.Unlock()
		return nil
	}
	data, g := j.pending, j.group
	j.pending, j.group = nil, &group{done: make(chan struct{})}
	j.growing = false
	j.mu.Unlock()
	g.err = j.write(data)
	close(g.done)
	if g.err != nil {
		return g.err
	}
	if err := compact(j.path, snapshot); err != nil {
		return err
	}
	old := j.f
	if err := j.reopen(); err != nil {
		j.f = old
		return err
	}
	return old.Close()
}

// write appends data and fsyncs; the caller holds wmu.
func (j *journal) write(data []byte) error {
	if len(data) == 0 {
		return nil
	}
	n, err := j.f.Write(data)
	j.size += int64(n)
	if err == nil {
		err = j.f.Sync()
	}
	if err != nil {
		j.mu.Lock()
		j.err = err
		j.mu.Unlock()
	}
	return err
}

// replay applies every record of the journal at path. A last line cut short
// by a crash (kill -9 during a write) was never acknowledged and is
// dropped; any other unreadable line is corruption and an error.
func replay(path string, apply func(record) error) error {
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	for n := 1; len(data) > 0; n++ {
		line, rest, complete := bytes.Cut(data, []byte("\n"))
		data = rest
		var r record
		if err := json.Unmarshal(line, &r); err != nil {
			if !complete || len(bytes.TrimSpace(rest)) == 0 {
				return nil // the torn tail
			}
			return fmt.Errorf("line %d: %w", n, err)
		}
		if err := apply(r); err != nil {
			return fmt.Errorf("line %d: %w", n, err)
		}
	}
	return nil
}

// compact writes the snapshot to a new file and renames it over path, so a
// crash leaves either the old journal or the new one, never half of one.
func compact(path string, snapshot func(func(record) error) error) error {
	tmp := path + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	enc := json.NewEncoder(w)
	err = snapshot(func(r record) error { return enc.Encode(r) })
	if err == nil {
		err = w.Flush()
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
		return err
	}
	return syncDir(filepath.Dir(path))
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}

// add queues recs for the next fsync and returns a wait for it. It encodes
// now, so later changes to the records' messages are not written early.
func (j *journal) add(recs []record) func() error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	for _, r := range recs {
		if err := enc.Encode(r); err != nil {
			return func() error { return err }
		}
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.err != nil || j.closed {
		err := j.err
		if err == nil {
			err = errors.New("journal closed")
		}
		return func() error { return err }
	}
	j.pending = append(j.pending, buf.Bytes()...)
	g := j.group
	select {
	case j.kick <- struct{}{}:
	default:
	}
	return func() error {
		<-g.done
		return g.err
	}
}

// run writes and fsyncs each gathered group until close.
func (j *journal) run() {
	defer close(j.done)
	for range j.kick {
		j.wmu.Lock()
		j.mu.Lock()
		data, g, closed := j.pending, j.group, j.closed
		j.pending, j.group = nil, &group{done: make(chan struct{})}
		j.mu.Unlock()
		g.err = j.write(data)
		close(g.done)
		large := j.size > j.compactAt && j.size > 4*j.base
		j.wmu.Unlock()
		if closed {
			return
		}
		j.mu.Lock()
		if large && !j.growing && j.grown != nil {
			j.growing = true
			go j.grown()
		}
		j.mu.Unlock()
	}
}

// close writes what is pending and closes the file.
func (j *journal) close() error {
	j.mu.Lock()
	if j.closed {
		j.mu.Unlock()
		return nil
	}
	j.closed = true
	j.mu.Unlock()
	// The run loop sees closed on its next pass; make sure there is one.
	j.kick <- struct{}{}
	<-j.done
	j.wmu.Lock()
	defer j.wmu.Unlock()
	j.mu.Lock()
	defer j.mu.Unlock()
	return errors.Join(j.err, j.f.Close())
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
