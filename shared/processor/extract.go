package processor

import (
	"context"
	"errors"
	"fmt"

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
// and the name it was uploaded with, a hint for formats that cannot be told
// apart by content (Markdown and plain text).
type Input struct {
	Path string
	Name string
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
