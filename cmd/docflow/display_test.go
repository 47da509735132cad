package main

import (
	"bytes"
	"regexp"
	"strings"
	"testing"
	"time"
)

// fakeClock is a clock the test moves.
type fakeClock struct{ t time.Time }

func (c *fakeClock) now() time.Time      { return c.t }
func (c *fakeClock) add(d time.Duration) { c.t = c.t.Add(d) }

var ansi = regexp.MustCompile(`\x1b\[[0-9]*[A-Z]`)

// screen is what a terminal shows after out: the last redraw of n rows.
func screen(out string, n int) []string {
	lines := strings.Split(strings.TrimRight(ansi.ReplaceAllString(out, ""), "\n"), "\n")
	return lines[len(lines)-n:]
}

// TestDisplayOnTerminal: rows come in the order of the arguments whatever
// order their frames arrive in, every clock moves while no frame arrives
// (from the moment the command started), and a finished row's clock
// stops.
func TestDisplayOnTerminal(t *testing.T) {
	clock := &fakeClock{t: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	var out bytes.Buffer
	d := newDisplayClock(&out, true, []string{"first.pdf", "second.pdf"}, clock.now)

	clock.add(3 * time.Second)
	d.refresh() // the ticker's redraw, before any frame
	rows := screen(out.String(), 2)
	if !strings.HasPrefix(rows[0], "first.pdf") || !strings.HasPrefix(rows[1], "second.pdf") {
		t.Fatalf("rows not in argument order: %q", rows)
	}
	for _, r := range rows {
		if !strings.HasSuffix(r, "waiting 3s") {
			t.Errorf("row %q: want waiting at 3s before the first frame", r)
		}
	}

	// second.pdf's frames come first and it finishes at 5 s.
	clock.add(2 * time.Second)
	d.show("second.pdf", progressData{Progress: 100, Status: "complete"})
	clock.add(4 * time.Second)
	d.show("first.pdf", progressData{Progress: 40, Status: "processing"})
	clock.add(time.Second)
	d.refresh()
	rows = screen(out.String(), 2)
	if !strings.HasPrefix(rows[0], "first.pdf") || !strings.HasPrefix(rows[1], "second.pdf") {
		t.Fatalf("rows not in argument order: %q", rows)
	}
	if !strings.HasSuffix(rows[0], "processing 10s") {
		t.Errorf("running row %q: want its clock at 10s", rows[0])
	}
	if !strings.HasSuffix(rows[1], "complete 5s") {
		t.Errorf("finished row %q: want its clock stopped at 5s", rows[1])
	}
}

// TestDisplayInLog: off a terminal every frame is one line and nothing is
// redrawn.
func TestDisplayInLog(t *testing.T) {
	var out bytes.Buffer
	d := newDisplay(&out, false, []string{"a.txt"})
	d.refresh()
	d.show("a.txt", progressData{Progress: 10, Status: "starting", Message: "Starting document processing..."})
	if got, want := out.String(), "a.txt:  10% starting   Starting document processing...\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
