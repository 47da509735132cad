package stages

import (
	"context"
	"encoding/json"
	"log/slog"
	"strings"

	"docflow/shared/domain"
	"docflow/shared/progress"
	"docflow/shared/workflow"
)

// Fail is the RecordFailure state's function: it records the error a
// Catch caught on the document (status failed, keeping the progress
// reached) and pushes the failed frame, whose message says what went wrong.
type Fail struct{ deps }

// NewFail returns the Fail handler.
func NewFail(store Advancer, pub Publisher, log *slog.Logger) *Fail {
	return &Fail{newDeps(store, pub, log)}
}

// Handle records the failure. The execution then ends in the Failed state
// with the original error, whatever Handle returns.
func (h *Fail) Handle(ctx context.Context, in workflow.FailEvent) (Result, error) {
	if err := checkInput(in.Input); err != nil {
		h.log.ErrorContext(ctx, "bad fail event", "documentId", in.DocumentID, "error", err)
		return Result{}, err
	}
	reason, cause := FailureOf(in.Error)
	f := domain.DescribeFailure(reason, cause)
	u := progress.Fail.Update() // negative progress: the store keeps what was reached
	u.Message = f.Message
	u.Failure = &f
	// The error name is safe to log; the cause may quote internals but no
	// document text or tokens, and operators need it.
	h.log.InfoContext(ctx, "recording failure", "documentId", in.DocumentID, "reason", f.Reason, "error", in.Error.Error, "cause", cause)
	_, res, err := h.advance(ctx, in.DocumentID, u)
	if err != nil {
		h.log.ErrorContext(ctx, "fail failed", "documentId", in.DocumentID, "error", err)
	}
	return res, err
}

// lambdaCause is the Cause Step Functions reports for an error a Lambda
// function returned: the function's error response as JSON.
type lambdaCause struct {
	ErrorMessage *string `json:"errorMessage"`
	ErrorType    string  `json:"errorType"`
}

// FailureOf returns the reason and the plain cause of a caught error. When
// a Lambda function failed, Cause is its JSON error response
// ({"errorMessage":…,"errorType":…}); the message is the cause, and for a
// generic error name (States.TaskFailed) the function's error type is the
// more precise reason. Any other cause (SendTaskFailure's, the states
// runtime's) is already plain text.
func FailureOf(e workflow.ErrorInfo) (reason, cause string) {
	reason, cause = e.Error, strings.TrimSpace(e.Cause)
	if !strings.HasPrefix(cause, "{") {
		return reason, cause
	}
	var lc lambdaCause
	if err := json.Unmarshal([]byte(cause), &lc); err != nil || lc.ErrorMessage == nil {
		return reason, cause
	}
	if (reason == "" || reason == "States.TaskFailed") && lc.ErrorType != "" {
		reason = lc.ErrorType
	}
	return reason, strings.TrimSpace(*lc.ErrorMessage)
}
