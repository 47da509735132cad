package processor

import (
	"log/slog"
	"time"

	"docflow/shared/config"
	"docflow/shared/extract"
	"docflow/shared/workflow"
)

// Defaults of the container's settings.
const (
	DefaultHeartbeatInterval = 20 * time.Second
	DefaultMaxDocumentBytes  = 100 << 20
)

// Config is what the processing container reads from its environment: the
// document and task token from RunTask's overrides (workflow.ContainerEnv),
// the rest from the task definition.
type Config struct {
	TaskToken    string // TASK_TOKEN; never log it
	DocumentID   string // DOCUMENT_ID
	DocumentName string // DOCUMENT_NAME
	Bucket       string // DOCUMENT_BUCKET: where the upload is
	DocumentKey  string // DOCUMENT_KEY
	Owner        string // DOCUMENT_OWNER

	OutputBucket      string // DOCUMENTS_BUCKET: where processed/<id>/ goes
	DocumentsTable    string // DOCUMENTS_TABLE
	ConnectionsTable  string // CONNECTIONS_TABLE
	WebSocketEndpoint string // WEBSOCKET_ENDPOINT

	HeartbeatInterval time.Duration // HEARTBEAT_INTERVAL, default 20s
	MaxDocumentBytes  int64         // MAX_DOCUMENT_BYTES, default 100 MiB
	// Limits bound extraction: MAX_PAGES, MAX_DECOMPRESSED_BYTES (what a
	// DOCX may inflate to), MAX_PAGE_BYTES; defaults extract.DefaultLimits.
	Limits       extract.Limits
	ChunkSize    int        // CHUNK_SIZE characters, default 1000
	ChunkOverlap int        // CHUNK_OVERLAP characters, default 200; less than ChunkSize
	TempDir      string     // TMPDIR, default the system's
	LogLevel     slog.Level // LOG_LEVEL, default INFO
}

// LoadConfig reads the container's configuration, naming every missing or
// bad variable at once. lookup is os.LookupEnv in main.
func LoadConfig(lookup func(string) (string, bool)) (Config, error) {
	e := config.New(lookup)
	defaults := extract.DefaultLimits()
	c := Config{
		TaskToken:         e.Required(workflow.ContainerEnv.TaskToken),
		DocumentID:        e.Required(workflow.ContainerEnv.DocumentID),
		DocumentName:      e.Required(workflow.ContainerEnv.DocumentName),
		Bucket:            e.Required(workflow.ContainerEnv.Bucket),
		DocumentKey:       e.Required(workflow.ContainerEnv.DocumentKey),
		Owner:             e.Required(workflow.ContainerEnv.Owner),
		OutputBucket:      e.Required("DOCUMENTS_BUCKET"),
		DocumentsTable:    e.Required("DOCUMENTS_TABLE"),
		ConnectionsTable:  e.Required("CONNECTIONS_TABLE"),
		WebSocketEndpoint: e.Endpoint("WEBSOCKET_ENDPOINT"),
		HeartbeatInterval: e.Duration("HEARTBEAT_INTERVAL", DefaultHeartbeatInterval),
		MaxDocumentBytes:  e.Positive("MAX_DOCUMENT_BYTES", DefaultMaxDocumentBytes),
		Limits: extract.Limits{
			MaxPages:             int(e.Positive("MAX_PAGES", int64(defaults.MaxPages))),
			MaxDecompressedBytes: e.Positive("MAX_DECOMPRESSED_BYTES", defaults.MaxDecompressedBytes),
			MaxPageBytes:         int(e.Positive("MAX_PAGE_BYTES", int64(defaults.MaxPageBytes))),
		},
		ChunkSize:    int(e.Positive("CHUNK_SIZE", DefaultChunkSize)),
		ChunkOverlap: int(e.Natural("CHUNK_OVERLAP", DefaultChunkOverlap)),
		LogLevel:     e.Level("LOG_LEVEL"),
	}
	c.TempDir, _ = e.Get("TMPDIR")
	if c.DocumentID != "" && !workflow.ValidDocumentID(c.DocumentID) {
		// It becomes part of S3 keys: refuse anything but a docflow id.
		e.Problem("%s=%q is not a docflow document id", workflow.ContainerEnv.DocumentID, c.DocumentID)
	}
	if c.ChunkOverlap >= c.ChunkSize {
		e.Problem("CHUNK_OVERLAP (%d) must be less than CHUNK_SIZE (%d)", c.ChunkOverlap, c.ChunkSize)
	}
	return c, e.Err()
}
