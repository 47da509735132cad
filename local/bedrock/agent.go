package bedrock

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"time"
)

// maxDocumentsPerCall is the service's limit on documents in one
// IngestKnowledgeBaseDocuments request (the Bedrock user guide: "up to 25
// documents" through the API). Get and Delete are held to the same bound.
const maxDocumentsPerCall = 25

// idPattern is the service's pattern for knowledge base and data source ids.
var idPattern = regexp.MustCompile(`^[0-9a-zA-Z]{10}$`)

// AgentHandler serves the bedrock-agent (build-time) operations for this
// knowledge base, as the SDK's bedrockagent client sends them (restJson1):
//
//	PUT  /knowledgebases/{kb}/datasources/{ds}/documents                 IngestKnowledgeBaseDocuments
//	POST /knowledgebases/{kb}/datasources/{ds}/documents/getDocuments    GetKnowledgeBaseDocuments
//	POST /knowledgebases/{kb}/datasources/{ds}/documents/deleteDocuments DeleteKnowledgeBaseDocuments
//
// It works behind http.StripPrefix. It does not check signatures.
func (kb *KnowledgeBase) AgentHandler() http.Handler {
	mux := http.NewServeMux()
	docs := "/knowledgebases/{kb}/datasources/{ds}/documents"
	mux.HandleFunc("PUT "+docs, kb.serveIngest)
	mux.HandleFunc("POST "+docs+"/getDocuments", kb.serveGetDocuments)
	mux.HandleFunc("POST "+docs+"/deleteDocuments", kb.serveDeleteDocuments)
	mux.HandleFunc("/", serveUnknown)
	return mux
}

func serveUnknown(w http.ResponseWriter, r *http.Request) {
	writeError(w, &Error{Code: CodeUnknownOperation, Message: fmt.Sprintf("no operation at %s %s", r.Method, r.URL.Path)})
}

// checkDataSource answers the service's errors for the path's ids.
func (kb *KnowledgeBase) checkDataSource(r *http.Request) error {
	kbID, dsID := r.PathValue("kb"), r.PathValue("ds")
	for _, id := range []struct{ name, v string }{{"knowledgeBaseId", kbID}, {"dataSourceId", dsID}} {
		if !idPattern.MatchString(id.v) {
			return validationf("1 validation error detected: Value '%s' at '%s' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[0-9a-zA-Z]{10}$", id.v, id.name)
		}
	}
	if kbID != kb.kbID {
		return notFoundf("Knowledge base with id %s does not exist", kbID)
	}
	if dsID != kb.dsID {
		return notFoundf("Data source with id %s does not exist in knowledge base %s", dsID, kbID)
	}
	return nil
}

// s3Location is an S3 URI in a request.
type s3Location struct {
	URI                  string `json:"uri"`
	BucketOwnerAccountID string `json:"bucketOwnerAccountId,omitempty"`
}

// documentIdentifier names a document of a data source.
type documentIdentifier struct {
	DataSourceType string `json:"dataSourceType"`
	S3             *struct {
		URI string `json:"uri"`
	} `json:"s3,omitempty"`
	Custom *struct {
		ID string `json:"id"`
	} `json:"custom,omitempty"`
}

type inlineAttribute struct {
	Key   string `json:"key"`
	Value struct {
		Type            string   `json:"type"`
		StringValue     *string  `json:"stringValue"`
		NumberValue     *float64 `json:"numberValue"`
		BooleanValue    *bool    `json:"booleanValue"`
		StringListValue []string `json:"stringListValue"`
	} `json:"value"`
}

type knowledgeBaseDocument struct {
	Content struct {
		DataSourceType string `json:"dataSourceType"`
		S3             *struct {
			S3Location *s3Location `json:"s3Location"`
		} `json:"s3"`
		Custom json.RawMessage `json:"custom"`
	} `json:"content"`
	Metadata *struct {
		Type             string            `json:"type"`
		S3Location       *s3Location       `json:"s3Location"`
		InlineAttributes []inlineAttribute `json:"inlineAttributes"`
	} `json:"metadata"`
}

// documentDetail is a KnowledgeBaseDocumentDetail.
type documentDetail struct {
	KnowledgeBaseID string             `json:"knowledgeBaseId"`
	DataSourceID    string             `json:"dataSourceId"`
	Status          string             `json:"status"`
	StatusReason    string             `json:"statusReason,omitempty"`
	Identifier      documentIdentifier `json:"identifier"`
	UpdatedAt       string             `json:"updatedAt"`
}

func (kb *KnowledgeBase) detail(uri string, s docState) documentDetail {
	d := documentDetail{
		KnowledgeBaseID: kb.kbID, DataSourceID: kb.dsID, Status: s.status, StatusReason: s.reason,
		UpdatedAt: s.updatedAt.UTC().Format(time.RFC3339),
	}
	d.Identifier.DataSourceType = "S3"
	d.Identifier.S3 = &struct {
		URI string `json:"uri"`
	}{uri}
	return d
}

// parseS3URI splits s3://bucket/key.
func parseS3URI(uri string) (bucket, key string, err error) {
	u, perr := url.Parse(uri)
	if perr != nil || u.Scheme != "s3" || u.Host == "" || len(u.Path) < 2 {
		return "", "", validationf("The S3 URI %q is not valid: expected s3://bucket/key", uri)
	}
	return u.Host, strings.TrimPrefix(u.Path, "/"), nil
}

// pending is one document of an ingestion call while it is read.
type pending struct {
	uri           string
	metadataURI   string // "" when the metadata is inline
	inline        map[string]any
	text          string
	attrs         map[string]any
	failure       string
	metadataOpt   bool // a missing <key>.metadata.json is no failure
	bucket, key   string
	mbucket, mkey string
}

func (kb *KnowledgeBase) serveIngest(w http.ResponseWriter, r *http.Request) {
	if err := kb.checkDataSource(r); err != nil {
		writeError(w, err)
		return
	}
	var req struct {
		ClientToken string                  `json:"clientToken"`
		Documents   []knowledgeBaseDocument `json:"documents"`
	}
	if err := decodeBody(r, &req); err != nil {
		writeError(w, err)
		return
	}
	docs, err := kb.parseIngest(req.Documents)
	if err != nil {
		writeError(w, err)
		return
	}
	details, err := kb.ingest(r.Context(), docs)
	if err != nil {
		writeError(w, err)
		return
	}
	writeJSON(w, http.StatusAccepted, map[string]any{"documentDetails": details})
}

// parseIngest validates an ingestion request as the service does, before
// anything is read or indexed.
func (kb *KnowledgeBase) parseIngest(in []knowledgeBaseDocument) ([]*pending, error) {
	if len(in) < 1 || len(in) > maxDocumentsPerCall {
		return nil, validationf("1 validation error detected: Value at 'documents' failed to satisfy constraint: Member must have length between 1 and %d", maxDocumentsPerCall)
	}
	out := make([]*pending, 0, len(in))
	for i, d := range in {
		if d.Content.DataSourceType != "S3" {
			return nil, validationf("documents[%d]: the dataSourceType %q does not match the data source's type S3", i, d.Content.DataSourceType)
		}
		if d.Content.S3 == nil || d.Content.S3.S3Location == nil || d.Content.S3.S3Location.URI == "" {
			return nil, validationf("documents[%d]: content.s3.s3Location.uri is required for an S3 data source", i)
		}
		p := &pending{uri: d.Content.S3.S3Location.URI}
		var err error
		if p.bucket, p.key, err = parseS3URI(p.uri); err != nil {
			return nil, err
		}
		switch {
		case d.Metadata == nil:
			// As an S3 data source does, take <key>.metadata.json beside the content if there is one.
			p.metadataURI, p.metadataOpt = p.uri+".metadata.json", true
		case d.Metadata.Type == "S3_LOCATION":
			if d.Metadata.S3Location == nil || d.Metadata.S3Location.URI == "" {
				return nil, validationf("documents[%d]: metadata.s3Location.uri is required when metadata.type is S3_LOCATION", i)
			}
			p.metadataURI = d.Metadata.S3Location.URI
		case d.Metadata.Type == "IN_LINE_ATTRIBUTE":
			if p.inline, err = inlineAttributes(d.Metadata.InlineAttributes); err != nil {
				return nil, fmt.Errorf("documents[%d]: %w", i, err)
			}
		default:
			return nil, validationf("documents[%d]: metadata.type must be S3_LOCATION or IN_LINE_ATTRIBUTE, not %q", i, d.Metadata.Type)
		}
		if p.metadataURI != "" {
			if p.mbucket, p.mkey, err = parseS3URI(p.metadataURI); err != nil {
				return nil, err
			}
		}
		out = append(out, p)
	}
	return out, nil
}

// inlineAttributes turns IN_LINE_ATTRIBUTE metadata into attribute values.
func inlineAttributes(in []inlineAttribute) (map[string]any, error) {
	attrs := make(map[string]any, len(in))
	for _, a := range in {
		if a.Key == "" {
			return nil, validationf("an inline attribute has no key")
		}
		v := a.Value
		switch {
		case v.Type == "STRING" && v.StringValue != nil:
			attrs[a.Key] = *v.StringValue
		case v.Type == "NUMBER" && v.NumberValue != nil:
			attrs[a.Key] = *v.NumberValue
		case v.Type == "BOOLEAN" && v.BooleanValue != nil:
			attrs[a.Key] = *v.BooleanValue
		case v.Type == "STRING_LIST" && v.StringListValue != nil:
			attrs[a.Key] = v.StringListValue
		default:
			return nil, validationf("inline attribute %q: type %q does not match the value given", a.Key, v.Type)
		}
	}
	return attrs, nil
}

// parseMetadataFile reads a .metadata.json: {"metadataAttributes":{k: v}}
// where v is a plain value or the typed form
// {"value":{"type":"STRING","stringValue":…},"includeForEmbedding":…}.
func parseMetadataFile(b []byte) (map[string]any, error) {
	var f struct {
		MetadataAttributes map[string]json.RawMessage `json:"metadataAttributes"`
	}
	if err := json.Unmarshal(b, &f); err != nil {
		return nil, fmt.Errorf("the metadata file is not valid JSON: %v", err)
	}
	attrs := make(map[string]any, len(f.MetadataAttributes))
	for k, raw := range f.MetadataAttributes {
		var v any
		if err := json.Unmarshal(raw, &v); err != nil {
			return nil, fmt.Errorf("metadata attribute %q: %v", k, err)
		}
		if obj, ok := v.(map[string]any); ok {
			if _, has := obj["value"]; !has {
				return nil, fmt.Errorf("metadata attribute %q is an object without a value", k)
			}
			var tv struct {
				Value struct {
					Type            string   `json:"type"`
					StringValue     *string  `json:"stringValue"`
					NumberValue     *float64 `json:"numberValue"`
					BooleanValue    *bool    `json:"booleanValue"`
					StringListValue []string `json:"stringListValue"`
				} `json:"value"`
			}
			if err := json.Unmarshal(raw, &tv); err != nil {
				return nil, fmt.Errorf("metadata attribute %q: %v", k, err)
			}
			one, err := inlineAttributes([]inlineAttribute{{Key: k, Value: tv.Value}})
			if err != nil {
				return nil, err
			}
			attrs[k] = one[k]
			continue
		}
		switch x := v.(type) {
		case string, float64, bool:
			attrs[k] = x
		case []any:
			list := make([]string, 0, len(x))
			for _, e := range x {
				s, ok := e.(string)
				if !ok {
					return nil, fmt.Errorf("metadata attribute %q: a list may hold only strings", k)
				}
				list = append(list, s)
			}
			attrs[k] = list
		default:
			return nil, fmt.Errorf("metadata attribute %q has an unsupported value", k)
		}
	}
	return attrs, nil
}

// fetchConcurrency bounds the object reads of one ingestion call.
const fetchConcurrency = 8

// read fetches one document's content and metadata; a problem with either
// fails that document only, as the service reports it per document.
func (kb *KnowledgeBase) read(ctx context.Context, p *pending) {
	b, err := kb.objects.Get(ctx, p.bucket, p.key)
	if err != nil {
		p.failure = objectFailure("content", p.uri, err)
		return
	}
	p.text = string(b)
	p.attrs = p.inline
	if p.metadataURI == "" {
		return
	}
	mb, err := kb.objects.Get(ctx, p.mbucket, p.mkey)
	if err != nil {
		if p.metadataOpt && errors.Is(err, ErrNoSuchObject) {
			return
		}
		p.failure = objectFailure("metadata", p.metadataURI, err)
		return
	}
	if p.attrs, err = parseMetadataFile(mb); err != nil {
		p.failure = "The metadata file " + p.metadataURI + " is invalid: " + err.Error()
	}
}

func objectFailure(what, uri string, err error) string {
	if errors.Is(err, ErrNoSuchObject) {
		return fmt.Sprintf("The %s object %s does not exist.", what, uri)
	}
	return fmt.Sprintf("The %s object %s could not be read: %v", what, uri, err)
}

// ingest reads every document and queues the readable ones for indexing
// as one change, so a call costs one journal sync however many documents
// it carries; it answers STARTING for those (the service's first state)
// and FAILED, with the reason, for the unreadable ones.
func (kb *KnowledgeBase) ingest(ctx context.Context, docs []*pending) ([]documentDetail, error) {
	if err := kb.ix.admit(len(docs)); err != nil {
		return nil, err
	}
	sem := make(chan struct{}, fetchConcurrency)
	var wg sync.WaitGroup
	for _, p := range docs {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			kb.read(ctx, p)
		}()
	}
	wg.Wait()

	now := kb.now()
	var c change
	details := make([]documentDetail, 0, len(docs))
	states := make(map[string]docState, len(docs))
	for _, p := range docs {
		if p.failure != "" {
			f, _ := json.Marshal(map[string]any{"reason": p.failure, "at": now})
			c.Failed = append(c.Failed, failure{URI: p.uri, Record: f})
			states[p.uri] = docState{status: "FAILED", reason: p.failure, updatedAt: now}
			details = append(details, kb.detail(p.uri, states[p.uri]))
			slog.Warn("bedrock: document failed", "sourceUri", p.uri, "reason", p.failure)
			continue
		}
		c.Index = append(c.Index, newChunk(p.uri, p.text, p.attrs, now))
		states[p.uri] = docState{status: "IN_PROGRESS", updatedAt: now}
		details = append(details, kb.detail(p.uri, docState{status: "STARTING", updatedAt: now}))
	}
	indexed, idle, err := kb.submit(c, states)
	if err != nil {
		return nil, err
	}
	if !idle {
		return details, nil
	}
	// An idle indexer takes the change at once: a moment's wait answers
	// INDEXED, and the caller has nothing to poll for.
	t := time.NewTimer(idleWait)
	defer t.Stop()
	select {
	case <-indexed:
		for i := range details {
			if details[i].Status == "STARTING" {
				details[i].Status = "INDEXED"
			}
		}
	case <-t.C:
	case <-ctx.Done():
	}
	return details, nil
}

// idleWait is how long an ingestion call that found the indexer idle
// waits for its change to be searchable before it answers STARTING.
const idleWait = 10 * time.Millisecond

// parseIdentifiers validates the documentIdentifiers of Get and Delete.
func parseIdentifiers(in []documentIdentifier) ([]string, error) {
	if len(in) < 1 || len(in) > maxDocumentsPerCall {
		return nil, validationf("1 validation error detected: Value at 'documentIdentifiers' failed to satisfy constraint: Member must have length between 1 and %d", maxDocumentsPerCall)
	}
	uris := make([]string, 0, len(in))
	for i, id := range in {
		if id.DataSourceType != "S3" || id.S3 == nil || id.S3.URI == "" {
			return nil, validationf("documentIdentifiers[%d]: the data source is of type S3: give dataSourceType S3 and s3.uri", i)
		}
		if _, _, err := parseS3URI(id.S3.URI); err != nil {
			return nil, err
		}
		uris = append(uris, id.S3.URI)
	}
	return uris, nil
}

func (kb *KnowledgeBase) serveGetDocuments(w http.ResponseWriter, r *http.Request) {
	if err := kb.checkDataSource(r); err != nil {
		writeError(w, err)
		return
	}
	var req struct {
		DocumentIdentifiers []documentIdentifier `json:"documentIdentifiers"`
	}
	if err := decodeBody(r, &req); err != nil {
		writeError(w, err)
		return
	}
	uris, err := parseIdentifiers(req.DocumentIdentifiers)
	if err != nil {
		writeError(w, err)
		return
	}
	details := make([]documentDetail, 0, len(uris))
	for _, uri := range uris {
		s, err := kb.state(uri)
		if err != nil {
			writeError(w, err)
			return
		}
		details = append(details, kb.detail(uri, s))
	}
	writeJSON(w, http.StatusOK, map[string]any{"documentDetails": details})
}

func (kb *KnowledgeBase) serveDeleteDocuments(w http.ResponseWriter, r *http.Request) {
	if err := kb.checkDataSource(r); err != nil {
		writeError(w, err)
		return
	}
	var req struct {
		ClientToken         string               `json:"clientToken"`
		DocumentIdentifiers []documentIdentifier `json:"documentIdentifiers"`
	}
	if err := decodeBody(r, &req); err != nil {
		writeError(w, err)
		return
	}
	uris, err := parseIdentifiers(req.DocumentIdentifiers)
	if err != nil {
		writeError(w, err)
		return
	}
	now := kb.now()
	details := make([]documentDetail, 0, len(uris))
	states := make(map[string]docState, len(uris))
	for _, uri := range uris {
		states[uri] = docState{status: "DELETING", updatedAt: now}
		details = append(details, kb.detail(uri, states[uri]))
	}
	if _, _, err := kb.submit(change{Delete: uris}, states); err != nil {
		writeError(w, err)
		return
	}
	writeJSON(w, http.StatusAccepted, map[string]any{"documentDetails": details})
}
