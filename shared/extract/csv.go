package extract

import (
	"context"
	"encoding/csv"
	"errors"
	"io"
	"strings"

	"docflow/shared/domain"
)

// RowsPerPage is how many CSV records make one page.
const RowsPerPage = 500

// extractCSV streams records: each becomes a line of its fields joined by
// ", " (one record per line keeps a row together in a chunk); every
// RowsPerPage records make a page.
func extractCSV(ctx context.Context, r io.Reader, lim Limits, emit func(Page) error) error {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1 // ragged rows are common; keep them
	cr.ReuseRecord = true
	var b strings.Builder
	rows, number := 0, 0
	flush := func() error {
		if b.Len() == 0 {
			return nil
		}
		number++
		if number > lim.MaxPages {
			return fail(domain.ReasonTooLarge, "the CSV has more than %d pages of %d rows", lim.MaxPages, RowsPerPage)
		}
		text := strings.TrimRight(b.String(), "\n")
		b.Reset()
		return emit(Page{Number: number, Text: text})
	}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if pe, ok := errors.AsType[*csv.ParseError](err); ok {
			return fail(domain.ReasonCorrupt, "the CSV is malformed at line %d: %v", pe.Line, pe.Err)
		}
		if err != nil {
			return err
		}
		b.WriteString(strings.Join(rec, ", "))
		b.WriteByte('\n')
		if b.Len() > lim.MaxPageBytes {
			return fail(domain.ReasonTooLarge, "a page of the CSV holds more than %d bytes", lim.MaxPageBytes)
		}
		if rows++; rows%RowsPerPage == 0 {
			if err := flush(); err != nil {
				return err
			}
			if err := ctx.Err(); err != nil {
				return err
			}
		}
	}
	if err := flush(); err != nil {
		return err
	}
	if number == 0 {
		return fail(domain.ReasonEmpty, "the CSV has no rows")
	}
	return nil
}
