package sfn

import (
	"context"
	"fmt"
	"strings"
	"testing"
)

// engPassChain returns a machine of n Pass states in a row.
func engPassChain(n int) string {
	var b strings.Builder
	b.WriteString(`{"StartAt":"P0","States":{`)
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteString(",")
		}
		if i == n-1 {
			fmt.Fprintf(&b, `"P%d":{"Type":"Pass","End":true}`, i)
		} else {
			fmt.Fprintf(&b, `"P%d":{"Type":"Pass","Next":"P%d"}`, i, i+1)
		}
	}
	b.WriteString("}}")
	return b.String()
}

// engMapMachine maps a one-state Pass processor over the input array.
const engMapMachine = `{"StartAt":"M","States":{"M":{"Type":"Map","ItemProcessor":{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}},"End":true}}}`

func engItems(n int) string {
	parts := make([]string, n)
	for i := range parts {
		parts[i] = fmt.Sprint(i)
	}
	return "[" + strings.Join(parts, ",") + "]"
}

// engBench runs def on input b.N times and reports state transitions
// per second (transitions = states entered per execution).
func engBench(b *testing.B, def, input string, transitions int) {
	// A 10,000-item inline Map writes ~40,000 events; AWS would fail it at
	// 25,000, so the cap is lifted to measure the interpreter itself.
	e := New(Options{MaxHistoryEvents: -1})
	ctx := context.Background()
	sm, err := e.CreateStateMachine(ctx, CreateStateMachineInput{Name: "bench", Definition: def})
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		x, err := e.StartExecution(ctx, StartExecutionInput{StateMachineArn: sm.StateMachineArn, Name: fmt.Sprint("x", i), Input: input})
		if err != nil {
			b.Fatal(err)
		}
		got, err := e.Wait(ctx, x.ExecutionArn)
		if err != nil || got.Status != StatusSucceeded {
			b.Fatalf("execution: %s %s %v", got.Status, got.Cause, err)
		}
	}
	b.ReportMetric(float64(transitions)*float64(b.N)/b.Elapsed().Seconds(), "transitions/s")
}

func BenchmarkPassChain100(b *testing.B) {
	engBench(b, engPassChain(100), `{"doc":"d","n":1}`, 100)
}

func BenchmarkMap10000(b *testing.B) {
	// One Map state plus one Pass state per item.
	engBench(b, engMapMachine, engItems(10000), 1+10000)
}
