package publish_test

import (
	"encoding/json"
	"testing"

	"github.com/spf13/afero"

	"coachsim/generator/bench"
	"coachsim/generator/check"
	"coachsim/generator/publish"
)

// A scenario with more routes than publish.MaxMapRoutes gets no map
// picture (dot would take minutes), only the map in words, and its
// supervisor data says how many routes it has.
func TestMapTooLargeIsNotDrawn(t *testing.T) {
	fsys := afero.NewMemMapFs()
	if _, err := (bench.Corpus{Scenarios: 1, Moments: 60}).Write(fsys, "scenarios", "content/lessons"); err != nil {
		t.Fatal(err)
	}
	res := check.Run(fsys, check.Options{Paths: []string{"scenarios"}, LessonsDir: "content/lessons"})
	if res.Diags.HasErrors() || len(res.Scenarios) != 1 {
		t.Fatalf("the corpus does not check: %v", res.Diags)
	}
	if _, err := publish.Generate(fsys, "work", publish.Options{Check: res, ContentDir: "content", Fs: fsys}); err != nil {
		t.Fatal(err)
	}
	id := res.Scenarios[0].ID.Value
	b, err := afero.ReadFile(fsys, "work/data/supervisor/"+id+".json")
	if err != nil {
		t.Fatal(err)
	}
	var sup publish.Supervisor
	if err := json.Unmarshal(b, &sup); err != nil {
		t.Fatal(err)
	}
	if sup.Routes <= publish.MaxMapRoutes {
		t.Fatalf("the corpus has %d routes; the test needs more than %d", sup.Routes, publish.MaxMapRoutes)
	}
	if sup.Map != "" {
		t.Errorf("map %q for %d routes; want none", sup.Map, sup.Routes)
	}
	if ok, _ := afero.Exists(fsys, "work/assets/"+publish.MapAsset(id)); ok {
		t.Error("the map's SVG was written")
	}
	if len(sup.Outline) == 0 || sup.Report == nil {
		t.Error("no map in words or no report")
	}
}
