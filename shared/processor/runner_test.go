package processor

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	sfntypes "github.com/aws/aws-sdk-go-v2/service/sfn/types"

	"docflow/shared/domain"
	"docflow/shared/progress"
)

const (
	testID     = "0b9d2c4e-6f1a-4c3b-9e8d-7a6b5c4d3e2f"
	testToken  = "AQCEAAAAKgAAAAMAAAAAAAAAAbcd-test-token"
	testBucket = "docflow-documents"
)

var testKey = "uploads/alice/" + testID + "/notes.txt"

func testConfig(t *testing.T) Config {
	return Config{
		TaskToken: testToken, DocumentID: testID, DocumentName: "notes.txt", Bucket: testBucket,
		DocumentKey: testKey, Owner: "alice", OutputBucket: testBucket,
		HeartbeatInterval: 20 * time.Second, MaxDocumentBytes: 1 << 20,
		ChunkSize: 40, ChunkOverlap: 10, TempDir: t.TempDir(),
	}
}

// harness is a Runner over fakes, with the upload in the fake bucket.
type harness struct {
	objects *fakeObjects
	tasks   *fakeTasks
	store   *fakeStore
	pub     *fakePublisher
	clock   *fakeClock
	r       *Runner
}

func newHarness(t *testing.T, upload []byte, ex Extractor) *harness {
	t.Helper()
	cfg := testConfig(t)
	h := &harness{
		objects: newFakeObjects(),
		tasks:   &fakeTasks{},
		store: &fakeStore{doc: domain.Document{ID: testID, Stage: domain.StageTrigger, Status: domain.StatusTriggering,
			Progress: 20, Seq: 2}},
		pub:   &fakePublisher{},
		clock: &fakeClock{now: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC), step: 200 * time.Millisecond},
	}
	if upload != nil {
		h.objects.objects[testBucket+"/"+testKey] = upload
	}
	h.r = New(cfg, h.objects, h.tasks, h.store, h.pub, ex, nil)
	h.r.clock = h.clock
	return h
}

// answers checks that exactly one answer was sent, all with the token.
func (h *harness) answers(t *testing.T) (success string, failure *Failure) {
	t.Helper()
	h.tasks.mu.Lock()
	defer h.tasks.mu.Unlock()
	if n := len(h.tasks.successes) + len(h.tasks.failures); n != 1 {
		t.Fatalf("sent %d successes and %d failures, want exactly one answer", len(h.tasks.successes), len(h.tasks.failures))
	}
	for _, tok := range h.tasks.tokens {
		if tok != testToken {
			t.Errorf("a call used token %q, want %q", tok, testToken)
		}
	}
	if len(h.tasks.successes) == 1 {
		return h.tasks.successes[0], nil
	}
	f := h.tasks.failures[0]
	return "", &Failure{Reason: aws.ToString(f.Error), Cause: aws.ToString(f.Cause)}
}

// sampleText has three form-feed pages; the second has 7 lines, so
// Text{PageLines: 2} cuts it further, and non-ASCII words test that
// offsets count characters, not bytes.
const sampleText = "Quarterly report\nRevenue grew in every region this quarter.\n" +
	"\f" +
	"Naïve café owners in Zürich reported “excellent” sales — über alles.\n" +
	"line two of page two\nline three\nline four\nline five\nline six\nline seven\n" +
	"\f" +
	"The end. Supercalifragilisticexpialidociousandthensomemoretoolong word.\n"

func TestRunProcessesText(t *testing.T) {
	cfg := testConfig(t)
	h := newHarness(t, []byte(sampleText), Text{PageLines: 2})

	if err := h.r.Run(context.Background()); err != nil {
		t.Fatalf("Run = %v, want success", err)
	}

	out, failure := h.answers(t)
	if failure != nil {
		t.Fatalf("failed with %+v, want success", failure)
	}
	// Outputs: all three, manifest last (the knowledge-base files, checked
	// in kb_test.go, go up in between).
	want := []string{domain.ProcessedKey(testID, TextFile), domain.ProcessedKey(testID, ChunksFile), domain.ProcessedKey(testID, ManifestFile)}
	if got := withoutKnowledgeBaseFiles(h.objects.puts); !slices.Equal(got, want) {
		t.Fatalf("puts %v, want %v", got, want)
	}
	textBytes, _ := h.objects.get(testBucket, want[0])
	text := string(textBytes)
	wantText := strings.Join([]string{
		"Quarterly report\nRevenue grew in every region this quarter.\n",
		"Naïve café owners in Zürich reported “excellent” sales — über alles.\nline two of page two\n",
		"line three\nline four\n", "line five\nline six\n", "line seven\n",
		"The end. Supercalifragilisticexpialidociousandthensomemoretoolong word.\n",
	}, PageSeparator)
	if text != wantText {
		t.Errorf("text.txt =\n%q\nwant\n%q", text, wantText)
	}

	// Summary: the SendTaskSuccess output.
	var sum domain.Summary
	if err := json.Unmarshal([]byte(out), &sum); err != nil {
		t.Fatalf("success output %q: %v", out, err)
	}
	digest := sha256.Sum256([]byte(sampleText))
	wantSum := domain.Summary{
		Type: TypePlainText, Pages: 6, Words: len(strings.Fields(text)), Characters: len([]rune(text)),
		Bytes: int64(len(sampleText)), SHA256: hex.EncodeToString(digest[:]),
		TextKey: want[0], ChunksKey: want[1], ManifestKey: want[2],
	}
	gotChunks := readChunks(t, h.objects, want[1])
	wantSum.Chunks = len(gotChunks)
	gotDuration := sum.DurationMs
	sum.DurationMs = 0
	if sum != wantSum {
		t.Errorf("summary = %+v\nwant %+v", sum, wantSum)
	}
	if gotDuration <= 0 {
		t.Errorf("summary durationMs = %d, want the run's duration", gotDuration)
	}

	checkChunks(t, text, gotChunks, cfg.ChunkSize)

	// Manifest.
	mb, _ := h.objects.get(testBucket, want[2])
	var m Manifest
	if err := json.Unmarshal(mb, &m); err != nil {
		t.Fatal(err)
	}
	if m.Input.Key != testKey || m.Input.SHA256 != wantSum.SHA256 || m.Pages != 6 || m.Chunks != wantSum.Chunks ||
		m.Chunking != (Chunking{Size: 40, Overlap: 10, Unit: "characters"}) || m.Timings.TotalMs != gotDuration || m.Type != TypePlainText {
		t.Errorf("manifest = %+v, does not match the summary %+v", m, sum)
	}
}

// readChunks decodes chunks.jsonl strictly, one object per line.
func readChunks(t *testing.T, objects *fakeObjects, key string) []Chunk {
	t.Helper()
	b, ok := objects.get(testBucket, key)
	if !ok {
		t.Fatalf("no %s", key)
	}
	var chunks []Chunk
	for i, line := range strings.Split(strings.TrimSuffix(string(b), "\n"), "\n") {
		var c Chunk
		if err := json.Unmarshal([]byte(line), &c); err != nil {
			t.Fatalf("chunks line %d %q: %v", i+1, line, err)
		}
		chunks = append(chunks, c)
	}
	return chunks
}

// checkChunks checks the chunk contract against text.txt: offsets in
// characters, the right page, no cut word, size, order, and that every word
// is in some chunk.
func checkChunks(t *testing.T, text string, chunks []Chunk, size int) {
	t.Helper()
	runes := []rune(text)
	covered := make([]bool, len(runes))
	for i, c := range chunks {
		if c.Index != i {
			t.Errorf("chunk %d has index %d", i, c.Index)
		}
		if c.Start < 0 || c.End > len(runes) || c.Start >= c.End {
			t.Fatalf("chunk %d range [%d,%d) outside text of %d characters", i, c.Start, c.End, len(runes))
		}
		if got := string(runes[c.Start:c.End]); got != c.Text {
			t.Errorf("chunk %d text %q, but text.txt[%d:%d] is %q", i, c.Text, c.Start, c.End, got)
		}
		if wantPage := strings.Count(string(runes[:c.Start]), PageSeparator) + 1; c.Page != wantPage {
			t.Errorf("chunk %d on page %d, want %d", i, c.Page, wantPage)
		}
		if strings.Contains(c.Text, PageSeparator) {
			t.Errorf("chunk %d %q spans pages", i, c.Text)
		}
		if c.Start > 0 && !isSpace(runes[c.Start-1]) || c.End < len(runes) && !isSpace(runes[c.End]) {
			t.Errorf("chunk %d %q cuts a word", i, c.Text)
		}
		if strings.TrimSpace(c.Text) != c.Text {
			t.Errorf("chunk %d %q has white space at an end", i, c.Text)
		}
		if n := len([]rune(c.Text)); n > size && len(strings.Fields(c.Text)) > 1 {
			t.Errorf("chunk %d has %d characters over %d in more than one word", i, n, size)
		}
		if i > 0 && (c.Start <= chunks[i-1].Start || c.End <= chunks[i-1].End) {
			t.Errorf("chunk %d [%d,%d) does not move past chunk %d [%d,%d)", i, c.Start, c.End, i-1, chunks[i-1].Start, chunks[i-1].End)
		}
		for j := c.Start; j < c.End; j++ {
			covered[j] = true
		}
	}
	for j, r := range runes {
		if !isSpace(r) && !covered[j] {
			t.Fatalf("character %d (%q) of text.txt is in no chunk", j, r)
		}
	}
}

func TestRunFrames(t *testing.T) {
	// 60 one-line pages; the clock moves 200 ms per page, so the 500 ms
	// limit lets about one page in three through.
	var b strings.Builder
	for i := range 60 {
		fmt.Fprintf(&b, "line %d\n", i)
	}
	h := newHarness(t, []byte(b.String()), Text{PageLines: 1})
	if err := h.r.Run(context.Background()); err != nil {
		t.Fatal(err)
	}

	ups := h.store.updates
	if len(ups) < 3 {
		t.Fatalf("%d updates, want the 40%% frame and several processing frames", len(ups))
	}
	first := progress.Process.Update()
	first.At = ups[0].At
	if ups[0] != first {
		t.Errorf("first update = %+v, want %+v", ups[0], first)
	}
	for i := 1; i < len(ups); i++ {
		u, prev := ups[i], ups[i-1]
		if u.Stage != domain.StageProcess || u.Status != domain.StatusProcessing {
			t.Errorf("update %d is %s/%s, want process/processing", i, u.Stage, u.Status)
		}
		if u.Progress < progress.MinProcessing || u.Progress > progress.MaxProcessing || u.Progress <= prev.Progress {
			t.Errorf("update %d progress %d after %d, want increasing within 41..99", i, u.Progress, prev.Progress)
		}
		// The limit is between finer frames; the first goes out with page 1.
		if gap := u.At.Sub(prev.At); i >= 2 && gap < 500*time.Millisecond {
			t.Errorf("update %d only %v after the previous one, want at least 500ms", i, gap)
		}
	}
	if got := ups[1].Message; !strings.Contains(got, "page 1 of 60") {
		t.Errorf("first processing frame %q, want it sent for page 1", got)
	}
	if got := len(ups) - 1; got >= 60 {
		t.Errorf("%d processing frames for 60 pages: the rate limit let every page through", got)
	}
	if got, want := len(h.pub.published), len(ups); got != want {
		t.Errorf("published %d frames, want one per applied update (%d)", got, want)
	}
	if last := ups[len(ups)-1]; !strings.Contains(last.Message, "of 60") {
		t.Errorf("last frame message %q, want it to count pages of 60", last.Message)
	}
}

func TestRunFramesAreBestEffort(t *testing.T) {
	h := newHarness(t, []byte("some words\n"), Text{})
	h.store.AdvanceFunc = func(domain.Update) error { return errors.New("dynamodb: throttled") }
	if err := h.r.Run(context.Background()); err != nil {
		t.Fatalf("Run = %v, want success although progress could not be recorded", err)
	}
	if out, f := h.answers(t); f != nil || out == "" {
		t.Errorf("answer %q %+v, want success", out, f)
	}
}

func TestRunFailures(t *testing.T) {
	smallCfg := func(t *testing.T) Config { c := testConfig(t); c.MaxDocumentBytes = 10; return c }
	noLength := func(body string) func(context.Context, *s3.GetObjectInput, ...func(*s3.Options)) (*s3.GetObjectOutput, error) {
		return func(context.Context, *s3.GetObjectInput, ...func(*s3.Options)) (*s3.GetObjectOutput, error) {
			return &s3.GetObjectOutput{Body: readCloser(body)}, nil
		}
	}
	tests := []struct {
		name       string
		cfg        func(*testing.T) Config
		upload     []byte
		get        func(context.Context, *s3.GetObjectInput, ...func(*s3.Options)) (*s3.GetObjectOutput, error)
		put        func(context.Context, *s3.PutObjectInput) error
		ex         Extractor
		wantReason string
		wantCause  string // a part of the cause
	}{
		{name: "empty file", upload: []byte{}, wantReason: domain.ReasonEmpty, wantCause: "empty"},
		{name: "only white space", upload: []byte(" \n\t\f\r\n  \f"), wantReason: domain.ReasonEmpty, wantCause: "only white space"},
		{name: "missing upload", wantReason: domain.ReasonMissing, wantCause: "upload location"},
		{name: "too large by its length", cfg: smallCfg, upload: []byte("eleven char"), wantReason: domain.ReasonTooLarge, wantCause: "limit"},
		{name: "too large while streaming", cfg: smallCfg, get: noLength("far more than ten bytes"), wantReason: domain.ReasonTooLarge, wantCause: "limit"},
		{name: "binary data", upload: []byte("text\x00\x01\x02 more"), wantReason: domain.ReasonUnsupported, wantCause: "NUL byte at offset 4"},
		{name: "invalid UTF-8", upload: []byte("caf\xe9 au lait\n"), wantReason: domain.ReasonUnsupported, wantCause: "not valid UTF-8"},
		{name: "a PDF", upload: []byte("%PDF-1.7\n%âãÏÓ\n1 0 obj\n"), wantReason: domain.ReasonUnsupported, wantCause: "application/pdf"},
		{name: "UTF-16 text", upload: []byte("\xff\xfeh\x00i\x00"), wantReason: domain.ReasonUnsupported, wantCause: "UTF-16"},
		{name: "S3 down", get: func(context.Context, *s3.GetObjectInput, ...func(*s3.Options)) (*s3.GetObjectOutput, error) {
			return nil, errors.New("InternalError: we encountered an internal error")
		}, wantReason: domain.ReasonProcessingFailed, wantCause: "internal error"},
		{name: "upload of outputs fails", upload: []byte("words\n"), put: func(context.Context, *s3.PutObjectInput) error {
			return errors.New("SlowDown")
		}, wantReason: domain.ReasonProcessingFailed, wantCause: "internal error"},
		{name: "extractor's own reason", upload: []byte("x"), ex: extractorFunc(func(context.Context, Input, func(Page) error) (string, error) {
			return "", fmt.Errorf("open pdf: %w", &reasonedError{reason: domain.ReasonEncrypted, msg: "The PDF asks for a password."})
		}), wantReason: domain.ReasonEncrypted, wantCause: "password"},
		{name: "extractor panics", upload: []byte("x"), ex: extractorFunc(func(context.Context, Input, func(Page) error) (string, error) {
			var pages []Page
			return "", fmt.Errorf("page %d", pages[3].Number) // index out of range
		}), wantReason: domain.ReasonProcessingFailed, wantCause: "unexpectedly"},
		{name: "extractor's plain error stays internal", upload: []byte("x"), ex: extractorFunc(func(context.Context, Input, func(Page) error) (string, error) {
			return "", errors.New("open /tmp/docflow-123/source: too many open files")
		}), wantReason: domain.ReasonProcessingFailed, wantCause: "internal error"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := testConfig(t)
			if tt.cfg != nil {
				cfg = tt.cfg(t)
			}
			ex := tt.ex
			if ex == nil {
				ex = Text{}
			}
			h := newHarness(t, tt.upload, ex)
			h.r = New(cfg, h.objects, h.tasks, h.store, h.pub, ex, nil)
			h.r.clock = h.clock
			h.objects.GetObjectFunc, h.objects.PutObjectFunc = tt.get, tt.put

			err := h.r.Run(context.Background())

			if err == nil {
				t.Errorf("Run = nil, want an error for a failed document")
			}
			_, got := h.answers(t)
			if got == nil {
				t.Fatalf("answered success, want failure %s", tt.wantReason)
			}
			if got.Reason != tt.wantReason || !strings.Contains(got.Cause, tt.wantCause) {
				t.Errorf("failure %q %q, want %q with %q", got.Reason, got.Cause, tt.wantReason, tt.wantCause)
			}
			if strings.Contains(got.Cause, "/tmp") || strings.Contains(got.Cause, "SlowDown") {
				t.Errorf("cause %q leaks internals", got.Cause)
			}
			if tt.wantReason != domain.ReasonProcessingFailed || tt.put == nil {
				if len(h.objects.puts) != 0 {
					t.Errorf("wrote %v for a failed document, want nothing", h.objects.puts)
				}
			}
		})
	}
}

func TestRunHeartbeats(t *testing.T) {
	h := newHarness(t, []byte("x"), nil)
	h.clock.ticks = make(chan time.Time)
	h.tasks.beats = make(chan int, 8)
	// The extractor holds the work until the test has seen the first beat
	// (sent at once) and two interval beats.
	ex := extractorFunc(func(ctx context.Context, in Input, emit func(Page) error) (string, error) {
		<-h.tasks.beats
		for range 2 {
			h.clock.ticks <- time.Time{}
			<-h.tasks.beats
		}
		return TypePlainText, emit(Page{Number: 1, Total: 1, Text: "hello world"})
	})
	h.r.ex = ex

	if err := h.r.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got, want := h.tasks.heartbeats, 3; got != want {
		t.Errorf("%d heartbeats, want %d", got, want)
	}
	if out, f := h.answers(t); f != nil || !strings.Contains(out, `"words":2`) {
		t.Errorf("answer %q %+v, want success with 2 words", out, f)
	}
}

func TestRunStopsWhenTheStateGivesUp(t *testing.T) {
	tests := []struct {
		name string
		err  error
	}{
		{name: "task timed out", err: &sfntypes.TaskTimedOut{Message: aws.String("Task Timed Out")}},
		{name: "task does not exist", err: &sfntypes.TaskDoesNotExist{Message: aws.String("gone")}},
		{name: "invalid token", err: &sfntypes.InvalidToken{Message: aws.String("bad")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, []byte("x"), nil)
			h.clock.ticks = make(chan time.Time)
			h.tasks.HeartbeatFunc = func(n int) error {
				if n == 2 {
					return tt.err
				}
				return nil
			}
			h.r.ex = extractorFunc(func(ctx context.Context, in Input, emit func(Page) error) (string, error) {
				h.clock.ticks <- time.Time{} // second beat: the state has given up
				<-ctx.Done()                 // the work is cancelled
				return "", ctx.Err()
			})

			if err := h.r.Run(context.Background()); err == nil {
				t.Error("Run = nil, want an error")
			}
			_, f := h.answers(t)
			if f == nil || f.Reason != domain.ReasonProcessingFailed || !strings.Contains(f.Cause, "stopped waiting") {
				t.Errorf("answer %+v, want ProcessingFailed saying the workflow stopped waiting", f)
			}
		})
	}
}

func TestRunStoppedBySIGTERM(t *testing.T) {
	h := newHarness(t, []byte("x"), nil)
	ctx, cancel := context.WithCancel(context.Background())
	h.r.ex = extractorFunc(func(ctx context.Context, in Input, emit func(Page) error) (string, error) {
		cancel() // as signal.NotifyContext does on SIGTERM
		return "", emit(Page{Number: 1, Text: "words here"})
	})
	if err := h.r.Run(ctx); err == nil {
		t.Error("Run = nil, want an error")
	}
	_, f := h.answers(t)
	if f == nil || !strings.Contains(f.Cause, "stopped before it finished") {
		t.Errorf("answer %+v, want a failure saying the container was stopped", f)
	}
}

func TestRunTwiceOverwritesTheSameOutputs(t *testing.T) {
	h := newHarness(t, []byte(sampleText), Text{})
	if err := h.r.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	firstPuts := slices.Clone(h.objects.puts)
	firstText, _ := h.objects.get(testBucket, domain.ProcessedKey(testID, TextFile))
	firstChunks, _ := h.objects.get(testBucket, domain.ProcessedKey(testID, ChunksFile))

	// A second container for the same document (a retried RunProcessor).
	h.tasks = &fakeTasks{}
	h.r = New(testConfig(t), h.objects, h.tasks, h.store, h.pub, Text{}, nil)
	h.r.clock = h.clock
	if err := h.r.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	if out, f := h.answers(t); f != nil || out == "" {
		t.Fatalf("second run answered %q %+v, want success", out, f)
	}
	// The knowledge-base files go up concurrently: compare them as sets.
	got, want := slices.Clone(h.objects.puts[len(firstPuts):]), slices.Clone(firstPuts)
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("second run wrote %v, want the same keys %v", got, want)
	}
	if got, want := len(h.objects.objects), 1+len(firstPuts); got != want { // the upload and the outputs
		t.Errorf("bucket holds %d objects, want %d", got, want)
	}
	secondText, _ := h.objects.get(testBucket, domain.ProcessedKey(testID, TextFile))
	secondChunks, _ := h.objects.get(testBucket, domain.ProcessedKey(testID, ChunksFile))
	if string(secondText) != string(firstText) || string(secondChunks) != string(firstChunks) {
		t.Error("second run's text or chunks differ from the first's")
	}
}

func readCloser(s string) *nopCloser { return &nopCloser{strings.NewReader(s)} }

type nopCloser struct{ *strings.Reader }

func (nopCloser) Close() error { return nil }

// BenchmarkRun processes an 8 MiB text document end to end over the fakes
// (download to disk, extract, chunk, write, upload from disk).
func BenchmarkRun(b *testing.B) {
	line := "The quick brown fox jumps over the lazy dog; naïve café société.\n"
	body := []byte(strings.Repeat(line, (8<<20)/len(line)))
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		objects := newFakeObjects()
		objects.objects[testBucket+"/"+testKey] = body
		cfg := Config{TaskToken: testToken, DocumentID: testID, DocumentName: "notes.txt", Bucket: testBucket,
			DocumentKey: testKey, OutputBucket: testBucket, TempDir: b.TempDir()}
		st := &fakeStore{doc: domain.Document{ID: testID, Progress: 20}}
		r := New(cfg, objects, &fakeTasks{}, st, &fakePublisher{}, Text{}, nil)
		if err := r.Run(context.Background()); err != nil {
			b.Fatal(err)
		}
	}
}
