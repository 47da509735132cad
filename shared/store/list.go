package store

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"docflow/shared/domain"
)

// List page sizes: a limit of zero or less means DefaultListLimit, and
// larger limits are cut to MaxListLimit so one request stays cheap.
const (
	DefaultListLimit = 20
	MaxListLimit     = 100
)

// cursorKey is the LastEvaluatedKey of a byOwner query: the table key and
// the index key of the last document returned.
type cursorKey struct {
	DocumentID string `json:"documentId"`
	Owner      string `json:"owner"`
	CreatedAt  string `json:"createdAt"`
}

func errBadCursor() error {
	return domain.Errorf(domain.CodeInvalidField, "cursor is not one this service issued; start again without it.")
}

func encodeCursor(k cursorKey) string {
	b, _ := json.Marshal(k) // three strings cannot fail to encode
	return base64.RawURLEncoding.EncodeToString(b)
}

// decodeCursor checks a client-supplied cursor: it must be one we issued for
// this owner, so a client cannot steer the query into someone else's items.
func decodeCursor(cursor, owner string) (map[string]types.AttributeValue, error) {
	b, err := base64.RawURLEncoding.DecodeString(cursor)
	if err != nil {
		return nil, errBadCursor()
	}
	var k cursorKey
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&k); err != nil || dec.More() {
		return nil, errBadCursor()
	}
	if k.DocumentID == "" || k.Owner != owner {
		return nil, errBadCursor()
	}
	if t, err := time.Parse(time.RFC3339Nano, k.CreatedAt); err != nil || formatTime(t) != k.CreatedAt {
		return nil, errBadCursor()
	}
	return map[string]types.AttributeValue{
		DocumentKey:         str(k.DocumentID),
		OwnerIndexPartition: str(k.Owner),
		OwnerIndexSort:      str(k.CreatedAt),
	}, nil
}

// ListDocuments returns owner's documents newest first, at most limit of
// them, and a cursor for the next page ("" when there is none).
func (s *Store) ListDocuments(ctx context.Context, owner string, limit int, cursor string) ([]domain.Document, string, error) {
	if limit <= 0 {
		limit = DefaultListLimit
	}
	limit = min(limit, MaxListLimit)
	var start map[string]types.AttributeValue
	if cursor != "" {
		var err error
		if start, err = decodeCursor(cursor, owner); err != nil {
			return nil, "", err
		}
	}
	// One item more than asked tells whether another page exists, so the
	// last page carries no cursor (DynamoDB alone would hand out a cursor to
	// an empty page whenever the items end exactly at the limit).
	out, err := s.db.Query(ctx, &dynamodb.QueryInput{
		TableName:                 aws.String(s.documents),
		IndexName:                 aws.String(OwnerIndex),
		KeyConditionExpression:    aws.String("#owner = :owner"),
		ExpressionAttributeNames:  map[string]string{"#owner": OwnerIndexPartition},
		ExpressionAttributeValues: map[string]types.AttributeValue{":owner": str(owner)},
		ScanIndexForward:          aws.Bool(false),
		Limit:                     aws.Int32(int32(limit + 1)),
		ExclusiveStartKey:         start,
	})
	if err != nil {
		return nil, "", fail(err, "list documents")
	}
	docs := make([]domain.Document, 0, min(len(out.Items), limit))
	for _, item := range out.Items[:min(len(out.Items), limit)] {
		d, err := decodeDocument(item)
		if err != nil {
			return nil, "", fmt.Errorf("list documents: %w", err)
		}
		docs = append(docs, d)
	}
	next := ""
	// A page cut short by DynamoDB's 1 MB limit also has LastEvaluatedKey.
	if len(out.Items) > limit || (len(out.LastEvaluatedKey) > 0 && len(docs) > 0) {
		last := docs[len(docs)-1]
		next = encodeCursor(cursorKey{DocumentID: last.ID, Owner: last.Owner, CreatedAt: formatTime(last.CreatedAt)})
	}
	return docs, next, nil
}
