package api

import (
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"strconv"
	"strings"
	"time"

	"docflow/shared/protocol"
)

// Settings is what the WebSocket tasks read from their environment (the
// template sets every variable; see the contract). Each task loads only
// what it uses.
type Settings struct {
	DocumentsTable   string // DOCUMENTS_TABLE
	ConnectionsTable string // CONNECTIONS_TABLE
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
	e := env{lookup: lookup}
	s := Settings{
		DocumentsTable:   e.required("DOCUMENTS_TABLE"),
		ConnectionsTable: e.required("CONNECTIONS_TABLE"),
		LogLevel:         e.level("LOG_LEVEL"),
	}
	return s, e.err()
}

// LoadMessageSettings reads what $default needs.
func LoadMessageSettings(lookup func(string) (string, bool)) (Settings, error) {
	e := env{lookup: lookup}
	s := Settings{
		DocumentsTable:    e.required("DOCUMENTS_TABLE"),
		ConnectionsTable:  e.required("CONNECTIONS_TABLE"),
		WebSocketEndpoint: e.endpoint("WEBSOCKET_ENDPOINT"),
		Message: MessageConfig{
			Bucket:          e.required("DOCUMENTS_BUCKET"),
			StateMachineArn: e.required("STATE_MACHINE_ARN"),
			UploadURLTTL:    e.duration("UPLOAD_URL_TTL", DefaultUploadURLTTL),
			MaxUploadBytes:  e.positive("MAX_UPLOAD_BYTES", protocol.DefaultMaxUploadBytes),
		},
		LogLevel: e.level("LOG_LEVEL"),
	}
	if s.Message.UploadURLTTL > MaxUploadURLTTL {
		e.problems = append(e.problems, fmt.Sprintf("UPLOAD_URL_TTL=%s is longer than %s; upload URLs are credentials, keep them short", s.Message.UploadURLTTL, MaxUploadURLTTL))
	}
	return s, e.err()
}

// NewLogger returns the JSON logger every task logs with.
func NewLogger(w io.Writer, level slog.Level) *slog.Logger {
	return slog.New(slog.NewJSONHandler(w, &slog.HandlerOptions{Level: level}))
}

// env reads variables and collects every problem, so one failed start
// names all the missing variables at once.
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
		e.problems = append(e.problems, fmt.Sprintf("%s=%q is not a positive Go duration such as 15m", name, v))
		return def
	}
	return d
}

func (e *env) positive(name string, def int64) int64 {
	v, ok := e.get(name)
	if !ok {
		return def
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n <= 0 {
		e.problems = append(e.problems, fmt.Sprintf("%s=%q is not a positive whole number", name, v))
		return def
	}
	return n
}

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
