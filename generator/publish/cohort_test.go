package publish

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/spf13/afero"

	"coachsim/generator/check"
	"coachsim/generator/internal/golden"
)

// TestGenerateCohort builds the working copy of a project with a
// cohort.yaml: only the cohort's scenarios are written, data/cohort.json
// (golden) holds its name, rendered welcome and notes, order and
// facilitator, and without the cohort file again the data file goes and
// every scenario comes back.
func TestGenerateCohort(t *testing.T) {
	fsys := memProject(t)
	write(t, fsys, "cohort.yaml", `name: Spring cohort
welcome: |
  Play **each** scenario twice. <b>raw</b>
scenarios: [report, flags]
facilitator: {name: Sam, contact: sam@example.org}
notes:
  report: Ask where it *turned*.
  hugo-syntax: not included, so left out
`)
	res := check.Run(fsys, check.Options{Paths: []string{"scenarios"}, LessonsDir: "content/lessons", Cohort: "cohort.yaml"})
	if res.Diags.HasErrors() || res.Cohort == nil {
		t.Fatalf("the cohort did not check: %v", res.Diags)
	}
	opts := Options{Check: res, Scenarios: res.Cohort.IDs(), Cohort: res.Cohort}
	if _, err := Generate(fsys, "work", opts); err != nil {
		t.Fatal(err)
	}
	golden.Check(t, filepath.Join("testdata", "cohort.golden"), read(t, fsys, "work/data/cohort.json"))
	var data []string
	for _, f := range tree(t, fsys, "work/data/scenarios") {
		data = append(data, f)
	}
	if strings.Join(data, " ") != "flags.json report.json" {
		t.Errorf("scenario data %v, want only the cohort's flags and report", data)
	}
	if strings.Contains(read(t, fsys, "work/data/cohort.json"), "<b>") {
		t.Error("raw HTML reached the cohort's data")
	}

	res.Cohort = nil
	if _, err := Generate(fsys, "work", Options{Check: res}); err != nil {
		t.Fatal(err)
	}
	if ok, _ := afero.Exists(fsys, "work/data/cohort.json"); ok {
		t.Error("data/cohort.json was kept after the cohort file went")
	}
	if n := len(tree(t, fsys, "work/data/scenarios")); n != len(res.Scenarios) {
		t.Errorf("%d scenarios written without a cohort, want all %d", n, len(res.Scenarios))
	}
}
