package workflow

import (
	"fmt"
	"regexp"

	"docflow/shared/domain"
)

// Input is the execution input that the message task starts each document's
// execution with. Start, Complete and Fail receive it (plus Result or Error),
// and it is the execution's output on success.
type Input struct {
	DocumentID   string `json:"documentId"`
	DocumentName string `json:"documentName"`
	Bucket       string `json:"bucket"`
	DocumentKey  string `json:"documentKey"`
	Owner        string `json:"owner"`
	// RequestedAt is when the client asked (RFC 3339), for end-to-end timing.
	RequestedAt string `json:"requestedAt"`
}

// TriggerEvent is the payload of the RunProcessor state: the input and the task
// token the container must answer with.
type TriggerEvent struct {
	Document  Input  `json:"document"`
	TaskToken string `json:"taskToken"`
}

// CompleteEvent is what the Complete state receives: the input with the
// container's result at $.result.
type CompleteEvent struct {
	Input
	Result *domain.Summary `json:"result"`
}

// ErrorInfo is the object a Catch puts at its ResultPath.
type ErrorInfo struct {
	Error string `json:"Error"`
	Cause string `json:"Cause"`
}

// FailEvent is what the RecordFailure state receives: the input with the
// caught error at $.error.
type FailEvent struct {
	Input
	Error ErrorInfo `json:"error"`
}

// ContainerEnv names the environment variables the trigger task sets on the
// processing container through RunTask overrides, and that tasks/process reads.
var ContainerEnv = struct {
	TaskToken, DocumentID, DocumentName, Bucket, DocumentKey, Owner string
}{
	TaskToken:    "TASK_TOKEN",
	DocumentID:   "DOCUMENT_ID",
	DocumentName: "DOCUMENT_NAME",
	Bucket:       "DOCUMENT_BUCKET",
	DocumentKey:  "DOCUMENT_KEY",
	Owner:        "DOCUMENT_OWNER",
}

// documentID is the shape of ids docflow issues: a lowercase UUID. It is also a
// valid execution name (1–80 characters, none of the forbidden ones).
var documentID = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)

// ValidDocumentID reports whether id has the shape of a docflow document id.
func ValidDocumentID(id string) bool { return documentID.MatchString(id) }

// ExecutionName is the Step Functions execution name of a document: its id.
// Naming the execution by the document makes StartExecution idempotent per
// document (a second start returns the first execution or fails with
// ExecutionAlreadyExists), and lets ops find a document's run by its id.
func ExecutionName(documentID string) (string, error) {
	if !ValidDocumentID(documentID) {
		return "", fmt.Errorf("document id %q is not a docflow id", documentID)
	}
	return documentID, nil
}
