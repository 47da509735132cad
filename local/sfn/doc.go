// Package sfn is docflow's local AWS Step Functions: an interpreter for the
// Amazon States Language (states-language.net, plus the AWS additions such as
// intrinsic functions, ResultSelector, ItemSelector, MaxDelaySeconds and
// JitterStrategy) and a server for the Step Functions JSON API (AWS JSON 1.0,
// X-Amz-Target AWSStepFunctions.*), so the unchanged aws-sdk-go-v2 sfn
// client, the aws CLI and boto3 can drive it on loopback.
//
// It exists so that the real statemachine/document.asl.json runs on a laptop
// with the same semantics as in AWS: what passes locally must pass there.
//
// # Use
//
//	e := sfn.New(sfn.Options{Invoker: lambdas})
//	http.Handle("/", e.Handler()) // the JSON API, e.g. for --endpoint-url
//	sm, err := e.CreateStateMachine(ctx, sfn.CreateStateMachineInput{Name: "document", Definition: def})
//	x, err := e.StartExecution(ctx, sfn.StartExecutionInput{StateMachineArn: sm.StateMachineArn, Name: id, Input: in})
//	done, err := e.Wait(ctx, x.ExecutionArn)
//
// The engine keeps everything in memory, or with Options.Dir (see Open)
// also in a journal there, and runs each execution (and each Parallel
// branch and Map iteration) in its own goroutine. Lambda tasks run
// through an Invoker, so the local stack can run docflow's handlers in
// process; time comes from a Clock so tests of Wait states, retries and
// timeouts need not sleep. The caller substitutes DefinitionSubstitutions
// before CreateStateMachine, as CloudFormation would.
//
// # Persistence
//
// With a Dir, every change is appended to journal.jsonl (JSON lines,
// written and replayed by package docflow/local/journal) as it happens:
// state machines, executions started and ended, every history event,
// SendTask* answers and heartbeats, and checkpoints of where each
// execution's main line is. An API call that changed something answers
// only once its records are fsynced (group commit: concurrent calls share
// one fsync), so kill -9 at any moment loses nothing acknowledged; what
// executions did between two API calls reaches the kernel within moments
// (a background flusher), and a torn last line is cut off at Open.
//
// Open replays the journal: finished executions with their history, and
// the running ones go on from their last checkpoint, which holds the
// state, its raw input, its retry counts and where in the state it was,
// with absolute times for its timers:
//   - a Wait state sleeps until its original end, a retry backoff likewise,
//     and the retry counts (and $$.State.RetryCount) go on;
//   - a Task whose function was being invoked is invoked again (at least
//     once, as Lambda's own retries are; docflow's functions are
//     idempotent), without a second TaskScheduled/TaskStarted;
//   - a .waitForTaskToken task whose function had returned waits on for the
//     same token: SendTask* with it works after the restart, an answer
//     acknowledged before the crash is acted on, and HeartbeatSeconds and
//     TimeoutSeconds count from the last heartbeat and the first
//     scheduling, so a container that died with the process fails the task
//     with States.HeartbeatTimeout (or States.Timeout) as in AWS;
//   - the execution's TimeoutSeconds counts from its start date.
//
// Checkpoints follow only an execution's main line: a Parallel or Map
// state in flight runs again from its start (its history then shows a
// second ParallelStateStarted or MapStateStarted and its branches' events
// again, and task tokens inside branches are new). A crash between an
// event and the checkpoint after it can repeat that step's events. The
// journal is never compacted. Close stops the engine without recording
// anything more, so the next Open goes on as after a crash.
//
// # Semantics
//
// Paths use github.com/ohler55/ojg: reference paths (ResultPath, Choice
// variables, …Path fields) must name a single node; InputPath, OutputPath,
// ItemsPath and Parameters may use full JSONPath (wildcards, filters), which
// yields an array as Jayway JSONPath does in AWS. A path that selects nothing
// is States.Runtime, which is never retried nor caught (not even by
// States.ALL), as in AWS. States.TaskFailed matches every Task error except
// States.Timeout. A Parallel or Map state fails with its failing branch's or
// iteration's own error name.
//
// Task resources: plain Lambda function ARNs (LambdaFunction* events),
// arn:aws:states:::lambda:invoke (Task* events; the result is the
// Lambda Invoke response with the function result under Payload) and
// arn:aws:states:::lambda:invoke.waitForTaskToken (the function is invoked,
// then the state waits for SendTaskSuccess/SendTaskFailure on $$.Task.Token,
// with HeartbeatSeconds and TimeoutSeconds). Other resources fail at run time.
//
// # Not covered
//
// JSONata and variables (Assign), activities and service integrations other
// than Lambda, redrive, versions and aliases, tags, logging, payload size
// limits (256 KiB). A distributed Map (ProcessorConfig Mode DISTRIBUTED,
// ExecutionType STANDARD or EXPRESS) runs its items in the engine rather
// than as child executions: its tolerance is AWS's (no failed item unless
// ToleratedFailureCount/Percentage allow it, then
// States.ExceedToleratedFailureThreshold), but its history has the inline
// Map's events instead of MapRun* ones, there is no DescribeMapRun, and
// ItemReader, ItemBatcher and ResultWriter (which need S3) are refused when
// the definition is created. ToleratedFailureCount/Percentage are honoured on
// inline Maps too (AWS accepts them only on distributed Maps); a tolerated
// failed item's result is its {"Error","Cause"} object.
// Objects do not keep their key order (they are Go maps): output is the same
// JSON value but keys come out sorted, and a wildcard over an object's
// members yields them in no particular order.
package sfn
