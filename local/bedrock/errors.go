package bedrock

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
)

// Error is an API error as the service answers it: Code is the shape name
// the SDK turns into its typed error (types.ValidationException, …).
type Error struct {
	Code    string
	Message string
}

func (e *Error) Error() string { return e.Code + ": " + e.Message }

// Error codes the local endpoints answer.
const (
	CodeValidation       = "ValidationException"
	CodeNotFound         = "ResourceNotFoundException"
	CodeThrottling       = "ThrottlingException"
	CodeInternal         = "InternalServerException"
	CodeAccessDenied     = "AccessDeniedException"
	CodeServiceQuota     = "ServiceQuotaExceededException"
	CodeDependency       = "DependencyFailedException"
	CodeBadGateway       = "BadGatewayException"
	CodeConflict         = "ConflictException"
	CodeUnknownOperation = "UnknownOperationException"
)

// errorStatus is the one table from error code to HTTP status (restJson1
// carries the code in X-Amzn-ErrorType and the status line).
var errorStatus = map[string]int{
	CodeValidation:       http.StatusBadRequest,
	CodeNotFound:         http.StatusNotFound,
	CodeThrottling:       http.StatusTooManyRequests,
	CodeInternal:         http.StatusInternalServerError,
	CodeAccessDenied:     http.StatusForbidden,
	CodeServiceQuota:     http.StatusBadRequest,
	CodeDependency:       http.StatusFailedDependency,
	CodeBadGateway:       http.StatusBadGateway,
	CodeConflict:         http.StatusConflict,
	CodeUnknownOperation: http.StatusNotFound,
}

// streamMember is the event stream union member that carries an error
// code mid-stream (:exception-type), e.g. throttlingException.
func streamMember(code string) string {
	return strings.ToLower(code[:1]) + code[1:]
}

func validationf(format string, args ...any) *Error {
	return &Error{Code: CodeValidation, Message: fmt.Sprintf(format, args...)}
}

func notFoundf(format string, args ...any) *Error {
	return &Error{Code: CodeNotFound, Message: fmt.Sprintf(format, args...)}
}

// writeError answers err as restJson1 does; an error that is not an *Error
// is an InternalServerException whose detail stays in the log.
func writeError(w http.ResponseWriter, err error) {
	var e *Error
	if !errors.As(err, &e) {
		slog.Error("bedrock: internal error", "error", err)
		e = &Error{Code: CodeInternal, Message: "Internal server error"}
	}
	status, ok := errorStatus[e.Code]
	if !ok {
		status = http.StatusBadRequest
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("X-Amzn-ErrorType", e.Code)
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]string{"message": e.Message})
}

// writeJSON answers v with status.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// maxBody bounds a request body; the service's payloads are far smaller.
const maxBody = 10 << 20

// decodeBody reads a JSON request body into v, to its end, so no answer
// (least of all a stream) starts while part of the request is unread.
func decodeBody(r *http.Request, v any) error {
	b, err := io.ReadAll(io.LimitReader(r.Body, maxBody+1))
	if err != nil {
		return validationf("The request body could not be read: %v", err)
	}
	if len(b) > maxBody {
		return validationf("The request body is larger than %d bytes", maxBody)
	}
	if err := json.Unmarshal(b, v); err != nil {
		return validationf("The request body is not valid JSON: %v", err)
	}
	return nil
}
