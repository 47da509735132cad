package main

import (
	"strings"
	"testing"
)

// stream is a `go test -json` run as cmd/test2json writes it: one package
// with a pass, a skip with its message and a failure, one without tests,
// and a fuzz target.
const stream = `{"Action":"start","Package":"docflow/a"}
{"Action":"run","Package":"docflow/a","Test":"TestGood"}
{"Action":"output","Package":"docflow/a","Test":"TestGood","Output":"=== RUN   TestGood\n"}
{"Action":"output","Package":"docflow/a","Test":"TestGood","Output":"    a_test.go:9: noise of a passing test\n"}
{"Action":"output","Package":"docflow/a","Test":"TestGood","Output":"--- PASS: TestGood (0.00s)\n"}
{"Action":"pass","Package":"docflow/a","Test":"TestGood"}
{"Action":"run","Package":"docflow/a","Test":"TestBrowser"}
{"Action":"output","Package":"docflow/a","Test":"TestBrowser","Output":"=== RUN   TestBrowser\n"}
{"Action":"output","Package":"docflow/a","Test":"TestBrowser","Output":"    a_test.go:20: chromium is not installed (apt-get install chromium, or run scripts/test-deps)\n"}
{"Action":"output","Package":"docflow/a","Test":"TestBrowser","Output":"--- SKIP: TestBrowser (0.00s)\n"}
{"Action":"skip","Package":"docflow/a","Test":"TestBrowser"}
{"Action":"run","Package":"docflow/a","Test":"TestBad"}
{"Action":"output","Package":"docflow/a","Test":"TestBad","Output":"=== RUN   TestBad\n"}
{"Action":"output","Package":"docflow/a","Test":"TestBad","Output":"    a_test.go:30: got 3, want 4\n"}
{"Action":"output","Package":"docflow/a","Test":"TestBad","Output":"--- FAIL: TestBad (0.00s)\n"}
{"Action":"fail","Package":"docflow/a","Test":"TestBad"}
{"Action":"output","Package":"docflow/a","Output":"FAIL\n"}
{"Action":"output","Package":"docflow/a","Output":"FAIL\tdocflow/a\t0.012s\n"}
{"Action":"fail","Package":"docflow/a"}
{"Action":"start","Package":"docflow/b"}
{"Action":"output","Package":"docflow/b","Output":"?   \tdocflow/b\t[no test files]\n"}
{"Action":"skip","Package":"docflow/b"}
{"Action":"run","Package":"docflow/c","Test":"FuzzParse"}
{"Action":"output","Package":"docflow/c","Test":"FuzzParse","Output":"fuzz: elapsed: 0s, gathering baseline coverage: 0/3 completed\n"}
{"Action":"output","Package":"docflow/c","Test":"FuzzParse","Output":"fuzz: elapsed: 3s, execs: 48744 (16222/sec), new interesting: 14 (total: 154)\n"}
{"Action":"output","Package":"docflow/c","Test":"FuzzParse","Output":"fuzz: elapsed: 3s, execs: 48750 (0/sec), new interesting: 14 (total: 154)\n"}
{"Action":"output","Package":"docflow/c","Test":"FuzzParse","Output":"--- PASS: FuzzParse (3.14s)\n"}
{"Action":"pass","Package":"docflow/c","Test":"FuzzParse"}
{"Action":"output","Package":"docflow/c","Output":"PASS\n"}
{"Action":"output","Package":"docflow/c","Output":"ok  \tdocflow/c\t3.153s\n"}
{"Action":"pass","Package":"docflow/c"}
`

func run(t *testing.T, in string) (string, bool) {
	t.Helper()
	var out strings.Builder
	r := newReport(&out)
	for _, l := range strings.Split(strings.TrimSuffix(in, "\n"), "\n") {
		r.line([]byte(l))
	}
	ok := r.summary()
	return out.String(), ok
}

func TestReport(t *testing.T) {
	out, ok := run(t, stream)
	if ok {
		t.Error("a stream with a failed test reported success")
	}
	for _, want := range []string{
		"FAIL\tdocflow/a\t0.012s\n", // go test's own package lines stay, CI reads them
		"?   \tdocflow/b\t[no test files]\n",
		"ok  \tdocflow/c\t3.153s\n",
		"    a_test.go:30: got 3, want 4\n--- FAIL: TestBad", // a failed test's output
		"fuzz: elapsed: 3s, execs: 48744",                    // fuzz progress as it comes
		"skipped (1):\n  docflow/a TestBrowser: a_test.go:20: chromium is not installed (apt-get install chromium, or run scripts/test-deps)\n",
		"fuzzed: FuzzParse (docflow/c) 48750 executions\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if !strings.HasSuffix(out, "\n2 passed, 1 failed, 1 skipped\n") {
		t.Errorf("output does not end with the totals:\n%s", out)
	}
	for _, noise := range []string{"noise of a passing test", "=== RUN", "--- PASS", "\nPASS\n"} {
		if strings.Contains(out, noise) {
			t.Errorf("output has %q, which plain go test does not print:\n%s", noise, out)
		}
	}
}

func TestReportPasses(t *testing.T) {
	tests := []struct {
		name, in string
		want     bool
	}{
		{"all passed", `{"Action":"pass","Package":"p","Test":"T"}` + "\n" + `{"Action":"pass","Package":"p"}`, true},
		{"package failed without a failed test (build error, panic in TestMain)", `{"Action":"fail","Package":"p"}`, false},
		{"a subtest failed", `{"Action":"fail","Package":"p","Test":"T/sub"}`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, ok := run(t, tt.in); ok != tt.want {
				t.Errorf("summary = %v, want %v", ok, tt.want)
			}
		})
	}
}

// TestFuzzWithoutExecutions: a target stuck in its seeds says so.
func TestFuzzWithoutExecutions(t *testing.T) {
	out, _ := run(t, `{"Action":"output","Package":"p","Test":"FuzzX","Output":"fuzz: elapsed: 8s, gathering baseline coverage: 0/3 completed\n"}`)
	if !strings.Contains(out, "fuzzed: FuzzX (p) 0 executions (it did not get past its seeds)") {
		t.Errorf("output: %s", out)
	}
}
