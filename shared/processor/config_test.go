package processor

import (
	"docflow/shared/extract"
	"strings"
	"testing"
	"time"
)

func TestLoadConfig(t *testing.T) {
	full := map[string]string{
		"TASK_TOKEN": "tok", "DOCUMENT_ID": testID, "DOCUMENT_NAME": "notes.txt", "DOCUMENT_BUCKET": "in",
		"DOCUMENT_KEY": testKey, "DOCUMENT_OWNER": "alice", "DOCUMENTS_BUCKET": "out", "DOCUMENTS_TABLE": "docs",
		"CONNECTIONS_TABLE": "conns", "WEBSOCKET_ENDPOINT": "http://127.0.0.1:3001/local",
	}
	with := func(changes map[string]string) map[string]string {
		m := map[string]string{}
		for k, v := range full {
			m[k] = v
		}
		for k, v := range changes {
			m[k] = v
		}
		return m
	}
	tests := []struct {
		name    string
		env     map[string]string
		check   func(Config) bool
		wantErr []string
	}{
		{name: "defaults", env: full, check: func(c Config) bool {
			return c.HeartbeatInterval == 20*time.Second && c.MaxDocumentBytes == 100<<20 && c.ChunkSize == 1000 &&
				c.ChunkOverlap == 200 && c.Bucket == "in" && c.OutputBucket == "out" && c.TaskToken == "tok"
		}},
		{name: "overrides", env: with(map[string]string{"HEARTBEAT_INTERVAL": "5s", "MAX_DOCUMENT_BYTES": "1024", "CHUNK_SIZE": "500", "CHUNK_OVERLAP": "0"}),
			check: func(c Config) bool {
				return c.HeartbeatInterval == 5*time.Second && c.MaxDocumentBytes == 1024 && c.ChunkSize == 500 && c.ChunkOverlap == 0
			}},
		{name: "extraction limits", env: with(map[string]string{"MAX_PAGES": "3", "MAX_DECOMPRESSED_BYTES": "2048", "MAX_PAGE_BYTES": "512"}),
			check: func(c Config) bool {
				return c.Limits == extract.Limits{MaxPages: 3, MaxDecompressedBytes: 2048, MaxPageBytes: 512}
			}},
		{name: "extraction limits default", env: full, check: func(c Config) bool { return c.Limits == extract.DefaultLimits() }},
		{name: "bad extraction limit", env: with(map[string]string{"MAX_PAGES": "0"}), wantErr: []string{"MAX_PAGES"}},
		{name: "nothing set names every variable", env: map[string]string{}, wantErr: []string{"TASK_TOKEN", "DOCUMENT_ID", "DOCUMENT_NAME",
			"DOCUMENT_BUCKET", "DOCUMENT_KEY", "DOCUMENT_OWNER", "DOCUMENTS_BUCKET", "DOCUMENTS_TABLE", "CONNECTIONS_TABLE", "WEBSOCKET_ENDPOINT"}},
		{name: "document id that is not one of ours", env: with(map[string]string{"DOCUMENT_ID": "../../etc"}), wantErr: []string{"DOCUMENT_ID"}},
		{name: "overlap not under size", env: with(map[string]string{"CHUNK_SIZE": "100", "CHUNK_OVERLAP": "100"}), wantErr: []string{"CHUNK_OVERLAP"}},
		{name: "bad numbers and durations", env: with(map[string]string{"HEARTBEAT_INTERVAL": "20", "MAX_DOCUMENT_BYTES": "-1"}),
			wantErr: []string{"HEARTBEAT_INTERVAL", "MAX_DOCUMENT_BYTES"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := LoadConfig(func(k string) (string, bool) { v, ok := tt.env[k]; return v, ok })
			if len(tt.wantErr) > 0 {
				if err == nil {
					t.Fatalf("no error, want one naming %v", tt.wantErr)
				}
				for _, part := range tt.wantErr {
					if !strings.Contains(err.Error(), part) {
						t.Errorf("error %q does not name %s", err, part)
					}
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !tt.check(got) {
				t.Errorf("config = %+v", got)
			}
		})
	}
}
