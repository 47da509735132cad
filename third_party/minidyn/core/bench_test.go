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
			if _, err := tbl.Put(&types.PutItemInput{Item: other(i)}); err != nil {
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

// BenchmarkTransactionUndo measures a failed transaction of three writes
// undone with the per-item change log (BeginChanges, Rollback), and the
// same plus the deep copy of the whole table (Snapshot) that upstream took
// before every transaction, with 1,000 or 100,000 other items.
// Run: go test ./core -run '^$' -bench TransactionUndo -benchtime 1s
func BenchmarkTransactionUndo(b *testing.B) {
	writes := func(tbl *Table) {
		for i := range 3 {
			if _, err := tbl.Put(&types.PutItemInput{Item: thing(0, 100+i)}); err != nil {
				b.Fatal(err)
			}
		}
	}

	for _, others := range []int{1_000, 100_000} {
		tbl := newPartitionedTable(b)
		for i := range others {
			if _, err := tbl.Put(&types.PutItemInput{Item: other(i)}); err != nil {
				b.Fatal(err)
			}
		}

		b.Run(fmt.Sprintf("changelog/others=%d", others), func(b *testing.B) {
			for b.Loop() {
				tbl.BeginChanges()
				writes(tbl)
				tbl.Rollback()
			}

			if len(tbl.Data) != others {
				b.Fatalf("%d items after rollback", len(tbl.Data))
			}
		})

		b.Run(fmt.Sprintf("upstream-snapshot/others=%d", others), func(b *testing.B) {
			for b.Loop() {
				tbl.BeginChanges()
				snap := tbl.Snapshot() // upstream's deep copy, on every transaction
				writes(tbl)
				tbl.Rollback()

				_ = snap
			}

			if len(tbl.Data) != others {
				b.Fatalf("%d items after rollback", len(tbl.Data))
			}
		})
	}
}

// other is the i-th item of the other partitions: a partition of its own
// in the table and in every index. (Writes cost the size of the index
// partitions they land in: a sorted slice per partition.)
func other(i int) map[string]*types.Item {
	it := thing(1+i, 0)
	it["owner"] = sv(fmt.Sprintf("u%06d", i))
	it["grp"] = nv(1000 + i)

	return it
}
