package bedrock

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/bedrockagent"
	agenttypes "github.com/aws/aws-sdk-go-v2/service/bedrockagent/types"
	"github.com/aws/aws-sdk-go-v2/service/bedrockagentruntime"
	rtdocument "github.com/aws/aws-sdk-go-v2/service/bedrockagentruntime/document"
	"github.com/aws/aws-sdk-go-v2/service/bedrockagentruntime/types"
)

const bucket = "docs"

// memObjects is the fake local S3: "bucket/key" → bytes.
type memObjects map[string][]byte

func (m memObjects) Get(_ context.Context, bucket, key string) ([]byte, error) {
	b, ok := m[bucket+"/"+key]
	if !ok {
		return nil, fmt.Errorf("get %s/%s: %w", bucket, key, ErrNoSuchObject)
	}
	return b, nil
}

var _ Objects = memObjects(nil)

// putChunk writes a chunk file and its metadata file as the processing
// container does, and returns the chunk's S3 URI.
func (m memObjects) putChunk(owner, docID, docName string, page, n int, text string) string {
	key := fmt.Sprintf("processed/%s/kb/chunk-%05d.txt", docID, n)
	m[bucket+"/"+key] = []byte(text)
	m[bucket+"/"+key+".metadata.json"] = fmt.Appendf(nil,
		`{"metadataAttributes":{"owner":%q,"documentId":%q,"documentName":%q,"page":%d}}`, owner, docID, docName, page)
	return "s3://" + bucket + "/" + key
}

// stack serves a knowledge base under the stack's path prefixes and
// returns real SDK clients pointed at it.
type stack struct {
	kb      *KnowledgeBase
	agent   *bedrockagent.Client
	runtime *bedrockagentruntime.Client
	objects memObjects
}

func newStack(t testing.TB, dir string, objects memObjects, opts ...Option) *stack {
	t.Helper()
	kb, err := Open(Config{Dir: dir, Objects: objects}, opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { kb.Close() })
	return serve(t, kb, objects)
}

func serve(t testing.TB, kb *KnowledgeBase, objects memObjects) *stack {
	mux := http.NewServeMux()
	mux.Handle("/bedrock-agent/", http.StripPrefix("/bedrock-agent", kb.AgentHandler()))
	mux.Handle("/bedrock-agent-runtime/", http.StripPrefix("/bedrock-agent-runtime", kb.RuntimeHandler()))
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return &stack{kb: kb, objects: objects, agent: agentClient(srv.URL), runtime: runtimeClient(srv.URL)}
}

func agentClient(base string) *bedrockagent.Client {
	return bedrockagent.New(bedrockagent.Options{
		Region: "us-east-1", Credentials: credentials.NewStaticCredentialsProvider("local", "local", ""),
		BaseEndpoint: aws.String(base + "/bedrock-agent"), RetryMaxAttempts: 1,
	})
}

func runtimeClient(base string) *bedrockagentruntime.Client {
	return bedrockagentruntime.New(bedrockagentruntime.Options{
		Region: "us-east-1", Credentials: credentials.NewStaticCredentialsProvider("local", "local", ""),
		BaseEndpoint: aws.String(base + "/bedrock-agent-runtime"), RetryMaxAttempts: 1,
	})
}

// s3Doc is a document given by S3 location with its .metadata.json.
func s3Doc(uri string) agenttypes.KnowledgeBaseDocument {
	return agenttypes.KnowledgeBaseDocument{
		Content: &agenttypes.DocumentContent{
			DataSourceType: agenttypes.ContentDataSourceTypeS3,
			S3:             &agenttypes.S3Content{S3Location: &agenttypes.S3Location{Uri: aws.String(uri)}},
		},
		Metadata: &agenttypes.DocumentMetadata{
			Type:       agenttypes.MetadataSourceTypeS3Location,
			S3Location: &agenttypes.CustomS3Location{Uri: aws.String(uri + ".metadata.json")},
		},
	}
}

// ingest ingests uris and waits until they are indexed.
func (s *stack) ingest(t testing.TB, uris ...string) []agenttypes.KnowledgeBaseDocumentDetail {
	t.Helper()
	details := s.ingestNoWait(t, uris...)
	s.settled(t, uris...)
	return details
}

func (s *stack) ingestNoWait(t testing.TB, uris ...string) []agenttypes.KnowledgeBaseDocumentDetail {
	t.Helper()
	docs := make([]agenttypes.KnowledgeBaseDocument, len(uris))
	for i, u := range uris {
		docs[i] = s3Doc(u)
	}
	out, err := s.agent.IngestKnowledgeBaseDocuments(context.Background(), &bedrockagent.IngestKnowledgeBaseDocumentsInput{
		KnowledgeBaseId: aws.String(DefaultKnowledgeBaseID), DataSourceId: aws.String(DefaultDataSourceID), Documents: docs,
	})
	if err != nil {
		t.Fatalf("IngestKnowledgeBaseDocuments: %v", err)
	}
	return out.DocumentDetails
}

// settled polls GetKnowledgeBaseDocuments, as a client of the service
// does, until none of uris is still STARTING, IN_PROGRESS or DELETING,
// and returns their statuses.
func (s *stack) settled(t testing.TB, uris ...string) map[string]string {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		got := map[string]string{}
		for batch := range slices.Chunk(uris, maxDocumentsPerCall) {
			maps.Copy(got, s.statuses(t, batch...))
		}
		busy := false
		for _, st := range got {
			busy = busy || st == "STARTING" || st == "IN_PROGRESS" || st == "DELETING"
		}
		if !busy {
			return got
		}
		if time.Now().After(deadline) {
			t.Fatalf("still being indexed after 10 s: %v", got)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

func (s *stack) statuses(t testing.TB, uris ...string) map[string]string {
	t.Helper()
	out, err := s.agent.GetKnowledgeBaseDocuments(context.Background(), &bedrockagent.GetKnowledgeBaseDocumentsInput{
		KnowledgeBaseId: aws.String(DefaultKnowledgeBaseID), DataSourceId: aws.String(DefaultDataSourceID), DocumentIdentifiers: identifiers(uris),
	})
	if err != nil {
		t.Fatalf("GetKnowledgeBaseDocuments: %v", err)
	}
	return statusByURI(out.DocumentDetails)
}

func identifiers(uris []string) []agenttypes.DocumentIdentifier {
	ids := make([]agenttypes.DocumentIdentifier, len(uris))
	for i, u := range uris {
		ids[i] = agenttypes.DocumentIdentifier{DataSourceType: agenttypes.ContentDataSourceTypeS3, S3: &agenttypes.S3Location{Uri: aws.String(u)}}
	}
	return ids
}

func statusByURI(details []agenttypes.KnowledgeBaseDocumentDetail) map[string]string {
	got := map[string]string{}
	for _, d := range details {
		got[aws.ToString(d.Identifier.S3.Uri)] = string(d.Status)
	}
	return got
}

// twoUsers ingests a document for alice and one for bob, each with a fact
// the other's lacks, and both mentioning "warranty".
func twoUsers(t testing.TB, s *stack) (alice, bob []string) {
	alice = []string{
		s.objects.putChunk("alice", "docA", "boiler.pdf", 1, 1, "The boiler manual covers installation.\n\nThe warranty on the boiler lasts seven years from the date of purchase. Service it yearly."),
		s.objects.putChunk("alice", "docA", "boiler.pdf", 2, 2, "To reset the boiler, hold the red button for five seconds. The warranty excludes frost damage."),
	}
	bob = []string{
		s.objects.putChunk("bob", "docB", "lease.pdf", 3, 1, "The lease ends in March. The warranty of the washing machine is held by the landlord, who repairs it within ten days."),
	}
	s.ingest(t, append(append([]string{}, alice...), bob...)...)
	return alice, bob
}

func str(d rtdocument.Interface) string {
	var s string
	if d != nil {
		_ = d.UnmarshalSmithyDocument(&s)
	}
	return s
}

func TestIngestAndGetDocuments(t *testing.T) {
	s := newStack(t, "", memObjects{})
	good := s.objects.putChunk("alice", "docA", "a.pdf", 1, 1, "Some text about turbines.")
	missing := "s3://" + bucket + "/processed/docA/kb/chunk-00009.txt"
	badMeta := s.objects.putChunk("alice", "docA", "a.pdf", 1, 2, "More text.")
	s.objects[bucket+"/processed/docA/kb/chunk-00002.txt.metadata.json"] = []byte(`{"metadataAttributes":`)

	details := s.ingestNoWait(t, good, missing, badMeta)
	// As in the service, the answer may come before the indexing: the
	// readable document is STARTING and becomes INDEXED with no
	// NOT_FOUND in between (the Index stage would ingest it again). On an
	// idle knowledge base the call waits a moment and may answer INDEXED
	// already, which must then be searchable.
	for _, d := range details {
		if aws.ToString(d.Identifier.S3.Uri) == good && d.Status == "INDEXED" {
			if res := s.retrieve(t, "turbines", equals("owner", "alice"), 5); len(res) != 1 {
				t.Fatalf("answered INDEXED, yet retrieved %d results", len(res))
			}
		}
	}
	for st := ""; st != "INDEXED"; {
		st = s.statuses(t, good)[good]
		if st != "IN_PROGRESS" && st != "INDEXED" {
			t.Fatalf("right after ingestion: %s is %s, want IN_PROGRESS or INDEXED", good, st)
		}
	}
	got := map[string]agenttypes.KnowledgeBaseDocumentDetail{}
	for _, d := range details {
		got[aws.ToString(d.Identifier.S3.Uri)] = d
	}
	for _, c := range []struct {
		uri, status, reason string
	}{
		{good, "", ""}, // STARTING or INDEXED (above)
		{missing, "FAILED", "does not exist"},
		{badMeta, "FAILED", "metadata file"},
	} {
		d := got[c.uri]
		if (c.status != "" && string(d.Status) != c.status) || !strings.Contains(aws.ToString(d.StatusReason), c.reason) {
			t.Errorf("ingest %s: got %s %q, want %s with %q", c.uri, d.Status, aws.ToString(d.StatusReason), c.status, c.reason)
		}
		if aws.ToString(d.KnowledgeBaseId) != DefaultKnowledgeBaseID || d.UpdatedAt == nil {
			t.Errorf("ingest %s: detail %+v lacks knowledge base id or updatedAt", c.uri, d)
		}
	}

	unknown := "s3://" + bucket + "/never/ingested.txt"
	want := map[string]string{good: "INDEXED", missing: "FAILED", badMeta: "FAILED", unknown: "NOT_FOUND"}
	if got := s.statuses(t, good, missing, badMeta, unknown); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("GetKnowledgeBaseDocuments: got %v, want %v", got, want)
	}

	// Fixing the object and ingesting again makes the document INDEXED.
	s.objects.putChunk("alice", "docA", "a.pdf", 1, 9, "Now it exists.")
	s.ingest(t, missing)
	if got := s.statuses(t, missing)[missing]; got != "INDEXED" {
		t.Errorf("after re-ingest: got %s, want INDEXED", got)
	}

	if st := s.deleteNoWait(t, good)[good]; st != "DELETING" {
		t.Errorf("delete answered %s, want DELETING", st)
	}
	if got := s.settled(t, good)[good]; got != "NOT_FOUND" {
		t.Errorf("after delete: got %s, want NOT_FOUND", got)
	}
}

// deleteNoWait deletes uris and returns the statuses the answer gives.
func (s *stack) deleteNoWait(t testing.TB, uris ...string) map[string]string {
	t.Helper()
	out, err := s.agent.DeleteKnowledgeBaseDocuments(context.Background(), &bedrockagent.DeleteKnowledgeBaseDocumentsInput{
		KnowledgeBaseId: aws.String(DefaultKnowledgeBaseID), DataSourceId: aws.String(DefaultDataSourceID), DocumentIdentifiers: identifiers(uris),
	})
	if err != nil {
		t.Fatalf("DeleteKnowledgeBaseDocuments: %v", err)
	}
	return statusByURI(out.DocumentDetails)
}

func TestIngestInlineAttributesAndImplicitMetadata(t *testing.T) {
	s := newStack(t, "", memObjects{})
	inline := s.objects.putChunk("ignored", "docI", "i.pdf", 1, 1, "Inline attributes name the owner carol.")
	implicit := s.objects.putChunk("dave", "docJ", "j.pdf", 4, 1, "The metadata file beside the chunk names dave.")
	docs := []agenttypes.KnowledgeBaseDocument{
		{
			Content: s3Doc(inline).Content,
			Metadata: &agenttypes.DocumentMetadata{Type: agenttypes.MetadataSourceTypeInLineAttribute, InlineAttributes: []agenttypes.MetadataAttribute{
				{Key: aws.String("owner"), Value: &agenttypes.MetadataAttributeValue{Type: agenttypes.MetadataValueTypeString, StringValue: aws.String("carol")}},
				{Key: aws.String("page"), Value: &agenttypes.MetadataAttributeValue{Type: agenttypes.MetadataValueTypeNumber, NumberValue: aws.Float64(2)}},
			}},
		},
		{Content: s3Doc(implicit).Content},
	}
	if _, err := s.agent.IngestKnowledgeBaseDocuments(context.Background(), &bedrockagent.IngestKnowledgeBaseDocumentsInput{
		KnowledgeBaseId: aws.String(DefaultKnowledgeBaseID), DataSourceId: aws.String(DefaultDataSourceID), Documents: docs,
	}); err != nil {
		t.Fatal(err)
	}
	s.settled(t, inline, implicit)
	for _, c := range []struct {
		question, owner string
		page            float64
	}{{"inline owner carol", "carol", 2}, {"metadata file beside the chunk", "dave", 4}} {
		res := s.retrieve(t, c.question, equals("owner", c.owner), 5)
		if len(res) != 1 {
			t.Fatalf("%s: got %d results, want 1", c.owner, len(res))
		}
		var page float64
		_ = res[0].Metadata["page"].UnmarshalSmithyDocument(&page)
		if page != c.page {
			t.Errorf("%s: page %v, want %v", c.owner, page, c.page)
		}
	}
}

func TestAgentErrors(t *testing.T) {
	s := newStack(t, "", memObjects{})
	uri := s.objects.putChunk("alice", "docA", "a.pdf", 1, 1, "text")
	many := make([]agenttypes.KnowledgeBaseDocument, maxDocumentsPerCall+1)
	for i := range many {
		many[i] = s3Doc(uri)
	}
	custom := agenttypes.KnowledgeBaseDocument{Content: &agenttypes.DocumentContent{
		DataSourceType: agenttypes.ContentDataSourceTypeCustom,
		Custom: &agenttypes.CustomContent{
			CustomDocumentIdentifier: &agenttypes.CustomDocumentIdentifier{Id: aws.String("x")},
			SourceType:               agenttypes.CustomSourceTypeInLine,
			InlineContent: &agenttypes.InlineContent{Type: agenttypes.InlineContentTypeText,
				TextContent: &agenttypes.TextContentDoc{Data: aws.String("hi")}},
		},
	}}
	badURI := s3Doc("https://example.com/x")
	for _, c := range []struct {
		name       string
		kb, ds     string
		docs       []agenttypes.KnowledgeBaseDocument
		validation bool // else ResourceNotFoundException
	}{
		{"too many documents", DefaultKnowledgeBaseID, DefaultDataSourceID, many, true},
		{"no documents", DefaultKnowledgeBaseID, DefaultDataSourceID, []agenttypes.KnowledgeBaseDocument{}, true},
		{"custom content on an S3 data source", DefaultKnowledgeBaseID, DefaultDataSourceID, []agenttypes.KnowledgeBaseDocument{custom}, true},
		{"not an S3 URI", DefaultKnowledgeBaseID, DefaultDataSourceID, []agenttypes.KnowledgeBaseDocument{badURI}, true},
		{"malformed knowledge base id", "kb-1", DefaultDataSourceID, []agenttypes.KnowledgeBaseDocument{s3Doc(uri)}, true},
		{"unknown knowledge base", "OTHERKB001", DefaultDataSourceID, []agenttypes.KnowledgeBaseDocument{s3Doc(uri)}, false},
		{"unknown data source", DefaultKnowledgeBaseID, "OTHERDS001", []agenttypes.KnowledgeBaseDocument{s3Doc(uri)}, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := s.agent.IngestKnowledgeBaseDocuments(context.Background(), &bedrockagent.IngestKnowledgeBaseDocumentsInput{
				KnowledgeBaseId: aws.String(c.kb), DataSourceId: aws.String(c.ds), Documents: c.docs,
			})
			var ve *agenttypes.ValidationException
			var nf *agenttypes.ResourceNotFoundException
			if c.validation && !errors.As(err, &ve) {
				t.Errorf("got %v, want a ValidationException", err)
			}
			if !c.validation && !errors.As(err, &nf) {
				t.Errorf("got %v, want a ResourceNotFoundException", err)
			}
		})
	}
	if got := s.statuses(t, uri)[uri]; got != "NOT_FOUND" {
		t.Errorf("after refused calls: %s is %s, want NOT_FOUND", uri, got)
	}
}

func equals(key, value string) types.RetrievalFilter {
	return &types.RetrievalFilterMemberEquals{Value: types.FilterAttribute{Key: aws.String(key), Value: rtdocument.NewLazyDocument(value)}}
}

func (s *stack) retrieve(t testing.TB, question string, filter types.RetrievalFilter, n int32) []types.KnowledgeBaseRetrievalResult {
	t.Helper()
	res, err := s.retrieveErr(question, filter, n)
	if err != nil {
		t.Fatalf("Retrieve: %v", err)
	}
	return res
}

func (s *stack) retrieveErr(question string, filter types.RetrievalFilter, n int32) ([]types.KnowledgeBaseRetrievalResult, error) {
	out, err := s.runtime.Retrieve(context.Background(), &bedrockagentruntime.RetrieveInput{
		KnowledgeBaseId: aws.String(DefaultKnowledgeBaseID),
		RetrievalQuery:  &types.KnowledgeBaseQuery{Text: aws.String(question)},
		RetrievalConfiguration: &types.KnowledgeBaseRetrievalConfiguration{VectorSearchConfiguration: &types.KnowledgeBaseVectorSearchConfiguration{
			NumberOfResults: aws.Int32(n), Filter: filter,
		}},
	})
	if err != nil {
		return nil, err
	}
	return out.RetrievalResults, nil
}

func TestRetrieveFilters(t *testing.T) {
	s := newStack(t, "", memObjects{})
	alice, bob := twoUsers(t, s)
	in := func(key string, values ...any) types.RetrievalFilter {
		return &types.RetrievalFilterMemberIn{Value: types.FilterAttribute{Key: aws.String(key), Value: rtdocument.NewLazyDocument(values)}}
	}
	page := func(n int) types.RetrievalFilter {
		return &types.RetrievalFilterMemberEquals{Value: types.FilterAttribute{Key: aws.String("page"), Value: rtdocument.NewLazyDocument(n)}}
	}
	and := func(f ...types.RetrievalFilter) types.RetrievalFilter {
		return &types.RetrievalFilterMemberAndAll{Value: f}
	}
	or := func(f ...types.RetrievalFilter) types.RetrievalFilter {
		return &types.RetrievalFilterMemberOrAll{Value: f}
	}
	notEq := &types.RetrievalFilterMemberNotEquals{Value: types.FilterAttribute{Key: aws.String("owner"), Value: rtdocument.NewLazyDocument("alice")}}
	notIn := &types.RetrievalFilterMemberNotIn{Value: types.FilterAttribute{Key: aws.String("documentId"), Value: rtdocument.NewLazyDocument([]string{"docB"})}}

	for _, c := range []struct {
		name   string
		filter types.RetrievalFilter
		want   []string // source URIs, any order
	}{
		{"no filter sees everyone", nil, append(append([]string{}, alice...), bob...)},
		{"owner alice", equals("owner", "alice"), alice},
		{"owner bob", equals("owner", "bob"), bob},
		{"owner nobody", equals("owner", "mallory"), nil},
		{"andAll owner and documentId in", and(equals("owner", "alice"), in("documentId", "docA", "docX")), alice},
		{"andAll owner and another's document", and(equals("owner", "alice"), in("documentId", "docB")), nil},
		{"andAll owner and page", and(equals("owner", "alice"), page(2)), alice[1:]},
		{"page as a string matches nothing", and(equals("owner", "alice"), equals("page", "2")), nil},
		{"orAll", or(equals("owner", "bob"), page(1)), []string{alice[0], bob[0]}},
		{"notEquals", notEq, bob},
		{"notIn", notIn, alice},
	} {
		t.Run(c.name, func(t *testing.T) {
			res := s.retrieve(t, "warranty boiler washing machine", c.filter, 10)
			got := map[string]bool{}
			for _, r := range res {
				got[aws.ToString(r.Location.S3Location.Uri)] = true
				if r.Content == nil || aws.ToString(r.Content.Text) == "" || r.Location.Type != types.RetrievalResultLocationTypeS3 {
					t.Errorf("result %+v lacks text or S3 location", r)
				}
			}
			if len(got) != len(c.want) {
				t.Errorf("got %d results %v, want %v", len(got), got, c.want)
			}
			for _, u := range c.want {
				if !got[u] {
					t.Errorf("missing %s in %v", u, got)
				}
			}
		})
	}

	t.Run("an owner filter never returns another owner's chunk", func(t *testing.T) {
		for _, owner := range []string{"alice", "bob"} {
			for _, q := range []string{"warranty", "boiler reset button", "lease landlord washing machine", "seven years"} {
				for _, r := range s.retrieve(t, q, equals("owner", owner), 100) {
					if got := str(r.Metadata["owner"]); got != owner {
						t.Errorf("owner %s, question %q: got a chunk of %q", owner, q, got)
					}
				}
			}
		}
	})

	t.Run("refused", func(t *testing.T) {
		gt := &types.RetrievalFilterMemberGreaterThan{Value: types.FilterAttribute{Key: aws.String("page"), Value: rtdocument.NewLazyDocument(1)}}
		for _, c := range []struct {
			name   string
			filter types.RetrievalFilter
			n      int32
		}{
			{"unsupported operator", gt, 5},
			{"andAll with one member", and(equals("owner", "alice")), 5},
			{"unknown key", equals("colour", "red"), 5},
			{"in with a single value", &types.RetrievalFilterMemberIn{Value: types.FilterAttribute{Key: aws.String("owner"), Value: rtdocument.NewLazyDocument("alice")}}, 5},
			{"too many results", nil, 101},
		} {
			var ve *types.ValidationException
			if _, err := s.retrieveErr("warranty", c.filter, c.n); !errors.As(err, &ve) {
				t.Errorf("%s: got %v, want a ValidationException", c.name, err)
			}
		}
	})

	t.Run("unknown knowledge base", func(t *testing.T) {
		_, err := s.runtime.Retrieve(context.Background(), &bedrockagentruntime.RetrieveInput{
			KnowledgeBaseId: aws.String("OTHERKB001"), RetrievalQuery: &types.KnowledgeBaseQuery{Text: aws.String("x")},
		})
		var nf *types.ResourceNotFoundException
		if !errors.As(err, &nf) {
			t.Errorf("got %v, want a ResourceNotFoundException", err)
		}
	})
}

// streamed is what a client saw of one RetrieveAndGenerateStream call.
type streamed struct {
	session   string
	outputs   []string
	citations []types.CitationEvent
	order     string // "o" per output event, "c" per citation event
	err       error
}

func (s streamed) answer() string { return strings.Join(s.outputs, "") }

func (s *stack) ask(t testing.TB, question, session string, filter types.RetrievalFilter) streamed {
	t.Helper()
	in := &bedrockagentruntime.RetrieveAndGenerateStreamInput{
		Input: &types.RetrieveAndGenerateInput{Text: aws.String(question)},
		RetrieveAndGenerateConfiguration: &types.RetrieveAndGenerateConfiguration{
			Type: types.RetrieveAndGenerateTypeKnowledgeBase,
			KnowledgeBaseConfiguration: &types.KnowledgeBaseRetrieveAndGenerateConfiguration{
				KnowledgeBaseId: aws.String(DefaultKnowledgeBaseID),
				ModelArn:        aws.String("arn:aws:bedrock:us-east-1::foundation-model/local-extractive"),
				RetrievalConfiguration: &types.KnowledgeBaseRetrievalConfiguration{VectorSearchConfiguration: &types.KnowledgeBaseVectorSearchConfiguration{
					NumberOfResults: aws.Int32(5), Filter: filter,
				}},
			},
		},
	}
	if session != "" {
		in.SessionId = aws.String(session)
	}
	out, err := s.runtime.RetrieveAndGenerateStream(context.Background(), in)
	if err != nil {
		return streamed{err: err}
	}
	stream := out.GetStream()
	defer stream.Close()
	got := streamed{session: aws.ToString(out.SessionId)}
	for ev := range stream.Events() {
		switch v := ev.(type) {
		case *types.RetrieveAndGenerateStreamResponseOutputMemberOutput:
			got.outputs = append(got.outputs, aws.ToString(v.Value.Text))
			got.order += "o"
		case *types.RetrieveAndGenerateStreamResponseOutputMemberCitation:
			got.citations = append(got.citations, v.Value)
			got.order += "c"
		default:
			t.Errorf("unexpected event %T", v)
		}
	}
	got.err = stream.Err()
	return got
}

func TestRetrieveAndGenerateStream(t *testing.T) {
	s := newStack(t, "", memObjects{})
	alice, _ := twoUsers(t, s)

	got := s.ask(t, "How long does the boiler warranty last?", "", equals("owner", "alice"))
	if got.err != nil {
		t.Fatalf("stream: %v", got.err)
	}
	if len(got.outputs) < 2 || len(got.citations) < 1 {
		t.Fatalf("got %d output and %d citation events, want at least 2 and 1", len(got.outputs), len(got.citations))
	}
	if !strings.HasPrefix(got.order, "oo") || got.order[len(got.order)-1] != 'c' {
		t.Errorf("event order %q: want output events before each citation", got.order)
	}
	answer := got.answer()
	if !strings.Contains(answer, "The warranty on the boiler lasts seven years from the date of purchase.") {
		t.Errorf("answer %q lacks the fact", answer)
	}
	if strings.Contains(answer, "landlord") {
		t.Errorf("answer %q holds bob's text", answer)
	}
	if got.session == "" {
		t.Error("no session id")
	}
	runes := []rune(answer)
	for _, c := range got.citations {
		part := c.GeneratedResponsePart.TextResponsePart
		start, end := int(aws.ToInt32(part.Span.Start)), int(aws.ToInt32(part.Span.End))
		if start < 0 || end > len(runes) || string(runes[start:end]) != aws.ToString(part.Text) {
			t.Errorf("span [%d,%d) of %q is not %q", start, end, answer, aws.ToString(part.Text))
		}
		if len(c.RetrievedReferences) == 0 {
			t.Errorf("citation %q has no references", aws.ToString(part.Text))
		}
		for _, r := range c.RetrievedReferences {
			if str(r.Metadata["owner"]) != "alice" || str(r.Metadata["documentId"]) != "docA" || str(r.Metadata["documentName"]) != "boiler.pdf" {
				t.Errorf("reference metadata %v, want alice's docA", r.Metadata)
			}
			if u := aws.ToString(r.Location.S3Location.Uri); u != alice[0] && u != alice[1] {
				t.Errorf("reference %s is not one of alice's chunks", u)
			}
			if !strings.Contains(aws.ToString(r.Content.Text), aws.ToString(part.Text)) {
				t.Errorf("reference text %q does not hold the cited sentence %q", aws.ToString(r.Content.Text), aws.ToString(part.Text))
			}
		}
	}

	t.Run("session id echoed", func(t *testing.T) {
		if got := s.ask(t, "boiler warranty", "session-1234", equals("owner", "alice")); got.session != "session-1234" {
			t.Errorf("session %q, want session-1234", got.session)
		}
	})

	t.Run("bob cannot get alice's fact", func(t *testing.T) {
		got := s.ask(t, "How long does the boiler warranty last?", "", equals("owner", "bob"))
		if got.err != nil {
			t.Fatal(got.err)
		}
		if strings.Contains(got.answer(), "seven") {
			t.Errorf("bob's answer %q holds alice's fact", got.answer())
		}
		for _, c := range got.citations {
			for _, r := range c.RetrievedReferences {
				if str(r.Metadata["owner"]) != "bob" {
					t.Errorf("bob's answer cites %v", r.Metadata)
				}
			}
		}
	})

	t.Run("nothing found", func(t *testing.T) {
		got := s.ask(t, "quantum chromodynamics", "", equals("owner", "alice"))
		if got.err != nil {
			t.Fatal(got.err)
		}
		if got.answer() != NothingFound || len(got.citations) != 0 || len(got.outputs) < 2 {
			t.Errorf("got %q in %d events with %d citations, want %q streamed with none", got.answer(), len(got.outputs), len(got.citations), NothingFound)
		}
	})

	t.Run("refused before the stream", func(t *testing.T) {
		var nf *types.ResourceNotFoundException
		_, err := s.runtime.RetrieveAndGenerateStream(context.Background(), &bedrockagentruntime.RetrieveAndGenerateStreamInput{
			Input: &types.RetrieveAndGenerateInput{Text: aws.String("x")},
			RetrieveAndGenerateConfiguration: &types.RetrieveAndGenerateConfiguration{Type: types.RetrieveAndGenerateTypeKnowledgeBase,
				KnowledgeBaseConfiguration: &types.KnowledgeBaseRetrieveAndGenerateConfiguration{KnowledgeBaseId: aws.String("OTHERKB001"), ModelArn: aws.String("m")}},
		})
		if !errors.As(err, &nf) {
			t.Errorf("unknown knowledge base: got %v, want a ResourceNotFoundException", err)
		}
		var ve *types.ValidationException
		got := s.ask(t, "x", "", &types.RetrievalFilterMemberStartsWith{Value: types.FilterAttribute{Key: aws.String("owner"), Value: rtdocument.NewLazyDocument("a")}})
		if !errors.As(got.err, &ve) {
			t.Errorf("startsWith filter: got %v, want a ValidationException", got.err)
		}
	})
}

func TestStreamFaults(t *testing.T) {
	for _, c := range []struct {
		name  string
		fault Fault
		check func(error) bool
	}{
		{"throttling after 2 events", Fault{AfterEvents: 2, Code: CodeThrottling, Message: "slow down"},
			func(err error) bool {
				var e *types.ThrottlingException
				return errors.As(err, &e) && e.ErrorMessage() == "slow down"
			}},
		{"internal error before any event", Fault{AfterEvents: 0, Code: CodeInternal},
			func(err error) bool { var e *types.InternalServerException; return errors.As(err, &e) }},
		{"after the whole answer", Fault{AfterEvents: 1000, Code: CodeDependency},
			func(err error) bool { var e *types.DependencyFailedException; return errors.As(err, &e) }},
	} {
		t.Run(c.name, func(t *testing.T) {
			first := func(call int, _ string) *Fault {
				if call == 1 {
					return &c.fault
				}
				return nil
			}
			s := newStack(t, "", memObjects{}, WithFaults(first))
			twoUsers(t, s)
			q := "How long does the boiler warranty last?"
			got := s.ask(t, q, "", equals("owner", "alice"))
			if !c.check(got.err) {
				t.Fatalf("got error %v (%T), want the %s", got.err, got.err, c.fault.Code)
			}
			if n := len(got.order); c.fault.AfterEvents < 1000 && n != c.fault.AfterEvents {
				t.Errorf("got %d events before the exception, want %d", n, c.fault.AfterEvents)
			}
			// The retry (call 2) streams the whole answer.
			retry := s.ask(t, q, "", equals("owner", "alice"))
			if retry.err != nil || !strings.Contains(retry.answer(), "seven years") {
				t.Errorf("retry: got %q, %v", retry.answer(), retry.err)
			}
			if c.fault.AfterEvents == 1000 && got.answer() != retry.answer() {
				t.Errorf("a fault after the answer cut it: %q, want %q", got.answer(), retry.answer())
			}
		})
	}
}

func TestRestartKeepsIndex(t *testing.T) {
	dir := t.TempDir()
	objects := memObjects{}
	kb, err := Open(Config{Dir: dir, Objects: objects})
	if err != nil {
		t.Fatal(err)
	}
	s := serve(t, kb, objects)
	alice, _ := twoUsers(t, s)
	if err := kb.Close(); err != nil {
		t.Fatal(err)
	}

	s = newStack(t, dir, objects)
	if got := s.statuses(t, alice...); got[alice[0]] != "INDEXED" || got[alice[1]] != "INDEXED" {
		t.Errorf("after restart: %v, want both INDEXED", got)
	}
	got := s.ask(t, "How long does the boiler warranty last?", "", equals("owner", "alice"))
	if got.err != nil || !strings.Contains(got.answer(), "seven years") {
		t.Errorf("after restart: answer %q, %v", got.answer(), got.err)
	}
}

func TestOpenRefusesIDsTheServiceWouldRefuse(t *testing.T) {
	for _, c := range []Config{
		{KnowledgeBaseID: "kb-1", Objects: memObjects{}},
		{DataSourceID: "TOOLONGDATASOURCE", Objects: memObjects{}},
		{},
	} {
		if kb, err := Open(c); err == nil {
			kb.Close()
			t.Errorf("Open(%+v) succeeded, want an error", c)
		}
	}
}

// TestManyStreamsAreNotCut asks 2,000 questions one after another. With
// smithy-go v1.28.8 as released, 1 to 5 streams in every 1,000 ended
// "use of closed network connection": the SDK closes the request body once
// the response headers are in, and net/http, copying the body a second
// time to catch extra bytes, took the io.EOF that the closed body's
// WriteTo returned for a failed write and closed the connection under the
// streamed response. third_party/smithy-go returns (0, nil) instead.
func TestManyStreamsAreNotCut(t *testing.T) {
	if testing.Short() {
		t.Skip("2,000 streams")
	}
	s := newStack(t, "", memObjects{})
	twoUsers(t, s)
	for i := range 2000 {
		if got := s.ask(t, "How long does the boiler warranty last?", "", equals("owner", "alice")); got.err != nil {
			t.Fatalf("stream %d: %v", i, got.err)
		}
	}
}
