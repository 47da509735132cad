package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"docflow/shared/domain"
)

// Key prefixes and the connection item's sort key in the connections table.
const (
	connPrefix = "CONN#"
	docPrefix  = "DOC#"
	subPrefix  = "SUB#"
	metaSort   = "META"
)

// ConnectionSlack is how long after API Gateway's own limit a connection
// record lives when PutConnection is given no ExpiresAt.
const ConnectionSlack = 10 * time.Minute

// connectionItem is a row of the connections table: the connection (META)
// or one of the two halves of a subscription.
type connectionItem struct {
	PK           string `dynamodbav:"pk"`
	SK           string `dynamodbav:"sk"`
	ConnectionID string `dynamodbav:"connectionId"`
	DocumentID   string `dynamodbav:"documentId,omitempty"`
	Owner        string `dynamodbav:"owner,omitempty"`
	ConnectedAt  string `dynamodbav:"connectedAt,omitempty"`
	// ExpiresAt is the TTL attribute: epoch seconds, as DynamoDB TTL needs.
	ExpiresAt int64 `dynamodbav:"expiresAt"`
}

func connectionKey(pk, sk string) map[string]types.AttributeValue {
	return map[string]types.AttributeValue{ConnectionsPartition: str(pk), ConnectionsSort: str(sk)}
}

func notFoundConnection() error {
	return domain.Errorf(domain.CodeNotFound, "No such connection.")
}

// expired reports whether TTL may already have removed an item: DynamoDB
// deletes expired items lazily, so reads must not trust their presence.
func (s *Store) expired(expiresAt int64) bool { return expiresAt <= s.now().Unix() }

// PutConnection records an open connection. A zero ExpiresAt becomes
// ConnectedAt (or now) + domain.ConnectionLifetime + ConnectionSlack.
func (s *Store) PutConnection(ctx context.Context, c domain.Connection) error {
	if c.ID == "" {
		return fmt.Errorf("put connection: id is required")
	}
	if c.ConnectedAt.IsZero() {
		c.ConnectedAt = s.now()
	}
	if c.ExpiresAt.IsZero() {
		c.ExpiresAt = c.ConnectedAt.Add(domain.ConnectionLifetime + ConnectionSlack)
	}
	item, err := attributevalue.MarshalMap(connectionItem{
		PK: connPrefix + c.ID, SK: metaSort, ConnectionID: c.ID, Owner: c.Owner,
		ConnectedAt: formatTime(c.ConnectedAt), ExpiresAt: c.ExpiresAt.Unix(),
	})
	if err != nil {
		return fmt.Errorf("put connection %s: %w", c.ID, err)
	}
	if _, err := s.db.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String(s.connections), Item: item}); err != nil {
		return fail(err, "put connection %s", c.ID)
	}
	return nil
}

// GetConnection reads a connection; CodeNotFound if absent or expired.
func (s *Store) GetConnection(ctx context.Context, id string) (domain.Connection, error) {
	out, err := s.db.GetItem(ctx, &dynamodb.GetItemInput{
		TableName:      aws.String(s.connections),
		Key:            connectionKey(connPrefix+id, metaSort),
		ConsistentRead: aws.Bool(true),
	})
	if err != nil {
		return domain.Connection{}, fail(err, "get connection %s", id)
	}
	if len(out.Item) == 0 {
		return domain.Connection{}, notFoundConnection()
	}
	var it connectionItem
	if err := attributevalue.UnmarshalMap(out.Item, &it); err != nil {
		return domain.Connection{}, fmt.Errorf("decode connection %s: %w", id, err)
	}
	if s.expired(it.ExpiresAt) {
		return domain.Connection{}, notFoundConnection()
	}
	connectedAt, err := time.Parse(time.RFC3339Nano, it.ConnectedAt)
	if err != nil {
		return domain.Connection{}, fmt.Errorf("decode connection %s: connectedAt: %w", id, err)
	}
	return domain.Connection{
		ID: it.ConnectionID, Owner: it.Owner,
		ConnectedAt: connectedAt.UTC(), ExpiresAt: time.Unix(it.ExpiresAt, 0).UTC(),
	}, nil
}

// Subscribe sends documentID's frames to connectionID from now on. The
// subscription expires with the connection; CodeNotFound if the connection
// is unknown or went away meanwhile.
func (s *Store) Subscribe(ctx context.Context, connectionID, documentID string) error {
	c, err := s.GetConnection(ctx, connectionID)
	if err != nil {
		return fmt.Errorf("subscribe %s to %s: %w", connectionID, documentID, err)
	}
	put := func(pk, sk string) (*types.TransactWriteItem, error) {
		item, err := attributevalue.MarshalMap(connectionItem{
			PK: pk, SK: sk, ConnectionID: connectionID, DocumentID: documentID, ExpiresAt: c.ExpiresAt.Unix(),
		})
		if err != nil {
			return nil, err
		}
		return &types.TransactWriteItem{Put: &types.Put{TableName: aws.String(s.connections), Item: item}}, nil
	}
	byDoc, err := put(docPrefix+documentID, connPrefix+connectionID)
	if err != nil {
		return fmt.Errorf("subscribe %s to %s: %w", connectionID, documentID, err)
	}
	byConn, err := put(connPrefix+connectionID, subPrefix+documentID)
	if err != nil {
		return fmt.Errorf("subscribe %s to %s: %w", connectionID, documentID, err)
	}
	// The condition on the connection item closes the race with
	// $disconnect: a subscription is never written for a connection whose
	// record DeleteConnection has removed.
	_, err = s.db.TransactWriteItems(ctx, &dynamodb.TransactWriteItemsInput{TransactItems: []types.TransactWriteItem{
		{ConditionCheck: &types.ConditionCheck{
			TableName:                aws.String(s.connections),
			Key:                      connectionKey(connPrefix+connectionID, metaSort),
			ConditionExpression:      aws.String("attribute_exists(#pk)"),
			ExpressionAttributeNames: map[string]string{"#pk": ConnectionsPartition},
		}},
		*byDoc, *byConn,
	}})
	if tce, ok := errors.AsType[*types.TransactionCanceledException](err); ok && len(tce.CancellationReasons) > 0 &&
		aws.ToString(tce.CancellationReasons[0].Code) == "ConditionalCheckFailed" {
		return notFoundConnection()
	}
	if err != nil {
		return fail(err, "subscribe %s to %s", connectionID, documentID)
	}
	return nil
}

// Subscribers returns the ids of the live connections subscribed to a
// document.
func (s *Store) Subscribers(ctx context.Context, documentID string) ([]string, error) {
	items, err := s.queryPartition(ctx, docPrefix+documentID)
	if err != nil {
		return nil, fmt.Errorf("subscribers of %s: %w", documentID, err)
	}
	ids := make([]string, 0, len(items))
	for _, it := range items {
		if !s.expired(it.ExpiresAt) {
			ids = append(ids, it.ConnectionID)
		}
	}
	return ids, nil
}

// DeleteConnection forgets a connection and all its subscriptions. It is
// idempotent: deleting an unknown connection is not an error.
func (s *Store) DeleteConnection(ctx context.Context, id string) error {
	items, err := s.queryPartition(ctx, connPrefix+id)
	if err != nil {
		return fmt.Errorf("delete connection %s: %w", id, err)
	}
	// The document-side halves go first: the connection-side items are how
	// a retry finds them again if this call fails part way.
	var byDoc, byConn []map[string]types.AttributeValue
	for _, it := range items {
		if docID, ok := strings.CutPrefix(it.SK, subPrefix); ok {
			byDoc = append(byDoc, connectionKey(docPrefix+docID, connPrefix+id))
		}
		byConn = append(byConn, connectionKey(it.PK, it.SK))
	}
	if err := s.batchDelete(ctx, byDoc); err != nil {
		return fmt.Errorf("delete connection %s: %w", id, err)
	}
	if err := s.batchDelete(ctx, byConn); err != nil {
		return fmt.Errorf("delete connection %s: %w", id, err)
	}
	return nil
}

// queryPartition reads every item of one connections-table partition.
func (s *Store) queryPartition(ctx context.Context, pk string) ([]connectionItem, error) {
	var all []connectionItem
	p := dynamodb.NewQueryPaginator(s.db, &dynamodb.QueryInput{
		TableName:                 aws.String(s.connections),
		KeyConditionExpression:    aws.String("#pk = :pk"),
		ExpressionAttributeNames:  map[string]string{"#pk": ConnectionsPartition},
		ExpressionAttributeValues: map[string]types.AttributeValue{":pk": str(pk)},
		ConsistentRead:            aws.Bool(true),
	})
	for p.HasMorePages() {
		out, err := p.NextPage(ctx)
		if err != nil {
			return nil, fail(err, "query %s", pk)
		}
		var page []connectionItem
		if err := attributevalue.UnmarshalListOfMaps(out.Items, &page); err != nil {
			return nil, fmt.Errorf("decode %s: %w", pk, err)
		}
		all = append(all, page...)
	}
	return all, nil
}

// Unprocessed BatchWriteItem items are retried this many rounds, with
// exponential backoff from batchBackoff, as the DynamoDB docs advise.
const (
	batchRounds  = 8
	batchBackoff = 25 * time.Millisecond
	batchSize    = 25 // BatchWriteItem's limit
)

// batchDelete deletes keys from the connections table.
func (s *Store) batchDelete(ctx context.Context, keys []map[string]types.AttributeValue) error {
	for len(keys) > 0 {
		n := min(len(keys), batchSize)
		reqs := make([]types.WriteRequest, n)
		for i, k := range keys[:n] {
			reqs[i] = types.WriteRequest{DeleteRequest: &types.DeleteRequest{Key: k}}
		}
		keys = keys[n:]
		for round := 0; len(reqs) > 0; round++ {
			if round == batchRounds {
				return fail(fmt.Errorf("%d items still unprocessed after %d rounds", len(reqs), batchRounds), "batch delete")
			}
			if round > 0 {
				if err := s.sleep(ctx, batchBackoff<<(round-1)); err != nil {
					return fail(err, "batch delete")
				}
			}
			out, err := s.db.BatchWriteItem(ctx, &dynamodb.BatchWriteItemInput{
				RequestItems: map[string][]types.WriteRequest{s.connections: reqs},
			})
			if err != nil {
				return fail(err, "batch delete")
			}
			reqs = out.UnprocessedItems[s.connections]
		}
	}
	return nil
}
