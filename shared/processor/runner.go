package processor

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"runtime/debug"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/aws-sdk-go-v2/service/sfn"
	sfntypes "github.com/aws/aws-sdk-go-v2/service/sfn/types"
	"github.com/aws/smithy-go"

	"docflow/shared/domain"
	"docflow/shared/progress"
)

// Output file names under processed/<documentId>/.
const (
	TextFile     = "text.txt"
	ChunksFile   = "chunks.jsonl"
	ManifestFile = "manifest.json"
)

// PageSeparator separates pages in text.txt.
const PageSeparator = "\f"

const (
	// minFrameInterval spaces processing frames (at most two a second per
	// document): clients need motion, not every page.
	minFrameInterval = 500 * time.Millisecond
	// answerTimeout bounds the final SendTaskSuccess/SendTaskFailure; it
	// runs even when the work was cancelled (ECS gives 30 s after SIGTERM).
	answerTimeout = 20 * time.Second
	// Step Functions' limits on an answer.
	maxOutputBytes = 256 << 10
	maxErrorLen    = 256
	maxCauseLen    = 32768
)

// errAbandoned is the work context's cause when Step Functions has stopped
// waiting for this container (heartbeat answered TaskTimedOut and the like).
var errAbandoned = errors.New("the workflow stopped waiting for this task")

// Runner processes one document: the processing container's whole job.
type Runner struct {
	cfg     Config
	objects Objects
	tasks   TaskAnswers
	store   Advancer
	pub     Publisher
	ex      Extractor
	log     *slog.Logger
	clock   Clock

	// The last processing frame sent, for the rate limit; only the
	// extraction goroutine touches them.
	lastFrame    time.Time
	lastProgress int
}

// New returns a Runner for the document cfg names. ex extracts the text
// (Text for plain text and Markdown, or shared/extract's engine).
func New(cfg Config, objects Objects, tasks TaskAnswers, store Advancer, pub Publisher, ex Extractor, log *slog.Logger) *Runner {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if cfg.HeartbeatInterval <= 0 {
		cfg.HeartbeatInterval = DefaultHeartbeatInterval
	}
	if cfg.MaxDocumentBytes <= 0 {
		cfg.MaxDocumentBytes = DefaultMaxDocumentBytes
	}
	if cfg.ChunkSize <= 0 {
		cfg.ChunkSize = DefaultChunkSize
	}
	if cfg.ChunkOverlap < 0 || cfg.ChunkOverlap >= cfg.ChunkSize {
		cfg.ChunkOverlap = min(DefaultChunkOverlap, cfg.ChunkSize/5)
	}
	return &Runner{
		cfg: cfg, objects: objects, tasks: tasks, store: store, pub: pub, ex: ex,
		log:   log.With("documentId", cfg.DocumentID),
		clock: realClock{},
	}
}

// Run processes the document and answers the task token exactly once:
// SendTaskSuccess with the summary, or SendTaskFailure with the reason. It
// returns nil only when the success was delivered. Cancelling ctx (SIGTERM)
// stops the work; the failure is still reported.
func (r *Runner) Run(ctx context.Context) error {
	start := r.clock.Now()
	r.log.InfoContext(ctx, "processing document", "bucket", r.cfg.Bucket, "key", r.cfg.DocumentKey)
	r.advance(ctx, progress.Process.Update())

	work, abandon := context.WithCancelCause(ctx)
	defer abandon(nil)
	beating := make(chan struct{})
	go func() {
		defer close(beating)
		r.heartbeat(work, abandon)
	}()
	sum, err := r.process(work, start)
	abandoned := errors.Is(context.Cause(work), errAbandoned)
	abandon(nil)
	<-beating // no heartbeat after the answer

	switch {
	case err == nil:
	case abandoned:
		err = Fail(domain.ReasonProcessingFailed, "The workflow stopped waiting for the processing engine.")
	case ctx.Err() != nil:
		err = Fail(domain.ReasonProcessingFailed, "The processing container was stopped before it finished.")
	}
	return r.answer(ctx, sum, err)
}

// answer sends the one answer of this run.
func (r *Runner) answer(ctx context.Context, sum domain.Summary, err error) error {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), answerTimeout)
	defer cancel()
	if err == nil {
		out, merr := json.Marshal(sum)
		switch {
		case merr != nil:
			err = fmt.Errorf("encode summary: %w", merr)
		case len(out) > maxOutputBytes:
			err = fmt.Errorf("summary of %d bytes is over Step Functions' %d", len(out), maxOutputBytes)
		default:
			if _, serr := r.tasks.SendTaskSuccess(ctx, &sfn.SendTaskSuccessInput{
				TaskToken: aws.String(r.cfg.TaskToken), Output: aws.String(string(out)),
			}); serr != nil {
				r.log.ErrorContext(ctx, "success not delivered", "error", serr)
				return fmt.Errorf("send task success: %w", serr)
			}
			r.log.InfoContext(ctx, "document processed", "pages", sum.Pages, "words", sum.Words, "chunks", sum.Chunks, "durationMs", sum.DurationMs)
			return nil
		}
	}
	f := failureOf(err)
	r.log.WarnContext(ctx, "document failed", "reason", f.Reason, "cause", f.Cause, "error", err)
	if _, serr := r.tasks.SendTaskFailure(ctx, &sfn.SendTaskFailureInput{
		TaskToken: aws.String(r.cfg.TaskToken),
		Error:     aws.String(truncate(f.Reason, maxErrorLen)),
		Cause:     aws.String(truncate(f.Cause, maxCauseLen)),
	}); serr != nil {
		r.log.ErrorContext(ctx, "failure not delivered", "error", serr)
		return fmt.Errorf("send task failure %s: %w (after %w)", f.Reason, serr, err)
	}
	return fmt.Errorf("document failed: %w", err)
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && s[n]&0xC0 == 0x80 { // do not cut a UTF-8 sequence
		n--
	}
	return s[:n]
}

// heartbeat tells Step Functions the container is alive, at once and then
// every interval, until ctx ends. If the task is gone, the state has given
// up: it cancels the work with errAbandoned.
func (r *Runner) heartbeat(ctx context.Context, abandon context.CancelCauseFunc) {
	for {
		_, err := r.tasks.SendTaskHeartbeat(ctx, &sfn.SendTaskHeartbeatInput{TaskToken: aws.String(r.cfg.TaskToken)})
		switch {
		case err == nil:
		case ctx.Err() != nil:
			return
		case taskGone(err):
			r.log.WarnContext(ctx, "the workflow stopped waiting; stopping work", "error", err)
			abandon(errAbandoned)
			return
		default:
			// HeartbeatSeconds leaves room for several missed beats.
			r.log.WarnContext(ctx, "heartbeat failed", "error", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-r.clock.After(r.cfg.HeartbeatInterval):
		}
	}
}

// taskGone reports whether Step Functions no longer waits for the token.
func taskGone(err error) bool {
	if _, ok := errors.AsType[*sfntypes.TaskTimedOut](err); ok {
		return true
	}
	if _, ok := errors.AsType[*sfntypes.TaskDoesNotExist](err); ok {
		return true
	}
	_, ok := errors.AsType[*sfntypes.InvalidToken](err)
	return ok
}

// advance records u and publishes the frame, best effort: progress frames
// are for watching, and a store hiccup must not fail a document whose
// result Complete will record anyway. By the retry rule (docs/protocol.md,
// Orchestration), an update that is not applied re-publishes the current
// frame if the document is at u's stage, and is dropped otherwise.
func (r *Runner) advance(ctx context.Context, u domain.Update) {
	if u.At.IsZero() {
		u.At = r.clock.Now().UTC()
	}
	r.lastProgress = max(r.lastProgress, u.Progress)
	doc, applied, err := r.store.Advance(ctx, r.cfg.DocumentID, u)
	if err != nil {
		r.log.WarnContext(ctx, "progress not recorded", "progress", u.Progress, "error", err)
		return
	}
	if !applied && doc.Stage != u.Stage {
		r.log.InfoContext(ctx, "progress update dropped", "progress", u.Progress, "stage", doc.Stage, "status", doc.Status)
		return
	}
	if err := r.pub.Publish(ctx, doc); err != nil {
		r.log.WarnContext(ctx, "progress not published", "seq", doc.Seq, "error", err)
	}
}

// pageProgress sends a processing frame for done of total pages unless
// one went out less than minFrameInterval ago or it would not move the
// progress forward.
func (r *Runner) pageProgress(ctx context.Context, done, total int) {
	msg := fmt.Sprintf("Extracting text: page %d...", done)
	if total > 0 {
		msg = fmt.Sprintf("Extracting text: page %d of %d...", done, total)
	}
	u := progress.ProcessingUpdate(done, total, msg)
	now := r.clock.Now().UTC()
	if u.Progress <= r.lastProgress || now.Sub(r.lastFrame) < minFrameInterval {
		return
	}
	u.At = now
	// Only the finer frames count against the limit: the first page's
	// frame goes out at once, so even a one-page document shows progress
	// between the fixed 40% frame and completion.
	r.lastFrame = now
	r.advance(ctx, u)
}

// extraction is what the pages of a document added up to.
type extraction struct {
	typ                         string
	pages, words, chars, chunks int
}

// process does the work and returns the summary; it turns a panic into
// Document.ProcessingFailed so that Run still answers.
func (r *Runner) process(ctx context.Context, start time.Time) (sum domain.Summary, err error) {
	defer func() {
		if p := recover(); p != nil {
			r.log.ErrorContext(ctx, "panic while processing", "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
			err = Fail(domain.ReasonProcessingFailed, "The processing engine failed unexpectedly.")
		}
	}()
	dir, err := os.MkdirTemp(r.cfg.TempDir, "docflow-")
	if err != nil {
		return sum, fmt.Errorf("make work directory: %w", err)
	}
	defer os.RemoveAll(dir)

	src := filepath.Join(dir, "source")
	size, digest, err := r.download(ctx, src)
	if err != nil {
		return sum, err
	}
	downloaded := r.clock.Now()

	textPath, chunksPath := filepath.Join(dir, TextFile), filepath.Join(dir, ChunksFile)
	ex, err := r.extract(ctx, src, textPath, chunksPath)
	if err != nil {
		return sum, err
	}
	if ex.words == 0 {
		if size == 0 {
			return sum, Fail(domain.ReasonEmpty, "The file is empty.")
		}
		return sum, Fail(domain.ReasonEmpty, "The file contains only white space.")
	}
	extracted := r.clock.Now()

	id := r.cfg.DocumentID
	sum = domain.Summary{
		Type: ex.typ, Pages: ex.pages, Words: ex.words, Characters: ex.chars, Chunks: ex.chunks,
		Bytes: size, SHA256: digest,
		TextKey:     domain.ProcessedKey(id, TextFile),
		ChunksKey:   domain.ProcessedKey(id, ChunksFile),
		ManifestKey: domain.ProcessedKey(id, ManifestFile),
	}
	if err := r.putFile(ctx, sum.TextKey, "text/plain; charset=utf-8", textPath); err != nil {
		return sum, err
	}
	if err := r.putFile(ctx, sum.ChunksKey, "application/x-ndjson", chunksPath); err != nil {
		return sum, err
	}
	kbFiles, err := r.putKnowledgeBaseFiles(ctx, chunksPath)
	if err != nil {
		return sum, err
	}
	uploaded := r.clock.Now()
	sum.DurationMs = uploaded.Sub(start).Milliseconds()
	m := r.manifest(sum, Timings{
		DownloadMs: downloaded.Sub(start).Milliseconds(),
		ExtractMs:  extracted.Sub(downloaded).Milliseconds(),
		UploadMs:   uploaded.Sub(extracted).Milliseconds(),
		TotalMs:    sum.DurationMs,
	}, uploaded)
	m.KnowledgeBaseFiles = kbFiles
	body, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return sum, fmt.Errorf("encode manifest: %w", err)
	}
	// The manifest goes last: its presence says the other outputs are whole.
	if err := r.put(ctx, sum.ManifestKey, "application/json", bytes.NewReader(body), int64(len(body))); err != nil {
		return sum, err
	}
	return sum, nil
}

// download streams the upload into dst, hashing it on the way, and returns
// its size and hex SHA-256.
func (r *Runner) download(ctx context.Context, dst string) (int64, string, error) {
	limit := r.cfg.MaxDocumentBytes
	out, err := r.objects.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(r.cfg.Bucket), Key: aws.String(r.cfg.DocumentKey)})
	if err != nil {
		if missing(err) {
			return 0, "", Fail(domain.ReasonMissing, "Nothing is stored at the document's upload location.")
		}
		return 0, "", fmt.Errorf("get s3://%s/%s: %w", r.cfg.Bucket, r.cfg.DocumentKey, err)
	}
	defer out.Body.Close()
	if n := aws.ToInt64(out.ContentLength); n > limit {
		return 0, "", tooLarge(n, limit)
	}
	f, err := os.Create(dst)
	if err != nil {
		return 0, "", fmt.Errorf("create download file: %w", err)
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(f, h), io.LimitReader(out.Body, limit+1))
	if err != nil {
		return 0, "", fmt.Errorf("download s3://%s/%s: %w", r.cfg.Bucket, r.cfg.DocumentKey, err)
	}
	if n > limit {
		return 0, "", tooLarge(n, limit)
	}
	if err := f.Close(); err != nil {
		return 0, "", fmt.Errorf("write download file: %w", err)
	}
	return n, hex.EncodeToString(h.Sum(nil)), nil
}

func tooLarge(n, limit int64) error {
	return Fail(domain.ReasonTooLarge, "The file is over %s; the limit is %s.", mebibytes(min(n, limit+1)), mebibytes(limit))
}

func mebibytes(n int64) string { return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20)) }

// missing reports whether S3 says there is no such object.
func missing(err error) bool {
	if _, ok := errors.AsType[*s3types.NoSuchKey](err); ok {
		return true
	}
	if _, ok := errors.AsType[*s3types.NotFound](err); ok {
		return true
	}
	if ae, ok := errors.AsType[smithy.APIError](err); ok {
		return ae.ErrorCode() == "NoSuchKey" || ae.ErrorCode() == "NotFound"
	}
	return false
}

// extract runs the extractor, writing text.txt and chunks.jsonl to local
// files page by page and sending processing frames.
func (r *Runner) extract(ctx context.Context, src, textPath, chunksPath string) (extraction, error) {
	var ex extraction
	tf, err := os.Create(textPath)
	if err != nil {
		return ex, fmt.Errorf("create text file: %w", err)
	}
	defer tf.Close()
	cf, err := os.Create(chunksPath)
	if err != nil {
		return ex, fmt.Errorf("create chunks file: %w", err)
	}
	defer cf.Close()
	text, chunks := bufio.NewWriterSize(tf, 256<<10), bufio.NewWriterSize(cf, 256<<10)
	enc := json.NewEncoder(chunks)
	enc.SetEscapeHTML(false)

	emit := func(p Page) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		number := p.Number
		if number <= 0 {
			number = ex.pages + 1
		}
		if ex.pages > 0 {
			if _, err := text.WriteString(PageSeparator); err != nil {
				return fmt.Errorf("write text: %w", err)
			}
			ex.chars++
		}
		runes := []rune(p.Text)
		if _, err := text.WriteString(p.Text); err != nil {
			return fmt.Errorf("write text: %w", err)
		}
		base := ex.chars
		ex.chars += len(runes)
		ex.words += countWords(runes)
		err := chunkPage(runes, r.cfg.ChunkSize, r.cfg.ChunkOverlap, func(s, e int) error {
			c := Chunk{Index: ex.chunks, Page: number, Start: base + s, End: base + e, Text: string(runes[s:e])}
			ex.chunks++
			if err := enc.Encode(c); err != nil {
				return fmt.Errorf("write chunk: %w", err)
			}
			return nil
		})
		if err != nil {
			return err
		}
		ex.pages++
		r.pageProgress(ctx, ex.pages, p.Total)
		return nil
	}
	ex.typ, err = r.ex.Extract(ctx, Input{Path: src, Name: r.cfg.DocumentName}, emit)
	if err != nil {
		return ex, err
	}
	if err := text.Flush(); err != nil {
		return ex, fmt.Errorf("write text: %w", err)
	}
	if err := chunks.Flush(); err != nil {
		return ex, fmt.Errorf("write chunks: %w", err)
	}
	if err := tf.Close(); err != nil {
		return ex, fmt.Errorf("write text: %w", err)
	}
	if err := cf.Close(); err != nil {
		return ex, fmt.Errorf("write chunks: %w", err)
	}
	return ex, nil
}

// countWords counts maximal runs of non-space characters.
func countWords(runes []rune) int {
	n, in := 0, false
	for _, c := range runes {
		if isSpace(c) {
			in = false
		} else if !in {
			in = true
			n++
		}
	}
	return n
}

// putFile uploads a local file, streaming it rather than reading it into
// memory (the file is seekable, so the SDK can sign and checksum it).
func (r *Runner) putFile(ctx context.Context, key, contentType, name string) error {
	f, err := os.Open(name)
	if err != nil {
		return fmt.Errorf("open %s: %w", filepath.Base(name), err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return fmt.Errorf("stat %s: %w", filepath.Base(name), err)
	}
	return r.put(ctx, key, contentType, f, st.Size())
}

func (r *Runner) put(ctx context.Context, key, contentType string, body io.Reader, size int64) error {
	_, err := r.objects.PutObject(ctx, &s3.PutObjectInput{
		Bucket:        aws.String(r.cfg.OutputBucket),
		Key:           aws.String(key),
		Body:          body,
		ContentLength: aws.Int64(size),
		ContentType:   aws.String(contentType),
	})
	if err != nil {
		return fmt.Errorf("put s3://%s/%s: %w", r.cfg.OutputBucket, key, err)
	}
	return nil
}
