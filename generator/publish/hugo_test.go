package publish

import (
	"context"
	"html"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/spf13/afero"

	"coachsim/generator/check"
)

// buildTestSite builds the test scenarios with the real site/ project and
// the pinned Hugo into a temporary folder, and returns the output folder.
// It skips in -short mode and where Go cannot run the Hugo tool.
func buildTestSite(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds the site with Hugo")
	}
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command to run the pinned Hugo")
	}
	site, err := filepath.Abs(filepath.Join("..", "..", "site"))
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "site")
	fsys := afero.NewOsFs()
	res := check.Run(fsys, check.Options{Paths: []string{"testdata/scenarios"}, LessonsDir: "testdata/lessons"})
	if res.Diags.HasErrors() {
		t.Fatalf("test scenarios have errors: %v", res.Diags)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Minute)
	defer cancel()
	sum, err := Build(ctx, Options{Check: res, ContentDir: "testdata", SiteDir: site, Out: out, Fs: fsys})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("built %d pages, %d bytes (generator %s, hugo %s)", sum.Pages, sum.Bytes, sum.Generate, sum.Hugo)
	return out
}

var (
	hrefRE   = regexp.MustCompile(`\s(?:href|src)="([^"]*)"`)
	schemeRE = regexp.MustCompile(`^[a-zA-Z][a-zA-Z0-9+.-]*:`)
)

// TestHugoBuild builds a real site and checks what every page must be:
// offline, relative, literal, and true to the page contract.
func TestHugoBuild(t *testing.T) {
	out := buildTestSite(t)
	pages := map[string]string{}
	err := filepath.WalkDir(out, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(out, p)
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		if strings.HasSuffix(rel, ".html") {
			pages[rel] = string(b)
		}
		if strings.Contains(string(b), "http://") || strings.Contains(string(b), "https://") {
			t.Errorf("%s holds a URL of another host", rel)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}

	t.Run("every page", func(t *testing.T) {
		for rel, src := range pages {
			for _, want := range []string{`<html lang="en"`, `<a class="skip" href="#main">`, `<main id="main"`, `data-page="`} {
				if !strings.Contains(src, want) {
					t.Errorf("%s lacks %s", rel, want)
				}
			}
			for _, bad := range []string{"integrity=", `type="module"`, "<script>alert", "<b>bold", "livereload", `name="generator"`, "fetch("} {
				if strings.Contains(src, bad) {
					t.Errorf("%s holds %s", rel, bad)
				}
			}
			for _, m := range hrefRE.FindAllStringSubmatch(src, -1) {
				ref := html.UnescapeString(m[1])
				if strings.HasPrefix(ref, "#") || ref == "data:," {
					continue
				}
				if schemeRE.MatchString(ref) || strings.HasPrefix(ref, "/") {
					t.Errorf("%s links to %q: not relative", rel, ref)
					continue
				}
				target := path.Join(path.Dir(rel), strings.SplitN(strings.SplitN(ref, "#", 2)[0], "?", 2)[0])
				if fi, err := os.Stat(filepath.Join(out, filepath.FromSlash(target))); err != nil || fi.IsDir() {
					t.Errorf("%s links to %q: %s is not a file", rel, ref, target)
				}
			}
		}
	})

	t.Run("page contract", func(t *testing.T) {
		for _, tc := range []struct {
			page string
			want []string
		}{
			{"index.html", []string{`data-page="home"`, `data-role="scenario-link" data-scenario="report" href="./scenarios/report/index.html"`}},
			{"scenarios/report/index.html", []string{`data-page="intro" data-scenario="report"`, `data-role="start" href="moment-opening.html"`, `src="../../js/scenarios/report.text.js"`}},
			{"scenarios/report/moment-opening.html", []string{`data-page="moment" data-scenario="report" data-moment="opening"`,
				`data-role="choice" data-choice="1" href="feedback-opening-1.html"`, `<svg viewBox=`, `role="img"`, `<title id="plane-title">`,
				`src="../../js/scenarios/report.js"`}},
			{"scenarios/report/feedback-opening-1.html", []string{`data-page="feedback" data-scenario="report" data-moment="opening" data-choice="1"`,
				`data-role="delta" data-trust="+1" data-accountability="-2"`, `data-role="lesson"`, `data-role="continue" href="moment-drifts.html"`, `data-role="back" href="moment-opening.html"`}},
			{"scenarios/report/moment-drifts.html", []string{`data-page="ending" data-scenario="report" data-moment="drifts"`, `data-role="replay"`, "Comfortable stagnation",
				`src="../../js/scenarios/report.text.js"`}},
			{"scenarios/report/script.html", []string{`data-page="script" data-scenario="report"`, `href="feedback-opening-0.html"`, `If trust is at least 2 after this response: <a href="#m-names-it">the ending “The real obstacle is in the room”</a>`, `<a href="supervisor.html">`}},
			{"scenarios/report/supervisor.html", []string{`data-page="supervisor" data-scenario="report"`, `<svg`, `class="scenario-map"`, `xlink:href="script.html#m-opening"`, `href="script.html#m-names-it"`, `class="report-endings"`, `class="outcomes"`}},
			{"scenarios/report/index.html", []string{`href="supervisor.html"`}},
			{"scenarios/flags/moment-end.html", []string{`data-para="0"`, `data-para="1" data-if="named-it"`, "On some paths:",
				`data-js="if-note"`, `data-js="journey" hidden`}},
			{"scenarios/flags/script.html", []string{"Only on paths where named-it is set:", "choice 2 in the YAML"}},
			{"scenarios/flags/feedback-start-0.html", []string{`<span data-js="effect"><span class="num">This response's effect: trust +3, accountability +1.</span> It raises trust by 3 and raises accountability by 1.</span>`}},
			{"lessons/index.html", []string{`data-page="lessons"`, `href="../lessons/spectrum.html"`}},
			{"lessons/spectrum.html", []string{`data-page="lesson"`, `rel="next" href="../lessons/five-elements.html"`, `href="../lessons/five-elements.html#client-owned"`, "The report that did not get written"}},
		} {
			src, ok := pages[tc.page]
			if !ok {
				t.Errorf("no page %s", tc.page)
				continue
			}
			for _, w := range tc.want {
				if !strings.Contains(src, w) {
					t.Errorf("%s lacks %s", tc.page, w)
				}
			}
		}
	})

	t.Run("the ending part of the script only on endings", func(t *testing.T) {
		// layouts/_partials/scripts.html bundles coachsim.js twice; esbuild
		// drops the ending part (transcript, debrief, save, print) from the
		// bundle every other page loads.
		scriptRE := regexp.MustCompile(`src="(\.\./\.\./js/coachsim[^"]*\.js)"`)
		for _, tc := range []struct {
			page   string
			name   string
			ending bool
		}{
			{"scenarios/report/index.html", "js/coachsim-ending.", true}, // the intro opens debrief codes
			{"scenarios/report/moment-opening.html", "js/coachsim.", false},
			{"scenarios/report/feedback-opening-1.html", "js/coachsim.", false},
			{"scenarios/report/moment-drifts.html", "js/coachsim-ending.", true},
		} {
			m := scriptRE.FindAllStringSubmatch(pages[tc.page], -1)
			if len(m) != 1 || !strings.Contains(m[0][1], tc.name) {
				t.Errorf("%s loads %v; want one %s*.js", tc.page, m, tc.name)
				continue
			}
			b, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(path.Join(path.Dir(tc.page), m[0][1]))))
			if err != nil {
				t.Fatal(err)
			}
			for _, text := range []string{"Download as a web page", "Try another branch from step", "Roads not taken"} {
				if strings.Contains(string(b), text) != tc.ending {
					t.Errorf("%s: %s holds %q: %v, want %v", tc.page, m[0][1], text, !tc.ending, tc.ending)
				}
			}
			for _, text := range []string{"CoachSim", "Your position:", "See how it ends"} {
				if !strings.Contains(string(b), text) {
					t.Errorf("%s: %s lacks %q", tc.page, m[0][1], text)
				}
			}
		}
	})

	t.Run("the facilitator page", func(t *testing.T) {
		// It lists the scenarios built and loads its own bundle, which
		// holds the scoring (replay.js) and none of the play pages' code.
		src := pages["facilitator.html"]
		for _, w := range []string{`data-page="facilitator"`, `data-scenario="report" data-stamp="`, `href="./scenarios/report/script.html"`, `data-role="needs-js"`} {
			if !strings.Contains(src, w) {
				t.Errorf("facilitator.html lacks %s", w)
			}
		}
		m := regexp.MustCompile(`src="\./(js/facilitator\.[0-9a-f]+\.js)"`).FindStringSubmatch(src)
		if m == nil {
			t.Fatal("facilitator.html loads no js/facilitator.HASH.js")
		}
		b, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(m[1])))
		if err != nil {
			t.Fatal(err)
		}
		for text, want := range map[string]bool{"route leads nowhere": true, "coachsim-debrief": true, "Roads not taken": false, "See how it ends": false} {
			if strings.Contains(string(b), text) != want {
				t.Errorf("%s holds %q: %v, want %v", m[1], text, !want, want)
			}
		}
		if !strings.Contains(pages["index.html"], `href="./facilitator.html" data-role="facilitator-link"`) {
			t.Error("the home page's footer does not link to facilitator.html")
		}
	})

	t.Run("hugo syntax is text", func(t *testing.T) {
		for _, tc := range []struct{ page, text string }{
			{"scenarios/hugo-syntax/moment-loop.html", "I said {{< shortcode >}} again."},
			{"scenarios/hugo-syntax/moment-loop.html", "{{% callout %}} Context {{% /callout %}}"},
			{"scenarios/hugo-syntax/moment-loop.html", "Try {{< this >}} once more."},
			{"scenarios/hugo-syntax/feedback-loop-0.html", "{{ .Content }} stays literal."},
			{"scenarios/hugo-syntax/index.html", "Shortcodes {{< figure src=x >}} stay text"},
			{"scenarios/hugo-syntax/index.html", "Sam {{ .Site.Title }}"},
			{"scenarios/hugo-syntax/moment-end.html", "The end {{< really >}}"},
			{"lessons/five-elements.html", "Five elements, each one in <strong>bold</strong>."},
		} {
			if !strings.Contains(html.UnescapeString(pages[tc.page]), tc.text) {
				t.Errorf("%s does not show %q literally", tc.page, tc.text)
			}
		}
	})

	t.Run("sizes", func(t *testing.T) {
		// A moment page with its CSS, script and scenario data stays small.
		for rel, src := range pages {
			if !strings.Contains(src, `data-page="moment"`) {
				continue
			}
			total := int64(len(src))
			for _, m := range regexp.MustCompile(`(?:href|src)="([^"]+\.(?:css|js))"`).FindAllStringSubmatch(src, -1) {
				fi, err := os.Stat(filepath.Join(out, filepath.FromSlash(path.Join(path.Dir(rel), m[1]))))
				if err != nil {
					t.Fatal(err)
				}
				total += fi.Size()
			}
			if total > 30*1024 {
				t.Errorf("%s with its assets weighs %d bytes, over 30 KB", rel, total)
			}
		}
	})
}

// A template error fails the build with Hugo's own message, naming the
// file, and leaves no site.
func TestHugoBuildError(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the site with Hugo")
	}
	site, err := filepath.Abs(filepath.Join("..", "..", "site"))
	if err != nil {
		t.Fatal(err)
	}
	fsys := afero.NewOsFs()
	broken := filepath.Join(t.TempDir(), "site")
	if err := fsys.MkdirAll(broken, 0o755); err != nil {
		t.Fatal(err)
	}
	if _, err := SyncSite(fsys, site, broken); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(broken, "layouts", "moment.html"), []byte(`{{ define "main" }}{{ .Nope.Field }}{{ end }}`), 0o644); err != nil {
		t.Fatal(err)
	}
	res := check.Run(fsys, check.Options{Paths: []string{"testdata/scenarios"}, LessonsDir: "testdata/lessons"})
	out := filepath.Join(t.TempDir(), "out")
	_, err = Build(context.Background(), Options{Check: res, ContentDir: "testdata", SiteDir: broken, Out: out, Fs: fsys,
		Hugo: HugoCommand{SiteDir: site}})
	if err == nil || !strings.Contains(err.Error(), "moment.html") {
		t.Errorf("err = %v, want Hugo's message naming moment.html", err)
	}
	if ok, _ := afero.Exists(fsys, out); ok {
		t.Error("a failed build left an output folder")
	}
}
