package journal

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
)

// ErrClosed is what Sync, and the wait of an Append, report once the
// Writer is closed.
var ErrClosed = errors.New("the journal is closed")

// LineError is a journal line that replay refused: not JSON though lines
// follow it, or a record the caller's apply rejected.
type LineError struct {
	Line int // 1-based
	Err  error
}

func (e *LineError) Error() string { return fmt.Sprintf("journal line %d: %v", e.Line, e.Err) }
func (e *LineError) Unwrap() error { return e.Err }

// Writer appends JSON lines to a file, group-committing their fsyncs.
type Writer struct {
	f *os.File

	mu       sync.Mutex // guards buf, appended, size, closed, err
	buf      *bufio.Writer
	appended int64 // records appended
	size     int64 // bytes appended
	closed   bool
	err      error // first write or sync error; sticky
	wake     chan struct{}
	stopped  chan struct{} // closed when the flusher has stopped

	syncMu sync.Mutex // serialises fsyncs; guards synced and fsyncs
	synced int64      // records known to be on disk
	fsyncs int64
}

// NewWriter returns a Writer appending at f's current offset. It owns f
// from then on; Close closes it.
func NewWriter(f *os.File) *Writer {
	w := &Writer{f: f, buf: bufio.NewWriterSize(f, 64<<10), wake: make(chan struct{}, 1), stopped: make(chan struct{})}
	go w.flushLoop()
	return w
}

// Append queues each of vs as one JSON line, in order, and returns a wait
// that returns once they are fsynced. It never blocks on the disk. If a
// record cannot be encoded nothing is written and the Writer fails: what
// came after it would replay without it.
func (w *Writer) Append(vs ...any) (wait func() error) {
	var b bytes.Buffer
	var encErr error
	for _, v := range vs {
		line, err := json.Marshal(v)
		if err != nil {
			encErr = fmt.Errorf("encode journal record: %w", err)
			break
		}
		b.Write(line)
		b.WriteByte('\n')
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	switch {
	case w.closed:
		return failed(ErrClosed)
	case w.err != nil:
		return failed(w.err)
	case encErr != nil:
		w.fail(encErr)
		return failed(encErr)
	}
	if _, err := w.buf.Write(b.Bytes()); err != nil {
		w.fail(fmt.Errorf("write journal: %w", err))
	}
	w.appended += int64(len(vs))
	w.size += int64(b.Len())
	seq := w.appended
	select {
	case w.wake <- struct{}{}:
	default:
	}
	return func() error { return w.wait(seq) }
}

func failed(err error) func() error { return func() error { return err } }

// fail records the first error; the caller holds mu.
func (w *Writer) fail(err error) {
	if w.err == nil {
		w.err = err
	}
}

// Size is the number of bytes appended through w.
func (w *Writer) Size() int64 {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.size
}

// Fsyncs is the number of fsyncs w has done (for group-commit benchmarks).
func (w *Writer) Fsyncs() int64 {
	w.syncMu.Lock()
	defer w.syncMu.Unlock()
	return w.fsyncs
}

// Flush hands what was appended to the kernel without waiting for the
// disk: what a kill -9 at this moment would leave.
func (w *Writer) Flush() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if err := w.buf.Flush(); err != nil {
		w.fail(fmt.Errorf("write journal: %w", err))
	}
	return w.err
}

func (w *Writer) flushLoop() {
	defer close(w.stopped)
	for range w.wake {
		w.mu.Lock()
		if err := w.buf.Flush(); err != nil {
			w.fail(fmt.Errorf("write journal: %w", err))
		}
		closed := w.closed
		w.mu.Unlock()
		if closed {
			return
		}
	}
}

// Sync returns once every record appended before it was called is on
// disk; ErrClosed once w is closed.
func (w *Writer) Sync() error {
	w.mu.Lock()
	seq, closed := w.appended, w.closed
	w.mu.Unlock()
	if closed {
		return ErrClosed
	}
	return w.wait(seq)
}

// wait returns once the first seq records are on disk. Whoever holds
// syncMu fsyncs everything appended so far, so the waiters queued behind
// it find their records covered and return without an fsync.
func (w *Writer) wait(seq int64) error {
	w.syncMu.Lock()
	defer w.syncMu.Unlock()
	if w.synced >= seq {
		return nil
	}
	// Close also fsyncs under syncMu before it closes the file, so a
	// wait that gets here finds the file open, even if Close has begun.
	w.mu.Lock()
	got := w.appended
	if err := w.buf.Flush(); err != nil {
		w.fail(fmt.Errorf("write journal: %w", err))
	}
	err := w.err
	w.mu.Unlock()
	if err != nil {
		return err
	}
	return w.fsync(got)
}

// fsync syncs the file, after which got records are durable; the caller
// holds syncMu.
func (w *Writer) fsync(got int64) error {
	if err := w.f.Sync(); err != nil {
		err = fmt.Errorf("sync journal: %w", err)
		w.mu.Lock()
		w.fail(err)
		w.mu.Unlock()
		return err
	}
	w.synced = got
	w.fsyncs++
	return nil
}

// Close stops taking records, writes and fsyncs what was appended (so
// every wait handed out returns nil, unless that failed) and closes the
// file. Records appended later are refused with ErrClosed.
func (w *Writer) Close() error {
	w.mu.Lock()
	if w.closed {
		w.mu.Unlock()
		return nil
	}
	w.closed = true
	if err := w.buf.Flush(); err != nil {
		w.fail(fmt.Errorf("write journal: %w", err))
	}
	w.mu.Unlock()
	select {
	case w.wake <- struct{}{}:
	default:
	}
	<-w.stopped
	w.syncMu.Lock()
	defer w.syncMu.Unlock()
	w.mu.Lock()
	got, err := w.appended, w.err
	w.mu.Unlock()
	if err == nil && w.synced < got {
		err = w.fsync(got)
	}
	return errors.Join(err, w.f.Close())
}

// Replay decodes each line of r as a T and calls apply with it, oldest
// first, and returns the offset just after the last whole record. A last
// line that is torn (no newline, or not JSON: the process died while
// writing it) is not applied; a bad line before the last is a *LineError,
// as is an error from apply.
func Replay[T any](r io.Reader, apply func(T) error) (good int64, err error) {
	br := bufio.NewReaderSize(r, 256<<10)
	for n := 1; ; n++ {
		line, err := br.ReadBytes('\n')
		if err != nil && !errors.Is(err, io.EOF) {
			return good, fmt.Errorf("read journal: %w", err)
		}
		last := errors.Is(err, io.EOF)
		if last && len(bytes.TrimSpace(line)) == 0 {
			return good, nil
		}
		var v T
		if uerr := json.Unmarshal(line, &v); uerr != nil || last {
			if last || onlySpaceLeft(br) {
				return good, nil // a torn tail: the crash happened mid-write
			}
			return good, &LineError{Line: n, Err: uerr}
		}
		if err := apply(v); err != nil {
			return good, &LineError{Line: n, Err: err}
		}
		good += int64(len(line))
	}
}

// onlySpaceLeft reports whether nothing but blank space follows in r.
func onlySpaceLeft(r *bufio.Reader) bool {
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

// ReadFile replays the journal at path (see Replay); a missing file is an
// empty journal.
func ReadFile[T any](path string, apply func(T) error) error {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	defer f.Close()
	_, err = Replay(f, apply)
	return err
}

// Open opens the journal at path, creating it with perm if need be,
// replays it through apply, cuts off a torn last line and returns a
// Writer appending after the last whole record.
func Open[T any](path string, perm os.FileMode, apply func(T) error) (*Writer, error) {
	_, statErr := os.Stat(path)
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, perm)
	if err != nil {
		return nil, err
	}
	if errors.Is(statErr, os.ErrNotExist) {
		if err := SyncDir(filepath.Dir(path)); err != nil {
			f.Close()
			return nil, err
		}
	}
	good, err := Replay(f, apply)
	if err == nil {
		if err = f.Truncate(good); err != nil {
			err = fmt.Errorf("cut torn journal tail: %w", err)
		}
	}
	if err == nil {
		if _, err = f.Seek(good, io.SeekStart); err != nil {
			err = fmt.Errorf("seek journal: %w", err)
		}
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	return NewWriter(f), nil
}

// Create creates a new journal file at path (it must not exist) and
// fsyncs its directory, and returns a Writer on it.
func Create(path string, perm os.FileMode) (*Writer, error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_APPEND|os.O_EXCL, perm)
	if err != nil {
		return nil, err
	}
	if err := SyncDir(filepath.Dir(path)); err != nil {
		f.Close()
		return nil, err
	}
	return NewWriter(f), nil
}

// Rewrite replaces the file at path with the records write puts, one JSON
// line each: it writes a temporary file, fsyncs it, renames it over path
// and fsyncs the directory, so a crash leaves the old file or the new one,
// never half of one.
func Rewrite(path string, write func(put func(any) error) error) error {
	tmp := path + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(f)
	enc := json.NewEncoder(bw)
	err = write(enc.Encode)
	if err == nil {
		err = bw.Flush()
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
	return SyncDir(filepath.Dir(path))
}

// SyncDir makes the names of dir's files durable: a new or renamed file
// is not safely there until its directory is fsynced.
func SyncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}
