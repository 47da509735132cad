package sqs

import (
	"context"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awssqs "github.com/aws/aws-sdk-go-v2/service/sqs"
)

// BenchmarkSendReceiveDelete is one message's whole trip through the real
// SDK client over loopback HTTP: SendMessage, ReceiveMessage,
// DeleteMessage, from 8 goroutines, in memory and journaled (where
// concurrent requests share fsyncs).
func BenchmarkSendReceiveDelete(b *testing.B) {
	for _, tc := range []struct {
		name    string
		journal bool
	}{{"memory", false}, {"journal", true}} {
		b.Run(tc.name, func(b *testing.B) {
			cfg := Config{}
			if tc.journal {
				cfg.Dir = b.TempDir()
			}
			_, c, _ := start(b, cfg)
			url := createQueue(b, c, "bench", nil)
			ctx := context.Background()
			const workers = 8
			var wg sync.WaitGroup
			next := make(chan struct{})
			b.ResetTimer()
			for range workers {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for range next {
						if _, err := c.SendMessage(ctx, &awssqs.SendMessageInput{QueueUrl: aws.String(url), MessageBody: aws.String(`{"queryId":"bench"}`)}); err != nil {
							b.Error(err)
							return
						}
						out, err := c.ReceiveMessage(ctx, &awssqs.ReceiveMessageInput{QueueUrl: aws.String(url)})
						if err != nil {
							b.Error(err)
							return
						}
						for _, m := range out.Messages {
							if _, err := c.DeleteMessage(ctx, &awssqs.DeleteMessageInput{QueueUrl: aws.String(url), ReceiptHandle: m.ReceiptHandle}); err != nil {
								b.Error(err)
								return
							}
						}
					}
				}()
			}
			for range b.N {
				next <- struct{}{}
			}
			close(next)
			wg.Wait()
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "msgs/s")
		})
	}
}

// BenchmarkQueuedMessageMemory queues b.N messages (a 256-byte body, two
// attributes) and reports the heap each one costs.
func BenchmarkQueuedMessageMemory(b *testing.B) {
	body := strings.Repeat("x", 250)
	owner, page := "alice", "3"
	s, err := New(Config{})
	if err != nil {
		b.Fatal(err)
	}
	q := newQueue("q", map[string]string{}, defaultSettings, s.now())
	s.queues["q"] = q
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	b.ResetTimer()
	for i := range b.N {
		m, _, err := q.newMessage(&sendEntry{MessageBody: fmt.Sprintf("%06d", i%1_000_000) + body,
			MessageAttributes: map[string]attributeValue{"owner": {DataType: "String", StringValue: &owner}, "page": {DataType: "Number", StringValue: &page}}}, s.now())
		if err != nil {
			b.Fatal(err)
		}
		q.add(m)
	}
	b.StopTimer()
	runtime.GC()
	runtime.ReadMemStats(&after)
	b.ReportMetric(float64(int64(after.HeapAlloc)-int64(before.HeapAlloc))/float64(b.N), "B/msg")
	runtime.KeepAlive(q)
}
