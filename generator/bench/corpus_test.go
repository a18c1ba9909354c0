package bench

import (
	"bytes"
	"testing"

	"github.com/spf13/afero"

	"coachsim/generator/check"
	"coachsim/generator/diag"
)

// TestCorpusIsValid checks that generated corpora pass the checker with no
// errors, so the benchmarks measure real work and not error paths.
func TestCorpusIsValid(t *testing.T) {
	for _, c := range []Corpus{{3, 4, 0}, {3, 40, 0}, {1, 1000, 0}, {3, 40, 4}, {1, 1000, 8}} {
		fsys := afero.NewMemMapFs()
		st, err := c.Write(fsys, "scenarios", "content/lessons")
		if err != nil {
			t.Fatal(err)
		}
		res := check.Run(fsys, check.Options{Paths: []string{"scenarios"}, LessonsDir: "content/lessons"})
		var buf bytes.Buffer
		res.Diags.Format(&buf, res.Sources)
		if res.Diags.HasErrors() {
			t.Fatalf("%+v: errors:\n%s", c, buf.String())
		}
		warnings := 0
		for _, d := range res.Diags {
			if d.Severity == diag.Warning {
				warnings++
			}
		}
		if len(res.Scenarios) != c.Scenarios {
			t.Errorf("%+v: %d scenarios loaded", c, len(res.Scenarios))
		}
		t.Logf("%+v: %d moments, %d choices, %d bytes, %d warnings", c, st.Moments, st.Choices, st.Bytes, warnings)
		if warnings > 0 && testing.Verbose() {
			t.Logf("%s", buf.String())
		}
	}
}
