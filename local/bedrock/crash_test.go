package bedrock

import (
	"bufio"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/bedrockagent"
	agenttypes "github.com/aws/aws-sdk-go-v2/service/bedrockagent/types"
)

// crashCalls ingestion calls of maxDocumentsPerCall chunks each are
// acknowledged before the kill.
const crashCalls = 8

// crashObjects are the chunk files of the crash test, the same in the
// child and the parent process.
func crashObjects() (memObjects, []string) {
	objects := memObjects{}
	uris := make([]string, crashCalls*maxDocumentsPerCall)
	for i := range uris {
		uris[i] = objects.putChunk("alice", fmt.Sprintf("doc%02d", i/10), "facts.pdf", i%10+1, i%10+1,
			fmt.Sprintf("Fact %d of the crash test. The code word of fact %d is zq%dx.", i, i, i))
	}
	return objects, uris
}

// TestKillNineKeepsAcknowledgedIngestions ingests into a knowledge base in
// a child process, kills it with SIGKILL right after the last answer
// (scorch's persister naps a second, so most of the batches are then only
// in the journal), and opens the same directory: every acknowledged chunk
// is there.
func TestKillNineKeepsAcknowledgedIngestions(t *testing.T) {
	if dir := os.Getenv("BEDROCK_CRASH_CHILD_DIR"); dir != "" {
		objects, _ := crashObjects()
		kb, err := Open(Config{Dir: dir, Objects: objects})
		if err != nil {
			fmt.Println("ERROR", err)
			os.Exit(1)
		}
		srv := httptest.NewServer(http.StripPrefix("/bedrock-agent", kb.AgentHandler()))
		fmt.Println("URL", srv.URL)
		select {} // until killed
	}
	if testing.Short() {
		t.Skip("starts a child process")
	}

	dir := t.TempDir()
	child := exec.Command(os.Args[0], "-test.run", "^TestKillNineKeepsAcknowledgedIngestions$")
	child.Env = append(os.Environ(), "BEDROCK_CRASH_CHILD_DIR="+dir)
	child.Stderr = os.Stderr
	stdout, err := child.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := child.Start(); err != nil {
		t.Fatal(err)
	}
	defer child.Process.Kill()
	lines := bufio.NewScanner(stdout)
	var url string
	for lines.Scan() {
		if u, ok := strings.CutPrefix(lines.Text(), "URL "); ok {
			url = u
			break
		}
		if strings.HasPrefix(lines.Text(), "ERROR") {
			t.Fatal(lines.Text())
		}
	}
	if url == "" {
		t.Fatal("the child printed no URL")
	}

	_, uris := crashObjects()
	agent := agentClient(url)
	for call := range crashCalls {
		docs := make([]agenttypes.KnowledgeBaseDocument, maxDocumentsPerCall)
		for i := range docs {
			docs[i] = s3Doc(uris[call*maxDocumentsPerCall+i])
		}
		out, err := agent.IngestKnowledgeBaseDocuments(context.Background(), &bedrockagent.IngestKnowledgeBaseDocumentsInput{
			KnowledgeBaseId: aws.String(DefaultKnowledgeBaseID), DataSourceId: aws.String(DefaultDataSourceID), Documents: docs,
		})
		if err != nil {
			t.Fatalf("call %d: %v", call, err)
		}
		for _, d := range out.DocumentDetails {
			// Acknowledged: in the journal, though perhaps not yet in
			// the index.
			if d.Status != agenttypes.DocumentStatusStarting && d.Status != agenttypes.DocumentStatusIndexed {
				t.Fatalf("call %d: %s is %s", call, aws.ToString(d.Identifier.S3.Uri), d.Status)
			}
		}
	}
	start := time.Now()
	if err := child.Process.Kill(); err != nil { // SIGKILL
		t.Fatal(err)
	}
	_ = child.Wait()
	t.Logf("killed %v after the last acknowledgement", time.Since(start))

	objects, _ := crashObjects()
	s := newStack(t, dir, objects)
	for i := 0; i < len(uris); i += maxDocumentsPerCall {
		for uri, status := range s.statuses(t, uris[i:i+maxDocumentsPerCall]...) {
			if status != "INDEXED" {
				t.Errorf("after kill -9: %s is %s, want INDEXED", uri, status)
			}
		}
	}
	last := len(uris) - 1
	res := s.retrieve(t, fmt.Sprintf("code word zq%dx", last), equals("owner", "alice"), 1)
	if len(res) != 1 || aws.ToString(res[0].Location.S3Location.Uri) != uris[last] {
		t.Errorf("after kill -9: retrieving the last fact gave %d results", len(res))
	}
}
