package publish

import (
	"bytes"
	"coachsim/generator/internal/golden"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/spf13/afero"

	"coachsim/generator/scenario"
)

// TestGenerateGolden pins the whole generated tree for the test scenarios:
// every content file and data script, concatenated in path order.
func TestGenerateGolden(t *testing.T) {
	fsys := memProject(t)
	res := checked(t, fsys)
	pages, err := Generate(fsys, "work", Options{Check: res})
	if err != nil {
		t.Fatal(err)
	}
	files := tree(t, fsys, "work")
	var b strings.Builder
	for _, f := range files {
		src := read(t, fsys, "work/"+f)
		if strings.HasSuffix(f, ".md") {
			// Indent the one-line JSON front matter, for reviewable diffs.
			var ind bytes.Buffer
			if err := json.Indent(&ind, []byte(src), "", " "); err != nil {
				t.Fatalf("%s: %v", f, err)
			}
			src = ind.String()
		}
		fmt.Fprintf(&b, "==> %s <==\n%s\n", f, src)
	}
	golden.Check(t, filepath.Join("testdata", "generate.golden"), b.String())

	var md int
	for _, f := range files {
		if strings.HasSuffix(f, ".md") {
			md++
		}
	}
	if pages != md {
		t.Errorf("Generate reported %d pages, wrote %d content files", pages, md)
	}
}

// TestGeneratePages checks the page set and the page contract's data.
func TestGeneratePages(t *testing.T) {
	fsys := memProject(t)
	res := checked(t, fsys)
	if _, err := Generate(fsys, "w", Options{Check: res}); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		file   string
		layout string
		url    string
		params map[string]any
	}{
		{"content/_index.md", "home", "/index.html", map[string]any{"page": "home"}},
		{"content/lessons/_index.md", "lessons", "/lessons/index.html", map[string]any{"page": "lessons"}},
		{"content/lessons/spectrum.md", "lesson", "/lessons/spectrum.html", map[string]any{"page": "lesson", "name": "spectrum"}},
		{"content/scenarios/report/_index.md", "intro", "/scenarios/report/index.html",
			map[string]any{"page": "intro", "scenario": "report", "start_url": "moment-opening.html", "intro_url": "index.html",
				"data_url": "/js/scenarios/report.js", "text_url": "/js/scenarios/report.text.js"}},
		{"content/scenarios/report/script.md", "script", "/scenarios/report/script.html", map[string]any{"page": "script"}},
		{"content/scenarios/report/moment-opening.md", "moment", "/scenarios/report/moment-opening.html",
			map[string]any{"page": "moment", "moment": "opening", "data_url": "/js/scenarios/report.js"}},
		{"content/scenarios/report/feedback-opening-1.md", "feedback", "/scenarios/report/feedback-opening-1.html",
			map[string]any{"page": "feedback", "moment": "opening", "choice": 1.0, "trust": "+1", "accountability": "-2",
				"continue_url": "moment-drifts.html", "moment_url": "moment-opening.html", "script_url": "script.html", "conditional": true}},
		{"content/scenarios/report/moment-drifts.md", "ending", "/scenarios/report/moment-drifts.html",
			map[string]any{"page": "ending", "moment": "drifts", "reached": true, "text_url": "/js/scenarios/report.text.js"}},
		{"content/scenarios/hugo-syntax/feedback-loop-0.md", "feedback", "/scenarios/hugo-syntax/feedback-loop-0.html",
			map[string]any{"trust": "+3", "accountability": "-3", "continue_url": "moment-loop.html"}},
	} {
		t.Run(tc.file, func(t *testing.T) {
			fm := frontMatterOf(t, read(t, fsys, "w/"+tc.file))
			if fm["layout"] != tc.layout || fm["url"] != tc.url {
				t.Errorf("layout %v, url %v; want %s, %s", fm["layout"], fm["url"], tc.layout, tc.url)
			}
			params, _ := fm["params"].(map[string]any)
			for k, want := range tc.params {
				if got := params[k]; got != want {
					t.Errorf("params.%s = %#v, want %#v", k, got, want)
				}
			}
		})
	}
	hidden := frontMatterOf(t, read(t, fsys, "w/content/scenarios/_index.md"))
	if b, _ := hidden["build"].(map[string]any); b["render"] != "never" {
		t.Errorf("the scenarios section must not render a page: %v", hidden)
	}
}

// Scenario text that looks like Hugo syntax is rendered by goldmark and
// stored as HTML in front matter strings, which Hugo never executes.
func TestHugoSyntaxStaysText(t *testing.T) {
	fsys := memProject(t)
	res := checked(t, fsys)
	if _, err := Generate(fsys, "w", Options{Check: res}); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		file, param, want string
	}{
		{"content/scenarios/hugo-syntax/moment-loop.md", "client", "{{&lt; shortcode &gt;}}"},
		{"content/scenarios/hugo-syntax/moment-loop.md", "context", "{{% callout %}}"},
		{"content/scenarios/hugo-syntax/feedback-loop-0.md", "feedback", "{{ .Content }}"},
		{"content/scenarios/hugo-syntax/moment-end.md", "debrief", "{{ .Params.x }}"},
		{"content/scenarios/hugo-syntax/_index.md", "background", "<code>{{&lt; highlight go &gt;}}</code>"},
	} {
		t.Run(tc.file+" "+tc.param, func(t *testing.T) {
			params := frontMatterOf(t, read(t, fsys, "w/"+tc.file))["params"].(map[string]any)
			got, _ := params[tc.param].(string)
			if paras, ok := params[tc.param].([]any); ok && len(paras) > 0 {
				got, _ = paras[0].(map[string]any)["html"].(string) // the debrief's paragraphs
			}
			if !strings.Contains(got, tc.want) {
				t.Errorf("params.%s = %q, want it to contain %q", tc.param, got, tc.want)
			}
			if strings.Contains(got, "<script") || strings.Contains(got, "<b>") {
				t.Errorf("params.%s = %q keeps raw HTML", tc.param, got)
			}
		})
	}
	// The title is plain text for Hugo's templates to escape.
	fm := frontMatterOf(t, read(t, fsys, "w/content/scenarios/hugo-syntax/_index.md"))
	if fm["title"] != "Shortcodes {{< figure src=x >}} stay text" {
		t.Errorf("title = %q", fm["title"])
	}
}

// The data scripts are only loaded by <script src>, so they hold <, > and &
// as they are (JSON front matter still escapes them); they name moments,
// flags and conditions by index, which expand turns back into names.
func TestDataScript(t *testing.T) {
	fsys := memProject(t)
	res := checked(t, fsys)
	if _, err := Generate(fsys, "w", Options{Check: res}); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"static/js/scenarios/hugo-syntax.js", "static/js/scenarios/hugo-syntax.text.js"} {
		src := read(t, fsys, "w/"+f)
		if strings.Contains(src, `\u003c`) || strings.Contains(src, `\u003e`) || strings.Contains(src, `\u0026`) {
			t.Errorf("%s escapes <, > or &: %s", f, src)
		}
	}
	raw := dataOf(t, read(t, fsys, "w/static/js/scenarios/hugo-syntax.js"))
	d := expand(t, raw)
	if raw["id"] != "hugo-syntax" || d.id(raw["start"]) != "loop" {
		t.Errorf("data.id = %v, start = %v (%s), want hugo-syntax, loop", raw["id"], raw["start"], d.id(raw["start"]))
	}
	if fmt.Sprint(raw["initial"]) != "[9 -9]" {
		t.Errorf("data.initial = %v", raw["initial"])
	}
	if got, want := mustJSONString(t, raw["ids"]), `["loop","edge","end"]`; got != want {
		t.Errorf("data.ids = %s, want %s (the moments in the YAML's order)", got, want)
	}
	for _, k := range []string{"title", "client", "order"} {
		if _, ok := raw[k]; ok {
			t.Errorf("data.%s: only intro and ending pages use it; it belongs in ID.text.js", k)
		}
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
	text := dataOf(t, read(t, fsys, "w/static/js/scenarios/hugo-syntax.text.js"))
	said := text["moments"].(map[string]any)["loop"].(map[string]any)["said"]
	if said != "\u201cI said {{< shortcode >}} again.\u201d bold?" {
		t.Errorf("text.moments.loop.said = %q", said)
	}
	if got := text["endings"].(map[string]any)["end"]; got != "The end {{< really >}}" {
		t.Errorf("text.endings.end = %v", got)
	}
	if text["title"] != "Shortcodes {{< figure src=x >}} stay text" || text["client"] != "Sam {{ .Site.Title }}" {
		t.Errorf("text.title = %v, text.client = %v", text["title"], text["client"])
	}
}

// dataScript writes "<", ">" and "&" as they are and keeps U+2028 and
// U+2029 escaped: they end a line in older JavaScript.
func TestDataScriptEscapes(t *testing.T) {
	b, err := dataScript("G", "x", map[string]string{"s": "a</script><!-- & \u2028\u2029"})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := string(b), `window.G=window.G||{};window.G["x"]={"s":"a</script><!-- & \u2028\u2029"};`+"\n"; got != want {
		t.Errorf("dataScript = %s\nwant         %s", got, want)
	}
}

// TestDataFlagsOrderStamp checks what the script needs beyond positions:
// the scenario's stamp, the flags each choice sets, flag and visit terms in
// the structured conditions, each ending's debrief conditions, and the
// order the choices are shown in (authored indices, as ShownOrders gives
// them; a moment with order: fixed is left out).
func TestDataFlagsOrderStamp(t *testing.T) {
	fsys := memProject(t)
	res := checked(t, fsys)
	if _, err := Generate(fsys, "w", Options{Check: res}); err != nil {
		t.Fatal(err)
	}
	var sc *scenario.Scenario
	for _, s := range res.Scenarios {
		if s.ID.Value == "flags" {
			sc = s
		}
	}
	if sc == nil {
		t.Fatal("no test scenario flags")
	}
	raw := dataOf(t, read(t, fsys, "w/static/js/scenarios/flags.js"))
	if stamp := scenario.Stamp(sc); raw["stamp"] != stamp || len(stamp) != 8 {
		t.Errorf("data.stamp = %v, want %q", raw["stamp"], stamp)
	}
	if got, want := mustJSONString(t, raw["flags"]), `["drifted","named-it"]`; got != want {
		t.Errorf("data.flags = %s, want %s (sorted)", got, want)
	}
	d := expand(t, raw)
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
		t.Errorf("data.debrief = %s\nwant           %s", got, want)
	}
	orders := scenario.ShownOrders(sc)
	if _, ok := orders["side"]; ok {
		t.Fatalf("ShownOrders includes the fixed moment side: %v", orders)
	}
	text := dataOf(t, read(t, fsys, "w/static/js/scenarios/flags.text.js"))
	if got, want := mustJSONString(t, text["order"]), mustJSONString(t, orders); got != want || len(orders) != 1 {
		t.Errorf("text.order = %s, want ShownOrders %s", got, want)
	}
	// The moment page lists the choices in that order, each with its
	// authored index and its shown number; the script page and the lesson
	// page number them so.
	mp := frontMatterOf(t, read(t, fsys, "w/content/scenarios/flags/moment-start.md"))["params"].(map[string]any)
	var got []string
	for k, c := range mp["choices"].([]any) {
		ch := c.(map[string]any)
		i := int(ch["index"].(float64))
		got = append(got, fmt.Sprint(i))
		if ch["number"].(float64) != float64(k+1) || ch["url"] != fmt.Sprintf("feedback-start-%d.html", i) {
			t.Errorf("choice at position %d: %v", k, ch)
		}
	}
	if strings.Join(got, " ") != strings.Trim(fmt.Sprint(orders["start"]), "[]") {
		t.Errorf("moment page choices %v, want the shown order %v", got, orders["start"])
	}
	sp := frontMatterOf(t, read(t, fsys, "w/content/scenarios/flags/script.md"))["params"].(map[string]any)
	for _, m := range sp["moments"].([]any) {
		mm := m.(map[string]any)
		if mm["id"] != "start" {
			continue
		}
		var idx []string
		for k, c := range mm["choices"].([]any) {
			ch := c.(map[string]any)
			idx = append(idx, fmt.Sprint(ch["index"]))
			if ch["number"].(float64) != float64(k+1) {
				t.Errorf("script choice %d numbered %v", k, ch["number"])
			}
		}
		if strings.Join(idx, " ") != strings.Trim(fmt.Sprint(orders["start"]), "[]") {
			t.Errorf("script page choices %v, want the shown order %v", idx, orders["start"])
		}
	}
	lesson := read(t, fsys, "w/content/lessons/spectrum.md")
	num := 1 + slices.Index(orders["start"], 2)
	if want := fmt.Sprintf("Start, response %d", num); !strings.Contains(lesson, want) {
		t.Errorf("the lesson page does not number choice 2 of start by its shown place: no %q", want)
	}
	// The ending's paragraphs, each rendered, the conditional ones with
	// the paths they apply to in words.
	ep := frontMatterOf(t, read(t, fsys, "w/content/scenarios/flags/moment-end.md"))["params"].(map[string]any)
	paras := ep["debrief"].([]any)
	if len(paras) != 3 {
		t.Fatalf("debrief params: %v", paras)
	}
	for i, want := range []struct{ html, words, cond string }{
		{"<p>Every path reads this.</p>", "", ""},
		{"<p>You <strong>named</strong> it.</p>", "the flag named-it is set", "named-it"},
		{"", "you visited Side and the flag drifted is not set, or trust is 10 or more", "visited side and not drifted or trust >= 10"},
	} {
		p := paras[i].(map[string]any)
		if !strings.Contains(p["html"].(string), want.html) || p["if"] != want.words || p["cond"] != want.cond || p["index"] != float64(i) {
			t.Errorf("debrief paragraph %d = %v, want html %q, if %q, cond %q", i, p, want.html, want.words, want.cond)
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

func TestReadLessons(t *testing.T) {
	fsys := memProject(t)
	index, lessons, err := readLessons(fsys, "content/lessons")
	if err != nil {
		t.Fatal(err)
	}
	if index == nil || index.Title != "Lessons" {
		t.Errorf("index = %+v", index)
	}
	var names []string
	for _, l := range lessons {
		names = append(names, l.Name+":"+l.Title)
	}
	if got := strings.Join(names, ","); got != "spectrum:The accountability spectrum,five-elements:Five elements" {
		t.Errorf("lessons = %s", got)
	}
	for _, tc := range []struct {
		name, src, title, body string
		fails                  bool
	}{
		{"no front matter", "Just text.\n", "No front matter", "Just text.\n", false},
		{"front matter", "---\ntitle: T\nweight: 3\n---\nBody\n", "T", "Body\n", false},
		{"crlf", "---\r\ntitle: T\r\n---\r\nBody\r\n", "T", "Body\r\n", false},
		{"unclosed", "---\ntitle: T\n", "", "", true},
		{"bad yaml", "---\ntitle: [\n---\n", "", "", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l, err := parseLesson(strings.ReplaceAll(tc.name, " ", "-"), []byte(tc.src))
			if tc.fails {
				if err == nil {
					t.Errorf("parsed %q without error", tc.src)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if l.Title != tc.title || l.Body != tc.body {
				t.Errorf("title %q body %q; want %q %q", l.Title, l.Body, tc.title, tc.body)
			}
		})
	}
}

// fakeHugo is a Runner that writes a site, or fails, without Hugo.
func fakeHugo(fail error, index bool) Runner {
	return RunnerFunc(func(_ context.Context, fsys afero.Fs, src, dst string) error {
		if ok, _ := afero.Exists(fsys, filepath.Join(src, "content", "_index.md")); !ok {
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
	if _, err := os.Stat(filepath.Join(args["--source"], "content", "_index.md")); err != nil {
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
