package processor

import (
	"time"

	"docflow/shared/domain"
)

// Manifest is manifest.json: what processing read, produced and how long
// it took.
type Manifest struct {
	DocumentID   string `json:"documentId"`
	DocumentName string `json:"documentName"`
	Owner        string `json:"owner"`
	Type         string `json:"type"`
	Pages        int    `json:"pages"`
	Words        int    `json:"words"`
	Characters   int    `json:"characters"`
	Chunks       int    `json:"chunks"`
	// KnowledgeBaseFiles counts the chunk files under Outputs.KnowledgeBase,
	// each with its .metadata.json beside it.
	KnowledgeBaseFiles int       `json:"knowledgeBaseFiles"`
	Input              Source    `json:"input"`
	Outputs            Outputs   `json:"outputs"`
	Chunking           Chunking  `json:"chunking"`
	PageSeparator      string    `json:"pageSeparator"`
	Timings            Timings   `json:"timings"`
	ProcessedAt        time.Time `json:"processedAt"`
}

// Source is the upload that was processed.
type Source struct {
	Bucket string `json:"bucket"`
	Key    string `json:"key"`
	Bytes  int64  `json:"bytes"`
	SHA256 string `json:"sha256"`
}

// Outputs are the keys of the other outputs.
type Outputs struct {
	Text   string `json:"text"`
	Chunks string `json:"chunks"`
	// KnowledgeBase is the folder of the per-chunk files the knowledge
	// base ingests (processed/<id>/kb/).
	KnowledgeBase string `json:"knowledgeBase"`
}

// Chunking records how chunks.jsonl was cut.
type Chunking struct {
	Size    int    `json:"size"`
	Overlap int    `json:"overlap"`
	Unit    string `json:"unit"`
}

// Timings are the phases of processing in milliseconds.
type Timings struct {
	DownloadMs int64 `json:"downloadMs"`
	ExtractMs  int64 `json:"extractMs"`
	UploadMs   int64 `json:"uploadMs"`
	TotalMs    int64 `json:"totalMs"`
}

func (r *Runner) manifest(sum domain.Summary, t Timings, at time.Time) Manifest {
	return Manifest{
		DocumentID: r.cfg.DocumentID, DocumentName: r.cfg.DocumentName, Owner: r.cfg.Owner,
		Type: sum.Type, Pages: sum.Pages, Words: sum.Words, Characters: sum.Characters, Chunks: sum.Chunks,
		Input: Source{Bucket: r.cfg.Bucket, Key: r.cfg.DocumentKey, Bytes: sum.Bytes, SHA256: sum.SHA256},
		Outputs: Outputs{Text: sum.TextKey, Chunks: sum.ChunksKey,
			KnowledgeBase: domain.ProcessedKey(r.cfg.DocumentID, domain.KnowledgeBaseDir) + "/"},
		Chunking:      Chunking{Size: r.cfg.ChunkSize, Overlap: r.cfg.ChunkOverlap, Unit: "characters"},
		PageSeparator: PageSeparator,
		Timings:       t,
		ProcessedAt:   at.UTC(),
	}
}
