package store_test

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	miniserver "github.com/truora/minidyn/server"

	"docflow/shared/domain"
	"docflow/shared/progress"
	"docflow/shared/store"
	"docflow/shared/store/storetest"
)

const (
	doc1 = "11111111-1111-4111-8111-111111111111"
	doc2 = "22222222-2222-4222-8222-222222222222"
)

// The publisher finds subscribers and forgets gone connections through the
// store.
var _ progress.Subscriptions = (*store.Store)(nil)

// rawItems reads one partition of the connections table as the template's
// TTL and the key schema see it.
func rawItems(t *testing.T, env *storetest.Env, pk string) map[string]map[string]types.AttributeValue {
	t.Helper()
	out, err := env.Client.Query(t.Context(), &dynamodb.QueryInput{
		TableName:                 aws.String(storetest.ConnectionsTable),
		KeyConditionExpression:    aws.String("pk = :pk"),
		ExpressionAttributeValues: map[string]types.AttributeValue{":pk": &types.AttributeValueMemberS{Value: pk}},
	})
	if err != nil {
		t.Fatal(err)
	}
	bySK := map[string]map[string]types.AttributeValue{}
	for _, it := range out.Items {
		bySK[it["sk"].(*types.AttributeValueMemberS).Value] = it
	}
	return bySK
}

func sortedSubscribers(t *testing.T, s *store.Store, docID string) []string {
	t.Helper()
	ids, err := s.Subscribers(t.Context(), docID)
	if err != nil {
		t.Fatalf("Subscribers(%s): %v", docID, err)
	}
	slices.Sort(ids)
	return ids
}

func TestConnectionLifecycle(t *testing.T) {
	env := storetest.Start(t)
	s, ctx := env.Store, t.Context()
	now := time.Now().UTC().Truncate(time.Second)
	conns := []domain.Connection{
		{ID: "c1", Owner: "alice", ConnectedAt: now, ExpiresAt: now.Add(2 * time.Hour)},
		{ID: "c2", Owner: "bob", ConnectedAt: now, ExpiresAt: now.Add(2 * time.Hour)},
	}
	for _, c := range conns {
		if err := s.PutConnection(ctx, c); err != nil {
			t.Fatal(err)
		}
		got, err := s.GetConnection(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got != c {
			t.Errorf("GetConnection = %+v, want %+v", got, c)
		}
	}
	subs := []struct{ conn, doc string }{{"c1", doc1}, {"c2", doc1}, {"c1", doc2}, {"c1", doc2}}
	for _, sub := range subs {
		if err := s.Subscribe(ctx, sub.conn, sub.doc); err != nil {
			t.Fatalf("Subscribe(%s, %s): %v", sub.conn, sub.doc, err)
		}
	}
	steps := []struct {
		name   string
		do     func() error
		doc    string
		want   []string
		wantC1 bool
	}{
		{"subscribed", func() error { return nil }, doc1, []string{"c1", "c2"}, true},
		{"subscribing twice is one subscription", func() error { return nil }, doc2, []string{"c1"}, true},
		{"delete removes the connection's subscriptions", func() error { return s.DeleteConnection(ctx, "c1") }, doc1, []string{"c2"}, false},
		{"and on every document", func() error { return nil }, doc2, []string{}, false},
		{"deleting again is no error", func() error { return s.DeleteConnection(ctx, "c1") }, doc1, []string{"c2"}, false},
	}
	for _, st := range steps {
		if err := st.do(); err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		if got := sortedSubscribers(t, s, st.doc); !slices.Equal(got, st.want) {
			t.Errorf("%s: Subscribers(%s) = %v, want %v", st.name, st.doc, got, st.want)
		}
		_, err := s.GetConnection(ctx, "c1")
		if got := err == nil; got != st.wantC1 {
			t.Errorf("%s: c1 exists = %v (err %v), want %v", st.name, got, err, st.wantC1)
		}
	}
	if left := rawItems(t, env, "CONN#c1"); len(left) != 0 {
		t.Errorf("items left under CONN#c1: %v", left)
	}
	if err := s.Subscribe(ctx, "c1", doc1); domain.ErrorCode(err) != domain.CodeNotFound {
		t.Errorf("Subscribe of a deleted connection: err %v, want NotFound", err)
	}
}

func TestTTLAttribute(t *testing.T) {
	env := storetest.Start(t)
	s, ctx := env.Store, t.Context()
	connected := time.Now().UTC().Truncate(time.Second)
	tests := []struct {
		name string
		conn domain.Connection
		want int64
	}{
		{"given expiry", domain.Connection{ID: "given", ConnectedAt: connected, ExpiresAt: connected.Add(90 * time.Minute)},
			connected.Add(90 * time.Minute).Unix()},
		{"default expiry", domain.Connection{ID: "default", ConnectedAt: connected},
			connected.Add(domain.ConnectionLifetime + store.ConnectionSlack).Unix()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := s.PutConnection(ctx, tt.conn); err != nil {
				t.Fatal(err)
			}
			if err := s.Subscribe(ctx, tt.conn.ID, doc1); err != nil {
				t.Fatal(err)
			}
			items := rawItems(t, env, "CONN#"+tt.conn.ID)
			for k, v := range rawItems(t, env, "DOC#"+doc1) {
				items["DOC#"+doc1+"/"+k] = v
			}
			for _, sk := range []string{"META", "SUB#" + doc1, "DOC#" + doc1 + "/CONN#" + tt.conn.ID} {
				n, ok := items[sk][store.TTLAttribute].(*types.AttributeValueMemberN)
				if !ok {
					t.Errorf("%s: %s is %#v, want a number", sk, store.TTLAttribute, items[sk][store.TTLAttribute])
					continue
				}
				if got, want := n.Value, strconv.FormatInt(tt.want, 10); got != want {
					t.Errorf("%s: %s = %s, want %s", sk, store.TTLAttribute, got, want)
				}
			}
		})
	}
}

func TestExpiredConnectionsAreIgnored(t *testing.T) {
	env := storetest.Start(t)
	s, ctx := env.Store, t.Context()
	now := time.Now()
	for _, c := range []domain.Connection{
		{ID: "short", ConnectedAt: now, ExpiresAt: now.Add(time.Minute)},
		{ID: "long", ConnectedAt: now, ExpiresAt: now.Add(time.Hour)},
	} {
		if err := s.PutConnection(ctx, c); err != nil {
			t.Fatal(err)
		}
		if err := s.Subscribe(ctx, c.ID, doc1); err != nil {
			t.Fatal(err)
		}
	}
	// TTL has not run yet (it may lag by days): the store must not trust
	// the items' presence.
	store.SetClock(s, func() time.Time { return now.Add(10 * time.Minute) })
	if got, want := sortedSubscribers(t, s, doc1), []string{"long"}; !slices.Equal(got, want) {
		t.Errorf("Subscribers = %v, want %v", got, want)
	}
	if _, err := s.GetConnection(ctx, "short"); domain.ErrorCode(err) != domain.CodeNotFound {
		t.Errorf("GetConnection(expired): err %v, want NotFound", err)
	}
	if err := s.Subscribe(ctx, "short", doc2); domain.ErrorCode(err) != domain.CodeNotFound {
		t.Errorf("Subscribe(expired): err %v, want NotFound", err)
	}
}

// TestDeleteConnectionRetriesUnprocessed makes DynamoDB leave half of each
// BatchWriteItem unprocessed once; DeleteConnection must still remove all.
func TestDeleteConnectionRetriesUnprocessed(t *testing.T) {
	env := storetest.Start(t)
	s, ctx := env.Store, t.Context()
	if err := s.PutConnection(ctx, domain.Connection{ID: "c1"}); err != nil {
		t.Fatal(err)
	}
	var docs []string
	for i := range 30 { // more than one batch of 25
		docs = append(docs, fmt.Sprintf("doc-%02d", i))
		if err := s.Subscribe(ctx, "c1", docs[i]); err != nil {
			t.Fatal(err)
		}
	}
	var calls atomic.Int32
	env.Server.EmulateUnprocessedItems(storetest.ConnectionsTable, func(n int, _ map[string]*miniserver.AttributeValue) bool {
		if n == 0 {
			calls.Add(1)
		}
		return n%2 == 0 && calls.Load() <= 2
	})
	if err := s.DeleteConnection(ctx, "c1"); err != nil {
		t.Fatal(err)
	}
	if calls.Load() < 2 {
		t.Fatalf("emulation saw %d batches; the test did not exercise retries", calls.Load())
	}
	env.Server.ClearUnprocessedItems()
	if left := rawItems(t, env, "CONN#c1"); len(left) != 0 {
		t.Errorf("%d items left under CONN#c1", len(left))
	}
	for _, d := range docs {
		if got := sortedSubscribers(t, s, d); len(got) != 0 {
			t.Errorf("Subscribers(%s) = %v, want none", d, got)
		}
	}
}

// countingDB counts the reads a store makes.
type countingDB struct {
	store.DB
	gets atomic.Int32
}

func (c *countingDB) GetItem(ctx context.Context, in *dynamodb.GetItemInput, optFns ...func(*dynamodb.Options)) (*dynamodb.GetItemOutput, error) {
	c.gets.Add(1)
	return c.DB.GetItem(ctx, in, optFns...)
}

// TestAdvanceLateNeedsNoRead checks that a dropped update learns the current
// document from the failed condition itself (ALL_OLD), not a second read.
func TestAdvanceLateNeedsNoRead(t *testing.T) {
	env := storetest.Start(t)
	db := &countingDB{DB: env.Client}
	s, ctx := store.New(db, storetest.DocumentsTable, storetest.ConnectionsTable), t.Context()
	if _, _, err := s.CreateDocument(ctx, newDoc(doc1, "alice", t0)); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.Advance(ctx, doc1, progress.Trigger.Update()); err != nil {
		t.Fatal(err)
	}
	got, applied, err := s.Advance(ctx, doc1, progress.Start.Update())
	if err != nil || applied {
		t.Fatalf("late Advance: applied %v, err %v", applied, err)
	}
	if got.Stage != domain.StageTrigger || got.Seq != 1 {
		t.Errorf("current = stage %s seq %d, want trigger 1", got.Stage, got.Seq)
	}
	if n := db.gets.Load(); n != 0 {
		t.Errorf("GetItem calls = %d, want 0", n)
	}
}
