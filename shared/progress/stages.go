package progress

import "docflow/shared/domain"

// Step is one row of the stage table: the names a stage goes by in the state
// machine, in tasks/ and in frames, with the fixed frame it sends.
type Step struct {
	Stage domain.Stage `json:"stage"` // data.stage; the Lambda task tasks/<Stage> for the row that invokes it
	// State is the Task state in statemachine/document.asl.json. Two rows
	// may share one: RunProcessor invokes trigger (20%) and then waits
	// while the container processes (40% on).
	State    string        `json:"state"`
	Status   domain.Status `json:"status"`   // data.status
	Progress int           `json:"progress"` // data.progress; -1: keeps the progress reached
	// Message is the frame's message, verbatim from the client protocol
	// (docs/protocol.md); empty when the stage's handler writes its own.
	Message string `json:"message,omitempty"`
}

// The stage table. Existing frontends match on these texts: never reword them.
var (
	Start = Step{domain.StageStart, "Start", domain.StatusStarting, 10,
		"Starting document processing..."}
	Trigger = Step{domain.StageTrigger, "RunProcessor", domain.StatusTriggering, 20,
		"Connecting to ECS processing service..."}
	Process = Step{domain.StageProcess, "RunProcessor", domain.StatusProcessing, 40,
		"Sending document to processing engine..."}
	// Index is not one of the four fixed frames: a processing frame after
	// the last page frame, so that 100 means "ready for questions".
	Index = Step{domain.StageIndex, "Index", domain.StatusProcessing, 99,
		"Indexing the document for questions..."}
	Complete = Step{domain.StageComplete, "Complete", domain.StatusComplete, 100,
		"Document processing completed successfully!"}
	// Fail has no fixed progress: a failed frame keeps the progress the
	// document had reached, and its message says what went wrong.
	Fail = Step{domain.StageFail, "RecordFailure", domain.StatusFailed, -1, ""}
)

// Steps lists the four fixed frames in order.
var Steps = []Step{Start, Trigger, Process, Complete}

// Table is the whole stage table, in the order a document passes through
// it, the failure last: the single source of stage names, progress values
// and ASL state names. A test holds it to statemachine/document.asl.json in
// both directions (every Task state is a row, every row's state exists)
// and web/static/stages.json is generated from it for the page. A new
// stage is a row here, its Task state in the ASL and its task (see
// internal/tasks).
var Table = []Step{Start, Trigger, Process, Index, Complete, Fail}

// Processing progress between the 40% frame and completion: the engine's
// finer frames carry values in [MinProcessing, MaxProcessing]. MaxProcessing
// stays below Index's 99, since the store applies only updates with more
// progress than it has.
const (
	MinProcessing = 41
	MaxProcessing = 98
)

// Update returns the store update for this step at time at.
func (s Step) Update() domain.Update {
	return domain.Update{Stage: s.Stage, Status: s.Status, Progress: s.Progress, Message: s.Message}
}

// ProcessingUpdate returns the update for a finer processing frame: done of
// total units (pages) complete, mapped into [MinProcessing, MaxProcessing].
func ProcessingUpdate(done, total int, message string) domain.Update {
	p := MinProcessing
	if total > 0 {
		p = MinProcessing + (MaxProcessing-MinProcessing)*done/total
	}
	p = min(max(p, MinProcessing), MaxProcessing)
	return domain.Update{Stage: domain.StageProcess, Status: domain.StatusProcessing, Progress: p, Message: message}
}
