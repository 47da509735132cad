package server

import (
	"context"
	"fmt"
	"runtime"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	ddbtypes "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// The benchmarks show a Query's and a transaction's cost independent of
// how many items other partitions hold (compare others=1000 with
// others=100000). Run: go test ./server -run '^$' -bench 'Query|Transact'.

func benchClient(b *testing.B, others int) *Client {
	b.Helper()

	c := NewClient()
	ctx := context.Background()
	sAttr := func(name string) ddbtypes.AttributeDefinition {
		return ddbtypes.AttributeDefinition{AttributeName: aws.String(name), AttributeType: ddbtypes.ScalarAttributeTypeS}
	}
	key := func(name string, kt ddbtypes.KeyType) ddbtypes.KeySchemaElement {
		return ddbtypes.KeySchemaElement{AttributeName: aws.String(name), KeyType: kt}
	}

	if _, err := c.CreateTable(ctx, &CreateTableInput{
		TableName:            aws.String("things"),
		BillingMode:          ddbtypes.BillingModePayPerRequest,
		AttributeDefinitions: []ddbtypes.AttributeDefinition{sAttr("pk"), sAttr("sk"), sAttr("owner"), sAttr("createdAt")},
		KeySchema:            []ddbtypes.KeySchemaElement{key("pk", ddbtypes.KeyTypeHash), key("sk", ddbtypes.KeyTypeRange)},
		GlobalSecondaryIndexes: []ddbtypes.GlobalSecondaryIndex{{
			IndexName:  aws.String("byOwner"),
			KeySchema:  []ddbtypes.KeySchemaElement{key("owner", ddbtypes.KeyTypeHash), key("createdAt", ddbtypes.KeyTypeRange)},
			Projection: &ddbtypes.Projection{ProjectionType: ddbtypes.ProjectionTypeAll},
		}},
	}); err != nil {
		b.Fatal(err)
	}

	// The measured partition: 10 items of pk "target", owner "me".
	for i := range 10 {
		benchPut(b, c, "target", i, "me")
	}

	// Others: one item per partition, each of its own owner (a partition of
	// its own in the index too).
	for i := range others {
		benchPut(b, c, fmt.Sprintf("other-%06d", i), 0, fmt.Sprintf("u%06d", i))
	}

	runtime.GC() // not the fill's garbage in the measurement

	return c
}

func sAV(v string) *AttributeValue { return &AttributeValue{S: aws.String(v)} }

func benchItem(pk string, i int, owner string) map[string]*AttributeValue {
	return map[string]*AttributeValue{
		"pk": sAV(pk), "sk": sAV(fmt.Sprintf("s%03d", i)), "owner": sAV(owner),
		"createdAt": sAV(fmt.Sprintf("2026-01-01T00:00:%02dZ", i%60)), "status": sAV("running"),
	}
}

func benchPut(b *testing.B, c *Client, pk string, i int, owner string) {
	b.Helper()

	if _, err := c.PutItem(context.Background(), &PutItemInput{TableName: aws.String("things"), Item: benchItem(pk, i, owner)}); err != nil {
		b.Fatal(err)
	}
}

var benchSizes = []int{1_000, 100_000}

// cpuTime is the process's user+system CPU time: on a shared machine it
// says more about a loop's cost than the wall clock does.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)

	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// measure runs op in b.Loop and reports CPU ns per op.
func measure(b *testing.B, op func()) {
	b.Helper()

	start := cpuTime()
	n := 0

	for b.Loop() {
		op()
		n++
	}

	b.ReportMetric(float64(cpuTime()-start)/float64(n), "cpu-ns/op")
}

func BenchmarkQuery(b *testing.B) {
	queries := []struct {
		name string
		in   QueryInput
	}{
		{"table", QueryInput{
			TableName: aws.String("things"), KeyConditionExpression: aws.String("pk = :p AND begins_with(sk, :s)"),
			ExpressionAttributeValues: map[string]*AttributeValue{":p": sAV("target"), ":s": sAV("s00")},
		}},
		{"gsi", QueryInput{
			TableName: aws.String("things"), IndexName: aws.String("byOwner"), KeyConditionExpression: aws.String("#o = :o"),
			FilterExpression: aws.String("#st = :st"), ExpressionAttributeNames: map[string]string{"#o": "owner", "#st": "status"},
			ExpressionAttributeValues: map[string]*AttributeValue{":o": sAV("me"), ":st": sAV("running")},
			ScanIndexForward:          aws.Bool(false), Limit: aws.Int32(5),
		}},
	}

	for _, others := range benchSizes {
		c := benchClient(b, others)

		for _, q := range queries {
			b.Run(fmt.Sprintf("%s/others=%d", q.name, others), func(b *testing.B) {
				measure(b, func() {
					in := q.in
					out, err := c.Query(context.Background(), &in)
					if err != nil || len(out.Items) == 0 {
						b.Fatalf("query: %v (%d items)", err, len(out.Items))
					}
				})
			})
		}
	}
}

// BenchmarkTransactWriteItems is the local stack's Subscribe: a condition
// check and two puts of new items.
func BenchmarkTransactWriteItems(b *testing.B) {
	for _, others := range benchSizes {
		c := benchClient(b, others)

		b.Run(fmt.Sprintf("others=%d", others), func(b *testing.B) {
			i := 0

			measure(b, func() {
				i++
				table := aws.String("things")
				_, err := c.TransactWriteItems(context.Background(), &TransactWriteItemsInput{TransactItems: []TransactWriteItem{
					{ConditionCheck: &ConditionCheck{
						TableName: table, Key: map[string]*AttributeValue{"pk": sAV("target"), "sk": sAV("s001")},
						ConditionExpression: aws.String("attribute_exists(pk)"),
					}},
					{Put: &Put{TableName: table, Item: benchItem(fmt.Sprintf("doc-%d", i), 0, "me2")}},
					{Put: &Put{TableName: table, Item: benchItem(fmt.Sprintf("conn-%d", i), 1, "me2")}},
				}})
				if err != nil {
					b.Fatal(err)
				}
			})
		})
	}
}
