package stages

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"docflow/shared/domain"
	"docflow/shared/workflow"
)

// Outcome says what a stage's store update came to.
type Outcome string

// The outcomes of a stage's Advance.
const (
	// OutcomeApplied: the update was written and its frame published.
	OutcomeApplied Outcome = "applied"
	// OutcomeRepublished: an earlier try of the same stage had written the
	// update (its frame may not have gone out), so the current frame was
	// published again with the same seq.
	OutcomeRepublished Outcome = "republished"
	// OutcomeSkipped: the document had moved past this stage (a late or
	// repeated update), so nothing was written or sent.
	OutcomeSkipped Outcome = "skipped"
)

// Result is what a stage did to its document. The state machine discards it
// (ResultPath null; RunProcessor waits for the container's answer instead),
// but it shows in the execution history and in tests.
type Result struct {
	DocumentID string        `json:"documentId"`
	Status     domain.Status `json:"status"`
	Stage      domain.Stage  `json:"stage"`
	Progress   int           `json:"progress"`
	Seq        int64         `json:"seq"`
	Outcome    Outcome       `json:"outcome"`
}

// deps are what every stage handler uses; each handler embeds them.
type deps struct {
	store Advancer
	pub   Publisher
	log   *slog.Logger
	now   func() time.Time
}

func newDeps(store Advancer, pub Publisher, log *slog.Logger) deps {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return deps{store: store, pub: pub, log: log, now: time.Now}
}

// checkInput rejects an event no stage can act on. The state machine only
// sends what the message task started it with, so a bad one is a bug or a
// hand-started execution: *domain.InputError, which no Retry matches.
func checkInput(in workflow.Input) error {
	switch {
	case in.DocumentID == "":
		return &domain.InputError{Message: "the event has no documentId"}
	case !workflow.ValidDocumentID(in.DocumentID):
		return &domain.InputError{Message: fmt.Sprintf("documentId %q is not a docflow document id", in.DocumentID)}
	}
	return nil
}

// advance applies u (stamped now) to the document and publishes the
// resulting frame, following the retry rule of docs/protocol.md
// (Orchestration): an update that is not applied re-publishes the current
// frame when the document is at u's stage (a retried stage whose first try
// wrote but did not publish), and is dropped otherwise (late).
func (d deps) advance(ctx context.Context, id string, u domain.Update) (domain.Document, Result, error) {
	u.At = d.now().UTC()
	doc, applied, err := d.store.Advance(ctx, id, u)
	if err != nil {
		return domain.Document{}, Result{}, storeError(err, id, u.Stage)
	}
	log := d.logger(doc)
	res := Result{DocumentID: id, Status: doc.Status, Stage: doc.Stage, Progress: doc.Progress, Seq: doc.Seq, Outcome: OutcomeApplied}
	switch {
	case applied:
		log.InfoContext(ctx, "document advanced", "stage", doc.Stage, "status", doc.Status, "progress", doc.Progress, "seq", doc.Seq)
	case doc.Stage == u.Stage:
		res.Outcome = OutcomeRepublished
		log.InfoContext(ctx, "stage already recorded; re-publishing its frame", "stage", doc.Stage, "seq", doc.Seq)
	default:
		res.Outcome = OutcomeSkipped
		log.InfoContext(ctx, "late update dropped", "update", u.Stage, "stage", doc.Stage, "status", doc.Status, "seq", doc.Seq)
		return doc, res, nil
	}
	if err := d.pub.Publish(ctx, doc); err != nil {
		// Publish fails only when the subscribers cannot be read: retry the
		// stage (StoreError), whose next try re-publishes this frame.
		return doc, res, storeError(err, id, u.Stage)
	}
	return doc, res, nil
}

// logger returns the stage's logger with the document's identifiers.
func (d deps) logger(doc domain.Document) *slog.Logger {
	log := d.log.With("documentId", doc.ID)
	if doc.ExecutionArn != "" {
		log = log.With("executionArn", doc.ExecutionArn)
	}
	return log
}

// storeError turns a store or publisher error into what the stage returns:
// the *domain.StoreError in its chain, unwrapped so that aws-lambda-go names
// it "StoreError" and the state machine retries it; *domain.InputError for
// an absent document (retrying cannot create it); otherwise the wrapped error.
func storeError(err error, id string, stage domain.Stage) error {
	if se, ok := errors.AsType[*domain.StoreError](err); ok {
		return se
	}
	if domain.ErrorCode(err) == domain.CodeNotFound {
		return &domain.InputError{Message: fmt.Sprintf("document %s does not exist", id)}
	}
	return fmt.Errorf("advance document %s to %s: %w", id, stage, err)
}
