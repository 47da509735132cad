package stack

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/bedrockagent"
	agenttypes "github.com/aws/aws-sdk-go-v2/service/bedrockagent/types"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"docflow/internal/testdocs"
	"docflow/shared/answer"
	"docflow/shared/domain"
)

// BenchmarkQuestion is one question through the whole local stack: invoke
// on the WebSocket, the message function, SQS, the event source mapping,
// the answer worker, RetrieveAndGenerateStream on the local knowledge base
// and the frames back through @connections. It reports the time from
// sending invoke to the first answerChunk and to answerComplete, p50 and
// p99, with 1,000 and 100,000 chunks indexed (100 per owner, so a bigger
// index is more users, as it would be). Questions are asked one at a
// time: this is latency, not throughput.
//
// The index is built through the bedrock-agent API with the SDK client, as
// the Index stage builds it: synthetic chunk files in the stack's S3, then
// IngestKnowledgeBaseDocuments, 25 per call, several callers at once.
// DOCFLOW_BENCH_MAX_CHUNKS caps the sizes (e.g. 1000 for a quick run).
func BenchmarkQuestion(b *testing.B) {
	sizes := []int{1000, 100000}
	if limit, err := strconv.Atoi(os.Getenv("DOCFLOW_BENCH_MAX_CHUNKS")); err == nil {
		sizes = slices.DeleteFunc(sizes, func(n int) bool { return n > limit })
	}
	for _, n := range sizes {
		b.Run(fmt.Sprintf("chunks=%d", n), func(b *testing.B) {
			s := startStack(b, Config{Limits: unlimited})
			questions := ingestSynthetic(b, s, n)
			// Eight askers spread over the index, each on a connection of
			// their own, asking about their own chunks in turn.
			askers := map[string]*wsClient{}
			var pool []benchQuestion
			for k := range 8 {
				q := questions[k*len(questions)/8]
				if askers[q.owner] == nil {
					tok, err := s.Token(q.owner, time.Hour)
					if err != nil {
						b.Fatal(err)
					}
					askers[q.owner] = dialWS(b, s.ClientURL(tok))
				}
			}
			for _, q := range questions {
				if askers[q.owner] != nil {
					pool = append(pool, q)
				}
			}
			var first, complete []time.Duration
			notFound, early := 0, 0
			for i := 0; b.Loop(); i++ {
				q := pool[i%len(pool)]
				f, c, ans, overtook := timeQuestion(b, askers[q.owner], fmt.Sprintf("bench-%d-%d", n, i), q.text)
				first, complete = append(first, f), append(complete, c)
				if overtook {
					early++
				}
				if ans == answer.NotFound {
					notFound++
				}
			}
			if notFound > 0 {
				b.Errorf("%d of %d questions about an asker's own chunk were NotFound", notFound, len(first))
			}
			slices.Sort(first)
			slices.Sort(complete)
			b.ReportMetric(ms(percentile(first, 0.50)), "first-p50-ms")
			b.ReportMetric(ms(percentile(first, 0.99)), "first-p99-ms")
			b.ReportMetric(ms(percentile(complete, 0.50)), "complete-p50-ms")
			b.ReportMetric(ms(percentile(complete, 0.99)), "complete-p99-ms")
			// Answer frames that reached the client before invoke's own
			// queryAccepted (the worker posts through @connections while
			// the route's answer is still on its way).
			b.ReportMetric(float64(early)/float64(len(first)), "overtook-accepted/op")
		})
	}
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// timeQuestion asks text on w and returns the time to the first
// answerChunk, to answerComplete, the answer, and whether an answer frame
// came before queryAccepted. The query id is the client's, so frames that
// overtake queryAccepted are still counted.
func timeQuestion(b *testing.B, w *wsClient, id, text string) (time.Duration, time.Duration, string, bool) {
	b.Helper()
	start := time.Now()
	w.send(fmt.Sprintf(`{"action":"invoke","query_id":%q,"query":%q}`, id, text))
	var first, total time.Duration
	var ans string
	accepted, early := false, false
	for !accepted || total == 0 {
		f := w.next()
		if f["action"] == "answerFailed" || f["action"] == "error" {
			b.Fatalf("question %q: %v", text, f)
		}
		if data(f)["queryId"] != id {
			continue
		}
		switch f["action"] {
		case "queryAccepted":
			accepted = true
		case "answerChunk":
			early = early || !accepted
			if first == 0 {
				first = time.Since(start)
			}
		case "answerComplete":
			early = early || !accepted
			total = time.Since(start)
			if first == 0 {
				first = total // an answer short enough for one frame
			}
			ans, _ = data(f)["answer"].(string)
		}
	}
	return first, total, ans, early
}

// benchQuestion is a question about one synthetic chunk, asked by its owner.
type benchQuestion struct{ owner, text string }

// ingestSynthetic puts n synthetic chunk files of about 1,000 characters
// (the processor's chunk size) in the stack's bucket and ingests them with
// the bedrock-agent SDK client, owners of 100 chunks each. The chunk text
// comes from a Zipf-distributed vocabulary, so term statistics look like
// text's (as local/bedrock's benchmarks make theirs). It returns a
// question about every 97th chunk, made of its rarest-looking words.
func ingestSynthetic(b *testing.B, s *Stack, n int) []benchQuestion {
	b.Helper()
	const perCall, perOwner, callers = 25, 100, 8
	d := newDeps(s.endpoints, nil)
	s3c := s3.NewFromConfig(d.Config(s3.ServiceID), func(o *s3.Options) { o.UsePathStyle = true })
	agent := bedrockagent.NewFromConfig(d.Config(bedrockagent.ServiceID))
	c := testdocs.NewWords(uint64(n))
	texts := make([]string, n)
	var questions []benchQuestion
	for i := range texts {
		texts[i] = c.Chunk()
		if i%97 == 0 {
			words := strings.Fields(strings.ToLower(strings.ReplaceAll(texts[i], ".", "")))
			slices.SortFunc(words, func(x, y string) int { return len(y) - len(x) })
			questions = append(questions, benchQuestion{owner(i / perOwner), "What about " + strings.Join(words[:4], " ") + "?"})
		}
	}
	start := time.Now()
	calls := make(chan int, n/perCall+1)
	for i := 0; i < n; i += perCall {
		calls <- i
	}
	close(calls)
	ctx := context.Background()
	var wg sync.WaitGroup
	var mu sync.Mutex
	var failure error
	var answers [][]agenttypes.KnowledgeBaseDocumentDetail
	for range callers {
		wg.Go(func() {
			for from := range calls {
				var docs []agenttypes.KnowledgeBaseDocument
				for i := from; i < min(from+perCall, n); i++ {
					doc := fmt.Sprintf("bench-%07d", i/10)
					key := domain.KnowledgeBaseChunkKey(doc, i%10+1)
					if _, err := s3c.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String(Bucket), Key: aws.String(key), Body: bytes.NewReader([]byte(texts[i]))}); err != nil {
						mu.Lock()
						failure = err
						mu.Unlock()
						return
					}
					// Inline attributes save the metadata file (the local
					// knowledge base takes them beside S3 content).
					attr := func(k, v string) agenttypes.MetadataAttribute {
						return agenttypes.MetadataAttribute{Key: aws.String(k), Value: &agenttypes.MetadataAttributeValue{Type: agenttypes.MetadataValueTypeString, StringValue: aws.String(v)}}
					}
					page := agenttypes.MetadataAttribute{Key: aws.String("page"), Value: &agenttypes.MetadataAttributeValue{Type: agenttypes.MetadataValueTypeNumber, NumberValue: aws.Float64(float64(i%10 + 1))}}
					docs = append(docs, agenttypes.KnowledgeBaseDocument{
						Content: &agenttypes.DocumentContent{DataSourceType: agenttypes.ContentDataSourceTypeS3,
							S3: &agenttypes.S3Content{S3Location: &agenttypes.S3Location{Uri: aws.String("s3://" + Bucket + "/" + key)}}},
						Metadata: &agenttypes.DocumentMetadata{Type: agenttypes.MetadataSourceTypeInLineAttribute,
							InlineAttributes: []agenttypes.MetadataAttribute{attr("owner", owner(i/perOwner)), attr("documentId", doc), attr("documentName", doc+".pdf"), page}},
					})
				}
				out, err := agent.IngestKnowledgeBaseDocuments(ctx, &bedrockagent.IngestKnowledgeBaseDocumentsInput{
					KnowledgeBaseId: aws.String(KnowledgeBaseID), DataSourceId: aws.String(DataSourceID), Documents: docs,
				})
				if err == nil {
					mu.Lock()
					answers = append(answers, out.DocumentDetails)
					mu.Unlock()
				}
				if err != nil {
					mu.Lock()
					failure = err
					mu.Unlock()
					return
				}
			}
		})
	}
	wg.Wait()
	if failure != nil {
		b.Fatalf("ingest: %v", failure)
	}
	if err := waitIndexed(ctx, agent, answers); err != nil {
		b.Fatalf("ingest: %v", err)
	}
	el := time.Since(start)
	b.Logf("put and ingested %d chunks in %v (%.0f chunks/s)", n, el.Round(time.Millisecond), float64(n)/el.Seconds())
	return questions
}

func owner(i int) string { return fmt.Sprintf("user%05d", i) }

// waitIndexed polls GetKnowledgeBaseDocuments, as the Index stage does,
// until every document of the ingestion answers is INDEXED: all those not
// yet known to be, 25 per call, then a short pause, until none is left.
func waitIndexed(ctx context.Context, agent *bedrockagent.Client, answers [][]agenttypes.KnowledgeBaseDocumentDetail) error {
	var details []agenttypes.KnowledgeBaseDocumentDetail
	for _, a := range answers {
		details = append(details, a...)
	}
	for {
		var waiting []agenttypes.DocumentIdentifier
		for _, d := range details {
			switch d.Status {
			case agenttypes.DocumentStatusIndexed:
			case agenttypes.DocumentStatusStarting, agenttypes.DocumentStatusInProgress:
				waiting = append(waiting, *d.Identifier)
			default:
				return fmt.Errorf("chunk %s: %s %s", aws.ToString(d.Identifier.S3.Uri), d.Status, aws.ToString(d.StatusReason))
			}
		}
		if len(waiting) == 0 {
			return nil
		}
		details = details[:0]
		for ids := range slices.Chunk(waiting, 25) {
			out, err := agent.GetKnowledgeBaseDocuments(ctx, &bedrockagent.GetKnowledgeBaseDocumentsInput{
				KnowledgeBaseId: aws.String(KnowledgeBaseID), DataSourceId: aws.String(DataSourceID), DocumentIdentifiers: ids,
			})
			if err != nil {
				return err
			}
			details = append(details, out.DocumentDetails...)
		}
		time.Sleep(5 * time.Millisecond)
	}
}
