package extract

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/klippa-app/go-pdfium"
	pdfiumerrors "github.com/klippa-app/go-pdfium/errors"
	"github.com/klippa-app/go-pdfium/requests"
	"github.com/klippa-app/go-pdfium/webassembly"

	"docflow/shared/domain"
)

// PDFium runs as WebAssembly in wazero. Compiling the module takes a couple
// of seconds, so one instance is made per process, on first use, and
// documents take turns on it (a container processes one document).
var (
	pdfiumOnce sync.Once
	pdfiumInst pdfium.Pdfium
	pdfiumErr  error
	pdfiumMu   sync.Mutex
	// pdfiumConfig is the pool PDFium starts in. Tests add a compilation
	// cache to its runtime, so each fuzz worker process loads the compiled
	// module instead of compiling it again.
	pdfiumConfig = webassembly.Config{MinIdle: 1, MaxIdle: 1, MaxTotal: 1}
)

func pdfiumInstance() (pdfium.Pdfium, error) {
	pdfiumOnce.Do(func() {
		pool, err := webassembly.Init(pdfiumConfig)
		if err != nil {
			pdfiumErr = fmt.Errorf("start pdfium: %w", err)
			return
		}
		pdfiumInst, pdfiumErr = pool.GetInstance(time.Minute)
	})
	return pdfiumInst, pdfiumErr
}

func extractPDF(ctx context.Context, path string, lim Limits, emit func(Page) error) (err error) {
	inst, err := pdfiumInstance()
	if err != nil {
		return err
	}
	pdfiumMu.Lock()
	defer pdfiumMu.Unlock()
	defer func() {
		if v := recover(); v != nil {
			err = fail(domain.ReasonCorrupt, "the PDF could not be read (%v)", v)
		}
	}()
	// PDFium reads the file lazily through the path: the document is never
	// loaded whole into memory.
	doc, err := inst.OpenDocument(&requests.OpenDocument{FilePath: &path})
	switch {
	case errors.Is(err, pdfiumerrors.ErrPassword):
		return fail(domain.ReasonEncrypted, "save a copy without the password and upload that")
	case errors.Is(err, pdfiumerrors.ErrSecurity):
		return fail(domain.ReasonEncrypted, "the PDF uses an encryption docflow cannot open")
	case errors.Is(err, pdfiumerrors.ErrFormat), errors.Is(err, pdfiumerrors.ErrFile):
		return fail(domain.ReasonCorrupt, "the PDF is damaged or incomplete")
	case err != nil:
		return fail(domain.ReasonCorrupt, "the PDF could not be opened")
	}
	defer inst.FPDF_CloseDocument(&requests.FPDF_CloseDocument{Document: doc.Document})
	count, err := inst.FPDF_GetPageCount(&requests.FPDF_GetPageCount{Document: doc.Document})
	if err != nil {
		return fail(domain.ReasonCorrupt, "the PDF's pages cannot be read")
	}
	total := count.PageCount
	switch {
	case total == 0:
		return fail(domain.ReasonEmpty, "the PDF has no pages")
	case total > lim.MaxPages:
		return fail(domain.ReasonTooLarge, "the PDF has %d pages; the limit is %d", total, lim.MaxPages)
	}
	for i := range total {
		if err := ctx.Err(); err != nil {
			return err
		}
		text, err := inst.GetPageText(&requests.GetPageText{
			Page: requests.Page{ByIndex: &requests.PageByIndex{Document: doc.Document, Index: i}},
		})
		if err != nil {
			return fail(domain.ReasonCorrupt, "page %d of the PDF cannot be read", i+1)
		}
		t := normalizePDFText(text.Text)
		if len(t) > lim.MaxPageBytes {
			return fail(domain.ReasonTooLarge, "page %d holds more than %d bytes of text", i+1, lim.MaxPageBytes)
		}
		if err := emit(Page{Number: i + 1, Total: total, Text: t}); err != nil {
			return err
		}
	}
	return nil
}

// normalizePDFText turns PDFium's line ends (\r\n) into \n and drops the
// NULs and form feeds some producers leave in text.
func normalizePDFText(s string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case '\r', 0, '\f':
			return -1
		}
		return r
	}, s)
}
