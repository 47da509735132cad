package extract

import (
	"archive/zip"
	"context"
	"encoding/xml"
	"errors"
	"io"
	"strings"

	"docflow/shared/domain"
)

var errTooLarge = errors.New("decompressed size over the limit")

// limitedReader fails, rather than ends, past its limit, so a zip bomb is
// told from a short document.
type limitedReader struct {
	r    io.Reader
	left int64
}

func (l *limitedReader) Read(p []byte) (int, error) {
	if l.left <= 0 {
		return 0, errTooLarge
	}
	if int64(len(p)) > l.left {
		p = p[:l.left+1]
	}
	n, err := l.r.Read(p)
	l.left -= int64(n)
	if l.left < 0 {
		return n, errTooLarge
	}
	return n, err
}

// extractDOCX streams word/document.xml: paragraphs become lines, and a
// page break or section break starts a new page. The decompressed size is
// bounded while reading, whatever the archive claims.
func extractDOCX(ctx context.Context, r io.ReaderAt, size int64, lim Limits, emit func(Page) error) error {
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return fail(domain.ReasonCorrupt, "the DOCX file is damaged: %v", err)
	}
	var doc *zip.File
	for _, f := range zr.File {
		if f.Name == "word/document.xml" {
			doc = f
		}
	}
	if doc == nil {
		return fail(domain.ReasonCorrupt, "the DOCX file has no document body")
	}
	if doc.UncompressedSize64 > uint64(lim.MaxDecompressedBytes) {
		return fail(domain.ReasonTooLarge, "the DOCX expands to more than %d bytes", lim.MaxDecompressedBytes)
	}
	rc, err := doc.Open()
	if err != nil {
		return fail(domain.ReasonCorrupt, "the DOCX body cannot be opened: %v", err)
	}
	defer rc.Close()
	dec := xml.NewDecoder(&limitedReader{r: rc, left: lim.MaxDecompressedBytes})

	var page, para strings.Builder
	number := 0
	flush := func() error {
		text := strings.Trim(page.String(), "\n")
		page.Reset()
		if strings.TrimSpace(text) == "" {
			return nil
		}
		number++
		if number > lim.MaxPages {
			return fail(domain.ReasonTooLarge, "the DOCX has more than %d pages", lim.MaxPages)
		}
		return emit(Page{Number: number, Text: text})
	}
	endPara := func() error {
		page.WriteString(para.String())
		page.WriteByte('\n')
		para.Reset()
		if page.Len() > lim.MaxPageBytes {
			return flush()
		}
		return nil
	}
	inText := false
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if errors.Is(err, errTooLarge) {
			return fail(domain.ReasonTooLarge, "the DOCX expands to more than %d bytes", lim.MaxDecompressedBytes)
		}
		if err != nil {
			return fail(domain.ReasonCorrupt, "the DOCX body is not valid XML")
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "t":
				inText = true
			case "tab":
				para.WriteByte('\t')
			case "br", "cr":
				if attr(t, "type") == "page" {
					if err := endPara(); err != nil {
						return err
					}
					if err := flush(); err != nil {
						return err
					}
				} else {
					para.WriteByte('\n')
				}
			case "sectPr": // a section ends with the paragraph that holds it
				if err := ctx.Err(); err != nil {
					return err
				}
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "t":
				inText = false
			case "p":
				if err := endPara(); err != nil {
					return err
				}
			case "sectPr":
				if err := flush(); err != nil {
					return err
				}
			}
		case xml.CharData:
			if inText {
				para.Write(t)
			}
		}
	}
	if para.Len() > 0 {
		if err := endPara(); err != nil {
			return err
		}
	}
	if err := flush(); err != nil {
		return err
	}
	if number == 0 {
		return fail(domain.ReasonEmpty, "the DOCX contains no text")
	}
	return nil
}

func attr(e xml.StartElement, local string) string {
	for _, a := range e.Attr {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}
