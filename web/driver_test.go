package web

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// driver drives one page in the browser for a test: each step fails the
// test with what it was doing, waits have their own deadline and leave a
// screenshot of the page as it was, and screenshots go to dir.
type driver struct {
	t      *testing.T
	ctx    context.Context
	dir    string
	prefix string // of the failure screenshot's name
}

func newDriver(t *testing.T, ctx context.Context, dir, prefix string) *driver {
	return &driver{t: t, ctx: ctx, dir: dir, prefix: prefix}
}

// Step runs actions.
func (d *driver) Step(what string, actions ...chromedp.Action[chromedp.Void]) {
	d.t.Helper()
	if err := chromedp.Do(d.ctx, actions...); err != nil {
		d.t.Fatalf("%s: %v", what, err)
	}
}

// Eval evaluates a JavaScript expression to a string.
func (d *driver) Eval(what, expr string) string {
	d.t.Helper()
	got, err := chromedp.Run(d.ctx, chromedp.Evaluate[string](expr))
	if err != nil {
		d.t.Fatalf("%s: %v", what, err)
	}
	return got
}

// WaitJS waits until the JavaScript expression is true in the page. Each
// wait has its own generous deadline, so a failure still leaves the
// browser up to show what the page looked like.
func (d *driver) WaitJS(what, expr string) {
	d.t.Helper()
	wctx, cancel := context.WithTimeout(d.ctx, 45*time.Second)
	defer cancel()
	if _, err := chromedp.Run(wctx, chromedp.Poll[chromedp.Void](expr, chromedp.WithPollingTimeout(0))); err != nil {
		name := d.prefix + "failed.png"
		if png, serr := chromedp.Run(d.ctx, chromedp.FullScreenshot(100)); serr == nil {
			_ = os.WriteFile(filepath.Join(d.dir, name), png, 0o644)
		}
		d.t.Fatalf("wait for %s: %v (page as it was: %s in %s)", what, err, name, d.dir)
	}
}

// Shot saves a full-page screenshot and returns its path.
func (d *driver) Shot(name string) string {
	d.t.Helper()
	png, err := chromedp.Run(d.ctx, chromedp.FullScreenshot(100)) // quality 100 is PNG
	if err != nil {
		d.t.Fatalf("screenshot %s: %v", name, err)
	}
	p := filepath.Join(d.dir, name)
	if err := os.WriteFile(p, png, 0o644); err != nil {
		d.t.Fatal(err)
	}
	return p
}

// SetScheme emulates a colour scheme, with reduced motion: screenshots then
// show where bars are, not how far a transition has got.
func (d *driver) SetScheme(scheme string) {
	d.t.Helper()
	if _, err := chromedp.Call(d.ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
		Features: []*emulation.MediaFeature{
			{Name: "prefers-color-scheme", Value: scheme},
			{Name: "prefers-reduced-motion", Value: "reduce"},
		},
	}); err != nil {
		d.t.Fatalf("emulate %s scheme: %v", scheme, err)
	}
}
