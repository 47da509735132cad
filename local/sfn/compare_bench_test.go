package sfn_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"docflow/local/sfn"
)

// BenchmarkVersusPackage measures, in one run, state transitions per second
// of our engine and of aws-local-stepfunctions (bench.mjs) on the same two
// machines, and prints them with their ratio:
//
//	go test ./local/sfn/ -run '^$' -bench VersusPackage -benchtime 3s
//
// The package side needs `npm ci` in testdata/differential.
func BenchmarkVersusPackage(b *testing.B) {
	ours := map[string]float64{}
	machines := []struct {
		name, def, input string
		transitions      int
	}{
		{"PassChain100", confPassChain(100), `{"doc":"d","n":1}`, 100},
		// One Map state plus one Pass state per item.
		{"Map10000", confMapMachine, confItems(10000), 1 + 10000},
	}
	for _, m := range machines {
		b.Run("engine/"+m.name, func(b *testing.B) {
			ours[m.name] = confBench(b, m.def, m.input, m.transitions)
		})
	}

	node := filepath.Join(confNodeDir, "node_modules", ".bin", "node")
	if _, err := os.Stat(node); err != nil {
		b.Skipf("no %s (run npm ci there); engine only: %v", node, ours)
	}
	cmd := exec.Command(filepath.Join("node_modules", ".bin", "node"), "bench.mjs")
	cmd.Dir = confNodeDir
	out, err := cmd.Output()
	if err != nil {
		b.Fatalf("bench.mjs: %v", err)
	}
	var pkg map[string]struct {
		TransitionsPerSecond float64 `json:"transitionsPerSecond"`
	}
	if err := json.Unmarshal(out, &pkg); err != nil {
		b.Fatalf("bench.mjs output %q: %v", out, err)
	}
	keys := map[string]string{"PassChain100": "passChain100", "Map10000": "map10000"}
	var t strings.Builder
	fmt.Fprintf(&t, "\n%-14s %18s %24s %8s\n", "machine", "engine trans/s", "aws-local-sfn trans/s", "ratio")
	for _, m := range machines {
		p := pkg[keys[m.name]].TransitionsPerSecond
		fmt.Fprintf(&t, "%-14s %18.0f %24.0f %7.2fx\n", m.name, ours[m.name], p, ours[m.name]/p)
	}
	// Printed, not logged: benchmark logs show only with -v.
	fmt.Print(t.String())
}

// confBench runs def on input b.N times on one engine and returns (and
// reports) state transitions per second.
func confBench(b *testing.B, def, input string, transitions int) float64 {
	// A 10,000-item Map writes more history than AWS's 25,000-event cap;
	// the cap is lifted to measure the interpreter itself.
	e := sfn.New(sfn.Options{MaxHistoryEvents: -1})
	ctx := context.Background()
	sm, err := e.CreateStateMachine(ctx, sfn.CreateStateMachineInput{Name: "bench", Definition: def})
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		x, err := e.StartExecution(ctx, sfn.StartExecutionInput{StateMachineArn: sm.StateMachineArn, Name: fmt.Sprint("x", i), Input: input})
		if err != nil {
			b.Fatal(err)
		}
		got, err := e.Wait(ctx, x.ExecutionArn)
		if err != nil || got.Status != sfn.StatusSucceeded {
			b.Fatalf("execution: %s %s %v", got.Status, got.Cause, err)
		}
	}
	rate := float64(transitions) * float64(b.N) / b.Elapsed().Seconds()
	b.ReportMetric(rate, "transitions/s")
	return rate
}

// confPassChain returns a machine of n Pass states in a row (bench.mjs
// builds the same one).
func confPassChain(n int) string {
	var s strings.Builder
	s.WriteString(`{"StartAt":"P0","States":{`)
	for i := 0; i < n; i++ {
		if i > 0 {
			s.WriteString(",")
		}
		if i == n-1 {
			fmt.Fprintf(&s, `"P%d":{"Type":"Pass","End":true}`, i)
		} else {
			fmt.Fprintf(&s, `"P%d":{"Type":"Pass","Next":"P%d"}`, i, i+1)
		}
	}
	s.WriteString("}}")
	return s.String()
}

// confMapMachine maps a one-Pass-state processor over the input array.
const confMapMachine = `{"StartAt":"M","States":{"M":{"Type":"Map","ItemProcessor":{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}},"End":true}}}`

func confItems(n int) string {
	parts := make([]string, n)
	for i := range parts {
		parts[i] = fmt.Sprint(i)
	}
	return "[" + strings.Join(parts, ",") + "]"
}
