package store

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"docflow/shared/domain"
)

// Key schema of the queries table (QUERIES_TABLE):
//
//	partition key  owner    S
//	sort key       queryId  S
//	TTL attribute  expiresAt (N, epoch seconds; TTLAttribute)
//
// One item per question, the attributes of domain.Query. Keying by owner
// makes a client's query_id an idempotency key per user, and a get by
// (owner, queryId) can only ever find the caller's own question.
const (
	QueriesPartition = "owner"
	QueriesSort      = "queryId"
)

// QueriesDB is the part of *dynamodb.Client that Queries uses.
type QueriesDB interface {
	GetItem(ctx context.Context, in *dynamodb.GetItemInput, optFns ...func(*dynamodb.Options)) (*dynamodb.GetItemOutput, error)
	PutItem(ctx context.Context, in *dynamodb.PutItemInput, optFns ...func(*dynamodb.Options)) (*dynamodb.PutItemOutput, error)
	UpdateItem(ctx context.Context, in *dynamodb.UpdateItemInput, optFns ...func(*dynamodb.Options)) (*dynamodb.UpdateItemOutput, error)
	DeleteItem(ctx context.Context, in *dynamodb.DeleteItemInput, optFns ...func(*dynamodb.Options)) (*dynamodb.DeleteItemOutput, error)
}

var _ QueriesDB = (*dynamodb.Client)(nil)

// DefaultQueryTTL is how long a question's record is kept for get_answer.
const DefaultQueryTTL = 7 * 24 * time.Hour

// Queries keeps question records in the queries table. Every write but the
// first is conditional on the attempt, so an older SQS delivery that wakes up
// late never overwrites what a newer one recorded, and nothing changes a
// finished question.
type Queries struct {
	db    QueriesDB
	table string
	ttl   time.Duration
	now   func() time.Time
}

// NewQueries returns Queries over db using the named table, keeping records
// DefaultQueryTTL.
func NewQueries(db QueriesDB, table string) *Queries {
	return &Queries{db: db, table: table, ttl: DefaultQueryTTL, now: time.Now}
}

// queryItem is a row of the queries table: the query with its TTL as epoch
// seconds, which is what DynamoDB TTL reads.
type queryItem struct {
	domain.Query
	ExpiresAt int64 `dynamodbav:"expiresAt"`
}

func queryKey(owner, id string) map[string]types.AttributeValue {
	return map[string]types.AttributeValue{QueriesPartition: str(owner), QueriesSort: str(id)}
}

func decodeQuery(item map[string]types.AttributeValue) (domain.Query, error) {
	var it queryItem
	if err := attributevalue.UnmarshalMap(item, &it); err != nil {
		return domain.Query{}, fmt.Errorf("decode query: %w", err)
	}
	q := it.Query
	q.ExpiresAt = time.Unix(it.ExpiresAt, 0).UTC()
	return q, nil
}

// NoSuchQuery is the answer for a question that does not exist and for one
// of another user: they read the same.
func NoSuchQuery() error { return domain.Errorf(domain.CodeNotFound, "No such question.") }

// PutQueued records q as queued (attempt 0) unless the owner has a question
// with that id already; then it returns the stored one and false, so a
// retried invoke with the same query_id does not queue a second run. Zero
// times become now; ExpiresAt becomes CreatedAt + the TTL.
func (s *Queries) PutQueued(ctx context.Context, q domain.Query) (domain.Query, bool, error) {
	if q.Owner == "" || q.ID == "" {
		return domain.Query{}, false, fmt.Errorf("put query: owner and id are required")
	}
	if q.CreatedAt.IsZero() {
		q.CreatedAt = s.now()
	}
	q.CreatedAt = q.CreatedAt.UTC()
	q.UpdatedAt = q.CreatedAt
	q.Status, q.Attempt = domain.QueryQueued, 0
	if q.ExpiresAt.IsZero() {
		q.ExpiresAt = q.CreatedAt.Add(s.ttl)
	}
	item, err := marshalMap(queryItem{Query: q, ExpiresAt: q.ExpiresAt.Unix()})
	if err != nil {
		return domain.Query{}, false, fmt.Errorf("put query %s: %w", q.ID, err)
	}
	_, err = s.db.PutItem(ctx, &dynamodb.PutItemInput{
		TableName:                aws.String(s.table),
		Item:                     item,
		ConditionExpression:      aws.String("attribute_not_exists(#id)"),
		ExpressionAttributeNames: map[string]string{"#id": QueriesSort},
	})
	if _, ok := isConditionFailed(err); ok {
		stored, err := s.Get(ctx, q.Owner, q.ID)
		if err != nil {
			return domain.Query{}, false, fmt.Errorf("put query %s: %w", q.ID, err)
		}
		return stored, false, nil
	}
	if err != nil {
		return domain.Query{}, false, fail(err, "put query %s", q.ID)
	}
	return q, true, nil
}

// Get reads the owner's question id (consistent read). Another owner's
// question is simply not under this key: NoSuchQuery.
func (s *Queries) Get(ctx context.Context, owner, id string) (domain.Query, error) {
	out, err := s.db.GetItem(ctx, &dynamodb.GetItemInput{
		TableName:      aws.String(s.table),
		Key:            queryKey(owner, id),
		ConsistentRead: aws.Bool(true),
	})
	if err != nil {
		return domain.Query{}, fail(err, "get query %s", id)
	}
	if len(out.Item) == 0 {
		return domain.Query{}, NoSuchQuery()
	}
	q, err := decodeQuery(out.Item)
	if err != nil {
		return domain.Query{}, err
	}
	if !q.ExpiresAt.After(s.now()) {
		// TTL deletes lazily; an expired record is gone for clients.
		return domain.Query{}, NoSuchQuery()
	}
	return q, nil
}

// DeleteQueued forgets a question that is still queued, for an invoke
// whose SendMessage failed: the client's retry with the same query_id
// must queue it again rather than find a record nobody will answer.
func (s *Queries) DeleteQueued(ctx context.Context, owner, id string) error {
	_, err := s.db.DeleteItem(ctx, &dynamodb.DeleteItemInput{
		TableName:                 aws.String(s.table),
		Key:                       queryKey(owner, id),
		ConditionExpression:       aws.String("#status = :queued"),
		ExpressionAttributeNames:  map[string]string{"#status": "status"},
		ExpressionAttributeValues: map[string]types.AttributeValue{":queued": str(string(domain.QueryQueued))},
	})
	if _, ok := isConditionFailed(err); ok {
		return nil // already picked up or gone: nothing to undo
	}
	if err != nil {
		return fail(err, "delete query %s", id)
	}
	return nil
}

// MarkAnswering records that attempt is answering the question. It applies
// only if the question exists, is not finished, and attempt is newer than
// the stored one. Otherwise it returns the stored record and false: the
// question is finished (a repeated delivery), or a newer attempt owns it.
func (s *Queries) MarkAnswering(ctx context.Context, owner, id string, attempt int) (domain.Query, bool, error) {
	now := s.now().UTC()
	return s.update(ctx, owner, id, "mark query %s answering",
		"SET #status = :answering, #attempt = :a, #updated = :now",
		"attribute_exists(#id) AND #status IN (:queued, :answering) AND #attempt < :a",
		map[string]string{"#id": QueriesSort, "#status": "status", "#attempt": "attempt", "#updated": "updatedAt"},
		map[string]types.AttributeValue{
			":answering": str(string(domain.QueryAnswering)), ":queued": str(string(domain.QueryQueued)),
			":a": num(attempt), ":now": str(formatTime(now)),
		})
}

// Complete records attempt's answer. It applies only while attempt is the
// one answering, so a stale attempt's answer is dropped (false).
func (s *Queries) Complete(ctx context.Context, owner, id string, attempt, seq int, answer string, citations []domain.Citation, sessionID string) (domain.Query, bool, error) {
	names := map[string]string{"#status": "status", "#attempt": "attempt", "#updated": "updatedAt",
		"#answer": "answer", "#citations": "citations", "#seq": "seq"}
	values := map[string]types.AttributeValue{
		":complete": str(string(domain.QueryComplete)), ":answering": str(string(domain.QueryAnswering)),
		":a": num(attempt), ":seq": num(seq), ":answer": str(answer), ":now": str(formatTime(s.now())),
	}
	set := "SET #status = :complete, #updated = :now, #answer = :answer, #seq = :seq"
	if sessionID != "" {
		set += ", #session = :session"
		names["#session"], values[":session"] = "sessionId", str(sessionID)
	}
	if len(citations) > 0 {
		cites, err := marshal(citations)
		if err != nil {
			return domain.Query{}, false, fmt.Errorf("complete query %s: %w", id, err)
		}
		set += ", #citations = :citations"
		values[":citations"] = cites
	} else {
		// No citations is no attribute, as the record type's omitempty
		// writes it (an empty list trips some DynamoDB emulators).
		set += " REMOVE #citations"
	}
	return s.update(ctx, owner, id, "complete query %s", set, "#status = :answering AND #attempt = :a", names, values)
}

// Fail records that the question failed for good at attempt. It applies to
// a question not yet finished whose stored attempt is not newer; code and
// message are what the client is told.
func (s *Queries) Fail(ctx context.Context, owner, id string, attempt int, code domain.Code, message string) (domain.Query, bool, error) {
	return s.update(ctx, owner, id, "fail query %s",
		"SET #status = :failed, #attempt = :a, #updated = :now, #code = :code, #message = :message",
		"attribute_exists(#id) AND #status IN (:queued, :answering) AND #attempt <= :a",
		map[string]string{"#id": QueriesSort, "#status": "status", "#attempt": "attempt", "#updated": "updatedAt",
			"#code": "failureCode", "#message": "failureMessage"},
		map[string]types.AttributeValue{
			":failed": str(string(domain.QueryFailed)), ":queued": str(string(domain.QueryQueued)),
			":answering": str(string(domain.QueryAnswering)), ":a": num(attempt),
			":code": str(string(code)), ":message": str(message), ":now": str(formatTime(s.now())),
		})
}

// update applies one conditional UpdateItem and returns the new record and
// true, or the stored record and false when the condition failed
// (NoSuchQuery when there is none).
func (s *Queries) update(ctx context.Context, owner, id, op, set, cond string, names map[string]string, values map[string]types.AttributeValue) (domain.Query, bool, error) {
	if _, ok := names["#id"]; !ok {
		cond = "attribute_exists(#id) AND " + cond
		names["#id"] = QueriesSort
	}
	out, err := s.db.UpdateItem(ctx, &dynamodb.UpdateItemInput{
		TableName:                           aws.String(s.table),
		Key:                                 queryKey(owner, id),
		UpdateExpression:                    aws.String(set),
		ConditionExpression:                 aws.String(cond),
		ExpressionAttributeNames:            names,
		ExpressionAttributeValues:           values,
		ReturnValues:                        types.ReturnValueAllNew,
		ReturnValuesOnConditionCheckFailure: types.ReturnValuesOnConditionCheckFailureAllOld,
	})
	if ccf, ok := isConditionFailed(err); ok {
		if len(ccf.Item) == 0 {
			// Not every DynamoDB emulator returns the old item; read it.
			stored, err := s.Get(ctx, owner, id)
			if err != nil {
				return domain.Query{}, false, fmt.Errorf(op+": %w", id, err)
			}
			return stored, false, nil
		}
		stored, err := decodeQuery(ccf.Item)
		return stored, false, err
	}
	if err != nil {
		return domain.Query{}, false, fail(err, op, id)
	}
	q, err := decodeQuery(out.Attributes)
	return q, err == nil, err
}

func num(n int) types.AttributeValue { return &types.AttributeValueMemberN{Value: strconv.Itoa(n)} }

// sessionPrefix keys the markers of an owner's conversations in the
// queries table; '#' cannot occur in a client's query_id, so the two never
// meet.
const sessionPrefix = "SESSION#"

// PutSession records that sessionID (a Bedrock conversation) is owner's,
// for as long as a question's record lives.
func (s *Queries) PutSession(ctx context.Context, owner, sessionID string) error {
	now := s.now().UTC()
	item, err := marshalMap(queryItem{
		Query:     domain.Query{Owner: owner, ID: sessionPrefix + sessionID, CreatedAt: now, UpdatedAt: now},
		ExpiresAt: now.Add(s.ttl).Unix(),
	})
	if err != nil {
		return fmt.Errorf("put session: %w", err)
	}
	if _, err := s.db.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String(s.table), Item: item}); err != nil {
		return fail(err, "put session of %s", owner)
	}
	return nil
}

// HasSession reports whether sessionID is a conversation of owner's, so a
// follow-up question can never continue another user's conversation.
func (s *Queries) HasSession(ctx context.Context, owner, sessionID string) (bool, error) {
	_, err := s.Get(ctx, owner, sessionPrefix+sessionID)
	if domain.ErrorCode(err) == domain.CodeNotFound {
		return false, nil
	}
	return err == nil, err
}
