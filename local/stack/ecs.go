package stack

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// taskRunner runs one task's container with its environment (the task
// definition's plus RunTask's container overrides).
type taskRunner func(ctx context.Context, env map[string]string) error

// ecsService answers the ECS calls the trigger task makes (AWS JSON 1.1,
// X-Amz-Target AmazonEC2ContainerServiceV20141113.*): RunTask starts the
// container in process; DescribeTasks and StopTask see and stop it.
type ecsService struct {
	cluster string
	run     taskRunner
	log     *slog.Logger

	mu     sync.Mutex
	tasks  map[string]*ecsTask // by ARN
	tokens map[string]string   // clientToken → task ARN
	wg     sync.WaitGroup
	ctx    context.Context
	stop   context.CancelFunc
}

type ecsTask struct {
	arn, definition, lastStatus, stoppedReason, startedBy string
	createdAt                                             time.Time
	cancel                                                context.CancelFunc
	// killed is set when the container dies without warning (SIGKILL, an
	// out-of-memory kill, a lost Fargate host): from then on none of its
	// AWS calls leave it, so it can neither heartbeat nor answer its task
	// token, exactly as a dead process cannot.
	killed atomic.Bool
}

// taskKey marks a context as a container's, so containerTransport can tell
// a dead container's calls from everyone else's.
type taskKey struct{}

// errContainerKilled is what a killed container's calls fail with.
var errContainerKilled = errors.New("the container was killed")

// containerTransport carries every SDK call of the stack's functions and
// containers; it drops the calls of a killed container.
type containerTransport struct{ base http.RoundTripper }

func (t containerTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if task, ok := r.Context().Value(taskKey{}).(*ecsTask); ok && task.killed.Load() {
		return nil, errContainerKilled
	}
	return t.base.RoundTrip(r)
}

func newECS(cluster string, run taskRunner, log *slog.Logger) *ecsService {
	ctx, stop := context.WithCancel(context.Background())
	return &ecsService{cluster: cluster, run: run, log: log, tasks: map[string]*ecsTask{}, tokens: map[string]string{}, ctx: ctx, stop: stop}
}

type runTaskInput struct {
	Cluster        string `json:"cluster"`
	TaskDefinition string `json:"taskDefinition"`
	ClientToken    string `json:"clientToken"`
	StartedBy      string `json:"startedBy"`
	Count          int    `json:"count"`
	Overrides      struct {
		ContainerOverrides []struct {
			Name        string `json:"name"`
			Environment []struct {
				Name  string `json:"name"`
				Value string `json:"value"`
			} `json:"environment"`
		} `json:"containerOverrides"`
	} `json:"overrides"`
}

func (s *ecsService) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	op := strings.TrimPrefix(r.Header.Get("X-Amz-Target"), "AmazonEC2ContainerServiceV20141113.")
	switch op {
	case "RunTask":
		var in runTaskInput
		if err := json.NewDecoder(r.Body).Decode(&in); err != nil {
			ecsError(w, "InvalidParameterException", "request body: "+err.Error())
			return
		}
		if in.Count > 1 {
			ecsError(w, "InvalidParameterException", "the local stack runs one task per RunTask")
			return
		}
		t := s.runTask(in)
		writeJSON(w, map[string]any{"tasks": []any{s.describe(t)}, "failures": []any{}})
	case "DescribeTasks":
		var in struct{ Tasks []string }
		_ = json.NewDecoder(r.Body).Decode(&in)
		var tasks, failures []any
		s.mu.Lock()
		for _, arn := range in.Tasks {
			if t, ok := s.tasks[arn]; ok {
				tasks = append(tasks, s.describeLocked(t))
			} else {
				failures = append(failures, map[string]string{"arn": arn, "reason": "MISSING"})
			}
		}
		s.mu.Unlock()
		writeJSON(w, map[string]any{"tasks": tasks, "failures": failures})
	case "StopTask":
		var in struct{ Task, Reason string }
		_ = json.NewDecoder(r.Body).Decode(&in)
		s.mu.Lock()
		t, ok := s.tasks[in.Task]
		if ok {
			t.stoppedReason = in.Reason
			t.cancel()
		}
		s.mu.Unlock()
		if !ok {
			ecsError(w, "InvalidParameterException", "The referenced task was not found.")
			return
		}
		writeJSON(w, map[string]any{"task": s.describe(t)})
	default:
		ecsError(w, "UnsupportedFeatureException", fmt.Sprintf("the local stack does not serve ECS %q", op))
	}
}

// runTask starts the container, once per client token as ECS does.
func (s *ecsService) runTask(in runTaskInput) *ecsTask {
	s.mu.Lock()
	defer s.mu.Unlock()
	if arn, ok := s.tokens[in.ClientToken]; ok && in.ClientToken != "" {
		return s.tasks[arn]
	}
	id := make([]byte, 16)
	_, _ = rand.Read(id)
	arn := fmt.Sprintf("arn:aws:ecs:%s:%s:task/%s/%s", Region, AccountID, s.cluster, hex.EncodeToString(id))
	ctx, cancel := context.WithCancel(s.ctx)
	t := &ecsTask{arn: arn, definition: in.TaskDefinition, lastStatus: "RUNNING", startedBy: in.StartedBy, createdAt: time.Now(), cancel: cancel}
	ctx = context.WithValue(ctx, taskKey{}, t)
	s.tasks[arn] = t
	if in.ClientToken != "" {
		s.tokens[in.ClientToken] = arn
	}
	env := map[string]string{}
	for _, o := range in.Overrides.ContainerOverrides {
		for _, e := range o.Environment {
			env[e.Name] = e.Value
		}
	}
	s.wg.Go(func() {
		defer cancel()
		err := s.run(ctx, env)
		s.mu.Lock()
		defer s.mu.Unlock()
		t.lastStatus = "STOPPED"
		if err != nil && t.stoppedReason == "" {
			t.stoppedReason = "Essential container in task exited"
			s.log.Warn("task stopped with an error", "taskArn", arn, "error", err)
		}
	})
	return t
}

func (s *ecsService) describe(t *ecsTask) map[string]any {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.describeLocked(t)
}

func (s *ecsService) describeLocked(t *ecsTask) map[string]any {
	return map[string]any{
		"taskArn": t.arn, "clusterArn": fmt.Sprintf("arn:aws:ecs:%s:%s:cluster/%s", Region, AccountID, s.cluster),
		"taskDefinitionArn": t.definition, "lastStatus": t.lastStatus, "desiredStatus": t.lastStatus,
		"launchType": "FARGATE", "startedBy": t.startedBy, "stoppedReason": t.stoppedReason,
		"createdAt": float64(t.createdAt.UnixMilli()) / 1000,
	}
}

// kill kills every running container without warning, as a lost Fargate
// host does, and returns their ARNs. Step Functions learns of it only when
// the heartbeat stops.
func (s *ecsService) kill() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var arns []string
	for arn, t := range s.tasks {
		if t.lastStatus != "RUNNING" {
			continue
		}
		t.killed.Store(true)
		t.stoppedReason = "Essential container in task exited (exit code 137)"
		t.cancel()
		arns = append(arns, arn)
	}
	return arns
}

// shutdown stops running containers (as Fargate does, by cancelling: the
// container answers its task token with a failure) and waits for them.
func (s *ecsService) shutdown() {
	s.stop()
	s.wg.Wait()
}

func ecsError(w http.ResponseWriter, typ, message string) {
	w.Header().Set("Content-Type", "application/x-amz-json-1.1")
	w.WriteHeader(http.StatusBadRequest)
	_ = json.NewEncoder(w).Encode(map[string]string{"__type": typ, "message": message})
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/x-amz-json-1.1")
	_ = json.NewEncoder(w).Encode(v)
}
