package bedrock

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/bedrockagent"
	agenttypes "github.com/aws/aws-sdk-go-v2/service/bedrockagent/types"
	"github.com/aws/aws-sdk-go-v2/service/bedrockagentruntime"
	"github.com/aws/aws-sdk-go-v2/service/bedrockagentruntime/types"
	"github.com/blevesearch/bleve/v2"

	"docflow/internal/testdocs"
)

// benchDir holds the indexes the benchmarks build, once per run.
var benchDir string

func TestMain(m *testing.M) {
	code := m.Run()
	if benchDir != "" {
		os.RemoveAll(benchDir)
	}
	os.Exit(code)
}

// chunksPerOwner keeps each user's share of the corpus fixed as the index
// grows: a bigger index means more users, as it would in docflow.
const chunksPerOwner = 100

// benchIndex is a knowledge base of n synthetic chunks in benchDir, built
// once per run, served with real SDK clients.
type benchIndex struct {
	*stack
	questions []question
}

// question is a question about one chunk, asked as its owner.
type question struct{ owner, text string }

var (
	benchMu      sync.Mutex
	benchIndexes = map[int]*benchIndex{}
)

func openBenchIndex(b *testing.B, n int) *benchIndex {
	benchMu.Lock()
	defer benchMu.Unlock()
	if bi := benchIndexes[n]; bi != nil {
		return bi
	}
	if benchDir == "" {
		var err error
		if benchDir, err = os.MkdirTemp("", "bedrock-bench-"); err != nil {
			b.Fatal(err)
		}
	}
	// bleve's offline builder writes the index as a few large segments,
	// far faster than batches (and as a long-running index would be after
	// its merges); Open then serves it like any other.
	dir := filepath.Join(benchDir, fmt.Sprint(n))
	builder, err := bleve.NewBuilder(filepath.Join(dir, "index.bleve"), indexMapping(), map[string]any{"batchSize": 5000})
	if err != nil {
		b.Fatal(err)
	}
	start := time.Now()
	c := testdocs.NewWords(uint64(n))
	bi := &benchIndex{}
	now := time.Now()
	for i := range n {
		owner := fmt.Sprintf("user%05d", i/chunksPerOwner)
		doc := fmt.Sprintf("doc%05d", i/10)
		uri := fmt.Sprintf("s3://%s/processed/%s/kb/chunk-%05d.txt", bucket, doc, i%10+1)
		text := c.Chunk()
		attrs := map[string]any{"owner": owner, "documentId": doc, "documentName": doc + ".pdf", "page": float64(i%10 + 1)}
		if err := builder.Index(uri, newChunk(uri, text, attrs, now)); err != nil {
			b.Fatal(err)
		}
		if i%997 == 0 {
			// A question of a few of the chunk's words, rare ones first.
			words := strings.Fields(strings.ToLower(strings.NewReplacer(".", "").Replace(text)))
			slices.SortFunc(words, func(x, y string) int { return len(y) - len(x) })
			bi.questions = append(bi.questions, question{owner, "What about " + strings.Join(words[:4], " ") + "?"})
		}
	}
	if err := builder.Close(); err != nil {
		b.Fatal(err)
	}
	kb, err := Open(Config{Dir: dir, Objects: memObjects{}})
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("built a %d-chunk index in %v", n, time.Since(start).Round(time.Millisecond))
	// The index outlives this benchmark's cleanups: it is served by its
	// own server, closed with the process.
	bi.stack = serve(noCleanup{b}, kb, memObjects{})
	benchIndexes[n] = bi
	return bi
}

// noCleanup keeps a benchmark's Cleanup from closing what the next
// benchmark of the run reuses.
type noCleanup struct{ testing.TB }

func (noCleanup) Cleanup(func()) {}

// BenchmarkRetrieve is one Retrieve call through the SDK client with the
// worker's owner filter, numberOfResults 5, against indexes of growing size.
func BenchmarkRetrieve(b *testing.B) {
	for _, n := range benchSizes([]int{1000, 10000, 100000}) {
		b.Run(fmt.Sprintf("chunks=%d", n), func(b *testing.B) {
			bi := openBenchIndex(b, n)
			b.ResetTimer()
			for i := 0; b.Loop(); i++ {
				q := bi.questions[i%len(bi.questions)]
				if _, err := bi.retrieveErr(q.text, equals("owner", q.owner), 5); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkAnswerStream is one RetrieveAndGenerateStream call through the
// SDK client: time to the first output event and to the end of the stream.
func BenchmarkAnswerStream(b *testing.B) {
	for _, n := range benchSizes([]int{1000, 100000}) {
		b.Run(fmt.Sprintf("chunks=%d", n), func(b *testing.B) {
			bi := openBenchIndex(b, n)
			var first, end []time.Duration
			failed := 0
			b.ResetTimer()
			for i := 0; b.Loop(); i++ {
				q := bi.questions[i%len(bi.questions)]
				f, e, err := timeStream(b, bi.runtime, q)
				if err != nil {
					// Counted, not hidden (see the citation event in
					// runtime.go for the one cause seen so far).
					failed++
					b.Logf("stream %d: %v", i, err)
					continue
				}
				first, end = append(first, f), append(end, e)
			}
			reportPercentiles(b, "first", first)
			reportPercentiles(b, "end", end)
			b.ReportMetric(float64(failed), "failed-streams")
		})
	}
}

func timeStream(b *testing.B, rt *bedrockagentruntime.Client, q question) (first, end time.Duration, err error) {
	start := time.Now()
	out, err := rt.RetrieveAndGenerateStream(context.Background(), &bedrockagentruntime.RetrieveAndGenerateStreamInput{
		Input: &types.RetrieveAndGenerateInput{Text: aws.String(q.text)},
		RetrieveAndGenerateConfiguration: &types.RetrieveAndGenerateConfiguration{
			Type: types.RetrieveAndGenerateTypeKnowledgeBase,
			KnowledgeBaseConfiguration: &types.KnowledgeBaseRetrieveAndGenerateConfiguration{
				KnowledgeBaseId: aws.String(DefaultKnowledgeBaseID), ModelArn: aws.String("local"),
				RetrievalConfiguration: &types.KnowledgeBaseRetrievalConfiguration{VectorSearchConfiguration: &types.KnowledgeBaseVectorSearchConfiguration{
					Filter: equals("owner", q.owner),
				}},
			},
		},
	})
	if err != nil {
		b.Fatal(err)
	}
	stream := out.GetStream()
	defer stream.Close()
	outputs := 0
	for ev := range stream.Events() {
		if _, ok := ev.(*types.RetrieveAndGenerateStreamResponseOutputMemberOutput); ok {
			if outputs == 0 {
				first = time.Since(start)
			}
			outputs++
		}
	}
	end = time.Since(start)
	if err := stream.Err(); err != nil {
		return 0, 0, fmt.Errorf("after %d outputs: %w", outputs, err)
	}
	if outputs < 2 {
		b.Fatalf("stream %q: %d outputs, want at least 2", q.text, outputs)
	}
	return first, end, nil
}

func reportPercentiles(b *testing.B, name string, d []time.Duration) {
	slices.Sort(d)
	at := func(p float64) float64 {
		return float64(d[min(len(d)-1, int(float64(len(d))*p))]) / float64(time.Millisecond)
	}
	b.ReportMetric(at(0.50), name+"-p50-ms")
	b.ReportMetric(at(0.99), name+"-p99-ms")
}

// BenchmarkIngest is IngestKnowledgeBaseDocuments through the SDK client
// into an on-disk index, 25 chunk files (the service's maximum) per call,
// with callers one after another and side by side.
func BenchmarkIngest(b *testing.B) {
	for _, callers := range []int{1, 4} {
		b.Run(fmt.Sprintf("callers=%d", callers), func(b *testing.B) {
			// Every call ingests new files, whose content comes from a
			// pool of texts: the objects are made as they are read.
			c := testdocs.NewWords(7)
			texts := make([]string, 2000)
			for i := range texts {
				texts[i] = c.Chunk()
			}
			dir := b.TempDir()
			if os.Getenv("BEDROCK_MEM") != "" {
				dir = ""
			}
			kb, err := Open(Config{Dir: dir, Objects: objectsFunc(func(_ context.Context, _, key string) ([]byte, error) {
				var n int
				if _, err := fmt.Sscanf(key, "processed/doc%d/kb/chunk.txt", &n); err != nil {
					return nil, fmt.Errorf("%s: %w", key, ErrNoSuchObject)
				}
				if strings.HasSuffix(key, ".metadata.json") {
					return fmt.Appendf(nil, `{"metadataAttributes":{"owner":"user%03d","documentId":"doc%d","documentName":"d.pdf","page":%d}}`, n%50, n, n%10+1), nil
				}
				return []byte(texts[n%len(texts)]), nil
			})})
			if err != nil {
				b.Fatal(err)
			}
			defer kb.Close()
			s := serve(b, kb, nil)
			uri := func(n int) string { return fmt.Sprintf("s3://%s/processed/doc%d/kb/chunk.txt", bucket, n) }
			var calls atomic.Int64
			b.ResetTimer()
			start, cpu0 := time.Now(), cpuTime()
			var wg sync.WaitGroup
			per := b.N / callers
			for g := range callers {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for range per + boolInt(g < b.N%callers) {
						k := int(calls.Add(1)) * maxDocumentsPerCall
						docs := make([]agenttypes.KnowledgeBaseDocument, maxDocumentsPerCall)
						for j := range docs {
							docs[j] = s3Doc(uri(k + j))
						}
						if _, err := s.agent.IngestKnowledgeBaseDocuments(context.Background(), &bedrockagent.IngestKnowledgeBaseDocumentsInput{
							KnowledgeBaseId: aws.String(DefaultKnowledgeBaseID), DataSourceId: aws.String(DefaultDataSourceID), Documents: docs,
						}); err != nil {
							b.Error(err)
							return
						}
					}
				}()
			}
			wg.Wait()
			// Ingestion answers before it indexes (as the service does):
			// the rate counts until every chunk is searchable.
			kb.settle()
			chunks := float64(calls.Load() * maxDocumentsPerCall)
			b.ReportMetric(chunks/time.Since(start).Seconds(), "chunks/s")
			// The machine may be shared: CPU time per chunk (this process,
			// client included, background merging included) does not
			// depend on what else runs.
			b.ReportMetric(float64(cpuTime()-cpu0)/float64(time.Microsecond)/chunks, "cpu-us/chunk")
		})
	}
}

func boolInt(v bool) int {
	if v {
		return 1
	}
	return 0
}

// objectsFunc is an Objects made of a function.
type objectsFunc func(ctx context.Context, bucket, key string) ([]byte, error)

func (f objectsFunc) Get(ctx context.Context, bucket, key string) ([]byte, error) {
	return f(ctx, bucket, key)
}

// cpuTime is this process's user and system CPU time so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// benchSizes is sizes, or only those up to BEDROCK_BENCH_MAX_CHUNKS when
// it is set (a quick run).
func benchSizes(sizes []int) []int {
	limit, err := strconv.Atoi(os.Getenv("BEDROCK_BENCH_MAX_CHUNKS"))
	if err != nil {
		return sizes
	}
	return slices.DeleteFunc(sizes, func(n int) bool { return n > limit })
}
