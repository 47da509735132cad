package api

import (
	"context"

	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/sfn"
	"github.com/aws/aws-sdk-go-v2/service/sqs"

	"docflow/shared/domain"
)

// ConnectionPutter records a new connection (store.Store satisfies it).
type ConnectionPutter interface {
	PutConnection(ctx context.Context, c domain.Connection) error
}

// ConnectionDeleter forgets a connection and its subscriptions
// (store.Store satisfies it).
type ConnectionDeleter interface {
	DeleteConnection(ctx context.Context, id string) error
}

// MessageStore is what Message needs of the store (store.Store satisfies it).
type MessageStore interface {
	CreateDocument(ctx context.Context, d domain.Document) (domain.Document, bool, error)
	GetDocument(ctx context.Context, id string) (domain.Document, error)
	SetExecutionArn(ctx context.Context, id, arn string) error
	Subscribe(ctx context.Context, connectionID, documentID string) error
	ListDocuments(ctx context.Context, owner string, limit int, cursor string) ([]domain.Document, string, error)
}

// Sender sends one frame to one connection (progress.Publisher satisfies
// it: it JSON-encodes v, posts it with PostToConnection, and forgets a gone
// connection).
type Sender interface {
	Send(ctx context.Context, connectionID string, v any) error
}

// Executions starts document executions (*sfn.Client satisfies it).
type Executions interface {
	StartExecution(ctx context.Context, in *sfn.StartExecutionInput, optFns ...func(*sfn.Options)) (*sfn.StartExecutionOutput, error)
}

// Presigner signs upload URLs and output URLs (*s3.PresignClient satisfies
// it).
type Presigner interface {
	PresignPutObject(ctx context.Context, in *s3.PutObjectInput, optFns ...func(*s3.PresignOptions)) (*v4.PresignedHTTPRequest, error)
	PresignGetObject(ctx context.Context, in *s3.GetObjectInput, optFns ...func(*s3.PresignOptions)) (*v4.PresignedHTTPRequest, error)
}

// QueryStore keeps question records (store.Queries satisfies it).
type QueryStore interface {
	PutQueued(ctx context.Context, q domain.Query) (domain.Query, bool, error)
	DeleteQueued(ctx context.Context, owner, id string) error
	Get(ctx context.Context, owner, id string) (domain.Query, error)
	HasSession(ctx context.Context, owner, sessionID string) (bool, error)
}

// Queue sends a question to the queries queue (*sqs.Client satisfies it).
type Queue interface {
	SendMessage(ctx context.Context, in *sqs.SendMessageInput, optFns ...func(*sqs.Options)) (*sqs.SendMessageOutput, error)
}

// Uploads signs upload URLs and checks that an upload arrived.
type Uploads interface {
	Presigner
	HeadObject(ctx context.Context, in *s3.HeadObjectInput, optFns ...func(*s3.Options)) (*s3.HeadObjectOutput, error)
}

// S3Uploads is Uploads over one S3 client.
type S3Uploads struct {
	*s3.PresignClient
	*s3.Client
}

// NewS3Uploads returns Uploads for client.
func NewS3Uploads(client *s3.Client) S3Uploads {
	return S3Uploads{PresignClient: s3.NewPresignClient(client), Client: client}
}

var (
	_ Executions = (*sfn.Client)(nil)
	_ Presigner  = (*s3.PresignClient)(nil)
	_ Uploads    = S3Uploads{}
	_ Queue      = (*sqs.Client)(nil)
)
