// Command docflow runs docflow on one machine and drives it, locally or in AWS.
//
// This comment is generated from the command table in main.go
// (go test ./cmd/docflow -run TestPackageDocMatchesUsage -update).
//
//	docflow — document processing and questions, with live progress
//
//	Usage:
//	  docflow serve [--addr 127.0.0.1:8080] [--data-dir DIR] [--dynamodb-endpoint URL]
//	      Run the whole stack on this machine; prints each endpoint as "name: url".
//	  docflow process FILE... [--url ws://...] [--token JWT]
//	      Upload files and show live progress. With no --url, runs a local stack in process.
//	  docflow status DOCUMENT_ID --url ws://... [--token JWT]
//	      Print a document's current state.
//	  docflow get DOCUMENT_ID --url ws://... [--output text|chunks|manifest] [-o FILE] [--token JWT]
//	      Write a processed document's text, chunks or manifest to stdout or FILE.
//	  docflow ask "QUESTION" [--document ID]... [--session ID] [--url ws://...] [--token JWT]
//	      Ask a question over your documents; the answer streams, then its citations.
//	  docflow answer QUERY_ID --url ws://... [--token JWT]
//	      Print a question's status, answer and citations (after ask was interrupted).
//	  docflow token SUBJECT [--url ws://127.0.0.1:8080/local] [--ttl 24h]
//	      Print a dev JWT for SUBJECT from a local (loopback) stack.
//	  docflow executions list [--endpoint-url URL] [--state-machine-arn ARN] [--status RUNNING|SUCCEEDED|FAILED|TIMED_OUT|ABORTED|PENDING_REDRIVE]
//	  docflow executions history EXECUTION_ARN_OR_DOCUMENT_ID [--endpoint-url URL] [--state-machine-arn ARN]
//	      Read executions through the Step Functions API (local or AWS).
//
//	--url defaults to $DOCFLOW_URL and --token to $DOCFLOW_TOKEN; against a
//	loopback stack the CLI fetches a dev token itself. "docflow COMMAND --help"
//	shows a command's flags.
package main
