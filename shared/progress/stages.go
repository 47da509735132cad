package progress

import "docflow/shared/domain"

// Step is one row of the stage table: the names a stage goes by in the state
// machine, in tasks/ and in frames, with the fixed frame it sends.
type Step struct {
	Stage    domain.Stage  // task folder and data.stage
	State    string        // state name in statemachine/document.asl.json
	Status   domain.Status // data.status
	Progress int           // data.progress
	Message  string        // message, verbatim from DESIGN.md
}

// The stage table. Existing frontends match on these texts: never reword them.
var (
	Start = Step{domain.StageStart, "Start", domain.StatusStarting, 10,
		"Starting document processing..."}
	Trigger = Step{domain.StageTrigger, "TriggerECS", domain.StatusTriggering, 20,
		"Connecting to ECS processing service..."}
	Process = Step{domain.StageProcess, "TriggerECS", domain.StatusProcessing, 40,
		"Sending document to processing engine..."}
	// Index is not one of the four fixed frames: a processing frame after
	// the last page frame, so that 100 means "ready for questions".
	Index = Step{domain.StageIndex, "Index", domain.StatusProcessing, 99,
		"Indexing the document for questions..."}
	Complete = Step{domain.StageComplete, "Complete", domain.StatusComplete, 100,
		"Document processing completed successfully!"}
	// Fail has no fixed progress: a failed frame keeps the progress the
	// document had reached, and its message says what went wrong.
	Fail = Step{domain.StageFail, "Fail", domain.StatusFailed, -1, ""}
)

// Steps lists the fixed rows in order.
var Steps = []Step{Start, Trigger, Process, Complete}

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
