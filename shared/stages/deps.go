package stages

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/service/ecs"

	"docflow/shared/domain"
)

// Advancer moves a document forward (store.Store satisfies it): it applies
// u only if it moves the document forward and returns the new document and
// true, or the current one and false.
type Advancer interface {
	Advance(ctx context.Context, id string, u domain.Update) (domain.Document, bool, error)
}

// Publisher pushes the frame of a document's current state to its
// subscribers (progress.Publisher satisfies it).
type Publisher interface {
	Publish(ctx context.Context, doc domain.Document) error
}

// TaskRunner starts the processing container (*ecs.Client satisfies it).
type TaskRunner interface {
	RunTask(ctx context.Context, in *ecs.RunTaskInput, optFns ...func(*ecs.Options)) (*ecs.RunTaskOutput, error)
}

var _ TaskRunner = (*ecs.Client)(nil)
