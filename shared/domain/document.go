package domain

import "time"

// Status is a document's lifecycle state as the store keeps it and frames
// carry it in data.status.
type Status string

// The statuses, in the order a document normally passes through them.
// StatusQueued is the state between process_document and the first stage.
const (
	StatusQueued     Status = "queued"
	StatusStarting   Status = "starting"
	StatusTriggering Status = "triggering"
	StatusProcessing Status = "processing"
	StatusComplete   Status = "complete"
	StatusFailed     Status = "failed"
)

// Terminal reports whether no further stage may change a document in s.
func (s Status) Terminal() bool { return s == StatusComplete || s == StatusFailed }

// Stage names the unit of work that produced a state: the task folder under
// tasks/ and data.stage in frames. The state machine calls the same stages
// by their State names (see the stage table in package progress).
type Stage string

// The stages. StageQueued marks a document no stage has touched yet.
const (
	StageQueued   Stage = "queued"
	StageStart    Stage = "start"
	StageTrigger  Stage = "trigger"
	StageProcess  Stage = "process"
	StageIndex    Stage = "index"
	StageComplete Stage = "complete"
	StageFail     Stage = "fail"
)

// Document is the stored state of one document job. Seq counts the frames
// sent for it; it only ever grows (see store.Advance).
type Document struct {
	ID           string    `json:"documentId" dynamodbav:"documentId"`
	Owner        string    `json:"owner" dynamodbav:"owner"`
	Name         string    `json:"documentName" dynamodbav:"documentName"`
	Bucket       string    `json:"bucket" dynamodbav:"bucket"`
	Key          string    `json:"documentKey" dynamodbav:"documentKey"`
	Status       Status    `json:"status" dynamodbav:"status"`
	Stage        Stage     `json:"stage" dynamodbav:"stage"`
	Progress     int       `json:"progress" dynamodbav:"progress"`
	Message      string    `json:"message" dynamodbav:"message"`
	Seq          int64     `json:"seq" dynamodbav:"seq"`
	ExecutionArn string    `json:"executionArn,omitempty" dynamodbav:"executionArn,omitempty"`
	Summary      *Summary  `json:"summary,omitempty" dynamodbav:"summary,omitempty"`
	Failure      *Failure  `json:"error,omitempty" dynamodbav:"failure,omitempty"`
	CreatedAt    time.Time `json:"createdAt" dynamodbav:"createdAt"`
	UpdatedAt    time.Time `json:"updatedAt" dynamodbav:"updatedAt"`
}

// Summary is what processing produced, as the final frame, get_status and
// the manifest report it. It is also the result the process task hands to
// Step Functions (SendTaskSuccess output), so it must stay well under 256 KB.
type Summary struct {
	Type        string `json:"type" dynamodbav:"type"`
	Pages       int    `json:"pages" dynamodbav:"pages"`
	Words       int    `json:"words" dynamodbav:"words"`
	Characters  int    `json:"characters" dynamodbav:"characters"`
	Chunks      int    `json:"chunks" dynamodbav:"chunks"`
	Bytes       int64  `json:"bytes" dynamodbav:"bytes"`
	SHA256      string `json:"sha256" dynamodbav:"sha256"`
	TextKey     string `json:"textKey" dynamodbav:"textKey"`
	ChunksKey   string `json:"chunksKey" dynamodbav:"chunksKey"`
	ManifestKey string `json:"manifestKey" dynamodbav:"manifestKey"`
	DurationMs  int64  `json:"durationMs" dynamodbav:"durationMs"`
}

// Failure records why a document failed: Reason is the machine name (the
// Step Functions error name, e.g. "Document.Encrypted"), Message the sentence
// a person reads.
type Failure struct {
	Reason  string `json:"reason" dynamodbav:"reason"`
	Message string `json:"message" dynamodbav:"message"`
}

// Update is one forward step of a document, applied by store.Advance only if
// it moves the document forward.
type Update struct {
	Stage    Stage
	Status   Status
	Progress int
	Message  string
	Summary  *Summary
	Failure  *Failure
	At       time.Time
}

// Connection is one open WebSocket connection. Owner is the authenticated
// subject that opened it.
type Connection struct {
	ID          string    `json:"connectionId" dynamodbav:"connectionId"`
	Owner       string    `json:"owner" dynamodbav:"owner"`
	ConnectedAt time.Time `json:"connectedAt" dynamodbav:"connectedAt"`
	// ExpiresAt is when the store may forget the connection even if
	// $disconnect never came (API Gateway closes every socket after 2 hours).
	ExpiresAt time.Time `json:"expiresAt" dynamodbav:"expiresAt"`
}

// ConnectionLifetime is API Gateway's hard limit on a WebSocket connection;
// connection records expire (TTL) a little after it.
const ConnectionLifetime = 2 * time.Hour
