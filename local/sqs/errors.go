package sqs

import (
	"fmt"
	"net/http"
)

// apiError is an SQS error answer: Code is the JSON protocol's error shape
// name (the part after '#' in __type), Message the sentence a person reads.
type apiError struct {
	Code    string
	Message string
}

func (e *apiError) Error() string { return e.Code + ": " + e.Message }

// errorShape is how one error code goes on the wire: the __type namespace,
// the HTTP status and the awsQuery code the SDK reads from
// x-amzn-query-error (the service is awsQueryCompatible). Taken from the
// error schemas of aws-sdk-go-v2 service/sqs v1.52.10.
type errorShape struct {
	namespace string
	status    int
	query     string
	fault     string
}

const (
	nsSQS   = "com.amazonaws.sqs"
	nsCoral = "com.amazon.coral.service"
)

var errorShapes = map[string]errorShape{
	"QueueDoesNotExist":            {nsSQS, 400, "AWS.SimpleQueueService.NonExistentQueue", "Sender"},
	"QueueNameExists":              {nsSQS, 400, "QueueAlreadyExists", "Sender"},
	"QueueDeletedRecently":         {nsSQS, 400, "AWS.SimpleQueueService.QueueDeletedRecently", "Sender"},
	"ReceiptHandleIsInvalid":       {nsSQS, 404, "ReceiptHandleIsInvalid", "Sender"},
	"InvalidAttributeName":         {nsSQS, 400, "InvalidAttributeName", "Sender"},
	"InvalidAttributeValue":        {nsSQS, 400, "InvalidAttributeValue", "Sender"},
	"InvalidMessageContents":       {nsSQS, 400, "InvalidMessageContents", "Sender"},
	"InvalidAddress":               {nsSQS, 404, "InvalidAddress", "Sender"},
	"PurgeQueueInProgress":         {nsSQS, 403, "AWS.SimpleQueueService.PurgeQueueInProgress", "Sender"},
	"EmptyBatchRequest":            {nsSQS, 400, "AWS.SimpleQueueService.EmptyBatchRequest", "Sender"},
	"TooManyEntriesInBatchRequest": {nsSQS, 400, "AWS.SimpleQueueService.TooManyEntriesInBatchRequest", "Sender"},
	"BatchEntryIdsNotDistinct":     {nsSQS, 400, "AWS.SimpleQueueService.BatchEntryIdsNotDistinct", "Sender"},
	"InvalidBatchEntryId":          {nsSQS, 400, "AWS.SimpleQueueService.InvalidBatchEntryId", "Sender"},
	"BatchRequestTooLong":          {nsSQS, 400, "AWS.SimpleQueueService.BatchRequestTooLong", "Sender"},
	"UnsupportedOperation":         {nsSQS, 400, "AWS.SimpleQueueService.UnsupportedOperation", "Sender"},
	"InvalidParameterValue":        {nsSQS, 400, "InvalidParameterValue", "Sender"},
	"MissingParameter":             {nsSQS, 400, "MissingParameter", "Sender"},
	"UnknownOperationException":    {nsCoral, 400, "", ""},
	"SerializationException":       {nsCoral, 400, "", ""},
	"InvalidSignatureException":    {nsCoral, 403, "", ""},
	"InternalFailure":              {nsCoral, 500, "InternalFailure", "Receiver"},
}

func shapeOf(code string) errorShape {
	if s, ok := errorShapes[code]; ok {
		return s
	}
	return errorShape{nsCoral, http.StatusBadRequest, code, "Sender"}
}

func errorf(code, format string, args ...any) *apiError {
	return &apiError{Code: code, Message: fmt.Sprintf(format, args...)}
}

func errNoQueue() *apiError {
	return errorf("QueueDoesNotExist", "The specified queue does not exist.")
}

func errParam(name string, value any, reason string) *apiError {
	return errorf("InvalidParameterValue", "Value %v for parameter %s is invalid. Reason: %s", value, name, reason)
}
