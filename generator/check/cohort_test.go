package check

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/spf13/afero"
)

// TestCohort checks cohort.yaml against the scenarios it names, on a
// memory file system: each case's file gives exactly the listed messages.
func TestCohort(t *testing.T) {
	scen, err := afero.ReadFile(afero.NewOsFs(), "testdata/diag/valid.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, yaml string
		want       []string // "line:col: severity: substring", in order
		noCohort   bool
	}{
		{name: "valid", yaml: "name: Spring\nscenarios: [valid]\nnotes:\n  valid: Ask **why**.\n"},
		{name: "no file", noCohort: true},
		{name: "unknown id", yaml: "name: Spring\nscenarios: [vald]\n",
			want: []string{`2:13: error: "vald" in scenarios is not the id of any scenario (did you mean "valid"?)`}},
		{name: "duplicate", yaml: "name: Spring\nscenarios:\n  - valid\n  - valid\n",
			want: []string{`4:5: error: scenario "valid" is listed twice in scenarios (first at line 3)`}},
		{name: "notes not included", yaml: "name: Spring\nscenarios: []\nnotes: {valid: x}\n"},
		{name: "notes for no scenario", yaml: "name: Spring\nnotes:\n  other: x\n",
			want: []string{`3:3: error: "other" in notes is not the id of any scenario (the scenarios are: valid)`}},
		{name: "raw HTML", yaml: "name: Spring\nwelcome: \"hi <b>there</b>\"\nnotes:\n  valid: \"<i>x</i>\"\n",
			want: []string{`2:14: warning: raw HTML "<b>"`, `4:11: warning: raw HTML "<i>"`}},
		{name: "missing name", yaml: "welcome: hi\n",
			want: []string{`1:1: error: the cohort file is missing required key "name"`}},
		{name: "unknown key", yaml: "name: x\nfacilitatr: {name: a}\n",
			want: []string{`2:1: error: unknown key "facilitatr" in the cohort file (did you mean "facilitator"?)`}},
		{name: "facilitator key", yaml: "name: x\nfacilitator: {nam: a}\n",
			want: []string{`2:15: error: unknown key "nam" in the facilitator (did you mean "name"?)`}},
		{name: "bom and long name", yaml: "\uFEFFname: " + strings.Repeat("a", 81) + "\n",
			want: []string{`1:7: error: name is 81 characters long; the limit is 80`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fsys := afero.NewMemMapFs()
			afero.WriteFile(fsys, "scenarios/valid.yaml", scen, 0o644)
			if !tc.noCohort {
				afero.WriteFile(fsys, "cohort.yaml", []byte(tc.yaml), 0o644)
			}
			res := Run(fsys, Options{Paths: []string{"scenarios"}, LessonsDir: "testdata/lessons", Cohort: "cohort.yaml"})
			var got []string
			for _, d := range res.Diags {
				if d.Pos.File == "cohort.yaml" {
					got = append(got, d.String())
				}
			}
			if len(got) != len(tc.want) {
				t.Fatalf("got %d messages, want %d:\n%s", len(got), len(tc.want), strings.Join(got, "\n"))
			}
			for i, w := range tc.want {
				if !strings.Contains(got[i], w) {
					t.Errorf("message %d:\n got %s\nwant %s", i, got[i], w)
				}
			}
			if tc.noCohort != (res.Cohort == nil) {
				t.Errorf("cohort %v, want none: %v", res.Cohort, tc.noCohort)
			}
		})
	}
}

// The sample cohort file passes check against the shipped scenarios with no
// message, and the cohort schema accepts it (and rejects a misspelt key).
func TestCohortExample(t *testing.T) {
	res := Run(afero.NewOsFs(), Options{Paths: []string{"../../scenarios"}, LessonsDir: "../../content/lessons", Cohort: "../../cohort.example.yaml"})
	if res.Cohort == nil || len(res.Cohort.IDs()) == 0 {
		t.Fatal("cohort.example.yaml was not read, or lists no scenarios")
	}
	for _, d := range res.Diags {
		t.Errorf("%s", d)
	}
	raw, err := os.ReadFile("../../scenarios/cohort.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("cohort.schema.json", doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile("cohort.schema.json")
	if err != nil {
		t.Fatalf("the cohort schema does not compile: %v", err)
	}
	if err := sch.Validate(yamlToJSON(t, "../../cohort.example.yaml")); err != nil {
		t.Errorf("the schema rejects cohort.example.yaml: %v", err)
	}
	if err := sch.Validate(yamlValueToJSON(t, []byte("name: x\nfacilitatr: {name: a}\n"))); err == nil {
		t.Error("the schema accepts an unknown key")
	}
}
