package extract

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"io"
	"strings"
	"unicode/utf8"

	"docflow/shared/domain"
)

// signatures of formats docflow does not extract, so the failure can say
// what was found.
var signatures = []struct {
	magic []byte
	what  string
}{
	{[]byte("\x89PNG\r\n\x1a\n"), "a PNG image"},
	{[]byte("\xff\xd8\xff"), "a JPEG image"},
	{[]byte("GIF87a"), "a GIF image"},
	{[]byte("GIF89a"), "a GIF image"},
	{[]byte("II*\x00"), "a TIFF image"},
	{[]byte("MM\x00*"), "a TIFF image"},
	{[]byte("\x1f\x8b"), "a gzip archive"},
	{[]byte("7z\xbc\xaf\x27\x1c"), "a 7-Zip archive"},
	{[]byte("Rar!"), "a RAR archive"},
	{[]byte("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"), "a legacy Microsoft Office file (.doc, .xls or .ppt)"},
	{[]byte("{\\rtf"), "an RTF document"},
	{[]byte("\x7fELF"), "an executable program"},
	{[]byte("MZ"), "a Windows executable"},
	{[]byte("ID3"), "an MP3 audio file"},
	{[]byte("OggS"), "an Ogg media file"},
	{[]byte("%!PS"), "a PostScript document"},
	{[]byte("\xff\xfe"), "UTF-16 text"},
	{[]byte("\xfe\xff"), "UTF-16 text"},
}

const sniffLen = 8 << 10

// Detect tells a document's type from its bytes. Anything docflow cannot
// extract fails with Document.Unsupported naming what was found.
func Detect(r io.ReaderAt, size int64) (Type, error) {
	head := make([]byte, min(size, sniffLen))
	n, err := r.ReadAt(head, 0)
	if err != nil && err != io.EOF {
		return "", err
	}
	head = head[:n]
	if len(head) == 0 {
		return "", fail(domain.ReasonEmpty, "the file is empty")
	}
	// PDF readers accept the header anywhere in the first 1024 bytes.
	if bytes.Contains(head[:min(len(head), 1024)], []byte("%PDF-")) {
		return PDF, nil
	}
	if bytes.HasPrefix(head, []byte("PK\x03\x04")) || bytes.HasPrefix(head, []byte("PK\x05\x06")) {
		return detectZip(r, size)
	}
	for _, s := range signatures {
		if bytes.HasPrefix(head, s.magic) {
			return "", fail(domain.ReasonUnsupported, "the file is %s, which docflow does not process", s.what)
		}
	}
	text := bytes.TrimPrefix(head, []byte("\xef\xbb\xbf"))
	if bytes.IndexByte(text, 0) >= 0 || !validUTF8Prefix(text, len(head) < int(size)) {
		return "", fail(domain.ReasonUnsupported, "the file is binary data of an unknown format, not a document docflow can read")
	}
	if looksHTML(text) {
		return HTML, nil
	}
	if looksCSV(text, len(head) < int(size)) {
		return CSV, nil
	}
	return Text, nil
}

// validUTF8Prefix accepts a prefix cut inside a multi-byte character.
func validUTF8Prefix(b []byte, truncated bool) bool {
	if utf8.Valid(b) {
		return true
	}
	if !truncated {
		return false
	}
	for cut := 1; cut < utf8.UTFMax && cut < len(b); cut++ {
		if utf8.Valid(b[:len(b)-cut]) {
			return true
		}
	}
	return false
}

func detectZip(r io.ReaderAt, size int64) (Type, error) {
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return "", fail(domain.ReasonCorrupt, "the file looks like a ZIP archive but cannot be opened: %v", err)
	}
	names := map[string]bool{}
	for _, f := range zr.File {
		names[f.Name] = true
	}
	switch {
	case names["word/document.xml"]:
		return DOCX, nil
	case names["xl/workbook.xml"]:
		return "", fail(domain.ReasonUnsupported, "the file is an Excel workbook (.xlsx), which docflow does not process")
	case names["ppt/presentation.xml"]:
		return "", fail(domain.ReasonUnsupported, "the file is a PowerPoint presentation (.pptx), which docflow does not process")
	case names["mimetype"] && names["META-INF/container.xml"]:
		return "", fail(domain.ReasonUnsupported, "the file is an EPUB or OpenDocument package, which docflow does not process")
	default:
		return "", fail(domain.ReasonUnsupported, "the file is a ZIP archive, not a document docflow can read")
	}
}

func looksHTML(b []byte) bool {
	s := strings.ToLower(strings.TrimSpace(string(b[:min(len(b), 1024)])))
	for _, p := range []string{"<!doctype html", "<html", "<head", "<body"} {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return strings.HasPrefix(s, "<!--") && strings.Contains(s, "<html")
}

// looksCSV: at least two records, every one with the same number (≥ 2) of
// comma-separated fields.
func looksCSV(b []byte, truncated bool) bool {
	if truncated { // drop the last, possibly cut, line
		if i := bytes.LastIndexByte(b, '\n'); i > 0 {
			b = b[:i]
		}
	}
	r := csv.NewReader(bytes.NewReader(b))
	r.FieldsPerRecord = 0
	records, err := r.ReadAll()
	if err != nil || len(records) < 2 || len(records[0]) < 2 {
		return false
	}
	return true
}
