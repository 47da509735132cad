package main

import (
	"encoding/json"
	"os"
	"testing"

	"github.com/aws/aws-lambda-go/events"

	"docflow/internal/tasktest"
)

// TestMissingEnvironmentFailsFast: main refuses to start without its
// configuration and names every missing variable.
func TestMissingEnvironmentFailsFast(t *testing.T) {
	tasktest.MissingEnvironmentFailsFast(t, main, "DOCUMENTS_TABLE", "CONNECTIONS_TABLE", "WEBSOCKET_ENDPOINT", "DOCUMENTS_BUCKET", "STATE_MACHINE_ARN",
		"QUERIES_TABLE", "QUERIES_QUEUE_URL")
}

// TestSampleEvent keeps testdata/event.json (for sam local invoke -e) a
// valid message event.
func TestSampleEvent(t *testing.T) {
	b, err := os.ReadFile("testdata/event.json")
	if err != nil {
		t.Fatal(err)
	}
	var req events.APIGatewayWebsocketProxyRequest
	if err := json.Unmarshal(b, &req); err != nil {
		t.Fatal(err)
	}
	if req.RequestContext.ConnectionID == "" || req.RequestContext.RouteKey != "$default" {
		t.Errorf("event has connection %q route %q", req.RequestContext.ConnectionID, req.RequestContext.RouteKey)
	}
}
