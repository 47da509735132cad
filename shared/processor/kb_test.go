package processor

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"docflow/shared/domain"
)

// withoutKnowledgeBaseFiles drops the kb/ keys from a list of puts.
func withoutKnowledgeBaseFiles(keys []string) []string {
	var out []string
	kb := domain.ProcessedKey(testID, domain.KnowledgeBaseDir) + "/"
	for _, k := range keys {
		if !strings.HasPrefix(k, kb) {
			out = append(out, k)
		}
	}
	return out
}

// TestRunWritesKnowledgeBaseFiles: every chunk of chunks.jsonl becomes
// kb/chunk-NNNNN.txt holding exactly its text, beside a .metadata.json with
// the document's owner, id, name and the chunk's page (a number), all
// before the manifest, which counts them.
func TestRunWritesKnowledgeBaseFiles(t *testing.T) {
	cfg := testConfig(t)
	h := newHarness(t, []byte(sampleText), Text{PageLines: 2})
	if err := h.r.Run(context.Background()); err != nil {
		t.Fatalf("Run = %v, want success", err)
	}
	chunks := readChunks(t, h.objects, domain.ProcessedKey(testID, ChunksFile))
	if len(chunks) < 2 {
		t.Fatalf("%d chunks; the sample should make several", len(chunks))
	}
	for _, c := range chunks {
		key := domain.KnowledgeBaseChunkKey(testID, c.Index+1)
		t.Run(key, func(t *testing.T) {
			body, ok := h.objects.get(testBucket, key)
			if !ok {
				t.Fatalf("no %s", key)
			}
			if string(body) != c.Text {
				t.Errorf("%s = %q, want the chunk's text %q", key, body, c.Text)
			}
			mb, ok := h.objects.get(testBucket, key+".metadata.json")
			if !ok {
				t.Fatalf("no %s.metadata.json", key)
			}
			// Strictly the shape Bedrock reads: page a JSON number.
			var raw struct {
				MetadataAttributes map[string]any `json:"metadataAttributes"`
			}
			dec := json.NewDecoder(bytes.NewReader(mb))
			dec.DisallowUnknownFields()
			if err := dec.Decode(&raw); err != nil {
				t.Fatalf("metadata %s: %v", mb, err)
			}
			want := map[string]any{"owner": cfg.Owner, "documentId": testID, "documentName": cfg.DocumentName, "page": float64(c.Page)}
			if fmt.Sprint(raw.MetadataAttributes) != fmt.Sprint(want) {
				t.Errorf("metadata = %v, want %v", raw.MetadataAttributes, want)
			}
		})
	}
	if got, want := len(h.objects.puts), 3+2*len(chunks); got != want {
		t.Errorf("%d puts, want %d (three outputs and two files per chunk)", got, want)
	}
	if last := h.objects.puts[len(h.objects.puts)-1]; last != domain.ProcessedKey(testID, ManifestFile) {
		t.Errorf("last put %s, want the manifest (its presence says the rest is whole)", last)
	}
	mb, _ := h.objects.get(testBucket, domain.ProcessedKey(testID, ManifestFile))
	var m Manifest
	if err := json.Unmarshal(mb, &m); err != nil {
		t.Fatal(err)
	}
	if m.KnowledgeBaseFiles != len(chunks) || m.Outputs.KnowledgeBase != "processed/"+testID+"/kb/" {
		t.Errorf("manifest knowledgeBaseFiles %d at %q, want %d at processed/%s/kb/", m.KnowledgeBaseFiles, m.Outputs.KnowledgeBase, len(chunks), testID)
	}
}

// TestKnowledgeBaseFileFailureFailsTheDocument: a chunk file that cannot be
// written fails the run before the manifest, so a half-written knowledge
// base folder is never announced as done.
func TestKnowledgeBaseFileFailureFailsTheDocument(t *testing.T) {
	h := newHarness(t, []byte(sampleText), Text{PageLines: 2})
	h.objects.PutObjectFunc = func(_ context.Context, in *s3.PutObjectInput) error {
		if strings.HasSuffix(aws.ToString(in.Key), "chunk-00002.txt.metadata.json") {
			return errors.New("slow down")
		}
		return nil
	}
	if err := h.r.Run(context.Background()); err == nil {
		t.Fatal("Run = nil, want the failure")
	}
	if _, f := h.answers(t); f == nil {
		t.Fatal("answered success, want SendTaskFailure")
	}
	if _, ok := h.objects.get(testBucket, domain.ProcessedKey(testID, ManifestFile)); ok {
		t.Error("the manifest was written after a knowledge-base file failed")
	}
}
