package progress

import (
	"time"

	"docflow/shared/domain"
)

// ActionProgressUpdate is the action of every progress frame.
const ActionProgressUpdate = "progressUpdate"

// TimestampLayout is how frames write times: UTC with milliseconds.
const TimestampLayout = "2006-01-02T15:04:05.000Z"

// Frame is a server-to-client progress frame. Existing frontends read
// action, message and data.progress; the other fields are additions.
type Frame struct {
	Action  string    `json:"action"`
	Message string    `json:"message"`
	Data    FrameData `json:"data"`
}

// FrameData is the data object of a progress frame.
type FrameData struct {
	DocumentID   string          `json:"documentId"`
	DocumentName string          `json:"documentName"`
	Progress     int             `json:"progress"`
	Status       domain.Status   `json:"status"`
	Stage        domain.Stage    `json:"stage"`
	Seq          int64           `json:"seq"`
	Timestamp    string          `json:"timestamp"`
	Summary      *domain.Summary `json:"summary,omitempty"`
	Error        *domain.Failure `json:"error,omitempty"`
}

// FrameFor builds the frame that reports doc's current state. Frames are
// derived from the stored document, never assembled by hand, so a frame and
// get_status can't disagree.
func FrameFor(doc domain.Document) Frame {
	return Frame{
		Action:  ActionProgressUpdate,
		Message: doc.Message,
		Data: FrameData{
			DocumentID:   doc.ID,
			DocumentName: doc.Name,
			Progress:     doc.Progress,
			Status:       doc.Status,
			Stage:        doc.Stage,
			Seq:          doc.Seq,
			Timestamp:    FormatTime(doc.UpdatedAt),
			Summary:      doc.Summary,
			Error:        doc.Failure,
		},
	}
}

// FormatTime writes t as frames do.
func FormatTime(t time.Time) string { return t.UTC().Format(TimestampLayout) }
