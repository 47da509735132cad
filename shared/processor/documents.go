package processor

import (
	"context"

	"docflow/shared/extract"
)

// Documents is the processing engine's extractor: shared/extract detects
// the type from the bytes and extracts PDF, DOCX, HTML and CSV; plain text
// and Markdown go through Text.
type Documents struct {
	Limits extract.Limits
	Text   Text
}

var _ Extractor = Documents{}

// NewDocuments returns the engine with extract's default limits.
func NewDocuments() Documents { return Documents{Limits: extract.DefaultLimits()} }

// Extract implements Extractor.
func (d Documents) Extract(ctx context.Context, in Input, emit func(Page) error) (string, error) {
	var textType string
	typ, err := extract.File(ctx, in.Path, d.Limits,
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
