package bedrock

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"
)

// Objects reads objects from the local S3; the stack implements it on its
// bucket store. A missing object is an error wrapping ErrNoSuchObject, so
// the document is marked FAILED rather than the whole call refused.
type Objects interface {
	Get(ctx context.Context, bucket, key string) ([]byte, error)
}

// ErrNoSuchObject is what an Objects implementation wraps when the object
// does not exist.
var ErrNoSuchObject = errors.New("no such object")

// The knowledge base and data source ids when Config leaves them empty.
// Both match the service's pattern ^[0-9a-zA-Z]{10}$.
const (
	DefaultKnowledgeBaseID = "DOCFLOWKB1"
	DefaultDataSourceID    = "DOCFLOWDS1"
)

// Config configures a KnowledgeBase.
type Config struct {
	// Dir holds the index; empty keeps it in memory (lost on Close).
	Dir string
	// KnowledgeBaseID and DataSourceID are the only ids the endpoints
	// accept; any other is a ResourceNotFoundException, as in AWS.
	KnowledgeBaseID, DataSourceID string
	// Objects reads the chunk files and their .metadata.json.
	Objects Objects
}

// KnowledgeBase is one local knowledge base with one S3 data source: a
// bleve index of chunks scored with BM25, served by AgentHandler (ingestion)
// and RuntimeHandler (retrieval and the extractive answer stream).
type KnowledgeBase struct {
	kbID, dsID string
	objects    Objects
	index      bleve.Index
	journal    *rotatingLog // nil in memory
	now        func() time.Time

	ix indexer // takes journaled changes into the index (indexer.go)

	mu         sync.Mutex
	faults     FaultFunc
	streamCall int
}

// Index field names: one per chunk attribute the index keeps. The metadata
// keys the worker filters on map onto them through filterFields.
const (
	fieldText         = "text"
	fieldOwner        = "owner"
	fieldDocumentID   = "documentId"
	fieldDocumentName = "documentName"
	fieldPage         = "page"
	fieldSourceURI    = "sourceUri"  // no field: the document id (see matchValue)
	fieldAttributes   = "attributes" // stored only: every metadata attribute as JSON
	fieldUpdatedAt    = "updatedAt"  // stored only: RFC 3339
)

// indexMapping is the chunk mapping: BM25 scoring (bleve's default is
// TF-IDF), English analysis of the text, exact keywords for the filterable
// metadata, no _all field and no term vectors (nothing is highlighted), so
// indexing does only the work retrieval needs. Only what a passage returns
// is stored: the text, the attributes (which hold owner, documentId,
// documentName and page too) and updatedAt; the source URI is the
// document id, the chunk id is derived from it, so neither is a field.
func indexMapping() *mapping.IndexMappingImpl {
	field := func(typ, analyzer string, indexed, stored bool) *mapping.FieldMapping {
		return &mapping.FieldMapping{Type: typ, Analyzer: analyzer, Store: stored, Index: indexed}
	}
	doc := mapping.NewDocumentStaticMapping()
	doc.AddFieldMappingsAt(fieldText, field("text", textAnalyzer, true, true))
	for _, name := range []string{fieldOwner, fieldDocumentID, fieldDocumentName} {
		doc.AddFieldMappingsAt(name, field("text", keyword.Name, true, false))
	}
	doc.AddFieldMappingsAt(fieldPage, field("number", "", true, false))
	doc.AddFieldMappingsAt(fieldAttributes, field("text", keyword.Name, false, true))
	doc.AddFieldMappingsAt(fieldUpdatedAt, field("text", keyword.Name, false, true))
	// Without this, every document carries an (empty) _all composite field.
	all := mapping.NewDocumentDisabledMapping()
	doc.AddSubDocumentMapping("_all", all)

	m := bleve.NewIndexMapping()
	m.DefaultMapping = doc
	m.DefaultAnalyzer = textAnalyzer
	m.ScoringModel = index.BM25Scoring
	m.StoreDynamic = false
	m.IndexDynamic = false
	m.DocValuesDynamic = false
	return m
}

// Open opens the knowledge base in cfg.Dir, creating it if needed, and
// replays its journal (see journal), so a kill -9 loses nothing that was
// acknowledged.
func Open(cfg Config, opts ...Option) (*KnowledgeBase, error) {
	if cfg.Objects == nil {
		return nil, errors.New("bedrock: Config.Objects is required")
	}
	kb := &KnowledgeBase{
		kbID:    cmpOr(cfg.KnowledgeBaseID, DefaultKnowledgeBaseID),
		dsID:    cmpOr(cfg.DataSourceID, DefaultDataSourceID),
		objects: cfg.Objects,
		now:     time.Now,
	}
	for _, id := range []string{kb.kbID, kb.dsID} {
		if !idPattern.MatchString(id) {
			return nil, fmt.Errorf("bedrock: id %q does not match the service's pattern ^[0-9a-zA-Z]{10}$", id)
		}
	}
	if err := kb.openIndex(cfg.Dir); err != nil {
		return nil, fmt.Errorf("open knowledge base in %q: %w", cfg.Dir, err)
	}
	for _, o := range opts {
		o(kb)
	}
	kb.startIndexer()
	return kb, nil
}

// persisterNap is how long scorch's persister waits between persists (ms).
// Every ingestion call's segment stays in memory until the next persist,
// so what a nap holds grows with the ingestion rate: with 1,000 documents
// at once through the local stack a 1 s nap kept ~70 MB of segments at
// the peak (a third of the live heap), and the peak RSS was ~490 MiB
// against ~375 MiB with 250 ms (BenchmarkThousandDocuments). 250 ms still
// gathers the calls of a busy moment into one segment.
const persisterNap = 250

// openIndex opens (or creates) the index and replays the journal into it.
func (kb *KnowledgeBase) openIndex(dir string) error {
	if dir == "" {
		// scorch without a path keeps its segments in memory (bleve's
		// NewMemOnly is the far slower upsidedown/gtreap index).
		var err error
		kb.index, err = bleve.NewUsing("", indexMapping(), scorch.Name, scorch.Name, nil)
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	// Unsafe batches: durability comes from the journal, not from
	// waiting for scorch to persist each batch. As nothing waits for it,
	// the persister naps, so it writes (and the merger later rewrites) a
	// few large segments rather than one tiny segment per call.
	config := map[string]any{
		"unsafe_batch":           true,
		"scorchPersisterOptions": map[string]any{"PersisterNapTimeMSec": persisterNap, "PersisterNapUnderNumFiles": 1000},
	}
	path := filepath.Join(dir, "index.bleve")
	if _, err := os.Stat(path); err != nil {
		// Created with safe batches: bleve stores the mapping with a
		// batch, which an unsafe index would not yet have persisted.
		idx, err := bleve.NewUsing(path, indexMapping(), scorch.Name, scorch.Name, nil)
		if err != nil {
			return err
		}
		if err := idx.Close(); err != nil {
			return err
		}
	}
	var err error
	if kb.index, err = bleve.OpenUsing(path, config); err != nil {
		return err
	}
	j, replay, err := openJournal(dir)
	if err != nil {
		kb.index.Close()
		return fmt.Errorf("journal: %w", err)
	}
	seqs := make([]int, 0, len(replay))
	for seq := range replay {
		seqs = append(seqs, seq)
	}
	slices.Sort(seqs)
	for _, seq := range seqs {
		for _, c := range replay[seq] {
			j.applying(seq)
			if err := kb.index.Batch(kb.batch([]change{c}, func(error) { j.persisted(seq) })); err != nil {
				kb.index.Close()
				return fmt.Errorf("replay journal: %w", err)
			}
		}
	}
	if err := j.rotate(); err != nil {
		kb.index.Close()
		return fmt.Errorf("journal: %w", err)
	}
	kb.journal = j
	return nil
}

// batch is the bleve batch for changes, in order (the last operation on a
// document wins); persisted (if not nil) is called once scorch has it on
// disk.
func (kb *KnowledgeBase) batch(changes []change, persisted func(error)) *bleve.Batch {
	b := kb.index.NewBatch()
	for _, c := range changes {
		for _, ch := range c.Index {
			_ = b.Index(ch.SourceURI, ch) // a chunk always maps: its fields are fixed
			b.DeleteInternal(failedKey(ch.SourceURI))
		}
		for _, f := range c.Failed {
			b.Delete(f.URI)
			b.SetInternal(failedKey(f.URI), f.Record)
		}
		for _, uri := range c.Delete {
			b.Delete(uri)
			b.DeleteInternal(failedKey(uri))
		}
	}
	if persisted != nil {
		b.SetPersistedCallback(persisted)
	}
	return b
}

// Close indexes what is queued, then closes the index and the journal.
// What scorch had not yet persisted is still in the journal, replayed by
// the next Open.
func (kb *KnowledgeBase) Close() error {
	kb.stopIndexer()
	err := kb.index.Close()
	if kb.journal != nil {
		err = errors.Join(err, kb.journal.close())
	}
	return err
}

// KnowledgeBaseID is the id the endpoints accept.
func (kb *KnowledgeBase) KnowledgeBaseID() string { return kb.kbID }

// DataSourceID is the id of the knowledge base's one data source.
func (kb *KnowledgeBase) DataSourceID() string { return kb.dsID }

func cmpOr(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// chunk is one indexed document of the data source: one chunk file, as the
// data source uses chunking NONE.
type chunk struct {
	Text         string  `json:"text"`
	Owner        string  `json:"owner,omitempty"`
	DocumentID   string  `json:"documentId,omitempty"`
	DocumentName string  `json:"documentName,omitempty"`
	Page         float64 `json:"page,omitempty"`
	SourceURI    string  `json:"sourceUri"`
	ChunkID      string  `json:"chunkId"`
	Attributes   string  `json:"attributes"`
	UpdatedAt    string  `json:"updatedAt"`
}

// chunkID is a stable id for a source URI, as the service's
// x-amz-bedrock-kb-chunk-id is.
func chunkID(uri string) string {
	sum := sha256.Sum256([]byte(uri))
	return hex.EncodeToString(sum[:16])
}

// newChunk builds the indexed form of a chunk from its text and metadata
// attributes.
func newChunk(uri, text string, attrs map[string]any, now time.Time) chunk {
	c := chunk{Text: text, SourceURI: uri, ChunkID: chunkID(uri), UpdatedAt: now.UTC().Format(time.RFC3339Nano)}
	c.Owner, _ = attrs["owner"].(string)
	c.DocumentID, _ = attrs["documentId"].(string)
	c.DocumentName, _ = attrs["documentName"].(string)
	c.Page, _ = attrs["page"].(float64)
	b, _ := json.Marshal(attrs)
	c.Attributes = string(b)
	return c
}

// failedKey is the internal (key-value) entry that remembers why a
// document failed, for GetKnowledgeBaseDocuments.
func failedKey(uri string) []byte { return []byte("failed\x00" + uri) }

// docState is what GetKnowledgeBaseDocuments reports for one document.
type docState struct {
	status    string // INDEXED, FAILED, NOT_FOUND; IN_PROGRESS, DELETING while queued
	reason    string
	updatedAt time.Time
}

// state looks a document up by its source URI: a document with a change
// still queued or being indexed reports that change's state.
func (kb *KnowledgeBase) state(uri string) (docState, error) {
	if s, ok := kb.queuedState(uri); ok {
		return s, nil
	}
	req := bleve.NewSearchRequestOptions(query.NewDocIDQuery([]string{uri}), 1, 0, false)
	req.Fields = []string{fieldUpdatedAt}
	res, err := kb.index.Search(req)
	if err != nil {
		return docState{}, err
	}
	if len(res.Hits) == 1 {
		at, _ := time.Parse(time.RFC3339Nano, fmt.Sprint(res.Hits[0].Fields[fieldUpdatedAt]))
		return docState{status: "INDEXED", updatedAt: at}, nil
	}
	v, err := kb.index.GetInternal(failedKey(uri))
	if err != nil {
		return docState{}, err
	}
	if v != nil {
		var f struct {
			Reason string    `json:"reason"`
			At     time.Time `json:"at"`
		}
		if json.Unmarshal(v, &f) == nil {
			return docState{status: "FAILED", reason: f.Reason, updatedAt: f.At}, nil
		}
	}
	return docState{status: "NOT_FOUND", updatedAt: kb.now()}, nil
}

// passage is one retrieved chunk with its BM25 score.
type passage struct {
	chunk
	Score float64
}

// search returns the top n chunks for text under filter (nil: none).
func (kb *KnowledgeBase) search(text string, filter query.Query, n int) ([]passage, error) {
	match := query.NewMatchQuery(text)
	match.SetField(fieldText)
	var q query.Query = match
	if filter != nil {
		q = query.NewConjunctionQuery([]query.Query{match, filter})
	}
	req := bleve.NewSearchRequestOptions(q, n, 0, false)
	req.Fields = []string{fieldText, fieldAttributes}
	res, err := kb.index.Search(req)
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	out := make([]passage, 0, len(res.Hits))
	for _, h := range res.Hits {
		str := func(f string) string { s, _ := h.Fields[f].(string); return s }
		out = append(out, passage{Score: h.Score, chunk: chunk{
			Text: str(fieldText), SourceURI: h.ID, ChunkID: chunkID(h.ID), Attributes: str(fieldAttributes),
		}})
	}
	return out, nil
}

// metadata is a passage's metadata as the service returns it: the user's
// attributes plus the service's own x-amz-bedrock-kb-* keys.
func (p passage) metadata(dataSourceID string) map[string]any {
	m := map[string]any{}
	_ = json.Unmarshal([]byte(p.Attributes), &m)
	m["x-amz-bedrock-kb-source-uri"] = p.SourceURI
	m["x-amz-bedrock-kb-chunk-id"] = p.ChunkID
	m["x-amz-bedrock-kb-data-source-id"] = dataSourceID
	return m
}
