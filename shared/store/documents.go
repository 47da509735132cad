package store

import (
	"context"
	"fmt"
	"strconv"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"docflow/shared/domain"
)

func notFoundDocument() error {
	return domain.NoSuchDocument()
}

func documentKey(id string) map[string]types.AttributeValue {
	return map[string]types.AttributeValue{DocumentKey: str(id)}
}

func decodeDocument(item map[string]types.AttributeValue) (domain.Document, error) {
	var d domain.Document
	if err := attributevalue.UnmarshalMap(item, &d); err != nil {
		return domain.Document{}, fmt.Errorf("decode document: %w", err)
	}
	return d, nil
}

// CreateDocument stores d unless a document with its id exists already, in
// which case it returns the stored one and false: the id comes from the
// upload key, so a repeated process_document finds the first job. Zero
// CreatedAt/UpdatedAt are set to now.
func (s *Store) CreateDocument(ctx context.Context, d domain.Document) (domain.Document, bool, error) {
	if d.ID == "" || d.Owner == "" {
		// Key attributes (the GSI's too) cannot be empty in DynamoDB.
		return domain.Document{}, false, fmt.Errorf("create document: id and owner are required")
	}
	now := s.now()
	if d.CreatedAt.IsZero() {
		d.CreatedAt = now
	}
	if d.UpdatedAt.IsZero() {
		d.UpdatedAt = d.CreatedAt
	}
	d.CreatedAt, d.UpdatedAt = d.CreatedAt.UTC(), d.UpdatedAt.UTC()
	item, err := marshalMap(d)
	if err != nil {
		return domain.Document{}, false, fmt.Errorf("create document %s: %w", d.ID, err)
	}
	_, err = s.db.PutItem(ctx, &dynamodb.PutItemInput{
		TableName:                aws.String(s.documents),
		Item:                     item,
		ConditionExpression:      aws.String("attribute_not_exists(#id)"),
		ExpressionAttributeNames: map[string]string{"#id": DocumentKey},
	})
	if _, ok := isConditionFailed(err); ok {
		stored, err := s.GetDocument(ctx, d.ID)
		if err != nil {
			return domain.Document{}, false, fmt.Errorf("create document %s: %w", d.ID, err)
		}
		return stored, false, nil
	}
	if err != nil {
		return domain.Document{}, false, fail(err, "create document %s", d.ID)
	}
	return d, true, nil
}

// GetDocument reads a document with a consistent read, so a status answer
// is never older than the last frame sent.
func (s *Store) GetDocument(ctx context.Context, id string) (domain.Document, error) {
	out, err := s.db.GetItem(ctx, &dynamodb.GetItemInput{
		TableName:      aws.String(s.documents),
		Key:            documentKey(id),
		ConsistentRead: aws.Bool(true),
	})
	if err != nil {
		return domain.Document{}, fail(err, "get document %s", id)
	}
	if len(out.Item) == 0 {
		return domain.Document{}, notFoundDocument()
	}
	return decodeDocument(out.Item)
}

// SetExecutionArn records the Step Functions execution of a document.
func (s *Store) SetExecutionArn(ctx context.Context, id, arn string) error {
	_, err := s.db.UpdateItem(ctx, &dynamodb.UpdateItemInput{
		TableName:                 aws.String(s.documents),
		Key:                       documentKey(id),
		UpdateExpression:          aws.String("SET #arn = :arn"),
		ConditionExpression:       aws.String("attribute_exists(#id)"),
		ExpressionAttributeNames:  map[string]string{"#arn": "executionArn", "#id": DocumentKey},
		ExpressionAttributeValues: map[string]types.AttributeValue{":arn": str(arn)},
	})
	if _, ok := isConditionFailed(err); ok {
		return notFoundDocument()
	}
	if err != nil {
		return fail(err, "set execution arn of document %s", id)
	}
	return nil
}

// Advance moves a document forward by u in one conditional write. It applies
// u only if the document is not terminal and u is a failure or has more
// progress than stored; then it adds one to seq and sets status, stage,
// progress, message, updatedAt (u.At, or now if zero), and summary and
// failure when u has them. A failure with negative Progress (progress.Fail)
// keeps the stored progress, since a failed frame shows how far the
// document got.
//
// It returns the new document and true, or the current document and false
// when u was late or repeated; CodeNotFound if there is no such document.
func (s *Store) Advance(ctx context.Context, id string, u domain.Update) (domain.Document, bool, error) {
	at := u.At
	if at.IsZero() {
		at = s.now()
	}
	names := map[string]string{
		"#id": DocumentKey, "#status": "status", "#stage": "stage", "#message": "message",
		"#updatedAt": "updatedAt", "#seq": "seq",
	}
	values := map[string]types.AttributeValue{
		":status":    str(string(u.Status)),
		":stage":     str(string(u.Stage)),
		":message":   str(u.Message),
		":updatedAt": str(formatTime(at)),
		":one":       &types.AttributeValueMemberN{Value: "1"},
		":complete":  str(string(domain.StatusComplete)),
		":failed":    str(string(domain.StatusFailed)),
	}
	set := "#status = :status, #stage = :stage, #message = :message, #updatedAt = :updatedAt"
	cond := "attribute_exists(#id) AND NOT (#status IN (:complete, :failed))"
	if u.Progress >= 0 {
		names["#progress"] = "progress"
		values[":progress"] = &types.AttributeValueMemberN{Value: strconv.Itoa(u.Progress)}
		set += ", #progress = :progress"
	}
	if u.Status != domain.StatusFailed {
		// The forward rule lives in the condition, not in Go, so two
		// concurrent stages cannot both pass it against the same stored
		// progress.
		if u.Progress < 0 {
			return domain.Document{}, false, fmt.Errorf("advance document %s: progress %d of a %s update", id, u.Progress, u.Status)
		}
		cond += " AND #progress < :progress"
	}
	if u.Summary != nil {
		v, err := marshal(u.Summary)
		if err != nil {
			return domain.Document{}, false, fmt.Errorf("advance document %s: %w", id, err)
		}
		names["#summary"], values[":summary"] = "summary", v
		set += ", #summary = :summary"
	}
	if u.Failure != nil {
		v, err := marshal(u.Failure)
		if err != nil {
			return domain.Document{}, false, fmt.Errorf("advance document %s: %w", id, err)
		}
		names["#failure"], values[":failure"] = "failure", v
		set += ", #failure = :failure"
	}
	out, err := s.db.UpdateItem(ctx, &dynamodb.UpdateItemInput{
		TableName:                           aws.String(s.documents),
		Key:                                 documentKey(id),
		UpdateExpression:                    aws.String("SET " + set + " ADD #seq :one"),
		ConditionExpression:                 aws.String(cond),
		ExpressionAttributeNames:            names,
		ExpressionAttributeValues:           values,
		ReturnValues:                        types.ReturnValueAllNew,
		ReturnValuesOnConditionCheckFailure: types.ReturnValuesOnConditionCheckFailureAllOld,
	})
	if ccf, ok := isConditionFailed(err); ok {
		if len(ccf.Item) > 0 {
			d, err := decodeDocument(ccf.Item)
			return d, false, err
		}
		// No ALL_OLD item: the document is absent, or the endpoint does not
		// return old values; a consistent read tells which.
		d, err := s.GetDocument(ctx, id)
		if err != nil {
			return domain.Document{}, false, err
		}
		return d, false, nil
	}
	if err != nil {
		return domain.Document{}, false, fail(err, "advance document %s to %s", id, u.Stage)
	}
	d, err := decodeDocument(out.Attributes)
	if err != nil {
		return domain.Document{}, false, err
	}
	return d, true, nil
}
