package web

import (
	"context"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"

	"docflow/internal/testenv"
	"docflow/shared/domain"
)

// recordAnswers is page script that records every text the newest
// answer's text shows, in order, without repeats: window.answerTexts.
// Streaming is visible when it holds several texts before the last.
const recordAnswers = `(() => {
  window.answerTexts = [];
  const list = document.getElementById('qa-list');
  new MutationObserver(() => {
    const t = list.lastElementChild?.querySelector('.qa-text')?.textContent ?? '';
    const seen = window.answerTexts;
    if (seen[seen.length - 1] !== t) seen.push(t);
  }).observe(list, { subtree: true, childList: true, characterData: true });
  return 'ok';
})()`

// pressEnter presses Enter (with Shift) as a keyboard does: one keyDown
// carrying the text "\r", then keyUp. (chromedp.KeyEvent sends a separate
// char event, which types a line break even when the page prevented the
// keydown's default, as no real keyboard does.)
func pressEnter(shift bool) chromedp.Action[chromedp.Void] {
	var mods int64
	if shift {
		mods = int64(chromedp.ModifierShift)
	}
	down := input.DispatchKeyEventParams{
		Type: input.DispatchKeyEventTypeKeyDown, Key: "Enter", Code: "Enter", Text: "\r", UnmodifiedText: "\r",
		WindowsVirtualKeyCode: 13, NativeVirtualKeyCode: 13, Modifiers: mods,
	}
	up := input.DispatchKeyEventParams{
		Type: input.DispatchKeyEventTypeKeyUp, Key: "Enter", Code: "Enter", WindowsVirtualKeyCode: 13, NativeVirtualKeyCode: 13, Modifiers: mods,
	}
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		for _, p := range []input.DispatchKeyEventParams{down, up} {
			if _, err := cdp.Call(ctx, t, input.DispatchKeyEvent, p); err != nil {
				return err
			}
		}
		return nil
	})
}

// lastQA is a selector of the newest question's entry.
const lastQA = `#qa-list > .qa:last-child`

// waitBackend polls cond until it holds; the deadline only turns a hang
// into a failure.
func waitBackend(t *testing.T, ctx context.Context, what string, cond func() bool) {
	t.Helper()
	ctx, cancel := context.WithTimeout(ctx, 45*time.Second)
	defer cancel()
	for !cond() {
		select {
		case <-ctx.Done():
			t.Fatalf("wait for %s: %v", what, ctx.Err())
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// TestAskAgainstFakeBackend drives the "Ask your documents" panel in a
// headless Chromium against fakeBackend: Enter sends and Shift+Enter breaks
// the line, a question while a document still processes names it, the
// answer streams visibly (out-of-order and repeated chunks, a second
// attempt replacing the first without an empty paint), the complete answer
// with citations that scroll to the card and open its text at the page, a
// follow-up with session_id and an honest not-found answer, a limit to a
// picked document, a failure in plain words, a socket dropped mid-answer
// (resumed with get_answer until complete), stop watching, phone width.
func TestAskAgainstFakeBackend(t *testing.T) {
	chrome := testenv.Require(t, testenv.Chromium)
	shots := artifactsDir(t)

	be := newFakeBackend(t)
	docs := seedAskDocuments(be)
	page := httptest.NewServer(Handler(Config{WebSocketURL: be.wsURL(), Token: be.token, OutputsBaseURL: be.outputsBaseURL()}))
	defer page.Close()

	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	ctx = newBrowser(t, ctx, chrome)
	problems := watchConsole(ctx)
	d := newDriver(t, ctx, shots, "ask-")
	step, eval, waitJS, shot := d.Step, d.Eval, d.WaitJS, d.Shot
	d.SetScheme("light")

	step("open page", chromedp.EmulateViewport(1100, 800), chromedp.Navigate(page.URL))
	waitJS("connected", `document.getElementById('conn').dataset.state === 'open'`)
	waitJS("listed documents", `document.querySelectorAll('#doc-list .doc').length === 3`)
	if got := eval("recorder", recordAnswers); got != "ok" {
		t.Fatalf("install recorder: %q", got)
	}
	if got := eval("live region", `document.getElementById('qa-template').content.querySelector('.qa-answer').getAttribute('aria-live')`); got != "polite" {
		t.Errorf("answer region aria-live = %q, want polite", got)
	}

	// Enter sends, Shift+Enter breaks the line.
	step("type a two-line question",
		chromedp.Focus(chromedp.CSS("#ask-input")),
		chromedp.SendKeys(chromedp.CSS("#ask-input"), "How long is the"),
		pressEnter(true),
		chromedp.SendKeys(chromedp.CSS("#ask-input"), "warranty?"),
	)
	if got, want := eval("box", `document.getElementById('ask-input').value`), "How long is the\nwarranty?"; got != want {
		t.Fatalf("question box holds %q after Shift+Enter, want %q", got, want)
	}
	step("send with Enter", pressEnter(false))
	waitBackend(t, ctx, "first question", func() bool { _, ok := be.question(0); return ok })
	q1, _ := be.question(0)
	if q1.Text != "How long is the\nwarranty?" || len(q1.DocumentIDs) != 0 || q1.AskedIn != "" {
		t.Errorf("invoke = query %q, document_ids %v, session_id %q; want the two lines, no limit, no session", q1.Text, q1.DocumentIDs, q1.AskedIn)
	}
	if got := eval("box after send", `document.getElementById('ask-input').value`); got != "" {
		t.Errorf("question box after sending = %q, want empty", got)
	}
	waitJS("not-ready notice", `document.querySelector('`+lastQA+` .qa-notice:not([hidden])')?.textContent.includes('price-list.pdf')`)
	if got := eval("notice", `document.querySelector('`+lastQA+` .qa-notice').textContent`); strings.Contains(got, "warranty-terms.pdf") {
		t.Errorf("notice %q names a document that is ready", got)
	}
	waitJS("accepted", `document.querySelector('`+lastQA+`').dataset.status === 'queued'`)

	// Streaming: in order, out of order, a repeat.
	textIs := func(what, want string) {
		t.Helper()
		waitJS(what, fmt.Sprintf(`document.querySelector('%s .qa-text').textContent === %q`, lastQA, want))
	}
	be.Chunk(q1.ID, 1, 1, "The warranty ")
	textIs("first chunk", "The warranty ")
	if got := eval("answering state", `document.querySelector('`+lastQA+` .qa-state-text').textContent + '|' + document.querySelector('`+lastQA+` .qa-answer').getAttribute('aria-busy') + '|' + document.querySelector('`+lastQA+` .qa-stop').hidden`); got != "Answering…|true|false" {
		t.Errorf("while streaming: state|aria-busy|stop hidden = %q, want Answering…|true|false", got)
	}
	be.Chunk(q1.ID, 1, 3, " from delivery.")
	be.Chunk(q1.ID, 1, 2, "period is 24 months")
	textIs("gap filled", "The warranty period is 24 months from delivery.")
	be.Chunk(q1.ID, 1, 2, "period is 24 months") // a repeat: dropped
	be.Chunk(q1.ID, 1, 4, " See page 2.")
	textIs("repeat dropped", "The warranty period is 24 months from delivery. See page 2.")
	shot("ask-1-streaming.png")

	// SQS delivered the question again: attempt 2 replaces what was shown.
	be.Chunk(q1.ID, 2, 1, "The warranty lasts ")
	textIs("second attempt", "The warranty lasts ")
	be.Chunk(q1.ID, 1, 5, " (late, from attempt 1)")
	be.Chunk(q1.ID, 2, 2, "24 months.")
	textIs("second attempt goes on, the older one's late chunk dropped", "The warranty lasts 24 months.")

	cites := []domain.Citation{
		{DocumentID: docs.warranty, DocumentName: "warranty-terms.pdf", Page: 2, Excerpt: "The warranty period is 24 months from delivery."},
		{DocumentID: docs.manual, DocumentName: "service-manual.pdf", Page: 1, Excerpt: "Service the unit every 12 months."},
	}
	final := "The warranty period is 24 months from delivery [1]; service is yearly [2]."
	be.CompleteAnswer(q1.ID, 2, 3, final, cites, "sess-1")
	waitJS("complete", `document.querySelector('`+lastQA+`').dataset.status === 'complete'`)
	textIs("whole answer", final)
	texts, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`window.answerTexts`))
	if err != nil {
		t.Fatalf("read recorded texts: %v", err)
	}
	before := slices.Index(texts, final)
	if before < 2 {
		t.Errorf("answer texts shown %q: want at least two changes before the complete answer", texts)
	}
	// The new attempt replaced the old text in one paint: no empty text in between.
	if i := slices.Index(texts, "The warranty lasts "); i < 1 || texts[i-1] != "The warranty period is 24 months from delivery. See page 2." {
		t.Errorf("answer texts %q: attempt 2 did not replace attempt 1's text directly", texts)
	}
	if got := eval("finished", `document.querySelector('`+lastQA+` .qa-answer').getAttribute('aria-busy') + '|' + document.querySelector('`+lastQA+` .qa-stop').hidden`); got != "false|true" {
		t.Errorf("after complete: aria-busy|stop hidden = %q, want false|true", got)
	}
	links := eval("citations", `[...document.querySelectorAll('`+lastQA+` .citation-link')].map(a => a.textContent + ' @' + a.title).join('\n')`)
	for _, want := range []string{"warranty-terms.pdf, page 2 @The warranty period is 24 months from delivery.", "service-manual.pdf, page 1 @Service the unit every 12 months."} {
		if !strings.Contains(links, want) {
			t.Errorf("citations %q lack %q", links, want)
		}
	}
	shot("ask-2-citations.png")

	// The citation scrolls to the document's card and opens page 2.
	card := fmt.Sprintf(`document.querySelector('.doc[data-id=%q]')`, docs.warranty)
	step("scroll to top", chromedp.Evaluate[chromedp.Void](`window.scrollTo(0, 0)`))
	if got := eval("card before", card+`.getBoundingClientRect().top > window.innerHeight ? 'below' : 'visible'`); got != "below" {
		t.Logf("card already visible before the click (%s); the scroll check is weaker", got)
	}
	step("follow citation", chromedp.Click(chromedp.CSS(fmt.Sprintf(`%s .citation-link[data-document-id=%q]`, lastQA, docs.warranty))))
	// Scrolled to the card's top, or as far as the page goes when the card
	// is near its end; in view either way, and focused.
	waitJS("card scrolled into view", `(() => { const r = `+card+`.getBoundingClientRect(); const end = window.scrollY + window.innerHeight >= document.documentElement.scrollHeight - 2; return window.scrollY > 0 && r.top >= 0 && r.top < window.innerHeight - 100 && (r.top < 200 || end); })() && document.activeElement === `+card)
	waitJS("text at page 2", card+`.querySelector('.doc-text-page:not([hidden])')?.textContent.includes('24 months from delivery')`)
	if got := eval("viewer", card+`.querySelector('.doc-text-title').textContent + '|' + `+card+`.querySelector('.doc-text-page mark')?.textContent`); got != "warranty-terms.pdf, page 2 of 3|The warranty period is 24 months from delivery." {
		t.Errorf("text viewer = %q, want page 2 of 3 with the excerpt marked", got)
	}
	if got := eval("page text", card+`.querySelector('.doc-text-page').textContent`); strings.Contains(got, "Introduction") || strings.Contains(got, "Contacts") {
		t.Errorf("text viewer shows other pages too: %q", got)
	}
	shot("ask-3-cited-card.png")

	// The card's own Text link asks get_output_url on the click and opens
	// that URL (with outputsBaseUrl configured, the link's href stays the
	// fallback for a stack without the action).
	urlsBefore := be.outputURLCount()
	opened := d.NewTab("open the text output", "fake-get",
		chromedp.Click(chromedp.CSS(fmt.Sprintf(`.doc[data-id=%q] a.output-link[data-output="text"]`, docs.manual))))
	if want := "/processed/" + docs.manual + "/text.txt?X-Amz-Signature=fake-get"; !strings.HasSuffix(opened, want) {
		t.Errorf("text output opened at %q, want the get_output_url URL ending %q", opened, want)
	}
	if got := be.outputURLCount(); got != urlsBefore+1 {
		t.Errorf("get_output_url requests = %d, want %d", got, urlsBefore+1)
	}

	// A follow-up passes the session; an honest not-found answer reads as a sentence.
	step("follow-up", chromedp.Focus(chromedp.CSS("#ask-input")), chromedp.SendKeys(chromedp.CSS("#ask-input"), "Who signed it?"), pressEnter(false))
	waitBackend(t, ctx, "follow-up", func() bool { _, ok := be.question(1); return ok })
	q2, _ := be.question(1)
	if q2.AskedIn != "sess-1" {
		t.Errorf("follow-up session_id = %q, want sess-1", q2.AskedIn)
	}
	const notFound = "I couldn't find that in your documents."
	be.CompleteAnswer(q2.ID, 1, 1, notFound, nil, "sess-2")
	waitJS("not found", `document.querySelector('`+lastQA+`').classList.contains('qa-not-found')`)
	textIs("not-found sentence", notFound)
	if got := eval("no sources", `String(document.querySelector('`+lastQA+` .qa-citations').hidden)`); got != "true" {
		t.Errorf("not-found answer shows a sources block")
	}
	if got := eval("order", `[...document.querySelectorAll('#qa-list > .qa .qa-question-text')].map(e => e.textContent).join('|')`); got != "How long is the\nwarranty?|Who signed it?" {
		t.Errorf("questions on the page = %q, want both, newest last", got)
	}

	// Limited to one picked document; a failure in plain words.
	step("open limit", chromedp.Click(chromedp.CSS("#ask-limit summary")))
	step("pick manual", chromedp.Click(chromedp.CSS(fmt.Sprintf(`#ask-picker input[value=%q]`, docs.manual))))
	if got := eval("count", `document.getElementById('ask-limit-count').textContent`); got != "1 picked" {
		t.Errorf("limit summary = %q, want 1 picked", got)
	}
	step("limited question", chromedp.Focus(chromedp.CSS("#ask-input")), chromedp.SendKeys(chromedp.CSS("#ask-input"), "Is there a fee?"), pressEnter(false))
	waitBackend(t, ctx, "limited question", func() bool { _, ok := be.question(2); return ok })
	q3, _ := be.question(2)
	if !slices.Equal(q3.DocumentIDs, []string{docs.manual}) || q3.AskedIn != "sess-2" {
		t.Errorf("limited invoke: document_ids %v, session_id %q; want [%s], sess-2", q3.DocumentIDs, q3.AskedIn, docs.manual)
	}
	if got := eval("scope", `document.querySelector('`+lastQA+` .qa-scope').textContent + '|' + document.querySelector('`+lastQA+` .qa-notice').hidden`); got != "Only in: service-manual.pdf|true" {
		t.Errorf("scope|notice hidden = %q, want the picked document and no notice", got)
	}
	const failure = "The answer could not be made right now; please ask again."
	be.FailAnswer(q3.ID, 1, domain.CodeUnavailable, failure)
	waitJS("failed", `document.querySelector('`+lastQA+`').dataset.status === 'failed'`)
	if got := eval("failure", `document.querySelector('`+lastQA+` .qa-answer').innerText.trim()`); got != failure {
		t.Errorf("failed answer reads %q, want %q", got, failure)
	}
	step("unpick", chromedp.Click(chromedp.CSS(fmt.Sprintf(`#ask-picker input[value=%q]`, docs.manual))))

	// The socket drops mid-answer: the page resumes with get_answer and
	// keeps asking until the answer is complete.
	step("resumed question", chromedp.Focus(chromedp.CSS("#ask-input")), chromedp.SendKeys(chromedp.CSS("#ask-input"), "When does service happen?"), pressEnter(false))
	waitBackend(t, ctx, "resumed question", func() bool { _, ok := be.question(3); return ok })
	q4, _ := be.question(3)
	waitJS("accepted", `document.querySelector('`+lastQA+`').dataset.status === 'queued'`)
	be.Chunk(q4.ID, 1, 1, "Service is ")
	textIs("chunk before the drop", "Service is ")
	be.dropAll()
	waitJS("reconnected", `document.getElementById('conn').dataset.state === 'open'`)
	waitBackend(t, ctx, "get_answer after the reconnect", func() bool { return be.getAnswers(q4.ID) >= 1 })
	if got := eval("still answering", `document.querySelector('`+lastQA+`').dataset.status + '|' + document.querySelector('`+lastQA+` .qa-text').textContent`); got != "answering|Service is " {
		t.Errorf("after a resume while answering: %q, want answering with the text so far", got)
	}
	// Sent to the old connection, so lost: only get_answer can bring it.
	resumed := "Service is due every 12 months [1]."
	be.CompleteAnswer(q4.ID, 1, 2, resumed, cites[1:], "sess-4")
	waitJS("resumed answer complete", `document.querySelector('`+lastQA+`').dataset.status === 'complete'`)
	textIs("resumed answer", resumed)
	if got := be.getAnswers(q4.ID); got < 2 {
		t.Errorf("get_answer sent %d times, want at least 2 (once on reconnect, again until complete)", got)
	}
	if got := eval("resumed sources", `String(document.querySelectorAll('`+lastQA+` .citation-link').length)`); got != "1" {
		t.Errorf("resumed answer has %s citation links, want 1", got)
	}
	// Old questions are not asked again.
	if got := be.getAnswers(q1.ID); got != 0 {
		t.Errorf("get_answer sent for a finished question %d times", got)
	}

	// Stop watching: later frames are not shown.
	step("watched question", chromedp.Focus(chromedp.CSS("#ask-input")), chromedp.SendKeys(chromedp.CSS("#ask-input"), "Anything else?"), pressEnter(false))
	waitBackend(t, ctx, "watched question", func() bool { _, ok := be.question(4); return ok })
	q5, _ := be.question(4)
	be.Chunk(q5.ID, 1, 1, "Also ")
	textIs("chunk before stop", "Also ")
	step("stop watching", chromedp.Click(chromedp.CSS(lastQA+" .qa-stop")))
	waitJS("stopped", `document.querySelector('`+lastQA+`').dataset.status === 'stopped' && document.activeElement.id === 'ask-input'`)
	be.Chunk(q5.ID, 1, 2, "more text")
	// A progress frame after the chunk on the same socket: once the card
	// shows it, the page has handled the chunk too.
	be.Advance(docs.prices, 4, 5)
	waitJS("later frame handled", fmt.Sprintf(`document.querySelector('.doc[data-id=%q] progress').value > 60`, docs.prices))
	textIs("stopped answer unchanged", "Also ")

	d.SetScheme("dark")
	step("show answers", chromedp.Evaluate[chromedp.Void](`document.getElementById('qa-list').scrollIntoView({block: 'start'})`))
	shot("ask-5-dark.png")
	d.SetScheme("light")

	// Phone width: nothing scrolls sideways, the panel stays usable.
	step("phone", chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2), chromedp.EmulateMobile))
	if got := eval("page width", `String(document.documentElement.scrollWidth <= window.innerWidth)`); got != "true" {
		t.Errorf("page scrolls sideways at phone width")
	}
	step("show first answer", chromedp.Evaluate[chromedp.Void](`document.querySelector('#qa-list > .qa').scrollIntoView({block: 'start'}); window.scrollBy(0, -70)`))
	phone, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatalf("screenshot phone: %v", err)
	}
	if err := os.WriteFile(filepath.Join(shots, "ask-4-phone.png"), phone, 0o644); err != nil {
		t.Fatal(err)
	}

	for _, p := range problems() {
		t.Errorf("browser console: %s", p)
	}
	t.Logf("screenshots in %s", shots)
}

type askDocs struct{ warranty, manual, prices string }

// seedAskDocuments stores two processed documents with text outputs and one
// still processing.
func seedAskDocuments(be *fakeBackend) askDocs {
	s := askDocs{
		warranty: "3c2b1a09-8f7e-4d6c-9b5a-4e3d2c1b0a98",
		manual:   "5e4d3c2b-1a09-4f8e-8d7c-6b5a4e3d2c1b",
		prices:   "9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d",
	}
	day := time.Now().Add(-26 * time.Hour)
	done := func(id, name string, pages int, age time.Duration) {
		be.seed(domain.Document{
			ID: id, Name: name, Status: domain.StatusComplete, Stage: domain.StageComplete,
			Progress: 100, Message: "Document processing completed successfully!", Seq: 7,
			Summary: &domain.Summary{
				Type: "application/pdf", Pages: pages, Words: 300 * pages, Chunks: pages,
				TextKey: domain.ProcessedKey(id, "text.txt"), ChunksKey: domain.ProcessedKey(id, "chunks.jsonl"),
				ManifestKey: domain.ProcessedKey(id, "manifest.json"),
			},
			CreatedAt: day.Add(-age), UpdatedAt: day.Add(-age + 3*time.Second),
		})
	}
	done(s.warranty, "warranty-terms.pdf", 3, 2*time.Hour)
	done(s.manual, "service-manual.pdf", 2, time.Hour)
	be.setText(domain.ProcessedKey(s.warranty, "text.txt"),
		"Introduction\nThese terms cover the unit you bought.\n\f"+
			"Warranty\nThe warranty period is 24 months from delivery. Repairs in that time are free.\n\f"+
			"Contacts\nWrite to the service desk.\n")
	be.setText(domain.ProcessedKey(s.manual, "text.txt"), "Service the unit every 12 months.\n\fCleaning\nUse a dry cloth.\n")
	be.seed(domain.Document{
		ID: s.prices, Name: "price-list.pdf", Status: domain.StatusProcessing, Stage: domain.StageProcess,
		Progress: 60, Message: "Extracting text: page 3 of 5", Seq: 5,
		CreatedAt: time.Now().Add(-time.Minute), UpdatedAt: time.Now(),
	})
	return s
}
