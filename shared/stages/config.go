package stages

import (
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"strings"

	"github.com/aws/aws-sdk-go-v2/service/ecs/types"
)

// DefaultContainerName is the processing container's name in the task
// definition (ECS_CONTAINER_NAME's default).
const DefaultContainerName = "process"

// Settings is what the stage tasks read from their environment (the
// template sets every variable; see the contract).
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
	e := env{lookup: lookup}
	s := e.common()
	return s, e.err()
}

// LoadTriggerSettings reads what Trigger needs: the common settings and
// the ECS ones.
func LoadTriggerSettings(lookup func(string) (string, bool)) (Settings, error) {
	e := env{lookup: lookup}
	s := e.common()
	s.Trigger = TriggerConfig{
		Cluster:        e.required("ECS_CLUSTER"),
		TaskDefinition: e.required("ECS_TASK_DEFINITION"),
		ContainerName:  e.optional("ECS_CONTAINER_NAME", DefaultContainerName),
		Subnets:        e.list("ECS_SUBNETS", true),
		SecurityGroups: e.list("ECS_SECURITY_GROUPS", false),
		AssignPublicIP: e.assignPublicIP("ECS_ASSIGN_PUBLIC_IP"),
	}
	return s, e.err()
}

// NewLogger returns the JSON logger the stage tasks log with.
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

func (e *env) common() Settings {
	return Settings{
		DocumentsTable:    e.required("DOCUMENTS_TABLE"),
		ConnectionsTable:  e.required("CONNECTIONS_TABLE"),
		WebSocketEndpoint: e.endpoint("WEBSOCKET_ENDPOINT"),
		LogLevel:          e.level("LOG_LEVEL"),
	}
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

func (e *env) optional(name, def string) string {
	if v, ok := e.get(name); ok {
		return v
	}
	return def
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

// list reads a comma list, dropping empty items.
func (e *env) list(name string, required bool) []string {
	var v string
	if required {
		v = e.required(name)
	} else {
		v, _ = e.get(name)
	}
	var out []string
	for item := range strings.SplitSeq(v, ",") {
		if item = strings.TrimSpace(item); item != "" {
			out = append(out, item)
		}
	}
	if required && v != "" && len(out) == 0 {
		e.problems = append(e.problems, fmt.Sprintf("%s=%q lists nothing", name, v))
	}
	return out
}

func (e *env) assignPublicIP(name string) types.AssignPublicIp {
	v, ok := e.get(name)
	if !ok {
		return types.AssignPublicIpDisabled
	}
	switch a := types.AssignPublicIp(strings.ToUpper(v)); a {
	case types.AssignPublicIpEnabled, types.AssignPublicIpDisabled:
		return a
	}
	e.problems = append(e.problems, fmt.Sprintf("%s=%q is neither ENABLED nor DISABLED", name, v))
	return types.AssignPublicIpDisabled
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
