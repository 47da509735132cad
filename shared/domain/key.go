package domain

import (
	"fmt"
	"path"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// UploadPrefix is where clients upload: uploads/<owner>/<documentId>/<name>.
// The bucket's lifecycle rule expires objects under it.
const UploadPrefix = "uploads/"

// ProcessedPrefix is where processing writes: processed/<documentId>/....
const ProcessedPrefix = "processed/"

// MaxNameLength bounds a document name in bytes (S3 keys are at most 1024).
const MaxNameLength = 255

var (
	ownerPattern = regexp.MustCompile(`^[A-Za-z0-9._@+=-]{1,128}$`)
	idPattern    = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)
)

// UploadKey is the S3 key a document is uploaded to.
func UploadKey(owner, documentID, name string) string {
	return UploadPrefix + owner + "/" + documentID + "/" + name
}

// UploadKeyParts is an upload key taken apart.
type UploadKeyParts struct{ Owner, DocumentID, Name string }

// ParseUploadKey checks that key is one docflow issues and takes it apart.
// The document id in the key is the document's id, so the same upload always
// maps to the same document and the same execution.
func ParseUploadKey(key string) (UploadKeyParts, error) {
	rest, ok := strings.CutPrefix(key, UploadPrefix)
	if !ok {
		return UploadKeyParts{}, Errorf(CodeInvalidField, "document_key must start with %q.", UploadPrefix)
	}
	parts := strings.SplitN(rest, "/", 3)
	if len(parts) != 3 {
		return UploadKeyParts{}, Errorf(CodeInvalidField, "document_key must look like uploads/<owner>/<id>/<name>.")
	}
	p := UploadKeyParts{Owner: parts[0], DocumentID: parts[1], Name: parts[2]}
	if !ValidOwner(p.Owner) {
		return UploadKeyParts{}, Errorf(CodeInvalidField, "document_key has an invalid owner segment.")
	}
	if !idPattern.MatchString(p.DocumentID) {
		return UploadKeyParts{}, Errorf(CodeInvalidField, "document_key has an invalid document id segment.")
	}
	if err := CheckName(p.Name); err != nil {
		return UploadKeyParts{}, err
	}
	return p, nil
}

// ValidOwner reports whether owner can stand in an upload key: a plain
// segment, never "." or ".." (which tools that map keys to paths resolve).
func ValidOwner(owner string) bool {
	return ownerPattern.MatchString(owner) && owner != "." && owner != ".."
}

// CheckName accepts a document name that is safe as the last segment of an
// S3 key and to show a person: valid UTF-8, no path separators or traversal,
// no control or invisible formatting characters, at most MaxNameLength bytes.
func CheckName(name string) error {
	switch {
	case name == "":
		return Errorf(CodeInvalidField, "document_name must not be empty.")
	case len(name) > MaxNameLength:
		return Errorf(CodeInvalidField, "document_name must be at most %d bytes.", MaxNameLength)
	case !utf8.ValidString(name):
		return Errorf(CodeInvalidField, "document_name must be valid UTF-8.")
	case name == "." || name == ".." || strings.ContainsAny(name, `/\`) || path.Clean(name) != name:
		return Errorf(CodeInvalidField, "document_name must be a plain file name without path separators.")
	case strings.TrimSpace(name) != name:
		return Errorf(CodeInvalidField, "document_name must not start or end with spaces.")
	}
	for _, r := range name {
		if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
			return Errorf(CodeInvalidField, "document_name must not contain control or invisible formatting characters.")
		}
	}
	return nil
}

// ProcessedKey is the key of one output of a document, e.g. "text.txt".
func ProcessedKey(documentID, file string) string {
	return fmt.Sprintf("%s%s/%s", ProcessedPrefix, documentID, file)
}

// KnowledgeBaseDir is the folder under processed/<documentId>/ that holds
// one file per chunk for the knowledge base, each with its metadata file.
const KnowledgeBaseDir = "kb"

// KnowledgeBaseChunkKey is the key of a document's nth chunk file (1-based):
// processed/<documentId>/kb/chunk-00001.txt.
func KnowledgeBaseChunkKey(documentID string, n int) string {
	return ProcessedKey(documentID, fmt.Sprintf("%s/chunk-%05d.txt", KnowledgeBaseDir, n))
}

// KnowledgeBaseMetadataKey is the key of a chunk file's metadata, the name
// Bedrock knowledge bases look for beside a source file.
func KnowledgeBaseMetadataKey(chunkKey string) string { return chunkKey + ".metadata.json" }
