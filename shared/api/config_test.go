package api

import (
	"log/slog"
	"strings"
	"testing"
	"time"
)

func lookupIn(env map[string]string) func(string) (string, bool) {
	return func(k string) (string, bool) { v, ok := env[k]; return v, ok }
}

func TestLoadMessageSettings(t *testing.T) {
	full := map[string]string{
		"DOCUMENTS_TABLE":    "docs",
		"CONNECTIONS_TABLE":  "conns",
		"DOCUMENTS_BUCKET":   "bucket",
		"STATE_MACHINE_ARN":  testSM,
		"WEBSOCKET_ENDPOINT": "https://abc123defg.execute-api.us-east-1.amazonaws.com/prod",
		"QUERIES_TABLE":      "queries",
		"QUERIES_QUEUE_URL":  testQueueURL,
	}
	with := func(k, v string) map[string]string {
		m := map[string]string{}
		for a, b := range full {
			m[a] = b
		}
		if v == "<unset>" {
			delete(m, k)
		} else {
			m[k] = v
		}
		return m
	}
	tests := []struct {
		name    string
		env     map[string]string
		want    Settings
		wantErr []string // each must appear in the error
	}{
		{
			name: "defaults",
			env:  full,
			want: Settings{DocumentsTable: "docs", ConnectionsTable: "conns", QueriesTable: "queries", WebSocketEndpoint: full["WEBSOCKET_ENDPOINT"],
				Message: MessageConfig{Bucket: "bucket", StateMachineArn: testSM, UploadURLTTL: 5 * time.Minute, MaxUploadBytes: 104857600,
					QueueURL: testQueueURL, OutputURLTTL: 5 * time.Minute},
				LogLevel: slog.LevelInfo},
		},
		{
			name: "overrides",
			env: func() map[string]string {
				m := with("UPLOAD_URL_TTL", "5m")
				m["MAX_UPLOAD_BYTES"] = "1000"
				m["LOG_LEVEL"] = "debug"
				m["OUTPUT_URL_TTL"] = "1m"
				return m
			}(),
			want: Settings{DocumentsTable: "docs", ConnectionsTable: "conns", QueriesTable: "queries", WebSocketEndpoint: full["WEBSOCKET_ENDPOINT"],
				Message: MessageConfig{Bucket: "bucket", StateMachineArn: testSM, UploadURLTTL: 5 * time.Minute, MaxUploadBytes: 1000,
					QueueURL: testQueueURL, OutputURLTTL: time.Minute},
				LogLevel: slog.LevelDebug},
		},
		{name: "nothing set names every missing variable", env: map[string]string{},
			wantErr: []string{"DOCUMENTS_TABLE, CONNECTIONS_TABLE, QUERIES_TABLE, WEBSOCKET_ENDPOINT, QUERIES_QUEUE_URL, DOCUMENTS_BUCKET, STATE_MACHINE_ARN"}},
		{name: "blank counts as missing", env: with("STATE_MACHINE_ARN", "  "), wantErr: []string{"missing environment variables: STATE_MACHINE_ARN"}},
		{name: "queue url not a URL", env: with("QUERIES_QUEUE_URL", "docflow-queries"), wantErr: []string{"QUERIES_QUEUE_URL"}},
		{name: "output ttl longer than an hour", env: with("OUTPUT_URL_TTL", "2h"), wantErr: []string{"OUTPUT_URL_TTL=2h0m0s is longer than 1h0m0s"}},
		{name: "endpoint not a URL", env: with("WEBSOCKET_ENDPOINT", "abc123defg.execute-api"), wantErr: []string{"WEBSOCKET_ENDPOINT"}},
		{name: "bad ttl", env: with("UPLOAD_URL_TTL", "15"), wantErr: []string{"UPLOAD_URL_TTL"}},
		{name: "negative ttl", env: with("UPLOAD_URL_TTL", "-1m"), wantErr: []string{"UPLOAD_URL_TTL"}},
		{name: "ttl longer than an hour", env: with("UPLOAD_URL_TTL", "24h"), wantErr: []string{"UPLOAD_URL_TTL=24h0m0s is longer than 1h0m0s"}},
		{name: "bad max upload", env: with("MAX_UPLOAD_BYTES", "100MB"), wantErr: []string{"MAX_UPLOAD_BYTES"}},
		{name: "bad log level", env: with("LOG_LEVEL", "chatty"), wantErr: []string{"LOG_LEVEL"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := LoadMessageSettings(lookupIn(tt.env))
			if len(tt.wantErr) == 0 {
				if err != nil {
					t.Fatalf("LoadMessageSettings: %v", err)
				}
				if got != tt.want {
					t.Errorf("LoadMessageSettings = %+v, want %+v", got, tt.want)
				}
				return
			}
			if err == nil {
				t.Fatalf("LoadMessageSettings = %+v, want an error", got)
			}
			for _, s := range tt.wantErr {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("error %q does not mention %q", err, s)
				}
			}
		})
	}
}

func TestLoadConnectionSettings(t *testing.T) {
	got, err := LoadConnectionSettings(lookupIn(map[string]string{"DOCUMENTS_TABLE": "docs", "CONNECTIONS_TABLE": "conns"}))
	if err != nil || got.DocumentsTable != "docs" || got.ConnectionsTable != "conns" {
		t.Errorf("LoadConnectionSettings = %+v, %v", got, err)
	}
	_, err = LoadConnectionSettings(lookupIn(map[string]string{"DOCUMENTS_TABLE": "docs"}))
	if err == nil || !strings.Contains(err.Error(), "CONNECTIONS_TABLE") {
		t.Errorf("missing CONNECTIONS_TABLE: error %v", err)
	}
}
