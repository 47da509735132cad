// Package store keeps docflow's state in DynamoDB: one item per document, and
// the WebSocket connections with their document subscriptions. It is the
// only package that knows the table layout; handlers reach it through small
// interfaces of their own.
//
// # Tables
//
// The template must create exactly these (both PAY_PER_REQUEST):
//
// Documents table (DOCUMENTS_TABLE):
//
//	partition key  documentId  S
//	GSI "byOwner"  partition owner S, sort createdAt S, projection ALL
//
// One item per document, the attributes of domain.Document. Times are
// strings in UTC with a fixed nine-digit fraction
// ("2006-01-02T15:04:05.000000000Z", valid RFC 3339), so that createdAt
// sorts by time as a string; time.RFC3339Nano drops trailing zeros and
// would not. ListDocuments queries byOwner newest first.
//
// Connections table (CONNECTIONS_TABLE):
//
//	partition key  pk  S
//	sort key       sk  S
//	TTL attribute  expiresAt  (N, epoch seconds)
//
// Items:
//
//	pk=CONN#<connectionId>  sk=META              the connection
//	pk=DOC#<documentId>     sk=CONN#<connectionId>  a subscription, found by document (Subscribers)
//	pk=CONN#<connectionId>  sk=SUB#<documentId>   the same subscription, found by connection (DeleteConnection)
//
// Every item carries the connection's expiresAt, so TTL removes a connection
// and its subscriptions together when $disconnect never came. TTL deletes
// lazily (up to days late), so reads also ignore expired items.
//
// # Forward-only documents
//
// Advance is a single conditional UpdateItem: it applies an update only if
// the document exists, is not terminal, and the update is a failure or has
// more progress than stored; it adds one to seq in the same write. Concurrent
// or retried stages therefore never move a document back or reuse a seq.
//
// # Errors
//
// Conditions a client may cause are *domain.Error: CodeNotFound for an
// absent document or connection, CodeInvalidField for a bad list cursor.
//
// Every DynamoDB (infrastructure) failure is returned as an error whose chain
// holds, for errors.As:
//   - the SDK's own error (e.g. a smithy.APIError), for callers that care;
//   - a *domain.StoreError, which stage tasks must return unwrapped
//     (errors.AsType[*domain.StoreError]) so that aws-lambda-go names it
//     "StoreError" and the state machine retries it with backoff;
//   - a *domain.Error with CodeUnavailable, so domain.ErrorCode and
//     domain.ErrorMessage give a client "try again later" rather than
//     "internal error".
//
// Package storetest runs the store against minidyn on loopback for tests.
package store
