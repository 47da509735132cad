// Package processortest holds extractors for tests that need to control
// when processing runs.
package processortest

import (
	"context"

	"docflow/shared/processor"
)

// Gated extracts plain text (processor.Text), but only once Gate is
// closed: until then a document is certainly mid-run, so a test can drop
// a socket or subscribe while it is. A document whose context ends first
// fails with the context's error.
type Gated struct {
	processor.Text
	Gate <-chan struct{}
}

var _ processor.Extractor = Gated{}

// Extract implements processor.Extractor.
func (g Gated) Extract(ctx context.Context, in processor.Input, emit func(processor.Page) error) (string, error) {
	select {
	case <-g.Gate:
	case <-ctx.Done():
		return "", ctx.Err()
	}
	return g.Text.Extract(ctx, in, emit)
}
