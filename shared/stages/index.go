package stages

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/bedrockagent"
	"github.com/aws/aws-sdk-go-v2/service/bedrockagent/types"
	"github.com/aws/smithy-go"

	"docflow/shared/config"
	"docflow/shared/domain"
	"docflow/shared/progress"
	"docflow/shared/workflow"
)

// KnowledgeBaseBatch is the most documents one IngestKnowledgeBaseDocuments
// or GetKnowledgeBaseDocuments call takes: the service model bounds both
// lists to 1–10 items (the user guide quotes a quota of 25 for ingestion;
// 10 fits under both).
const KnowledgeBaseBatch = 10

// Defaults of the Index stage's wait.
const (
	// DefaultIndexWait is how long one invocation polls before it hands
	// the wait to the state's Retry (IndexPending).
	DefaultIndexWait = 40 * time.Second
	// DefaultIndexPoll is the longest pause between
	// GetKnowledgeBaseDocuments calls. The first comes after a sixteenth
	// of it and each next after twice the last (0.125, 0.25, 0.5, 1, 2,
	// 2 s…), so a document indexed at once is not held for a whole pause.
	DefaultIndexPoll = 2 * time.Second
	firstPollDivisor = 16
)

// KnowledgeBase ingests documents into a knowledge base and reports their
// status (*bedrockagent.Client satisfies it).
type KnowledgeBase interface {
	IngestKnowledgeBaseDocuments(ctx context.Context, in *bedrockagent.IngestKnowledgeBaseDocumentsInput, optFns ...func(*bedrockagent.Options)) (*bedrockagent.IngestKnowledgeBaseDocumentsOutput, error)
	GetKnowledgeBaseDocuments(ctx context.Context, in *bedrockagent.GetKnowledgeBaseDocumentsInput, optFns ...func(*bedrockagent.Options)) (*bedrockagent.GetKnowledgeBaseDocumentsOutput, error)
}

var _ KnowledgeBase = (*bedrockagent.Client)(nil)

// IndexConfig says where Index ingests and how long it waits.
type IndexConfig struct {
	KnowledgeBaseID string        // KNOWLEDGE_BASE_ID
	DataSourceID    string        // DATA_SOURCE_ID: the S3 data source on the documents bucket
	Bucket          string        // DOCUMENTS_BUCKET: where the chunk files are
	Wait            time.Duration // INDEX_WAIT, default DefaultIndexWait
	// Poll is INDEX_POLL_INTERVAL, default DefaultIndexPoll. The local
	// stack, whose knowledge base indexes within milliseconds, polls
	// sooner.
	Poll time.Duration
}

// LoadIndexSettings reads what Index needs: the common settings and the
// knowledge base's.
func LoadIndexSettings(lookup func(string) (string, bool)) (Settings, IndexConfig, error) {
	e := config.New(lookup)
	s := common(e)
	c := IndexConfig{
		KnowledgeBaseID: e.Required("KNOWLEDGE_BASE_ID"),
		DataSourceID:    e.Required("DATA_SOURCE_ID"),
		Bucket:          e.Required("DOCUMENTS_BUCKET"),
		Wait:            e.Duration("INDEX_WAIT", DefaultIndexWait),
		Poll:            e.Duration("INDEX_POLL_INTERVAL", DefaultIndexPoll),
	}
	return s, c, e.Err()
}

// IndexPending means the document's chunks are not all indexed yet (or the
// knowledge base was briefly unavailable); the state machine retries it
// with backoff, and the retry picks up where this try stopped.
type IndexPending struct {
	Message string
	Pending int // chunks not yet indexed
}

func (e *IndexPending) Error() string { return e.Message }

// IndexError means the knowledge base refused the document for good (a
// chunk failed to index, the request was invalid, access was denied);
// retrying cannot help.
type IndexError struct{ Message string }

func (e *IndexError) Error() string { return e.Message }

// Index is the Index state: after processing, it ingests the document's
// chunk files (processed/<id>/kb/, written by the processing container) into
// the knowledge base and waits until they are indexed, so that the 100%
// frame Complete sends next means "ready for questions". It sends one
// processing frame (progress.Index) first.
//
// It uses IngestKnowledgeBaseDocuments, not StartIngestionJob: a job
// re-syncs the whole data source and only one may run per data source at a
// time, so concurrent documents would conflict; direct ingestion takes
// exactly this document's files and many documents may ingest at once.
type Index struct {
	deps
	kb    KnowledgeBase
	cfg   IndexConfig
	sleep func(context.Context, time.Duration) error
}

// NewIndex returns the Index handler.
func NewIndex(store Advancer, pub Publisher, kb KnowledgeBase, cfg IndexConfig, log *slog.Logger) *Index {
	if cfg.Wait <= 0 {
		cfg.Wait = DefaultIndexWait
	}
	if cfg.Poll <= 0 {
		cfg.Poll = DefaultIndexPoll
	}
	return &Index{deps: newDeps(store, pub, log), kb: kb, cfg: cfg, sleep: sleepCtx}
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// Handle indexes the document. It receives what Complete receives (the
// input with the container's summary at $.result) and its result is
// discarded (ResultPath null), so Complete sees the same input.
//
// A retried Index (IndexPending, or a Lambda error) asks for the chunks'
// status first and ingests only those the knowledge base does not have, so
// retries never ingest a document twice over; the first try, which moved
// the document to this stage, ingests at once.
func (h *Index) Handle(ctx context.Context, in workflow.CompleteEvent) (Result, error) {
	err := checkInput(in.Input)
	if err == nil && in.Result == nil {
		err = &domain.InputError{Message: "the index event has no result (the processing container's summary)"}
	}
	if err != nil {
		h.log.ErrorContext(ctx, "bad index event", "documentId", in.DocumentID, "error", err)
		return Result{}, err
	}
	doc, res, err := h.advance(ctx, in.DocumentID, progress.Index.Update())
	if err != nil {
		h.log.ErrorContext(ctx, "index failed", "documentId", in.DocumentID, "error", err)
		return res, err
	}
	if res.Outcome == OutcomeSkipped {
		return res, nil // the document failed or moved on: nothing to index
	}
	log := h.logger(doc)
	chunks := h.chunkKeys(in.DocumentID, in.Result.Chunks)
	if err := h.index(ctx, log, chunks, res.Outcome == OutcomeApplied); err != nil {
		log.WarnContext(ctx, "document not indexed", "chunks", len(chunks), "error", err)
		return res, err
	}
	log.InfoContext(ctx, "document indexed", "chunks", len(chunks))
	return res, nil
}

// chunkKeys are the S3 URIs of the document's n chunk files.
func (h *Index) chunkKeys(id string, n int) []string {
	uris := make([]string, n)
	for i := range uris {
		uris[i] = "s3://" + h.cfg.Bucket + "/" + domain.KnowledgeBaseChunkKey(id, i+1)
	}
	return uris
}

// index ingests what is missing and polls until every chunk is indexed or
// the wait is over. fresh says no earlier try ingested anything (this try
// advanced the document), so it ingests at once without asking first.
// Every loop checks the deadline, so a document with many chunks returns
// IndexPending well inside the function's timeout instead of being cut off
// by it; the next try asks and carries on.
func (h *Index) index(ctx context.Context, log *slog.Logger, uris []string, fresh bool) error {
	deadline := h.now().Add(h.cfg.Wait)
	ctx, cancel := context.WithTimeout(ctx, h.cfg.Wait+h.cfg.Poll)
	defer cancel()
	pending := func(waiting int, why string) error {
		return &IndexPending{Message: fmt.Sprintf("%d of %d chunks are not indexed yet (%s)", waiting, len(uris), why), Pending: waiting}
	}
	todo := uris // not known to be indexed
	ingested, asked := false, false
	if fresh {
		n, unsettled, err := h.ingest(ctx, log, todo, deadline)
		if err != nil {
			return err
		}
		log.InfoContext(ctx, "chunks submitted for ingestion", "chunks", n, "of", len(uris))
		if n < len(todo) {
			return pending(len(todo), fmt.Sprintf("submitted %d before the wait ran out", n))
		}
		// The answer already says INDEXED for every chunk: nothing to
		// wait for.
		if len(unsettled) == 0 {
			return nil
		}
		todo = unsettled
		ingested, asked = true, true
	}
	pause := max(h.cfg.Poll/firstPollDivisor, time.Millisecond)
	for {
		if asked { // give Bedrock time before asking again
			if h.now().Add(pause).After(deadline) {
				return pending(len(todo), "the wait ran out")
			}
			if err := h.sleep(ctx, pause); err != nil {
				return pending(len(todo), err.Error())
			}
			pause = min(2*pause, h.cfg.Poll)
		}
		st, n, err := h.statuses(ctx, todo, deadline)
		if err != nil {
			return err
		}
		asked = true
		var missing, waiting []string
		for i, u := range todo {
			if i >= n { // not asked before the deadline
				waiting = append(waiting, u)
				continue
			}
			switch d := st[u]; d.Status {
			case types.DocumentStatusIndexed:
			case types.DocumentStatusPartiallyIndexed, types.DocumentStatusMetadataPartiallyIndexed, types.DocumentStatusIgnored:
				// Searchable, if not perfectly: not worth failing a document.
				log.WarnContext(ctx, "chunk indexed with a warning", "chunk", u, "status", d.Status, "reason", aws.ToString(d.StatusReason))
			case types.DocumentStatusFailed, types.DocumentStatusMetadataUpdateFailed:
				return &IndexError{Message: fmt.Sprintf("chunk %s: %s (%s)", u, d.Status, aws.ToString(d.StatusReason))}
			case types.DocumentStatusNotFound, "":
				missing = append(missing, u)
			default: // STARTING, PENDING, IN_PROGRESS, DELETING…
				waiting = append(waiting, u)
			}
		}
		if len(missing) > 0 && !ingested {
			n, unsettled, err := h.ingest(ctx, log, missing, deadline)
			if err != nil {
				return err
			}
			log.InfoContext(ctx, "chunks submitted for ingestion", "chunks", n, "of", len(uris))
			ingested = true
			if n < len(missing) {
				return pending(len(missing)+len(waiting), fmt.Sprintf("submitted %d before the wait ran out", n))
			}
			missing = unsettled
		}
		// Just ingested chunks may read NOT_FOUND for a moment: wait for
		// them like for pending ones.
		todo = append(missing, waiting...)
		if len(todo) == 0 {
			return nil
		}
	}
}

// ingest submits the chunk files with their metadata files, in batches,
// until the deadline; it returns how many it submitted and which of those
// the answer does not already report indexed (the service usually answers
// STARTING, so those are polled; an answer of INDEXED needs no poll).
func (h *Index) ingest(ctx context.Context, log *slog.Logger, uris []string, deadline time.Time) (int, []string, error) {
	n := 0
	var unsettled []string
	for batch := range batches(uris) {
		if h.now().After(deadline) {
			return n, unsettled, nil
		}
		docs := make([]types.KnowledgeBaseDocument, len(batch))
		for i, u := range batch {
			docs[i] = types.KnowledgeBaseDocument{
				Content: &types.DocumentContent{
					DataSourceType: types.ContentDataSourceTypeS3,
					S3:             &types.S3Content{S3Location: &types.S3Location{Uri: aws.String(u)}},
				},
				// Content and metadata must come the same way (both in S3).
				Metadata: &types.DocumentMetadata{
					Type:       types.MetadataSourceTypeS3Location,
					S3Location: &types.CustomS3Location{Uri: aws.String(domain.KnowledgeBaseMetadataKey(u))},
				},
			}
		}
		out, err := h.kb.IngestKnowledgeBaseDocuments(ctx, &bedrockagent.IngestKnowledgeBaseDocumentsInput{
			KnowledgeBaseId: aws.String(h.cfg.KnowledgeBaseID),
			DataSourceId:    aws.String(h.cfg.DataSourceID),
			Documents:       docs,
		})
		if err != nil {
			return n, unsettled, kbError("ingest documents", err)
		}
		indexed := map[string]bool{}
		for _, d := range out.DocumentDetails {
			u := identifierURI(d.Identifier)
			switch d.Status {
			case types.DocumentStatusFailed:
				return n, unsettled, &IndexError{Message: fmt.Sprintf("chunk %s refused: %s", u, aws.ToString(d.StatusReason))}
			case types.DocumentStatusIndexed:
				indexed[u] = true
			case types.DocumentStatusPartiallyIndexed, types.DocumentStatusMetadataPartiallyIndexed:
				log.WarnContext(ctx, "chunk indexed with a warning", "chunk", u, "status", d.Status, "reason", aws.ToString(d.StatusReason))
				indexed[u] = true
			}
		}
		for _, u := range batch {
			if !indexed[u] {
				unsettled = append(unsettled, u)
			}
		}
		n += len(batch)
	}
	return n, unsettled, nil
}

// statuses returns each chunk's knowledge base document detail by URI (a
// chunk the knowledge base does not report is absent) and how many of uris
// it asked about: all of them, unless the deadline came first.
func (h *Index) statuses(ctx context.Context, uris []string, deadline time.Time) (map[string]types.KnowledgeBaseDocumentDetail, int, error) {
	st := make(map[string]types.KnowledgeBaseDocumentDetail, len(uris))
	n := 0
	for batch := range batches(uris) {
		if n > 0 && h.now().After(deadline) {
			break
		}
		ids := make([]types.DocumentIdentifier, len(batch))
		for i, u := range batch {
			ids[i] = types.DocumentIdentifier{DataSourceType: types.ContentDataSourceTypeS3, S3: &types.S3Location{Uri: aws.String(u)}}
		}
		out, err := h.kb.GetKnowledgeBaseDocuments(ctx, &bedrockagent.GetKnowledgeBaseDocumentsInput{
			KnowledgeBaseId:     aws.String(h.cfg.KnowledgeBaseID),
			DataSourceId:        aws.String(h.cfg.DataSourceID),
			DocumentIdentifiers: ids,
		})
		n += len(batch)
		if _, ok := errors.AsType[*types.ResourceNotFoundException](err); ok {
			continue // none of these is known yet; a wrong knowledge base fails the ingest instead
		}
		if err != nil {
			return nil, n, kbError("get documents", err)
		}
		for _, d := range out.DocumentDetails {
			if u := identifierURI(d.Identifier); u != "" {
				st[u] = d
			}
		}
	}
	return st, n, nil
}

func identifierURI(id *types.DocumentIdentifier) string {
	if id == nil || id.S3 == nil {
		return ""
	}
	return aws.ToString(id.S3.Uri)
}

// batches yields s in slices of at most KnowledgeBaseBatch.
func batches(s []string) func(func([]string) bool) {
	return func(yield func([]string) bool) {
		for len(s) > 0 {
			n := min(len(s), KnowledgeBaseBatch)
			if !yield(s[:n]) {
				return
			}
			s = s[n:]
		}
	}
}

// kbError sorts a bedrock-agent error: refusals that a retry cannot change
// are *IndexError, anything else (throttling, a 5xx, the network) is
// *IndexPending, which the state retries.
func kbError(what string, err error) error {
	if ae, ok := errors.AsType[smithy.APIError](err); ok {
		switch ae.ErrorCode() {
		case "ValidationException", "AccessDeniedException", "ResourceNotFoundException", "ServiceQuotaExceededException":
			return &IndexError{Message: fmt.Sprintf("%s: %s: %s", what, ae.ErrorCode(), ae.ErrorMessage())}
		}
	}
	return &IndexPending{Message: fmt.Sprintf("%s: %v", what, err)}
}
