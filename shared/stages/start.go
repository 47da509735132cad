package stages

import (
	"context"
	"log/slog"

	"docflow/shared/progress"
	"docflow/shared/workflow"
)

// Start is the Start state: it marks the document starting (10%) and
// pushes the first frame.
type Start struct{ deps }

// NewStart returns the Start handler.
func NewStart(store Advancer, pub Publisher, log *slog.Logger) *Start {
	return &Start{newDeps(store, pub, log)}
}

// Handle records the start of the document's execution. Its result is
// discarded by the state machine (ResultPath null).
func (h *Start) Handle(ctx context.Context, in workflow.Input) (Result, error) {
	if err := checkInput(in); err != nil {
		h.log.ErrorContext(ctx, "bad start event", "documentId", in.DocumentID, "error", err)
		return Result{}, err
	}
	_, res, err := h.advance(ctx, in.DocumentID, progress.Start.Update())
	if err != nil {
		h.log.ErrorContext(ctx, "start failed", "documentId", in.DocumentID, "error", err)
	}
	return res, err
}
