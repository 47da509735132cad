package processor

import (
	"context"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/sfn"

	"docflow/shared/domain"
)

// Objects reads the upload and writes the outputs (*s3.Client satisfies it).
type Objects interface {
	GetObject(ctx context.Context, in *s3.GetObjectInput, optFns ...func(*s3.Options)) (*s3.GetObjectOutput, error)
	PutObject(ctx context.Context, in *s3.PutObjectInput, optFns ...func(*s3.Options)) (*s3.PutObjectOutput, error)
}

// TaskAnswers answers the waiting RunProcessor state (*sfn.Client satisfies
// it).
type TaskAnswers interface {
	SendTaskSuccess(ctx context.Context, in *sfn.SendTaskSuccessInput, optFns ...func(*sfn.Options)) (*sfn.SendTaskSuccessOutput, error)
	SendTaskFailure(ctx context.Context, in *sfn.SendTaskFailureInput, optFns ...func(*sfn.Options)) (*sfn.SendTaskFailureOutput, error)
	SendTaskHeartbeat(ctx context.Context, in *sfn.SendTaskHeartbeatInput, optFns ...func(*sfn.Options)) (*sfn.SendTaskHeartbeatOutput, error)
}

// Advancer moves a document forward (store.Store satisfies it).
type Advancer interface {
	Advance(ctx context.Context, id string, u domain.Update) (domain.Document, bool, error)
}

// Publisher pushes the frame of a document's current state to its
// subscribers (progress.Publisher satisfies it).
type Publisher interface {
	Publish(ctx context.Context, doc domain.Document) error
}

// Clock tells the time and waits; tests replace it to control heartbeats
// and the frame rate limit.
type Clock interface {
	Now() time.Time
	After(d time.Duration) <-chan time.Time
}

type realClock struct{}

func (realClock) Now() time.Time                         { return time.Now() }
func (realClock) After(d time.Duration) <-chan time.Time { return time.After(d) }

var (
	_ Objects     = (*s3.Client)(nil)
	_ TaskAnswers = (*sfn.Client)(nil)
)
