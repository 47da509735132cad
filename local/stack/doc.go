// Package stack runs all of docflow on one machine, with no AWS account:
// an API Gateway WebSocket emulation with its @connections API, the local
// Step Functions engine running statemachine/document.asl.json with the
// template's substitutions, S3 (gofakes3), DynamoDB (minidyn, or an external
// endpoint such as DynamoDB Local) and ECS RunTask, all on one loopback
// address. The task handlers are the very ones deployed to AWS and reach
// every service through the real AWS SDK clients; only endpoints differ.
package stack
