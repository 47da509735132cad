package extract

import (
	"context"
	"io"
	"strings"

	"golang.org/x/net/html"

	"docflow/shared/domain"
)

// block elements end a line of text.
var block = map[string]bool{
	"p": true, "div": true, "br": true, "li": true, "tr": true, "h1": true, "h2": true, "h3": true,
	"h4": true, "h5": true, "h6": true, "section": true, "article": true, "header": true, "footer": true,
	"blockquote": true, "pre": true, "table": true, "ul": true, "ol": true, "dt": true, "dd": true, "hr": true,
	"title": true,
}

// skipped elements hold no text a reader sees.
var skipped = map[string]bool{"script": true, "style": true, "noscript": true, "template": true}

// extractHTML tokenizes the page (the tokenizer streams; no tree is built)
// and keeps visible text, one line per block. HTML has no pages: the
// document is one page.
func extractHTML(ctx context.Context, r io.Reader, lim Limits, emit func(Page) error) error {
	z := html.NewTokenizer(r)
	var b strings.Builder
	skip := 0
	for {
		switch z.Next() {
		case html.ErrorToken:
			if z.Err() != io.EOF {
				return fail(domain.ReasonCorrupt, "the HTML cannot be read")
			}
			return emitText(b.String(), emit)
		case html.StartTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			tag := string(name)
			if skipped[tag] {
				if z.Token().Type == html.StartTagToken {
					skip++
				}
				continue
			}
			if block[tag] || tag == "td" || tag == "th" {
				b.WriteByte(' ')
				if block[tag] {
					b.WriteByte('\n')
				}
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			tag := string(name)
			if skipped[tag] && skip > 0 {
				skip--
				continue
			}
			if block[tag] {
				b.WriteByte('\n')
			}
		case html.TextToken:
			if skip == 0 {
				b.WriteString(strings.Join(strings.Fields(string(z.Text())), " "))
				b.WriteByte(' ')
			}
		}
		if b.Len() > lim.MaxPageBytes {
			return fail(domain.ReasonTooLarge, "the HTML holds more than %d bytes of text", lim.MaxPageBytes)
		}
		if err := ctx.Err(); err != nil {
			return err
		}
	}
}

// emitText sends text as page 1 with its lines trimmed and blank runs
// folded.
func emitText(text string, emit func(Page) error) error {
	var lines []string
	for _, l := range strings.Split(text, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			lines = append(lines, l)
		}
	}
	if len(lines) == 0 {
		return fail(domain.ReasonEmpty, "the document contains no text")
	}
	return emit(Page{Number: 1, Total: 1, Text: strings.Join(lines, "\n")})
}
