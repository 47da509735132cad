package sfn

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"sync"
)

// journal is an append-only file of JSON lines, one record each. Records
// are written in the order they are appended, so whatever survives a crash
// is a prefix of what happened. Appends only buffer; a background flusher
// hands them to the kernel at once (so kill -9 loses at most the records of
// the last moment), and sync also fsyncs, group-committed: callers that
// arrive while an fsync runs share the next one.
type journal struct {
	f *os.File

	mu      sync.Mutex // guards w, seq, closed, err
	w       *bufio.Writer
	seq     int64 // records appended
	closed  bool
	err     error // first write error; every later sync reports it
	wake    chan struct{}
	flusher chan struct{} // closed when the flusher has stopped

	syncMu sync.Mutex // serialises fsyncs; guards synced and fsyncs
	synced int64      // records known to be on disk
	fsyncs int64      // fsyncs done, for the group-commit benchmark
}

// errJournalClosed is what sync reports once the engine is closed.
var errJournalClosed = errors.New("the journal is closed")

func newJournal(f *os.File) *journal {
	j := &journal{f: f, w: bufio.NewWriterSize(f, 64<<10), wake: make(chan struct{}, 1), flusher: make(chan struct{})}
	go j.flushLoop()
	return j
}

// append queues one record. It never blocks on the disk.
func (j *journal) append(r *record) {
	b, err := json.Marshal(r)
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.closed {
		return
	}
	if err != nil {
		// Every record is built from JSON values; failing here is a bug.
		j.fail(fmt.Errorf("encode journal record: %w", err))
		return
	}
	b = append(b, '\n')
	if _, err := j.w.Write(b); err != nil {
		j.fail(fmt.Errorf("write journal: %w", err))
	}
	j.seq++
	select {
	case j.wake <- struct{}{}:
	default:
	}
}

func (j *journal) fail(err error) {
	if j.err == nil {
		j.err = err
	}
}

func (j *journal) flushLoop() {
	defer close(j.flusher)
	for range j.wake {
		j.mu.Lock()
		if err := j.w.Flush(); err != nil {
			j.fail(fmt.Errorf("write journal: %w", err))
		}
		closed := j.closed
		j.mu.Unlock()
		if closed {
			return
		}
	}
}

// sync returns once every record appended before it was called is on disk.
func (j *journal) sync() error {
	j.mu.Lock()
	want, closed := j.seq, j.closed
	j.mu.Unlock()
	if closed {
		return errJournalClosed
	}
	j.syncMu.Lock()
	defer j.syncMu.Unlock()
	if j.synced >= want {
		return nil // an fsync that started after our append covered it
	}
	j.mu.Lock()
	got := j.seq
	err := j.w.Flush()
	if err != nil {
		j.fail(fmt.Errorf("write journal: %w", err))
	}
	err = j.err
	j.mu.Unlock()
	if err != nil {
		return err
	}
	if err := j.f.Sync(); err != nil {
		return fmt.Errorf("sync journal: %w", err)
	}
	j.synced = got
	j.fsyncs++
	return nil
}

// close stops taking records, writes out what was appended and closes the
// file. Records appended later are dropped.
func (j *journal) close() error {
	j.mu.Lock()
	if j.closed {
		j.mu.Unlock()
		return nil
	}
	j.closed = true
	err := j.w.Flush()
	j.mu.Unlock()
	select {
	case j.wake <- struct{}{}:
	default:
	}
	<-j.flusher
	if serr := j.f.Sync(); err == nil {
		err = serr
	}
	if cerr := j.f.Close(); err == nil {
		err = cerr
	}
	return err
}

// readJournal calls apply for every record of f, oldest first, and leaves
// f positioned at the end of the last whole record. A last line that is
// torn (no newline, or not JSON: the process died while writing it) is cut
// off; a bad line before the last is an error, since that is not what a
// crash leaves.
func readJournal(f *os.File, apply func(*record) error) error {
	r := bufio.NewReaderSize(f, 256<<10)
	var good int64 // offset after the last whole record
	for n := 1; ; n++ {
		line, err := r.ReadBytes('\n')
		if err != nil && !errors.Is(err, io.EOF) {
			return fmt.Errorf("read journal: %w", err)
		}
		last := errors.Is(err, io.EOF)
		if len(bytes.TrimSpace(line)) == 0 && last {
			break
		}
		var rec record
		if uerr := json.Unmarshal(line, &rec); uerr != nil || last {
			if last || isLastLine(r) {
				break // a torn tail: the crash happened mid-write
			}
			return fmt.Errorf("journal line %d: %v", n, uerr)
		}
		if err := apply(&rec); err != nil {
			return fmt.Errorf("journal line %d: %w", n, err)
		}
		good += int64(len(line))
	}
	if err := f.Truncate(good); err != nil {
		return fmt.Errorf("cut torn journal tail: %w", err)
	}
	if _, err := f.Seek(good, io.SeekStart); err != nil {
		return fmt.Errorf("seek journal: %w", err)
	}
	return nil
}

// isLastLine reports whether nothing but blank space follows in r.
func isLastLine(r *bufio.Reader) bool {
	for {
		b, err := r.ReadByte()
		if err != nil {
			return true
		}
		if b != ' ' && b != '\n' && b != '\r' && b != '\t' {
			return false
		}
	}
}
