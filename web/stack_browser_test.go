package web_test

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/apigatewaymanagementapi"
	"github.com/chromedp/chromedp"

	"docflow/internal/testdocs"
	"docflow/internal/testenv"
	"docflow/local/stack"
	"docflow/local/stack/stacktest"
	"docflow/shared/domain"
	"docflow/shared/processor"
	"docflow/web"
)

// updateScreenshot refreshes the README's screenshot from this run:
//
//	go test ./web/ -run PageAgainstStack -update-screenshot
var updateScreenshot = flag.Bool("update-screenshot", false, "write ../docs/screenshot-web.png from TestPageAgainstStack's finished page")

// heldExtractor is the processing engine with a gate after each document's
// first page: the page-1 frame goes out, then processing waits until the
// test opens the gate, so documents are certainly mid-run while the test
// drops the browser's socket. The engine runs to the end first and its
// pages are replayed, because documents take turns on the one PDFium
// instance: holding inside its callback would hold every other document
// too. A document that fails in the engine (the bad file) is not held.
type heldExtractor struct {
	processor.Extractor
	gate <-chan struct{}
}

func (h heldExtractor) Extract(ctx context.Context, in processor.Input, emit func(processor.Page) error) (string, error) {
	var pages []processor.Page
	typ, err := h.Extractor.Extract(ctx, in, func(p processor.Page) error {
		pages = append(pages, p)
		return nil
	})
	if err != nil {
		return typ, err
	}
	for i, p := range pages {
		if err := emit(p); err != nil {
			return typ, err
		}
		if i == 0 {
			select {
			case <-h.gate:
			case <-ctx.Done():
				return typ, ctx.Err()
			}
		}
	}
	return typ, nil
}

// waitFor calls cond until it is true, for at most a generous 45 s: the
// deadline turns a hang into a failure, nothing here measures speed.
func waitFor(ctx context.Context, cond func(context.Context) (bool, error)) error {
	ctx, cancel := context.WithTimeout(ctx, 45*time.Second)
	defer cancel()
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	for {
		ok, err := cond(ctx)
		if err != nil {
			return err
		}
		if ok {
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-tick.C:
		}
	}
}

// jsCard is a JavaScript expression for the card of the document named by
// the Go string name.
func jsCard(name string) string {
	return fmt.Sprintf(`[...document.querySelectorAll('#doc-list .doc')].find(li => li.querySelector('.doc-name').textContent === %q)`, name)
}

// TestPageAgainstStack drives the page in a headless Chromium against the
// real local stack: two generated multi-page PDFs and one damaged file go through the
// file input, presigned upload, Step Functions, the processing engine and
// the WebSocket gateway. While the PDFs are held mid-run the browser's
// socket is deleted through the @connections API; the page must show that
// it is reconnecting, reconnect, resubscribe and then see both bars reach
// 100% with the right page counts, and the damaged file its reason.
// Screenshots go to the artifacts directory.
func TestPageAgainstStack(t *testing.T) {
	chrome := testenv.Require(t, testenv.Chromium)
	shots := web.ArtifactsDir(t)

	// Documents written at test time, so the test runs on any machine: two
	// multi-page PDFs with known page counts, and the bad file, a PDF cut
	// off halfway, as an interrupted download is.
	docs := testdocs.Set(t)
	report, notes := testdocs.Find(t, docs, "quarterly-report.pdf"), testdocs.Find(t, docs, "field-notes.pdf")
	damaged := testdocs.Find(t, docs, "board-minutes-truncated.pdf")
	pdfs := []string{report.Name, notes.Name}
	wantPages := map[string]int{report.Name: len(report.Pages), notes.Name: len(notes.Pages)}
	bad := damaged.Name
	paths := testdocs.Write(t, t.TempDir(), report, notes, damaged)

	gate := make(chan struct{})
	release := sync.OnceFunc(func() { close(gate) })
	s := stacktest.Start(t, stack.Config{Extractor: heldExtractor{Extractor: processor.NewDocuments(), gate: gate}})
	// Registered after the stack, so it runs before Close: a failed test
	// must not leave documents held through the shutdown grace.
	t.Cleanup(release)
	db, connections := stacktest.Store(t, s), stacktest.Connections(t, s)

	// The deadline only turns a hang into a failure; nothing asserts speed.
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	ctx = web.NewBrowser(t, ctx, chrome)
	problems := web.WatchConsole(ctx)

	d := web.NewDriver(t, ctx, shots, "stack-")
	step, eval, waitJS, shot, setScheme := d.Step, d.Eval, d.WaitJS, d.Shot, d.SetScheme

	// The page as the stack serves it: its config.json says where the
	// gateway is and carries whatever token the stack hands out.
	setScheme("light")
	step("open page", chromedp.EmulateViewport(1280, 800), chromedp.Navigate(stacktest.Endpoint(t, s, "web")))
	waitJS("connected", `document.getElementById('conn').dataset.state === 'open'`)
	waitJS("empty list", `!document.getElementById('empty').hidden`)

	step("choose files", chromedp.SetUploadFiles(chromedp.CSS("#file-input"), paths))

	// Both PDFs stop after their first page; the damaged one fails.
	held := fmt.Sprintf(`%s?.dataset.status === 'processing' && %s.querySelector('progress').value > 40`, jsCard(pdfs[0]), jsCard(pdfs[0])) +
		" && " + fmt.Sprintf(`%s?.dataset.status === 'processing' && %s.querySelector('progress').value > 40`, jsCard(pdfs[1]), jsCard(pdfs[1]))
	waitJS("both PDFs past their first page", held)
	waitJS("damaged file failed", jsCard(bad)+`?.dataset.status === 'failed'`)
	ids := map[string]string{}
	for _, name := range pdfs {
		ids[name] = eval(name+" id", jsCard(name)+`.dataset.id`)
	}
	shot("stack-1-processing.png")

	// Drop the page's socket from the server side, as API Gateway does on
	// a deploy or an idle timeout: the connection the store has subscribed
	// to the running documents is the page's.
	var before []string
	for name, id := range ids {
		subs, err := db.Subscribers(ctx, id)
		if err != nil {
			t.Fatalf("subscribers of %s: %v", name, err)
		}
		for _, c := range subs {
			if !slices.Contains(before, c) {
				before = append(before, c)
			}
		}
	}
	if got, want := len(before), 1; got != want {
		t.Fatalf("the running documents are followed by %d connections %v, want %d (the page's one socket)", got, before, want)
	}
	if ok := eval("watch connection", `(() => {
		window.connLog = [];
		const el = document.getElementById('conn');
		const text = document.getElementById('conn-text');
		new MutationObserver(() => window.connLog.push(el.dataset.state + '|' + text.textContent))
			.observe(el, {attributes: true, childList: true, characterData: true, subtree: true});
		return 'ok';
	})()`); ok != "ok" {
		t.Fatalf("watch connection: %q", ok)
	}
	if _, err := connections.DeleteConnection(ctx, &apigatewaymanagementapi.DeleteConnectionInput{ConnectionId: aws.String(before[0])}); err != nil {
		t.Fatalf("delete connection: %v", err)
	}
	waitJS("reconnected", `(() => {
		const w = window.connLog.findIndex(e => e.startsWith('waiting|'));
		return w >= 0 && window.connLog.slice(w).some(e => e.startsWith('open|'));
	})()`)
	connLog, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`window.connLog`))
	if err != nil {
		t.Fatalf("read connection log: %v", err)
	}
	// What a person sees: offline with a countdown, then connected.
	sawOffline, sawConnected := false, false
	for _, e := range connLog {
		state, text, _ := strings.Cut(e, "|")
		sawOffline = sawOffline || (state == "waiting" && strings.HasPrefix(text, "Offline · retrying in"))
		sawConnected = sawConnected || (sawOffline && state == "open" && text == "Connected")
	}
	if !sawOffline || !sawConnected {
		t.Errorf("connection indicator went %q, want an offline countdown and then Connected", connLog)
	}

	// The new socket follows both documents again before they move on, so
	// what follows reaches the page as live frames on it.
	for name, id := range ids {
		err := waitFor(ctx, func(ctx context.Context) (bool, error) {
			subs, err := db.Subscribers(ctx, id)
			return slices.ContainsFunc(subs, func(c string) bool { return !slices.Contains(before, c) }), err
		})
		if err != nil {
			t.Fatalf("%s: no resubscription from the new socket: %v", name, err)
		}
	}
	for name := range ids {
		if got := eval(name+" status", jsCard(name)+`.dataset.status`); got != "processing" {
			t.Fatalf("%s is %q before the gate opens, want processing", name, got)
		}
	}
	release()

	for _, name := range pdfs {
		waitJS(name+" complete", jsCard(name)+`?.dataset.status === 'complete' && `+jsCard(name)+`.querySelector('progress').value === 100`)
		summary := func(row string) string {
			return eval(name+" "+row, fmt.Sprintf(`(() => {
				const row = [...%s.querySelectorAll('.summary > div')].find(d => d.querySelector('dt').textContent === %q);
				return row ? row.querySelector('dd').textContent : '';
			})()`, jsCard(name), row))
		}
		if got, want := summary("Pages"), fmt.Sprint(wantPages[name]); got != want {
			t.Errorf("%s summary shows %q pages, want %s", name, got, want)
		}
		if got, want := summary("Type"), "PDF"; got != want {
			t.Errorf("%s summary shows type %q, want %q", name, got, want)
		}
		if got := eval(name+" percent", jsCard(name)+`.querySelector('.doc-percent').textContent`); got != "100%" {
			t.Errorf("%s shows %q, want 100%%", name, got)
		}
		if got := eval(name+" summary shown", `String(!`+jsCard(name)+`.querySelector('.summary').hidden)`); got != "true" {
			t.Errorf("%s summary is hidden", name)
		}
	}

	corrupt := domain.DescribeFailure(domain.ReasonCorrupt, "")
	errText := eval("failure text", jsCard(bad)+`.querySelector('.doc-error').textContent`)
	if want := strings.TrimSuffix(corrupt.Message, "."); !strings.Contains(errText, want) {
		t.Errorf("%s says %q, want it to contain %q", bad, errText, want)
	}
	if got, want := eval("failure reason", jsCard(bad)+`.querySelector('.doc-error .reason')?.textContent ?? ''`), domain.ReasonCorrupt; got != want {
		t.Errorf("%s reason = %q, want %q", bad, got, want)
	}
	if got, want := eval("cards", `String(document.querySelectorAll('#doc-list .doc').length)`), "3"; got != want {
		t.Errorf("page shows %s documents, want %s", got, want)
	}

	eval("scroll to top", `(window.scrollTo(0, 0), '')`)
	done := shot("stack-2-done.png")
	if *updateScreenshot {
		png, err := os.ReadFile(done)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join("..", "docs", "screenshot-web.png"), png, 0o644); err != nil {
			t.Fatalf("update screenshot: %v", err)
		}
	}
	setScheme("dark")
	shot("stack-3-dark.png")

	setScheme("light")
	step("phone width", chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2), chromedp.EmulateMobile))
	if got := eval("page width", `String(document.documentElement.scrollWidth <= window.innerWidth)`); got != "true" {
		t.Errorf("page scrolls sideways at phone width")
	}
	shot("stack-4-phone.png")

	for _, p := range problems() {
		t.Errorf("browser console: %s", p)
	}
	t.Logf("screenshots in %s", shots)
}
