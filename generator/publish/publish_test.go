package publish

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/spf13/afero"

	"coachsim/generator/internal/golden"
	"coachsim/generator/scenario"
)

// TestGenerateGolden pins everything Generate writes for the test
// scenarios: the documents (publish.Document), the plane, the tags and the
// copied lessons, concatenated in path order.
func TestGenerateGolden(t *testing.T) {
	fsys := memProject(t)
	res := checked(t, fsys)
	changed, err := Generate(fsys, "work", Options{Check: res})
	if err != nil {
		t.Fatal(err)
	}
	files := tree(t, fsys, "work")
	var b strings.Builder
	for _, f := range files {
		text := read(t, fsys, "work/"+f)
		if strings.HasSuffix(f, ".svg") {
			// The map's drawing is diagram's to pin (its SVG golden
			// files); here only that it is an SVG linking every moment.
			text = fmt.Sprintf("an <svg> of %d bytes with %d links to the script page\n", len(text), strings.Count(text, `xlink:href="script.html#m-`))
			if !strings.HasPrefix(text, "an <svg>") || !strings.HasPrefix(read(t, fsys, "work/"+f), "<svg") {
				t.Errorf("%s does not start with <svg", f)
			}
		}
		fmt.Fprintf(&b, "==> %s <==\n%s\n", f, text)
	}
	golden.Check(t, filepath.Join("testdata", "generate.golden"), b.String())
	if changed != len(files) {
		t.Errorf("Generate reported %d changed files, wrote %d", changed, len(files))
	}
}

// Generate refreshes a working copy in place: a second run writes
// nothing, a changed input rewrites only its file (by rename, leaving no
// .tmp), and a scenario or lesson that is gone has its file removed, while
// the folders stay.
func TestGenerateInPlace(t *testing.T) {
	fsys := memProject(t)
	res := checked(t, fsys)
	if _, err := Generate(fsys, "work", Options{Check: res}); err != nil {
		t.Fatal(err)
	}
	stamp := func() map[string]string {
		out := map[string]string{}
		for _, f := range tree(t, fsys, "work") {
			out[f] = read(t, fsys, "work/"+f)
		}
		return out
	}
	before := stamp()
	if n, err := Generate(fsys, "work", Options{Check: res}); err != nil || n != 0 {
		t.Errorf("second run: %d changed, %v; want 0, nil", n, err)
	}
	write(t, fsys, "work/data/scenarios/old.json", "{}")
	write(t, fsys, "work/content/lessons/gone.md", "gone")
	if err := fsys.Remove("content/lessons/five-elements.md"); err != nil {
		t.Fatal(err)
	}
	res.Scenarios = res.Scenarios[:len(res.Scenarios)-1]
	n, err := Generate(fsys, "work", Options{Check: res})
	if err != nil {
		t.Fatal(err)
	}
	after := stamp()
	var gone []string
	for f := range before {
		if _, ok := after[f]; !ok {
			gone = append(gone, f)
		}
	}
	slices.Sort(gone)
	for _, f := range []string{"data/scenarios/old.json", "content/lessons/gone.md"} {
		if _, ok := after[f]; ok {
			t.Errorf("stale %s was kept", f)
		}
	}
	// The scenario that is gone takes its document, its supervisor data
	// and its map with it.
	want := []string{"assets/maps/report.svg", "content/lessons/five-elements.md", "data/scenarios/report.json", "data/supervisor/report.json"}
	if !slices.Equal(gone, want) {
		t.Errorf("removed %v; want the lesson and the scenario's files that are gone, %v", gone, want)
	}
	if n != 6 {
		t.Errorf("changed %d files, want 6 (2 stale, 4 gone)", n)
	}
	for f := range after {
		if strings.HasSuffix(f, ".tmp") {
			t.Errorf("left %s", f)
		}
	}
	if ok, _ := afero.DirExists(fsys, "work/data/scenarios"); !ok {
		t.Error("the data folder was removed")
	}
}

// document returns the document Generate wrote for scenario id.
func document(t *testing.T, fsys afero.Fs, id string) (*Document, map[string]any) {
	t.Helper()
	src := read(t, fsys, "w/data/scenarios/"+id+".json")
	var d Document
	if err := json.Unmarshal([]byte(src), &d); err != nil {
		t.Fatal(err)
	}
	var raw map[string]any
	if err := json.Unmarshal([]byte(src), &raw); err != nil {
		t.Fatal(err)
	}
	return &d, raw
}

// Scenario text that looks like Hugo syntax is rendered by goldmark and
// stored as HTML in the document, data that Hugo never executes; plain
// fields stay plain for the templates to escape.
func TestHugoSyntaxStaysText(t *testing.T) {
	fsys := memProject(t)
	res := checked(t, fsys)
	if _, err := Generate(fsys, "w", Options{Check: res}); err != nil {
		t.Fatal(err)
	}
	d, _ := document(t, fsys, "hugo-syntax")
	loop := d.Moments[d.Index["loop"]]
	end := d.Moments[d.Index["end"]]
	for _, tc := range []struct {
		name string
		got  template.HTML
		want string
	}{
		{"client", loop.Client, "{{&lt; shortcode &gt;}}"},
		{"context", loop.Context, "{{% callout %}}"},
		{"feedback", loop.Choices[0].Feedback, "{{ .Content }}"},
		{"debrief", end.Ending.Debrief[0].HTML, "{{ .Params.x }}"},
		{"background", d.Client.Background, "<code>{{&lt; highlight go &gt;}}</code>"},
	} {
		if !strings.Contains(string(tc.got), tc.want) {
			t.Errorf("%s = %q, want it to contain %q", tc.name, tc.got, tc.want)
		}
		if strings.Contains(string(tc.got), "<script") || strings.Contains(string(tc.got), "<b>") {
			t.Errorf("%s = %q keeps raw HTML", tc.name, tc.got)
		}
	}
	if d.Title != "Shortcodes {{< figure src=x >}} stay text" || d.Client.Name != "Sam {{ .Site.Title }}" {
		t.Errorf("title = %q, client = %q", d.Title, d.Client.Name)
	}
	if got := strings.Join(d.Texts["loop"].Said, "|"); got != "\u201cI said {{< shortcode >}} again.\u201d bold?" {
		t.Errorf("texts.loop.said = %q", got)
	}
	if d.Transcript.Endings["end"] != "The end {{< really >}}" {
		t.Errorf("transcript.endings.end = %q", d.Transcript.Endings["end"])
	}
}

// The browser's data (Document.Play) names moments, flags and conditions
// by index, which expand turns back into names.
func TestPlayData(t *testing.T) {
	fsys := memProject(t)
	res := checked(t, fsys)
	if _, err := Generate(fsys, "w", Options{Check: res}); err != nil {
		t.Fatal(err)
	}
	_, doc := document(t, fsys, "hugo-syntax")
	raw := doc["play"].(map[string]any)
	d := expand(t, raw)
	if raw["id"] != "hugo-syntax" || d.id(raw["start"]) != "loop" {
		t.Errorf("play.id = %v, start = %v, want hugo-syntax, loop", raw["id"], raw["start"])
	}
	if fmt.Sprint(raw["initial"]) != "[9 -9]" {
		t.Errorf("play.initial = %v", raw["initial"])
	}
	if got, want := mustJSONString(t, raw["ids"]), `["loop","edge","end"]`; got != want {
		t.Errorf("play.ids = %s, want %s (the moments in the YAML's order)", got, want)
	}
	loop := d.moment("loop")
	if got, want := mustJSONString(t, loop[0]), `[3,-3,[[[[["trust",">=",10],["accountability","<=",-10]],[["trust","<",-5]]],"edge"],"loop"]]`; got != want {
		t.Errorf("choice 0 = %s\nwant       %s", got, want)
	}
	if got := mustJSONString(t, raw["moments"].([]any)[0].([]any)[1]); got != "[-1,2,2]" {
		t.Errorf("a choice with one route: %s, want its target's index alone", got)
	}
	if end := raw["moments"].([]any)[2]; end != 0.0 {
		t.Errorf("ending entry = %v, want 0", end)
	}

	var sc *scenario.Scenario
	for _, s := range res.Scenarios {
		if s.ID.Value == "flags" {
			sc = s
		}
	}
	fd, fdoc := document(t, fsys, "flags")
	raw = fdoc["play"].(map[string]any)
	if stamp := scenario.Stamp(sc); raw["stamp"] != stamp || fd.Stamp != stamp {
		t.Errorf("play.stamp = %v, stamp %v, want %q", raw["stamp"], fd.Stamp, stamp)
	}
	if got, want := mustJSONString(t, raw["flags"]), `["drifted","named-it"]`; got != want {
		t.Errorf("play.flags = %s, want %s (sorted)", got, want)
	}
	d = expand(t, raw)
	start := d.moment("start")
	for i, want := range []string{
		`[3,1,[[[["named-it","!@side"]],"end"],"side"],["named-it"]]`,
		`[-1,-1,"side",["drifted"]]`,
		`[1,2,"side"]`,
	} {
		if got := mustJSONString(t, start[i]); got != want {
			t.Errorf("choice %d = %s\nwant       %s", i, got, want)
		}
	}
	if got, want := mustJSONString(t, d.debrief()), `{"end":[0,[["named-it"]],[["@side","!drifted"],[["trust",">=",10]]]]}`; got != want {
		t.Errorf("play.debrief = %s\nwant           %s", got, want)
	}
	// The shown order: in the transcript for the moments not shown as
	// authored, and on every moment with each choice's shown number.
	orders := scenario.ShownOrders(sc)
	if got, want := mustJSONString(t, fd.Transcript.Order), mustJSONString(t, orders); got != want || len(orders) != 1 {
		t.Errorf("transcript.order = %s, want ShownOrders %s", got, want)
	}
	m := fd.Moments[fd.Index["start"]]
	if fmt.Sprint(m.Order) != fmt.Sprint(orders["start"]) {
		t.Errorf("order = %v, want %v", m.Order, orders["start"])
	}
	for k, i := range m.Order {
		if m.Choices[i].Number != k+1 || m.Choices[i].Index != i {
			t.Errorf("choice %d: number %d, index %d; want %d, %d", i, m.Choices[i].Number, m.Choices[i].Index, k+1, i)
		}
	}
	// The debrief's paragraphs, each rendered, the conditional ones with
	// their condition as written and in parts for the templates' words.
	e := fd.Moments[fd.Index["end"]].Ending
	if len(e.Debrief) != 3 || e.Debrief[0].If != nil || e.Debrief[1].If.Text != "named-it" ||
		e.Debrief[2].If.Text != "visited side and not drifted or trust >= 10" {
		t.Fatalf("debrief = %+v", e.Debrief)
	}
	if got, want := mustJSONString(t, e.Debrief[2].If.Any), `[[{"kind":"visit","name":"side","value":0},{"kind":"flag","name":"drifted","not":true,"value":0}],[{"kind":"compare","axis":"trust","op":">=","value":10}]]`; got != want {
		t.Errorf("condition parts = %s\nwant %s", got, want)
	}
}

// The plane's zero-line rule and quadrants are the scenario package's.
func TestPlaneMatchesScenario(t *testing.T) {
	p := SitePlane()
	if p.Min != scenario.MinCoord || p.Max != scenario.MaxCoord || len(p.Quadrants) != len(scenario.Quadrants) {
		t.Fatalf("plane = %+v", p)
	}
	for tr := p.Min; tr <= p.Max; tr++ {
		for a := p.Min; a <= p.Max; a++ {
			want := scenario.QuadrantOf(scenario.Position{Trust: tr, Accountability: a}).Slug()
			var got []string
			for _, q := range p.Quadrants {
				if q.HighTrust == (tr > p.High) && q.HighAccountability == (a > p.High) {
					got = append(got, q.Slug)
				}
			}
			if len(got) != 1 || got[0] != want {
				t.Errorf("(%d, %d): plane gives %v, scenario %s", tr, a, got, want)
			}
		}
	}
}

func mustJSONString(t *testing.T, v any) string {
	t.Helper()
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// fakeHugo is a Runner that writes a site, or fails, without Hugo.
func fakeHugo(fail error, index bool) Runner {
	return RunnerFunc(func(_ context.Context, fsys afero.Fs, src, dst string) error {
		if ok, _ := afero.Exists(fsys, filepath.Join(src, "data", "plane.json")); !ok {
			return errors.New("fake hugo: no content in the working copy")
		}
		if ok, _ := afero.Exists(fsys, filepath.Join(src, "tools")); ok {
			return errors.New("fake hugo: the tools module was copied")
		}
		if err := afero.WriteFile(fsys, filepath.Join(dst, "partial.html"), []byte("half a site"), 0o644); err != nil {
			return err
		}
		if fail != nil {
			return fail
		}
		if index {
			return afero.WriteFile(fsys, filepath.Join(dst, "index.html"), []byte("<!doctype html><title>new</title>"), 0o644)
		}
		return nil
	})
}

func TestBuildSwap(t *testing.T) {
	const out = "build/site"
	for _, tc := range []struct {
		name    string
		old     bool // a previous build exists
		hugo    Runner
		wantErr string
		newSite bool
	}{
		{"first build", false, fakeHugo(nil, true), "", true},
		{"rebuild", true, fakeHugo(nil, true), "", true},
		{"hugo fails", true, fakeHugo(errors.New("template error"), true), "template error", false},
		{"hugo fails first time", false, fakeHugo(errors.New("template error"), true), "template error", false},
		{"no index.html", true, fakeHugo(nil, false), "no index.html", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fsys := memProject(t)
			res := checked(t, fsys)
			write(t, fsys, "build/other/keep.txt", "not ours")
			write(t, fsys, "build/.hugo-cache/x", "cache")
			if tc.old {
				write(t, fsys, out+"/index.html", "old")
				write(t, fsys, out+"/"+Marker, "")
			}
			before := tree(t, fsys, ".")
			sum, err := Build(context.Background(), Options{Check: res, Fs: fsys, Out: out, Hugo: tc.hugo})
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err = %v, want one containing %q", err, tc.wantErr)
				}
				if after := tree(t, fsys, "."); strings.Join(after, "\n") != strings.Join(before, "\n") {
					t.Errorf("a failed build changed the files:\nbefore %v\nafter  %v", before, after)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := read(t, fsys, out+"/index.html"); !strings.Contains(got, "new") {
				t.Errorf("index.html = %q, want the new site", got)
			}
			if ok, _ := afero.Exists(fsys, filepath.Join(out, Marker)); !ok {
				t.Error("the new site has no marker file")
			}
			if read(t, fsys, "build/other/keep.txt") != "not ours" {
				t.Error("the build touched a folder next to its output")
			}
			entries, _ := afero.ReadDir(fsys, "build")
			var names []string
			for _, e := range entries {
				names = append(names, e.Name())
			}
			if got := strings.Join(names, " "); got != ".hugo-cache other site" {
				t.Errorf("build/ holds %q; temporary folders were left behind", got)
			}
			if sum.Scenarios != 3 || sum.Pages != 2 || sum.Index != filepath.Join(out, "index.html") {
				t.Errorf("summary = %+v", sum)
			}
		})
	}
}

func TestBuildRefuses(t *testing.T) {
	for _, tc := range []struct {
		name, out string
		setup     func(t *testing.T, fsys afero.Fs)
		wantErr   string
	}{
		{"current folder", ".", nil, "refusing"},
		{"parent folder", "..", nil, "refusing"},
		{"root", "/", nil, "refusing"},
		{"the Hugo project", "site", nil, "overlaps"},
		{"inside the Hugo project", "site/public", nil, "overlaps"},
		{"the content", "content", nil, "overlaps"},
		{"a folder that is not a site", "docs", func(t *testing.T, fsys afero.Fs) { write(t, fsys, "docs/thesis.txt", "precious") }, "not a site made by coachsim"},
		{"a file", "notes.txt", func(t *testing.T, fsys afero.Fs) { write(t, fsys, "notes.txt", "precious") }, "is a file"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fsys := memProject(t)
			res := checked(t, fsys)
			if tc.setup != nil {
				tc.setup(t, fsys)
			}
			before := tree(t, fsys, "/")
			_, err := Build(context.Background(), Options{Check: res, Fs: fsys, Out: tc.out, Hugo: fakeHugo(nil, true)})
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Fatalf("err = %v, want one containing %q", err, tc.wantErr)
			}
			if after := tree(t, fsys, "/"); strings.Join(after, "\n") != strings.Join(before, "\n") {
				t.Errorf("a refused build changed the files")
			}
		})
	}
}

// An empty output folder (say, made by hand) is fine to fill.
func TestBuildEmptyOut(t *testing.T) {
	fsys := memProject(t)
	res := checked(t, fsys)
	if err := fsys.MkdirAll("public", 0o755); err != nil {
		t.Fatal(err)
	}
	if _, err := Build(context.Background(), Options{Check: res, Fs: fsys, Out: "public", Hugo: fakeHugo(nil, true)}); err != nil {
		t.Fatal(err)
	}
}

// The command runner on a real disk, with a fake Hugo command (this test
// binary): a failing Hugo leaves the old site alone, and the arguments are
// the ones the pinned Hugo gets.
func TestHugoCommandSwap(t *testing.T) {
	root := t.TempDir()
	fsys := afero.NewBasePathFs(afero.NewOsFs(), root)
	copyIn(t, fsys, "testdata/scenarios", "scenarios")
	copyIn(t, fsys, "testdata/lessons", "content/lessons")
	write(t, fsys, "site/hugo.toml", "")
	write(t, fsys, "build/site/index.html", "old")
	write(t, fsys, "build/site/"+Marker, "")
	res := checked(t, fsys)
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		mode    string
		wantErr bool
		index   string
	}{
		{"fail", true, "old"},
		{"ok", false, "fake hugo"},
	} {
		t.Run(tc.mode, func(t *testing.T) {
			hugo := HugoCommand{Command: []string{self, "-test.run=^TestFakeHugoProcess$", "--"}, Env: []string{"COACHSIM_FAKE_HUGO=" + tc.mode}}
			sum, err := Build(context.Background(), Options{Check: res, Fs: fsys, Out: "build/site", Hugo: hugo})
			if (err != nil) != tc.wantErr {
				t.Fatalf("err = %v", err)
			}
			if got := read(t, fsys, "build/site/index.html"); !strings.Contains(got, tc.index) {
				t.Errorf("index.html = %q, want %q", got, tc.index)
			}
			if err == nil && sum.IndexPath != filepath.Join(root, "build", "site", "index.html") {
				t.Errorf("IndexPath = %q", sum.IndexPath)
			}
			entries, _ := os.ReadDir(filepath.Join(root, "build"))
			for _, e := range entries {
				if e.Name() != "site" && e.Name() != ".hugo-cache" {
					t.Errorf("left behind: build/%s", e.Name())
				}
			}
		})
	}
}

// TestFakeHugoProcess is not a test: TestHugoCommandSwap runs this binary
// as the Hugo command, and it then acts on the arguments Hugo would get.
func TestFakeHugoProcess(t *testing.T) {
	mode := os.Getenv("COACHSIM_FAKE_HUGO")
	if mode == "" {
		t.Skip("only run as a fake Hugo")
	}
	args := map[string]string{}
	for i, a := range os.Args {
		if strings.HasPrefix(a, "--") && i+1 < len(os.Args) && a != "--quiet" {
			args[a] = os.Args[i+1]
		}
	}
	for _, k := range []string{"--source", "--destination", "--cacheDir"} {
		if !filepath.IsAbs(args[k]) {
			fmt.Fprintf(os.Stderr, "%s is not absolute: %q\n", k, args[k])
			os.Exit(2)
		}
	}
	if _, err := os.Stat(filepath.Join(args["--source"], "data", "plane.json")); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	if mode == "fail" {
		fmt.Fprintln(os.Stderr, "Error: fake hugo failed on purpose")
		os.Exit(1)
	}
	if err := os.WriteFile(filepath.Join(args["--destination"], "index.html"), []byte("fake hugo"), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	os.Exit(0)
}

func TestOSPath(t *testing.T) {
	if _, err := OSPath(afero.NewMemMapFs(), "x"); err == nil {
		t.Error("OSPath on a MemMapFs should fail")
	}
	p, err := OSPath(afero.NewBasePathFs(afero.NewOsFs(), "/base"), "a/b")
	if err != nil || p != "/base/a/b" {
		t.Errorf("OSPath(BasePathFs) = %q, %v", p, err)
	}
}
