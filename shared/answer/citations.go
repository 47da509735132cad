package answer

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/bedrockagentruntime/document"
	"github.com/aws/aws-sdk-go-v2/service/bedrockagentruntime/types"

	"docflow/shared/domain"
)

// The metadata attributes every knowledge-base chunk carries (written by
// the processing container beside each chunk).
const (
	metaOwner        = "owner"
	metaDocumentID   = "documentId"
	metaDocumentName = "documentName"
	metaPage         = "page"
)

// citations collects the distinct, owner-verified sources of an answer.
type citations struct {
	owner     string
	documents []string // the asked documents; empty for all the owner's
	log       *slog.Logger
	list      []domain.Citation
}

// add takes the references of one citation event. A reference is cited
// only if its metadata names the asker as owner (and one of the asked
// documents, when some were asked): retrieval filters on both, and this
// check keeps a filter mistake from showing anyone another user's text.
func (c *citations) add(ctx context.Context, ev types.CitationEvent) {
	refs := ev.RetrievedReferences
	if ev.Citation != nil {
		refs = append(slices.Clip(refs), ev.Citation.RetrievedReferences...)
	}
	for _, ref := range refs {
		owner := metaString(ref.Metadata[metaOwner])
		id := metaString(ref.Metadata[metaDocumentID])
		switch {
		case owner != c.owner:
			// Never log the reference itself: it is someone's text.
			c.log.ErrorContext(ctx, "dropped a reference of another owner; check the retrieval filter", "documentId", id)
			continue
		case id == "":
			c.log.WarnContext(ctx, "dropped a reference without a documentId")
			continue
		case len(c.documents) > 0 && !slices.Contains(c.documents, id):
			c.log.WarnContext(ctx, "dropped a reference outside the asked documents", "documentId", id)
			continue
		}
		cite := domain.Citation{
			DocumentID:   id,
			DocumentName: metaString(ref.Metadata[metaDocumentName]),
			Page:         metaInt(ref.Metadata[metaPage]),
		}
		if ref.Content != nil {
			cite.Excerpt = excerpt(aws.ToString(ref.Content.Text), MaxExcerptChars)
		}
		if !slices.ContainsFunc(c.list, func(o domain.Citation) bool {
			return o.DocumentID == cite.DocumentID && o.Page == cite.Page
		}) {
			c.list = append(c.list, cite)
		}
	}
}

// metaValue decodes a metadata value. Going through its JSON works alike
// for the values the SDK decodes and for ones built with NewLazyDocument.
func metaValue(v document.Interface) any {
	if v == nil {
		return nil
	}
	b, err := v.MarshalSmithyDocument()
	if err != nil {
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var a any
	if dec.Decode(&a) != nil {
		return nil
	}
	return a
}

// metaString reads a metadata value that should be a string.
func metaString(v document.Interface) string {
	s, _ := metaValue(v).(string)
	return s
}

// metaInt reads a metadata number (a page); the knowledge base may hand it
// back as a number or as its decimal string. 0 when absent.
func metaInt(v document.Interface) int {
	var n json.Number
	switch a := metaValue(v).(type) {
	case json.Number:
		n = a
	case string:
		n = json.Number(a)
	default:
		return 0
	}
	if i, err := n.Int64(); err == nil {
		return int(i)
	}
	if f, err := n.Float64(); err == nil {
		return int(f)
	}
	return 0
}

// excerpt shortens text to at most n characters, at a word boundary when
// one is near, with white space runs folded.
func excerpt(text string, n int) string {
	text = strings.Join(strings.Fields(text), " ")
	if utf8.RuneCountInString(text) <= n {
		return text
	}
	cut := 0
	for range n {
		_, size := utf8.DecodeRuneInString(text[cut:])
		cut += size
	}
	if sp := strings.LastIndexByte(text[:cut], ' '); sp > cut/2 {
		cut = sp
	}
	return text[:cut] + "…"
}
