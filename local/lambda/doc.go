// Package lambda runs docflow's Lambda handlers in process for the local
// stack, the way the Lambda service would run them: the payload goes through
// aws-lambda-go's own handler adapter (same JSON decoding as in AWS), and an
// error comes back named by its Go type with a Lambda-shaped cause, so the
// state machine's Retry and Catch see what they would see in AWS.
package lambda
