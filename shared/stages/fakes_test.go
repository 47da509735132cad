package stages

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/ecs"

	"docflow/shared/domain"
)

// errUnexpected is what a fake returns for a call its test did not expect.
var errUnexpected = errors.New("unexpected call")

// fakeStore answers Advance with its function field and records updates.
type fakeStore struct {
	AdvanceFunc func(ctx context.Context, id string, u domain.Update) (domain.Document, bool, error)

	mu      sync.Mutex
	updates []domain.Update
}

var _ Advancer = (*fakeStore)(nil)

func (f *fakeStore) Advance(ctx context.Context, id string, u domain.Update) (domain.Document, bool, error) {
	f.mu.Lock()
	f.updates = append(f.updates, u)
	f.mu.Unlock()
	if f.AdvanceFunc == nil {
		return domain.Document{}, false, errUnexpected
	}
	return f.AdvanceFunc(ctx, id, u)
}

// fakePublisher answers Publish with its function field (nil: success) and
// records the published documents.
type fakePublisher struct {
	PublishFunc func(ctx context.Context, doc domain.Document) error

	mu        sync.Mutex
	published []domain.Document
}

var _ Publisher = (*fakePublisher)(nil)

func (f *fakePublisher) Publish(ctx context.Context, doc domain.Document) error {
	f.mu.Lock()
	f.published = append(f.published, doc)
	f.mu.Unlock()
	if f.PublishFunc == nil {
		return nil
	}
	return f.PublishFunc(ctx, doc)
}

// fakeECS answers RunTask with its function field and records the inputs.
type fakeECS struct {
	RunTaskFunc func(ctx context.Context, in *ecs.RunTaskInput, optFns ...func(*ecs.Options)) (*ecs.RunTaskOutput, error)

	mu   sync.Mutex
	runs []*ecs.RunTaskInput
}

var _ TaskRunner = (*fakeECS)(nil)

func (f *fakeECS) RunTask(ctx context.Context, in *ecs.RunTaskInput, optFns ...func(*ecs.Options)) (*ecs.RunTaskOutput, error) {
	f.mu.Lock()
	f.runs = append(f.runs, in)
	f.mu.Unlock()
	if f.RunTaskFunc == nil {
		return nil, errUnexpected
	}
	return f.RunTaskFunc(ctx, in, optFns...)
}

const testID = "0b9d2c4e-6f1a-4c3b-9e8d-7a6b5c4d3e2f"

var testNow = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

// stored returns a stored document at the given state, as Advance would.
func stored(stage domain.Stage, status domain.Status, progress int, seq int64) domain.Document {
	return domain.Document{
		ID: testID, Name: "report.txt", Owner: "alice", Stage: stage, Status: status, Progress: progress, Seq: seq,
		ExecutionArn: "arn:aws:states:eu-west-1:123456789012:execution:docflow-document:" + testID,
	}
}

// applyTo returns an AdvanceFunc that applies every update to doc, as the
// store does when the update moves the document forward.
func applyTo(doc domain.Document) func(context.Context, string, domain.Update) (domain.Document, bool, error) {
	return func(_ context.Context, id string, u domain.Update) (domain.Document, bool, error) {
		if id != doc.ID {
			return domain.Document{}, false, fmt.Errorf("advance %s: %w", id, errUnexpected)
		}
		doc.Stage, doc.Status, doc.Message, doc.Seq, doc.UpdatedAt = u.Stage, u.Status, u.Message, doc.Seq+1, u.At
		if u.Progress >= 0 {
			doc.Progress = u.Progress
		}
		doc.Summary, doc.Failure = u.Summary, u.Failure
		return doc, true, nil
	}
}

// notApplied returns an AdvanceFunc that finds doc and does not change it.
func notApplied(doc domain.Document) func(context.Context, string, domain.Update) (domain.Document, bool, error) {
	return func(context.Context, string, domain.Update) (domain.Document, bool, error) { return doc, false, nil }
}

// failing returns an AdvanceFunc that fails with err.
func failing(err error) func(context.Context, string, domain.Update) (domain.Document, bool, error) {
	return func(context.Context, string, domain.Update) (domain.Document, bool, error) {
		return domain.Document{}, false, err
	}
}

// dbDown is a store infrastructure failure as the store reports it: the
// *domain.StoreError is somewhere in the chain, not on top.
var dbDown = fmt.Errorf("advance document %s: %w", testID, errors.Join(errors.New("ProvisionedThroughputExceeded"), &domain.StoreError{Message: "advance document: throttled"}))

// notFound is the store's answer for an absent document.
var notFound = domain.Errorf(domain.CodeNotFound, "No such document.")

// errorName is the name aws-lambda-go gives a returned error: its Go type
// name without the pointer.
func errorName(err error) string {
	if err == nil {
		return ""
	}
	name := fmt.Sprintf("%T", err)
	for i := len(name) - 1; i >= 0; i-- {
		if name[i] == '.' {
			return name[i+1:]
		}
	}
	return name
}
