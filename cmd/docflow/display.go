package main

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"
)

// display shows one progress bar per document, in the order the files were
// named. On a terminal it redraws all bars in place, and a clock ticks
// while nothing arrives; otherwise (a pipe, a CI log) it prints one line per
// change, which reads well in logs.
type display struct {
	mu    sync.Mutex
	w     io.Writer
	tty   bool
	now   func() time.Time
	start time.Time
	order []string
	bars  map[string]*docBar
	drawn int
}

type docBar struct {
	bar   *progressbar.ProgressBar
	last  progressData
	ended time.Time // when the document completed or failed; its clock stops
}

// newDisplay shows files, each from the moment the command started.
func newDisplay(w io.Writer, tty bool, files []string) *display {
	return newDisplayClock(w, tty, files, time.Now)
}

// newDisplayClock is newDisplay with the clock a test sets.
func newDisplayClock(w io.Writer, tty bool, files []string, now func() time.Time) *display {
	d := &display{w: w, tty: tty, now: now, start: now(), bars: map[string]*docBar{}}
	for _, f := range files {
		if _, dup := d.bars[f]; dup {
			continue
		}
		d.order = append(d.order, f)
		d.bars[f] = &docBar{
			last: progressData{Status: "waiting"},
			bar: progressbar.NewOptions(100,
				progressbar.OptionSetWriter(io.Discard), // we place the lines ourselves
				progressbar.OptionSetWidth(30),
				progressbar.OptionSetDescription(shorten(f, 28)),
				progressbar.OptionSetRenderBlankState(true),
				progressbar.OptionSetPredictTime(false),
			),
		}
	}
	if tty {
		d.redraw()
	}
	return d
}

// show records a frame for file and redraws.
func (d *display) show(file string, p progressData) {
	d.mu.Lock()
	defer d.mu.Unlock()
	b, ok := d.bars[file]
	if !ok {
		return
	}
	b.last = p
	if (p.Status == "complete" || p.Status == "failed") && b.ended.IsZero() {
		b.ended = d.now()
	}
	_ = b.bar.Set(p.Progress)
	if !d.tty {
		fmt.Fprintf(d.w, "%s: %3d%% %-10s %s\n", file, p.Progress, p.Status, p.Message)
		return
	}
	d.redraw()
}

// tick redraws every interval on a terminal, so the clocks move while no
// frame arrives, until the returned stop is called.
func (d *display) tick(interval time.Duration) (stop func()) {
	if !d.tty {
		return func() {}
	}
	done := make(chan struct{})
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		t := time.NewTicker(interval)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				d.refresh()
			}
		}
	}()
	return func() { close(done); <-stopped; d.refresh() }
}

// refresh redraws without a new frame (on a terminal; a log gets lines
// only for frames).
func (d *display) refresh() {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.tty {
		d.redraw()
	}
}

func (d *display) redraw() {
	if d.drawn > 0 {
		fmt.Fprintf(d.w, "\x1b[%dA", d.drawn) // back to the first bar
	}
	now := d.now()
	for _, file := range d.order {
		b := d.bars[file]
		status := b.last.Status
		if b.last.Status == "failed" && b.last.Error != nil {
			status = "failed: " + b.last.Error.Message
		}
		end := now
		if !b.ended.IsZero() {
			end = b.ended
		}
		fmt.Fprintf(d.w, "\x1b[2K%s %s %s\n", strings.TrimSpace(b.bar.String()), status, elapsed(end.Sub(d.start)))
	}
	d.drawn = len(d.order)
}

func shorten(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return "…" + s[len(s)-n+1:]
}
