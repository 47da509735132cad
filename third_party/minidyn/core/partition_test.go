package core

import (
	"fmt"
	"reflect"
	"testing"

	"github.com/truora/minidyn/interpreter"
	"github.com/truora/minidyn/types"
)

func str(s string) *string { return &s }

func sv(s string) *types.Item { return &types.Item{S: str(s)} }
func nv(n int) *types.Item    { return &types.Item{N: str(fmt.Sprint(n))} }

// newPartitionedTable is a table with a sort key, two GSIs (one over
// numbers, KEYS_ONLY) and an LSI, as the differential tests use.
func newPartitionedTable(t testing.TB) *Table {
	t.Helper()

	tbl := NewTable("things")
	tbl.BillingMode = str("PAY_PER_REQUEST")
	tbl.SetAttributeDefinition([]*types.AttributeDefinition{
		{AttributeName: str("pk"), AttributeType: str("S")},
		{AttributeName: str("sk"), AttributeType: str("S")},
		{AttributeName: str("owner"), AttributeType: str("S")},
		{AttributeName: str("createdAt"), AttributeType: str("S")},
		{AttributeName: str("grp"), AttributeType: str("N")},
		{AttributeName: str("score"), AttributeType: str("N")},
		{AttributeName: str("size"), AttributeType: str("N")},
	})

	ks := func(h, r string) []*types.KeySchemaElement {
		return []*types.KeySchemaElement{{AttributeName: h, KeyType: "HASH"}, {AttributeName: r, KeyType: "RANGE"}}
	}

	if err := tbl.CreatePrimaryIndex(&types.CreateTableInput{KeySchema: ks("pk", "sk")}); err != nil {
		t.Fatal(err)
	}

	if err := tbl.AddGlobalIndexes([]*types.GlobalSecondaryIndex{
		{IndexName: str("byOwner"), KeySchema: ks("owner", "createdAt"), Projection: &types.Projection{ProjectionType: str("ALL")}},
		{IndexName: str("byGroup"), KeySchema: ks("grp", "score"), Projection: &types.Projection{ProjectionType: str("KEYS_ONLY")}},
	}); err != nil {
		t.Fatal(err)
	}

	if err := tbl.AddLocalIndexes([]*types.LocalSecondaryIndex{
		{IndexName: str("bySize"), KeySchema: ks("pk", "size"), Projection: &types.Projection{ProjectionType: str("ALL")}},
	}); err != nil {
		t.Fatal(err)
	}

	return tbl
}

// thing is item i of partition p; every seventh has no owner (a sparse
// index entry).
func thing(p, i int) map[string]*types.Item {
	item := map[string]*types.Item{
		"pk":        sv(fmt.Sprintf("p%03d", p)),
		"sk":        sv(fmt.Sprintf("item-%03d", i)),
		"createdAt": sv(fmt.Sprintf("2026-01-%02dT%02d:00:00Z", 1+i%28, (p+i)%24)),
		"grp":       nv(p % 5),
		"score":     nv((p*31 + i*17) % 100),
		"size":      nv(i * 3 % 50),
		"status":    sv([]string{"done", "failed", "running"}[i%3]),
	}
	if i%7 != 0 {
		item["owner"] = sv(fmt.Sprintf("o%d", (p+i)%4))
	}

	return item
}

func fill(t testing.TB, tbl *Table, partitions, perPartition int) {
	t.Helper()

	for p := range partitions {
		for i := range perPartition {
			if _, err := tbl.Put(&types.PutItemInput{Item: thing(p, i)}); err != nil {
				t.Fatal(err)
			}
		}
	}
}

type queryCase struct {
	name, index, key, filter string
	values                   map[string]*types.Item
}

var queryCases = []queryCase{
	{name: "table =", key: "pk = :p", values: map[string]*types.Item{":p": sv("p007")}},
	{name: "table begins_with", key: "pk = :p AND begins_with(sk, :s)", values: map[string]*types.Item{":p": sv("p003"), ":s": sv("item-01")}},
	{name: "table between", key: "pk = :p AND sk BETWEEN :a AND :b", values: map[string]*types.Item{":p": sv("p011"), ":a": sv("item-005"), ":b": sv("item-021")}},
	{name: "table <", key: "pk = :p AND sk < :s", values: map[string]*types.Item{":p": sv("p001"), ":s": sv("item-013")}},
	{name: "table >=", key: "sk >= :s AND pk = :p", values: map[string]*types.Item{":p": sv("p019"), ":s": sv("item-025")}},
	{name: "table = sort", key: "pk = :p AND sk = :s", values: map[string]*types.Item{":p": sv("p002"), ":s": sv("item-004")}},
	{name: "table missing partition", key: "pk = :p", values: map[string]*types.Item{":p": sv("nope")}},
	{name: "table filter", key: "#p = :p", filter: "#st <> :st", values: map[string]*types.Item{":p": sv("p005"), ":st": sv("failed")}},
	{name: "gsi =", index: "byOwner", key: "#o = :o", values: map[string]*types.Item{":o": sv("o1")}},
	{name: "gsi begins_with", index: "byOwner", key: "#o = :o AND begins_with(createdAt, :c)", values: map[string]*types.Item{":o": sv("o2"), ":c": sv("2026-01-1")}},
	{name: "gsi >", index: "byOwner", key: "#o = :o AND createdAt > :c", values: map[string]*types.Item{":o": sv("o3"), ":c": sv("2026-01-20")}},
	{name: "gsi filter", index: "byOwner", key: "#o = :o", filter: "#st = :st", values: map[string]*types.Item{":o": sv("o0"), ":st": sv("done")}},
	{name: "gsi number between", index: "byGroup", key: "grp = :g AND score BETWEEN :lo AND :hi", values: map[string]*types.Item{":g": nv(3), ":lo": nv(20), ":hi": nv(60)}},
	{name: "gsi number <=", index: "byGroup", key: "grp = :g AND score <= :hi", values: map[string]*types.Item{":g": nv(1), ":hi": nv(35)}},
	{name: "lsi <", index: "bySize", key: "pk = :p AND #sz < :n", values: map[string]*types.Item{":p": sv("p004"), ":n": nv(25)}},
}

var aliases = map[string]string{"#p": "pk", "#o": "owner", "#st": "status", "#sz": "size"}

func (qc queryCase) input(forward bool, limit int64) QueryInput {
	return QueryInput{
		Index: qc.index, KeyConditionExpression: qc.key, FilterExpression: qc.filter,
		ExpressionAttributeValues: qc.values, Aliases: aliases, ScanIndexForward: forward, Limit: limit,
	}
}

// pages runs a query page by page with search and returns every page.
func pages(t *testing.T, tbl *Table, in QueryInput, search func(*Table, QueryInput) SearchResult) []SearchResult {
	t.Helper()

	var out []SearchResult

	for range 100000 {
		r := search(tbl, in)
		out = append(out, r)

		if len(r.LastKey) == 0 {
			return out
		}

		in.ExclusiveStartKey = r.LastKey
	}

	t.Fatal("pagination does not end")

	return nil
}

func fast(t *testing.T) func(*Table, QueryInput) SearchResult {
	return func(tbl *Table, in QueryInput) SearchResult {
		t.Helper()

		idx, err := tbl.searchIndex(in)
		if err != nil {
			t.Fatal(err)
		}

		r, ok, err := tbl.queryPartition(in, idx)
		if !ok || err != nil {
			t.Fatalf("query %q did not take the partition path (ok %v, err %v)", in.KeyConditionExpression, ok, err)
		}

		return r
	}
}

func slow(t *testing.T) func(*Table, QueryInput) SearchResult {
	return func(tbl *Table, in QueryInput) SearchResult {
		t.Helper()

		idx, err := tbl.searchIndex(in)
		if err != nil {
			t.Fatal(err)
		}

		r, err := tbl.searchAll(in, idx)
		if err != nil {
			t.Fatal(err)
		}

		return r
	}
}

func allItems(ps []SearchResult) []map[string]*types.Item {
	var out []map[string]*types.Item
	for _, p := range ps {
		out = append(out, p.Items...)
	}

	return out
}

// checkSame compares the partition Query on got with the whole-table
// search (upstream's algorithm) on want: page by page when there is no
// filter, and as a whole when there is one (upstream's pages then also
// count other partitions' items toward Limit).
func checkSame(t *testing.T, got, want *Table) {
	t.Helper()

	for _, qc := range queryCases {
		for _, forward := range []bool{true, false} {
			for _, limit := range []int64{0, 1, 7} {
				if limit == 1 && qc.filter != "" {
					continue // upstream pages one table item at a time: slow
				}

				name := fmt.Sprintf("%s/forward=%v/limit=%d", qc.name, forward, limit)
				t.Run(name, func(t *testing.T) {
					in := qc.input(forward, limit)
					g := pages(t, got, in, fast(t))
					w := pages(t, want, in, slow(t))

					if qc.filter == "" || limit == 0 {
						if len(g) != len(w) {
							t.Fatalf("%d pages, want %d", len(g), len(w))
						}

						for i := range g {
							if !reflect.DeepEqual(g[i].Items, w[i].Items) || !reflect.DeepEqual(g[i].LastKey, w[i].LastKey) {
								t.Fatalf("page %d differs:\n got %v last %v\nwant %v last %v", i, g[i].Items, g[i].LastKey, w[i].Items, w[i].LastKey)
							}
						}
					}

					if !reflect.DeepEqual(allItems(g), allItems(w)) {
						t.Fatalf("items differ:\n got %v\nwant %v", allItems(g), allItems(w))
					}

					if limit == 0 && qc.values[":p"] != nil && qc.values[":p"].S != nil && *qc.values[":p"].S != "nope" && len(allItems(w)) == 0 && qc.filter == "" {
						t.Fatalf("case matches nothing; it tests nothing")
					}
				})
			}
		}
	}
}

func TestQueryPartitionMatchesFullSearch(t *testing.T) {
	tbl := newPartitionedTable(t)
	fill(t, tbl, 30, 40)
	checkSame(t, tbl, tbl)
}

// TestQueryPartitionAfterWrites changes items through every write path
// (overwrite moving index keys, update, update dropping an index key,
// delete, a rolled back batch of writes) and compares with a table built
// afresh from the final items.
func TestQueryPartitionAfterWrites(t *testing.T) {
	tbl := newPartitionedTable(t)
	fill(t, tbl, 20, 30)

	for i := range 30 {
		it := thing(100+i%3, i) // new partitions
		if _, err := tbl.Put(&types.PutItemInput{Item: it}); err != nil {
			t.Fatal(err)
		}

		moved := thing(i%20, i) // overwrite: owner and group move
		moved["owner"] = sv("o9")
		moved["grp"] = nv(7)

		if _, err := tbl.Put(&types.PutItemInput{Item: moved}); err != nil {
			t.Fatal(err)
		}
	}

	for i := range 20 {
		key := map[string]*types.Item{"pk": sv(fmt.Sprintf("p%03d", i)), "sk": sv(fmt.Sprintf("item-%03d", 29-i))}
		if _, err := tbl.Update(&types.UpdateItemInput{
			Key: key, UpdateExpression: "SET #o = :o, createdAt = :c", ExpressionAttributeNames: map[string]string{"#o": "owner"},
			ExpressionAttributeValues: map[string]*types.Item{":o": sv("o1"), ":c": sv("2026-02-01T00:00:00Z")},
		}); err != nil {
			t.Fatal(err)
		}

		key["sk"] = sv(fmt.Sprintf("item-%03d", 20-i))
		if _, err := tbl.Update(&types.UpdateItemInput{Key: key, UpdateExpression: "REMOVE #o", ExpressionAttributeNames: map[string]string{"#o": "owner"}}); err != nil {
			t.Fatal(err)
		}

		key["sk"] = sv(fmt.Sprintf("item-%03d", i))
		if _, err := tbl.Delete(&types.DeleteItemInput{Key: key}); err != nil {
			t.Fatal(err)
		}
	}

	tbl.BeginChanges()

	for i := range 10 {
		_, _ = tbl.Put(&types.PutItemInput{Item: thing(200, i)})
		_, _ = tbl.Delete(&types.DeleteItemInput{Key: map[string]*types.Item{"pk": sv("p003"), "sk": sv(fmt.Sprintf("item-%03d", 10+i))}})
	}

	tbl.Rollback()

	fresh := newPartitionedTable(t)
	for _, k := range tbl.keys() {
		if _, err := fresh.Put(&types.PutItemInput{Item: deepCopyItemMap(tbl.Data[k])}); err != nil {
			t.Fatal(err)
		}
	}

	if len(tbl.Data) != 20*30+30-20 {
		t.Fatalf("%d items, want %d", len(tbl.Data), 20*30+30-20)
	}

	for name, idx := range tbl.Indexes {
		if got, want := idx.count(), fresh.Indexes[name].count(); got != want {
			t.Errorf("index %s holds %d items, a fresh one %d", name, got, want)
		}
	}

	checkSame(t, tbl, fresh)
}

// TestQueryFallsBackWithoutPartition: key conditions that do not fix the
// partition key with = still answer, through the full search.
func TestQueryFallsBackWithoutPartition(t *testing.T) {
	tbl := newPartitionedTable(t)
	fill(t, tbl, 5, 5)

	in := QueryInput{KeyConditionExpression: "begins_with(pk, :p)", ExpressionAttributeValues: map[string]*types.Item{":p": sv("p00")}, ScanIndexForward: true}

	if _, ok, _ := tbl.queryPartition(in, nil); ok {
		t.Fatal("a begins_with on the partition key took the partition path")
	}

	r, err := tbl.Search(in)
	if err != nil {
		t.Fatal(err)
	}

	want, _ := tbl.searchAll(in, nil)
	if !reflect.DeepEqual(r.Items, want.Items) {
		t.Fatalf("got %v, want %v", r.Items, want.Items)
	}
}

func TestQueryUnknownIndex(t *testing.T) {
	tbl := newPartitionedTable(t)

	_, err := tbl.Search(QueryInput{Index: "nope", KeyConditionExpression: "pk = :p", ExpressionAttributeValues: map[string]*types.Item{":p": sv("x")}})
	if err == nil {
		t.Fatal("a Query on a missing index succeeded")
	}
}

var _ = interpreter.ExpressionTypeKey
