package bedrock

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	rtdocument "github.com/aws/aws-sdk-go-v2/service/bedrockagentruntime/document"
	"github.com/aws/aws-sdk-go-v2/service/bedrockagentruntime/types"
)

// The index keeps only what retrieval needs (see indexMapping); these are
// what a caller sees of the rest: the source URI filter and every metadata
// key of a result.
func TestRetrieveSourceURIFilterAndMetadata(t *testing.T) {
	for _, dir := range []string{"", t.TempDir()} {
		s := newStack(t, dir, memObjects{})
		alice, bob := twoUsers(t, s)
		uriKey := "x-amz-bedrock-kb-source-uri"
		in := &types.RetrievalFilterMemberIn{Value: types.FilterAttribute{Key: aws.String(uriKey), Value: rtdocument.NewLazyDocument([]string{alice[1], bob[0]})}}
		notEq := &types.RetrievalFilterMemberNotEquals{Value: types.FilterAttribute{Key: aws.String(uriKey), Value: rtdocument.NewLazyDocument(alice[0])}}
		and := &types.RetrievalFilterMemberAndAll{Value: []types.RetrievalFilter{equals("owner", "alice"), equals(uriKey, alice[1])}}
		for _, c := range []struct {
			name   string
			filter types.RetrievalFilter
			want   []string
		}{
			{"equals", equals(uriKey, bob[0]), bob},
			{"equals an unknown URI", equals(uriKey, "s3://docs/nothing.txt"), nil},
			{"in", in, []string{alice[1], bob[0]}},
			{"notEquals", notEq, []string{alice[1], bob[0]}},
			{"andAll with owner", and, alice[1:]},
		} {
			res := s.retrieve(t, "warranty boiler washing machine", c.filter, 10)
			got := map[string]bool{}
			for _, r := range res {
				got[aws.ToString(r.Location.S3Location.Uri)] = true
			}
			if len(got) != len(c.want) {
				t.Errorf("dir %q, %s: got %v, want %v", dir, c.name, got, c.want)
			}
			for _, u := range c.want {
				if !got[u] {
					t.Errorf("dir %q, %s: missing %s in %v", dir, c.name, u, got)
				}
			}
		}

		res := s.retrieve(t, "reset the boiler red button", equals(uriKey, alice[1]), 1)
		if len(res) != 1 {
			t.Fatalf("dir %q: got %d results, want 1", dir, len(res))
		}
		r := res[0]
		if got := aws.ToString(r.Content.Text); got != "To reset the boiler, hold the red button for five seconds. The warranty excludes frost damage." {
			t.Errorf("dir %q: text %q", dir, got)
		}
		for key, want := range map[string]string{"owner": "alice", "documentId": "docA", "documentName": "boiler.pdf", uriKey: alice[1], "x-amz-bedrock-kb-data-source-id": DefaultDataSourceID} {
			if got := str(r.Metadata[key]); got != want {
				t.Errorf("dir %q: metadata %s = %q, want %q", dir, key, got, want)
			}
		}
		var page float64
		if err := r.Metadata["page"].UnmarshalSmithyDocument(&page); err != nil || page != 2 {
			t.Errorf("dir %q: metadata page = %v (%v), want the number 2", dir, page, err)
		}
		if id := str(r.Metadata["x-amz-bedrock-kb-chunk-id"]); len(id) != 32 {
			t.Errorf("dir %q: chunk id %q, want 32 hex digits", dir, id)
		}
		if id := str(s.retrieve(t, "reset the boiler red button", equals(uriKey, alice[1]), 1)[0].Metadata["x-amz-bedrock-kb-chunk-id"]); id != str(r.Metadata["x-amz-bedrock-kb-chunk-id"]) {
			t.Errorf("dir %q: chunk id changed between calls: %q", dir, id)
		}
	}
}
