package processor

import (
	"fmt"
	"log/slog"
	"net/url"
	"strconv"
	"strings"
	"time"

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
	e := env{lookup: lookup}
	defaults := extract.DefaultLimits()
	c := Config{
		TaskToken:         e.required(workflow.ContainerEnv.TaskToken),
		DocumentID:        e.required(workflow.ContainerEnv.DocumentID),
		DocumentName:      e.required(workflow.ContainerEnv.DocumentName),
		Bucket:            e.required(workflow.ContainerEnv.Bucket),
		DocumentKey:       e.required(workflow.ContainerEnv.DocumentKey),
		Owner:             e.required(workflow.ContainerEnv.Owner),
		OutputBucket:      e.required("DOCUMENTS_BUCKET"),
		DocumentsTable:    e.required("DOCUMENTS_TABLE"),
		ConnectionsTable:  e.required("CONNECTIONS_TABLE"),
		WebSocketEndpoint: e.endpoint("WEBSOCKET_ENDPOINT"),
		HeartbeatInterval: e.duration("HEARTBEAT_INTERVAL", DefaultHeartbeatInterval),
		MaxDocumentBytes:  e.positive("MAX_DOCUMENT_BYTES", DefaultMaxDocumentBytes),
		Limits: extract.Limits{
			MaxPages:             int(e.positive("MAX_PAGES", int64(defaults.MaxPages))),
			MaxDecompressedBytes: e.positive("MAX_DECOMPRESSED_BYTES", defaults.MaxDecompressedBytes),
			MaxPageBytes:         int(e.positive("MAX_PAGE_BYTES", int64(defaults.MaxPageBytes))),
		},
		ChunkSize:    int(e.positive("CHUNK_SIZE", DefaultChunkSize)),
		ChunkOverlap: int(e.natural("CHUNK_OVERLAP", DefaultChunkOverlap)),
		LogLevel:     e.level("LOG_LEVEL"),
	}
	c.TempDir, _ = e.get("TMPDIR")
	if c.DocumentID != "" && !workflow.ValidDocumentID(c.DocumentID) {
		// It becomes part of S3 keys: refuse anything but a docflow id.
		e.problems = append(e.problems, fmt.Sprintf("%s=%q is not a docflow document id", workflow.ContainerEnv.DocumentID, c.DocumentID))
	}
	if c.ChunkOverlap >= c.ChunkSize {
		e.problems = append(e.problems, fmt.Sprintf("CHUNK_OVERLAP (%d) must be less than CHUNK_SIZE (%d)", c.ChunkOverlap, c.ChunkSize))
	}
	return c, e.err()
}

// env reads variables and collects every problem.
type env struct {
	lookup   func(string) (string, bool)
	missing  []string
	problems []string
}

func (e *env) get(name string) (string, bool) {
	v, ok := e.lookup(name)
	v = strings.TrimSpace(v)
	return v, ok && v != ""
}

func (e *env) required(name string) string {
	v, ok := e.get(name)
	if !ok {
		e.missing = append(e.missing, name)
	}
	return v
}

func (e *env) endpoint(name string) string {
	v := e.required(name)
	if v == "" {
		return ""
	}
	u, err := url.Parse(v)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		e.problems = append(e.problems, fmt.Sprintf("%s=%q is not an http(s) URL", name, v))
	}
	return v
}

func (e *env) duration(name string, def time.Duration) time.Duration {
	v, ok := e.get(name)
	if !ok {
		return def
	}
	d, err := time.ParseDuration(v)
	if err != nil || d <= 0 {
		e.problems = append(e.problems, fmt.Sprintf("%s=%q is not a positive Go duration such as 20s", name, v))
		return def
	}
	return d
}

func (e *env) number(name string, def, least int64, what string) int64 {
	v, ok := e.get(name)
	if !ok {
		return def
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < least || n > 1<<40 {
		e.problems = append(e.problems, fmt.Sprintf("%s=%q is not a %s whole number", name, v, what))
		return def
	}
	return n
}

func (e *env) positive(name string, def int64) int64 { return e.number(name, def, 1, "positive") }
func (e *env) natural(name string, def int64) int64  { return e.number(name, def, 0, "non-negative") }

func (e *env) level(name string) slog.Level {
	var l slog.Level
	v, ok := e.get(name)
	if !ok {
		return slog.LevelInfo
	}
	if err := l.UnmarshalText([]byte(v)); err != nil {
		e.problems = append(e.problems, fmt.Sprintf("%s=%q is not a log level (DEBUG, INFO, WARN, ERROR)", name, v))
		return slog.LevelInfo
	}
	return l
}

func (e *env) err() error {
	var parts []string
	if len(e.missing) > 0 {
		parts = append(parts, "missing environment variables: "+strings.Join(e.missing, ", "))
	}
	parts = append(parts, e.problems...)
	if len(parts) == 0 {
		return nil
	}
	return fmt.Errorf("configuration: %s", strings.Join(parts, "; "))
}
