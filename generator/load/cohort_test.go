package load

import (
	"os"
	"strings"
	"testing"

	"github.com/spf13/afero"
)

// TestCohort reads cohort files: each case gives the cohort's values or
// exactly the listed messages, with their positions.
func TestCohort(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		want      []string // "line:col: severity: substring"
		check     func(t *testing.T, got string)
	}{
		{name: "all keys", src: "name: Spring\nwelcome: Hi\nscenarios: [a, b]\nfacilitator:\n  name: Sam\n  contact: s@x\nnotes:\n  a: Ask.\n  b: |\n    Two\n    lines\n"},
		{name: "scenarios one scalar", src: "name: x\nscenarios: a\n", want: []string{`2:12: error: "scenarios" must be a list, found the text "a"`}},
		{name: "bad note id", src: "name: x\nnotes:\n  Not An Id: y\n", want: []string{`3:3: error: "Not An Id" is not a scenario id`}},
		{name: "empty note", src: "name: x\nnotes:\n  a:\n", want: []string{`3:3: error: the notes for "a" have no text`}},
		{name: "duplicate note", src: "name: x\nnotes:\n  a: y\n  a: z\n", want: []string{`4:3: error: notes for scenario "a" are already given at line 3`}},
		{name: "notes not a mapping", src: "name: x\nnotes: [a]\n", want: []string{`2:8: error: notes must be a mapping`}},
		{name: "long note", src: "name: x\nnotes:\n  a: " + strings.Repeat("n", 6001) + "\n", want: []string{`3:6: error: the notes for a is 6001 characters long; the limit is 6000`}},
		{name: "alias", src: "name: &n x\nwelcome: *n\n", want: []string{`2:10: error: YAML aliases`}},
		{name: "blank name", src: "name: \"  \"\n", want: []string{`1:7: error: the cohort's name is blank`}},
		{name: "empty file", src: "# nothing\n", want: []string{`1:1: error: the cohort file is empty`}},
		{name: "not a mapping", src: "- a\n", want: []string{`1:1: error: a cohort file must be a mapping`}},
		{name: "syntax", src: "name: [x\n", want: []string{`error: YAML syntax`}},
		{name: "control character", src: "name: a\x01\n", want: []string{`1:8: error: control character U+0001`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, d := Cohort("cohort.yaml", []byte(tc.src))
			if len(d) != len(tc.want) {
				t.Fatalf("got %d messages, want %d: %v", len(d), len(tc.want), d)
			}
			for i, w := range tc.want {
				if !strings.Contains(d[i].String(), w) {
					t.Errorf("message %d:\n got %s\nwant %s", i, d[i], w)
				}
			}
			if len(tc.want) == 0 {
				if c == nil || c.Name.Value == "" || c.Name.Pos.Line != 1 {
					t.Fatalf("cohort %+v", c)
				}
			}
		})
	}
	c, _ := Cohort("cohort.yaml", []byte("name: Spring\nscenarios: [b, a]\nfacilitator: {name: Sam, contact: s@x}\nnotes:\n  a: |\n    Two\n    lines\n"))
	if got := strings.Join(c.IDs(), ","); got != "b,a" {
		t.Errorf("ids %q", got)
	}
	if c.Facilitator == nil || c.Facilitator.Contact.Value != "s@x" || c.Facilitator.Contact.Pos.Col != 35 {
		t.Errorf("facilitator %+v", c.Facilitator)
	}
	if n := c.Note("a"); n == nil || n.Text.Value != "Two\nlines\n" || n.Scenario.Pos.Line != 5 || n.Text.Pos.Line != 5 && n.Text.Pos.Line != 6 {
		t.Errorf("note %+v", n)
	}
}

// A missing cohort file is no cohort and no problem; a folder is an error.
func TestCohortFile(t *testing.T) {
	fsys := afero.NewMemMapFs()
	if c, src, d := CohortFile(fsys, "cohort.yaml"); c != nil || src != nil || d != nil {
		t.Errorf("missing file: %v %q %v", c, src, d)
	}
	fsys.MkdirAll("cohort.yaml", 0o755)
	if _, _, d := CohortFile(fsys, "cohort.yaml"); !d.HasErrors() {
		t.Error("a folder named cohort.yaml passed")
	}
	disk := t.TempDir() + "/cohort.yaml"
	os.WriteFile(disk, []byte("\ufeffname: On disk\n"), 0o644)
	if c, _, d := CohortFile(afero.NewOsFs(), disk); c == nil || c.Name.Value != "On disk" || len(d) > 0 {
		t.Errorf("on disk: %+v %v", c, d)
	}
}

// FuzzCohort: any cohort file ends in a cohort or positioned errors in
// the file, never a panic.
func FuzzCohort(f *testing.F) {
	if b, err := os.ReadFile("../../cohort.example.yaml"); err == nil {
		f.Add(b)
	}
	f.Add([]byte("name: x\nnotes: {a: b}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, d := Cohort("cohort.yaml", data)
		for _, x := range d {
			if x.Pos.File != "cohort.yaml" || x.Msg == "" {
				t.Fatalf("diagnostic without its file or message: %v", x)
			}
		}
		if c != nil && !d.HasErrors() && c.Name.Value == "" {
			t.Fatal("a cohort without a name passed")
		}
	})
}
