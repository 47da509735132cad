package server

import (
	"context"
	"errors"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	ddbtypes "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// Tests of what the fork changed, through the real SDK over HTTP.

func sdkClient(url string) *dynamodb.Client {
	return dynamodb.New(dynamodb.Options{
		BaseEndpoint: aws.String(url),
		Region:       "us-east-1",
		Credentials:  credentials.NewStaticCredentialsProvider("test", "test", ""),
		Retryer:      aws.NopRetryer{},
	})
}

func serve(t *testing.T, srv *Server) *dynamodb.Client {
	t.Helper()

	hs := httptest.NewServer(srv)
	t.Cleanup(hs.Close)

	return sdkClient(hs.URL)
}

func s(v string) ddbtypes.AttributeValue { return &ddbtypes.AttributeValueMemberS{Value: v} }
func n(v int64) ddbtypes.AttributeValue {
	return &ddbtypes.AttributeValueMemberN{Value: strconv.FormatInt(v, 10)}
}

// createThings makes table "things": pk/sk, GSI byOwner (owner, createdAt).
func createThings(t *testing.T, db *dynamodb.Client) {
	t.Helper()

	attr := func(name string) ddbtypes.AttributeDefinition {
		return ddbtypes.AttributeDefinition{AttributeName: aws.String(name), AttributeType: ddbtypes.ScalarAttributeTypeS}
	}
	key := func(name string, kt ddbtypes.KeyType) ddbtypes.KeySchemaElement {
		return ddbtypes.KeySchemaElement{AttributeName: aws.String(name), KeyType: kt}
	}

	_, err := db.CreateTable(context.Background(), &dynamodb.CreateTableInput{
		TableName:            aws.String("things"),
		BillingMode:          ddbtypes.BillingModePayPerRequest,
		AttributeDefinitions: []ddbtypes.AttributeDefinition{attr("pk"), attr("sk"), attr("owner"), attr("createdAt")},
		KeySchema:            []ddbtypes.KeySchemaElement{key("pk", ddbtypes.KeyTypeHash), key("sk", ddbtypes.KeyTypeRange)},
		GlobalSecondaryIndexes: []ddbtypes.GlobalSecondaryIndex{{
			IndexName:  aws.String("byOwner"),
			KeySchema:  []ddbtypes.KeySchemaElement{key("owner", ddbtypes.KeyTypeHash), key("createdAt", ddbtypes.KeyTypeRange)},
			Projection: &ddbtypes.Projection{ProjectionType: ddbtypes.ProjectionTypeAll},
		}},
	})
	if err != nil {
		t.Fatalf("create table: %v", err)
	}
}

func thingItem(p, i int) map[string]ddbtypes.AttributeValue {
	return map[string]ddbtypes.AttributeValue{
		"pk": s(fmt.Sprintf("p%03d", p)), "sk": s(fmt.Sprintf("s%03d", i)),
		"owner": s(fmt.Sprintf("o%d", p%3)), "createdAt": s(fmt.Sprintf("2026-%03d-%03d", p, i)),
		"v": n(int64(i)),
	}
}

func put(t *testing.T, db *dynamodb.Client, item map[string]ddbtypes.AttributeValue) {
	t.Helper()

	if _, err := db.PutItem(context.Background(), &dynamodb.PutItemInput{TableName: aws.String("things"), Item: item}); err != nil {
		t.Fatalf("put: %v", err)
	}
}

// dump reads a whole table (Scan, every page) as comparable strings.
func dump(t *testing.T, db *dynamodb.Client) map[string]string {
	t.Helper()

	out := map[string]string{}
	p := dynamodb.NewScanPaginator(db, &dynamodb.ScanInput{TableName: aws.String("things")})

	for p.HasMorePages() {
		page, err := p.NextPage(context.Background())
		if err != nil {
			t.Fatalf("scan: %v", err)
		}

		for _, it := range page.Items {
			k := it["pk"].(*ddbtypes.AttributeValueMemberS).Value + "/" + it["sk"].(*ddbtypes.AttributeValueMemberS).Value
			out[k] = fmt.Sprint(flatten(it))
		}
	}

	return out
}

func flatten(it map[string]ddbtypes.AttributeValue) []string {
	var out []string

	for k, v := range it {
		switch v := v.(type) {
		case *ddbtypes.AttributeValueMemberS:
			out = append(out, k+"=S:"+v.Value)
		case *ddbtypes.AttributeValueMemberN:
			out = append(out, k+"=N:"+v.Value)
		default:
			out = append(out, k+"=?")
		}
	}

	sort.Strings(out)

	return out
}

func queryOwner(t *testing.T, db *dynamodb.Client, owner string) []string {
	t.Helper()

	out, err := db.Query(context.Background(), &dynamodb.QueryInput{
		TableName: aws.String("things"), IndexName: aws.String("byOwner"),
		KeyConditionExpression:    aws.String("#o = :o"),
		ExpressionAttributeNames:  map[string]string{"#o": "owner"},
		ExpressionAttributeValues: map[string]ddbtypes.AttributeValue{":o": s(owner)},
	})
	if err != nil {
		t.Fatalf("query: %v", err)
	}

	var keys []string
	for _, it := range out.Items {
		keys = append(keys, it["pk"].(*ddbtypes.AttributeValueMemberS).Value+"/"+it["sk"].(*ddbtypes.AttributeValueMemberS).Value)
	}

	return keys
}

// TestTransactRollbackRestoresTouchedItems: a transaction that puts,
// updates (moving an item to another index partition) and deletes, then
// fails a condition, leaves the table and its index exactly as before.
func TestTransactRollbackRestoresTouchedItems(t *testing.T) {
	db := serve(t, NewServer())
	createThings(t, db)

	for p := range 6 {
		for i := range 10 {
			put(t, db, thingItem(p, i))
		}
	}

	before := dump(t, db)
	beforeIdx := map[string][]string{}

	for _, o := range []string{"o0", "o1", "o2", "o9"} {
		beforeIdx[o] = queryOwner(t, db, o)
	}

	key := func(p, i int) map[string]ddbtypes.AttributeValue {
		return map[string]ddbtypes.AttributeValue{"pk": s(fmt.Sprintf("p%03d", p)), "sk": s(fmt.Sprintf("s%03d", i))}
	}
	table := aws.String("things")

	_, err := db.TransactWriteItems(context.Background(), &dynamodb.TransactWriteItemsInput{TransactItems: []ddbtypes.TransactWriteItem{
		{Put: &ddbtypes.Put{TableName: table, Item: thingItem(50, 1)}}, // new item
		{Put: &ddbtypes.Put{TableName: table, Item: map[string]ddbtypes.AttributeValue{ // overwrite
			"pk": s("p001"), "sk": s("s001"), "owner": s("o9"), "createdAt": s("x"),
		}}},
		{Update: &ddbtypes.Update{
			TableName: table, Key: key(2, 2), UpdateExpression: aws.String("SET #o = :o, v = v + :one"),
			ExpressionAttributeNames:  map[string]string{"#o": "owner"},
			ExpressionAttributeValues: map[string]ddbtypes.AttributeValue{":o": s("o9"), ":one": n(1)},
		}},
		{Delete: &ddbtypes.Delete{TableName: table, Key: key(3, 3)}},
		{ConditionCheck: &ddbtypes.ConditionCheck{
			TableName: table, Key: key(4, 4), ConditionExpression: aws.String("attribute_not_exists(pk)"),
		}},
	}})

	var tce *ddbtypes.TransactionCanceledException
	if !errors.As(err, &tce) {
		t.Fatalf("transaction: %v, want TransactionCanceledException", err)
	}

	if got := aws.ToString(tce.CancellationReasons[4].Code); got != "ConditionalCheckFailed" {
		t.Errorf("reason 4: %s", got)
	}

	if after := dump(t, db); !reflect.DeepEqual(after, before) {
		for k, v := range after {
			if before[k] != v {
				t.Errorf("%s: %s, was %s", k, v, before[k])
			}
		}

		for k := range before {
			if _, ok := after[k]; !ok {
				t.Errorf("%s: gone", k)
			}
		}
	}

	for o, want := range beforeIdx {
		if got := queryOwner(t, db, o); !reflect.DeepEqual(got, want) {
			t.Errorf("index partition %s: %v, was %v", o, got, want)
		}
	}

	// The same transaction without the failing check commits.
	_, err = db.TransactWriteItems(context.Background(), &dynamodb.TransactWriteItemsInput{TransactItems: []ddbtypes.TransactWriteItem{
		{Put: &ddbtypes.Put{TableName: table, Item: thingItem(50, 1)}},
		{Delete: &ddbtypes.Delete{TableName: table, Key: key(3, 3)}},
	}})
	if err != nil {
		t.Fatalf("transaction: %v", err)
	}

	after := dump(t, db)
	if _, ok := after["p050/s001"]; !ok || len(after) != len(before) {
		t.Errorf("after commit: %d items (p050/s001 present: %v), want %d", len(after), ok, len(before))
	}
}

// TestTimeToLive: after UpdateTimeToLive, items whose TTL is past are gone
// from reads and indexes; others, and items without a number TTL, stay.
func TestTimeToLive(t *testing.T) {
	srv := NewServer()
	now := time.Unix(1_800_000_000, 0)
	srv.client.now = func() time.Time { return now }
	db := serve(t, srv)
	createThings(t, db)
	ctx := context.Background()

	_, err := db.UpdateTimeToLive(ctx, &dynamodb.UpdateTimeToLiveInput{
		TableName:               aws.String("things"),
		TimeToLiveSpecification: &ddbtypes.TimeToLiveSpecification{AttributeName: aws.String("expiresAt"), Enabled: aws.Bool(true)},
	})
	if err != nil {
		t.Fatalf("update ttl: %v", err)
	}

	_, err = db.UpdateTimeToLive(ctx, &dynamodb.UpdateTimeToLiveInput{
		TableName:               aws.String("things"),
		TimeToLiveSpecification: &ddbtypes.TimeToLiveSpecification{AttributeName: aws.String("expiresAt"), Enabled: aws.Bool(true)},
	})
	if err == nil {
		t.Error("enabling TTL twice succeeded")
	}

	desc, err := db.DescribeTimeToLive(ctx, &dynamodb.DescribeTimeToLiveInput{TableName: aws.String("things")})
	if err != nil || desc.TimeToLiveDescription.TimeToLiveStatus != ddbtypes.TimeToLiveStatusEnabled {
		t.Fatalf("describe ttl: %v %+v", err, desc)
	}

	with := func(i int, ttl ddbtypes.AttributeValue) map[string]ddbtypes.AttributeValue {
		it := thingItem(0, i)
		if ttl != nil {
			it["expiresAt"] = ttl
		}

		return it
	}

	put(t, db, with(1, n(now.Unix()-10)))                       // expired
	put(t, db, with(2, n(now.Unix()+10)))                       // expires later
	put(t, db, with(3, nil))                                    // no TTL
	put(t, db, with(4, s("yesterday")))                         // not a number: never
	put(t, db, with(5, n(now.Add(-6*365*24*time.Hour).Unix()))) // > 5 years old: ignored, as DynamoDB
	put(t, db, with(6, n(now.Unix()+5)))                        // rewritten below
	put(t, db, with(6, n(now.Unix()+100)))                      // (the old expiry must not delete it)

	got := dump(t, db)
	if _, ok := got["p000/s001"]; ok {
		t.Error("an expired item is still read")
	}

	if len(got) != 5 {
		t.Errorf("%d items, want 5: %v", len(got), got)
	}

	now = now.Add(20 * time.Second)
	got = dump(t, db)

	for _, k := range []string{"p000/s002"} {
		if _, ok := got[k]; ok {
			t.Errorf("%s outlived its TTL", k)
		}
	}

	for _, k := range []string{"p000/s003", "p000/s004", "p000/s005", "p000/s006"} {
		if _, ok := got[k]; !ok {
			t.Errorf("%s was deleted", k)
		}
	}

	if idx := queryOwner(t, db, "o0"); len(idx) != 4 {
		t.Errorf("index still lists %v", idx)
	}
}

// TestSelectCountListTablesDescribe covers what the aws CLI needs.
func TestSelectCountListTablesDescribe(t *testing.T) {
	db := serve(t, NewServer())
	createThings(t, db)
	ctx := context.Background()

	for i := range 12 {
		put(t, db, thingItem(i%2, i))
	}

	q, err := db.Query(ctx, &dynamodb.QueryInput{
		TableName: aws.String("things"), Select: ddbtypes.SelectCount,
		KeyConditionExpression:    aws.String("pk = :p"),
		FilterExpression:          aws.String("v > :v"),
		ExpressionAttributeValues: map[string]ddbtypes.AttributeValue{":p": s("p000"), ":v": n(5)},
	})
	if err != nil {
		t.Fatalf("query count: %v", err)
	}

	if q.Count != 3 || q.ScannedCount != 6 || len(q.Items) != 0 {
		t.Errorf("query count: Count %d ScannedCount %d Items %d, want 3 6 0", q.Count, q.ScannedCount, len(q.Items))
	}

	sc, err := db.Scan(ctx, &dynamodb.ScanInput{TableName: aws.String("things"), Select: ddbtypes.SelectCount})
	if err != nil {
		t.Fatalf("scan count: %v", err)
	}

	if sc.Count != 12 || sc.ScannedCount != 12 || len(sc.Items) != 0 {
		t.Errorf("scan count: Count %d ScannedCount %d Items %d, want 12 12 0", sc.Count, sc.ScannedCount, len(sc.Items))
	}

	_, err = db.CreateTable(ctx, &dynamodb.CreateTableInput{
		TableName: aws.String("another"), BillingMode: ddbtypes.BillingModePayPerRequest,
		AttributeDefinitions: []ddbtypes.AttributeDefinition{{AttributeName: aws.String("id"), AttributeType: ddbtypes.ScalarAttributeTypeS}},
		KeySchema:            []ddbtypes.KeySchemaElement{{AttributeName: aws.String("id"), KeyType: ddbtypes.KeyTypeHash}},
	})
	if err != nil {
		t.Fatal(err)
	}

	lt, err := db.ListTables(ctx, &dynamodb.ListTablesInput{})
	if err != nil || !reflect.DeepEqual(lt.TableNames, []string{"another", "things"}) {
		t.Errorf("list tables: %v %v", lt, err)
	}

	lt, err = db.ListTables(ctx, &dynamodb.ListTablesInput{Limit: aws.Int32(1)})
	if err != nil || !reflect.DeepEqual(lt.TableNames, []string{"another"}) || aws.ToString(lt.LastEvaluatedTableName) != "another" {
		t.Errorf("list tables page 1: %v %v", lt, err)
	}

	lt, err = db.ListTables(ctx, &dynamodb.ListTablesInput{ExclusiveStartTableName: aws.String("another")})
	if err != nil || !reflect.DeepEqual(lt.TableNames, []string{"things"}) || lt.LastEvaluatedTableName != nil {
		t.Errorf("list tables page 2: %v %v", lt, err)
	}

	d, err := db.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: aws.String("things")})
	if err != nil {
		t.Fatal(err)
	}

	tbl := d.Table
	if tbl.TableStatus != ddbtypes.TableStatusActive || aws.ToInt64(tbl.ItemCount) != 12 || len(tbl.KeySchema) != 2 ||
		len(tbl.AttributeDefinitions) != 4 || len(tbl.GlobalSecondaryIndexes) != 1 ||
		tbl.GlobalSecondaryIndexes[0].IndexStatus != ddbtypes.IndexStatusActive {
		t.Errorf("describe: status %q items %d keys %d attrs %d gsis %+v", tbl.TableStatus, aws.ToInt64(tbl.ItemCount),
			len(tbl.KeySchema), len(tbl.AttributeDefinitions), tbl.GlobalSecondaryIndexes)
	}

	w := dynamodb.NewTableExistsWaiter(db)
	if err := w.Wait(ctx, &dynamodb.DescribeTableInput{TableName: aws.String("things")}, 5*time.Second); err != nil {
		t.Errorf("the SDK's TableExistsWaiter: %v", err)
	}
}

// TestPersistenceSurvivesCrash writes through every write path, abandons
// the server without closing it (as kill -9 would), and reopens the
// directory: everything acknowledged is there, indexes and TTL included.
func TestPersistenceSurvivesCrash(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()

	srv, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}

	db := serve(t, srv)
	createThings(t, db)

	if _, err := db.UpdateTimeToLive(ctx, &dynamodb.UpdateTimeToLiveInput{
		TableName:               aws.String("things"),
		TimeToLiveSpecification: &ddbtypes.TimeToLiveSpecification{AttributeName: aws.String("expiresAt"), Enabled: aws.Bool(true)},
	}); err != nil {
		t.Fatal(err)
	}

	// Concurrent writers share fsyncs; every acknowledged one must survive.
	var wg sync.WaitGroup

	for w := range 8 {
		wg.Add(1)

		go func() {
			defer wg.Done()

			for i := range 25 {
				it := thingItem(w, i)
				if _, err := db.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String("things"), Item: it}); err != nil {
					t.Errorf("put: %v", err)
				}
			}
		}()
	}

	wg.Wait()

	table := aws.String("things")
	soon := time.Now().Add(time.Hour).Unix()

	if _, err := db.UpdateItem(ctx, &dynamodb.UpdateItemInput{
		TableName: table, Key: map[string]ddbtypes.AttributeValue{"pk": s("p001"), "sk": s("s001")},
		UpdateExpression: aws.String("SET #o = :o, expiresAt = :e"), ExpressionAttributeNames: map[string]string{"#o": "owner"},
		ExpressionAttributeValues: map[string]ddbtypes.AttributeValue{":o": s("o9"), ":e": n(soon)},
	}); err != nil {
		t.Fatal(err)
	}

	if _, err := db.DeleteItem(ctx, &dynamodb.DeleteItemInput{TableName: table, Key: map[string]ddbtypes.AttributeValue{"pk": s("p002"), "sk": s("s002")}}); err != nil {
		t.Fatal(err)
	}

	if _, err := db.BatchWriteItem(ctx, &dynamodb.BatchWriteItemInput{RequestItems: map[string][]ddbtypes.WriteRequest{
		"things": {
			{PutRequest: &ddbtypes.PutRequest{Item: thingItem(9, 9)}},
			{DeleteRequest: &ddbtypes.DeleteRequest{Key: map[string]ddbtypes.AttributeValue{"pk": s("p003"), "sk": s("s003")}}},
		},
	}}); err != nil {
		t.Fatal(err)
	}

	if _, err := db.TransactWriteItems(ctx, &dynamodb.TransactWriteItemsInput{TransactItems: []ddbtypes.TransactWriteItem{
		{Put: &ddbtypes.Put{TableName: table, Item: thingItem(10, 1)}},
		{Delete: &ddbtypes.Delete{TableName: table, Key: map[string]ddbtypes.AttributeValue{"pk": s("p004"), "sk": s("s004")}}},
	}}); err != nil {
		t.Fatal(err)
	}

	// A failed transaction changes nothing, before or after a restart.
	_, _ = db.TransactWriteItems(ctx, &dynamodb.TransactWriteItemsInput{TransactItems: []ddbtypes.TransactWriteItem{
		{Put: &ddbtypes.Put{TableName: table, Item: thingItem(11, 1)}},
		{ConditionCheck: &ddbtypes.ConditionCheck{TableName: table, Key: map[string]ddbtypes.AttributeValue{"pk": s("p005"), "sk": s("s005")}, ConditionExpression: aws.String("attribute_not_exists(pk)")}},
	}})

	want := dump(t, db)
	wantIdx := queryOwner(t, db, "o9")

	if len(want) != 8*25-3+2 || len(wantIdx) != 1 {
		t.Fatalf("before the crash: %d items, o9 %v", len(want), wantIdx)
	}

	// Crash: no Close. Then a torn record at the tail (a write cut short,
	// never acknowledged).
	journals, _ := filepath.Glob(filepath.Join(dir, journalPrefix+"*"))
	if len(journals) != 1 {
		t.Fatalf("journals: %v", journals)
	}

	f, err := os.OpenFile(journals[0], os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		t.Fatal(err)
	}

	if _, err := f.WriteString(`{"op":"Write","writes":[{"table":"things","item":{"pk":{"S":"torn"`); err != nil {
		t.Fatal(err)
	}

	f.Close()

	for round := range 2 { // the second reopen reads the compacted snapshot
		srv2, err := Open(dir)
		if err != nil {
			t.Fatalf("reopen %d: %v", round, err)
		}

		db2 := serve(t, srv2)

		if got := dump(t, db2); !reflect.DeepEqual(got, want) {
			t.Errorf("reopen %d: %d items, want %d", round, len(got), len(want))
		}

		if got := queryOwner(t, db2, "o9"); !reflect.DeepEqual(got, wantIdx) {
			t.Errorf("reopen %d: index o9 %v, want %v", round, got, wantIdx)
		}

		d, err := db2.DescribeTimeToLive(ctx, &dynamodb.DescribeTimeToLiveInput{TableName: table})
		if err != nil || d.TimeToLiveDescription.TimeToLiveStatus != ddbtypes.TimeToLiveStatusEnabled {
			t.Errorf("reopen %d: ttl %v %v", round, d, err)
		}

		// TTL works on what was replayed: once its hour is past, the
		// updated item goes.
		srv2.client.mu.Lock()
		srv2.client.now = func() time.Time { return time.Unix(soon+1, 0) }
		srv2.client.mu.Unlock()

		if got := queryOwner(t, db2, "o9"); len(got) != 0 {
			t.Errorf("reopen %d: expired item still indexed: %v", round, got)
		}

		if err := srv2.Close(); err != nil {
			t.Fatal(err)
		}

		delete(want, "p001/s001")
		wantIdx = nil
	}
}

// TestPersistenceRefusesCorruption: a bad record before the last is not
// a torn write; Open refuses rather than lose what follows.
func TestPersistenceRefusesCorruption(t *testing.T) {
	dir := t.TempDir()

	srv, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}

	db := serve(t, srv)
	createThings(t, db)
	put(t, db, thingItem(1, 1))

	journals, _ := filepath.Glob(filepath.Join(dir, journalPrefix+"*"))
	data, err := os.ReadFile(journals[0])
	if err != nil {
		t.Fatal(err)
	}

	data[5] = '#'
	if err := os.WriteFile(journals[0], data, 0o644); err != nil {
		t.Fatal(err)
	}

	if _, err := Open(dir); err == nil {
		t.Fatal("Open accepted a corrupt journal")
	}
}
