package web

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"docflow/internal/testenv"
	"docflow/shared/domain"
)

func TestHandler(t *testing.T) {
	cfg := Config{
		WebSocketURL:   "ws://127.0.0.1:4510/ws",
		Token:          "dev-token",
		OutputsBaseURL: "http://127.0.0.1:4566/docflow-documents",
	}
	srv := httptest.NewServer(Handler(cfg))
	defer srv.Close()

	tests := []struct {
		name        string
		method      string
		path        string
		wantStatus  int
		wantType    string
		wantCache   string
		wantContain string
	}{
		{"index at root", "GET", "/", 200, "text/html; charset=utf-8", "no-cache", `<script type="module" src="app.js"></script>`},
		{"index by name", "GET", "/index.html", 200, "text/html; charset=utf-8", "no-cache", "<progress"},
		{"app module", "GET", "/app.js", 200, "text/javascript; charset=utf-8", "no-cache", "process_document"},
		{"connection module", "GET", "/connection.js", 200, "text/javascript; charset=utf-8", "no-cache", "get_upload_url"},
		{"styles", "GET", "/styles.css", 200, "text/css; charset=utf-8", "no-cache", "prefers-color-scheme: dark"},
		{"icon", "GET", "/favicon.svg", 200, "image/svg+xml", "no-cache", "<svg"},
		{"config from cfg", "GET", "/config.json", 200, "application/json", "no-store", `"websocketUrl": "ws://127.0.0.1:4510/ws"`},
		{"head", "HEAD", "/app.js", 200, "text/javascript; charset=utf-8", "no-cache", ""},
		{"unknown file", "GET", "/nope.js", 404, "", "", ""},
		{"no directory escape", "GET", "/../web.go", 404, "", "", ""},
		{"readme is not served", "GET", "/README.md", 404, "", "", ""},
		{"post refused", "POST", "/config.json", 405, "", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, err := http.NewRequest(tt.method, srv.URL+tt.path, nil)
			if err != nil {
				t.Fatal(err)
			}
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			body, err := io.ReadAll(res.Body)
			if err != nil {
				t.Fatal(err)
			}
			if got, want := res.StatusCode, tt.wantStatus; got != want {
				t.Fatalf("status = %d, want %d", got, want)
			}
			if got, want := res.Header.Get("Content-Security-Policy"), ContentSecurityPolicy(cfg); got != want {
				t.Errorf("Content-Security-Policy = %q, want %q", got, want)
			}
			if got, want := res.Header.Get("X-Content-Type-Options"), "nosniff"; got != want {
				t.Errorf("X-Content-Type-Options = %q, want %q", got, want)
			}
			if tt.wantStatus != 200 {
				return
			}
			if got, want := res.Header.Get("Content-Type"), tt.wantType; got != want {
				t.Errorf("Content-Type = %q, want %q", got, want)
			}
			if got, want := res.Header.Get("Cache-Control"), tt.wantCache; got != want {
				t.Errorf("Cache-Control = %q, want %q", got, want)
			}
			if !strings.Contains(string(body), tt.wantContain) {
				t.Errorf("body does not contain %q", tt.wantContain)
			}
		})
	}
}

func TestHandlerConfigJSON(t *testing.T) {
	tests := []struct {
		name string
		cfg  Config
		want map[string]string
	}{
		{
			name: "local stack",
			cfg:  Config{WebSocketURL: "ws://127.0.0.1:1/ws", Token: "t0k", OutputsBaseURL: "http://127.0.0.1:2/b"},
			want: map[string]string{"websocketUrl": "ws://127.0.0.1:1/ws", "token": "t0k", "outputsBaseUrl": "http://127.0.0.1:2/b"},
		},
		{
			name: "no token, no outputs: optional keys left out",
			cfg:  Config{WebSocketURL: "wss://abc.execute-api.us-east-1.amazonaws.com/prod"},
			want: map[string]string{"websocketUrl": "wss://abc.execute-api.us-east-1.amazonaws.com/prod"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := httptest.NewRecorder()
			req := httptest.NewRequest("GET", "/config.json", nil)
			req.Host = "127.0.0.1:8080" // a token is only served to loopback hosts
			Handler(tt.cfg).ServeHTTP(rec, req)
			var got map[string]string
			if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil {
				t.Fatalf("decode config.json %q: %v", rec.Body.String(), err)
			}
			if !mapsEqual(got, tt.want) {
				t.Errorf("config.json = %v, want %v", got, tt.want)
			}
		})
	}
}

func mapsEqual(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

func TestContentSecurityPolicy(t *testing.T) {
	tests := []struct {
		name        string
		cfg         Config
		wantConnect string
	}{
		{
			name:        "websocket and outputs origins",
			cfg:         Config{WebSocketURL: "ws://127.0.0.1:4510/ws?x=1", OutputsBaseURL: "http://127.0.0.1:4566/bucket/"},
			wantConnect: "connect-src 'self' ws://127.0.0.1:4510 http://127.0.0.1:4566",
		},
		{
			name:        "extra upload origin, duplicates once",
			cfg:         Config{WebSocketURL: "wss://a.example/prod", ConnectSrc: []string{"https://b.example/x", "wss://a.example"}},
			wantConnect: "connect-src 'self' wss://a.example https://b.example",
		},
		{
			name:        "junk is not a source",
			cfg:         Config{WebSocketURL: "not a url", OutputsBaseURL: "javascript:alert(1)", ConnectSrc: []string{"*", "http://x; script-src *"}},
			wantConnect: "connect-src 'self'",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			csp := ContentSecurityPolicy(tt.cfg)
			directives := strings.Split(csp, "; ")
			if !slices.Contains(directives, tt.wantConnect) {
				t.Errorf("policy %q lacks %q", csp, tt.wantConnect)
			}
			for _, want := range []string{"default-src 'none'", "script-src 'self'", "style-src 'self'", "frame-ancestors 'none'"} {
				if !slices.Contains(directives, want) {
					t.Errorf("policy %q lacks %q", csp, want)
				}
			}
			if strings.Contains(csp, "unsafe") {
				t.Errorf("policy %q allows unsafe sources", csp)
			}
		})
	}
}

// artifactsDir is where screenshots go: $DOCFLOW_ARTIFACTS/web, or a
// temporary directory.
func artifactsDir(t *testing.T) string {
	base := os.Getenv("DOCFLOW_ARTIFACTS")
	if base == "" {
		return t.TempDir()
	}
	dir := filepath.Join(base, "web")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatalf("create artifacts dir: %v", err)
	}
	return dir
}

// TestPageAgainstFakeBackend drives the page in a real headless Chromium
// against fakeBackend: upload through the file input, live progress, a
// server-side drop with reconnect and resubscribe (and a stale frame that
// must be ignored), completion with summary and output links, a failure
// with its reason, and the document list after a reload.
func TestPageAgainstFakeBackend(t *testing.T) {
	chrome := testenv.Require(t, testenv.Chromium)
	shots := artifactsDir(t)

	be := newFakeBackend(t)
	seeded := seedDocuments(be)
	page := httptest.NewServer(Handler(Config{
		WebSocketURL:   be.wsURL(),
		Token:          be.token,
		OutputsBaseURL: be.outputsBaseURL(),
	}))
	defer page.Close()

	// The deadline only turns a hang into a failure; nothing asserts speed.
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	ctx = newBrowser(t, ctx, chrome)
	problems := watchConsole(ctx)

	d := newDriver(t, ctx, shots, "page-")
	step, eval, waitJS, shot, setScheme := d.Step, d.Eval, d.WaitJS, d.Shot, d.SetScheme
	setScheme("light")
	step("open page", chromedp.EmulateViewport(1100, 900), chromedp.Navigate(page.URL))
	waitJS("connected", `document.getElementById('conn').dataset.state === 'open'`)
	waitJS("listed documents", `document.querySelectorAll('#doc-list .doc').length === 2`)

	// A failed document from the list shows its reason.
	failedText := eval("failed card", fmt.Sprintf(`document.querySelector('.doc[data-id=%q] .doc-error').textContent`, seeded.failed))
	for _, want := range []string{"password-protected", "Document.Encrypted"} {
		if !strings.Contains(failedText, want) {
			t.Errorf("failed card says %q, want it to contain %q", failedText, want)
		}
	}

	// It failed at 40%: the step that failed is the stage the stage table
	// (stages.json) starts at 40, process.
	failedCard := fmt.Sprintf(`document.querySelector('.doc[data-id=%q]')`, seeded.failed)
	if got, want := eval("failed step", failedCard+`.querySelector('.stage[data-state="failed"]')?.dataset.stage`), "process"; got != want {
		t.Errorf("failed card marks step %v failed, want %q", got, want)
	}
	if got, want := eval("failed message", failedCard+`.querySelector('.doc-message').textContent`), "Stopped at the process stage."; got != want {
		t.Errorf("failed card message %v, want %q", got, want)
	}

	// Two files through the real file input.
	dir := t.TempDir()
	files := map[string][]byte{
		"quarterly-report.pdf": []byte("%PDF-1.4\n% quarterly report\n"),
		"meeting notes.pdf":    []byte("%PDF-1.4\n% meeting notes, with a space in the name\n"),
	}
	var paths []string
	for name, body := range files {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, body, 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	step("choose files", chromedp.SetUploadFiles(chromedp.CSS("#file-input"), paths))
	waitJS("both at 40%", `[...document.querySelectorAll('.doc[data-status="processing"] progress')].filter(p => p.value === 40).length === 2`)

	ids := map[string]string{}
	for name, want := range files {
		id := be.docIDByName(name)
		if id == "" {
			t.Fatalf("backend has no document %q", name)
		}
		ids[name] = id
		got, ok := be.upload(domain.UploadKey(be.owner, id, name))
		if !ok || string(got) != string(want) {
			t.Errorf("uploaded %q = %q (present %v), want %q", name, got, ok, want)
		}
	}
	shot("1-processing.png")

	// Cut the connection server-side and keep refusing, so the page must
	// back off; meanwhile the documents move on and those frames are lost.
	be.setRefuse(true)
	be.dropAll()
	waitJS("reconnect pending", `document.getElementById('conn').dataset.state === 'waiting'`)
	shot("2-reconnecting.png")
	for _, id := range ids {
		be.Advance(id, 1, 3)
	}
	be.mu.Lock()
	be.replayStale = true
	be.mu.Unlock()
	be.setRefuse(false)

	waitJS("connected again", `document.getElementById('conn').dataset.state === 'open'`)
	// documentStatus brings the page to 60%; the stale frames replayed
	// after the list must be dropped (data-dropped counts them), leaving 60%.
	for name, id := range ids {
		waitJS(name+" stale frame handled", fmt.Sprintf(`Number(document.querySelector('.doc[data-id=%q]')?.dataset.dropped) >= 1`, id))
		got := eval(name+" progress", fmt.Sprintf(`String(document.querySelector('.doc[data-id=%q] progress').value)`, id))
		if got != "60" {
			t.Errorf("%s progress after resubscribe = %s, want 60 (documentStatus applied, stale frame dropped)", name, got)
		}
	}
	if got := be.subscribed(); !containsAll(got, ids) {
		t.Errorf("subscribed after reconnect to %v, want both of %v", got, ids)
	}
	be.mu.Lock()
	be.replayStale = false
	be.mu.Unlock()

	for _, id := range ids {
		be.Complete(id, 3)
	}
	waitJS("both complete", `[...document.querySelectorAll('.doc[data-status="complete"] progress')].filter(p => p.value === 100).length === 3`)
	for name, id := range ids {
		summary := eval(name+" summary", fmt.Sprintf(`document.querySelector('.doc[data-id=%q] .summary').textContent`, id))
		for _, want := range []string{"PDF", "Pages", "3", "1,236", "Chunks", "4"} {
			if !strings.Contains(summary, want) {
				t.Errorf("%s summary %q lacks %q", name, summary, want)
			}
		}
		href := eval(name+" text link", fmt.Sprintf(`document.querySelector('.doc[data-id=%q] .outputs a').href`, id))
		if want := be.outputsBaseURL() + "/processed/" + id + "/text.txt"; href != want {
			t.Errorf("%s text link = %q, want %q", name, href, want)
		}
	}

	// A document that fails while the page watches.
	locked := filepath.Join(dir, "locked-contract.pdf")
	if err := os.WriteFile(locked, []byte("%PDF-1.4\n% encrypted\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	step("choose locked file", chromedp.SetUploadFiles(chromedp.CSS("#file-input"), []string{locked}))
	waitJS("live failure", `[...document.querySelectorAll('.doc[data-status="failed"] .doc-error')].some(e => e.textContent.includes('password-protected') && e.closest('.doc').querySelector('.doc-name').textContent === 'locked-contract.pdf')`)
	if got := eval("live region", `document.getElementById('live').textContent`); !strings.Contains(got, "locked-contract.pdf: failed") {
		t.Errorf("live region %q does not announce the failure", got)
	}
	waitJS("idle elapsed", `document.querySelector('.doc .elapsed time').textContent !== ''`)
	shot("3-done.png")

	// The list comes from the store, so it survives a reload.
	step("reload", chromedp.Navigate(page.URL))
	waitJS("connected after reload", `document.getElementById('conn').dataset.state === 'open'`)
	waitJS("all documents listed", `document.querySelectorAll('#doc-list .doc').length === 5`)
	for name, id := range ids {
		got := eval(name+" after reload", fmt.Sprintf(`document.querySelector('.doc[data-id=%q]').dataset.status`, id))
		if got != "complete" {
			t.Errorf("%s after reload has status %q, want complete", name, got)
		}
	}

	setScheme("dark")
	shot("4-dark.png")
	step("phone width", chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2), chromedp.EmulateMobile))
	setScheme("light")
	if got := eval("page width", `String(document.documentElement.scrollWidth <= window.innerWidth)`); got != "true" {
		t.Errorf("page scrolls sideways at phone width")
	}
	phone, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatalf("screenshot phone: %v", err)
	}
	if err := os.WriteFile(filepath.Join(shots, "5-phone.png"), phone, 0o644); err != nil {
		t.Fatal(err)
	}

	{
		// A stack that provides no token: the page asks for one, keeps it
		// for the tab, and pings while idle.
		ask := httptest.NewServer(Handler(Config{WebSocketURL: be.wsURL(), PingInterval: time.Second}))
		defer ask.Close()
		step("phone off", chromedp.EmulateViewport(1100, 900))
		step("open tokenless page", chromedp.Navigate(ask.URL))
		waitJS("token form", `!document.getElementById('token-form').hidden && document.activeElement.id === 'token-input'`)
		if got := eval("state", `document.getElementById('conn').dataset.state`); got != "stopped" {
			t.Errorf("connection state before a token = %q, want stopped", got)
		}
		step("paste token", chromedp.SendKeys(chromedp.CSS("#token-input"), be.token), chromedp.Click(chromedp.CSS(`#token-form button[type="submit"]`)))
		waitJS("connected with pasted token", `document.getElementById('conn').dataset.state === 'open'`)
		before := be.pingCount()
		step("reload", chromedp.Navigate(ask.URL))
		waitJS("connected from sessionStorage", `document.getElementById('conn').dataset.state === 'open' && document.getElementById('token-form').hidden`)
		for be.pingCount() <= before {
			select {
			case <-ctx.Done():
				t.Fatalf("no ping from an idle page: %v", ctx.Err())
			case <-time.After(50 * time.Millisecond):
			}
		}
	}

	for _, p := range problems() {
		t.Errorf("browser console: %s", p)
	}
	t.Logf("screenshots in %s", shots)
}

type seededDocs struct{ complete, failed string }

// seedDocuments stores two documents from an earlier session, shaped like
// shared/protocol's golden documentList.
func seedDocuments(be *fakeBackend) seededDocs {
	day := time.Now().Add(-26 * time.Hour)
	s := seededDocs{complete: "0b6e8d2a-4c1f-4e7a-9b3d-2f5a6c7e8d90", failed: "7d1c0e4b-2a9f-4b3c-8e5d-6f7a8b9c0d1e"}
	be.seed(domain.Document{
		ID: s.complete, Name: "annual-report-2025.pdf", Status: domain.StatusComplete, Stage: domain.StageComplete,
		Progress: 100, Message: "Document processing completed successfully!", Seq: 7,
		Summary: &domain.Summary{
			Type: "application/pdf", Pages: 48, Words: 21500, Characters: 130000, Chunks: 52, Bytes: 2 << 20,
			TextKey: domain.ProcessedKey(s.complete, "text.txt"), ChunksKey: domain.ProcessedKey(s.complete, "chunks.jsonl"),
			ManifestKey: domain.ProcessedKey(s.complete, "manifest.json"), DurationMs: 4250,
		},
		CreatedAt: day, UpdatedAt: day.Add(4250 * time.Millisecond),
	})
	failure := domain.DescribeFailure("Document.Encrypted", "")
	be.seed(domain.Document{
		ID: s.failed, Name: "scanned-contract.pdf", Status: domain.StatusFailed, Stage: domain.StageFail,
		Progress: 40, Message: failure.Message, Seq: 4, Failure: &failure,
		CreatedAt: day.Add(-time.Hour), UpdatedAt: day.Add(-time.Hour + 3*time.Second),
	})
	return s
}

func containsAll(got []string, want map[string]string) bool {
	for _, id := range want {
		if !slices.Contains(got, id) {
			return false
		}
	}
	return true
}

// newBrowser starts a headless Chromium with a fresh profile that makes no
// network requests of its own.
func newBrowser(t *testing.T, parent context.Context, chrome string) context.Context {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chrome),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1100, 900),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(parent, opts...)
	ctx, cancelCtx := chromedp.NewContext(allocCtx)
	t.Cleanup(func() {
		cancelCtx()
		cancelAlloc()
	})
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	return ctx
}

// watchConsole collects exceptions and Content-Security-Policy violations
// from the page's console; problems returns them so far. Network errors
// are expected (the test refuses connections on purpose).
func watchConsole(ctx context.Context) (problems func() []string) {
	ch := make(chan string, 64)
	go func() {
		for m, err := range chromedp.Console(ctx) {
			if err != nil {
				return
			}
			if m.IsException() || strings.Contains(m.Text, "Content Security Policy") {
				select {
				case ch <- fmt.Sprintf("%s: %s", m.Type, m.Text):
				default:
				}
			}
		}
	}()
	return func() []string {
		var out []string
		for {
			select {
			case p := <-ch:
				out = append(out, p)
			default:
				return out
			}
		}
	}
}
