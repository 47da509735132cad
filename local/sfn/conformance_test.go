package sfn_test

// The conformance suite: every state machine under testdata/conformance runs
// through our engine (TestConformance) and through aws-local-stepfunctions,
// an implementation nobody here wrote (TestDifferential). A case's
// "expected" is what AWS does; it was generated from the package and is
// overridden, with the AWS page that says so, where "deviation" records
// that the package is wrong. Regenerate with
//
//	cd local/sfn/testdata/differential && npm ci && node_modules/.bin/node run.mjs --update ../conformance

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"docflow/internal/testenv"
	"docflow/local/sfn"
)

const (
	confCaseDir   = "testdata/conformance"
	confNodeDir   = "testdata/differential"
	confMinCases  = 60
	confExecLimit = 2 * time.Minute
)

// confOutcome is how an execution ended: the "expected" of a case, the
// package's answer recorded in a deviation, or what an engine produced.
// Error and Cause are pointers so that a case can leave them unchecked
// (the wording of a States.* cause belongs to each implementation).
type confOutcome struct {
	Status string          `json:"status"`
	Output json.RawMessage `json:"output,omitempty"`
	Error  *string         `json:"error,omitempty"`
	Cause  *string         `json:"cause,omitempty"`
}

type confDeviation struct {
	Package confOutcome `json:"package"`
	Reason  string      `json:"reason"`
	Doc     string      `json:"doc"`
}

type confCase struct {
	file       string
	Name       string          `json:"name"`
	Covers     []string        `json:"covers"`
	Definition json.RawMessage `json:"definition"`
	Input      json.RawMessage `json:"input"`
	Expected   confOutcome     `json:"expected"`
	Deviation  *confDeviation  `json:"deviation"`
}

// confLoadCases reads every case, sorted by file name.
func confLoadCases(t *testing.T) []confCase {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(confCaseDir, "*.json"))
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(files)
	cases := make([]confCase, 0, len(files))
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var c confCase
		dec := json.NewDecoder(bytes.NewReader(b))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&c); err != nil {
			t.Fatalf("decode %s: %v", f, err)
		}
		c.file = strings.TrimSuffix(filepath.Base(f), ".json")
		cases = append(cases, c)
	}
	return cases
}

// confDiff lists how got differs from want; only fields want sets are
// compared, and output only for a successful execution.
func confDiff(got, want confOutcome) []string {
	var diffs []string
	if got.Status != want.Status {
		diffs = append(diffs, fmt.Sprintf("status: got %s (%s: %s), want %s", got.Status, confStr(got.Error), confStr(got.Cause), want.Status))
	}
	if want.Status == sfn.StatusSucceeded && got.Status == want.Status && !confJSONEqual(got.Output, want.Output) {
		diffs = append(diffs, fmt.Sprintf("output:\n got  %s\n want %s", got.Output, want.Output))
	}
	if want.Error != nil && (got.Error == nil || *got.Error != *want.Error) {
		diffs = append(diffs, fmt.Sprintf("error: got %q, want %q", confStr(got.Error), *want.Error))
	}
	if want.Cause != nil && (got.Cause == nil || *got.Cause != *want.Cause) {
		diffs = append(diffs, fmt.Sprintf("cause: got %q, want %q", confStr(got.Cause), *want.Cause))
	}
	return diffs
}

func confStr(s *string) string {
	if s == nil {
		return "<none>"
	}
	return *s
}

func confJSONEqual(a, b json.RawMessage) bool {
	var x, y any
	if json.Unmarshal(a, &x) != nil || json.Unmarshal(b, &y) != nil {
		return false
	}
	return reflect.DeepEqual(x, y)
}

// TestConformanceCases checks the suite itself: enough cases, and every
// deviation documented and actually different from what AWS does.
func TestConformanceCases(t *testing.T) {
	cases := confLoadCases(t)
	if got := len(cases); got < confMinCases {
		t.Errorf("got %d cases, want at least %d", got, confMinCases)
	}
	doc := regexp.MustCompile(`^https://(docs\.aws\.amazon\.com/step-functions/|states-language\.net/)`)
	for _, c := range cases {
		if c.Name == "" || len(c.Covers) == 0 || len(c.Definition) == 0 || c.Expected.Status == "" {
			t.Errorf("%s: name, covers, definition and expected.status are required", c.file)
		}
		if c.Expected.Status == "FAILED" && c.Expected.Error == nil {
			t.Errorf("%s: a FAILED case must name its error", c.file)
		}
		if d := c.Deviation; d != nil {
			if !doc.MatchString(d.Doc) || d.Reason == "" {
				t.Errorf("%s: deviation needs a reason and an AWS doc URL, got doc %q", c.file, d.Doc)
			}
			if len(confDiff(d.Package, c.Expected)) == 0 {
				t.Errorf("%s: deviation.package equals expected; drop the deviation", c.file)
			}
		}
	}
}

// confEngineGaps lists cases our engine is known to get wrong, with why.
// Their expected values stay what AWS does; a listed case is reported (and
// the test fails once it passes, so the list cannot go stale). Remove an
// entry when the engine is fixed.
var confEngineGaps = map[string]string{}

// TestConformance runs every case through our engine.
func TestConformance(t *testing.T) {
	for _, c := range confLoadCases(t) {
		t.Run(c.file, func(t *testing.T) {
			t.Parallel() // cases wait, retry and time out in real time
			got := confRunEngine(t, c)
			diffs := confDiff(got, c.Expected)
			if gap, ok := confEngineGaps[c.file]; ok {
				if len(diffs) == 0 {
					t.Errorf("%s now passes; remove it from confEngineGaps (%s)", c.file, gap)
					return
				}
				t.Logf("known engine gap (%s): %s", gap, strings.Join(diffs, "; "))
				return
			}
			for _, d := range diffs {
				t.Errorf("%s (%s): %s", c.file, c.Name, d)
			}
		})
	}
}

// confRunEngine runs one case on a fresh engine with fresh fake functions.
func confRunEngine(t *testing.T, c confCase) confOutcome {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), confExecLimit)
	defer cancel()
	e := sfn.New(sfn.Options{Invoker: newConfLambdas()})
	sm, err := e.CreateStateMachine(ctx, sfn.CreateStateMachineInput{Name: "conformance", Definition: string(c.Definition)})
	if err != nil {
		var apiErr *sfn.APIError
		if errors.As(err, &apiErr) {
			return confOutcome{Status: "INVALID", Error: &apiErr.Code, Cause: &apiErr.Message}
		}
		msg := err.Error()
		return confOutcome{Status: "INVALID", Error: &msg}
	}
	input := string(c.Input)
	if input == "" {
		input = "{}"
	}
	x, err := e.StartExecution(ctx, sfn.StartExecutionInput{StateMachineArn: sm.StateMachineArn, Name: "run", Input: input})
	if err != nil {
		t.Fatalf("start execution: %v", err)
	}
	done, err := e.Wait(ctx, x.ExecutionArn)
	if err != nil {
		t.Fatalf("wait for execution: %v", err)
	}
	got := confOutcome{Status: done.Status, Error: &done.Error, Cause: &done.Cause}
	if done.Output != nil {
		got.Output = json.RawMessage(*done.Output)
	}
	return got
}

// TestDifferential runs every case through aws-local-stepfunctions and checks
// that it gives the expected outcome, or the one its recorded deviation says.
// It needs `npm ci` in testdata/differential; CI (CI=true) must have it.
func TestDifferential(t *testing.T) {
	node := filepath.Join(confNodeDir, "node_modules", ".bin", "node")
	testenv.RequireFile(t, node, fmt.Sprintf("run `cd local/sfn/%s && npm ci`, or scripts/test-deps, to compare with aws-local-stepfunctions", confNodeDir))
	cases := confLoadCases(t)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, filepath.Join("node_modules", ".bin", "node"), "run.mjs", filepath.Join("..", "conformance"))
	cmd.Dir = confNodeDir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("run.mjs: %v\n%s", err, stderr.String())
	}
	results := map[string]confOutcome{}
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		var r struct {
			File string `json:"file"`
			confOutcome
		}
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatalf("run.mjs line %q: %v", sc.Text(), err)
		}
		results[strings.TrimSuffix(r.File, ".json")] = r.confOutcome
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		t.Run(c.file, func(t *testing.T) {
			got, ok := results[c.file]
			if !ok {
				t.Fatalf("run.mjs printed no result for %s", c.file)
			}
			want := c.Expected
			if c.Deviation != nil {
				want = c.Deviation.Package
			}
			for _, d := range confDiff(got, want) {
				t.Errorf("aws-local-stepfunctions, %s (%s): %s", c.file, c.Name, d)
			}
		})
	}
}

// confLambdas are the fake functions of testdata/conformance/README.md; fakes.mjs
// implements the same ones for the package.
type confLambdas struct {
	mu    sync.Mutex
	flaky map[string]int
}

var _ sfn.Invoker = (*confLambdas)(nil)

func newConfLambdas() *confLambdas { return &confLambdas{flaky: map[string]int{}} }

var confFunctionARN = regexp.MustCompile(`^arn:aws:lambda:[^:]*:[^:]*:function:([^:]+)(:[^:]+)?$`)

// Invoke runs the function named by a full function ARN or a bare name.
func (f *confLambdas) Invoke(ctx context.Context, function string, payload []byte) ([]byte, error) {
	name := function
	if m := confFunctionARN.FindStringSubmatch(function); m != nil {
		name = m[1]
	}
	switch name {
	case "echo":
		return payload, nil
	case "add":
		var p struct{ A, B float64 }
		if err := json.Unmarshal(payload, &p); err != nil {
			return nil, &sfn.TaskError{Name: "TypeError", Cause: err.Error()}
		}
		return json.Marshal(p.A + p.B)
	case "fail":
		var p struct{ Error, Cause string }
		if err := json.Unmarshal(payload, &p); err != nil {
			return nil, &sfn.TaskError{Name: "TypeError", Cause: err.Error()}
		}
		return nil, &sfn.TaskError{Name: p.Error, Cause: p.Cause}
	case "flaky":
		var p struct {
			Key      string `json:"key"`
			Failures int    `json:"failures"`
		}
		if err := json.Unmarshal(payload, &p); err != nil {
			return nil, &sfn.TaskError{Name: "TypeError", Cause: err.Error()}
		}
		f.mu.Lock()
		f.flaky[p.Key]++
		n := f.flaky[p.Key]
		f.mu.Unlock()
		if n <= p.Failures {
			return nil, &sfn.TaskError{Name: "Flaky.Transient", Cause: fmt.Sprintf("attempt %d", n)}
		}
		return json.Marshal(map[string]any{"key": p.Key, "attempts": n})
	case "sleep":
		var p struct {
			MS int `json:"ms"`
		}
		if err := json.Unmarshal(payload, &p); err != nil {
			return nil, &sfn.TaskError{Name: "TypeError", Cause: err.Error()}
		}
		select {
		case <-time.After(time.Duration(p.MS) * time.Millisecond):
			return payload, nil
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	return nil, &sfn.TaskError{Name: "Lambda.ResourceNotFoundException", Cause: "Function not found: " + name}
}
