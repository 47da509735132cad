package sqs

import (
	"context"
	"runtime"
	"strconv"
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

// BenchmarkQueuedMessageMemory reports the heap each queued message costs
// (a 256-byte body, two attributes), measured over 100,000 messages.
func BenchmarkQueuedMessageMemory(b *testing.B) {
	const n = 100_000
	body := strings.Repeat("x", 250)
	v, num := "alice", "3"
	for range b.N {
		s, err := New(Config{})
		if err != nil {
			b.Fatal(err)
		}
		s.queues["q"] = newQueue("q", map[string]string{}, defaultSettings, s.now())
		q := s.queues["q"]
		runtime.GC()
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		for i := range n {
			m, _, err := q.newMessage(&sendEntry{MessageBody: strconv.Itoa(i) + body,
				MessageAttributes: map[string]attributeValue{"owner": {DataType: "String", StringValue: &v}, "page": {DataType: "Number", StringValue: &num}}}, s.now())
			if err != nil {
				b.Fatal(err)
			}
			q.add(m)
		}
		runtime.GC()
		runtime.ReadMemStats(&after)
		b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/n, "B/msg")
		runtime.KeepAlive(s)
	}
}
