package stages

import (
	"log/slog"
	"strings"

	"github.com/aws/aws-sdk-go-v2/service/ecs/types"

	"docflow/shared/config"
)

// DefaultContainerName is the processing container's name in the task
// definition (ECS_CONTAINER_NAME's default).
const DefaultContainerName = "process"

// Settings is what the stage tasks read from their environment (the
// template sets every variable: template.yaml).
type Settings struct {
	DocumentsTable   string // DOCUMENTS_TABLE
	ConnectionsTable string // CONNECTIONS_TABLE
	// WebSocketEndpoint is the @connections endpoint
	// (https://{apiId}.execute-api.{region}.amazonaws.com/{stage}).
	WebSocketEndpoint string     // WEBSOCKET_ENDPOINT
	LogLevel          slog.Level // LOG_LEVEL, default INFO
	// Trigger is only read by LoadTriggerSettings.
	Trigger TriggerConfig
}

// TriggerConfig says where and how Trigger runs the processing container.
type TriggerConfig struct {
	Cluster        string               // ECS_CLUSTER
	TaskDefinition string               // ECS_TASK_DEFINITION
	ContainerName  string               // ECS_CONTAINER_NAME, default "process"
	Subnets        []string             // ECS_SUBNETS, comma list
	SecurityGroups []string             // ECS_SECURITY_GROUPS, comma list (may be empty: the VPC's default group)
	AssignPublicIP types.AssignPublicIp // ECS_ASSIGN_PUBLIC_IP, ENABLED or DISABLED (default)
}

// LoadSettings reads what Start, Complete and Fail need. lookup is
// os.LookupEnv in main.
func LoadSettings(lookup func(string) (string, bool)) (Settings, error) {
	e := config.New(lookup)
	s := common(e)
	return s, e.Err()
}

// LoadTriggerSettings reads what Trigger needs: the common settings and
// the ECS ones.
func LoadTriggerSettings(lookup func(string) (string, bool)) (Settings, error) {
	e := config.New(lookup)
	s := common(e)
	s.Trigger = TriggerConfig{
		Cluster:        e.Required("ECS_CLUSTER"),
		TaskDefinition: e.Required("ECS_TASK_DEFINITION"),
		ContainerName:  e.Optional("ECS_CONTAINER_NAME", DefaultContainerName),
		Subnets:        e.List("ECS_SUBNETS", true),
		SecurityGroups: e.List("ECS_SECURITY_GROUPS", false),
		AssignPublicIP: assignPublicIP(e, "ECS_ASSIGN_PUBLIC_IP"),
	}
	return s, e.Err()
}

// common reads what every stage task needs.
func common(e *config.Env) Settings {
	return Settings{
		DocumentsTable:    e.Required("DOCUMENTS_TABLE"),
		ConnectionsTable:  e.Required("CONNECTIONS_TABLE"),
		WebSocketEndpoint: e.Endpoint("WEBSOCKET_ENDPOINT"),
		LogLevel:          e.Level("LOG_LEVEL"),
	}
}

// assignPublicIP reads ENABLED or DISABLED (DISABLED when unset).
func assignPublicIP(e *config.Env, name string) types.AssignPublicIp {
	v, ok := e.Get(name)
	if !ok {
		return types.AssignPublicIpDisabled
	}
	switch a := types.AssignPublicIp(strings.ToUpper(v)); a {
	case types.AssignPublicIpEnabled, types.AssignPublicIpDisabled:
		return a
	}
	e.Problem("%s=%q is neither ENABLED nor DISABLED", name, v)
	return types.AssignPublicIpDisabled
}
