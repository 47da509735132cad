// Package stages holds the Lambda handlers of the document state machine's
// task states: Start (10%), Trigger (20%, then RunTask of the processing
// container with the state's task token), Index (99%: ingests the
// processed document's chunk files into the knowledge base and waits until
// they are indexed), Complete (100% with the summary) and Fail (records the
// caught error and pushes the failed frame).
//
// Every stage moves the stored document forward with one conditional
// Advance and then publishes the frame of the stored result, so a frame and
// get_status never disagree. Step Functions retries a stage whose Lambda
// failed; a retried stage whose first try already wrote re-publishes the
// current frame (same seq) instead of writing again, and a late stage (the
// document has moved on) is dropped.
//
// Errors cross the Lambda boundary by Go type name (see domain's task
// errors): a handler returns *domain.StoreError (retried with backoff),
// *domain.InputError (a bad event; retrying cannot help) or
// *domain.LaunchError (RunTask refused), *IndexPending (not indexed yet,
// retried) or *IndexError (refused for good) unwrapped, so the state
// machine's Retry and Catch see those names.
//
// Handlers reach the store, the publisher, ECS and the knowledge base
// through small interfaces (deps.go, index.go); tasks/start, tasks/trigger,
// tasks/index, tasks/complete and tasks/fail wire the real ones.
package stages
