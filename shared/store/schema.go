package store

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// TableAPI is the part of *dynamodb.Client that CreateTables uses.
type TableAPI interface {
	CreateTable(ctx context.Context, in *dynamodb.CreateTableInput, optFns ...func(*dynamodb.Options)) (*dynamodb.CreateTableOutput, error)
	DescribeTable(ctx context.Context, in *dynamodb.DescribeTableInput, optFns ...func(*dynamodb.Options)) (*dynamodb.DescribeTableOutput, error)
	UpdateTimeToLive(ctx context.Context, in *dynamodb.UpdateTimeToLiveInput, optFns ...func(*dynamodb.Options)) (*dynamodb.UpdateTimeToLiveOutput, error)
}

var _ TableAPI = (*dynamodb.Client)(nil)

// CreateTables creates the documents and connections tables as this package
// documents them, waits until they are active, and turns on TTL for
// connections. Tables that exist already are left alone, so a local stack
// may call it on every start. An endpoint that does not implement
// UpdateTimeToLive (minidyn) is tolerated: it never expires items anyway,
// and the store ignores expired items on read.
func CreateTables(ctx context.Context, client TableAPI, documentsTable, connectionsTable string) error {
	s := func(name string) types.AttributeDefinition {
		return types.AttributeDefinition{AttributeName: aws.String(name), AttributeType: types.ScalarAttributeTypeS}
	}
	key := func(name string, kt types.KeyType) types.KeySchemaElement {
		return types.KeySchemaElement{AttributeName: aws.String(name), KeyType: kt}
	}
	tables := []*dynamodb.CreateTableInput{{
		TableName:            aws.String(documentsTable),
		BillingMode:          types.BillingModePayPerRequest,
		AttributeDefinitions: []types.AttributeDefinition{s(DocumentKey), s(OwnerIndexPartition), s(OwnerIndexSort)},
		KeySchema:            []types.KeySchemaElement{key(DocumentKey, types.KeyTypeHash)},
		GlobalSecondaryIndexes: []types.GlobalSecondaryIndex{{
			IndexName: aws.String(OwnerIndex),
			KeySchema: []types.KeySchemaElement{
				key(OwnerIndexPartition, types.KeyTypeHash), key(OwnerIndexSort, types.KeyTypeRange),
			},
			Projection: &types.Projection{ProjectionType: types.ProjectionTypeAll},
		}},
	}, {
		TableName:            aws.String(connectionsTable),
		BillingMode:          types.BillingModePayPerRequest,
		AttributeDefinitions: []types.AttributeDefinition{s(ConnectionsPartition), s(ConnectionsSort)},
		KeySchema: []types.KeySchemaElement{
			key(ConnectionsPartition, types.KeyTypeHash), key(ConnectionsSort, types.KeyTypeRange),
		},
	}}
	for _, in := range tables {
		_, err := client.CreateTable(ctx, in)
		if _, exists := errors.AsType[*types.ResourceInUseException](err); err != nil && !exists {
			return fmt.Errorf("create table %s: %w", aws.ToString(in.TableName), err)
		}
		if err := waitActive(ctx, client, aws.ToString(in.TableName)); err != nil {
			return err
		}
	}
	_, err := client.UpdateTimeToLive(ctx, &dynamodb.UpdateTimeToLiveInput{
		TableName: aws.String(connectionsTable),
		TimeToLiveSpecification: &types.TimeToLiveSpecification{
			AttributeName: aws.String(TTLAttribute), Enabled: aws.Bool(true),
		},
	})
	if err != nil && !unsupported(err) && !alreadyEnabled(err) {
		return fmt.Errorf("enable ttl on %s: %w", connectionsTable, err)
	}
	return nil
}

// waitActive polls until the table and its indexes are ACTIVE. An empty
// status counts as active: minidyn does not report one (and the SDK's
// TableExistsWaiter would wait forever for it).
func waitActive(ctx context.Context, client TableAPI, table string) error {
	for delay := 50 * time.Millisecond; ; delay = min(2*delay, 2*time.Second) {
		out, err := client.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: aws.String(table)})
		if err != nil {
			return fmt.Errorf("describe table %s: %w", table, err)
		}
		active := out.Table.TableStatus == "" || out.Table.TableStatus == types.TableStatusActive
		for _, g := range out.Table.GlobalSecondaryIndexes {
			active = active && (g.IndexStatus == "" || g.IndexStatus == types.IndexStatusActive)
		}
		if active {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("wait for table %s: %w", table, ctx.Err())
		case <-time.After(delay):
		}
	}
}

// unsupported reports whether err says the endpoint lacks the operation.
// DynamoDB says UnknownOperationException; minidyn answers 400 with a
// plain-text body, which the SDK fails to decode.
func unsupported(err error) bool {
	if ae, ok := errors.AsType[smithy.APIError](err); ok && ae.ErrorCode() == "UnknownOperationException" {
		return true
	}
	re, ok := errors.AsType[*smithyhttp.ResponseError](err)
	_, undecodable := errors.AsType[*smithy.DeserializationError](err)
	return ok && re.HTTPStatusCode() == http.StatusBadRequest && undecodable
}

// alreadyEnabled reports DynamoDB's answer to enabling TTL twice.
func alreadyEnabled(err error) bool {
	ae, ok := errors.AsType[smithy.APIError](err)
	return ok && ae.ErrorCode() == "ValidationException" &&
		strings.Contains(ae.ErrorMessage(), "already enabled")
}
