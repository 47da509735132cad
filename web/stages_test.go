package web

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"regexp"
	"testing"

	"docflow/shared/progress"
)

var updateStages = flag.Bool("update-stages", false, "rewrite static/stages.json from the stage table (shared/progress)")

// stagesFile is the stage table as the page reads it.
type stagesFile struct {
	Comment    string          `json:"comment"`
	Stages     []progress.Step `json:"stages"`
	Processing struct {
		Min int `json:"min"`
		Max int `json:"max"`
	} `json:"processing"`
}

func stagesJSON(t *testing.T) []byte {
	t.Helper()
	f := stagesFile{
		Comment: "Generated from the stage table in shared/progress by `go test ./web -run StagesJSON -update-stages`; do not edit.",
		Stages:  progress.Table,
	}
	f.Processing.Min, f.Processing.Max = progress.MinProcessing, progress.MaxProcessing
	b, err := json.MarshalIndent(f, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return append(b, '\n')
}

// TestStagesJSONIsTheStageTable: static/stages.json, which the page reads
// (also from static hosting, against a deployed stack), is the stage table
// of shared/progress, byte for byte.
func TestStagesJSONIsTheStageTable(t *testing.T) {
	const path = "static/stages.json"
	want := stagesJSON(t)
	if *updateStages {
		if err := os.WriteFile(path, want, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./web -run StagesJSON -update-stages)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s is not the stage table; run go test ./web -run StagesJSON -update-stages\ngot:\n%s\nwant:\n%s", path, got, want)
	}
}

// TestPageCopiesNoThresholds: the page's scripts take stage progress from
// stages.json rather than from numbers of their own.
func TestPageCopiesNoThresholds(t *testing.T) {
	compare := regexp.MustCompile(`progress\s*[<>]=?\s*\d+`)
	for _, name := range []string{"static/view.js", "static/documents.js", "static/app.js"} {
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		if m := compare.Find(b); m != nil {
			t.Errorf("%s compares progress with a number of its own (%q): read it from stages.json", name, m)
		}
	}
}
