package stack

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http/httptest"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"docflow/shared/store"
	"docflow/shared/store/storetest"
)

// putDocuments writes n documents of owner straight into the documents
// table through the SDK, as the functions' store does.
func putDocuments(t *testing.T, db *dynamodb.Client, owner string, n int) {
	t.Helper()
	for i := range n {
		_, err := db.PutItem(t.Context(), &dynamodb.PutItemInput{
			TableName: aws.String(DocumentsTable),
			Item: map[string]types.AttributeValue{
				store.DocumentKey:         &types.AttributeValueMemberS{Value: fmt.Sprintf("%s-doc-%02d", owner, i)},
				store.OwnerIndexPartition: &types.AttributeValueMemberS{Value: owner},
				store.OwnerIndexSort:      &types.AttributeValueMemberS{Value: fmt.Sprintf("2026-12-01T00:00:%02dZ", i)},
				"status":                  &types.AttributeValueMemberS{Value: []string{"complete", "failed"}[i%2]},
			},
		})
		if err != nil {
			t.Fatalf("put: %v", err)
		}
	}
}

// TestDynamoDBAWSCLIAgainstStack runs the aws CLI's DynamoDB commands a
// newcomer tries against the printed endpoint: list-tables, describe-table
// (ACTIVE, with keys, attributes, item count and an ACTIVE index), and
// query and scan with --select COUNT.
func TestDynamoDBAWSCLIAgainstStack(t *testing.T) {
	if _, err := exec.LookPath("aws"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("aws CLI missing: it is required under CI")
		}
		t.Skip("SKIPPED: aws CLI missing (pip install awscli); the DynamoDB CLI checks did not run")
	}
	s := startStack(t, Config{})
	putDocuments(t, newClients(s.endpoints).dynamo, "alice", 5)
	putDocuments(t, newClients(s.endpoints).dynamo, "bob", 3)

	cli := func(v any, args ...string) {
		t.Helper()
		args = append(args, "--endpoint-url", s.endpoints.DynamoDB, "--region", Region, "--output", "json")
		cmd := exec.CommandContext(t.Context(), "aws", append([]string{"dynamodb"}, args...)...)
		cmd.Env = append(os.Environ(), "AWS_ACCESS_KEY_ID=local", "AWS_SECRET_ACCESS_KEY=local", "AWS_PAGER=",
			"AWS_CONFIG_FILE=/dev/null", "AWS_SHARED_CREDENTIALS_FILE=/dev/null", "AWS_CA_BUNDLE=")
		out, err := cmd.Output()
		if err != nil {
			var stderr string
			if ee, ok := err.(*exec.ExitError); ok {
				stderr = string(ee.Stderr)
			}
			t.Fatalf("aws dynamodb %s: %v\n%s", strings.Join(args, " "), err, stderr)
		}
		if err := json.Unmarshal(out, v); err != nil {
			t.Fatalf("aws dynamodb %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}

	var tables struct{ TableNames []string }
	cli(&tables, "list-tables")
	if strings.Join(tables.TableNames, ",") != ConnectionsTable+","+DocumentsTable+","+QueriesTable {
		t.Errorf("list-tables: %v", tables.TableNames)
	}

	var desc struct {
		Table struct {
			TableStatus            string
			ItemCount              int
			KeySchema              []struct{ AttributeName, KeyType string }
			AttributeDefinitions   []struct{ AttributeName, AttributeType string }
			GlobalSecondaryIndexes []struct {
				IndexName, IndexStatus string
			}
		}
	}
	cli(&desc, "describe-table", "--table-name", DocumentsTable)
	d := desc.Table
	if d.TableStatus != "ACTIVE" || d.ItemCount != 8 || len(d.KeySchema) != 1 || d.KeySchema[0].AttributeName != store.DocumentKey ||
		len(d.AttributeDefinitions) != 3 || len(d.GlobalSecondaryIndexes) != 1 ||
		d.GlobalSecondaryIndexes[0].IndexName != store.OwnerIndex || d.GlobalSecondaryIndexes[0].IndexStatus != "ACTIVE" {
		t.Errorf("describe-table: %+v", d)
	}

	var count struct {
		Count, ScannedCount int
		Items               []any
	}
	cli(&count, "query", "--table-name", DocumentsTable, "--index-name", store.OwnerIndex, "--select", "COUNT",
		"--key-condition-expression", "#o = :o", "--filter-expression", "#s = :s",
		"--expression-attribute-names", `{"#o":"owner","#s":"status"}`,
		"--expression-attribute-values", `{":o":{"S":"alice"},":s":{"S":"complete"}}`)
	if count.Count != 3 || count.ScannedCount != 5 || count.Items != nil {
		t.Errorf("query --select COUNT: %+v, want Count 3, ScannedCount 5, no Items", count)
	}

	count.Count, count.ScannedCount = 0, 0
	cli(&count, "scan", "--table-name", DocumentsTable, "--select", "COUNT")
	if count.Count != 8 || count.ScannedCount != 8 || count.Items != nil {
		t.Errorf("scan --select COUNT: %+v, want Count 8, ScannedCount 8, no Items", count)
	}
}

// TestDynamoDBKeptInDataDir: the stack's DynamoDB on a data directory
// keeps the tables' items, their index and TTL when the process dies
// without closing it, and the stack's table setup accepts the tables it
// finds at the next start. (It opens the DynamoDB as the stack does,
// without the rest of the stack.)
func TestDynamoDBKeptInDataDir(t *testing.T) {
	dir := t.TempDir()
	start := func() *dynamodb.Client {
		t.Helper()
		srv, err := dynamoServer(dir)
		if err != nil {
			t.Fatalf("open: %v", err)
		}
		hs := httptest.NewServer(srv)
		t.Cleanup(hs.Close)
		db := storetest.NewClient(hs.URL)
		if err := store.CreateTables(t.Context(), db, DocumentsTable, ConnectionsTable); err != nil {
			t.Fatalf("create tables: %v", err)
		}
		return db
	}
	putDocuments(t, start(), "alice", 4)
	// No Close: the process is gone, as after kill -9.

	db := start()
	out, err := db.Query(t.Context(), &dynamodb.QueryInput{
		TableName: aws.String(DocumentsTable), IndexName: aws.String(store.OwnerIndex),
		KeyConditionExpression:    aws.String("#o = :o"),
		ExpressionAttributeNames:  map[string]string{"#o": store.OwnerIndexPartition},
		ExpressionAttributeValues: map[string]types.AttributeValue{":o": &types.AttributeValueMemberS{Value: "alice"}},
	})
	if err != nil {
		t.Fatalf("query after restart: %v", err)
	}
	if len(out.Items) != 4 {
		t.Errorf("after restart the owner index lists %d documents, want 4", len(out.Items))
	}
	ttl, err := db.DescribeTimeToLive(t.Context(), &dynamodb.DescribeTimeToLiveInput{TableName: aws.String(ConnectionsTable)})
	if err != nil || ttl.TimeToLiveDescription.TimeToLiveStatus != types.TimeToLiveStatusEnabled ||
		aws.ToString(ttl.TimeToLiveDescription.AttributeName) != store.TTLAttribute {
		t.Errorf("TTL after restart: %+v %v", ttl, err)
	}
}

// TestDocumentOnJournaledDynamoDB processes a document through the whole
// stack on a data directory, then reopens its DynamoDB alone: the
// document's row is there, complete.
func TestDocumentOnJournaledDynamoDB(t *testing.T) {
	dir := t.TempDir()
	s, err := Start(t.Context(), Config{DataDir: dir, Log: io.Discard})
	if err != nil {
		t.Fatal(err)
	}
	w := dialWS(t, s.ClientURL(s.DevToken()))
	up := upload(t, w, "kept.txt", "text/plain", []byte("a document whose record must survive\n"))
	var frames []map[string]any
	w.send(fmt.Sprintf(`{"action":"process_document","document_key":%q,"document_name":"kept.txt"}`, up["document_key"]))
	id := data(w.answer(&frames))["documentId"].(string)
	if last := collect(t, w, id, frames); data(last[len(last)-1])["status"] != "complete" {
		t.Fatalf("document ended %v", last[len(last)-1])
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := s.Close(ctx); err != nil {
		t.Fatalf("close: %v", err)
	}

	srv, err := dynamoServer(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	hs := httptest.NewServer(srv)
	defer hs.Close()
	doc, err := store.New(storetest.NewClient(hs.URL), DocumentsTable, ConnectionsTable).GetDocument(t.Context(), id)
	if err != nil {
		t.Fatalf("document after reopen: %v", err)
	}
	if doc.Status != "complete" {
		t.Errorf("document after reopen: status %q", doc.Status)
	}
}
