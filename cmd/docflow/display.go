package main

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"
)

// display shows one progress bar per document. On a terminal it redraws all
// bars in place; otherwise (a pipe, a CI log) it prints one line per change,
// which reads well in logs.
type display struct {
	mu    sync.Mutex
	w     io.Writer
	tty   bool
	order []string
	bars  map[string]*docBar
	drawn int
}

type docBar struct {
	bar     *progressbar.ProgressBar
	started time.Time
	last    progressData
}

func newDisplay(w io.Writer, tty bool) *display {
	return &display{w: w, tty: tty, bars: map[string]*docBar{}}
}

// show records a frame for file and redraws.
func (d *display) show(file string, p progressData) {
	d.mu.Lock()
	defer d.mu.Unlock()
	b, ok := d.bars[file]
	if !ok {
		b = &docBar{
			started: time.Now(),
			bar: progressbar.NewOptions(100,
				progressbar.OptionSetWriter(io.Discard), // we place the lines ourselves
				progressbar.OptionSetWidth(30),
				progressbar.OptionSetDescription(shorten(file, 28)),
				progressbar.OptionSetRenderBlankState(true),
				progressbar.OptionSetPredictTime(false),
			),
		}
		d.bars[file] = b
		d.order = append(d.order, file)
	}
	b.last = p
	_ = b.bar.Set(p.Progress)
	if !d.tty {
		fmt.Fprintf(d.w, "%s: %3d%% %-10s %s\n", file, p.Progress, p.Status, p.Message)
		return
	}
	d.redraw()
}

func (d *display) redraw() {
	if d.drawn > 0 {
		fmt.Fprintf(d.w, "\x1b[%dA", d.drawn) // back to the first bar
	}
	for _, file := range d.order {
		b := d.bars[file]
		status := b.last.Status
		if b.last.Status == "failed" && b.last.Error != nil {
			status = "failed: " + b.last.Error.Message
		}
		fmt.Fprintf(d.w, "\x1b[2K%s %s %s\n", strings.TrimSpace(b.bar.String()), status, elapsed(time.Since(b.started)))
	}
	d.drawn = len(d.order)
}

func shorten(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return "…" + s[len(s)-n+1:]
}
