package check

import (
	"bytes"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/spf13/afero"

	"coachsim/generator/internal/golden"
	"coachsim/generator/load"
	"coachsim/generator/scenario"
)

// caseOptions gives a few cases non-default limits so that they can show
// the limit's diagnostic with a small input.
var caseOptions = map[string]func(*Options){
	"state-space": func(o *Options) { o.MaxStates = 100 },
}

// fileSystems returns the same testdata through an in-memory copy and
// through the real disk, so the checker is proved on both.
func fileSystems(t *testing.T) map[string]afero.Fs {
	t.Helper()
	mem := afero.NewMemMapFs()
	err := filepath.WalkDir("testdata", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return afero.WriteFile(mem, filepath.ToSlash(strings.TrimPrefix(p, "testdata/")), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return map[string]afero.Fs{
		"mem": mem,
		"os":  afero.NewBasePathFs(afero.NewOsFs(), "testdata"),
	}
}

func TestDiagnostics(t *testing.T) {
	entries, err := os.ReadDir("testdata/diag")
	if err != nil {
		t.Fatal(err)
	}
	fss := fileSystems(t)
	for _, e := range entries {
		name := e.Name()
		if !e.IsDir() && filepath.Ext(name) != ".yaml" {
			continue
		}
		name = strings.TrimSuffix(name, ".yaml")
		t.Run(name, func(t *testing.T) {
			var outputs []string
			for _, fsName := range []string{"mem", "os"} {
				opt := Options{Paths: []string{"diag/" + e.Name()}, LessonsDir: "lessons"}
				if f := caseOptions[name]; f != nil {
					f(&opt)
				}
				res := Run(fss[fsName], opt)
				var buf bytes.Buffer
				if err := res.Diags.Format(&buf, res.Sources); err != nil {
					t.Fatal(err)
				}
				buf.WriteString("--- json\n")
				if err := res.Diags.FormatJSON(&buf); err != nil {
					t.Fatal(err)
				}
				outputs = append(outputs, buf.String())
			}
			if outputs[0] != outputs[1] {
				t.Fatalf("MemMapFs and OsFs disagree:\n--- mem\n%s\n--- os\n%s", outputs[0], outputs[1])
			}
			golden.Check(t, filepath.Join("testdata", "diag", name+".golden"), outputs[0])
		})
	}
}

func TestValidHasNoDiagnostics(t *testing.T) {
	for name, fsys := range fileSystems(t) {
		t.Run(name, func(t *testing.T) {
			res := Run(fsys, Options{Paths: []string{"diag/valid.yaml"}, LessonsDir: "lessons"})
			if len(res.Diags) != 0 {
				t.Fatalf("unexpected diagnostics: %v", res.Diags)
			}
			if len(res.Scenarios) != 1 || res.Analyses["valid"] == nil {
				t.Fatalf("want one analysed scenario, got %d scenarios, analyses %v", len(res.Scenarios), res.Analyses)
			}
		})
	}
}

func TestFileTooLarge(t *testing.T) {
	fsys := afero.NewMemMapFs()
	big := "title: big\nsummary: |\n" + strings.Repeat("  padding padding padding padding padding\n", load.MaxFileSize/40+10)
	if err := afero.WriteFile(fsys, "big.yaml", []byte(big), 0o644); err != nil {
		t.Fatal(err)
	}
	res := Run(fsys, Options{Paths: []string{"big.yaml"}})
	if len(res.Diags) != 1 || !strings.Contains(res.Diags[0].Msg, "larger than") || !res.Diags.HasErrors() {
		t.Fatalf("want one size error, got %v", res.Diags)
	}
}

func TestStateSpaceTooLarge(t *testing.T) {
	// A loop that can wander over the whole plane: 441 positions per moment.
	var b strings.Builder
	b.WriteString("title: t\nsummary: s\ndifficulty: advanced\nminutes: 5\nskills: [quadrant]\nclient: {name: a, role: b, background: c}\nmoments:\n")
	b.WriteString("  a:\n    client: x\n    choices:\n")
	for _, e := range [][2]int{{1, 0}, {0, 1}, {-1, 0}, {0, -1}} {
		fmt.Fprintf(&b, "      - {response: r, trust: %d, accountability: %d, level: none, fit: fits, feedback: f, next: a}\n", e[0], e[1])
	}
	b.WriteString("      - {response: r, trust: 0, accountability: 0, level: none, fit: fits, feedback: f, next: end}\n")
	b.WriteString("  end:\n    client: x\n    ending: {title: t, debrief: d, reflection: [q]}\n")
	fsys := afero.NewMemMapFs()
	_ = afero.WriteFile(fsys, "wander.yaml", []byte(b.String()), 0o644)
	if res := Run(fsys, Options{Paths: []string{"wander.yaml"}}); res.Diags.HasErrors() {
		t.Fatalf("with the default limit the 882 states are fine, got %v", res.Diags)
	}
	res := Run(fsys, Options{Paths: []string{"wander.yaml"}, MaxStates: 100})
	if !res.Diags.HasErrors() || !strings.Contains(res.Diags.String(), "too large to analyse") {
		t.Fatalf("want a too-large error, got %v", res.Diags)
	}
}

// The shipped scenarios are shown in a balanced order: the best option
// (the first authored of the best, as ShownOrders places it; the audit
// splits ties, which can shift half counts) sits at each shown position no
// more often than its share rounded up.
func TestShippedScenariosBalanced(t *testing.T) {
	res := Run(afero.NewOsFs(), Options{Paths: []string{"../../scenarios"}, LessonsDir: "../../content/lessons"})
	if res.Diags.HasErrors() {
		t.Fatalf("shipped scenarios have errors: %v", res.Diags)
	}
	if len(res.Audits) == 0 {
		t.Fatal("no audits")
	}
	for _, s := range res.Scenarios {
		au, orders := res.Audits[s.ID.Value], res.Orders[s.ID.Value]
		if au == nil {
			t.Fatalf("%s: no audit", s.ID.Value)
		}
		counts := make([]int, len(au.Share))
		for _, m := range s.Moments {
			if m.IsDecision() {
				counts[slices.Index(scenario.Shown(orders, m), m.BestChoices()[0])]++
			}
		}
		for k, n := range counts {
			if limit := int(math.Ceil(au.Share[k] - 1e-9)); n > limit {
				t.Errorf("%s: best option at position %d in %d of %d decisions, above its share %.1f rounded up", s.ID.Value, k+1, n, au.Decisions, au.Share[k])
			}
		}
		t.Logf("%s: best at %v (shares %.1f; the audit, splitting ties: %v), longest %d of %d", s.ID.Value, counts, au.Share, au.BestAt, au.BestLongest, au.Decisions)
	}
}
