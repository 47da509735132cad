package sfn

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"
)

// BenchmarkJournaledStartExecution starts executions from many goroutines
// on an engine with a Dir: each StartExecution answers only once its
// records are fsynced, and group commit lets concurrent starts share an
// fsync (fsyncs/op below 1).
func BenchmarkJournaledStartExecution(b *testing.B) {
	e, err := Open(Options{Dir: b.TempDir(), Clock: newEngClock()})
	if err != nil {
		b.Fatal(err)
	}
	defer e.Close()
	ctx := context.Background()
	sm, err := e.CreateStateMachine(ctx, CreateStateMachineInput{Name: "m", Definition: `{"StartAt":"A","States":{"A":{"Type":"Pass","Next":"B"},"B":{"Type":"Succeed"}}}`})
	if err != nil {
		b.Fatal(err)
	}
	var n atomic.Int64
	before := e.j.Fsyncs()
	b.SetParallelism(8)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := e.StartExecution(ctx, StartExecutionInput{StateMachineArn: sm.StateMachineArn, Name: fmt.Sprintf("x%d", n.Add(1)), Input: `{"doc":"a"}`}); err != nil {
				b.Error(err)
				return
			}
		}
	})
	b.StopTimer()
	b.ReportMetric(float64(e.j.Fsyncs()-before)/float64(b.N), "fsyncs/op")
}
