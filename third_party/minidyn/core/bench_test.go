package core

import (
	"fmt"
	"testing"

	"github.com/truora/minidyn/types"
)

// BenchmarkQueryPartitionVsFullSearch compares the partition Query with
// upstream's full search on a table whose other partitions hold 1,000 or
// 100,000 items; items-read/op counts the stored items each one reads.
// Run: go test ./core -run '^$' -bench QueryPartitionVsFullSearch -benchtime 20x
func BenchmarkQueryPartitionVsFullSearch(b *testing.B) {
	for _, others := range []int{1_000, 100_000} {
		tbl := newPartitionedTable(b)

		for i := range 10 {
			if _, err := tbl.Put(&types.PutItemInput{Item: thing(0, i)}); err != nil {
				b.Fatal(err)
			}
		}

		for i := range others {
			it := thing(1+i, 0)
			if _, err := tbl.Put(&types.PutItemInput{Item: it}); err != nil {
				b.Fatal(err)
			}
		}

		in := QueryInput{
			KeyConditionExpression:    "pk = :p AND begins_with(sk, :s)",
			ExpressionAttributeValues: map[string]*types.Item{":p": sv("p000"), ":s": sv("item-00")},
			ScanIndexForward:          true,
		}

		b.Run(fmt.Sprintf("partition/others=%d", others), func(b *testing.B) {
			for b.Loop() {
				r, ok, err := tbl.queryPartition(in, nil)
				if !ok || err != nil || len(r.Items) != 10 {
					b.Fatalf("ok %v err %v items %d", ok, err, len(r.Items))
				}
			}

			b.ReportMetric(float64(len(tbl.parts["p000"])), "items-read/op")
		})

		b.Run(fmt.Sprintf("upstream-full-search/others=%d", others), func(b *testing.B) {
			for b.Loop() {
				r, err := tbl.searchAll(in, nil)
				if err != nil || len(r.Items) != 10 {
					b.Fatalf("err %v items %d", err, len(r.Items))
				}
			}

			b.ReportMetric(float64(len(tbl.Data)), "items-read/op")
		})
	}
}
