package stages

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/bedrockagent"
	"github.com/aws/aws-sdk-go-v2/service/bedrockagent/types"
	"github.com/aws/smithy-go"

	"docflow/shared/domain"
	"docflow/shared/progress"
	"docflow/shared/workflow"
)

// fakeKB is a knowledge base in memory: ingested documents move through
// the statuses in script (one step per GetKnowledgeBaseDocuments call after
// ingestion), and every call is recorded. ingestErr and getErr fail calls.
type fakeKB struct {
	mu       sync.Mutex
	script   []types.DocumentStatus // statuses after ingestion, one per poll; the last one stays
	polls    map[string]int         // URI -> polls since ingestion
	known    map[string]bool        // ingested URIs
	preset   map[string]types.DocumentStatus
	ingests  [][]types.KnowledgeBaseDocument
	gets     [][]types.DocumentIdentifier
	kbIDs    []string
	dsIDs    []string
	ingestFn func(*bedrockagent.IngestKnowledgeBaseDocumentsInput) error
	getFn    func(*bedrockagent.GetKnowledgeBaseDocumentsInput) error
}

var _ KnowledgeBase = (*fakeKB)(nil)

func newFakeKB(script ...types.DocumentStatus) *fakeKB {
	return &fakeKB{script: script, polls: map[string]int{}, known: map[string]bool{}, preset: map[string]types.DocumentStatus{}}
}

func (f *fakeKB) IngestKnowledgeBaseDocuments(_ context.Context, in *bedrockagent.IngestKnowledgeBaseDocumentsInput, _ ...func(*bedrockagent.Options)) (*bedrockagent.IngestKnowledgeBaseDocumentsOutput, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.ingests = append(f.ingests, in.Documents)
	f.kbIDs, f.dsIDs = append(f.kbIDs, aws.ToString(in.KnowledgeBaseId)), append(f.dsIDs, aws.ToString(in.DataSourceId))
	if f.ingestFn != nil {
		if err := f.ingestFn(in); err != nil {
			return nil, err
		}
	}
	if len(in.Documents) < 1 || len(in.Documents) > KnowledgeBaseBatch {
		return nil, &smithy.GenericAPIError{Code: "ValidationException", Message: fmt.Sprintf("%d documents", len(in.Documents))}
	}
	out := &bedrockagent.IngestKnowledgeBaseDocumentsOutput{}
	for _, d := range in.Documents {
		u := aws.ToString(d.Content.S3.S3Location.Uri)
		f.known[u], f.polls[u] = true, 0
		delete(f.preset, u)
		out.DocumentDetails = append(out.DocumentDetails, types.KnowledgeBaseDocumentDetail{
			Identifier: &types.DocumentIdentifier{DataSourceType: types.ContentDataSourceTypeS3, S3: &types.S3Location{Uri: aws.String(u)}},
			Status:     types.DocumentStatusStarting,
		})
	}
	return out, nil
}

func (f *fakeKB) GetKnowledgeBaseDocuments(_ context.Context, in *bedrockagent.GetKnowledgeBaseDocumentsInput, _ ...func(*bedrockagent.Options)) (*bedrockagent.GetKnowledgeBaseDocumentsOutput, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.gets = append(f.gets, in.DocumentIdentifiers)
	if f.getFn != nil {
		if err := f.getFn(in); err != nil {
			return nil, err
		}
	}
	if len(in.DocumentIdentifiers) < 1 || len(in.DocumentIdentifiers) > KnowledgeBaseBatch {
		return nil, &smithy.GenericAPIError{Code: "ValidationException", Message: fmt.Sprintf("%d identifiers", len(in.DocumentIdentifiers))}
	}
	out := &bedrockagent.GetKnowledgeBaseDocumentsOutput{}
	for _, id := range in.DocumentIdentifiers {
		u := aws.ToString(id.S3.Uri)
		status := types.DocumentStatusNotFound
		switch {
		case f.preset[u] != "":
			status = f.preset[u]
		case f.known[u]:
			status = f.script[min(f.polls[u], len(f.script)-1)]
			f.polls[u]++
		}
		out.DocumentDetails = append(out.DocumentDetails, types.KnowledgeBaseDocumentDetail{Identifier: &id, Status: status})
	}
	return out, nil
}

// ingestedURIs lists every content and metadata URI ingested, in order.
func (f *fakeKB) ingestedURIs() (content, metadata []string) {
	for _, batch := range f.ingests {
		for _, d := range batch {
			content = append(content, aws.ToString(d.Content.S3.S3Location.Uri))
			metadata = append(metadata, aws.ToString(d.Metadata.S3Location.Uri))
		}
	}
	return content, metadata
}

func indexEvent(chunks int) workflow.CompleteEvent {
	return workflow.CompleteEvent{Input: testInput(), Result: &domain.Summary{Type: "text/plain", Pages: 2, Words: 300, Chunks: chunks}}
}

var testIndexConfig = IndexConfig{KnowledgeBaseID: "KB12345678", DataSourceID: "DS12345678", Bucket: "docs", Wait: 10 * time.Second}

// newTestIndex returns an Index whose clock moves only when it sleeps.
func newTestIndex(st Advancer, pub Publisher, kb KnowledgeBase) (*Index, *time.Duration) {
	h := NewIndex(st, pub, kb, testIndexConfig, nil)
	var slept time.Duration
	h.now = func() time.Time { return testNow.Add(slept) }
	h.sleep = func(_ context.Context, d time.Duration) error { slept += d; return nil }
	return h, &slept
}

func TestIndex(t *testing.T) {
	processing := stored(domain.StageProcess, domain.StatusProcessing, progress.MaxProcessing, 9)
	tests := []struct {
		name        string
		in          workflow.CompleteEvent
		advance     func(context.Context, string, domain.Update) (domain.Document, bool, error)
		kb          *fakeKB
		preset      map[int]types.DocumentStatus // chunk number -> status before this try
		wantErrName string
		wantOutcome Outcome
		wantPublish int
		wantIngest  []int // chunk numbers ingested, in order
	}{
		{name: "ingests every chunk and waits until indexed", in: indexEvent(3), advance: applyTo(processing),
			kb:          newFakeKB(types.DocumentStatusStarting, types.DocumentStatusInProgress, types.DocumentStatusIndexed),
			wantOutcome: OutcomeApplied, wantPublish: 1, wantIngest: []int{1, 2, 3}},
		{name: "batches within the API's limit", in: indexEvent(23), advance: applyTo(processing),
			kb: newFakeKB(types.DocumentStatusIndexed), wantOutcome: OutcomeApplied, wantPublish: 1, wantIngest: seq(1, 23)},
		{name: "still indexing at the end of the wait is IndexPending", in: indexEvent(2), advance: applyTo(processing),
			kb: newFakeKB(types.DocumentStatusInProgress), wantErrName: "IndexPending", wantOutcome: OutcomeApplied, wantPublish: 1, wantIngest: []int{1, 2}},
		{name: "a retry ingests only what the knowledge base lacks", in: indexEvent(3),
			advance: notApplied(stored(domain.StageIndex, domain.StatusProcessing, 99, 10)),
			kb:      newFakeKB(types.DocumentStatusIndexed), preset: map[int]types.DocumentStatus{1: types.DocumentStatusIndexed, 2: types.DocumentStatusPending},
			wantOutcome: OutcomeRepublished, wantPublish: 1, wantIngest: []int{3}},
		{name: "a retry after everything was indexed ingests nothing", in: indexEvent(2),
			advance: notApplied(stored(domain.StageIndex, domain.StatusProcessing, 99, 10)),
			kb:      newFakeKB(types.DocumentStatusIndexed), preset: map[int]types.DocumentStatus{1: types.DocumentStatusIndexed, 2: types.DocumentStatusIndexed},
			wantOutcome: OutcomeRepublished, wantPublish: 1},
		{name: "a chunk that failed to index is IndexError", in: indexEvent(2), advance: applyTo(processing),
			kb: newFakeKB(types.DocumentStatusInProgress, types.DocumentStatusFailed), wantErrName: "IndexError", wantOutcome: OutcomeApplied, wantPublish: 1, wantIngest: []int{1, 2}},
		{name: "throttling is IndexPending", in: indexEvent(2), advance: applyTo(processing),
			kb: func() *fakeKB {
				kb := newFakeKB(types.DocumentStatusIndexed)
				kb.ingestFn = func(*bedrockagent.IngestKnowledgeBaseDocumentsInput) error {
					return &types.ThrottlingException{Message: aws.String("slow down")}
				}
				return kb
			}(), wantErrName: "IndexPending", wantOutcome: OutcomeApplied, wantPublish: 1, wantIngest: []int{1, 2}},
		{name: "access denied is IndexError", in: indexEvent(2), advance: applyTo(processing),
			kb: func() *fakeKB {
				kb := newFakeKB(types.DocumentStatusIndexed)
				kb.getFn = func(*bedrockagent.GetKnowledgeBaseDocumentsInput) error {
					return &types.AccessDeniedException{Message: aws.String("no")}
				}
				return kb
			}(), wantErrName: "IndexError", wantOutcome: OutcomeApplied, wantPublish: 1, wantIngest: []int{1, 2}},
		{name: "unknown documents read as not found", in: indexEvent(2), advance: applyTo(processing),
			kb: func() *fakeKB {
				kb := newFakeKB(types.DocumentStatusIndexed)
				first := true
				kb.getFn = func(*bedrockagent.GetKnowledgeBaseDocumentsInput) error {
					if first {
						first = false
						return &types.ResourceNotFoundException{Message: aws.String("no such documents")}
					}
					return nil
				}
				return kb
			}(), wantOutcome: OutcomeApplied, wantPublish: 1, wantIngest: []int{1, 2}},
		{name: "a failed document is left alone", in: indexEvent(2),
			advance: notApplied(stored(domain.StageFail, domain.StatusFailed, 57, 8)), kb: newFakeKB(types.DocumentStatusIndexed), wantOutcome: OutcomeSkipped},
		{name: "missing result", in: workflow.CompleteEvent{Input: testInput()}, kb: newFakeKB(types.DocumentStatusIndexed), wantErrName: "InputError"},
		{name: "bad document id", in: workflow.CompleteEvent{Result: &domain.Summary{Chunks: 1}}, kb: newFakeKB(types.DocumentStatusIndexed), wantErrName: "InputError"},
		{name: "store down", in: indexEvent(1), advance: failing(dbDown), kb: newFakeKB(types.DocumentStatusIndexed), wantErrName: "StoreError"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := &fakeStore{AdvanceFunc: tt.advance}
			pub := &fakePublisher{}
			h, _ := newTestIndex(st, pub, tt.kb)
			for n, s := range tt.preset {
				if s == types.DocumentStatusPending {
					tt.kb.known[chunkURI(n)] = true // ingested by an earlier try: the script moves it on
					continue
				}
				tt.kb.preset[chunkURI(n)] = s
			}

			got, err := h.Handle(context.Background(), tt.in)

			if gotName := errorName(err); gotName != tt.wantErrName {
				t.Fatalf("error %v named %q, want %q", err, gotName, tt.wantErrName)
			}
			if got.Outcome != tt.wantOutcome {
				t.Errorf("outcome = %q, want %q", got.Outcome, tt.wantOutcome)
			}
			if len(pub.published) != tt.wantPublish {
				t.Errorf("published %d frames, want %d", len(pub.published), tt.wantPublish)
			}
			content, metadata := tt.kb.ingestedURIs()
			var want []string
			for _, n := range tt.wantIngest {
				want = append(want, chunkURI(n))
			}
			if !slices.Equal(content, want) {
				t.Errorf("ingested %v, want %v", content, want)
			}
			for i, m := range metadata {
				if m != content[i]+".metadata.json" {
					t.Errorf("metadata of %s is %s, want the file beside it", content[i], m)
				}
			}
			for _, b := range tt.kb.ingests {
				if len(b) > KnowledgeBaseBatch {
					t.Errorf("an ingest call carried %d documents, over %d", len(b), KnowledgeBaseBatch)
				}
			}
			for _, id := range append(tt.kb.kbIDs, tt.kb.dsIDs...) {
				if id != testIndexConfig.KnowledgeBaseID && id != testIndexConfig.DataSourceID {
					t.Errorf("call to knowledge base/data source %q, want the configured ones", id)
				}
			}
			if tt.advance == nil {
				if len(st.updates)+len(tt.kb.ingests)+len(tt.kb.gets) != 0 {
					t.Errorf("a bad event reached the store (%d) or the knowledge base (%d, %d)", len(st.updates), len(tt.kb.ingests), len(tt.kb.gets))
				}
				return
			}
			want1 := progress.Index.Update()
			want1.At = testNow
			if got := st.updates[0]; got != want1 {
				t.Errorf("update = %+v, want %+v", got, want1)
			}
			if tt.wantOutcome == OutcomeSkipped && len(tt.kb.ingests)+len(tt.kb.gets) != 0 {
				t.Error("a skipped document reached the knowledge base")
			}
		})
	}
}

// TestIndexFrameBetweenPagesAndComplete: the Index frame moves progress
// forward from the last page frame and leaves room for Complete's 100,
// and it is a processing frame, not a fifth fixed frame.
func TestIndexFrameBetweenPagesAndComplete(t *testing.T) {
	last := progress.ProcessingUpdate(10, 10, "Extracting text: page 10 of 10...")
	if !(last.Progress < progress.Index.Progress && progress.Index.Progress < progress.Complete.Progress) {
		t.Errorf("progress: last page %d, index %d, complete %d; want strictly increasing", last.Progress, progress.Index.Progress, progress.Complete.Progress)
	}
	if progress.Index.Status != domain.StatusProcessing {
		t.Errorf("index status = %q, want %q", progress.Index.Status, domain.StatusProcessing)
	}
	if slices.Contains(progress.Steps, progress.Index) {
		t.Error("Index is among the four fixed frames")
	}
}

// TestIndexWaitIsBounded: a knowledge base that never finishes costs one
// invocation at most the configured wait, then IndexPending.
func TestIndexWaitIsBounded(t *testing.T) {
	kb := newFakeKB(types.DocumentStatusInProgress)
	h, slept := newTestIndex(&fakeStore{AdvanceFunc: applyTo(stored(domain.StageProcess, domain.StatusProcessing, 98, 3))}, &fakePublisher{}, kb)
	_, err := h.Handle(context.Background(), indexEvent(1))
	var pending *IndexPending
	if !errors.As(err, &pending) || pending.Pending != 1 {
		t.Fatalf("error %v, want *IndexPending with 1 chunk pending", err)
	}
	if *slept > testIndexConfig.Wait || *slept == 0 {
		t.Errorf("waited %v, want some wait up to %v", *slept, testIndexConfig.Wait)
	}
	if len(kb.ingests) != 1 {
		t.Errorf("%d ingest calls, want 1 (never ingest twice in one try)", len(kb.ingests))
	}
}

// TestIndexLongDocumentOverSeveralTries: a document too big to submit
// within one try's wait returns IndexPending with what it did, and the
// retry submits only the rest, then finishes.
func TestIndexLongDocumentOverSeveralTries(t *testing.T) {
	kb := newFakeKB(types.DocumentStatusIndexed)
	st := &fakeStore{AdvanceFunc: applyTo(stored(domain.StageProcess, domain.StatusProcessing, 98, 3))}
	h, clock := newTestIndex(st, &fakePublisher{}, kb)
	kb.ingestFn = func(*bedrockagent.IngestKnowledgeBaseDocumentsInput) error {
		*clock += 3 * time.Second // a slow knowledge base: 4 batches fit in the 10 s wait
		return nil
	}
	_, err := h.Handle(context.Background(), indexEvent(50))
	if name := errorName(err); name != "IndexPending" {
		t.Fatalf("first try: error %v, want IndexPending", err)
	}
	first, _ := kb.ingestedURIs()
	if len(first) != 40 {
		t.Fatalf("first try submitted %d chunks, want the 40 that fit in the wait", len(first))
	}

	// The retry: Advance finds the document at the Index stage already.
	st.AdvanceFunc = notApplied(stored(domain.StageIndex, domain.StatusProcessing, 99, 4))
	h, clock = newTestIndex(st, &fakePublisher{}, kb)
	if _, err := h.Handle(context.Background(), indexEvent(50)); err != nil {
		t.Fatalf("retry: %v, want the document indexed", err)
	}
	all, _ := kb.ingestedURIs()
	if got, want := all[40:], chunkURIs(seq(41, 50)); !slices.Equal(got, want) {
		t.Errorf("retry submitted %v, want only the 10 left %v", got, want)
	}
}

func TestLoadIndexSettings(t *testing.T) {
	full := map[string]string{
		"DOCUMENTS_TABLE": "docs", "CONNECTIONS_TABLE": "conns", "WEBSOCKET_ENDPOINT": "https://abc.execute-api.eu-west-1.amazonaws.com/prod",
		"KNOWLEDGE_BASE_ID": "KB12345678", "DATA_SOURCE_ID": "DS12345678", "DOCUMENTS_BUCKET": "bucket", "INDEX_WAIT": "15s",
	}
	_, got, err := LoadIndexSettings(lookupFrom(full))
	if err != nil {
		t.Fatal(err)
	}
	if want := (IndexConfig{KnowledgeBaseID: "KB12345678", DataSourceID: "DS12345678", Bucket: "bucket", Wait: 15 * time.Second, Poll: DefaultIndexPoll}); got != want {
		t.Errorf("config = %+v, want %+v", got, want)
	}
	full["INDEX_POLL_INTERVAL"] = "20ms"
	if _, got, _ := LoadIndexSettings(lookupFrom(full)); got.Poll != 20*time.Millisecond {
		t.Errorf("INDEX_POLL_INTERVAL=20ms: Poll = %v", got.Poll)
	}
	_, _, err = LoadIndexSettings(lookupFrom(map[string]string{}))
	for _, name := range []string{"KNOWLEDGE_BASE_ID", "DATA_SOURCE_ID", "DOCUMENTS_BUCKET", "DOCUMENTS_TABLE"} {
		if err == nil || !strings.Contains(err.Error(), name) {
			t.Errorf("error %v does not name %s", err, name)
		}
	}
}

func chunkURI(n int) string {
	return "s3://" + testIndexConfig.Bucket + "/" + domain.KnowledgeBaseChunkKey(testID, n)
}

func chunkURIs(ns []int) []string {
	out := make([]string, len(ns))
	for i, n := range ns {
		out[i] = chunkURI(n)
	}
	return out
}

func seq(from, to int) []int {
	var s []int
	for i := from; i <= to; i++ {
		s = append(s, i)
	}
	return s
}

// TestIndexPollsSoonThenBacksOff: the first poll comes after a sixteenth
// of the interval and each next after twice the last, up to the
// interval, so a document indexed at once is not held for a whole 2 s.
func TestIndexPollsSoonThenBacksOff(t *testing.T) {
	in := types.DocumentStatusInProgress
	kb := newFakeKB(in, in, in, in, in, in, types.DocumentStatusIndexed)
	h, _ := newTestIndex(&fakeStore{AdvanceFunc: applyTo(stored(domain.StageProcess, domain.StatusProcessing, 98, 3))}, &fakePublisher{}, kb)
	var pauses []time.Duration
	h.sleep = func(_ context.Context, d time.Duration) error { pauses = append(pauses, d); return nil }
	if _, err := h.Handle(context.Background(), indexEvent(1)); err != nil {
		t.Fatal(err)
	}
	ms := time.Millisecond
	if want := []time.Duration{125 * ms, 250 * ms, 500 * ms, 1000 * ms, 2000 * ms, 2000 * ms, 2000 * ms}; !slices.Equal(pauses, want) {
		t.Errorf("pauses %v, want %v", pauses, want)
	}
}
