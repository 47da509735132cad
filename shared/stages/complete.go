package stages

import (
	"context"
	"log/slog"

	"docflow/shared/domain"
	"docflow/shared/progress"
	"docflow/shared/workflow"
)

// Complete is the Complete state: it stores the container's summary, marks
// the document complete (100%) and pushes the final frame.
type Complete struct{ deps }

// NewComplete returns the Complete handler.
func NewComplete(store Advancer, pub Publisher, log *slog.Logger) *Complete {
	return &Complete{newDeps(store, pub, log)}
}

// Handle records the result. An event without a result means the
// container answered SendTaskSuccess with something that is not a summary:
// *domain.InputError, which the Catch turns into a failed document.
func (h *Complete) Handle(ctx context.Context, in workflow.CompleteEvent) (Result, error) {
	err := checkInput(in.Input)
	if err == nil && in.Result == nil {
		err = &domain.InputError{Message: "the complete event has no result (the processing container's summary)"}
	}
	if err != nil {
		h.log.ErrorContext(ctx, "bad complete event", "documentId", in.DocumentID, "error", err)
		return Result{}, err
	}
	u := progress.Complete.Update()
	u.Summary = in.Result
	_, res, err := h.advance(ctx, in.DocumentID, u)
	if err != nil {
		h.log.ErrorContext(ctx, "complete failed", "documentId", in.DocumentID, "error", err)
	}
	return res, err
}
