package publish

import (
	"encoding/json"
	"fmt"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spf13/afero"

	"coachsim/generator/analysis"
	"coachsim/generator/check"
	"coachsim/generator/render"
	"coachsim/generator/scenario"
)

// TestScoringAgrees runs the scoring half of site/assets/js/coachsim.js
// (window.CoachSim.replay) under Node on every path the Go analysis
// enumerates, on loops, on random and on invalid paths, for the test
// scenarios and the shipped ones, and requires the same steps, positions,
// routes, end moment and quadrant as analysis.Play, the same flags set, and
// at an ending the same debrief paragraphs shown. It skips where Node is
// not installed; the browser tests make the same comparison in Chromium.
func TestScoringAgrees(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the site's script under node")
	}
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node is not installed; the browser tests compare the scoring in Chromium")
	}
	script, err := os.ReadFile(filepath.Join("..", "..", "site", "assets", "js", "coachsim.js"))
	if err != nil {
		t.Fatal(err)
	}
	var scens []*scenario.Scenario
	for _, dir := range []string{"testdata/scenarios", "../../scenarios", "../e2e/testdata/scenarios"} {
		res := check.Run(afero.NewOsFs(), check.Options{Paths: []string{dir}, LessonsDir: "../../content/lessons"})
		if res.Diags.HasErrors() {
			t.Logf("skipping %s: it has errors", dir)
			continue
		}
		scens = append(scens, res.Scenarios...)
	}
	if len(scens) == 0 {
		t.Fatal("no scenarios")
	}

	c := &content{md: render.New()}
	var data strings.Builder
	type jsCase struct {
		ID   string `json:"id"`
		Path []int  `json:"path"`
	}
	var cases []jsCase
	rng := rand.New(rand.NewSource(1))
	for _, s := range scens {
		d, _ := c.scenarioData(s)
		b, err := dataScript("COACHSIM_DATA", s.ID.Value, d)
		if err != nil {
			t.Fatal(err)
		}
		data.Write(b)
		paths, _ := analysis.Paths(s, 2000)
		for _, p := range paths {
			ch := p.Choices()
			cases = append(cases, jsCase{s.ID.Value, ch})
			if len(ch) > 1 {
				cases = append(cases, jsCase{s.ID.Value, ch[:len(ch)/2]})
			}
		}
		cases = append(cases, jsCase{s.ID.Value, []int{}}, jsCase{s.ID.Value, []int{99}})
		for i := 0; i < 300; i++ {
			p := make([]int, rng.Intn(16))
			for j := range p {
				p[j] = rng.Intn(4)
			}
			cases = append(cases, jsCase{s.ID.Value, p})
		}
		// Loops: the first choice over and over, until the clamp holds.
		cases = append(cases, jsCase{s.ID.Value, make([]int, 30)})
	}

	dir := t.TempDir()
	casesJSON, _ := json.Marshal(cases)
	driver := `
global.window = global;
global.document = { body: { getAttribute: function () { return null; } } };
global.addEventListener = function () {};
var fs = require("fs");
eval(fs.readFileSync(process.argv[2], "utf8"));
eval(fs.readFileSync(process.argv[3], "utf8"));
var cases = JSON.parse(fs.readFileSync(process.argv[4], "utf8"));
process.stdout.write(JSON.stringify(cases.map(function (c) { return window.CoachSim.replay(c.id, c.path); })));
`
	files := map[string][]byte{"data.js": []byte(data.String()), "coachsim.js": script, "cases.json": casesJSON, "driver.js": []byte(driver)}
	for name, b := range files {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out, err := exec.Command(node, filepath.Join(dir, "driver.js"), filepath.Join(dir, "data.js"), filepath.Join(dir, "coachsim.js"), filepath.Join(dir, "cases.json")).Output()
	if err != nil {
		if ee, ok := err.(*exec.ExitError); ok {
			t.Fatalf("node: %v\n%s", err, ee.Stderr)
		}
		t.Fatal(err)
	}
	type jsStep struct {
		Moment         string `json:"moment"`
		Choice         int    `json:"choice"`
		Trust          int    `json:"trust"`
		Accountability int    `json:"accountability"`
		Next           string `json:"next"`
	}
	type jsResult struct {
		OK             bool     `json:"ok"`
		Trust          int      `json:"trust"`
		Accountability int      `json:"accountability"`
		Quadrant       string   `json:"quadrant"`
		Moment         string   `json:"moment"`
		Steps          []jsStep `json:"steps"`
		Flags          []string `json:"flags"`
		Debrief        *[]int   `json:"debrief"`
	}
	var got []jsResult
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("node output: %v\n%.500s", err, out)
	}
	if len(got) != len(cases) {
		t.Fatalf("node replayed %d paths, want %d", len(got), len(cases))
	}
	byID := map[string]*scenario.Scenario{}
	for _, s := range scens {
		byID[s.ID.Value] = s
	}
	failures := 0
	for i, tc := range cases {
		s, js := byID[tc.ID], got[i]
		p, err := analysis.Play(s, tc.Path)
		var want []jsStep
		for _, st := range p.Steps {
			want = append(want, jsStep{st.Moment, st.Choice, st.After.Trust, st.After.Accountability, st.Next})
		}
		mismatch := ""
		switch {
		case (err == nil) != js.OK:
			mismatch = fmt.Sprintf("Go error %v, JS ok %v", err, js.OK)
		case fmt.Sprint(want) != fmt.Sprint(js.Steps) && !(len(want) == 0 && len(js.Steps) == 0):
			mismatch = fmt.Sprintf("steps differ:\n Go %v\n JS %v", want, js.Steps)
		case err == nil && (p.End.Moment != js.Moment || p.End.Pos.Trust != js.Trust || p.End.Pos.Accountability != js.Accountability):
			mismatch = fmt.Sprintf("end differs: Go %v, JS %s (%d, %d)", p.End, js.Moment, js.Trust, js.Accountability)
		case err == nil && scenario.QuadrantOf(p.End.Pos).Slug() != js.Quadrant:
			mismatch = fmt.Sprintf("quadrant differs: Go %s, JS %s", scenario.QuadrantOf(p.End.Pos).Slug(), js.Quadrant)
		case err == nil && fmt.Sprint(p.Set) != fmt.Sprint(js.Flags):
			mismatch = fmt.Sprintf("flags differ: Go %v, JS %v", p.Set, js.Flags)
		case err == nil:
			want := analysis.Debrief(s, p)
			switch {
			case want == nil && js.Debrief != nil:
				mismatch = fmt.Sprintf("JS shows debrief paragraphs %v away from an ending", *js.Debrief)
			case want != nil && js.Debrief == nil:
				mismatch = fmt.Sprintf("JS shows no debrief at the ending; Go shows paragraphs %v", want)
			case want != nil && fmt.Sprint(want) != fmt.Sprint(*js.Debrief):
				mismatch = fmt.Sprintf("debrief paragraphs differ: Go %v, JS %v", want, *js.Debrief)
			}
		}
		if mismatch != "" {
			failures++
			if failures <= 10 {
				t.Errorf("%s %v: %s", tc.ID, tc.Path, mismatch)
			}
		}
	}
	t.Logf("compared %d paths over %d scenarios", len(cases), len(scens))
}
