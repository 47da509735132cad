package api

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"

	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/sfn"

	"docflow/shared/domain"
)

// errUnexpected is what a fake returns for a call its test did not expect.
var errUnexpected = errors.New("unexpected call")

// fakeStore records every call and answers with its function fields.
type fakeStore struct {
	PutConnectionFunc    func(ctx context.Context, c domain.Connection) error
	DeleteConnectionFunc func(ctx context.Context, id string) error
	CreateDocumentFunc   func(ctx context.Context, d domain.Document) (domain.Document, bool, error)
	GetDocumentFunc      func(ctx context.Context, id string) (domain.Document, error)
	SetExecutionArnFunc  func(ctx context.Context, id, arn string) error
	SubscribeFunc        func(ctx context.Context, connectionID, documentID string) error
	ListDocumentsFunc    func(ctx context.Context, owner string, limit int, cursor string) ([]domain.Document, string, error)

	mu    sync.Mutex
	calls []string
}

var (
	_ ConnectionPutter  = (*fakeStore)(nil)
	_ ConnectionDeleter = (*fakeStore)(nil)
	_ MessageStore      = (*fakeStore)(nil)
)

func (f *fakeStore) record(format string, args ...any) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = append(f.calls, fmt.Sprintf(format, args...))
}

func (f *fakeStore) PutConnection(ctx context.Context, c domain.Connection) error {
	f.record("PutConnection(%s, %s)", c.ID, c.Owner)
	if f.PutConnectionFunc == nil {
		return errUnexpected
	}
	return f.PutConnectionFunc(ctx, c)
}

func (f *fakeStore) DeleteConnection(ctx context.Context, id string) error {
	f.record("DeleteConnection(%s)", id)
	if f.DeleteConnectionFunc == nil {
		return errUnexpected
	}
	return f.DeleteConnectionFunc(ctx, id)
}

func (f *fakeStore) CreateDocument(ctx context.Context, d domain.Document) (domain.Document, bool, error) {
	f.record("CreateDocument(%s, %s)", d.ID, d.Owner)
	if f.CreateDocumentFunc == nil {
		return domain.Document{}, false, errUnexpected
	}
	return f.CreateDocumentFunc(ctx, d)
}

func (f *fakeStore) GetDocument(ctx context.Context, id string) (domain.Document, error) {
	f.record("GetDocument(%s)", id)
	if f.GetDocumentFunc == nil {
		return domain.Document{}, errUnexpected
	}
	return f.GetDocumentFunc(ctx, id)
}

func (f *fakeStore) SetExecutionArn(ctx context.Context, id, arn string) error {
	f.record("SetExecutionArn(%s, %s)", id, arn)
	if f.SetExecutionArnFunc == nil {
		return errUnexpected
	}
	return f.SetExecutionArnFunc(ctx, id, arn)
}

func (f *fakeStore) Subscribe(ctx context.Context, connectionID, documentID string) error {
	f.record("Subscribe(%s, %s)", connectionID, documentID)
	if f.SubscribeFunc == nil {
		return errUnexpected
	}
	return f.SubscribeFunc(ctx, connectionID, documentID)
}

func (f *fakeStore) ListDocuments(ctx context.Context, owner string, limit int, cursor string) ([]domain.Document, string, error) {
	f.record("ListDocuments(%s, %d, %q)", owner, limit, cursor)
	if f.ListDocumentsFunc == nil {
		return nil, "", errUnexpected
	}
	return f.ListDocumentsFunc(ctx, owner, limit, cursor)
}

// fakeSender keeps every frame as the client would receive it (JSON).
type fakeSender struct {
	SendFunc func(ctx context.Context, connectionID string, v any) error

	mu     sync.Mutex
	frames []sent
}

type sent struct {
	connectionID string
	frame        json.RawMessage
}

var _ Sender = (*fakeSender)(nil)

func (f *fakeSender) Send(ctx context.Context, connectionID string, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	f.mu.Lock()
	f.frames = append(f.frames, sent{connectionID, b})
	f.mu.Unlock()
	if f.SendFunc == nil {
		return nil
	}
	return f.SendFunc(ctx, connectionID, v)
}

type fakeExecutions struct {
	StartExecutionFunc func(ctx context.Context, in *sfn.StartExecutionInput, optFns ...func(*sfn.Options)) (*sfn.StartExecutionOutput, error)

	inputs []*sfn.StartExecutionInput
}

var _ Executions = (*fakeExecutions)(nil)

func (f *fakeExecutions) StartExecution(ctx context.Context, in *sfn.StartExecutionInput, optFns ...func(*sfn.Options)) (*sfn.StartExecutionOutput, error) {
	f.inputs = append(f.inputs, in)
	if f.StartExecutionFunc == nil {
		return nil, errUnexpected
	}
	return f.StartExecutionFunc(ctx, in, optFns...)
}

type fakePresigner struct {
	PresignPutObjectFunc func(ctx context.Context, in *s3.PutObjectInput, optFns ...func(*s3.PresignOptions)) (*v4.PresignedHTTPRequest, error)
	// HeadObjectFunc answers the upload check; nil means every key was
	// uploaded, which most cases take for granted.
	HeadObjectFunc func(ctx context.Context, in *s3.HeadObjectInput, optFns ...func(*s3.Options)) (*s3.HeadObjectOutput, error)
	heads          []string

	inputs  []*s3.PutObjectInput
	options []s3.PresignOptions

	PresignGetObjectFunc func(ctx context.Context, in *s3.GetObjectInput, optFns ...func(*s3.PresignOptions)) (*v4.PresignedHTTPRequest, error)
	gets                 []*s3.GetObjectInput
	getOptions           []s3.PresignOptions
}

func (f *fakePresigner) PresignGetObject(ctx context.Context, in *s3.GetObjectInput, optFns ...func(*s3.PresignOptions)) (*v4.PresignedHTTPRequest, error) {
	f.gets = append(f.gets, in)
	var o s3.PresignOptions
	for _, fn := range optFns {
		fn(&o)
	}
	f.getOptions = append(f.getOptions, o)
	if f.PresignGetObjectFunc == nil {
		return nil, errUnexpected
	}
	return f.PresignGetObjectFunc(ctx, in, optFns...)
}

var _ Uploads = (*fakePresigner)(nil)

func (f *fakePresigner) HeadObject(ctx context.Context, in *s3.HeadObjectInput, optFns ...func(*s3.Options)) (*s3.HeadObjectOutput, error) {
	f.heads = append(f.heads, *in.Key)
	if f.HeadObjectFunc == nil {
		return &s3.HeadObjectOutput{}, nil
	}
	return f.HeadObjectFunc(ctx, in, optFns...)
}

func (f *fakePresigner) PresignPutObject(ctx context.Context, in *s3.PutObjectInput, optFns ...func(*s3.PresignOptions)) (*v4.PresignedHTTPRequest, error) {
	f.inputs = append(f.inputs, in)
	var o s3.PresignOptions
	for _, fn := range optFns {
		fn(&o)
	}
	f.options = append(f.options, o)
	if f.PresignPutObjectFunc == nil {
		return nil, errUnexpected
	}
	return f.PresignPutObjectFunc(ctx, in, optFns...)
}
