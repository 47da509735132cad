package journal

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
)

type rec struct {
	N int `json:"n"`
}

func readAll(t *testing.T, path string) []int {
	t.Helper()
	var got []int
	if err := ReadFile(path, func(r rec) error { got = append(got, r.N); return nil }); err != nil {
		t.Fatalf("read back: %v", err)
	}
	return got
}

// TestGroupCommit appends from many goroutines and only then waits, all
// at once: the first wait's fsync covers every record, so the others
// return without one.
func TestGroupCommit(t *testing.T) {
	tests := []struct {
		name    string
		appends int
	}{
		{"one", 1},
		{"eight", 8},
		{"two hundred", 200},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "j")
			w, err := Open(path, 0o600, func(rec) error { return nil })
			if err != nil {
				t.Fatal(err)
			}
			waits := make([]func() error, tc.appends)
			var wg sync.WaitGroup
			for i := range tc.appends {
				wg.Add(1)
				go func() {
					defer wg.Done()
					waits[i] = w.Append(rec{i})
				}()
			}
			wg.Wait()
			errs := make([]error, tc.appends)
			for i, wait := range waits {
				wg.Add(1)
				go func() {
					defer wg.Done()
					errs[i] = wait()
				}()
			}
			wg.Wait()
			if err := errors.Join(errs...); err != nil {
				t.Fatal(err)
			}
			if got, want := w.Fsyncs(), int64(1); got != want {
				t.Errorf("fsyncs for %d concurrent appends = %d, want %d", tc.appends, got, want)
			}
			// What the waits acknowledged is in the file, before Close.
			got := readAll(t, path)
			slices.Sort(got)
			if len(got) != tc.appends || got[0] != 0 || got[len(got)-1] != tc.appends-1 {
				t.Errorf("file holds %d records (%v…), want 0..%d", len(got), got[:min(len(got), 3)], tc.appends-1)
			}
			if err := w.Close(); err != nil {
				t.Fatal(err)
			}
			if got, want := w.Fsyncs(), int64(1); got != want {
				t.Errorf("fsyncs after Close = %d, want %d (nothing new to sync)", got, want)
			}
		})
	}
}

func TestAppendAfterClose(t *testing.T) {
	path := filepath.Join(t.TempDir(), "j")
	w, err := Open(path, 0o600, func(rec) error { return nil })
	if err != nil {
		t.Fatal(err)
	}
	before := w.Append(rec{1}) // not waited for before Close
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if err := before(); err != nil {
		t.Errorf("wait of an append before Close = %v, want nil (Close syncs it)", err)
	}
	if err := w.Append(rec{2})(); !errors.Is(err, ErrClosed) {
		t.Errorf("wait of an append after Close = %v, want ErrClosed", err)
	}
	if err := w.Sync(); !errors.Is(err, ErrClosed) {
		t.Errorf("Sync after Close = %v, want ErrClosed", err)
	}
	if got, want := readAll(t, path), []int{1}; !slices.Equal(got, want) {
		t.Errorf("records = %v, want %v", got, want)
	}
}

func TestUnencodableRecordFailsTheWriter(t *testing.T) {
	w, err := Open(filepath.Join(t.TempDir(), "j"), 0o600, func(rec) error { return nil })
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if err := w.Append(rec{1}, func() {})(); err == nil {
		t.Fatal("appending a func: no error")
	}
	if err := w.Append(rec{2})(); err == nil {
		t.Error("an append after a failed one was acknowledged; what follows a lost record must not be")
	}
}

// TestOpen replays files as a crash (or a corruption) leaves them, then
// appends to the ones it accepts and reads them back.
func TestOpen(t *testing.T) {
	tests := []struct {
		name     string
		body     string
		want     []int
		wantLine int    // a *LineError for this line; 0: Open succeeds
		wantKept string // the file after Open, when it succeeds
	}{
		{name: "empty", body: "", want: nil, wantKept: ""},
		{name: "whole", body: "{\"n\":1}\n{\"n\":2}\n", want: []int{1, 2}, wantKept: "{\"n\":1}\n{\"n\":2}\n"},
		{name: "torn half a record", body: "{\"n\":1}\n{\"n\":", want: []int{1}, wantKept: "{\"n\":1}\n"},
		{name: "torn whole record without its newline", body: "{\"n\":1}\n{\"n\":2}", want: []int{1}, wantKept: "{\"n\":1}\n"},
		{name: "torn last line then blank space", body: "{\"n\":1}\n{\"n\n\n  \n", want: []int{1}, wantKept: "{\"n\":1}\n"},
		{name: "trailing blank line", body: "{\"n\":1}\n\n", want: []int{1}, wantKept: "{\"n\":1}\n"},
		{name: "bad middle line", body: "{\"n\":1}\nnot json\n{\"n\":3}\n", wantLine: 2},
		{name: "bad first line", body: "{\"n\"\n{\"n\":2}\n", wantLine: 1},
		{name: "blank middle line", body: "{\"n\":1}\n\n{\"n\":3}\n", wantLine: 2},
		{name: "record apply refuses", body: "{\"n\":1}\n{\"n\":-1}\n", wantLine: 2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "j")
			if err := os.WriteFile(path, []byte(tc.body), 0o600); err != nil {
				t.Fatal(err)
			}
			var got []int
			w, err := Open(path, 0o600, func(r rec) error {
				if r.N < 0 {
					return errors.New("negative")
				}
				got = append(got, r.N)
				return nil
			})
			if tc.wantLine != 0 {
				var le *LineError
				if !errors.As(err, &le) || le.Line != tc.wantLine || !strings.Contains(err.Error(), "line") {
					t.Fatalf("Open = %v, want a LineError for line %d", err, tc.wantLine)
				}
				if w != nil {
					t.Error("Open returned a Writer with its error")
				}
				return
			}
			if err != nil {
				t.Fatalf("Open: %v", err)
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("replayed %v, want %v", got, tc.want)
			}
			if b, _ := os.ReadFile(path); string(b) != tc.wantKept {
				t.Errorf("file after Open = %q, want %q", b, tc.wantKept)
			}
			// Reopen-append: new records follow the last whole one.
			if err := w.Append(rec{7}, rec{8})(); err != nil {
				t.Fatal(err)
			}
			if err := w.Close(); err != nil {
				t.Fatal(err)
			}
			if got, want := readAll(t, path), append(slices.Clone(tc.want), 7, 8); !slices.Equal(got, want) {
				t.Errorf("after appending: %v, want %v", got, want)
			}
		})
	}
}

func TestCreateRefusesAnExistingFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "j")
	w, err := Create(path, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Append(rec{1})(); err != nil {
		t.Fatal(err)
	}
	w.Close()
	if _, err := Create(path, 0o600); !errors.Is(err, os.ErrExist) {
		t.Errorf("Create over an existing journal = %v, want ErrExist", err)
	}
	if got, want := readAll(t, path), []int{1}; !slices.Equal(got, want) {
		t.Errorf("records = %v, want %v", got, want)
	}
}

func TestRewrite(t *testing.T) {
	path := filepath.Join(t.TempDir(), "j")
	if err := os.WriteFile(path, []byte("{\"n\":1}\n{\"n\":2}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := Rewrite(path, func(put func(any) error) error { return put(rec{9}) }); err != nil {
		t.Fatal(err)
	}
	if got, want := readAll(t, path), []int{9}; !slices.Equal(got, want) {
		t.Errorf("after Rewrite: %v, want %v", got, want)
	}
	failing := errors.New("snapshot failed")
	if err := Rewrite(path, func(put func(any) error) error { put(rec{10}); return failing }); !errors.Is(err, failing) {
		t.Errorf("Rewrite = %v, want the snapshot's error", err)
	}
	if got, want := readAll(t, path), []int{9}; !slices.Equal(got, want) {
		t.Errorf("after a failed Rewrite: %v, want the old %v", got, want)
	}
	if _, err := os.Stat(path + ".tmp"); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a failed Rewrite left its temporary file: %v", err)
	}
}
