package docflow_test

// These tests hold template.yaml, statemachine/document.asl.json, the task
// folders, tasks/process/Dockerfile and docs/deploy.md to one another, so a
// renamed variable, a new task or a changed state fails here instead of in a
// deployed stack. `make test` runs cfn-lint on the template separately.
//
// The template is read with gopkg.in/yaml.v3 and a small tag converter
// (!Ref, !Sub, !GetAtt, ... become their long forms) rather than with
// goformation: goformation resolves intrinsics as it parses (a !Ref to a
// resource or a !GetAtt becomes nil, an unresolved ${X} in !Sub is dropped,
// a !Ref to a parameter becomes its default), which erases exactly the
// references these tests check, and v7.14.9 cannot open this template at all
// (!Ref CorsAllowedOrigins resolves to the string "*" where CorsRules wants a
// list).

import (
	"bytes"
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"log/slog"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ohler55/ojg/jp"
	"gopkg.in/yaml.v3"

	"docflow/internal/task"
	"docflow/internal/tasks"
	"docflow/shared/domain"
	"docflow/shared/progress"
	"docflow/shared/workflow"
)

const (
	templatePath   = "template.yaml"
	definitionPath = "statemachine/document.asl.json"
	dockerfilePath = "tasks/process/Dockerfile"
	deployDocPath  = "docs/deploy.md"
	stateMachineID = "DocumentStateMachine"
	processDir     = "process" // tasks/process runs on ECS, not Lambda
	containerName  = "process"
)

// lambdaTransientErrors are the errors every Task must retry (docs/protocol.md, Orchestration).
var lambdaTransientErrors = []string{
	"Lambda.ServiceException",
	"Lambda.AWSLambdaException",
	"Lambda.SdkClientException",
	"Lambda.TooManyRequestsException",
}

// ---------------------------------------------------------------- template

// intrinsicTags maps YAML short forms to CloudFormation's long forms.
var intrinsicTags = map[string]string{
	"!Ref": "Ref", "!Condition": "Condition",
	"!Sub": "Fn::Sub", "!GetAtt": "Fn::GetAtt", "!Join": "Fn::Join", "!If": "Fn::If",
	"!Not": "Fn::Not", "!Equals": "Fn::Equals", "!And": "Fn::And", "!Or": "Fn::Or",
	"!Select": "Fn::Select", "!Split": "Fn::Split", "!FindInMap": "Fn::FindInMap",
	"!Base64": "Fn::Base64", "!Cidr": "Fn::Cidr", "!GetAZs": "Fn::GetAZs",
	"!ImportValue": "Fn::ImportValue", "!Transform": "Fn::Transform",
}

// yamlValue converts a node to plain Go values (map[string]any, []any,
// scalars), turning short-form intrinsics into their long-form maps.
func yamlValue(n *yaml.Node) (any, error) {
	switch n.Kind {
	case yaml.DocumentNode:
		if len(n.Content) == 0 {
			return nil, nil
		}
		return yamlValue(n.Content[0])
	case yaml.AliasNode:
		return yamlValue(n.Alias)
	}
	if long, ok := intrinsicTags[n.Tag]; ok {
		inner := *n
		inner.Tag = ""
		if n.Kind == yaml.ScalarNode {
			if long == "Fn::GetAtt" {
				res, attr, _ := strings.Cut(n.Value, ".")
				return map[string]any{long: []any{res, attr}}, nil
			}
			return map[string]any{long: n.Value}, nil
		}
		v, err := yamlValue(&inner)
		if err != nil {
			return nil, err
		}
		return map[string]any{long: v}, nil
	}
	if strings.HasPrefix(n.Tag, "!") && !strings.HasPrefix(n.Tag, "!!") {
		return nil, fmt.Errorf("line %d: unknown tag %s", n.Line, n.Tag)
	}
	switch n.Kind {
	case yaml.MappingNode:
		m := make(map[string]any, len(n.Content)/2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			v, err := yamlValue(n.Content[i+1])
			if err != nil {
				return nil, err
			}
			m[n.Content[i].Value] = v
		}
		return m, nil
	case yaml.SequenceNode:
		s := make([]any, 0, len(n.Content))
		for _, c := range n.Content {
			v, err := yamlValue(c)
			if err != nil {
				return nil, err
			}
			s = append(s, v)
		}
		return s, nil
	default:
		var v any
		if err := n.Decode(&v); err != nil {
			return nil, fmt.Errorf("line %d: %w", n.Line, err)
		}
		return v, nil
	}
}

type cfnTemplate map[string]any

func parseTemplate(data []byte) (cfnTemplate, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("parse template: %w", err)
	}
	v, err := yamlValue(&doc)
	if err != nil {
		return nil, fmt.Errorf("convert template: %w", err)
	}
	m, ok := v.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("template is a %T, not a mapping", v)
	}
	return m, nil
}

func loadTemplate(t *testing.T) cfnTemplate {
	t.Helper()
	data, err := os.ReadFile(templatePath)
	if err != nil {
		t.Fatal(err)
	}
	tpl, err := parseTemplate(data)
	if err != nil {
		t.Fatal(err)
	}
	return tpl
}

func asMap(v any) map[string]any { m, _ := v.(map[string]any); return m }
func asSlice(v any) []any        { s, _ := v.([]any); return s }
func asString(v any) string      { s, _ := v.(string); return s }
func dig(v any, keys ...string) any {
	for _, k := range keys {
		v = asMap(v)[k]
	}
	return v
}

func (c cfnTemplate) resources() map[string]any { return asMap(c["Resources"]) }

// ofType returns the logical IDs of resources of type typ, sorted.
func (c cfnTemplate) ofType(typ string) []string {
	var ids []string
	for id, r := range c.resources() {
		if asString(dig(r, "Type")) == typ {
			ids = append(ids, id)
		}
	}
	sort.Strings(ids)
	return ids
}

func (c cfnTemplate) props(id string) map[string]any {
	return asMap(dig(c.resources()[id], "Properties"))
}

// functionProp returns a function's property, falling back to Globals.
func (c cfnTemplate) functionProp(id, name string) any {
	if v, ok := c.props(id)[name]; ok {
		return v
	}
	return dig(c["Globals"], "Function", name)
}

// functionEnv merges Globals and the function's own variables as SAM does.
func (c cfnTemplate) functionEnv(id string) map[string]any {
	env := map[string]any{}
	for k, v := range asMap(dig(c["Globals"], "Function", "Environment", "Variables")) {
		env[k] = v
	}
	for k, v := range asMap(dig(c.props(id), "Environment", "Variables")) {
		env[k] = v
	}
	return env
}

// parameterDefault returns a parameter's default as text, the way
// CloudFormation hands it to DefinitionSubstitutions.
func (c cfnTemplate) parameterDefault(name string) (string, bool) {
	p := asMap(asMap(c["Parameters"])[name])
	v, ok := p["Default"]
	if !ok {
		return "", false
	}
	return fmt.Sprint(v), true
}

// codeDir is the task folder a function's CodeUri names.
func (c cfnTemplate) codeDir(id string) string {
	return filepath.Clean(asString(c.functionProp(id, "CodeUri")))
}

// functionsByTask maps task folder name to function logical ID.
func (c cfnTemplate) functionsByTask() map[string]string {
	m := map[string]string{}
	for _, id := range c.ofType("AWS::Serverless::Function") {
		m[filepath.Base(c.codeDir(id))] = id
	}
	return m
}

// ---------------------------------------------------------------- definition

var placeholder = regexp.MustCompile(`\$\{([A-Za-z0-9_]+)\}`)

func readDefinition(t *testing.T) string {
	t.Helper()
	data, err := os.ReadFile(definitionPath)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// substitutions returns what CloudFormation would put in for each
// DefinitionSubstitutions key: parameter defaults for !Ref to a parameter,
// a well-formed fake ARN for anything else.
func (c cfnTemplate) substitutions(t *testing.T) map[string]string {
	t.Helper()
	subs := map[string]string{}
	for k, v := range asMap(c.props(stateMachineID)["DefinitionSubstitutions"]) {
		switch {
		case asString(asMap(v)["Ref"]) != "":
			ref := asString(asMap(v)["Ref"])
			if d, ok := c.parameterDefault(ref); ok {
				subs[k] = d
				continue
			}
			subs[k] = "arn:aws:lambda:us-east-1:123456789012:function:" + ref
		case asMap(v)["Fn::GetAtt"] != nil:
			subs[k] = "arn:aws:lambda:us-east-1:123456789012:function:" + asString(asSlice(asMap(v)["Fn::GetAtt"])[0])
		default:
			subs[k] = fmt.Sprint(v)
		}
	}
	return subs
}

type aslState struct {
	Type             string         `json:"Type"`
	Resource         string         `json:"Resource"`
	Parameters       map[string]any `json:"Parameters"`
	ResultPath       *string        `json:"ResultPath"`
	HeartbeatSeconds *int           `json:"HeartbeatSeconds"`
	TimeoutSeconds   *int           `json:"TimeoutSeconds"`
	Next             string         `json:"Next"`
	End              bool           `json:"End"`
	Retry            []aslRetrier   `json:"Retry"`
	Catch            []aslCatcher   `json:"Catch"`
	ErrorPath        string         `json:"ErrorPath"`
	CausePath        string         `json:"CausePath"`
}

type aslRetrier struct {
	ErrorEquals     []string `json:"ErrorEquals"`
	IntervalSeconds float64  `json:"IntervalSeconds"`
	MaxAttempts     int      `json:"MaxAttempts"`
	BackoffRate     float64  `json:"BackoffRate"`
}

type aslCatcher struct {
	ErrorEquals []string `json:"ErrorEquals"`
	ResultPath  *string  `json:"ResultPath"`
	Next        string   `json:"Next"`
}

type aslMachine struct {
	StartAt string              `json:"StartAt"`
	States  map[string]aslState `json:"States"`
}

func loadMachine(t *testing.T, tpl cfnTemplate) aslMachine {
	t.Helper()
	text := placeholder.ReplaceAllStringFunc(readDefinition(t), func(m string) string {
		v, ok := tpl.substitutions(t)[placeholder.FindStringSubmatch(m)[1]]
		if !ok {
			t.Errorf("%s has no substitution", m)
		}
		return v
	})
	var m aslMachine
	if err := json.Unmarshal([]byte(text), &m); err != nil {
		t.Fatalf("definition after substitution is not JSON: %v", err)
	}
	return m
}

func stateNames(m aslMachine) []string {
	names := make([]string, 0, len(m.States))
	for n := range m.States {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// happyPath follows StartAt through Next to the first terminal state: the
// states entered when nothing fails.
func happyPath(m aslMachine) ([]string, error) {
	var path []string
	for name := m.StartAt; ; {
		s, ok := m.States[name]
		if !ok {
			return nil, fmt.Errorf("state %q does not exist", name)
		}
		path = append(path, name)
		if len(path) > len(m.States) {
			return nil, fmt.Errorf("the happy path loops: %v", path)
		}
		if s.End || s.Type == "Succeed" || s.Type == "Fail" {
			return path, nil
		}
		name = s.Next
	}
}

func TestDefinitionSubstitutions(t *testing.T) {
	tpl := loadTemplate(t)
	used := map[string]bool{}
	for _, m := range placeholder.FindAllStringSubmatch(readDefinition(t), -1) {
		used[m[1]] = true
	}
	defined := map[string]bool{}
	for k := range asMap(tpl.props(stateMachineID)["DefinitionSubstitutions"]) {
		defined[k] = true
	}
	if len(used) == 0 {
		t.Fatal("the definition has no ${...} placeholders; every ARN must come through DefinitionSubstitutions")
	}
	for name := range used {
		t.Run("used/"+name, func(t *testing.T) {
			if !defined[name] {
				t.Errorf("${%s} is used in %s but not defined in %s DefinitionSubstitutions", name, definitionPath, stateMachineID)
			}
		})
	}
	for name := range defined {
		t.Run("defined/"+name, func(t *testing.T) {
			if !used[name] {
				t.Errorf("DefinitionSubstitutions %s is never used in %s", name, definitionPath)
			}
		})
	}
	if got, want := asString(tpl.props(stateMachineID)["DefinitionUri"]), definitionPath; got != want {
		t.Errorf("DefinitionUri = %q, want %q", got, want)
	}
	if got, want := asString(tpl.props(stateMachineID)["Type"]), "STANDARD"; got != want {
		t.Errorf("state machine Type = %q, want %q", got, want)
	}
}

// TestDefinitionHasNoLiteralARNs: ARNs come only through substitutions
// (the service integration resources arn:aws:states:::... are not ARNs of
// anything in this stack).
func TestDefinitionHasNoLiteralARNs(t *testing.T) {
	literal := regexp.MustCompile(`"arn:[^"]*"`)
	for _, m := range literal.FindAllString(readDefinition(t), -1) {
		if !strings.HasPrefix(m, `"arn:aws:states:::`) {
			t.Errorf("literal ARN %s in %s; pass it through DefinitionSubstitutions", m, definitionPath)
		}
	}
}

func TestStateNamesReadable(t *testing.T) {
	readable := regexp.MustCompile(`^[A-Z][A-Za-z0-9]*$`)
	m := loadMachine(t, loadTemplate(t))
	for _, name := range stateNames(m) {
		t.Run(name, func(t *testing.T) {
			if !readable.MatchString(name) {
				t.Errorf("state name %q is not a readable PascalCase name (no ARNs, no spaces)", name)
			}
		})
	}
	for _, want := range []string{progress.Start.State, progress.Trigger.State, progress.Index.State, progress.Complete.State, "Succeeded", progress.Fail.State, "Failed"} {
		if _, ok := m.States[want]; !ok {
			t.Errorf("state %q missing (the stage table, shared/progress, names it)", want)
		}
	}
}

func TestTaskStatesRetryAndCatch(t *testing.T) {
	m := loadMachine(t, loadTemplate(t))
	for _, name := range stateNames(m) {
		s := m.States[name]
		if s.Type != "Task" {
			continue
		}
		t.Run(name, func(t *testing.T) {
			if problems := checkTask(name, s, m); len(problems) > 0 {
				for _, p := range problems {
					t.Error(p)
				}
			}
		})
	}
}

// checkTask lists what is wrong with one Task state's Retry and Catch.
func checkTask(name string, s aslState, m aslMachine) []string {
	var problems []string
	retried := map[string]bool{}
	for _, r := range s.Retry {
		if r.BackoffRate <= 1 || r.MaxAttempts < 2 || r.IntervalSeconds < 1 {
			problems = append(problems, fmt.Sprintf("retrier %v has no real backoff (IntervalSeconds %v, MaxAttempts %d, BackoffRate %v)",
				r.ErrorEquals, r.IntervalSeconds, r.MaxAttempts, r.BackoffRate))
			continue
		}
		for _, e := range r.ErrorEquals {
			retried[e] = true
		}
	}
	for _, e := range append(slices.Clone(lambdaTransientErrors), "StoreError") {
		if !retried[e] {
			problems = append(problems, fmt.Sprintf("does not retry %s with backoff", e))
		}
	}
	if len(s.Catch) == 0 {
		return append(problems, "has no Catch")
	}
	last := s.Catch[len(s.Catch)-1]
	if !slices.Equal(last.ErrorEquals, []string{"States.ALL"}) {
		problems = append(problems, fmt.Sprintf("last catcher catches %v, want [States.ALL]", last.ErrorEquals))
	}
	want := progress.Fail.State
	if name == want {
		// RecordFailure's own failure ends the execution with the original error.
		if m.States[last.Next].Type != "Fail" {
			problems = append(problems, fmt.Sprintf("%s's catcher goes to %q, a %s state; want a Fail state", name, last.Next, m.States[last.Next].Type))
		}
		return problems
	}
	if last.Next != want {
		problems = append(problems, fmt.Sprintf("catches States.ALL into %q, want %q", last.Next, want))
	}
	if last.ResultPath == nil || *last.ResultPath != "$.error" {
		problems = append(problems, "catcher must put the error at $.error (workflow.FailEvent.Error)")
	}
	return problems
}

func TestCheckTaskFindsProblems(t *testing.T) {
	str := func(s string) *string { return &s }
	good := aslRetrier{ErrorEquals: append(slices.Clone(lambdaTransientErrors), "StoreError"), IntervalSeconds: 1, MaxAttempts: 3, BackoffRate: 2}
	machine := aslMachine{States: map[string]aslState{"RecordFailure": {Type: "Task"}, "Failed": {Type: "Fail"}}}
	tests := []struct {
		name string
		s    aslState
		want int
	}{
		{"good", aslState{Retry: []aslRetrier{good}, Catch: []aslCatcher{{ErrorEquals: []string{"States.ALL"}, ResultPath: str("$.error"), Next: "RecordFailure"}}}, 0},
		{"no retry", aslState{Catch: []aslCatcher{{ErrorEquals: []string{"States.ALL"}, ResultPath: str("$.error"), Next: "RecordFailure"}}}, 5},
		{"no backoff", aslState{Retry: []aslRetrier{{ErrorEquals: good.ErrorEquals, IntervalSeconds: 1, MaxAttempts: 3, BackoffRate: 1}},
			Catch: []aslCatcher{{ErrorEquals: []string{"States.ALL"}, ResultPath: str("$.error"), Next: "RecordFailure"}}}, 6},
		{"no catch", aslState{Retry: []aslRetrier{good}}, 1},
		{"catch elsewhere", aslState{Retry: []aslRetrier{good}, Catch: []aslCatcher{{ErrorEquals: []string{"States.ALL"}, ResultPath: str("$.error"), Next: "Complete"}}}, 1},
		{"error dropped", aslState{Retry: []aslRetrier{good}, Catch: []aslCatcher{{ErrorEquals: []string{"States.ALL"}, Next: "RecordFailure"}}}, 1},
		{"not States.ALL", aslState{Retry: []aslRetrier{good}, Catch: []aslCatcher{{ErrorEquals: []string{"StoreError"}, ResultPath: str("$.error"), Next: "RecordFailure"}}}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := checkTask("Start", tt.s, machine)
			if len(got) != tt.want {
				t.Errorf("checkTask found %d problems %q, want %d", len(got), got, tt.want)
			}
		})
	}
}

func TestRunProcessorWaitsForToken(t *testing.T) {
	tpl := loadTemplate(t)
	s, ok := loadMachine(t, tpl).States["RunProcessor"]
	if !ok {
		t.Fatal("no RunProcessor state")
	}
	if got, want := s.Resource, "arn:aws:states:::lambda:invoke.waitForTaskToken"; got != want {
		t.Errorf("Resource = %q, want %q", got, want)
	}
	if got, want := dig(s.Parameters, "Payload", "taskToken.$"), "$$.Task.Token"; got != want {
		t.Errorf("Payload.taskToken.$ = %v, want %q", got, want)
	}
	if s.HeartbeatSeconds == nil || s.TimeoutSeconds == nil {
		t.Fatalf("HeartbeatSeconds %v and TimeoutSeconds %v must both be set", s.HeartbeatSeconds, s.TimeoutSeconds)
	}
	if *s.HeartbeatSeconds >= *s.TimeoutSeconds {
		t.Errorf("HeartbeatSeconds %d must be below TimeoutSeconds %d", *s.HeartbeatSeconds, *s.TimeoutSeconds)
	}
	raw := readDefinition(t)
	for _, want := range []string{`"HeartbeatSeconds": ${ProcessHeartbeatSeconds}`, `"TimeoutSeconds": ${ProcessTimeoutSeconds}`} {
		if !strings.Contains(raw, want) {
			t.Errorf("%s does not contain %s (the timings are template parameters)", definitionPath, want)
		}
	}
}

// ---------------------------------------------------------------- functions and task folders

// mainFile is what the tests need to know about a task's main.go.
type mainFile struct {
	pkg string
	// callsStart: main starts a Lambda runtime, with lambda.Start from
	// github.com/aws/aws-lambda-go/lambda or through taskmain.Start.
	callsStart bool
}

// readMain parses a main.go.
func readMain(path string) (mainFile, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, path, nil, 0)
	if err != nil {
		return mainFile{}, fmt.Errorf("parse %s: %w", path, err)
	}
	mf := mainFile{pkg: f.Name.Name}
	imports := map[string]string{} // local name -> import path
	for _, imp := range f.Imports {
		p, _ := strconv.Unquote(imp.Path.Value)
		name := p[strings.LastIndex(p, "/")+1:]
		if imp.Name != nil {
			name = imp.Name.Name
		}
		imports[name] = p
	}
	ast.Inspect(f, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		sel, ok := call.Fun.(*ast.SelectorExpr)
		if !ok {
			return true
		}
		id, ok := sel.X.(*ast.Ident)
		if !ok {
			return true
		}
		switch imports[id.Name] {
		case "github.com/aws/aws-lambda-go/lambda", "docflow/internal/taskmain":
			mf.callsStart = mf.callsStart || sel.Sel.Name == "Start"
		}
		return true
	})
	return mf, nil
}

// envReads is every variable the task called name reads: those its
// registered constructor (what main.go and the local stack run) looks up,
// found by running it against an empty environment (a constructor names
// every missing variable at once, so it reads them all), plus LOG_LEVEL,
// which taskmain reads for the logger.
func envReads(t *testing.T, name string) []string {
	t.Helper()
	i := slices.IndexFunc(tasks.All, func(tk task.Task) bool { return tk.Name == name })
	if i < 0 {
		t.Fatalf("task %q is not in the registry (internal/tasks)", name)
	}
	names := []string{"LOG_LEVEL"}
	record := func(k string) (string, bool) {
		// AWS_* are the runtime's and the SDK's own; TMPDIR the system's.
		if !strings.HasPrefix(k, "AWS_") && k != "TMPDIR" {
			names = append(names, k)
		}
		return "", false
	}
	if _, err := tasks.All[i].New(record, task.Deps{Log: slog.New(slog.DiscardHandler)}); err == nil {
		t.Fatalf("task %q starts with an empty environment", name)
	}
	sort.Strings(names)
	return slices.Compact(names)
}

func TestFunctionsHaveLambdaMain(t *testing.T) {
	tpl := loadTemplate(t)
	for _, id := range tpl.ofType("AWS::Serverless::Function") {
		t.Run(id, func(t *testing.T) {
			dir := tpl.codeDir(id)
			if got, want := filepath.Dir(dir), "tasks"; got != want {
				t.Fatalf("CodeUri %q is not a tasks/<name>/ folder", dir)
			}
			mf, err := readMain(filepath.Join(dir, "main.go"))
			if err != nil {
				t.Fatal(err)
			}
			if got, want := mf.pkg, "main"; got != want {
				t.Errorf("%s/main.go is package %q, want %q", dir, got, want)
			}
			if !mf.callsStart {
				t.Errorf("%s/main.go does not call lambda.Start", dir)
			}
			// The makefile build method runs the Makefile's build-<LogicalId> target.
			meta := asMap(dig(tpl.resources()[id], "Metadata"))
			if got, want := asString(meta["BuildMethod"]), "makefile"; got != want {
				t.Errorf("Metadata.BuildMethod = %q, want %q", got, want)
			}
			mk, err := os.ReadFile("Makefile")
			if err != nil {
				t.Fatal(err)
			}
			target := "build-" + id + ":"
			if !bytes.Contains(mk, []byte(target)) && !(strings.HasSuffix(id, "Function") && bytes.Contains(mk, []byte("build-%Function:"))) {
				t.Errorf("Makefile has no %s target for sam build", target)
			}
		})
	}
}

func TestTaskFoldersAreDeployed(t *testing.T) {
	tpl := loadTemplate(t)
	byTask := tpl.functionsByTask()
	dirs, err := filepath.Glob("tasks/*/main.go")
	if err != nil {
		t.Fatal(err)
	}
	if len(dirs) == 0 {
		t.Fatal("no tasks/*/main.go")
	}
	for _, path := range dirs {
		name := filepath.Base(filepath.Dir(path))
		t.Run(name, func(t *testing.T) {
			mf, err := readMain(path)
			if err != nil {
				t.Fatal(err)
			}
			if name == processDir {
				if mf.callsStart {
					t.Errorf("tasks/%s runs on ECS and must not call lambda.Start", name)
				}
				return
			}
			if _, ok := byTask[name]; !ok {
				t.Errorf("tasks/%s has no AWS::Serverless::Function with CodeUri tasks/%s/", name, name)
			}
		})
	}
}

func TestFunctionRuntime(t *testing.T) {
	tpl := loadTemplate(t)
	ids := tpl.ofType("AWS::Serverless::Function")
	if got, want := len(ids), len(tasks.Lambdas()); got != want {
		t.Errorf("%d functions, want %d, one per Lambda task of the registry (internal/tasks)", got, want)
	}
	for _, id := range ids {
		t.Run(id, func(t *testing.T) {
			if got, want := tpl.functionProp(id, "Runtime"), "provided.al2023"; got != want {
				t.Errorf("Runtime = %v, want %v", got, want)
			}
			if got, want := tpl.functionProp(id, "Architectures"), []any{"arm64"}; !reflect.DeepEqual(got, want) {
				t.Errorf("Architectures = %v, want %v", got, want)
			}
			if got, want := tpl.functionProp(id, "Handler"), "bootstrap"; got != want {
				t.Errorf("Handler = %v, want %v", got, want)
			}
		})
	}
}

// TestConnectIsAuthenticated: $connect runs the JWT authorizer (the
// authorize task) on the token query parameter, API Gateway may invoke it,
// and it is configured from the issuer parameters.
func TestConnectIsAuthenticated(t *testing.T) {
	tpl := loadTemplate(t)
	var connect map[string]any
	for _, id := range tpl.ofType("AWS::ApiGatewayV2::Route") {
		p := tpl.props(id)
		if asString(p["RouteKey"]) == "$connect" {
			connect = p
		} else if got := asString(p["AuthorizationType"]); got != "NONE" {
			// WebSocket APIs authorize only $connect.
			t.Errorf("route %s AuthorizationType = %q; only $connect can carry an authorizer", id, got)
		}
	}
	if connect == nil {
		t.Fatal("no $connect route")
	}
	if got := asString(connect["AuthorizationType"]); got != "CUSTOM" {
		t.Fatalf("$connect AuthorizationType = %q, want CUSTOM", got)
	}
	authID := asString(asMap(connect["AuthorizerId"])["Ref"])
	if asString(asMap(tpl.resources()[authID])["Type"]) != "AWS::ApiGatewayV2::Authorizer" {
		t.Fatalf("$connect AuthorizerId = %v, want a Ref to an AWS::ApiGatewayV2::Authorizer", connect["AuthorizerId"])
	}
	a := tpl.props(authID)
	if got := asString(a["AuthorizerType"]); got != "REQUEST" {
		t.Errorf("AuthorizerType = %q, want REQUEST", got)
	}
	if got, want := a["IdentitySource"], []any{"route.request.querystring.token"}; !reflect.DeepEqual(got, want) {
		t.Errorf("IdentitySource = %v, want %v (browsers cannot set WebSocket headers)", got, want)
	}
	if uri := fmt.Sprint(a["AuthorizerUri"]); !strings.Contains(uri, "${AuthorizeFunction.Arn}") {
		t.Errorf("AuthorizerUri %s does not invoke AuthorizeFunction", uri)
	}
	if got := filepath.Base(tpl.codeDir("AuthorizeFunction")); got != "authorize" {
		t.Errorf("AuthorizeFunction runs tasks/%s, want tasks/authorize", got)
	}
	permitted := false
	for _, id := range tpl.ofType("AWS::Lambda::Permission") {
		p := tpl.props(id)
		if fmt.Sprint(p["FunctionName"]) == fmt.Sprint(map[string]any{"Ref": "AuthorizeFunction"}) {
			permitted = asString(p["Principal"]) == "apigateway.amazonaws.com" &&
				strings.Contains(fmt.Sprint(p["SourceArn"]), "/authorizers/${"+authID+"}")
		}
	}
	if !permitted {
		t.Error("no Lambda permission lets this API's authorizer invoke AuthorizeFunction")
	}
	env := tpl.functionEnv("AuthorizeFunction")
	for name, param := range map[string]string{"JWT_ISSUER": "JwtIssuer", "JWT_AUDIENCE": "JwtAudience"} {
		if got, want := fmt.Sprint(env[name]), fmt.Sprint(map[string]any{"Ref": param}); got != want {
			t.Errorf("%s = %s, want %s", name, got, want)
		}
	}
	if _, ok := asMap(tpl["Parameters"])["JwtIssuer"]; !ok {
		t.Error("no JwtIssuer parameter")
	}
}

// ---------------------------------------------------------------- environment

func TestTaskEnvironment(t *testing.T) {
	tpl := loadTemplate(t)
	for task, id := range tpl.functionsByTask() {
		t.Run(task, func(t *testing.T) {
			reads := envReads(t, task)
			env := tpl.functionEnv(id)
			for _, name := range reads {
				if _, ok := env[name]; !ok {
					t.Errorf("tasks/%s reads %s but %s (and Globals) do not set it", task, name, id)
				}
			}
		})
	}
	t.Run(processDir, func(t *testing.T) {
		set := map[string]bool{}
		for name := range containerEnv(t, tpl) {
			set[name] = true
		}
		for _, name := range containerOverrideNames() {
			set[name] = true
		}
		for _, name := range envReads(t, processDir) {
			if !set[name] {
				t.Errorf("tasks/process reads %s but neither the task definition nor the RunTask overrides set it", name)
			}
		}
	})
}

// containerOverrideNames are the variables the trigger sets per document.
func containerOverrideNames() []string {
	v := reflect.ValueOf(workflow.ContainerEnv)
	names := make([]string, v.NumField())
	for i := range names {
		names[i] = v.Field(i).String()
	}
	return names
}

func processContainer(t *testing.T, tpl cfnTemplate) map[string]any {
	t.Helper()
	ids := tpl.ofType("AWS::ECS::TaskDefinition")
	if len(ids) != 1 {
		t.Fatalf("%d task definitions, want 1", len(ids))
	}
	for _, c := range asSlice(tpl.props(ids[0])["ContainerDefinitions"]) {
		if asString(asMap(c)["Name"]) == containerName {
			return asMap(c)
		}
	}
	t.Fatalf("no container named %q", containerName)
	return nil
}

// atoi reads a numeric environment value; a missing or bad one is -1.
func atoi(v any) int64 {
	n, err := strconv.ParseInt(fmt.Sprint(v), 10, 64)
	if err != nil {
		return -1
	}
	return n
}

func containerEnv(t *testing.T, tpl cfnTemplate) map[string]any {
	t.Helper()
	env := map[string]any{}
	for _, e := range asSlice(processContainer(t, tpl)["Environment"]) {
		env[asString(asMap(e)["Name"])] = asMap(e)["Value"]
	}
	return env
}

// TestEnvironmentReferences: each variable names the resource it should,
// in every function that sets it and in the container.
func TestEnvironmentReferences(t *testing.T) {
	tpl := loadTemplate(t)
	ref := func(id string) any { return map[string]any{"Ref": id} }
	want := map[string]any{
		"DOCUMENTS_TABLE":      ref("DocumentsTable"),
		"CONNECTIONS_TABLE":    ref("ConnectionsTable"),
		"DOCUMENTS_BUCKET":     ref("DocumentsBucket"),
		"STATE_MACHINE_ARN":    ref(stateMachineID),
		"ECS_CLUSTER":          ref("ProcessCluster"),
		"ECS_TASK_DEFINITION":  ref("ProcessTaskDefinition"),
		"ECS_CONTAINER_NAME":   containerName,
		"ECS_SUBNETS":          map[string]any{"Fn::Join": []any{",", ref("Subnets")}},
		"ECS_SECURITY_GROUPS":  map[string]any{"Fn::Join": []any{",", ref("SecurityGroups")}},
		"ECS_ASSIGN_PUBLIC_IP": ref("AssignPublicIp"),
		"WEBSOCKET_ENDPOINT":   map[string]any{"Fn::Sub": "https://${WebSocketApi}.execute-api.${AWS::Region}.${AWS::URLSuffix}/${StageName}"},
		"LOG_LEVEL":            ref("LogLevel"),
	}
	check := func(where string, env map[string]any) {
		for name, got := range env {
			w, ok := want[name]
			if !ok {
				continue
			}
			t.Run(where+"/"+name, func(t *testing.T) {
				if !reflect.DeepEqual(got, w) {
					t.Errorf("%s %s = %v, want %v", where, name, got, w)
				}
			})
		}
	}
	for _, id := range tpl.ofType("AWS::Serverless::Function") {
		check(id, tpl.functionEnv(id))
	}
	check("container", containerEnv(t, tpl))
}

func TestContainerDefinition(t *testing.T) {
	tpl := loadTemplate(t)
	td := tpl.props(tpl.ofType("AWS::ECS::TaskDefinition")[0])
	c := processContainer(t, tpl)
	env := containerEnv(t, tpl)
	heartbeat, _ := tpl.parameterDefault("ProcessHeartbeatSeconds")
	heartbeatSeconds, _ := strconv.Atoi(heartbeat)
	interval, err := time.ParseDuration(asString(env["HEARTBEAT_INTERVAL"]))
	tests := []struct {
		name      string
		got, want any
	}{
		{"network mode", td["NetworkMode"], "awsvpc"},
		{"compatibility", td["RequiresCompatibilities"], []any{"FARGATE"}},
		{"cpu architecture", dig(td, "RuntimePlatform", "CpuArchitecture"), "ARM64"},
		{"os", dig(td, "RuntimePlatform", "OperatingSystemFamily"), "LINUX"},
		{"image", c["Image"], map[string]any{"Ref": "ProcessImageUri"}},
		{"essential", c["Essential"], true},
		{"task role", td["TaskRoleArn"], map[string]any{"Fn::GetAtt": []any{"ProcessTaskRole", "Arn"}}},
		{"execution role", td["ExecutionRoleArn"], map[string]any{"Fn::GetAtt": []any{"ProcessExecutionRole", "Arn"}}},
		{"log driver", dig(c, "LogConfiguration", "LogDriver"), "awslogs"},
		{"log group", dig(c, "LogConfiguration", "Options", "awslogs-group"), map[string]any{"Ref": "ProcessLogGroup"}},
		{"container name is what trigger overrides", tpl.functionEnv("TriggerFunction")["ECS_CONTAINER_NAME"], c["Name"]},
		{"heartbeat interval parses", err, nil},
		// Two heartbeats per HeartbeatSeconds window, so one lost call does not fail a document.
		{"heartbeat interval fits the heartbeat timeout", 2*interval <= time.Duration(heartbeatSeconds)*time.Second && interval > 0, true},
		{"family is what trigger may run", td["Family"], map[string]any{"Fn::Sub": "${AWS::StackName}-process"}},
		{"container accepts every upload message allows", atoi(env["MAX_DOCUMENT_BYTES"]) >= atoi(tpl.functionEnv("MessageFunction")["MAX_UPLOAD_BYTES"]), true},
		{"chunks overlap less than their size", atoi(env["CHUNK_OVERLAP"]) < atoi(env["CHUNK_SIZE"]), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !reflect.DeepEqual(tt.got, tt.want) {
				t.Errorf("got %v, want %v", tt.got, tt.want)
			}
		})
	}
	for _, name := range containerOverrideNames() {
		t.Run("override/"+name, func(t *testing.T) {
			if _, ok := env[name]; ok {
				t.Errorf("%s is per document (RunTask override); a static value in the task definition would hide a missing override", name)
			}
		})
	}
}

// ---------------------------------------------------------------- IAM

// samPolicyTemplates are the SAM policy templates this stack may use; each
// expands to a fixed, resource-scoped set of actions.
var samPolicyTemplates = map[string]bool{
	"DynamoDBCrudPolicy": true, "DynamoDBReadPolicy": true, "DynamoDBWritePolicy": true,
	"S3ReadPolicy": true, "S3WritePolicy": true, "StepFunctionsExecutionPolicy": true,
	"StepFunctionsCallbackPolicy": true, "LambdaInvokePolicy": true,
}

// starResourceActions have no resource type in IAM: "*" is the only
// Resource they accept.
var starResourceActions = map[string]bool{
	"ecr:GetAuthorizationToken": true,
	"logs:CreateLogDelivery":    true, "logs:GetLogDelivery": true, "logs:UpdateLogDelivery": true,
	"logs:DeleteLogDelivery": true, "logs:ListLogDeliveries": true, "logs:PutResourcePolicy": true,
	"logs:DescribeResourcePolicies": true, "logs:DescribeLogGroups": true,
}

type statementAt struct {
	where string
	stmt  map[string]any
}

// policyStatements collects every IAM statement in the template with where
// it is, and reports policies it cannot vet.
func policyStatements(tpl cfnTemplate) ([]statementAt, []string) {
	var out []statementAt
	var problems []string
	addDoc := func(where string, doc any) {
		for i, s := range asSlice(dig(doc, "Statement")) {
			out = append(out, statementAt{fmt.Sprintf("%s/%d", where, i), asMap(s)})
		}
	}
	managed := func(where string, v any) {
		if r := asString(asMap(v)["Ref"]); r != "" && asString(dig(tpl.resources()[r], "Type")) == "AWS::IAM::ManagedPolicy" {
			return
		}
		problems = append(problems, fmt.Sprintf("%s: managed policy %v is not one of this template's AWS::IAM::ManagedPolicy", where, v))
	}
	for id, r := range tpl.resources() {
		p := asMap(dig(r, "Properties"))
		switch asString(dig(r, "Type")) {
		case "AWS::IAM::Role":
			for i, pol := range asSlice(p["Policies"]) {
				addDoc(fmt.Sprintf("%s/Policies/%d", id, i), dig(pol, "PolicyDocument"))
			}
			for i, arn := range asSlice(p["ManagedPolicyArns"]) {
				managed(fmt.Sprintf("%s/ManagedPolicyArns/%d", id, i), arn)
			}
		case "AWS::IAM::ManagedPolicy", "AWS::IAM::Policy", "AWS::S3::BucketPolicy":
			addDoc(id, p["PolicyDocument"])
		case "AWS::Serverless::Function", "AWS::Serverless::StateMachine":
			for i, pol := range asSlice(p["Policies"]) {
				where := fmt.Sprintf("%s/Policies/%d", id, i)
				m := asMap(pol)
				switch {
				case m["Statement"] != nil:
					addDoc(where, m)
				case m["Ref"] != nil:
					managed(where, m)
				case len(m) == 1:
					for name := range m {
						if !samPolicyTemplates[name] {
							problems = append(problems, fmt.Sprintf("%s: SAM policy template %s is not on the vetted list", where, name))
						}
					}
				default:
					problems = append(problems, fmt.Sprintf("%s: policy %v cannot be vetted (a managed policy name?)", where, pol))
				}
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].where < out[j].where })
	return out, problems
}

func strings1(v any) []string {
	if s, ok := v.(string); ok {
		return []string{s}
	}
	var out []string
	for _, e := range asSlice(v) {
		if s, ok := e.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

// checkStatement lists what is wrong with one Allow statement: a wildcard
// action, NotAction/NotResource, or Resource "*" for an action that has a
// resource type. Deny statements grant nothing and may be broad.
func checkStatement(s map[string]any) []string {
	if asString(s["Effect"]) != "Allow" {
		return nil
	}
	var problems []string
	if s["NotAction"] != nil || s["NotResource"] != nil {
		problems = append(problems, "NotAction/NotResource in an Allow grants everything else")
	}
	actions := strings1(s["Action"])
	if len(actions) == 0 {
		problems = append(problems, "no Action")
	}
	for _, a := range actions {
		if strings.Contains(a, "*") {
			problems = append(problems, fmt.Sprintf("wildcard action %q", a))
		}
	}
	for _, r := range strings1(s["Resource"]) {
		if r != "*" {
			continue
		}
		for _, a := range actions {
			if !starResourceActions[a] {
				problems = append(problems, fmt.Sprintf("Resource \"*\" for %s, which can be scoped", a))
			}
		}
	}
	return problems
}

func TestCheckStatementFindsProblems(t *testing.T) {
	tests := []struct {
		name string
		stmt map[string]any
		want int
	}{
		{"scoped", map[string]any{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/uploads/*"}, 0},
		{"star action", map[string]any{"Effect": "Allow", "Action": "*", "Resource": "arn:aws:s3:::b"}, 1},
		{"service star", map[string]any{"Effect": "Allow", "Action": []any{"s3:GetObject", "dynamodb:*"}, "Resource": "arn:x"}, 1},
		{"prefix star", map[string]any{"Effect": "Allow", "Action": "s3:Get*", "Resource": "arn:x"}, 1},
		{"star resource", map[string]any{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}, 1},
		{"star resource allowed", map[string]any{"Effect": "Allow", "Action": "ecr:GetAuthorizationToken", "Resource": "*"}, 0},
		{"not action", map[string]any{"Effect": "Allow", "NotAction": "iam:*", "Resource": "arn:x"}, 2},
		{"deny may be broad", map[string]any{"Effect": "Deny", "Action": "s3:*", "Resource": "*"}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := checkStatement(tt.stmt); len(got) != tt.want {
				t.Errorf("checkStatement = %q, want %d problems", got, tt.want)
			}
		})
	}
}

func TestIAMLeastPrivilege(t *testing.T) {
	tpl := loadTemplate(t)
	stmts, problems := policyStatements(tpl)
	for _, p := range problems {
		t.Error(p)
	}
	if len(stmts) < 10 {
		t.Fatalf("found only %d statements; the collector is missing policies", len(stmts))
	}
	for _, s := range stmts {
		t.Run(s.where, func(t *testing.T) {
			for _, p := range checkStatement(s.stmt) {
				t.Error(p)
			}
		})
	}
}

// TestIAMGrants pins the permissions the issue asks for, so a refactor that
// drops one fails here rather than at run time in AWS.
func TestIAMGrants(t *testing.T) {
	tpl := loadTemplate(t)
	stmts, _ := policyStatements(tpl)
	grants := func(prefix, action string) []any {
		var res []any
		for _, s := range stmts {
			if strings.HasPrefix(s.where, prefix+"/") && asString(s.stmt["Effect"]) == "Allow" && slices.Contains(strings1(s.stmt["Action"]), action) {
				if r, ok := s.stmt["Resource"].([]any); ok {
					res = append(res, r...)
				} else {
					res = append(res, s.stmt["Resource"])
				}
			}
		}
		return res
	}
	sub := func(s string) any { return map[string]any{"Fn::Sub": s} }
	getAtt := func(id string) any { return map[string]any{"Fn::GetAtt": []any{id, "Arn"}} }
	stateMachineArn := sub("arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:stateMachine:${AWS::StackName}-document")
	tests := []struct {
		name, where, action string
		want                any
	}{
		{"trigger runs the task family", "TriggerFunction", "ecs:RunTask", sub("arn:${AWS::Partition}:ecs:${AWS::Region}:${AWS::AccountId}:task-definition/${AWS::StackName}-process:*")},
		{"trigger passes the task role", "TriggerFunction", "iam:PassRole", getAtt("ProcessTaskRole")},
		{"trigger passes the execution role", "TriggerFunction", "iam:PassRole", getAtt("ProcessExecutionRole")},
		{"container succeeds", "ProcessTaskRole", "states:SendTaskSuccess", stateMachineArn},
		{"container fails", "ProcessTaskRole", "states:SendTaskFailure", stateMachineArn},
		{"container heartbeats", "ProcessTaskRole", "states:SendTaskHeartbeat", stateMachineArn},
		{"container reads uploads", "ProcessTaskRole", "s3:GetObject", sub("${DocumentsBucket.Arn}/uploads/*")},
		{"container writes processed", "ProcessTaskRole", "s3:PutObject", sub("${DocumentsBucket.Arn}/processed/*")},
		{"container advances documents", "ProcessTaskRole", "dynamodb:UpdateItem", getAtt("DocumentsTable")},
		{"container finds subscribers", "ProcessTaskRole", "dynamodb:Query", getAtt("ConnectionsTable")},
		{"manage connections on this API only", "ManageConnectionsPolicy", "execute-api:ManageConnections",
			sub("arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${WebSocketApi}/${StageName}/*/@connections/*")},
		{"message presigns uploads", "MessageFunction", "s3:PutObject", sub("${DocumentsBucket.Arn}/uploads/*")},
		{"message checks an upload arrived", "MessageFunction", "s3:GetObject", sub("${DocumentsBucket.Arn}/uploads/*")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := grants(tt.where, tt.action)
			if !slices.ContainsFunc(got, func(r any) bool { return reflect.DeepEqual(r, tt.want) }) {
				t.Errorf("%s grants %s on %v, want %v among them", tt.where, tt.action, got, tt.want)
			}
		})
	}
	// Every function that publishes frames gets ManageConnections.
	for _, id := range []string{"MessageFunction", "StartFunction", "TriggerFunction", "CompleteFunction", "FailFunction"} {
		t.Run("manage connections/"+id, func(t *testing.T) {
			if !slices.ContainsFunc(asSlice(tpl.props(id)["Policies"]), func(p any) bool {
				return reflect.DeepEqual(p, map[string]any{"Ref": "ManageConnectionsPolicy"})
			}) {
				t.Errorf("%s does not attach ManageConnectionsPolicy", id)
			}
		})
	}
}

// ---------------------------------------------------------------- data flow against shared/workflow

// evalPayload builds a Parameters payload the way Step Functions does:
// "key.$" fields take the value at a path in the input ("$...") or the
// context object ("$$...").
func evalPayload(t *testing.T, tmpl any, input, context any) any {
	t.Helper()
	switch v := tmpl.(type) {
	case map[string]any:
		out := map[string]any{}
		for k, e := range v {
			if name, ok := strings.CutSuffix(k, ".$"); ok {
				path := asString(e)
				data := input
				if rest, ok := strings.CutPrefix(path, "$$"); ok {
					path, data = "$"+rest, context
				}
				x, err := jp.ParseString(path)
				if err != nil {
					t.Fatalf("path %s: %v", path, err)
				}
				got, found := x.FirstFound(data)
				if !found {
					t.Fatalf("path %s finds nothing in %v", e, data)
				}
				out[name] = got
				continue
			}
			out[k] = evalPayload(t, e, input, context)
		}
		return out
	case []any:
		out := make([]any, len(v))
		for i, e := range v {
			out[i] = evalPayload(t, e, input, context)
		}
		return out
	default:
		return v
	}
}

// payloadOf is the Lambda payload a lambda:invoke Task sends: the Payload
// field of its evaluated Parameters.
func payloadOf(t *testing.T, s aslState, input, context any) any {
	t.Helper()
	params := asMap(evalPayload(t, s.Parameters, input, context))
	p, ok := params["Payload"]
	if !ok {
		t.Fatalf("Parameters %v have no Payload", s.Parameters)
	}
	return p
}

// applyResultPath puts result into a copy of input at path (nil: discard).
func applyResultPath(t *testing.T, input any, path *string, result any) any {
	t.Helper()
	if path == nil {
		return input
	}
	if *path == "$" {
		return result
	}
	out := roundTrip(t, input)
	if err := jp.MustParseString(*path).Set(out, result); err != nil {
		t.Fatalf("ResultPath %s: %v", *path, err)
	}
	return out
}

// roundTrip turns a Go value into the generic JSON form Step Functions sees.
func roundTrip(t *testing.T, v any) any {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var out any
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

// decodeStrict decodes a payload into a shared/workflow type, refusing
// fields the type does not have.
func decodeStrict(t *testing.T, v any, into any) {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(into); err != nil {
		t.Fatalf("payload %s does not decode into %T: %v", b, into, err)
	}
}

func TestDataFlowMatchesWorkflowTypes(t *testing.T) {
	m := loadMachine(t, loadTemplate(t))
	in := workflow.Input{
		DocumentID:   "0b0e7f0c-3c1e-4d7e-9a57-1f2e3d4c5b6a",
		DocumentName: "report.pdf",
		Bucket:       "docs-bucket",
		DocumentKey:  "uploads/alice/0b0e7f0c-3c1e-4d7e-9a57-1f2e3d4c5b6a/report.pdf",
		Owner:        "alice",
		RequestedAt:  "2026-01-01T00:00:00Z",
	}
	summary := domain.Summary{Type: "pdf", Pages: 3, Words: 120, Chunks: 2, SHA256: "ab12", DurationMs: 900}
	token := "AQCEAAAAKgAAAA-token"
	ctx := map[string]any{"Task": map[string]any{"Token": token}}
	input := roundTrip(t, in)

	t.Run("Start receives workflow.Input", func(t *testing.T) {
		var got workflow.Input
		decodeStrict(t, payloadOf(t, m.States["Start"], input, ctx), &got)
		if got != in {
			t.Errorf("Start payload = %+v, want %+v", got, in)
		}
	})
	// Start discards its result, so RunProcessor sees the execution input.
	afterStart := applyResultPath(t, input, m.States["Start"].ResultPath, map[string]any{"ignored": true})

	t.Run("RunProcessor receives workflow.TriggerEvent", func(t *testing.T) {
		var got workflow.TriggerEvent
		decodeStrict(t, payloadOf(t, m.States["RunProcessor"], afterStart, ctx), &got)
		if want := (workflow.TriggerEvent{Document: in, TaskToken: token}); got != want {
			t.Errorf("RunProcessor payload = %+v, want %+v", got, want)
		}
	})
	afterTrigger := applyResultPath(t, afterStart, m.States["RunProcessor"].ResultPath, roundTrip(t, summary))

	t.Run("Complete receives workflow.CompleteEvent", func(t *testing.T) {
		var got workflow.CompleteEvent
		decodeStrict(t, payloadOf(t, m.States["Complete"], afterTrigger, ctx), &got)
		if got.Input != in || got.Result == nil || *got.Result != summary {
			t.Errorf("Complete payload = %+v (result %+v), want input %+v and result %+v", got.Input, got.Result, in, summary)
		}
	})

	caught := workflow.ErrorInfo{Error: "LaunchError", Cause: `{"errorMessage":"no capacity","errorType":"LaunchError"}`}
	before := map[string]any{"Start": input, "RunProcessor": afterStart, "Complete": afterTrigger}
	for _, name := range []string{"Start", "RunProcessor", "Complete"} {
		t.Run(progress.Fail.State+" receives workflow.FailEvent from "+name, func(t *testing.T) {
			catcher := m.States[name].Catch[len(m.States[name].Catch)-1]
			failInput := applyResultPath(t, before[name], catcher.ResultPath, roundTrip(t, caught))
			var got workflow.FailEvent
			payload := payloadOf(t, m.States[catcher.Next], failInput, ctx)
			// Complete's input still carries $.result, which FailEvent ignores.
			if err := json.Unmarshal(mustJSON(t, payload), &got); err != nil {
				t.Fatal(err)
			}
			if got.Input != in || got.Error != caught {
				t.Errorf("%s payload = %+v, want input %+v and error %+v", catcher.Next, got, in, caught)
			}

			// The Failed state reports the original error, whether
			// RecordFailure succeeded or was itself caught.
			fail := m.States[catcher.Next]
			for _, next := range []struct {
				state      string
				resultPath *string
			}{{fail.Next, fail.ResultPath}, {fail.Catch[len(fail.Catch)-1].Next, fail.Catch[len(fail.Catch)-1].ResultPath}} {
				failed := m.States[next.state]
				data := applyResultPath(t, failInput, next.resultPath, map[string]any{"Error": "Lambda.Unknown", "Cause": "fail task failed"})
				if got := jp.MustParseString(failed.ErrorPath).First(data); got != caught.Error {
					t.Errorf("%s ErrorPath %s = %v, want %q", next.state, failed.ErrorPath, got, caught.Error)
				}
				if got := jp.MustParseString(failed.CausePath).First(data); got != caught.Cause {
					t.Errorf("%s CausePath %s = %v, want %q", next.state, failed.CausePath, got, caught.Cause)
				}
			}
		})
	}
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// ---------------------------------------------------------------- Dockerfile

func TestDockerfile(t *testing.T) {
	data, err := os.ReadFile(dockerfilePath)
	if err != nil {
		t.Fatal(err)
	}
	text := string(data)
	froms := regexp.MustCompile(`(?m)^FROM[ \t]+(.+)$`).FindAllStringSubmatch(text, -1)
	final := "" // the runtime image: the last FROM's image, without --platform or AS
	if len(froms) > 0 {
		for _, f := range strings.Fields(froms[len(froms)-1][1]) {
			if !strings.HasPrefix(f, "--") {
				final = f
				break
			}
		}
	}
	tests := []struct {
		name string
		ok   bool
	}{
		{"multi-stage", len(froms) >= 2},
		{"static binary", strings.Contains(text, "CGO_ENABLED=0")},
		{"trimmed paths", strings.Contains(text, "-trimpath")},
		{"stripped", strings.Contains(text, `-ldflags="-s -w"`)},
		{"builds for the target architecture", strings.Contains(text, "GOARCH=$TARGETARCH") && strings.Contains(text, "ARG TARGETARCH")},
		{"builds the process task", strings.Contains(text, "./tasks/process")},
		{"minimal runtime image", strings.Contains(final, "distroless/static") || strings.HasPrefix(final, "scratch")},
		{"non-root", regexp.MustCompile(`(?m)^USER\s+(nonroot|[1-9][0-9]*)`).MatchString(text) || strings.Contains(final, ":nonroot")},
		{"no root user", !regexp.MustCompile(`(?m)^USER\s+(root|0)\b`).MatchString(text)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !tt.ok {
				t.Errorf("%s: check %q fails", dockerfilePath, tt.name)
			}
		})
	}
}

// ---------------------------------------------------------------- cost note

// happyPathFunctions are the Lambda invocations per document when nothing
// fails: message (process_document) plus each Task state on the happy path.
func happyPathFunctions(t *testing.T, tpl cfnTemplate, m aslMachine, path []string) []string {
	t.Helper()
	byArn := map[string]string{}
	for k, v := range asMap(tpl.props(stateMachineID)["DefinitionSubstitutions"]) {
		if ga := asSlice(asMap(v)["Fn::GetAtt"]); len(ga) == 2 {
			byArn[tpl.substitutions(t)[k]] = asString(ga[0])
		}
	}
	fns := []string{"MessageFunction"}
	for _, name := range path {
		if s := m.States[name]; s.Type == "Task" {
			id, ok := byArn[asString(s.Parameters["FunctionName"])]
			if !ok {
				t.Fatalf("state %s invokes %v, not a function of this template", name, s.Parameters["FunctionName"])
			}
			fns = append(fns, id)
		}
	}
	return fns
}

func TestDeployDocMatchesDefinition(t *testing.T) {
	tpl := loadTemplate(t)
	m := loadMachine(t, tpl)
	path, err := happyPath(m)
	if err != nil {
		t.Fatal(err)
	}
	if last := m.States[path[len(path)-1]]; last.Type != "Succeed" {
		t.Fatalf("happy path %v ends in a %s state, want Succeed", path, last.Type)
	}
	fns := happyPathFunctions(t, tpl, m, path)
	memory := map[string]bool{}
	for _, id := range fns {
		memory[fmt.Sprint(tpl.functionProp(id, "MemorySize"))] = true
	}
	if len(memory) != 1 {
		t.Fatalf("happy-path functions have different MemorySize %v; update the cost note's arithmetic", memory)
	}
	var memoryMB string
	for k := range memory {
		memoryMB = k
	}
	doc, err := os.ReadFile(deployDocPath)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, pattern, want string
	}{
		{"state transitions", `State transitions per document \(happy path\): \*\*(\d+)\*\*`, strconv.Itoa(len(path))},
		{"states entered", `States entered: ([A-Za-z ,→]+)\.`, strings.Join(path, " → ")},
		{"lambda invocations", `Lambda invocations per document \(happy path\): \*\*(\d+)\*\*`, strconv.Itoa(len(fns))},
		{"memory", `MemorySize: \*\*(\d+) MB\*\*`, memoryMB},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			match := regexp.MustCompile(tt.pattern).FindSubmatch(doc)
			if match == nil {
				t.Fatalf("%s has no line matching %s", deployDocPath, tt.pattern)
			}
			if got := strings.TrimSpace(string(match[1])); got != tt.want {
				t.Errorf("%s says %q, the definition and template give %q", deployDocPath, got, tt.want)
			}
		})
	}
}
