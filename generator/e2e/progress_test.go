package e2e

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"coachsim/generator/analysis"
	"coachsim/generator/scenario"
)

// The trainee's progress across scenarios (site/assets/js/progress.js):
// attempts recorded at endings, shown on the home page per scenario
// (played, endings found with only the found ones named, the best
// quadrant, every attempt with a link to its debrief), kept over a reload,
// carried by an export and an import, and a home page that says so when
// the browser keeps no storage.

// recordJS records the ending page's attempt the way the ending does
// (window.CoachSimProgress.record), unless the page already recorded it,
// and returns how many attempts the scenario has.
const recordJS = `(function () {
  var id = document.body.getAttribute('data-scenario'), f = CoachSim.parsePath(location.hash), r = CoachSim.replay(id, f.path), p = f.path.join('.');
  var have = CoachSimProgress.attempts(id).some(function (a) { return a.stamp === f.stamp && a.path === p; });
  if (!have) {
    var h = document.querySelector('h1'), title = h.lastChild.textContent.trim();
    CoachSimProgress.record({scenario: id, stamp: f.stamp, path: p, ending: r.moment, endingTitle: title,
      trust: r.trust, accountability: r.accountability, quadrant: r.quadrant, steps: r.steps.length, date: new Date().toISOString()});
  }
  return CoachSimProgress.attempts(id).length;
})()`

// homeProgressJS reads one scenario's progress block on the home page.
const homeProgressJS = `(function (id) {
  var n = document.querySelector('[data-role="progress"][data-scenario="' + id + '"]'), q = function (s) { var e = n && n.querySelector(s); return e ? e.textContent : ''; };
  var links = n ? Array.prototype.map.call(n.querySelectorAll('a[data-role="reopen"]'), function (a) { return a.getAttribute('href'); }) : [];
  return {shown: !!n && !n.hidden, played: q('[data-role="played"]'), found: q('[data-role="endings-found"]'), best: q('[data-role="best"]'),
    attempts: n ? n.querySelectorAll('[data-role="attempt"]').length : 0, links: links,
    gallery: n ? Array.prototype.map.call(n.querySelectorAll('[data-role="gallery"] li'), function (li) { return li.textContent; }) : [],
    storage: document.querySelector('[data-js="store"]').getAttribute('data-storage') || '',
    status: (document.querySelector('[data-role="store-status"]') || {}).textContent || '',
    text: document.body.innerText};
})(%q)`

type homeProgress struct {
	Shown    bool     `json:"shown"`
	Played   string   `json:"played"`
	Found    string   `json:"found"`
	Best     string   `json:"best"`
	Attempts int      `json:"attempts"`
	Links    []string `json:"links"`
	Gallery  []string `json:"gallery"`
	Storage  string   `json:"storage"`
	Status   string   `json:"status"`
	Text     string   `json:"text"`
}

// progressPaths returns two paths of sc to different endings when it has
// them (else the best path twice over two different paths, or once).
func progressPaths(t *testing.T, sc *scenario.Scenario, a *analysis.Result) []analysis.Path {
	t.Helper()
	out := []analysis.Path{a.Best}
	all, _ := analysis.Paths(sc, 200)
	for _, p := range all {
		if p.End.Moment != a.Best.End.Moment {
			return append(out, p)
		}
	}
	for _, p := range all {
		if choicesString(p) != choicesString(a.Best) {
			return append(out, p)
		}
	}
	return out
}

func pathString(p analysis.Path) string {
	parts := make([]string, len(p.Steps))
	for i, st := range p.Steps {
		parts[i] = strconv.Itoa(st.Choice)
	}
	return strings.Join(parts, ".")
}

// endingURL is the ending page of path p with its fragment.
func endingURL(s *siteInfo, base string, sc *scenario.Scenario, p analysis.Path) string {
	return fmt.Sprintf("%sscenarios/%s/moment-%s.html#p=%s:%s", base, sc.ID.Value, p.End.Moment, scenario.Stamp(sc), pathString(p))
}

func readHome(t *testing.T, tb *tab, id string) homeProgress {
	t.Helper()
	hp, err := eval[homeProgress](tb, fmt.Sprintf(homeProgressJS, id))
	if err != nil {
		t.Fatal(err)
	}
	return hp
}

// TestProgress plays two attempts (by their ending pages' addresses), then
// checks the home page: played, endings found "N of M" with only the
// found endings named, the best quadrant, both attempts listed with links
// that reopen their debriefs, the comparison; the same after a reload; and
// after clearing the storage, the same again once the export is imported
// through the page's file input.
func TestProgress(t *testing.T) {
	s := needSite(t)
	// Over HTTP, like a site on GitHub Pages: one storage for every page.
	srv := httptest.NewServer(http.FileServer(http.Dir(s.dir)))
	defer srv.Close()
	base := srv.URL + "/"
	sc := s.scenarios[0]
	a := s.analyses[sc.ID.Value]
	paths := progressPaths(t, sc, a)
	tb := newTab(t, tabOptions{allow: []string{base}})

	if err := tb.navigate(base + "index.html"); err != nil {
		t.Fatal(err)
	}
	hp := readHome(t, tb, sc.ID.Value)
	if !hp.Shown || hp.Played != "Not played yet" || hp.Storage != "yes" {
		t.Fatalf("before playing: %+v, want shown, \"Not played yet\", storage yes", hp)
	}
	for i, p := range paths {
		if err := tb.navigate(endingURL(s, base, sc, p)); err != nil {
			t.Fatal(err)
		}
		n, err := eval[int](tb, recordJS)
		if err != nil {
			t.Fatal(err)
		}
		if n != i+1 {
			t.Fatalf("after attempt %d: %d attempts kept", i+1, n)
		}
		// A reload of the same ending is not a new attempt.
		if err := tb.reload(); err != nil {
			t.Fatal(err)
		}
		if n, err := eval[int](tb, recordJS); err != nil || n != i+1 {
			t.Fatalf("after reloading attempt %d's ending: %d attempts (%v), want %d", i+1, n, err, i+1)
		}
	}

	ends := 0
	var hidden []string
	found := map[string]bool{}
	for _, p := range paths {
		found[p.End.Moment] = true
	}
	for _, e := range a.Endings {
		if !e.Reached {
			continue
		}
		ends++
		if m := sc.Moment(e.Moment); !found[e.Moment] && m.Ending.Title.Value != "" {
			hidden = append(hidden, m.Ending.Title.Value)
		}
	}
	best := ""
	for _, q := range scenario.Quadrants {
		for _, p := range paths {
			if best == "" && scenario.QuadrantOf(p.End.Pos) == q {
				best = q.String()
			}
		}
	}
	check := func(when string) {
		t.Helper()
		if err := tb.navigate(base + "index.html"); err != nil {
			t.Fatal(err)
		}
		hp := readHome(t, tb, sc.ID.Value)
		if want := fmt.Sprintf("Played %d time", len(paths)); !strings.HasPrefix(hp.Played, want) {
			t.Errorf("%s: played says %q, want %q...", when, hp.Played, want)
		}
		if want := fmt.Sprintf("%d of %d endings found", len(found), ends); hp.Found != want {
			t.Errorf("%s: %q, want %q", when, hp.Found, want)
		}
		if hp.Best != best {
			t.Errorf("%s: best quadrant %q, want %q", when, hp.Best, best)
		}
		if hp.Attempts != len(paths) || len(hp.Links) != len(paths) {
			t.Errorf("%s: %d attempts listed, %d reopen links, want %d", when, hp.Attempts, len(hp.Links), len(paths))
		}
		if len(hp.Gallery) != ends {
			t.Errorf("%s: the gallery has %d endings, want %d", when, len(hp.Gallery), ends)
		}
		for _, h := range hidden {
			if strings.Contains(hp.Text, h) {
				t.Errorf("%s: the home page names the ending %q, which was not found", when, h)
			}
		}
		// The newest attempt first; each link reopens that attempt's debrief.
		for i, href := range hp.Links {
			p := paths[len(paths)-1-i]
			if want := fmt.Sprintf("scenarios/%s/moment-%s.html#p=%s:%s", sc.ID.Value, p.End.Moment, scenario.Stamp(sc), pathString(p)); href != want {
				t.Errorf("%s: attempt link %d is %q, want %q", when, i+1, href, want)
			}
		}
		if len(paths) > 1 {
			n, err := eval[int](tb, `Array.prototype.filter.call(document.querySelectorAll('[data-js="compare"]:not([hidden]) polyline'), function (l) { return /^[0-9.]+,[0-9.]+/.test(l.getAttribute('points')); }).length`)
			if err != nil || n != 2 {
				t.Errorf("%s: the comparison draws %d paths with coordinates (%v), want 2", when, n, err)
			}
		}
	}
	check("after playing")
	if err := tb.reload(); err != nil {
		t.Fatal(err)
	}
	check("after a reload")

	// Reopen the newest attempt's debrief from its link.
	if _, err := eval[bool](tb, fmt.Sprintf(`(document.querySelector('[data-role="progress"][data-scenario=%q] details').open = true)`, sc.ID.Value)); err != nil {
		t.Fatal(err)
	}
	if err := tb.click(fmt.Sprintf(`[data-role="progress"][data-scenario=%q] a[data-role="reopen"]`, sc.ID.Value)); err != nil {
		t.Fatal(err)
	}
	if err := pl(tb, s, sc).atEnding(paths[len(paths)-1]); err != nil {
		t.Errorf("the reopened debrief: %v", err)
	}

	// Export, clear the storage, import the file through the page.
	text, err := eval[string](tb, `CoachSimProgress.exportText()`)
	if err != nil {
		t.Fatal(err)
	}
	f := filepath.Join(t.TempDir(), "coachsim-progress.json")
	if err := os.WriteFile(f, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := tb.navigate(base + "index.html"); err != nil {
		t.Fatal(err)
	}
	if _, err := eval[bool](tb, `(localStorage.clear(), true)`); err != nil {
		t.Fatal(err)
	}
	if err := tb.reload(); err != nil {
		t.Fatal(err)
	}
	if hp := readHome(t, tb, sc.ID.Value); hp.Played != "Not played yet" {
		t.Fatalf("after clearing the storage: %q", hp.Played)
	}
	ctx, cancel := tb.step(10 * time.Second)
	err = chromedp.Do(ctx, chromedp.SetUploadFiles(chromedp.CSS(`input[data-role="import-progress"]`), []string{f}))
	if err == nil {
		_, err = chromedp.Run(ctx, chromedp.Poll[bool](`/^Imported/.test(document.querySelector('[data-js="store-result"]').textContent)`, chromedp.WithPollingTimeout(5*time.Second)))
	}
	cancel()
	if err != nil {
		t.Fatalf("importing %s: %v", f, err)
	}
	check("after an export and an import")

	// axe, light and dark, on the home page with progress, at both widths
	// (the same server, so the same storage).
	src := axeSource(t, s)
	var checked []string
	for _, w := range viewports {
		at := newTab(t, tabOptions{width: w.width, height: w.height, mobile: w.mobile, allow: []string{base}})
		if err := at.navigate(base + "index.html"); err != nil {
			t.Fatal(err)
		}
		if _, err := eval[bool](at, `(Array.prototype.forEach.call(document.querySelectorAll('[data-role="progress"] details'), function (d) { d.open = true; }), true)`); err != nil {
			t.Fatal(err)
		}
		c := &a11yChecker{t: t, tb: at, src: src, variant: fmt.Sprintf("%dpx", w.width), checked: &checked, base: base}
		c.check("home with progress")
	}
	if len(checked) != 4 {
		t.Errorf("axe ran on %d variants of the home page with progress, want 4", len(checked))
	}
}

// pl is a JavaScript player of sc in tb.
func pl(tb *tab, s *siteInfo, sc *scenario.Scenario) *player {
	return &player{tb: tb, s: s, sc: sc, js: true}
}

// TestProgressWithoutStorage opens the home page in a browser whose
// localStorage throws (as some browsers do for file:// pages): the page
// must say that progress cannot be kept and offer the export and import.
func TestProgressWithoutStorage(t *testing.T) {
	s := needSite(t)
	srv := httptest.NewServer(http.FileServer(http.Dir(s.dir)))
	defer srv.Close()
	base := srv.URL + "/"
	tb := newTab(t, tabOptions{allow: []string{base}})
	noStorage(t, tb)
	if err := tb.navigate(base + "index.html"); err != nil {
		t.Fatal(err)
	}
	hp := readHome(t, tb, s.scenarios[0].ID.Value)
	if hp.Storage != "no" || !strings.Contains(hp.Status, "cannot keep your progress") {
		t.Errorf("without storage the home page says %q (storage %q), want that it cannot keep progress", hp.Status, hp.Storage)
	}
	n, err := eval[int](tb, `document.querySelectorAll('[data-js="store"]:not([hidden]) button[data-role="export-progress"], [data-js="store"]:not([hidden]) input[type="file"][data-role="import-progress"]').length`)
	if err != nil || n != 2 {
		t.Errorf("without storage: %d of the export button and import input shown (%v), want both", n, err)
	}
	var checked []string
	c := &a11yChecker{t: t, tb: tb, src: axeSource(t, s), variant: "1280px", checked: &checked, base: base}
	c.check("home without storage")
}

// noStorage makes every later document in tb see a localStorage that throws.
func noStorage(t *testing.T, tb *tab) {
	t.Helper()
	ctx, cancel := tb.step(0)
	defer cancel()
	if _, err := chromedp.Call(ctx, cdppage.AddScriptToEvaluateOnNewDocument, cdppage.AddScriptToEvaluateOnNewDocumentParams{
		Source: `Object.defineProperty(window, 'localStorage', {get: function () { throw new DOMException('denied', 'SecurityError'); }});`}); err != nil {
		t.Fatal(err)
	}
}
