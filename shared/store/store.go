package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"docflow/shared/domain"
)

// Key schema names; see the package documentation for the full layout.
const (
	// DocumentKey is the documents table's partition key.
	DocumentKey = "documentId"
	// OwnerIndex is the documents table's GSI for listing a user's documents.
	OwnerIndex = "byOwner"
	// OwnerIndexPartition and OwnerIndexSort are the byOwner GSI keys.
	OwnerIndexPartition = "owner"
	OwnerIndexSort      = "createdAt"
	// ConnectionsPartition and ConnectionsSort are the connections table's keys.
	ConnectionsPartition = "pk"
	ConnectionsSort      = "sk"
	// TTLAttribute is the connections table's TTL attribute (N, epoch seconds).
	TTLAttribute = "expiresAt"
)

// TimeLayout is how the store writes times: UTC, fixed-width nanoseconds,
// so that the string order is the time order.
const TimeLayout = "2006-01-02T15:04:05.000000000Z07:00"

// DB is the part of *dynamodb.Client the store uses.
type DB interface {
	GetItem(ctx context.Context, in *dynamodb.GetItemInput, optFns ...func(*dynamodb.Options)) (*dynamodb.GetItemOutput, error)
	PutItem(ctx context.Context, in *dynamodb.PutItemInput, optFns ...func(*dynamodb.Options)) (*dynamodb.PutItemOutput, error)
	UpdateItem(ctx context.Context, in *dynamodb.UpdateItemInput, optFns ...func(*dynamodb.Options)) (*dynamodb.UpdateItemOutput, error)
	Query(ctx context.Context, in *dynamodb.QueryInput, optFns ...func(*dynamodb.Options)) (*dynamodb.QueryOutput, error)
	BatchWriteItem(ctx context.Context, in *dynamodb.BatchWriteItemInput, optFns ...func(*dynamodb.Options)) (*dynamodb.BatchWriteItemOutput, error)
	TransactWriteItems(ctx context.Context, in *dynamodb.TransactWriteItemsInput, optFns ...func(*dynamodb.Options)) (*dynamodb.TransactWriteItemsOutput, error)
}

var _ DB = (*dynamodb.Client)(nil)

// Store reads and writes documents and connections.
type Store struct {
	db          DB
	documents   string
	connections string
	now         func() time.Time
	// sleep waits between BatchWriteItem rounds for unprocessed items.
	sleep func(ctx context.Context, d time.Duration) error
}

// New returns a Store over db using the two named tables.
func New(db DB, documentsTable, connectionsTable string) *Store {
	return &Store{db: db, documents: documentsTable, connections: connectionsTable, now: time.Now, sleep: sleepCtx}
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// formatTime writes t as the store keeps times.
func formatTime(t time.Time) string { return t.UTC().Format(TimeLayout) }

func encodeTime(t time.Time) (types.AttributeValue, error) {
	return &types.AttributeValueMemberS{Value: formatTime(t)}, nil
}

func marshalMap(v any) (map[string]types.AttributeValue, error) {
	return attributevalue.MarshalMapWithOptions(v, func(o *attributevalue.EncoderOptions) {
		o.EncodeTime = encodeTime
	})
}

func marshal(v any) (types.AttributeValue, error) {
	return attributevalue.MarshalWithOptions(v, func(o *attributevalue.EncoderOptions) {
		o.EncodeTime = encodeTime
	})
}

func str(s string) types.AttributeValue { return &types.AttributeValueMemberS{Value: s} }

// dbError is an infrastructure failure: DynamoDB (or the way to it) failed.
// Its chain holds the cause, a *domain.StoreError and an Unavailable
// *domain.Error; see the package documentation.
type dbError struct {
	op  string
	err error
}

func (e *dbError) Error() string { return e.op + ": " + e.err.Error() }

func (e *dbError) Unwrap() []error {
	return []error{
		e.err,
		&domain.StoreError{Message: e.Error()},
		domain.Errorf(domain.CodeUnavailable, "The document store is unavailable right now; please try again."),
	}
}

// fail wraps a DynamoDB error with what the store was doing.
func fail(err error, format string, args ...any) error {
	return &dbError{op: fmt.Sprintf(format, args...), err: err}
}

// isConditionFailed reports whether err is a failed ConditionExpression and
// returns the exception (whose Item holds ALL_OLD values when asked for).
func isConditionFailed(err error) (*types.ConditionalCheckFailedException, bool) {
	return errors.AsType[*types.ConditionalCheckFailedException](err)
}
