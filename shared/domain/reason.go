package domain

import "strings"

// Reasons a document fails, as Step Functions error names. The process task
// reports the Document.* ones with SendTaskFailure; Step Functions raises the
// States.* ones itself; the Go type names of the task errors below are what
// aws-lambda-go reports, so they are ASL error names too.
const (
	ReasonEncrypted        = "Document.Encrypted"
	ReasonCorrupt          = "Document.Corrupt"
	ReasonEmpty            = "Document.Empty"
	ReasonTooLarge         = "Document.TooLarge"
	ReasonUnsupported      = "Document.Unsupported"
	ReasonMissing          = "Document.Missing"
	ReasonProcessingFailed = "Document.ProcessingFailed"
	ReasonHeartbeatTimeout = "States.HeartbeatTimeout"
	ReasonTimeout          = "States.Timeout"
	ReasonStopped          = "Execution.Stopped"
)

// reasonSentences says each reason in words a person understands; the
// failed frame leads with it.
var reasonSentences = map[string]string{
	ReasonEncrypted:        "The document is password-protected, so its text cannot be read.",
	ReasonCorrupt:          "The document is damaged or not a valid file of its type.",
	ReasonEmpty:            "The document contains no text to extract.",
	ReasonTooLarge:         "The document is larger than this service accepts.",
	ReasonUnsupported:      "This type of document is not supported.",
	ReasonMissing:          "The uploaded file could not be found; please upload it again.",
	ReasonProcessingFailed: "The processing engine could not finish the document.",
	ReasonHeartbeatTimeout: "The processing engine stopped responding.",
	ReasonTimeout:          "Processing took longer than the time allowed.",
	ReasonStopped:          "Processing was stopped.",
	"LaunchError":          "The processing engine could not be started.",
	"IndexPending":         "The document could not be made ready for questions in time; please try again.",
	"IndexError":           "The document could not be indexed for questions.",
}

// DescribeFailure turns a Step Functions error name and cause into the
// Failure a client sees. Causes of our own Document.* reasons are written for
// people (they come from the processing engine's typed errors) and are kept;
// anything else may carry internals, so it gets a generic sentence.
func DescribeFailure(reason, cause string) Failure {
	sentence, known := reasonSentences[reason]
	switch {
	case !known:
		sentence = "Processing failed because of an internal error; please try again."
	case strings.HasPrefix(reason, "Document.") && cause != "" && cause != sentence:
		sentence = strings.TrimSuffix(sentence, ".") + ": " + cause
	}
	if reason == "" {
		reason = "Internal"
	}
	return Failure{Reason: reason, Message: sentence}
}
