// Command testreport reads the event stream of `go test -json` on stdin
// and prints what a plain `go test` run prints (each package's ok, FAIL or
// "no test files" line, and the output of failed tests), the progress of
// fuzz targets, and at the end:
//
//	skipped (2):
//	  docflow/web TestPageAgainstStack: chromium is not installed (...)
//	  ...
//	fuzzed: FuzzParse (docflow/shared/protocol) 48744 executions
//	120 passed, 0 failed, 2 skipped
//
// Passed, failed and skipped count tests and subtests. It exits 1 when a
// test or a package failed, so `make test` can pipe into it.
//
//	go test -json ./... | go run ./internal/testreport
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"regexp"
	"strconv"
	"strings"
)

// event is one line of `go test -json` (cmd/test2json).
type event struct {
	Action  string
	Package string
	Test    string
	Output  string
}

// skip is one skipped test and why.
type skip struct{ pkg, test, why string }

// fuzzRun is the last execution count a fuzz target printed.
type fuzzRun struct {
	pkg, test string
	execs     int64
}

// report is what the stream has said so far.
type report struct {
	out            io.Writer
	passed, failed int
	failedPackages int
	skips          []skip
	fuzz           []*fuzzRun
	buf            map[string][]string // a running test's output lines
	sawFuzz        map[string]*fuzzRun
}

var execsLine = regexp.MustCompile(`^fuzz: elapsed: [^,]*, execs: (\d+) `)

func main() {
	r := newReport(os.Stdout)
	sc := bufio.NewScanner(os.Stdin)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	for sc.Scan() {
		r.line(sc.Bytes())
	}
	if err := sc.Err(); err != nil {
		fmt.Fprintf(os.Stderr, "testreport: read: %v\n", err)
		os.Exit(1)
	}
	if !r.summary() {
		os.Exit(1)
	}
}

func newReport(out io.Writer) *report {
	return &report{out: out, buf: map[string][]string{}, sawFuzz: map[string]*fuzzRun{}}
}

// line takes one line of the stream; a line that is not an event (go
// test's own errors before any package runs) is printed as it is.
func (r *report) line(b []byte) {
	var e event
	if err := json.Unmarshal(b, &e); err != nil || e.Action == "" {
		fmt.Fprintln(r.out, string(b))
		return
	}
	key := e.Package + " " + e.Test
	switch {
	case e.Action == "build-output":
		fmt.Fprint(r.out, e.Output)
	case e.Test == "":
		r.packageEvent(e)
	case e.Action == "output":
		if strings.HasPrefix(e.Output, "fuzz: elapsed: ") {
			f := r.sawFuzz[key]
			if f == nil { // a target that never leaves its seeds still counts, as 0
				f = &fuzzRun{pkg: e.Package, test: e.Test}
				r.sawFuzz[key] = f
				r.fuzz = append(r.fuzz, f)
			}
			if m := execsLine.FindStringSubmatch(e.Output); m != nil {
				f.execs, _ = strconv.ParseInt(m[1], 10, 64)
			}
			fmt.Fprint(r.out, e.Output)
			return
		}
		r.buf[key] = append(r.buf[key], e.Output)
	case e.Action == "pass":
		r.passed++
		delete(r.buf, key)
	case e.Action == "fail":
		r.failed++
		for _, l := range r.buf[key] {
			if !strings.HasPrefix(strings.TrimSpace(l), "=== ") {
				fmt.Fprint(r.out, l)
			}
		}
		delete(r.buf, key)
	case e.Action == "skip":
		r.skips = append(r.skips, skip{e.Package, e.Test, reason(r.buf[key])})
		delete(r.buf, key)
	}
}

// packageEvent prints a package's own lines as go test prints them
// (ok, FAIL, "no test files", panics, build errors) and drops the
// PASS line plain go test does not print either.
func (r *report) packageEvent(e event) {
	switch e.Action {
	case "output":
		if e.Output == "PASS\n" || e.Output == "testing: warning: no tests to run\n" {
			return
		}
		fmt.Fprint(r.out, e.Output)
	case "fail":
		r.failedPackages++
	}
}

// reason is a skipped test's own messages: its log lines, without the
// === and --- lines go test adds.
func reason(lines []string) string {
	var why []string
	for _, l := range lines {
		t := strings.TrimSpace(l)
		if t == "" || strings.HasPrefix(t, "=== ") || strings.HasPrefix(t, "--- ") {
			continue
		}
		why = append(why, t)
	}
	if len(why) == 0 {
		return "(no message)"
	}
	return strings.Join(why, " ")
}

// summary prints the skips, the fuzz counts and the totals; it reports
// whether everything passed.
func (r *report) summary() bool {
	if len(r.skips) > 0 {
		fmt.Fprintf(r.out, "skipped (%d):\n", len(r.skips))
		for _, s := range r.skips {
			fmt.Fprintf(r.out, "  %s %s: %s\n", s.pkg, s.test, s.why)
		}
	}
	for _, f := range r.fuzz {
		note := ""
		if f.execs == 0 {
			note = " (it did not get past its seeds)"
		}
		fmt.Fprintf(r.out, "fuzzed: %s (%s) %d executions%s\n", f.test, f.pkg, f.execs, note)
	}
	fmt.Fprintf(r.out, "%d passed, %d failed, %d skipped\n", r.passed, r.failed, len(r.skips))
	return r.failed == 0 && r.failedPackages == 0
}
