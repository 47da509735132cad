// Package workflow defines what flows through a document's Step Functions
// execution: the execution input, the event each task receives, the result
// the processing container hands back, and the execution name derived from
// the document id. The state machine definition (statemachine/document.asl.json)
// and these types describe the same JSON; tests keep them in step.
package workflow
