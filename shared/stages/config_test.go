package stages

import (
	"log/slog"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/ecs/types"
)

func lookupFrom(m map[string]string) func(string) (string, bool) {
	return func(k string) (string, bool) { v, ok := m[k]; return v, ok }
}

func TestLoadTriggerSettings(t *testing.T) {
	full := map[string]string{
		"DOCUMENTS_TABLE": "docs", "CONNECTIONS_TABLE": "conns", "WEBSOCKET_ENDPOINT": "https://abc.execute-api.eu-west-1.amazonaws.com/prod",
		"ECS_CLUSTER": "c", "ECS_TASK_DEFINITION": "td", "ECS_SUBNETS": "subnet-a, subnet-b,", "ECS_SECURITY_GROUPS": "sg-1",
		"ECS_ASSIGN_PUBLIC_IP": "ENABLED", "LOG_LEVEL": "DEBUG",
	}
	with := func(changes map[string]string) map[string]string {
		m := map[string]string{}
		for k, v := range full {
			m[k] = v
		}
		for k, v := range changes {
			if v == "" {
				delete(m, k)
			} else {
				m[k] = v
			}
		}
		return m
	}
	tests := []struct {
		name    string
		env     map[string]string
		want    Settings
		wantErr []string // parts of the error
	}{
		{name: "all set", env: full, want: Settings{DocumentsTable: "docs", ConnectionsTable: "conns",
			WebSocketEndpoint: full["WEBSOCKET_ENDPOINT"], LogLevel: slog.LevelDebug,
			Trigger: TriggerConfig{Cluster: "c", TaskDefinition: "td", ContainerName: "process", Subnets: []string{"subnet-a", "subnet-b"},
				SecurityGroups: []string{"sg-1"}, AssignPublicIP: types.AssignPublicIpEnabled}}},
		{name: "defaults", env: with(map[string]string{"ECS_SECURITY_GROUPS": "", "ECS_ASSIGN_PUBLIC_IP": "", "LOG_LEVEL": ""}),
			want: Settings{DocumentsTable: "docs", ConnectionsTable: "conns", WebSocketEndpoint: full["WEBSOCKET_ENDPOINT"],
				Trigger: TriggerConfig{Cluster: "c", TaskDefinition: "td", ContainerName: "process", Subnets: []string{"subnet-a", "subnet-b"},
					AssignPublicIP: types.AssignPublicIpDisabled}}},
		{name: "nothing set names every required variable", env: map[string]string{},
			wantErr: []string{"DOCUMENTS_TABLE", "CONNECTIONS_TABLE", "WEBSOCKET_ENDPOINT", "ECS_CLUSTER", "ECS_TASK_DEFINITION", "ECS_SUBNETS"}},
		{name: "bad values", env: with(map[string]string{"ECS_ASSIGN_PUBLIC_IP": "yes", "WEBSOCKET_ENDPOINT": "wss://x", "ECS_SUBNETS": " , "}),
			wantErr: []string{"ECS_ASSIGN_PUBLIC_IP", "WEBSOCKET_ENDPOINT", "ECS_SUBNETS"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := LoadTriggerSettings(lookupFrom(tt.env))
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
			gt, wt := got.Trigger, tt.want.Trigger
			if got.DocumentsTable != tt.want.DocumentsTable || got.ConnectionsTable != tt.want.ConnectionsTable ||
				got.WebSocketEndpoint != tt.want.WebSocketEndpoint || got.LogLevel != tt.want.LogLevel {
				t.Errorf("settings = %+v, want %+v", got, tt.want)
			}
			if gt.Cluster != wt.Cluster || gt.TaskDefinition != wt.TaskDefinition || gt.ContainerName != wt.ContainerName ||
				!slices.Equal(gt.Subnets, wt.Subnets) || !slices.Equal(gt.SecurityGroups, wt.SecurityGroups) || gt.AssignPublicIP != wt.AssignPublicIP {
				t.Errorf("trigger config = %+v, want %+v", gt, wt)
			}
		})
	}
}

func TestLoadSettingsNeedsNoECS(t *testing.T) {
	env := map[string]string{"DOCUMENTS_TABLE": "docs", "CONNECTIONS_TABLE": "conns", "WEBSOCKET_ENDPOINT": "http://127.0.0.1:3001/local"}
	if _, err := LoadSettings(lookupFrom(env)); err != nil {
		t.Errorf("LoadSettings = %v, want no error without ECS variables", err)
	}
}
