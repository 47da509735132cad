package main

import (
	"testing"

	"docflow/internal/tasktest"
)

// TestMissingEnvironmentFailsFast: main refuses to start without its
// configuration and names every missing variable.
func TestMissingEnvironmentFailsFast(t *testing.T) {
	tasktest.MissingEnvironmentFailsFast(t, main, "DOCUMENTS_TABLE", "CONNECTIONS_TABLE", "WEBSOCKET_ENDPOINT",
		"KNOWLEDGE_BASE_ID", "DATA_SOURCE_ID", "DOCUMENTS_BUCKET")
}
