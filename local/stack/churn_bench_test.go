package stack

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/coder/websocket"
)

// BenchmarkChurnPing: 2,000 connections closed at once while ten other
// users ping: their ping round trip during the churn (goal: p99 ≤ 100 ms),
// how long the $disconnect queue takes to drain, and how many $disconnect
// calls failed (goal 0).
func BenchmarkChurnPing(b *testing.B) {
	raiseFileLimit(b)
	const n, others = 2000, 10
	logs := &syncBuffer{}
	s := startStack(b, Config{Log: logs, Limits: Limits{UserConnections: n}})
	pingers := make([]*wsClient, others)
	for i := range pingers {
		tok, err := s.Token(fmt.Sprintf("other-%d", i), time.Hour)
		if err != nil {
			b.Fatal(err)
		}
		pingers[i] = dialWS(b, s.ClientURL(tok))
	}
	var p99, worst, drain time.Duration
	for b.Loop() {
		clients := dialMany(b, s, n)
		var mu sync.Mutex
		var rtts []time.Duration
		ctx, stop := context.WithCancel(context.Background())
		var pinging sync.WaitGroup
		for _, w := range pingers {
			pinging.Add(1)
			go func() {
				defer pinging.Done()
				for ctx.Err() == nil {
					start := time.Now()
					if err := w.c.Write(ctx, websocket.MessageText, []byte(`{"action":"ping"}`)); err != nil {
						return
					}
					select {
					case f := <-w.frames:
						if f["action"] != "pong" {
							b.Errorf("ping answered %v", f)
							return
						}
					case <-time.After(time.Minute):
						b.Error("no pong within a minute")
						return
					}
					mu.Lock()
					rtts = append(rtts, time.Since(start))
					mu.Unlock()
					time.Sleep(25 * time.Millisecond) // under the default 50 messages/s
				}
			}()
		}
		start := time.Now()
		var closing sync.WaitGroup
		for _, c := range clients {
			closing.Add(1)
			go func() { defer closing.Done(); c.CloseNow() }()
		}
		closing.Wait()
		for connectionRows(b, s) > others {
			time.Sleep(100 * time.Millisecond)
		}
		drain = time.Since(start)
		stop()
		pinging.Wait()
		slices.Sort(rtts)
		p99, worst = percentile(rtts, 0.99), rtts[len(rtts)-1]
	}
	failed := strings.Count(logs.String(), `"msg":"forget connection"`) + strings.Count(logs.String(), `"msg":"$disconnect failed"`)
	b.ReportMetric(float64(p99.Microseconds())/1000, "ping-p99-ms")
	b.ReportMetric(float64(worst.Microseconds())/1000, "ping-max-ms")
	b.ReportMetric(drain.Seconds(), "drain-s")
	b.ReportMetric(float64(failed), "failed-disconnects")
}
