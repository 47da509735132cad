package tasks_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"docflow"
	"docflow/internal/task"
	"docflow/internal/tasks"
)

// TestRegistryMatchesFoldersAndTemplate holds the registry, the tasks/*
// folders and template.yaml's functions to one another: a task added to
// one and not the others fails here, not in a deployed stack.
func TestRegistryMatchesFoldersAndTemplate(t *testing.T) {
	var names []string
	for _, tk := range tasks.All {
		if slices.Contains(names, tk.Name) {
			t.Errorf("task %q is registered twice", tk.Name)
		}
		names = append(names, tk.Name)
		if tk.New == nil {
			t.Errorf("task %q has no constructor", tk.Name)
		}
		if (tk.Kind == task.Route) != (tk.Route != "") {
			t.Errorf("task %q: kind %s with route %q", tk.Name, tk.Kind, tk.Route)
		}
	}

	dirs, err := filepath.Glob("../../tasks/*/main.go")
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no tasks/*/main.go (%v)", err)
	}
	var folders []string
	for _, d := range dirs {
		folders = append(folders, filepath.Base(filepath.Dir(d)))
	}
	slices.Sort(folders)
	registered := slices.Sorted(slices.Values(names))
	if !slices.Equal(folders, registered) {
		t.Errorf("tasks/* folders %v, registry %v", folders, registered)
	}

	var tpl struct {
		Resources map[string]struct {
			Type       string `yaml:"Type"`
			Properties struct {
				CodeURI string `yaml:"CodeUri"`
			} `yaml:"Properties"`
		} `yaml:"Resources"`
	}
	if err := yaml.Unmarshal(docflow.Template, &tpl); err != nil {
		t.Fatal(err)
	}
	functions := map[string]string{} // logical id -> CodeUri
	for id, r := range tpl.Resources {
		if r.Type == "AWS::Serverless::Function" {
			functions[id] = strings.TrimSuffix(r.Properties.CodeURI, "/")
		}
	}
	for _, tk := range tasks.Lambdas() {
		uri, ok := functions[tk.FunctionID()]
		if !ok {
			t.Errorf("task %q: template.yaml has no function %s", tk.Name, tk.FunctionID())
			continue
		}
		if want := "tasks/" + tk.Name; uri != want {
			t.Errorf("%s: CodeUri %q, want %q", tk.FunctionID(), uri, want)
		}
		delete(functions, tk.FunctionID())
	}
	for id := range functions {
		t.Errorf("template.yaml function %s is not a registered Lambda task", id)
	}
}

// TestMainsStartTheirTask: each Lambda task's main is one call,
// taskmain.Start(pkg.<Name>Task), so main.go and the local stack build the
// handler with the same constructor and nothing else.
func TestMainsStartTheirTask(t *testing.T) {
	for _, tk := range tasks.Lambdas() {
		t.Run(tk.Name, func(t *testing.T) {
			path := filepath.Join("../../tasks", tk.Name, "main.go")
			f, err := parser.ParseFile(token.NewFileSet(), path, nil, 0)
			if err != nil {
				t.Fatal(err)
			}
			var body []ast.Stmt
			for _, d := range f.Decls {
				if fn, ok := d.(*ast.FuncDecl); ok && fn.Name.Name == "main" {
					body = fn.Body.List
				}
			}
			want := task.Title(tk.Name) + "Task"
			if len(body) != 1 || !isStart(body[0], want) {
				t.Errorf("%s: main is not just taskmain.Start(<pkg>.%s)", path, want)
			}
		})
	}
}

func isStart(s ast.Stmt, want string) bool {
	call, ok := s.(*ast.ExprStmt)
	if !ok {
		return false
	}
	c, ok := call.X.(*ast.CallExpr)
	if !ok || len(c.Args) != 1 {
		return false
	}
	fn, ok := c.Fun.(*ast.SelectorExpr)
	if !ok || fn.Sel.Name != "Start" {
		return false
	}
	if pkg, ok := fn.X.(*ast.Ident); !ok || pkg.Name != "taskmain" {
		return false
	}
	arg, ok := c.Args[0].(*ast.SelectorExpr)
	return ok && arg.Sel.Name == want
}

// TestMakefileFunctionsFromRegistry: the Makefile builds what the registry
// lists, by asking it, rather than keeping its own list.
func TestMakefileFunctionsFromRegistry(t *testing.T) {
	b, err := os.ReadFile("../../Makefile")
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "FUNCTIONS") {
			if !strings.Contains(line, "go run ./internal/tasks/list") && !strings.Contains(line, "$(GO) run ./internal/tasks/list") {
				t.Errorf("Makefile: %q does not come from ./internal/tasks/list", line)
			}
			return
		}
	}
	t.Error("Makefile defines no FUNCTIONS")
}
