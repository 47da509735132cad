package store_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/smithy-go"
	miniserver "github.com/truora/minidyn/server"

	"docflow/shared/domain"
	"docflow/shared/progress"
	"docflow/shared/store"
	"docflow/shared/store/storetest"
)

var t0 = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

func newDoc(id, owner string, created time.Time) domain.Document {
	return domain.Document{
		ID: id, Owner: owner, Name: "report.pdf", Bucket: "docs",
		Key:    domain.UploadKey(owner, id, "report.pdf"),
		Status: domain.StatusQueued, Stage: domain.StageQueued,
		CreatedAt: created, UpdatedAt: created,
	}
}

// sameDoc compares documents by their JSON: pointers by what they point
// to, times by instant and zone.
func sameDoc(a, b domain.Document) bool {
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	return string(ja) == string(jb)
}

func at(u domain.Update, d time.Duration) domain.Update {
	u.At = t0.Add(d)
	return u
}

func failUpdate(reason string) domain.Update {
	u := progress.Fail.Update()
	f := domain.DescribeFailure(reason, "")
	u.Failure, u.Message = &f, f.Message
	return u
}

func TestAdvance(t *testing.T) {
	summary := &domain.Summary{Type: "pdf", Pages: 3, Words: 120, Characters: 700, Chunks: 2, Bytes: 4096,
		SHA256: "ab", TextKey: "processed/x/text.txt", ChunksKey: "processed/x/chunks.jsonl",
		ManifestKey: "processed/x/manifest.json", DurationMs: 1500}
	complete := progress.Complete.Update()
	complete.Summary = summary
	start, trigger, process := progress.Start.Update(), progress.Trigger.Update(), progress.Process.Update()

	tests := []struct {
		name        string
		before      []domain.Update
		update      domain.Update
		wantApplied bool
		wantStatus  domain.Status
		wantStage   domain.Stage
		wantProg    int
		wantSeq     int64
	}{
		{"first stage", nil, start, true, domain.StatusStarting, domain.StageStart, 10, 1},
		{"next stage", []domain.Update{start}, trigger, true, domain.StatusTriggering, domain.StageTrigger, 20, 2},
		{"retried stage is not applied twice", []domain.Update{start}, start, false, domain.StatusStarting, domain.StageStart, 10, 1},
		{"late stage is dropped", []domain.Update{start, trigger, process}, trigger, false, domain.StatusProcessing, domain.StageProcess, 40, 3},
		{"finer processing frame", []domain.Update{start, trigger, process}, progress.ProcessingUpdate(1, 2, "page 1 of 2"), true, domain.StatusProcessing, domain.StageProcess, progress.ProcessingUpdate(1, 2, "").Progress, 4},
		{"equal processing progress is dropped", []domain.Update{start, trigger, process, progress.ProcessingUpdate(1, 2, "a")}, progress.ProcessingUpdate(1, 2, "b"), false, domain.StatusProcessing, domain.StageProcess, progress.ProcessingUpdate(1, 2, "").Progress, 4},
		{"complete", []domain.Update{start, trigger, process}, complete, true, domain.StatusComplete, domain.StageComplete, 100, 4},
		{"failed after complete is dropped", []domain.Update{start, complete}, failUpdate(domain.ReasonTimeout), false, domain.StatusComplete, domain.StageComplete, 100, 2},
		{"complete after failed is dropped", []domain.Update{start, failUpdate(domain.ReasonCorrupt)}, complete, false, domain.StatusFailed, domain.StageFail, 10, 2},
		{"failed twice is dropped", []domain.Update{start, failUpdate(domain.ReasonCorrupt)}, failUpdate(domain.ReasonEmpty), false, domain.StatusFailed, domain.StageFail, 10, 2},
		{"failure keeps progress reached", []domain.Update{start, trigger}, failUpdate(domain.ReasonEncrypted), true, domain.StatusFailed, domain.StageFail, 20, 3},
		{"failure of a queued document", nil, failUpdate(domain.ReasonMissing), true, domain.StatusFailed, domain.StageFail, 0, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, ctx := storetest.New(t), t.Context()
			const id = "0b8f6a1e-6b8e-4a53-9d1c-2f0c9a7e5d11"
			if _, _, err := s.CreateDocument(ctx, newDoc(id, "alice", t0)); err != nil {
				t.Fatal(err)
			}
			for i, u := range tt.before {
				if _, ok, err := s.Advance(ctx, id, at(u, time.Duration(i+1)*time.Second)); err != nil || !ok {
					t.Fatalf("before[%d]: applied %v, err %v", i, ok, err)
				}
			}
			u := at(tt.update, time.Minute)
			got, applied, err := s.Advance(ctx, id, u)
			if err != nil {
				t.Fatalf("Advance: %v", err)
			}
			if applied != tt.wantApplied {
				t.Errorf("applied = %v, want %v", applied, tt.wantApplied)
			}
			if got.Status != tt.wantStatus || got.Stage != tt.wantStage || got.Progress != tt.wantProg || got.Seq != tt.wantSeq {
				t.Errorf("got status %s stage %s progress %d seq %d, want %s %s %d %d",
					got.Status, got.Stage, got.Progress, got.Seq, tt.wantStatus, tt.wantStage, tt.wantProg, tt.wantSeq)
			}
			if applied {
				if got.Message != u.Message || !got.UpdatedAt.Equal(u.At) {
					t.Errorf("got message %q updatedAt %v, want %q %v", got.Message, got.UpdatedAt, u.Message, u.At)
				}
				if u.Summary != nil && (got.Summary == nil || *got.Summary != *u.Summary) {
					t.Errorf("summary = %+v, want %+v", got.Summary, u.Summary)
				}
				if u.Failure != nil && (got.Failure == nil || *got.Failure != *u.Failure) {
					t.Errorf("failure = %+v, want %+v", got.Failure, u.Failure)
				}
			}
			// What Advance returns is what is stored.
			stored, err := s.GetDocument(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			if !sameDoc(stored, got) {
				t.Errorf("stored %+v\nreturned %+v", stored, got)
			}
		})
	}
}

func TestAdvanceUnknownDocument(t *testing.T) {
	s := storetest.New(t)
	_, _, err := s.Advance(t.Context(), "nope", progress.Start.Update())
	if got, want := domain.ErrorCode(err), domain.CodeNotFound; got != want {
		t.Errorf("code = %q (err %v), want %q", got, err, want)
	}
}

// TestAdvanceConcurrent races processing frames from 8 goroutines: every
// applied one must get its own seq, and seq order must be progress order.
func TestAdvanceConcurrent(t *testing.T) {
	s, ctx := storetest.New(t), t.Context()
	const id, workers = "3c1d2f44-0000-4000-8000-000000000001", 8
	if _, _, err := s.CreateDocument(ctx, newDoc(id, "alice", t0)); err != nil {
		t.Fatal(err)
	}
	type result struct {
		seq      int64
		progress int
	}
	var (
		mu      sync.Mutex
		applied []result
		wg      sync.WaitGroup
	)
	errs := make(chan error, workers)
	for w := range workers {
		wg.Go(func() {
			// Worker w sends progress 1+w, 9+w, 17+w, ...: interleaved values.
			for p := 1 + w; p <= 99; p += workers {
				d, ok, err := s.Advance(ctx, id, domain.Update{Stage: domain.StageProcess,
					Status: domain.StatusProcessing, Progress: p, Message: "m", At: t0})
				if err != nil {
					errs <- err
					return
				}
				if ok {
					if d.Progress != p {
						errs <- fmt.Errorf("applied progress %d returned %d", p, d.Progress)
						return
					}
					mu.Lock()
					applied = append(applied, result{d.Seq, d.Progress})
					mu.Unlock()
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	slices.SortFunc(applied, func(a, b result) int { return int(a.seq - b.seq) })
	for i, r := range applied {
		if r.seq != int64(i+1) {
			t.Fatalf("applied seqs %v: want 1..%d without gaps or duplicates", applied, len(applied))
		}
		if i > 0 && r.progress <= applied[i-1].progress {
			t.Fatalf("seq %d has progress %d, not above seq %d's %d", r.seq, r.progress, applied[i-1].seq, applied[i-1].progress)
		}
	}
	final, err := s.GetDocument(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := final.Seq, int64(len(applied)); got != want {
		t.Errorf("final seq = %d, want %d (one per applied update)", got, want)
	}
	if got, want := final.Progress, 99; got != want {
		t.Errorf("final progress = %d, want %d", got, want)
	}
}

func TestCreateDocumentIdempotent(t *testing.T) {
	s, ctx := storetest.New(t), t.Context()
	const id = "5e0c7d9a-1111-4222-8333-444455556666"
	first := newDoc(id, "alice", t0.Add(123456789*time.Nanosecond))
	got, created, err := s.CreateDocument(ctx, first)
	if err != nil || !created {
		t.Fatalf("first create: created %v, err %v", created, err)
	}
	if !sameDoc(got, first) {
		t.Errorf("first create returned %+v, want %+v", got, first)
	}
	again := first
	again.Name, again.CreatedAt = "other.pdf", t0.Add(time.Hour)
	got, created, err = s.CreateDocument(ctx, again)
	if err != nil {
		t.Fatal(err)
	}
	if created {
		t.Error("second create: created = true, want false")
	}
	if !sameDoc(got, first) {
		t.Errorf("second create returned %+v, want the first %+v", got, first)
	}
}

func TestTimesSortAsStrings(t *testing.T) {
	env := storetest.Start(t)
	ctx := t.Context()
	const id = "5e0c7d9a-1111-4222-8333-444455556667"
	created := time.Date(2026, 1, 2, 3, 4, 5, 500000000, time.FixedZone("CET", 3600))
	if _, _, err := env.Store.CreateDocument(ctx, newDoc(id, "alice", created)); err != nil {
		t.Fatal(err)
	}
	out, err := env.Client.GetItem(ctx, &dynamodb.GetItemInput{
		TableName: aws.String(storetest.DocumentsTable),
		Key:       map[string]types.AttributeValue{store.DocumentKey: &types.AttributeValueMemberS{Value: id}},
	})
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := out.Item[store.OwnerIndexSort].(*types.AttributeValueMemberS)
	if raw == nil {
		t.Fatalf("createdAt is %#v, want a string", out.Item[store.OwnerIndexSort])
	}
	if got, want := raw.Value, "2026-01-02T02:04:05.500000000Z"; got != want {
		t.Errorf("createdAt = %q, want %q", got, want)
	}
	d, err := env.Store.GetDocument(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if !d.CreatedAt.Equal(created) {
		t.Errorf("CreatedAt = %v, want %v", d.CreatedAt, created)
	}
}

func TestGetDocumentAndExecutionArn(t *testing.T) {
	s, ctx := storetest.New(t), t.Context()
	const id = "5e0c7d9a-1111-4222-8333-444455556668"
	if _, _, err := s.CreateDocument(ctx, newDoc(id, "alice", t0)); err != nil {
		t.Fatal(err)
	}
	const arn = "arn:aws:states:us-east-1:123456789012:execution:docs:" + id
	tests := []struct {
		name     string
		id       string
		wantCode domain.Code
	}{
		{"known", id, ""},
		{"unknown", "5e0c7d9a-1111-4222-8333-000000000000", domain.CodeNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := s.SetExecutionArn(ctx, tt.id, arn)
			if got := domain.ErrorCode(err); got != tt.wantCode {
				t.Fatalf("SetExecutionArn code = %q (err %v), want %q", got, err, tt.wantCode)
			}
			d, err := s.GetDocument(ctx, tt.id)
			if got := domain.ErrorCode(err); got != tt.wantCode {
				t.Fatalf("GetDocument code = %q (err %v), want %q", got, err, tt.wantCode)
			}
			if err == nil && d.ExecutionArn != arn {
				t.Errorf("ExecutionArn = %q, want %q", d.ExecutionArn, arn)
			}
		})
	}
}

// TestStoreErrors checks that a DynamoDB failure reaches callers as the
// package documents: a StoreError for Step Functions, Unavailable for
// clients, and the SDK error itself.
func TestStoreErrors(t *testing.T) {
	const id = "5e0c7d9a-1111-4222-8333-444455556669"
	ops := []struct {
		name string
		call func(context.Context, *store.Store) error
	}{
		{"GetDocument", func(ctx context.Context, s *store.Store) error { _, err := s.GetDocument(ctx, id); return err }},
		{"CreateDocument", func(ctx context.Context, s *store.Store) error {
			_, _, err := s.CreateDocument(ctx, newDoc(id, "alice", t0))
			return err
		}},
		{"Advance", func(ctx context.Context, s *store.Store) error {
			_, _, err := s.Advance(ctx, id, progress.Start.Update())
			return err
		}},
		{"SetExecutionArn", func(ctx context.Context, s *store.Store) error { return s.SetExecutionArn(ctx, id, "arn") }},
		{"ListDocuments", func(ctx context.Context, s *store.Store) error {
			_, _, err := s.ListDocuments(ctx, "alice", 0, "")
			return err
		}},
		{"PutConnection", func(ctx context.Context, s *store.Store) error {
			return s.PutConnection(ctx, domain.Connection{ID: "c1", Owner: "alice"})
		}},
		{"GetConnection", func(ctx context.Context, s *store.Store) error { _, err := s.GetConnection(ctx, "c1"); return err }},
		{"Subscribe", func(ctx context.Context, s *store.Store) error { return s.Subscribe(ctx, "c1", id) }},
		{"Subscribers", func(ctx context.Context, s *store.Store) error { _, err := s.Subscribers(ctx, id); return err }},
		{"DeleteConnection", func(ctx context.Context, s *store.Store) error { return s.DeleteConnection(ctx, "c1") }},
	}
	for _, op := range ops {
		t.Run(op.name, func(t *testing.T) {
			env := storetest.Start(t)
			env.Server.EmulateFailure(miniserver.FailureConditionInternalServerError)
			err := op.call(t.Context(), env.Store)
			if err == nil {
				t.Fatal("err = nil, want a store error")
			}
			if _, ok := errors.AsType[*domain.StoreError](err); !ok {
				t.Errorf("errors.As(*domain.StoreError) false for %v", err)
			}
			if got, want := domain.ErrorCode(err), domain.CodeUnavailable; got != want {
				t.Errorf("ErrorCode = %q, want %q", got, want)
			}
			if ae, ok := errors.AsType[smithy.APIError](err); !ok || ae.ErrorCode() != "InternalServerError" {
				t.Errorf("SDK error not in chain of %v", err)
			}
		})
	}
}
