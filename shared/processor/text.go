package processor

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"path"
	"strings"
	"unicode/utf8"

	"docflow/shared/domain"
)

// Defaults of Text's paging.
const (
	// DefaultPageLines: plain text has no pages, so a page is this many
	// lines unless a form feed ends it sooner. It keeps processing frames
	// flowing for long files and pages a size a reader can cite.
	DefaultPageLines = 100
	// DefaultMaxPageBytes bounds a page of a file with few line breaks, so
	// no page holds the whole file in memory; such a page ends at the next
	// space or tab past this size, or at this size twice over if there is
	// none (the only place Text cuts inside a word).
	DefaultMaxPageBytes = 1 << 20
)

// The MIME types Text reports.
const (
	TypePlainText = "text/plain"
	TypeMarkdown  = "text/markdown"
)

// Text extracts UTF-8 plain text and Markdown. A page ends at a form feed
// (U+000C, which is dropped) or after PageLines lines, whichever comes
// first; a byte-order mark at the start is dropped. Anything that is not
// UTF-8 text (a NUL byte, an invalid sequence, another format's signature,
// UTF-16) is Document.Unsupported, naming what was found.
type Text struct {
	PageLines    int // 0 means DefaultPageLines
	MaxPageBytes int // 0 means DefaultMaxPageBytes
}

var _ Extractor = Text{}

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// Extract reads the file twice: once to check it and count its pages (so
// progress can say "page 3 of 10" and a bad file fails before any output),
// then to emit the pages. Both passes hold one page in memory at a time.
func (t Text) Extract(ctx context.Context, in Input, emit func(Page) error) (string, error) {
	typ := TypePlainText
	switch strings.ToLower(path.Ext(in.Name)) {
	case ".md", ".markdown":
		typ = TypeMarkdown
	}
	if err := sniff(in, typ); err != nil {
		return typ, err
	}
	total := 0
	offset := int64(0)
	err := t.pages(ctx, in, func(p []byte) error {
		if i := bytes.IndexByte(p, 0); i >= 0 {
			return Fail(domain.ReasonUnsupported, "The file contains binary data (a NUL byte at offset %d), not text.", offset+int64(i))
		}
		if !utf8.Valid(p) {
			return Fail(domain.ReasonUnsupported, "The file is not valid UTF-8 text (an invalid byte sequence at offset %d).", offset+int64(invalidAt(p)))
		}
		total++
		offset += int64(len(p)) + 1
		return nil
	})
	if err != nil {
		return typ, err
	}
	n := 0
	err = t.pages(ctx, in, func(p []byte) error {
		n++
		return emit(Page{Number: n, Total: total, Text: string(p)})
	})
	return typ, err
}

// invalidAt returns the offset of the first invalid UTF-8 sequence in p.
func invalidAt(p []byte) int {
	for i := 0; i < len(p); {
		r, size := utf8.DecodeRune(p[i:])
		if r == utf8.RuneError && size <= 1 {
			return i
		}
		i += size
	}
	return len(p)
}

// sniff refuses files whose first bytes say they are not UTF-8 text, with
// a cause that names what they look like.
func sniff(in Input, typ string) error {
	f, err := in.Open()
	if err != nil {
		return fmt.Errorf("open %s: %w", in.Name, err)
	}
	defer f.Close()
	head := make([]byte, 512)
	n, err := io.ReadFull(f, head)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return fmt.Errorf("read %s: %w", in.Name, err)
	}
	head = head[:n]
	if n == 0 {
		return nil // empty: the caller reports Document.Empty
	}
	ct := http.DetectContentType(head)
	mt, params, _ := strings.Cut(ct, ";")
	switch {
	case strings.Contains(params, "utf-16"):
		return Fail(domain.ReasonUnsupported, "The file is UTF-16 text; only UTF-8 text is supported.")
	case mt == "text/plain":
		return nil
	case typ == TypeMarkdown && (mt == "text/html" || mt == "text/xml"):
		return nil // Markdown may open with HTML (a comment, a tag)
	case mt == "application/octet-stream":
		// No signature: binary, or text in another encoding; the pages
		// pass finds the NUL or the invalid byte and says where.
		return nil
	}
	return Fail(domain.ReasonUnsupported, "The file looks like %s, not plain UTF-8 text.", mt)
}

// pages splits the file into pages and calls page with each (the slice is
// only valid during the call). Line breaks and form feeds are ASCII, which
// never occurs inside a multi-byte UTF-8 sequence, so pages split there are
// valid UTF-8 exactly when the file is.
func (t Text) pages(ctx context.Context, in Input, page func([]byte) error) error {
	pageLines, maxBytes := t.PageLines, t.MaxPageBytes
	if pageLines <= 0 {
		pageLines = DefaultPageLines
	}
	if maxBytes <= 0 {
		maxBytes = DefaultMaxPageBytes
	}
	f, err := in.Open()
	if err != nil {
		return fmt.Errorf("open %s: %w", in.Name, err)
	}
	defer f.Close()
	readSize := 64 << 10
	if in.Path == "" {
		readSize = max(16, min(readSize, len(in.Data))) // no larger than the document
	}
	br := bufio.NewReaderSize(f, readSize)
	if head, err := br.Peek(len(utf8BOM)); err == nil && bytes.Equal(head, utf8BOM) {
		_, _ = br.Discard(len(utf8BOM))
	}

	var buf []byte
	lines, emitted := 0, 0
	// byLines is set when the last page ended at the line limit: a form
	// feed right after it ends that same page, not an empty one.
	byLines := false
	flush := func() error {
		if err := ctx.Err(); err != nil {
			return err
		}
		emitted++
		err := page(buf)
		buf, lines, byLines = buf[:0], 0, false
		return err
	}
	for {
		chunk, rerr := br.ReadSlice('\n')
		for {
			i := bytes.IndexByte(chunk, '\f')
			if i < 0 {
				break
			}
			buf = append(buf, chunk[:i]...)
			if len(buf) == 0 && byLines {
				byLines = false
			} else if err := flush(); err != nil {
				return err
			}
			chunk = chunk[i+1:]
		}
		if len(chunk) > 0 {
			byLines = false
		}
		buf = append(buf, chunk...)
		if len(chunk) > 0 && chunk[len(chunk)-1] == '\n' {
			if lines++; lines >= pageLines {
				if err := flush(); err != nil {
					return err
				}
				byLines = true
			}
		}
		for len(buf) >= maxBytes {
			cut := cutPoint(buf, maxBytes)
			if cut == 0 {
				break // no space yet and under the hard limit: read on
			}
			rest := bytes.Clone(buf[cut:])
			buf = buf[:cut]
			if err := flush(); err != nil {
				return err
			}
			buf = append(buf, rest...)
		}
		if errors.Is(rerr, bufio.ErrBufferFull) {
			continue
		}
		if errors.Is(rerr, io.EOF) {
			break
		}
		if rerr != nil {
			return fmt.Errorf("read %s: %w", in.Name, rerr)
		}
	}
	// A file ending in a line break or form feed has no empty last page;
	// an empty file is one empty page.
	if len(buf) > 0 || emitted == 0 {
		return flush()
	}
	return nil
}

// cutPoint returns where to end an over-long page: after the first space or
// tab past maxBytes, at a character boundary near 2×maxBytes if there is
// none, or 0 to read on.
func cutPoint(buf []byte, maxBytes int) int {
	if i := bytes.IndexAny(buf[maxBytes-1:], " \t"); i >= 0 {
		return maxBytes + i
	}
	if len(buf) <= 2*maxBytes {
		return 0
	}
	cut := 2 * maxBytes
	for cut > 0 && !utf8.RuneStart(buf[cut]) {
		cut--
	}
	return cut
}
