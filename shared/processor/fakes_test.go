package processor

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/aws-sdk-go-v2/service/sfn"

	"docflow/shared/domain"
)

// errUnexpected is what a fake returns for a call its test did not expect.
var errUnexpected = errors.New("unexpected call")

// fakeObjects is an in-memory bucket; GetObjectFunc, when set, answers
// GetObject instead, and PutObjectFunc may fail a put.
type fakeObjects struct {
	GetObjectFunc func(ctx context.Context, in *s3.GetObjectInput, optFns ...func(*s3.Options)) (*s3.GetObjectOutput, error)
	PutObjectFunc func(ctx context.Context, in *s3.PutObjectInput) error

	mu      sync.Mutex
	objects map[string][]byte // "bucket/key" → body
	puts    []string          // keys in put order
	types   map[string]string // "bucket/key" → content type
}

var _ Objects = (*fakeObjects)(nil)

func newFakeObjects() *fakeObjects {
	return &fakeObjects{objects: map[string][]byte{}, types: map[string]string{}}
}

func (f *fakeObjects) GetObject(ctx context.Context, in *s3.GetObjectInput, optFns ...func(*s3.Options)) (*s3.GetObjectOutput, error) {
	if f.GetObjectFunc != nil {
		return f.GetObjectFunc(ctx, in, optFns...)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	b, ok := f.objects[aws.ToString(in.Bucket)+"/"+aws.ToString(in.Key)]
	if !ok {
		return nil, &s3types.NoSuchKey{Message: aws.String("The specified key does not exist.")}
	}
	return &s3.GetObjectOutput{Body: io.NopCloser(bytes.NewReader(b)), ContentLength: aws.Int64(int64(len(b)))}, nil
}

func (f *fakeObjects) PutObject(ctx context.Context, in *s3.PutObjectInput, _ ...func(*s3.Options)) (*s3.PutObjectOutput, error) {
	if f.PutObjectFunc != nil {
		if err := f.PutObjectFunc(ctx, in); err != nil {
			return nil, err
		}
	}
	b, err := io.ReadAll(in.Body)
	if err != nil {
		return nil, err
	}
	if in.ContentLength != nil && *in.ContentLength != int64(len(b)) {
		return nil, fmt.Errorf("content length %d, body %d bytes", *in.ContentLength, len(b))
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	k := aws.ToString(in.Bucket) + "/" + aws.ToString(in.Key)
	f.objects[k] = b
	f.types[k] = aws.ToString(in.ContentType)
	f.puts = append(f.puts, aws.ToString(in.Key))
	return &s3.PutObjectOutput{}, nil
}

func (f *fakeObjects) get(bucket, key string) ([]byte, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	b, ok := f.objects[bucket+"/"+key]
	return b, ok
}

// fakeTasks records the answers and heartbeats; HeartbeatFunc (nil:
// success) answers the n-th heartbeat (from 1).
type fakeTasks struct {
	HeartbeatFunc func(n int) error
	// beats, if not nil, receives a value after each heartbeat.
	beats chan int

	mu         sync.Mutex
	successes  []string // outputs
	failures   []sfn.SendTaskFailureInput
	heartbeats int
	tokens     []string
}

var _ TaskAnswers = (*fakeTasks)(nil)

func (f *fakeTasks) SendTaskSuccess(_ context.Context, in *sfn.SendTaskSuccessInput, _ ...func(*sfn.Options)) (*sfn.SendTaskSuccessOutput, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.successes = append(f.successes, aws.ToString(in.Output))
	f.tokens = append(f.tokens, aws.ToString(in.TaskToken))
	return &sfn.SendTaskSuccessOutput{}, nil
}

func (f *fakeTasks) SendTaskFailure(_ context.Context, in *sfn.SendTaskFailureInput, _ ...func(*sfn.Options)) (*sfn.SendTaskFailureOutput, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.failures = append(f.failures, *in)
	f.tokens = append(f.tokens, aws.ToString(in.TaskToken))
	return &sfn.SendTaskFailureOutput{}, nil
}

func (f *fakeTasks) SendTaskHeartbeat(_ context.Context, in *sfn.SendTaskHeartbeatInput, _ ...func(*sfn.Options)) (*sfn.SendTaskHeartbeatOutput, error) {
	f.mu.Lock()
	f.heartbeats++
	n := f.heartbeats
	f.tokens = append(f.tokens, aws.ToString(in.TaskToken))
	f.mu.Unlock()
	var err error
	if f.HeartbeatFunc != nil {
		err = f.HeartbeatFunc(n)
	}
	if f.beats != nil {
		f.beats <- n
	}
	if err != nil {
		return nil, err
	}
	return &sfn.SendTaskHeartbeatOutput{}, nil
}

// fakeStore applies every forward update to one document, as the store's
// Advance does, and records the updates it was asked for.
type fakeStore struct {
	AdvanceFunc func(u domain.Update) error // nil: apply

	mu      sync.Mutex
	doc     domain.Document
	updates []domain.Update
}

var _ Advancer = (*fakeStore)(nil)

func (f *fakeStore) Advance(_ context.Context, id string, u domain.Update) (domain.Document, bool, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.updates = append(f.updates, u)
	if f.AdvanceFunc != nil {
		if err := f.AdvanceFunc(u); err != nil {
			return domain.Document{}, false, err
		}
	}
	if id != f.doc.ID {
		return domain.Document{}, false, domain.Errorf(domain.CodeNotFound, "No such document.")
	}
	if f.doc.Status.Terminal() || (u.Status != domain.StatusFailed && u.Progress <= f.doc.Progress) {
		return f.doc, false, nil
	}
	f.doc.Stage, f.doc.Status, f.doc.Progress, f.doc.Message, f.doc.UpdatedAt = u.Stage, u.Status, u.Progress, u.Message, u.At
	f.doc.Seq++
	return f.doc, true, nil
}

// fakePublisher records the published documents.
type fakePublisher struct {
	mu        sync.Mutex
	published []domain.Document
}

var _ Publisher = (*fakePublisher)(nil)

func (f *fakePublisher) Publish(_ context.Context, doc domain.Document) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.published = append(f.published, doc)
	return nil
}

// fakeClock moves forward by step at every Now, so a test controls how
// fast processing seems to go. After returns ticks (nil: never fires).
type fakeClock struct {
	mu    sync.Mutex
	now   time.Time
	step  time.Duration
	ticks chan time.Time
}

var _ Clock = (*fakeClock)(nil)

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(c.step)
	return c.now
}

func (c *fakeClock) After(time.Duration) <-chan time.Time { return c.ticks }

// extractorFunc adapts a function to Extractor.
type extractorFunc func(ctx context.Context, in Input, emit func(Page) error) (string, error)

func (f extractorFunc) Extract(ctx context.Context, in Input, emit func(Page) error) (string, error) {
	return f(ctx, in, emit)
}

// reasonedError is an extractor's own typed error that names its reason,
// as shared/extract's errors do.
type reasonedError struct{ reason, msg string }

func (e *reasonedError) Error() string  { return e.msg }
func (e *reasonedError) Reason() string { return e.reason }
