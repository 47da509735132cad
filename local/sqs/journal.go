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
	f *os.File

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
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return nil, err
	}
	j := &journal{f: f, group: &group{done: make(chan struct{})}, kick: make(chan struct{}, 1), done: make(chan struct{})}
	go j.run()
	return j, nil
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
		j.mu.Lock()
		data, g, closed := j.pending, j.group, j.closed
		j.pending, j.group = nil, &group{done: make(chan struct{})}
		j.mu.Unlock()
		if len(data) > 0 {
			_, err := j.f.Write(data)
			if err == nil {
				err = j.f.Sync()
			}
			if err != nil {
				j.mu.Lock()
				j.err = err
				j.mu.Unlock()
			}
			g.err = err
		}
		close(g.done)
		if closed {
			return
		}
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
