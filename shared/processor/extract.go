package processor

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"docflow/shared/domain"
)

// Page is one page of extracted text.
type Page struct {
	Number int // 1-based
	// Total is the number of pages of the document when the extractor
	// knows it (0 if not); processing frames are based on it.
	Total int
	Text  string
}

// Input is the document an Extractor reads: a local file (the download)
// or, for a document small enough to be kept in memory, its bytes; and the
// name it was uploaded with, a hint for formats that cannot be told apart
// by content (Markdown and plain text). Exactly one of Path and Data is
// set: an empty Path means the document is Data (nil for an empty file).
type Input struct {
	Path string
	Data []byte
	Name string
}

// Open returns a reader over the document, from memory or the file.
func (in Input) Open() (io.ReadCloser, error) {
	if in.Path == "" {
		return io.NopCloser(bytes.NewReader(in.Data)), nil
	}
	return os.Open(in.Path)
}

// OnDisk returns a path to the document for extractors that need a file:
// Path itself, or Data written to a new file in dir (the system's temporary
// directory if dir is ""). remove deletes that file, if one was made.
func (in Input) OnDisk(dir string) (path string, remove func(), err error) {
	if in.Path != "" {
		return in.Path, func() {}, nil
	}
	f, err := os.CreateTemp(dir, "docflow-source-")
	if err != nil {
		return "", nil, fmt.Errorf("create source file: %w", err)
	}
	remove = func() { os.Remove(f.Name()) }
	_, err = f.Write(in.Data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		remove()
		return "", nil, fmt.Errorf("write source file: %w", err)
	}
	return f.Name(), remove, nil
}

// Extractor turns a document into text, page by page. Extract calls emit
// with each page in order and returns the document's type (a MIME type such
// as "text/plain"). It stops and returns emit's error when emit fails, and
// should check ctx between pages. Errors that describe the document (it is
// encrypted, empty, not supported…) should carry a reason: a *Failure, or any
// error with a Reason() string method whose Error() text is written for the
// person who uploaded the document. Any other error, or a panic, fails the
// document with Document.ProcessingFailed.
type Extractor interface {
	Extract(ctx context.Context, in Input, emit func(Page) error) (string, error)
}

// Failure is a processing failure with a Step Functions error name (one of
// domain's Document.* reasons) and a cause written for a person: the failed
// frame shows it after the reason's own sentence.
type Failure struct {
	Reason string
	Cause  string
}

func (f *Failure) Error() string { return f.Reason + ": " + f.Cause }

// Fail returns a *Failure with a formatted cause.
func Fail(reason, format string, args ...any) *Failure {
	return &Failure{Reason: reason, Cause: fmt.Sprintf(format, args...)}
}

// reasoned is an error that names its own reason, e.g. shared/extract's
// typed errors, so extractors need not import this package.
type reasoned interface {
	error
	Reason() string
}

// failureOf returns the reason and cause SendTaskFailure reports for err.
// Errors without a reason are internal: their text may hold paths or SDK
// details, so the cause stays generic and the text goes to the log only.
func failureOf(err error) *Failure {
	if f, ok := errors.AsType[*Failure](err); ok {
		return f
	}
	if r, ok := errors.AsType[reasoned](err); ok && r.Reason() != "" {
		return &Failure{Reason: r.Reason(), Cause: r.Error()}
	}
	return &Failure{Reason: domain.ReasonProcessingFailed, Cause: "The processing engine hit an internal error."}
}
