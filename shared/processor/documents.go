package processor

import (
	"bytes"
	"context"

	"docflow/shared/extract"
)

// Documents is the processing engine's extractor: shared/extract detects
// the type from the bytes and extracts PDF, DOCX, HTML and CSV; plain text
// and Markdown go through Text.
type Documents struct {
	Limits extract.Limits
	Text   Text
	// TempDir is where a document held in memory is written for the
	// extractors that need a file ("" is the system's temporary directory).
	TempDir string
}

var _ Extractor = Documents{}

// NewDocuments returns the engine with extract's default limits.
func NewDocuments() Documents { return Documents{Limits: extract.DefaultLimits()} }

// Extract implements Extractor. A document held in memory stays there when
// it is text; the other formats' extractors read a file, so such a document
// is written to one in TempDir first.
func (d Documents) Extract(ctx context.Context, in Input, emit func(Page) error) (string, error) {
	if in.Path == "" && len(in.Data) > 0 {
		typ, err := extract.Detect(bytes.NewReader(in.Data), int64(len(in.Data)))
		if err != nil {
			return string(typ), err
		}
		if typ == extract.Text {
			return d.Text.Extract(ctx, in, emit)
		}
	}
	path, remove, err := in.OnDisk(d.TempDir)
	if err != nil {
		return "", err
	}
	defer remove()
	var textType string
	typ, err := extract.File(ctx, path, d.Limits,
		func() error {
			t, err := d.Text.Extract(ctx, in, emit)
			textType = t
			return err
		},
		func(p extract.Page) error { return emit(Page{Number: p.Number, Total: p.Total, Text: p.Text}) })
	if typ == extract.Text && textType != "" {
		return textType, err // Text knows Markdown from plain text by the name
	}
	return string(typ), err
}
