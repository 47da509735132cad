package api

import (
	"context"
	"fmt"
	"sync"

	"github.com/aws/aws-sdk-go-v2/service/sqs"

	"docflow/shared/domain"
)

// fakeQueries records every call and answers with its function fields.
type fakeQueries struct {
	PutQueuedFunc    func(ctx context.Context, q domain.Query) (domain.Query, bool, error)
	DeleteQueuedFunc func(ctx context.Context, owner, id string) error
	GetFunc          func(ctx context.Context, owner, id string) (domain.Query, error)
	HasSessionFunc   func(ctx context.Context, owner, sessionID string) (bool, error)

	mu    sync.Mutex
	calls []string
}

var _ QueryStore = (*fakeQueries)(nil)

func (f *fakeQueries) record(format string, args ...any) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = append(f.calls, fmt.Sprintf(format, args...))
}

func (f *fakeQueries) PutQueued(ctx context.Context, q domain.Query) (domain.Query, bool, error) {
	f.record("PutQueued(%s, %s)", q.Owner, q.ID)
	if f.PutQueuedFunc == nil {
		return domain.Query{}, false, errUnexpected
	}
	return f.PutQueuedFunc(ctx, q)
}

func (f *fakeQueries) DeleteQueued(ctx context.Context, owner, id string) error {
	f.record("DeleteQueued(%s, %s)", owner, id)
	if f.DeleteQueuedFunc == nil {
		return errUnexpected
	}
	return f.DeleteQueuedFunc(ctx, owner, id)
}

func (f *fakeQueries) Get(ctx context.Context, owner, id string) (domain.Query, error) {
	f.record("Get(%s, %s)", owner, id)
	if f.GetFunc == nil {
		return domain.Query{}, errUnexpected
	}
	return f.GetFunc(ctx, owner, id)
}

func (f *fakeQueries) HasSession(ctx context.Context, owner, sessionID string) (bool, error) {
	f.record("HasSession(%s, %s)", owner, sessionID)
	if f.HasSessionFunc == nil {
		return false, errUnexpected
	}
	return f.HasSessionFunc(ctx, owner, sessionID)
}

// fakeQueue keeps every SendMessage input.
type fakeQueue struct {
	SendMessageFunc func(ctx context.Context, in *sqs.SendMessageInput) (*sqs.SendMessageOutput, error)

	inputs []*sqs.SendMessageInput
}

var _ Queue = (*fakeQueue)(nil)

func (f *fakeQueue) SendMessage(ctx context.Context, in *sqs.SendMessageInput, _ ...func(*sqs.Options)) (*sqs.SendMessageOutput, error) {
	f.inputs = append(f.inputs, in)
	if f.SendMessageFunc == nil {
		return nil, errUnexpected
	}
	return f.SendMessageFunc(ctx, in)
}
