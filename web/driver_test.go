package web

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/target"
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

// NewTab runs the actions (a click on a link that opens a tab) and returns
// the URL of the tab that opened with urlPart in its URL. It closes that
// tab and brings the page back to the front: a background tab runs no
// animation frames, which the waits poll on.
func (d *driver) NewTab(what, urlPart string, actions ...chromedp.Action[chromedp.Void]) string {
	d.t.Helper()
	var opened atomic.Value
	ch := chromedp.WaitNewTarget(d.ctx, func(info *target.Info) bool {
		if !strings.Contains(info.URL, urlPart) {
			return false
		}
		opened.Store(info.URL)
		return true
	})
	d.Step(what, actions...)
	wctx, cancel := context.WithTimeout(d.ctx, 45*time.Second)
	defer cancel()
	var tab target.ID
	select {
	case tab = <-ch:
	case <-wctx.Done():
		d.t.Fatalf("%s: no tab opened at a URL with %q: %v", what, urlPart, wctx.Err())
	}
	if _, err := chromedp.CallBrowser(d.ctx, target.CloseTarget, target.CloseTargetParams{TargetID: tab}); err != nil {
		d.t.Fatalf("%s: close the new tab: %v", what, err)
	}
	if _, err := chromedp.CallBrowser(d.ctx, target.ActivateTarget, target.ActivateTargetParams{TargetID: chromedp.FromContext(d.ctx).Target.TargetID}); err != nil {
		d.t.Fatalf("%s: bring the page back: %v", what, err)
	}
	u, _ := opened.Load().(string)
	return u
}
