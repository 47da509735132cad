package api

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"docflow/shared/domain"
)

// testNow is the fixed clock of every handler test.
var testNow = time.Date(2026, 1, 1, 0, 0, 5, 0, time.UTC)

// sampleToken is the token in testdata/connect.json; it must never be logged.
const sampleToken = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzZWNyZXQtdG9rZW4tc3ViamVjdCJ9.c2lnbmF0dXJl"

// loadEvent reads a sample API Gateway event from testdata.
func loadEvent(t *testing.T, name string) events.APIGatewayWebsocketProxyRequest {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	var req events.APIGatewayWebsocketProxyRequest
	if err := json.Unmarshal(b, &req); err != nil {
		t.Fatalf("decode %s: %v", name, err)
	}
	return req
}

// testLogger logs JSON into buf, as the tasks do, so tests can read the logs.
func testLogger(buf *bytes.Buffer) *slog.Logger {
	return NewLogger(buf, slog.LevelDebug)
}

func TestConnect(t *testing.T) {
	storeDown := errors.New("dynamodb: connection reset")
	tests := []struct {
		name       string
		event      string
		authorizer any // replaces the event's authorizer when not nil
		putErr     error
		wantStatus int
		wantCalls  []string
		wantOwner  string
	}{
		{name: "no authorizer context is refused (fail closed)", event: "connect.json",
			wantStatus: 403},
		{name: "owner from the authorizer's principalId", event: "connect_authorized.json",
			wantStatus: 200, wantCalls: []string{"PutConnection(R1kn0c3VNjMCFIB=, alice@example.com)"}, wantOwner: "alice@example.com"},
		{name: "empty principalId is refused", event: "connect.json", authorizer: map[string]any{"principalId": ""},
			wantStatus: 403},
		{name: "principal that cannot be a key segment is refused", event: "connect.json", authorizer: map[string]any{"principalId": "auth0|alice/../bob"},
			wantStatus: 403},
		{name: "non-string principal is refused", event: "connect.json", authorizer: map[string]any{"principalId": 42},
			wantStatus: 403},
		{name: "store failure refuses the connection", event: "connect.json", authorizer: map[string]any{"principalId": "u-7c1f"}, putErr: storeDown,
			wantStatus: 500, wantCalls: []string{"PutConnection(R1kmxc2VNjMCFIA=, u-7c1f)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got domain.Connection
			store := &fakeStore{PutConnectionFunc: func(_ context.Context, c domain.Connection) error {
				got = c
				return tt.putErr
			}}
			var logs bytes.Buffer
			h := NewConnect(store, testLogger(&logs))
			h.now = func() time.Time { return testNow }
			req := loadEvent(t, tt.event)
			if tt.authorizer != nil {
				req.RequestContext.Authorizer = tt.authorizer
			}

			resp, err := h.Handle(context.Background(), req)
			if err != nil {
				t.Fatalf("Handle: %v", err)
			}
			if resp.StatusCode != tt.wantStatus {
				t.Errorf("status = %d, want %d", resp.StatusCode, tt.wantStatus)
			}
			if !reflect.DeepEqual(store.calls, tt.wantCalls) {
				t.Errorf("store calls = %q, want %q", store.calls, tt.wantCalls)
			}
			if tt.wantOwner != "" {
				want := domain.Connection{
					ID: req.RequestContext.ConnectionID, Owner: tt.wantOwner, ConnectedAt: testNow,
					ExpiresAt: testNow.Add(2*time.Hour + ConnectionSlack),
				}
				if got != want {
					t.Errorf("recorded %+v, want %+v", got, want)
				}
			}
			if strings.Contains(logs.String(), sampleToken) || strings.Contains(logs.String(), "c2lnbmF0dXJl") {
				t.Errorf("logs leak the token:\n%s", logs.String())
			}
			if !strings.Contains(logs.String(), `"connectionId":"`+req.RequestContext.ConnectionID+`"`) {
				t.Errorf("logs lack the connectionId:\n%s", logs.String())
			}
		})
	}
}

func TestDisconnect(t *testing.T) {
	tests := []struct {
		name string
		err  error
	}{
		{"forgets the connection", nil},
		{"store failure is still 200: $disconnect is best-effort", errors.New("throttled")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			store := &fakeStore{DeleteConnectionFunc: func(context.Context, string) error { return tt.err }}
			var logs bytes.Buffer
			resp, err := NewDisconnect(store, testLogger(&logs)).Handle(context.Background(), loadEvent(t, "disconnect.json"))
			if err != nil {
				t.Fatalf("Handle: %v", err)
			}
			if resp.StatusCode != 200 {
				t.Errorf("status = %d, want 200", resp.StatusCode)
			}
			if got, want := store.calls, []string{"DeleteConnection(R1kmxc2VNjMCFIA=)"}; !reflect.DeepEqual(got, want) {
				t.Errorf("store calls = %q, want %q", got, want)
			}
			if tt.err != nil && !strings.Contains(logs.String(), tt.err.Error()) {
				t.Errorf("the failure is not logged:\n%s", logs.String())
			}
		})
	}
}

func TestOwner(t *testing.T) {
	tests := []struct {
		name       string
		authorizer any
		want       string
		wantCode   domain.Code
	}{
		{"no authorizer: fail closed", nil, "", domain.CodeUnauthorized},
		{"authorizer without principal", map[string]any{"integrationLatency": 3}, "", domain.CodeUnauthorized},
		{"null principal", map[string]any{"principalId": nil}, "", domain.CodeUnauthorized},
		{"empty principal", map[string]any{"principalId": ""}, "", domain.CodeUnauthorized},
		{"principal", map[string]any{"principalId": "user-123"}, "user-123", ""},
		{"authorizer of another shape", "principalId=alice", "", domain.CodeUnauthorized},
		{"principal dot-dot", map[string]any{"principalId": ".."}, "", domain.CodeUnauthorized},
		{"principal with a slash", map[string]any{"principalId": "a/b"}, "", domain.CodeUnauthorized},
		{"principal too long", map[string]any{"principalId": strings.Repeat("a", 129)}, "", domain.CodeUnauthorized},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var req events.APIGatewayWebsocketProxyRequest
			req.RequestContext.Authorizer = tt.authorizer
			got, err := Owner(req)
			if got != tt.want || domain.ErrorCode(err) != tt.wantCode {
				t.Errorf("Owner = %q, %v; want %q, code %q", got, err, tt.want, tt.wantCode)
			}
		})
	}
}
