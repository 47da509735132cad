package store_test

import (
	"reflect"
	"testing"
	"time"

	"docflow/shared/domain"
	"docflow/shared/store"
	"docflow/shared/store/storetest"
)

func newQueries(t *testing.T) *store.Queries {
	t.Helper()
	env := storetest.Start(t)
	if err := store.CreateQueriesTable(t.Context(), env.Client, "queries"); err != nil {
		t.Fatalf("CreateQueriesTable: %v", err)
	}
	// A second call, as a restarted local stack makes, leaves the table be.
	if err := store.CreateQueriesTable(t.Context(), env.Client, "queries"); err != nil {
		t.Fatalf("CreateQueriesTable again: %v", err)
	}
	q := store.NewQueries(env.Client, "queries")
	store.SetQueriesClock(q, func() time.Time { return qt0 })
	return q
}

func TestQueriesPutQueuedIsIdempotentPerOwner(t *testing.T) {
	q := newQueries(t)
	ctx := t.Context()
	first, created, err := q.PutQueued(ctx, domain.Query{Owner: "alice", ID: "q1"})
	if err != nil || !created {
		t.Fatalf("PutQueued = %v, %v", created, err)
	}
	if first.Status != domain.QueryQueued || first.Attempt != 0 || !first.ExpiresAt.Equal(qt0.Add(store.DefaultQueryTTL)) {
		t.Errorf("queued record = %+v", first)
	}
	again, created, err := q.PutQueued(ctx, domain.Query{Owner: "alice", ID: "q1", CreatedAt: qt0.Add(time.Hour)})
	if err != nil || created {
		t.Fatalf("second PutQueued = %v, %v; want the stored one", created, err)
	}
	if !again.CreatedAt.Equal(qt0) {
		t.Errorf("second PutQueued returned %+v, want the first record", again)
	}
	// The same id of another owner is another question.
	if _, created, err := q.PutQueued(ctx, domain.Query{Owner: "bob", ID: "q1"}); err != nil || !created {
		t.Errorf("bob's q1: created %v, %v", created, err)
	}
	if _, err := q.Get(ctx, "carol", "q1"); domain.ErrorCode(err) != domain.CodeNotFound {
		t.Errorf("carol reads alice's q1: %v, want NotFound", err)
	}
}

func TestQueriesAttemptsOnlyMoveForward(t *testing.T) {
	q := newQueries(t)
	ctx := t.Context()
	if _, _, err := q.PutQueued(ctx, domain.Query{Owner: "alice", ID: "q1"}); err != nil {
		t.Fatal(err)
	}
	step := func(name string, ok bool, err error, want bool) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if ok != want {
			t.Errorf("%s applied = %v, want %v", name, ok, want)
		}
	}
	_, ok, err := q.MarkAnswering(ctx, "alice", "q1", 1)
	step("attempt 1 answering", ok, err, true)
	_, ok, err = q.MarkAnswering(ctx, "alice", "q1", 1)
	step("attempt 1 answering twice", ok, err, false)
	_, ok, err = q.MarkAnswering(ctx, "alice", "q1", 2)
	step("attempt 2 answering", ok, err, true)
	stored, ok, err := q.Complete(ctx, "alice", "q1", 1, 4, "stale answer", nil, "")
	step("attempt 1 completes after attempt 2 began", ok, err, false)
	if stored.Attempt != 2 || stored.Status != domain.QueryAnswering {
		t.Errorf("stale complete returned %+v, want attempt 2 answering", stored)
	}
	_, ok, err = q.Fail(ctx, "alice", "q1", 1, domain.CodeUnavailable, "x")
	step("attempt 1 fails after attempt 2 began", ok, err, false)
	cites := []domain.Citation{{DocumentID: "d1", DocumentName: "a.pdf", Page: 3, Excerpt: "dose"}}
	done, ok, err := q.Complete(ctx, "alice", "q1", 2, 7, "The dose is 5 mg.", cites, "sess-1")
	step("attempt 2 completes", ok, err, true)
	want := domain.Query{Owner: "alice", ID: "q1", Status: domain.QueryComplete, Attempt: 2, Answer: "The dose is 5 mg.",
		Citations: cites, SessionID: "sess-1", Seq: 7, CreatedAt: qt0, UpdatedAt: qt0, ExpiresAt: qt0.Add(store.DefaultQueryTTL)}
	if !reflect.DeepEqual(done, want) {
		t.Errorf("completed record\n got %+v\nwant %+v", done, want)
	}
	got, err := q.Get(ctx, "alice", "q1")
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("Get = %+v, %v\nwant %+v", got, err, want)
	}
	_, ok, err = q.MarkAnswering(ctx, "alice", "q1", 3)
	step("a delivery after completion", ok, err, false)
	_, ok, err = q.Fail(ctx, "alice", "q1", 3, domain.CodeUnavailable, "x")
	step("failing a completed question", ok, err, false)
}

func TestQueriesFailAndDeleteQueued(t *testing.T) {
	q := newQueries(t)
	ctx := t.Context()
	for _, id := range []string{"q1", "q2"} {
		if _, _, err := q.PutQueued(ctx, domain.Query{Owner: "alice", ID: id}); err != nil {
			t.Fatal(err)
		}
	}
	failed, ok, err := q.Fail(ctx, "alice", "q1", 3, domain.CodeUnavailable, "The answer could not be made.")
	if err != nil || !ok || failed.Status != domain.QueryFailed || failed.Attempt != 3 ||
		failed.FailureCode != string(domain.CodeUnavailable) || failed.FailureMessage != "The answer could not be made." {
		t.Fatalf("Fail = %+v, %v, %v", failed, ok, err)
	}
	if _, ok, err := q.Complete(ctx, "alice", "q1", 3, 2, "late", nil, ""); err != nil || ok {
		t.Errorf("Complete after Fail applied = %v, %v", ok, err)
	}
	// DeleteQueued leaves a question someone works on.
	if err := q.DeleteQueued(ctx, "alice", "q1"); err != nil {
		t.Fatal(err)
	}
	if _, err := q.Get(ctx, "alice", "q1"); err != nil {
		t.Errorf("failed q1 was deleted: %v", err)
	}
	if err := q.DeleteQueued(ctx, "alice", "q2"); err != nil {
		t.Fatal(err)
	}
	if _, err := q.Get(ctx, "alice", "q2"); domain.ErrorCode(err) != domain.CodeNotFound {
		t.Errorf("queued q2 after DeleteQueued: %v, want NotFound", err)
	}
	if _, ok, err := q.MarkAnswering(ctx, "alice", "q2", 1); ok || domain.ErrorCode(err) != domain.CodeNotFound {
		t.Errorf("MarkAnswering a deleted question = %v, %v; want NotFound", ok, err)
	}
}

func TestQueriesExpiredLooksMissing(t *testing.T) {
	q := newQueries(t)
	ctx := t.Context()
	if _, _, err := q.PutQueued(ctx, domain.Query{Owner: "alice", ID: "q1"}); err != nil {
		t.Fatal(err)
	}
	store.SetQueriesClock(q, func() time.Time { return qt0.Add(store.DefaultQueryTTL) })
	if _, err := q.Get(ctx, "alice", "q1"); domain.ErrorCode(err) != domain.CodeNotFound {
		t.Errorf("expired record: %v, want NotFound", err)
	}
}

func TestQueriesSessionsBelongToTheirOwner(t *testing.T) {
	q := newQueries(t)
	ctx := t.Context()
	if err := q.PutSession(ctx, "alice", "sess-1"); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		owner, session string
		want           bool
	}{{"alice", "sess-1", true}, {"bob", "sess-1", false}, {"alice", "sess-2", false}} {
		got, err := q.HasSession(ctx, tc.owner, tc.session)
		if err != nil || got != tc.want {
			t.Errorf("HasSession(%s, %s) = %v, %v; want %v", tc.owner, tc.session, got, err, tc.want)
		}
	}
}

func TestQueriesCompleteWithoutCitations(t *testing.T) {
	q := newQueries(t)
	ctx := t.Context()
	if _, _, err := q.PutQueued(ctx, domain.Query{Owner: "alice", ID: "q1"}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := q.MarkAnswering(ctx, "alice", "q1", 1); err != nil {
		t.Fatal(err)
	}
	got, ok, err := q.Complete(ctx, "alice", "q1", 1, 2, "I couldn't find that in your documents.", nil, "")
	if err != nil || !ok || got.Status != domain.QueryComplete || len(got.Citations) != 0 || got.SessionID != "" {
		t.Errorf("Complete without citations = %+v, %v, %v", got, ok, err)
	}
}

// qt0 is the queries tests' clock: now, not documents_test's fixed date,
// because a query record's TTL is real time and the embedded DynamoDB, as
// DynamoDB does, deletes items whose TTL has passed.
var qt0 = time.Now().UTC().Truncate(time.Second)
