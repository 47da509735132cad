package store_test

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"docflow/shared/store"
	"docflow/shared/store/storetest"
)

// TestCreateTables checks the schema that the template must match, and that
// a second call (a local stack restarting on the same DynamoDB) is fine.
func TestCreateTables(t *testing.T) {
	env := storetest.Start(t)
	ctx := t.Context()
	if err := store.CreateTables(ctx, env.Client, storetest.DocumentsTable, storetest.ConnectionsTable); err != nil {
		t.Fatalf("second CreateTables: %v", err)
	}
	keys := func(ks []types.KeySchemaElement) map[string]types.KeyType {
		m := map[string]types.KeyType{}
		for _, k := range ks {
			m[aws.ToString(k.AttributeName)] = k.KeyType
		}
		return m
	}
	docs, err := env.Client.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: aws.String(storetest.DocumentsTable)})
	if err != nil {
		t.Fatal(err)
	}
	conns, err := env.Client.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: aws.String(storetest.ConnectionsTable)})
	if err != nil {
		t.Fatal(err)
	}
	if len(docs.Table.GlobalSecondaryIndexes) != 1 {
		t.Fatalf("documents GSIs = %d, want 1", len(docs.Table.GlobalSecondaryIndexes))
	}
	gsi := docs.Table.GlobalSecondaryIndexes[0]
	tests := []struct {
		name string
		got  map[string]types.KeyType
		want map[string]types.KeyType
	}{
		{"documents", keys(docs.Table.KeySchema), map[string]types.KeyType{store.DocumentKey: types.KeyTypeHash}},
		{"byOwner", keys(gsi.KeySchema), map[string]types.KeyType{
			store.OwnerIndexPartition: types.KeyTypeHash, store.OwnerIndexSort: types.KeyTypeRange}},
		{"connections", keys(conns.Table.KeySchema), map[string]types.KeyType{
			store.ConnectionsPartition: types.KeyTypeHash, store.ConnectionsSort: types.KeyTypeRange}},
	}
	for _, tt := range tests {
		if len(tt.got) != len(tt.want) {
			t.Errorf("%s keys = %v, want %v", tt.name, tt.got, tt.want)
		}
		for k, v := range tt.want {
			if tt.got[k] != v {
				t.Errorf("%s keys = %v, want %v", tt.name, tt.got, tt.want)
			}
		}
	}
	if got, want := aws.ToString(gsi.IndexName), store.OwnerIndex; got != want {
		t.Errorf("GSI name = %q, want %q", got, want)
	}
	if got, want := gsi.Projection.ProjectionType, types.ProjectionTypeAll; got != want {
		t.Errorf("GSI projection = %q, want %q", got, want)
	}
}
