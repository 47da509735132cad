package main

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"github.com/go-pdf/fpdf"
)

// TestPasswordProtectedSaidOnce: a PDF that needs a password fails with a
// reason that says so once and what to do, not the same words twice.
func TestPasswordProtectedSaidOnce(t *testing.T) {
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetProtection(fpdf.CnProtectPrint, "secret", "owner-secret")
	pdf.AddPage()
	pdf.SetFont("Helvetica", "", 12)
	pdf.Cell(40, 10, "A locked contract.")
	file := filepath.Join(t.TempDir(), "locked.pdf")
	if err := pdf.OutputFileAndClose(file); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	err := run(t.Context(), []string{"process", file}, &stdout, &stderr)
	if code, ok := err.(exitError); !ok || code != 1 {
		t.Fatalf("got %v, want exit status 1\n%s%s", err, stdout.String(), stderr.String())
	}
	line := stderr.String()
	if !strings.Contains(line, "locked.pdf: failed:") || !strings.Contains(line, "Document.Encrypted") {
		t.Fatalf("no encrypted failure in:\n%s", line)
	}
	if n := strings.Count(line, "password-protected"); n != 1 {
		t.Errorf("says password-protected %d times, want once:\n%s", n, line)
	}
	if !strings.Contains(line, "upload") {
		t.Errorf("does not say what to do:\n%s", line)
	}
}
