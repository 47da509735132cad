package answer

import (
	"errors"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/smithy-go"
)

// retryableCodes are Bedrock's errors that a later attempt may not meet:
// besides the SDK's own throttling and timeout codes, the service's server
// side faults and quota refusals.
var retryableCodes = map[string]bool{
	"InternalServerException":       true,
	"BadGatewayException":           true,
	"DependencyFailedException":     true,
	"ServiceUnavailableException":   true,
	"ModelNotReadyException":        true,
	"ServiceQuotaExceededException": true,
}

// sdkRetryables is the SDK's own judgement (throttling codes, 5xx, lost
// and refused connections, timeouts) without its rule that a canceled
// context is final: for the worker, running out of time is worth another
// attempt.
var sdkRetryables = retry.IsErrorRetryables{
	retry.RetryableError{},
	retry.RetryableConnectionError{},
	retry.RetryableHTTPStatusCode{Codes: retry.DefaultRetryableHTTPStatusCodes},
	retry.RetryableErrorCode{Codes: retry.DefaultRetryableErrorCodes},
	retry.RetryableErrorCode{Codes: retry.DefaultThrottleErrorCodes},
}

// Retryable reports whether another attempt at the question may succeed.
// Exceptions Bedrock sends in the middle of the event stream arrive as the
// same modeled errors as those of the initial response, so both are judged
// alike. An error that is not an API error (the connection broke, the
// stream stopped) is retryable; an API error the service blames on the
// request (validation, access denied, no such knowledge base) is not.
func Retryable(err error) bool {
	if err == nil {
		return false
	}
	if retryableCodes[apiCode(err)] {
		return true
	}
	if t := sdkRetryables.IsErrorRetryable(err); t != aws.UnknownTernary {
		return t.Bool()
	}
	var ae smithy.APIError
	if errors.As(err, &ae) {
		return ae.ErrorFault() == smithy.FaultServer
	}
	return true
}

// apiCode is the API error code in err's chain, "" when there is none.
func apiCode(err error) string {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		return ae.ErrorCode()
	}
	return ""
}
