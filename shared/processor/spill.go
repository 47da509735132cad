package processor

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
)

// MemoryThreshold is the size up to which a document, and each of its
// text.txt and chunks.jsonl, stays in memory; larger ones go to files in
// the work directory. Most documents are small, and a thousand of them at
// once then cost no temporary files and no more memory than their bytes.
const MemoryThreshold = 256 << 10

// workDir is the run's temporary directory, made on first use only.
type workDir struct {
	parent string // "" is the system's temporary directory
	path   string
}

// file creates name in the work directory, making the directory first.
func (w *workDir) file(name string) (*os.File, error) {
	if w.path == "" {
		dir, err := os.MkdirTemp(w.parent, "docflow-")
		if err != nil {
			return nil, fmt.Errorf("make work directory: %w", err)
		}
		w.path = dir
	}
	f, err := os.Create(filepath.Join(w.path, name))
	if err != nil {
		return nil, fmt.Errorf("create %s: %w", name, err)
	}
	return f, nil
}

// remove deletes the directory, if one was made.
func (w *workDir) remove() {
	if w.path != "" {
		os.RemoveAll(w.path)
	}
}

// spill is an output written once and then read: it keeps its bytes in
// memory until they pass MemoryThreshold, then moves them to a file in the
// work directory and writes straight through to it (no buffer of its own,
// so nothing is held between writes; callers write a page at a time).
type spill struct {
	name string
	dir  *workDir
	mem  []byte
	f    *os.File
	size int64
}

func (s *spill) Write(p []byte) (int, error) {
	if s.f == nil && len(s.mem)+len(p) <= MemoryThreshold {
		s.mem = append(s.mem, p...)
		s.size += int64(len(p))
		return len(p), nil
	}
	if s.f == nil {
		f, err := s.dir.file(s.name)
		if err != nil {
			return 0, err
		}
		s.f = f
		if _, err := f.Write(s.mem); err != nil {
			return 0, fmt.Errorf("write %s: %w", s.name, err)
		}
		s.mem = nil
	}
	n, err := s.f.Write(p)
	s.size += int64(n)
	if err != nil {
		return n, fmt.Errorf("write %s: %w", s.name, err)
	}
	return n, nil
}

// WriteString writes p without copying it to a []byte first when it stays
// in memory.
func (s *spill) WriteString(p string) (int, error) {
	if s.f == nil && len(s.mem)+len(p) <= MemoryThreshold {
		s.mem = append(s.mem, p...)
		s.size += int64(len(p))
		return len(p), nil
	}
	return s.Write([]byte(p))
}

// reader returns a new reader over everything written; several may be
// open at once.
func (s *spill) reader() *io.SectionReader {
	if s.f == nil {
		return io.NewSectionReader(bytes.NewReader(s.mem), 0, s.size)
	}
	return io.NewSectionReader(s.f, 0, s.size)
}

// close releases the file, if any (the work directory's removal deletes it).
func (s *spill) close() {
	if s.f != nil {
		s.f.Close()
	}
	s.mem = nil
}

// pageBuffers hold one page's encoded chunks until they are written; they
// go back to the pool before the page's progress frame, so a document that
// waits on a slow push holds none.
var pageBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// maxPooledBuffer: larger buffers (a huge page) are left to the collector.
const maxPooledBuffer = 1 << 20

func putPageBuffer(b *bytes.Buffer) {
	if b.Cap() <= maxPooledBuffer {
		b.Reset()
		pageBuffers.Put(b)
	}
}
