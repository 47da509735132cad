package api

import (
	"io"
	"log/slog"

	"docflow/shared/config"
	"docflow/shared/protocol"
)

// Settings is what the WebSocket tasks read from their environment (the
// template sets every variable: template.yaml). Each task loads only
// what it uses.
type Settings struct {
	DocumentsTable   string // DOCUMENTS_TABLE
	ConnectionsTable string // CONNECTIONS_TABLE
	QueriesTable     string // QUERIES_TABLE (the message task only)
	// WebSocketEndpoint is the @connections endpoint
	// (https://{apiId}.execute-api.{region}.amazonaws.com/{stage}).
	WebSocketEndpoint string // WEBSOCKET_ENDPOINT
	Message           MessageConfig
	LogLevel          slog.Level // LOG_LEVEL, default INFO
}

// LoadConnectionSettings reads what $connect and $disconnect need: the two
// tables (the store keeps subscriptions beside connections and documents).
// lookup is os.LookupEnv in main.
func LoadConnectionSettings(lookup func(string) (string, bool)) (Settings, error) {
	e := config.New(lookup)
	s := Settings{
		DocumentsTable:   e.Required("DOCUMENTS_TABLE"),
		ConnectionsTable: e.Required("CONNECTIONS_TABLE"),
		LogLevel:         e.Level("LOG_LEVEL"),
	}
	return s, e.Err()
}

// LoadMessageSettings reads what $default needs.
func LoadMessageSettings(lookup func(string) (string, bool)) (Settings, error) {
	e := config.New(lookup)
	s := Settings{
		DocumentsTable:    e.Required("DOCUMENTS_TABLE"),
		ConnectionsTable:  e.Required("CONNECTIONS_TABLE"),
		QueriesTable:      e.Required("QUERIES_TABLE"),
		WebSocketEndpoint: e.Endpoint("WEBSOCKET_ENDPOINT"),
		Message: MessageConfig{
			QueueURL:        e.Endpoint("QUERIES_QUEUE_URL"),
			OutputURLTTL:    e.Duration("OUTPUT_URL_TTL", DefaultOutputURLTTL),
			Bucket:          e.Required("DOCUMENTS_BUCKET"),
			StateMachineArn: e.Required("STATE_MACHINE_ARN"),
			UploadURLTTL:    e.Duration("UPLOAD_URL_TTL", DefaultUploadURLTTL),
			MaxUploadBytes:  e.Positive("MAX_UPLOAD_BYTES", protocol.DefaultMaxUploadBytes),
		},
		LogLevel: e.Level("LOG_LEVEL"),
	}
	if s.Message.UploadURLTTL > MaxUploadURLTTL {
		e.Problem("UPLOAD_URL_TTL=%s is longer than %s; upload URLs are credentials, keep them short", s.Message.UploadURLTTL, MaxUploadURLTTL)
	}
	if s.Message.OutputURLTTL > MaxUploadURLTTL {
		e.Problem("OUTPUT_URL_TTL=%s is longer than %s; output URLs are credentials, keep them short", s.Message.OutputURLTTL, MaxUploadURLTTL)
	}
	return s, e.Err()
}

// NewLogger returns the JSON logger every task logs with.
func NewLogger(w io.Writer, level slog.Level) *slog.Logger {
	return slog.New(slog.NewJSONHandler(w, &slog.HandlerOptions{Level: level}))
}
