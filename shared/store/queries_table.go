package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/smithy-go"
)

// QueriesTableAPI is the part of *dynamodb.Client that CreateQueriesTable
// uses.
type QueriesTableAPI interface {
	CreateTable(ctx context.Context, in *dynamodb.CreateTableInput, optFns ...func(*dynamodb.Options)) (*dynamodb.CreateTableOutput, error)
	DescribeTable(ctx context.Context, in *dynamodb.DescribeTableInput, optFns ...func(*dynamodb.Options)) (*dynamodb.DescribeTableOutput, error)
	UpdateTimeToLive(ctx context.Context, in *dynamodb.UpdateTimeToLiveInput, optFns ...func(*dynamodb.Options)) (*dynamodb.UpdateTimeToLiveOutput, error)
}

var _ QueriesTableAPI = (*dynamodb.Client)(nil)

// CreateQueriesTable creates the queries table as Queries documents it
// (PAY_PER_REQUEST, owner + queryId, TTL on TTLAttribute) and waits until it
// is active. A table that exists already is left alone, so a local stack may
// call it on every start; an endpoint without UpdateTimeToLive (minidyn) is
// tolerated, since Get ignores expired records anyway.
func CreateQueriesTable(ctx context.Context, client QueriesTableAPI, table string) error {
	_, err := client.CreateTable(ctx, &dynamodb.CreateTableInput{
		TableName:   aws.String(table),
		BillingMode: types.BillingModePayPerRequest,
		AttributeDefinitions: []types.AttributeDefinition{
			{AttributeName: aws.String(QueriesPartition), AttributeType: types.ScalarAttributeTypeS},
			{AttributeName: aws.String(QueriesSort), AttributeType: types.ScalarAttributeTypeS},
		},
		KeySchema: []types.KeySchemaElement{
			{AttributeName: aws.String(QueriesPartition), KeyType: types.KeyTypeHash},
			{AttributeName: aws.String(QueriesSort), KeyType: types.KeyTypeRange},
		},
	})
	if _, exists := errors.AsType[*types.ResourceInUseException](err); err != nil && !exists {
		return fmt.Errorf("create table %s: %w", table, err)
	}
	for delay := 50 * time.Millisecond; ; delay = min(2*delay, 2*time.Second) {
		out, err := client.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: aws.String(table)})
		if err != nil {
			return fmt.Errorf("describe table %s: %w", table, err)
		}
		// minidyn reports no status at all; count that as active.
		if s := out.Table.TableStatus; s == "" || s == types.TableStatusActive {
			break
		}
		if err := sleepCtx(ctx, delay); err != nil {
			return fmt.Errorf("wait for table %s: %w", table, err)
		}
	}
	_, err = client.UpdateTimeToLive(ctx, &dynamodb.UpdateTimeToLiveInput{
		TableName: aws.String(table),
		TimeToLiveSpecification: &types.TimeToLiveSpecification{
			AttributeName: aws.String(TTLAttribute), Enabled: aws.Bool(true),
		},
	})
	if err != nil && !ttlUnsupportedOrOn(err) {
		return fmt.Errorf("enable ttl on %s: %w", table, err)
	}
	return nil
}

// ttlUnsupportedOrOn reports an endpoint without UpdateTimeToLive (DynamoDB
// says UnknownOperationException; minidyn answers an undecodable 400) or
// DynamoDB's answer to enabling TTL twice.
func ttlUnsupportedOrOn(err error) bool {
	if ae, ok := errors.AsType[smithy.APIError](err); ok {
		switch ae.ErrorCode() {
		case "UnknownOperationException":
			return true
		case "ValidationException":
			return strings.Contains(ae.ErrorMessage(), "already enabled")
		}
	}
	_, undecodable := errors.AsType[*smithy.DeserializationError](err)
	return undecodable
}
