package processor

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"sync"

	"docflow/shared/domain"
)

// kbUploads is how many knowledge-base files go up at once: a long
// document has tens of thousands of chunks, two small objects each.
const kbUploads = 16

// ChunkMetadata is a chunk file's .metadata.json, in the form Bedrock
// knowledge bases read beside a source file. Retrieval filters on Owner
// (and DocumentID); answers cite DocumentName and Page.
type ChunkMetadata struct {
	Attributes ChunkAttributes `json:"metadataAttributes"`
}

// ChunkAttributes are the metadata of one chunk.
type ChunkAttributes struct {
	Owner        string `json:"owner"`
	DocumentID   string `json:"documentId"`
	DocumentName string `json:"documentName"`
	Page         int    `json:"page"`
}

// putKnowledgeBaseFiles writes one file per chunk of chunks.jsonl (its
// text) with its metadata file under processed/<id>/kb/, and returns how
// many chunk files it wrote. The Index stage ingests exactly these files,
// named by chunk number (Chunk.Index + 1).
func (r *Runner) putKnowledgeBaseFiles(ctx context.Context, chunksPath string) (int, error) {
	f, err := os.Open(chunksPath)
	if err != nil {
		return 0, fmt.Errorf("open %s: %w", ChunksFile, err)
	}
	defer f.Close()

	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	work := make(chan Chunk)
	var wg sync.WaitGroup
	for range kbUploads {
		wg.Go(func() {
			for c := range work {
				if err := r.putChunkFiles(ctx, c); err != nil {
					cancel(err)
				}
			}
		})
	}
	n, err := r.feedChunks(ctx, bufio.NewReaderSize(f, 256<<10), work)
	close(work)
	wg.Wait()
	if cause := context.Cause(ctx); cause != nil && !errors.Is(cause, context.Canceled) {
		return n, cause
	}
	if err != nil {
		return n, err
	}
	return n, ctx.Err()
}

// feedChunks decodes chunks.jsonl into work until it ends or ctx does.
func (r *Runner) feedChunks(ctx context.Context, in *bufio.Reader, work chan<- Chunk) (int, error) {
	n := 0
	for {
		line, err := in.ReadBytes('\n')
		if len(bytes.TrimSpace(line)) > 0 {
			var c Chunk
			if jerr := json.Unmarshal(line, &c); jerr != nil {
				return n, fmt.Errorf("read %s line %d: %w", ChunksFile, n+1, jerr)
			}
			select {
			case work <- c:
				n++
			case <-ctx.Done():
				return n, nil // the cause says why
			}
		}
		if err == io.EOF {
			return n, nil
		}
		if err != nil {
			return n, fmt.Errorf("read %s: %w", ChunksFile, err)
		}
	}
}

// putChunkFiles writes one chunk's text and its metadata file.
func (r *Runner) putChunkFiles(ctx context.Context, c Chunk) error {
	key := domain.KnowledgeBaseChunkKey(r.cfg.DocumentID, c.Index+1)
	meta, err := json.Marshal(ChunkMetadata{Attributes: ChunkAttributes{
		Owner: r.cfg.Owner, DocumentID: r.cfg.DocumentID, DocumentName: r.cfg.DocumentName, Page: c.Page,
	}})
	if err != nil {
		return fmt.Errorf("encode chunk metadata: %w", err)
	}
	if err := r.put(ctx, key, "text/plain; charset=utf-8", bytes.NewReader([]byte(c.Text)), int64(len(c.Text))); err != nil {
		return err
	}
	return r.put(ctx, domain.KnowledgeBaseMetadataKey(key), "application/json", bytes.NewReader(meta), int64(len(meta)))
}
