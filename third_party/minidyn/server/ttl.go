package server

import (
	"context"
	"sort"

	"github.com/aws/aws-sdk-go-v2/aws"
	ddbtypes "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/smithy-go"

	"github.com/truora/minidyn/core"
	"github.com/truora/minidyn/types"
)

// ListTablesInput mirrors DynamoDB ListTablesInput.
type ListTablesInput struct {
	ExclusiveStartTableName *string `json:"ExclusiveStartTableName,omitempty"`
	Limit                   *int32  `json:"Limit,omitempty"`
}

// ListTablesOutput mirrors DynamoDB ListTablesOutput.
type ListTablesOutput struct {
	TableNames             []string `json:"TableNames"`
	LastEvaluatedTableName *string  `json:"LastEvaluatedTableName,omitempty"`
}

// TimeToLiveSpecification mirrors DynamoDB TimeToLiveSpecification.
type TimeToLiveSpecification struct {
	AttributeName *string `json:"AttributeName,omitempty"`
	Enabled       *bool   `json:"Enabled,omitempty"`
}

// UpdateTimeToLiveInput mirrors DynamoDB UpdateTimeToLiveInput.
type UpdateTimeToLiveInput struct {
	TableName               *string                  `json:"TableName,omitempty"`
	TimeToLiveSpecification *TimeToLiveSpecification `json:"TimeToLiveSpecification,omitempty"`
}

// UpdateTimeToLiveOutput mirrors DynamoDB UpdateTimeToLiveOutput.
type UpdateTimeToLiveOutput struct {
	TimeToLiveSpecification *TimeToLiveSpecification `json:"TimeToLiveSpecification,omitempty"`
}

// DescribeTimeToLiveInput mirrors DynamoDB DescribeTimeToLiveInput.
type DescribeTimeToLiveInput struct {
	TableName *string `json:"TableName,omitempty"`
}

// TimeToLiveDescription mirrors DynamoDB TimeToLiveDescription.
type TimeToLiveDescription struct {
	AttributeName    *string `json:"AttributeName,omitempty"`
	TimeToLiveStatus string  `json:"TimeToLiveStatus"`
}

// DescribeTimeToLiveOutput mirrors DynamoDB DescribeTimeToLiveOutput.
type DescribeTimeToLiveOutput struct {
	TimeToLiveDescription TimeToLiveDescription `json:"TimeToLiveDescription"`
}

// defaultListTablesLimit is DynamoDB's page size for ListTables.
const defaultListTablesLimit = 100

// ListTables lists table names in order, a page at a time, as DynamoDB does.
func (c *Client) ListTables(_ context.Context, input *ListTablesInput) (*ListTablesOutput, error) {
	c.lock()
	defer c.mu.Unlock()

	limit := defaultListTablesLimit
	if input.Limit != nil {
		if *input.Limit < 1 || *input.Limit > defaultListTablesLimit {
			return nil, &smithy.GenericAPIError{Code: "ValidationException", Message: "1 validation error detected: Value at 'limit' failed to satisfy constraint: Member must have value between 1 and 100"}
		}

		limit = int(*input.Limit)
	}

	names := make([]string, 0, len(c.tables))
	for name := range c.tables {
		if input.ExclusiveStartTableName == nil || name > *input.ExclusiveStartTableName {
			names = append(names, name)
		}
	}

	sort.Strings(names)

	out := &ListTablesOutput{TableNames: names}
	if len(names) > limit {
		out.TableNames = names[:limit]
		out.LastEvaluatedTableName = aws.String(names[limit-1])
	}

	return out, nil
}

// UpdateTimeToLive turns TTL on or off for a table. Expired items are
// deleted before the next request is served (see Client.lock).
func (c *Client) UpdateTimeToLive(_ context.Context, input *UpdateTimeToLiveInput) (*UpdateTimeToLiveOutput, error) {
	c.lock()
	defer c.mu.Unlock()

	name := aws.ToString(input.TableName)

	table, err := c.getTable(name)
	if err != nil {
		return nil, err
	}

	spec := input.TimeToLiveSpecification
	if spec == nil || spec.Enabled == nil || aws.ToString(spec.AttributeName) == "" {
		return nil, &smithy.GenericAPIError{Code: "ValidationException", Message: "TimeToLiveSpecification must have AttributeName and Enabled"}
	}

	switch {
	case *spec.Enabled && table.TTLAttribute != "":
		return nil, &smithy.GenericAPIError{Code: "ValidationException", Message: "TimeToLive is already enabled"}
	case !*spec.Enabled && table.TTLAttribute == "":
		return nil, &smithy.GenericAPIError{Code: "ValidationException", Message: "TimeToLive is already disabled"}
	case !*spec.Enabled && table.TTLAttribute != *spec.AttributeName:
		return nil, &smithy.GenericAPIError{Code: "ValidationException", Message: "The attribute name is not the current TTL attribute"}
	}

	if *spec.Enabled {
		table.SetTTL(*spec.AttributeName)
	} else {
		table.SetTTL("")
	}

	c.logTable(name, opUpdateTimeToLive, input, false)

	return &UpdateTimeToLiveOutput{TimeToLiveSpecification: spec}, nil
}

// DescribeTimeToLive reports a table's TTL setting.
func (c *Client) DescribeTimeToLive(_ context.Context, input *DescribeTimeToLiveInput) (*DescribeTimeToLiveOutput, error) {
	c.lock()
	defer c.mu.Unlock()

	table, err := c.getTable(aws.ToString(input.TableName))
	if err != nil {
		return nil, err
	}

	if table.TTLAttribute == "" {
		return &DescribeTimeToLiveOutput{TimeToLiveDescription: TimeToLiveDescription{TimeToLiveStatus: string(ddbtypes.TimeToLiveStatusDisabled)}}, nil
	}

	return &DescribeTimeToLiveOutput{TimeToLiveDescription: TimeToLiveDescription{
		AttributeName:    aws.String(table.TTLAttribute),
		TimeToLiveStatus: string(ddbtypes.TimeToLiveStatusEnabled),
	}}, nil
}

// lock takes the client's lock and first deletes the items whose TTL has
// passed, so no request sees an item after its expiry second. (DynamoDB
// deletes them within a few days and may return them until then; here
// expiry is exact, which code written for DynamoDB must tolerate anyway.)
// The cost is that of the expired items, not of the tables.
func (c *Client) lock() {
	c.mu.Lock()

	now := c.now()

	for name, table := range c.tables {
		if table.TTLAttribute == "" {
			continue
		}

		expired := table.ExpiredKeys(now)
		if len(expired) == 0 {
			continue
		}

		table.BeginChanges()

		for _, key := range expired {
			_, _ = table.Delete(&types.DeleteItemInput{Key: key})
		}

		c.logChanges(name, table, table.EndChanges())
	}
}

// describe is DescribeTable's answer: the table is always ACTIVE (it is
// usable as soon as created), with its key schema, attribute definitions,
// item count and indexes.
func (c *Client) describe(name string, table *core.Table) *ddbtypes.TableDescription {
	d := mapTableDescriptionToDDB(table.Description(name))
	d.TableStatus = ddbtypes.TableStatusActive
	d.TableArn = aws.String("arn:aws:dynamodb:ddblocal:000000000000:table/" + name)

	attrs := make([]string, 0, len(table.AttributesDef))
	for a := range table.AttributesDef {
		attrs = append(attrs, a)
	}

	sort.Strings(attrs)

	for _, a := range attrs {
		d.AttributeDefinitions = append(d.AttributeDefinitions, ddbtypes.AttributeDefinition{
			AttributeName: aws.String(a), AttributeType: ddbtypes.ScalarAttributeType(table.AttributesDef[a]),
		})
	}

	if mode := aws.ToString(table.BillingMode); mode != "" {
		d.BillingModeSummary = &ddbtypes.BillingModeSummary{BillingMode: ddbtypes.BillingMode(mode)}
	}

	sort.Slice(d.GlobalSecondaryIndexes, func(i, j int) bool {
		return aws.ToString(d.GlobalSecondaryIndexes[i].IndexName) < aws.ToString(d.GlobalSecondaryIndexes[j].IndexName)
	})
	sort.Slice(d.LocalSecondaryIndexes, func(i, j int) bool {
		return aws.ToString(d.LocalSecondaryIndexes[i].IndexName) < aws.ToString(d.LocalSecondaryIndexes[j].IndexName)
	})

	return d
}
