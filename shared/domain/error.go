package domain

import (
	"errors"
	"fmt"
)

// Code classifies an Error; transports map each code to their own answer
// (an error frame's data.code, an HTTP status) in one table.
type Code string

// The codes docflow answers with. Their spelling is part of the client
// protocol (data.code of error frames).
const (
	CodeInvalidMessage Code = "InvalidMessage" // not JSON, wrong shape, a field of the wrong type
	CodeUnknownAction  Code = "UnknownAction"  // action missing or not one we serve
	CodeInvalidField   Code = "InvalidField"   // a field present but not acceptable
	CodeTooLarge       Code = "TooLarge"       // message or declared upload over a limit
	CodeNotFound       Code = "NotFound"       // no such document (or not yours: we don't tell)
	CodeForbidden      Code = "Forbidden"      // authenticated, but not allowed
	CodeUnauthorized   Code = "Unauthorized"   // no valid credentials
	CodeConflict       Code = "Conflict"       // state forbids the request
	CodeUnavailable    Code = "Unavailable"    // a dependency failed; retrying later may work
	CodeInternal       Code = "Internal"       // our bug; details are in the logs, not the answer
)

// Error is docflow's application error: Code for programs, Message for people.
// Message must be safe to show a client.
type Error struct {
	Code    Code
	Message string
}

func (e *Error) Error() string { return fmt.Sprintf("%s: %s", e.Code, e.Message) }

// Errorf returns an *Error with a formatted message.
func Errorf(code Code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the first *Error in err's chain, or
// CodeInternal for any other non-nil error.
func ErrorCode(err error) Code {
	if err == nil {
		return ""
	}
	if e, ok := errors.AsType[*Error](err); ok {
		return e.Code
	}
	return CodeInternal
}

// ErrorMessage returns the client-safe message of err: the Message of its
// *Error, or a generic sentence that reveals nothing internal.
func ErrorMessage(err error) string {
	if err == nil {
		return ""
	}
	if e, ok := errors.AsType[*Error](err); ok {
		return e.Message
	}
	return "Something went wrong on our side; please try again."
}

// NoSuchDocument is the answer for a document that does not exist and for
// one the caller does not own: the two must read the same, so an id proves
// nothing about whether someone else's document exists.
func NoSuchDocument() error { return Errorf(CodeNotFound, "No such document.") }
