package web_test

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/apigatewaymanagementapi"
	"github.com/chromedp/chromedp"

	"docflow/internal/testdocs"
	"docflow/internal/testenv"
	"docflow/local/stack"
	"docflow/local/stack/stacktest"
	"docflow/web"
)

// updateAskScreenshot refreshes the README's answer screenshot from this run:
//
//	go test ./web/ -run AskAgainstStack -update-ask-screenshot
var updateAskScreenshot = flag.Bool("update-ask-screenshot", false, "write ../docs/screenshot-ask.png from TestAskAgainstStack's answer with citations")

// The known facts of the two documents the test makes. Each answer
// sentence is long, so the extractive local model's answer (up to three
// sentences) is longer than two of the worker's 300-byte chunks: streaming
// must show at least twice before the answer is complete.
var (
	pumpPages = []string{
		"Zephyr pump: terms of sale\nThis booklet sets out the terms of sale for the Zephyr pump.\nRead it before you install the pump.",
		"Warranty\n" +
			"The warranty period for the Zephyr pump is thirty-seven months from the\n" +
			"date of delivery to the first owner, and within that warranty period every\n" +
			"repair of the Zephyr pump is carried out free of charge by the service desk.\n" +
			"The Zephyr pump warranty period is extended by the length of any repair\n" +
			"that keeps the pump out of use for more than ten days, so that an owner of\n" +
			"a Zephyr pump never loses warranty time to the service desk itself.\n" +
			"A claim under the Zephyr pump warranty during the warranty period needs\n" +
			"only the delivery note and the serial number printed on the pump housing.",
		"Contacts\nWrite to the service desk at the address on the back cover.",
	}
	boilerPages = []string{
		"Kestrel boiler: service manual\n" +
			"The Kestrel boiler must be serviced every fourteen months by a certified\n" +
			"engineer, who checks the burner, the flue and the pressure relief valve of\n" +
			"the Kestrel boiler and records each service in the boiler log book.\n" +
			"A Kestrel boiler that is not serviced within fourteen months of its last\n" +
			"service loses its safety certificate until a certified engineer services it.",
		"Cleaning\nWipe the casing with a dry cloth; never use solvents on the casing.",
	}
)

// answerGate stands between the functions and the @connections API (the
// stack's WEBSOCKET_ENDPOINT points at it) and passes every request on
// unchanged, except that, once armed, it lets one answer frame through and
// holds the next until release: the answer is certainly mid-way while the
// test deletes the page's socket. The Host header is kept, so the SigV4
// signature still matches.
type answerGate struct {
	target  atomic.Pointer[url.URL]
	armed   atomic.Bool
	passed  atomic.Int32
	holding chan struct{} // closed when a frame is held
	release chan struct{} // closed to let it go
	once    sync.Once
}

func newAnswerGate() *answerGate {
	return &answerGate{holding: make(chan struct{}), release: make(chan struct{})}
}

func (g *answerGate) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodPost && g.armed.Load() {
		body, err := io.ReadAll(r.Body)
		if err != nil {
			http.Error(w, "read", http.StatusBadRequest)
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		if bytes.Contains(body, []byte(`"action":"answer`)) && g.passed.Add(1) > 1 {
			g.once.Do(func() { close(g.holding) })
			<-g.release
		}
	}
	target := g.target.Load()
	proxy := &httputil.ReverseProxy{Rewrite: func(pr *httputil.ProxyRequest) {
		pr.SetURL(target)
		pr.Out.Host = pr.In.Host
	}}
	proxy.ServeHTTP(w, r)
}

// TestAskAgainstStack asks questions on the page against the real local
// stack: two PDFs with known facts go through the file input and
// processing to 100% (ready for questions), then the question streams
// visibly through invoke, SQS, the answer worker and the local knowledge
// base; the final answer holds the fact and its source scrolls to the right
// card and opens the cited page. The page's socket is deleted through the
// @connections API while a second question is being answered: the page
// reconnects and shows the complete answer. A second user's page asking the
// same question gets the honest not-found answer and never the first
// user's text.
func TestAskAgainstStack(t *testing.T) {
	chrome := testenv.Require(t, testenv.Chromium)
	shots := web.ArtifactsDir(t)

	pump := testdocs.Doc{Name: "zephyr-pump-terms.pdf", ContentType: "application/pdf", Data: testdocs.PDF(t, pumpPages...), Pages: pumpPages}
	boiler := testdocs.Doc{Name: "kestrel-boiler-manual.pdf", ContentType: "application/pdf", Data: testdocs.PDF(t, boilerPages...), Pages: boilerPages}
	paths := testdocs.Write(t, t.TempDir(), pump, boiler)

	gate := newAnswerGate()
	gateSrv := httptest.NewServer(gate)
	// Closed after the stack (cleanups run last first); Close waits for a
	// held request, so the gate is released before either.
	t.Cleanup(gateSrv.Close)
	s := stacktest.Start(t, stack.Config{Stage: "local", Env: map[string]string{"WEBSOCKET_ENDPOINT": gateSrv.URL + "/local"}})
	// Registered after the stack, so it runs before Close: a failed test
	// must not leave the worker held.
	t.Cleanup(func() {
		select {
		case <-gate.release:
		default:
			close(gate.release)
		}
	})
	base, err := url.Parse(stacktest.Endpoint(t, s, "connections"))
	if err != nil {
		t.Fatal(err)
	}
	gate.target.Store(&url.URL{Scheme: base.Scheme, Host: base.Host})
	db, connections := stacktest.Store(t, s), stacktest.Connections(t, s)

	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	ctx = web.NewBrowser(t, ctx, chrome)
	problems := web.WatchConsole(ctx)
	d := web.NewDriver(t, ctx, shots, "stack-ask-")
	step, eval, waitJS, shot := d.Step, d.Eval, d.WaitJS, d.Shot
	d.SetScheme("light")

	step("open page", chromedp.EmulateViewport(1100, 800), chromedp.Navigate(stacktest.Endpoint(t, s, "web")))
	waitJS("connected", `document.getElementById('conn').dataset.state === 'open'`)
	step("choose files", chromedp.SetUploadFiles(chromedp.CSS("#file-input"), paths))
	for _, name := range []string{pump.Name, boiler.Name} {
		waitJS(name+" ready", jsCard(name)+`?.dataset.status === 'complete' && `+jsCard(name)+`.querySelector('progress').value === 100`)
	}
	ids := map[string]string{}
	for _, name := range []string{pump.Name, boiler.Name} {
		ids[name] = eval(name+" id", jsCard(name)+`.dataset.id`)
	}
	if got := eval("recorder", web.RecordAnswers); got != "ok" {
		t.Fatalf("install recorder: %q", got)
	}

	ask := func(what, question string) {
		t.Helper()
		step(what,
			chromedp.Focus(chromedp.CSS("#ask-input")),
			chromedp.SendKeys(chromedp.CSS("#ask-input"), question),
			chromedp.Click(chromedp.CSS("#ask-send")),
		)
	}
	const lastQA = `#qa-list > .qa:last-child`
	last := func(expr string) string { return `document.querySelector('` + lastQA + `')` + expr }

	// The first question streams, then ends with the fact and its source.
	ask("ask about the pump", "What is the warranty period for the Zephyr pump?")
	waitJS("first answer complete", last(`?.dataset.status === 'complete'`))
	answer := eval("answer", last(`.querySelector('.qa-text').textContent`))
	if !strings.Contains(answer, "thirty-seven months") {
		t.Errorf("answer %q lacks the fact (thirty-seven months)", answer)
	}
	texts, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`window.answerTexts`))
	if err != nil {
		t.Fatalf("read recorded texts: %v", err)
	}
	if i := slices.Index(texts, answer); i < 2 {
		t.Errorf("answer texts shown %q: want at least two changes before the complete answer (streaming visible)", texts)
	}
	pumpLink := fmt.Sprintf(`%s .citation-link[data-document-id=%q]`, lastQA, ids[pump.Name])
	if got := eval("pump source", `document.querySelector('`+pumpLink+`')?.textContent ?? ''`); got != pump.Name+", page 2" {
		t.Errorf("source link = %q, want %q", got, pump.Name+", page 2")
	}
	if got := eval("no boiler source", `String(document.querySelectorAll('`+lastQA+` .citation-link[data-document-id=`+fmt.Sprintf("%q", ids[boiler.Name])+`]').length)`); got != "0" {
		t.Errorf("the pump answer cites the boiler manual %s times", got)
	}
	shot("stack-ask-1-answer.png")
	if *updateAskScreenshot {
		png, err := os.ReadFile(filepath.Join(shots, "stack-ask-1-answer.png"))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join("..", "docs", "screenshot-ask.png"), png, 0o644); err != nil {
			t.Fatalf("update screenshot: %v", err)
		}
	}

	// The source scrolls to the pump's card and opens its text at page 2.
	card := jsCard(pump.Name)
	step("scroll to top", chromedp.Evaluate[chromedp.Void](`window.scrollTo(0, 0)`))
	step("follow source", chromedp.Click(chromedp.CSS(pumpLink)))
	waitJS("pump card in view and focused", `(() => { const c = `+card+`; const r = c.getBoundingClientRect(); return window.scrollY > 0 && r.top >= 0 && r.top < window.innerHeight - 100 && document.activeElement === c; })()`)
	waitJS("page 2 of the text", card+`.querySelector('.doc-text-page:not([hidden])')?.textContent.includes('thirty-seven months')`)
	if got := eval("viewer title", card+`.querySelector('.doc-text-title').textContent`); got != pump.Name+", page 2 of 3" {
		t.Errorf("text viewer title = %q, want page 2 of 3", got)
	}
	shot("stack-ask-2-cited-card.png")

	// The card's own Text link opens a presigned URL from get_output_url in
	// a new tab (the bucket is private: an unsigned GET is refused).
	textPath := "/processed/" + ids[pump.Name] + "/text.txt"
	signed := d.NewTab("open the text output", textPath,
		chromedp.Click(chromedp.CSS(fmt.Sprintf(`.doc[data-id=%q] a.output-link[data-output="text"]`, ids[pump.Name]))))
	if !strings.Contains(signed, "X-Amz-Signature=") {
		t.Errorf("text output opened at %q, want a presigned URL", signed)
	}
	res, err := http.Get(signed)
	if err != nil {
		t.Fatalf("GET the opened URL: %v", err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK || !strings.Contains(string(body), "thirty-seven months") {
		t.Errorf("the opened URL answers %d %q, want 200 with the document's text", res.StatusCode, body)
	}

	// A second question; after its first chunk the gate holds the next
	// frame, the page's socket is deleted through @connections, and then the
	// worker goes on: its frames meet a gone connection (410), so only
	// get_answer can bring the rest.
	conns, err := db.Subscribers(ctx, ids[pump.Name])
	if err != nil || len(conns) != 1 {
		t.Fatalf("subscribers of the pump document = %v, %v; want the page's one socket", conns, err)
	}
	if got := eval("count get_answer", `(() => {
		window.getAnswers = 0;
		const send = WebSocket.prototype.send;
		WebSocket.prototype.send = function (data) {
			if (String(data).includes('"get_answer"')) window.getAnswers++;
			return send.call(this, data);
		};
		return 'ok';
	})()`); got != "ok" {
		t.Fatalf("count get_answer: %q", got)
	}
	gate.armed.Store(true)
	ask("ask about the boiler", "How often must the Kestrel boiler be serviced?")
	select {
	case <-gate.holding:
	case <-ctx.Done():
		t.Fatalf("the worker sent no second answer frame: %v", ctx.Err())
	}
	waitJS("first chunk shown", last(`?.dataset.status === 'answering' && document.querySelector('`+lastQA+` .qa-text').textContent !== ''`))
	partial := eval("partial answer", last(`.querySelector('.qa-text').textContent`))
	step("show the streaming answer", chromedp.Evaluate[chromedp.Void](`document.querySelector('`+lastQA+`').scrollIntoView({block: 'center'})`))
	shot("stack-ask-3-streaming.png")
	if _, err := connections.DeleteConnection(ctx, &apigatewaymanagementapi.DeleteConnectionInput{ConnectionId: aws.String(conns[0])}); err != nil {
		t.Fatalf("delete connection: %v", err)
	}
	close(gate.release)
	gate.armed.Store(false)
	waitJS("reconnected", `document.getElementById('conn').dataset.state === 'open'`)
	waitJS("second answer complete after the drop", last(`?.dataset.status === 'complete'`))
	if got := eval("get_answer count", `String(window.getAnswers)`); got == "0" {
		t.Errorf("the answer completed after the drop without get_answer: the drop was not mid-answer")
	}
	if got := eval("boiler answer", last(`.querySelector('.qa-text').textContent`)); !strings.HasPrefix(got, partial) || got == partial {
		t.Errorf("answer after the drop %q does not continue what was shown before it (%q)", got, partial)
	}
	if got := eval("boiler answer", last(`.querySelector('.qa-text').textContent`)); !strings.Contains(got, "fourteen months") {
		t.Errorf("answer after the drop %q lacks the fact (fourteen months)", got)
	}
	if got := eval("boiler source", last(`.querySelector('.citation-link')?.dataset.documentId ?? ''`)); got != ids[boiler.Name] {
		t.Errorf("answer after the drop cites %q, want the boiler manual %s", got, ids[boiler.Name])
	}

	// A second user, on a page of their own, asks the same question.
	other, err := s.Token("second-user", time.Hour)
	if err != nil {
		t.Fatalf("token: %v", err)
	}
	page2 := httptest.NewServer(web.Handler(web.Config{WebSocketURL: s.WebSocketURL(), Token: other}))
	defer page2.Close()
	ctx2, cancel2 := chromedp.NewContext(ctx)
	defer cancel2()
	d2 := web.NewDriver(t, ctx2, shots, "stack-ask-other-")
	d2.Step("open second user's page", chromedp.EmulateViewport(1100, 800), chromedp.Navigate(page2.URL))
	d2.WaitJS("second user connected", `document.getElementById('conn').dataset.state === 'open'`)
	d2.Step("second user asks",
		chromedp.Focus(chromedp.CSS("#ask-input")),
		chromedp.SendKeys(chromedp.CSS("#ask-input"), "What is the warranty period for the Zephyr pump?"),
		chromedp.Click(chromedp.CSS("#ask-send")),
	)
	d2.WaitJS("second user's answer", last(`?.dataset.status === 'complete'`))
	if got := d2.Eval("second user's answer", last(`.querySelector('.qa-text').textContent`)); got != "I couldn't find that in your documents." {
		t.Errorf("second user's answer = %q, want the not-found sentence", got)
	}
	if got := d2.Eval("second user's page", `document.body.innerText`); strings.Contains(got, "thirty-seven") || strings.Contains(got, "Zephyr pump is") || strings.Contains(got, pump.Name) {
		t.Errorf("second user's page shows the first user's text: %q", got)
	}
	d2.Shot("stack-ask-4-other-user.png")

	// Phone width, on the first user's page.
	step("phone", chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2), chromedp.EmulateMobile))
	if got := eval("page width", `String(document.documentElement.scrollWidth <= window.innerWidth)`); got != "true" {
		t.Errorf("page scrolls sideways at phone width")
	}
	step("show the answers", chromedp.Evaluate[chromedp.Void](`document.getElementById('qa-list').scrollIntoView({block: 'start'}); window.scrollBy(0, -70)`))
	phone, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatalf("screenshot phone: %v", err)
	}
	if err := os.WriteFile(filepath.Join(shots, "stack-ask-5-phone.png"), phone, 0o644); err != nil {
		t.Fatal(err)
	}

	for _, p := range problems() {
		t.Errorf("browser console: %s", p)
	}
	t.Logf("screenshots in %s", shots)
}
