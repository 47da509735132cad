package answer

import (
	"log/slog"
	"strings"
	"time"

	"docflow/shared/config"
)

// Defaults of the worker's knobs.
const (
	// DefaultMaxReceiveCount is the queue's redrive maxReceiveCount: the
	// attempt with this number is the last.
	DefaultMaxReceiveCount = 3
	// DefaultFlushInterval and DefaultFlushBytes decide when buffered answer
	// text goes out as a chunk: whichever comes first. A few hundred
	// characters every ~75 ms reads as live text without a frame per token.
	DefaultFlushInterval = 75 * time.Millisecond
	DefaultFlushBytes    = 300
	// MaxChunkBytes bounds the text of one answerChunk, far below API
	// Gateway's 32 KB frame (JSON escaping can grow text up to six times).
	MaxChunkBytes = 4 << 10
	// MaxExcerptChars bounds a citation's excerpt in characters.
	MaxExcerptChars = 300
)

// Config is what the worker needs to know about its deployment.
type Config struct {
	KnowledgeBaseID string // KNOWLEDGE_BASE_ID
	ModelArn        string // MODEL_ARN
	// DeadLetterQueueARN is the queries DLQ (QUERIES_DLQ_ARN): records from
	// it end their question as failed instead of answering it.
	DeadLetterQueueARN string
	// MaxReceiveCount is the last attempt (QUERIES_MAX_RECEIVE_COUNT,
	// default DefaultMaxReceiveCount); keep it equal to the redrive policy.
	MaxReceiveCount int
	FlushInterval   time.Duration
	FlushBytes      int
}

// Settings is what tasks/answer reads from its environment.
type Settings struct {
	QueriesTable      string // QUERIES_TABLE
	DocumentsTable    string // DOCUMENTS_TABLE (the store the publisher forgets gone connections in)
	ConnectionsTable  string // CONNECTIONS_TABLE
	WebSocketEndpoint string // WEBSOCKET_ENDPOINT
	Worker            Config
	LogLevel          slog.Level // LOG_LEVEL
}

// LoadSettings reads the answer task's settings; lookup is os.LookupEnv in
// main. Every missing or bad variable is named in the one error.
func LoadSettings(lookup func(string) (string, bool)) (Settings, error) {
	e := config.New(lookup)
	s := Settings{
		QueriesTable:      e.Required("QUERIES_TABLE"),
		DocumentsTable:    e.Required("DOCUMENTS_TABLE"),
		ConnectionsTable:  e.Required("CONNECTIONS_TABLE"),
		WebSocketEndpoint: e.Endpoint("WEBSOCKET_ENDPOINT"),
		Worker: Config{
			KnowledgeBaseID:    e.Required("KNOWLEDGE_BASE_ID"),
			ModelArn:           e.Required("MODEL_ARN"),
			DeadLetterQueueARN: e.Required("QUERIES_DLQ_ARN"),
			MaxReceiveCount:    int(e.Positive("QUERIES_MAX_RECEIVE_COUNT", DefaultMaxReceiveCount)),
		},
		LogLevel: e.Level("LOG_LEVEL"),
	}
	if arn := s.Worker.DeadLetterQueueARN; arn != "" && !strings.HasPrefix(arn, "arn:") {
		e.Problem("QUERIES_DLQ_ARN=%q is not an ARN", arn)
	}
	return s, e.Err()
}
