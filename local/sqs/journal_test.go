package sqs

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awssqs "github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/aws-sdk-go-v2/service/sqs/types"
)

func TestRestartKeepsState(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	s1, c, _ := start(t, Config{Dir: dir})
	createQueue(t, c, "dlq", nil)
	url := createQueue(t, c, "q", map[string]string{"VisibilityTimeout": "600",
		"RedrivePolicy": `{"deadLetterTargetArn":"arn:aws:sqs:us-east-1:123456789012:dlq","maxReceiveCount":2}`})
	a := send(t, c, url, "a")
	b := send(t, c, url, "b")
	sentC, err := c.SendMessage(ctx, &awssqs.SendMessageInput{QueueUrl: aws.String(url), MessageBody: aws.String("c"),
		MessageAttributes: map[string]types.MessageAttributeValue{"k": {DataType: aws.String("String"), StringValue: aws.String("v")}}})
	if err != nil {
		t.Fatal(err)
	}
	inFlight := receive(t, c, url, 1, 0)[0] // a
	gone := receive(t, c, url, 1, 0)[0]     // b
	if _, err := c.DeleteMessage(ctx, &awssqs.DeleteMessageInput{QueueUrl: aws.String(url), ReceiptHandle: gone.ReceiptHandle}); err != nil {
		t.Fatal(err)
	}
	if aws.ToString(inFlight.MessageId) != a || aws.ToString(gone.MessageId) != b {
		t.Fatalf("received %s and %s, want %s then %s", aws.ToString(inFlight.MessageId), aws.ToString(gone.MessageId), a, b)
	}
	if err := s1.Close(); err != nil {
		t.Fatal(err)
	}

	_, c2, _ := start(t, Config{Dir: dir})
	if v, n := counts(t, c2, url); v != 1 || n != 1 {
		t.Errorf("after restart: %d visible, %d in flight; want 1 (c) and 1 (a)", v, n)
	}
	got := attrs(t, c2, url, "All")
	if got["VisibilityTimeout"] != "600" || !strings.Contains(got["RedrivePolicy"], `"maxReceiveCount":2`) {
		t.Errorf("attributes after restart = %v", got)
	}
	m := receive(t, c2, url, 10, 0)
	if len(m) != 1 || aws.ToString(m[0].MessageId) != aws.ToString(sentC.MessageId) || aws.ToString(m[0].MD5OfMessageAttributes) != aws.ToString(sentC.MD5OfMessageAttributes) {
		t.Fatalf("after restart received %v, want c with its attributes", m)
	}
	// The receipt handle given out before the restart still holds its message.
	if _, err := c2.DeleteMessage(ctx, &awssqs.DeleteMessageInput{QueueUrl: aws.String(url), ReceiptHandle: inFlight.ReceiptHandle}); err != nil {
		t.Fatal(err)
	}
	if _, n := counts(t, c2, url); n != 1 {
		t.Errorf("in flight after deleting a = %d, want 1 (c)", n)
	}
}

func TestTornLastLineIsDropped(t *testing.T) {
	dir := t.TempDir()
	s1, c, _ := start(t, Config{Dir: dir})
	url := createQueue(t, c, "q", nil)
	id := send(t, c, url, "kept")
	s1.Close()
	path := filepath.Join(dir, journalName)
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString(`{"op":"msg","q":"q","msg":{"id":"0000`) // a write cut by kill -9
	f.Close()

	_, c2, _ := start(t, Config{Dir: dir})
	m := receive(t, c2, url, 10, 0)
	if len(m) != 1 || aws.ToString(m[0].MessageId) != id {
		t.Fatalf("after torn write: %v, want only %s", m, id)
	}
	data, _ := os.ReadFile(path)
	if strings.Contains(string(data), `"0000`) {
		t.Errorf("compaction kept the torn line:\n%s", data)
	}
}

func TestCorruptJournalRefused(t *testing.T) {
	dir := t.TempDir()
	body := "{\"op\":\"queue\",\"q\":\"q\",\"at\":1}\nnot json\n{\"op\":\"purge\",\"q\":\"q\",\"at\":2}\n"
	if err := os.WriteFile(filepath.Join(dir, journalName), []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := New(Config{Dir: dir}); err == nil || !strings.Contains(err.Error(), "line 2") {
		t.Errorf("New on a corrupt journal: err = %v, want one naming line 2", err)
	}
}

// TestKill9LosesNothingAcknowledged runs the service in a child process,
// sends and deletes from several goroutines, kills the child with SIGKILL
// mid-stream and checks that every acknowledged send and delete survived.
func TestKill9LosesNothingAcknowledged(t *testing.T) {
	dir := t.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run=^TestJournalChildProcess$")
	cmd.Env = append(os.Environ(), "SQS_JOURNAL_CHILD_DIR="+dir)
	cmd.Stderr = os.Stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		t.Fatalf("child gave no address: %v", err)
	}
	c := client(strings.TrimSpace(line))
	url := createQueue(t, c, "q", nil)

	var mu sync.Mutex
	sent, deleted, received := map[string]bool{}, map[string]bool{}, map[string]bool{}
	deleting := map[string]bool{} // a delete was sent: it may have been done though its answer was cut
	const acksBeforeKill = 300
	killed := make(chan struct{})
	var once sync.Once
	ack := func(set map[string]bool, id string) {
		mu.Lock()
		defer mu.Unlock()
		set[id] = true
		if len(sent) >= acksBeforeKill {
			once.Do(func() {
				cmd.Process.Kill()
				close(killed)
			})
		}
	}
	var wg sync.WaitGroup
	for g := range 6 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ctx := context.Background()
			for i := 0; ; i++ {
				out, err := c.SendMessage(ctx, &awssqs.SendMessageInput{QueueUrl: aws.String(url), MessageBody: aws.String(fmt.Sprintf("g%d-%d", g, i))})
				if err != nil {
					return // the child is gone
				}
				ack(sent, aws.ToString(out.MessageId))
				if i%3 != 0 {
					continue
				}
				rec, err := c.ReceiveMessage(ctx, &awssqs.ReceiveMessageInput{QueueUrl: aws.String(url), MaxNumberOfMessages: 2})
				if err != nil {
					return
				}
				for j, m := range rec.Messages {
					ack(received, aws.ToString(m.MessageId))
					if j == 0 {
						ack(deleting, aws.ToString(m.MessageId))
						if _, err := c.DeleteMessage(ctx, &awssqs.DeleteMessageInput{QueueUrl: aws.String(url), ReceiptHandle: m.ReceiptHandle}); err != nil {
							return
						}
						ack(deleted, aws.ToString(m.MessageId))
					}
				}
			}
		}()
	}
	wg.Wait()
	<-killed
	cmd.Wait()

	s, err := New(Config{Dir: dir})
	if err != nil {
		t.Fatalf("restart: %v", err)
	}
	defer s.Close()
	q := s.queues["q"]
	if q == nil {
		t.Fatal("queue lost")
	}
	for id := range sent {
		m, there := q.msgs[id]
		switch {
		case deleted[id] && there:
			t.Errorf("acknowledged delete of %s lost", id)
		case !deleting[id] && !there:
			t.Errorf("acknowledged send of %s lost", id)
		case there && received[id] && m.Received == 0:
			t.Errorf("acknowledged receive of %s lost", id)
		}
	}
	t.Logf("%d sends, %d receives, %d deletes acknowledged before kill -9", len(sent), len(received), len(deleted))
}

// TestJournalChildProcess is the child of TestKill9LosesNothingAcknowledged.
func TestJournalChildProcess(t *testing.T) {
	dir := os.Getenv("SQS_JOURNAL_CHILD_DIR")
	if dir == "" {
		t.Skip("runs only as TestKill9LosesNothingAcknowledged's child process")
	}
	s, err := New(Config{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	fmt.Printf("http://%s\n", ln.Addr())
	http.Serve(ln, s)
}

func TestJournalCompactsWhileRunning(t *testing.T) {
	dir := t.TempDir()
	s, c, _ := start(t, Config{Dir: dir})
	s.log.wmu.Lock()
	s.log.compactAt = 16 << 10
	s.log.wmu.Unlock()
	ctx := context.Background()
	url := createQueue(t, c, "q", nil)
	keep := send(t, c, url, "keep")
	path := filepath.Join(dir, journalName)
	largest := int64(0)
	for i := 0; i < 400; i++ {
		send(t, c, url, strings.Repeat("x", 200))
		for _, m := range receive(t, c, url, 10, 0) {
			if aws.ToString(m.MessageId) == keep {
				c.ChangeMessageVisibility(ctx, &awssqs.ChangeMessageVisibilityInput{QueueUrl: aws.String(url), ReceiptHandle: m.ReceiptHandle})
				continue
			}
			if _, err := c.DeleteMessage(ctx, &awssqs.DeleteMessageInput{QueueUrl: aws.String(url), ReceiptHandle: m.ReceiptHandle}); err != nil {
				t.Fatal(err)
			}
		}
		if st, err := os.Stat(path); err == nil {
			largest = max(largest, st.Size())
		}
	}
	if largest > 4*(16<<10)+(16<<10) {
		t.Errorf("journal reached %d bytes; compaction at 16 KiB should keep it near that", largest)
	}
	s.Close()
	s2, err := New(Config{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	if q := s2.queues["q"]; q == nil || len(q.msgs) != 1 || q.msgs[keep] == nil {
		t.Fatalf("after compactions and restart, want only %s left", keep)
	}
}
