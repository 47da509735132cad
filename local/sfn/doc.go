// Package sfn is docflow's local AWS Step Functions: an interpreter for the
// Amazon States Language (states-language.net, plus the AWS additions such as
// intrinsic functions, ResultSelector, ItemSelector and JitterStrategy) and a
// server for the Step Functions JSON API (AWS JSON 1.0, X-Amz-Target
// AWSStepFunctions.*), so the unchanged aws-sdk-go-v2 sfn client, the aws CLI
// and boto3 can drive it on loopback.
//
// The engine keeps everything in memory. Lambda tasks run through an Invoker,
// so the local stack can run docflow's handlers in process; time comes from a
// Clock so tests of Wait states and retries need not sleep.
//
// It exists so that the real statemachine/document.asl.json runs on a laptop
// with the same semantics as in AWS: what passes locally must pass there.
package sfn
