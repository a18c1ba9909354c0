package schema

import (
	"bytes"
	"os"
	"testing"

	"github.com/spf13/afero"
)

// TestCommittedSchemaIsCurrent fails while scenarios/scenario.schema.json
// differs from what the format's definition generates.
func TestCommittedSchemaIsCurrent(t *testing.T) {
	names, err := LessonNames(afero.NewOsFs(), "../../content/lessons")
	if err != nil {
		t.Fatal(err)
	}
	want, err := Generate(names)
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("../../scenarios/scenario.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("scenarios/scenario.schema.json is stale: run go generate ./generator/schema and commit the result")
	}
}

func TestLessonNames(t *testing.T) {
	fsys := afero.NewMemMapFs()
	for _, name := range []string{"b.md", "a.md", "_index.md", "notes.txt"} {
		if err := afero.WriteFile(fsys, "l/"+name, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := fsys.MkdirAll("l/dir.md", 0o755); err != nil {
		t.Fatal(err)
	}
	got, err := LessonNames(fsys, "l")
	if err != nil || len(got) != 2 || got[0] != "a" || got[1] != "b" {
		t.Errorf("LessonNames = %v, %v; want [a b]", got, err)
	}
}

func TestUpTo(t *testing.T) {
	for n, want := range map[int]string{3: "[0-3]", 10: "[0-9]|10", 12: "[0-9]|10|11|12"} {
		if got := upTo(n); got != want {
			t.Errorf("upTo(%d) = %q, want %q", n, got, want)
		}
	}
}

// TestCommittedCohortSchemaIsCurrent fails while scenarios/cohort.schema.json
// differs from what the cohort's definition generates.
func TestCommittedCohortSchemaIsCurrent(t *testing.T) {
	want, err := GenerateCohort()
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("../../scenarios/cohort.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("scenarios/cohort.schema.json is stale: run go generate ./generator/schema and commit the result")
	}
}
