package tasktest

import (
	"context"

	"docflow/shared/domain"
	"docflow/shared/stages"
)

// Store applies every update to one stored document, as the store does
// for an update that moves the document forward.
type Store struct {
	Doc     domain.Document
	Updates []domain.Update
}

var _ stages.Advancer = (*Store)(nil)

// Advance implements stages.Advancer.
func (f *Store) Advance(_ context.Context, id string, u domain.Update) (domain.Document, bool, error) {
	f.Updates = append(f.Updates, u)
	if id != f.Doc.ID {
		return domain.Document{}, false, domain.NoSuchDocument()
	}
	f.Doc.Stage, f.Doc.Status, f.Doc.Message, f.Doc.Seq = u.Stage, u.Status, u.Message, f.Doc.Seq+1
	if u.Progress >= 0 {
		f.Doc.Progress = u.Progress
	}
	f.Doc.Summary, f.Doc.Failure = u.Summary, u.Failure
	return f.Doc, true, nil
}

// Publisher records what was published.
type Publisher struct{ Published []domain.Document }

var _ stages.Publisher = (*Publisher)(nil)

// Publish implements stages.Publisher.
func (f *Publisher) Publish(_ context.Context, doc domain.Document) error {
	f.Published = append(f.Published, doc)
	return nil
}
