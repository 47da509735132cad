package extract

import (
	"context"
	"errors"
	"fmt"
	"os"

	"docflow/shared/domain"
)

// Type is a document type docflow extracts, as a MIME type.
type Type string

// The types Detect recognises.
const (
	PDF  Type = "application/pdf"
	DOCX Type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
	HTML Type = "text/html"
	CSV  Type = "text/csv"
	Text Type = "text/plain"
)

// Limits bound the work one document may cause.
type Limits struct {
	// MaxPages is the most pages (PDF pages, DOCX sections, CSV blocks) a
	// document may have.
	MaxPages int
	// MaxDecompressedBytes bounds what a compressed container (DOCX) may
	// expand to: a zip bomb fails with Document.TooLarge.
	MaxDecompressedBytes int64
	// MaxPageBytes bounds one page's text.
	MaxPageBytes int
}

// DefaultLimits are safe for a 2 GB container.
func DefaultLimits() Limits {
	return Limits{MaxPages: 10000, MaxDecompressedBytes: 256 << 20, MaxPageBytes: 4 << 20}
}

// Page is one page of text. Total is the page count when known (0 if not).
type Page struct {
	Number int
	Total  int
	Text   string
}

// Error is a failure of the document itself.
type Error struct {
	reason  string
	message string
}

// Reason is the Step Functions error name, e.g. "Document.Encrypted".
func (e *Error) Reason() string { return e.reason }

// Error is a sentence for the person who uploaded the document.
func (e *Error) Error() string { return e.message }

func fail(reason, format string, args ...any) *Error {
	return &Error{reason: reason, message: fmt.Sprintf(format, args...)}
}

// ReasonOf returns err's reason if it is an *Error, else "".
func ReasonOf(err error) string {
	if e, ok := errors.AsType[*Error](err); ok {
		return e.reason
	}
	return ""
}

// File extracts the document at path: it detects the type and streams its
// pages, in order, to emit, stopping at emit's first error. Text documents
// are left to the caller (typ Text with no pages emitted) when handleText is
// nil.
func File(ctx context.Context, path string, lim Limits, handleText func() error, emit func(Page) error) (Type, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return "", err
	}
	if info.Size() == 0 {
		return "", fail(domain.ReasonEmpty, "the file is empty")
	}
	typ, err := Detect(f, info.Size())
	if err != nil {
		return "", err
	}
	switch typ {
	case PDF:
		return typ, extractPDF(ctx, path, lim, emit)
	case DOCX:
		return typ, extractDOCX(ctx, f, info.Size(), lim, emit)
	case HTML:
		return typ, extractHTML(ctx, f, lim, emit)
	case CSV:
		return typ, extractCSV(ctx, f, lim, emit)
	default:
		if handleText == nil {
			return typ, nil
		}
		return typ, handleText()
	}
}
