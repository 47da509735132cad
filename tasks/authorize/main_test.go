package main

import (
	"encoding/json"
	"os"
	"testing"

	"docflow/internal/tasktest"
	"docflow/shared/auth"
)

// TestMissingEnvironmentFailsFast: main refuses to start without its
// configuration and names every missing variable.
func TestMissingEnvironmentFailsFast(t *testing.T) {
	tasktest.MissingEnvironmentFailsFast(t, main, "JWT_ISSUER", "JWKS_URL")
}

// TestSampleEvent keeps testdata/event.json (for sam local invoke -e) an
// authorizer event with a token where API Gateway puts it.
func TestSampleEvent(t *testing.T) {
	b, err := os.ReadFile("testdata/event.json")
	if err != nil {
		t.Fatal(err)
	}
	var req auth.Request
	if err := json.Unmarshal(b, &req); err != nil {
		t.Fatal(err)
	}
	if req.Type != "REQUEST" || req.MethodArn == "" || req.QueryStringParameters[auth.TokenParameter] == "" || req.RequestContext.ConnectionID == "" {
		t.Errorf("event is not a WebSocket REQUEST authorizer event with a token: %+v", req)
	}
}
