package e2e

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"golang.org/x/net/html"

	"coachsim/generator/analysis"
	"coachsim/generator/scenario"
)

// The tests in this file cover what the scenario model added after the
// first site: the order choices are shown in, the stamp in every path,
// flags and visits in the browser's replay, conditional debrief
// paragraphs, and the movement a response makes once the position is
// clamped to the plane. The fixture scenario test-flags (testdata/) has
// what the shipped scenarios lack.

// fixture returns the fixture scenario test-flags. A site built without it
// (COACHSIM_SITE naming a site made by make site) skips the test, or fails
// it under CI=true.
func (s *siteInfo) fixture(t *testing.T) *scenario.Scenario {
	t.Helper()
	const id = "test-flags"
	if !s.fixtures[id] {
		msg := fmt.Sprintf("the site under test was built without the fixture %s/%s.yaml", fixtureDir, id)
		if os.Getenv("CI") == "true" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	return s.scenario(id)
}

// shownOrder is the order moment m's choices are shown in, as authored
// indices: ShownOrders, or the authored order for moments it leaves out.
func shownOrder(orders map[string][]int, m *scenario.Moment) []int { return scenario.Shown(orders, m) }

// prefixes returns, for each moment reachable from the start, the choices
// of one path that leads there (breadth first over moments, so short), as
// analysis.Play follows them.
func prefixes(sc *scenario.Scenario) map[string][]int {
	out := map[string][]int{sc.StartMoment().ID: {}}
	queue := [][]int{{}}
	for len(queue) > 0 {
		p := queue[0]
		queue = queue[1:]
		path, err := analysis.Play(sc, p)
		if err != nil {
			continue
		}
		m := sc.Moment(path.End.Moment)
		for ci := range m.Choices {
			q := append(slices.Clone(p), ci)
			next, err := analysis.Play(sc, q)
			if err != nil {
				continue
			}
			if _, seen := out[next.End.Moment]; !seen {
				out[next.End.Moment] = q
				queue = append(queue, q)
			}
		}
	}
	return out
}

func joinInts(p []int) string {
	parts := make([]string, len(p))
	for i, v := range p {
		parts[i] = strconv.Itoa(v)
	}
	return strings.Join(parts, ".")
}

var scriptFeedbackRE = regexp.MustCompile(`feedback-([a-z0-9-]+)-(\d+)\.html$`)

// TestShownOrder checks that every moment page lists its choices in the
// order scenario.ShownOrders gives (each link still naming its authored
// index: data-choice and the feedback page's address), with JavaScript off
// and on (then every link's path also ends in the authored index), and that
// the script page lists and numbers them in that order.
func TestShownOrder(t *testing.T) {
	s := needSite(t)
	pages, scripts := 0, 0
	for _, sc := range s.scenarios {
		orders := scenario.ShownOrders(sc)
		for _, m := range sc.Moments {
			if m.IsEnding() {
				continue
			}
			pg := s.momentPageQuiet(sc.ID.Value, m.ID, "moment")
			if pg == nil {
				t.Errorf("%s: no moment page for %q", sc.ID.Value, m.ID)
				continue
			}
			pages++
			want := shownOrder(orders, m)
			var got []int
			for _, n := range findAll(pg, func(n *html.Node) bool { return n.Data == "a" && attr(n, "data-role") == "choice" }) {
				i, _ := strconv.Atoi(attr(n, "data-choice"))
				got = append(got, i)
				if tp := s.target(pg, n); tp == nil || tp.body["data-choice"] != attr(n, "data-choice") || tp.body["data-moment"] != m.ID {
					t.Errorf("%s: choice %s links to %q, not its own feedback page", pg.rel, attr(n, "data-choice"), attr(n, "href"))
				}
			}
			if !slices.Equal(got, want) {
				t.Errorf("%s: choices in the order %v, ShownOrders says %v", pg.rel, got, want)
			}
		}
		// The script page: each moment's choices in the shown order,
		// numbered 1, 2, ... in that order.
		sp := s.findOne(t, "page", "script", "scenario", sc.ID.Value)
		scripts++
		for _, sec := range findAll(sp, func(n *html.Node) bool { return n.Data == "section" && strings.HasPrefix(attr(n, "id"), "m-") }) {
			m := sc.Moment(strings.TrimPrefix(attr(sec, "id"), "m-"))
			if m == nil || m.IsEnding() {
				continue
			}
			var got []int
			k := 0
			walk(sec, func(n *html.Node) {
				if n.Type != html.ElementNode || n.Data != "li" || attr(n, "class") != "s-choice" {
					return
				}
				k++
				if !strings.HasPrefix(textOf(n), strconv.Itoa(k)+". ") {
					t.Errorf("%s: response %d of %q is numbered %.12q", sp.rel, k, m.ID, textOf(n))
				}
				walk(n, func(a *html.Node) {
					if a.Type == html.ElementNode && a.Data == "a" && textOf(a) == "Feedback page" {
						if mm := scriptFeedbackRE.FindStringSubmatch(attr(a, "href")); mm != nil && mm[1] == m.ID {
							i, _ := strconv.Atoi(mm[2])
							got = append(got, i)
						}
					}
				})
			})
			if want := shownOrder(orders, m); !slices.Equal(got, want) {
				t.Errorf("%s: %q lists its responses in the order %v, ShownOrders says %v", sp.rel, m.ID, got, want)
			}
		}
	}
	t.Logf("static: %d moment pages and %d script pages list their choices in the shown order", pages, scripts)

	needBrowser(t)
	type choice struct {
		Choice string `json:"choice"`
		Href   string `json:"href"`
	}
	const readChoices = `Array.prototype.map.call(document.querySelectorAll('a[data-role="choice"]'), function (a) { return {choice: a.getAttribute('data-choice'), href: a.getAttribute('href')}; })`
	for _, js := range []bool{false, true} {
		tb := newTab(t, tabOptions{noJS: !js})
		checked, withPath := 0, 0
		for _, sc := range s.scenarios {
			orders := scenario.ShownOrders(sc)
			pre := prefixes(sc)
			stamp := "#p=" + scenario.Stamp(sc) + ":"
			for _, m := range sc.Moments {
				pg := s.momentPageQuiet(sc.ID.Value, m.ID, "moment")
				if m.IsEnding() || pg == nil {
					continue
				}
				u := s.url(pg)
				p, reached := pre[m.ID]
				if js && reached {
					u += stamp + joinInts(p)
				}
				if err := tb.navigate(u); err != nil {
					t.Fatal(err)
				}
				got, err := eval[[]choice](tb, readChoices)
				if err != nil {
					t.Fatal(err)
				}
				checked++
				want := shownOrder(orders, m)
				var idx []int
				for _, c := range got {
					i, _ := strconv.Atoi(c.Choice)
					idx = append(idx, i)
					base := "feedback-" + m.ID + "-" + c.Choice + ".html"
					if !strings.Contains(c.Href, base) {
						t.Errorf("%s: choice %s links to %q, want %s", pg.rel, c.Choice, c.Href, base)
					}
					if js && reached {
						if wantFrag := stamp + joinInts(append(slices.Clone(p), i)); !strings.HasSuffix(c.Href, wantFrag) {
							t.Errorf("%s (JavaScript on, path %v): choice %s links to %q, want the path %s", pg.rel, p, c.Choice, c.Href, wantFrag)
						}
					}
				}
				if js && reached {
					withPath++
				}
				if !slices.Equal(idx, want) {
					t.Errorf("%s (JavaScript on: %v): choices shown in the order %v, ShownOrders says %v", pg.rel, js, idx, want)
				}
			}
		}
		t.Logf("browser, JavaScript on: %v: %d moment pages (%d with a path leading there) show their choices in the shown order", js, checked, withPath)
	}
}

// TestStalePath opens pages with a path from an earlier version of the
// scenario: an address from before stamps (#p=0.1) and one whose stamp
// differs. Each shows the message, no position, no transcript, every
// debrief paragraph with its note (as without JavaScript), and a link that
// starts again; a valid fragment set afterwards replays, and a stale one
// set after that stops replaying. Stored paths of another version are not
// offered for resuming.
func TestStalePath(t *testing.T) {
	s := needSite(t)
	sc := s.fixture(t)
	stamp := scenario.Stamp(sc)
	wrong := "00000000"
	if stamp == wrong {
		wrong = "00000001"
	}
	// A path to an ending with conditional paragraphs, some hidden.
	all, _ := analysis.Paths(sc, 0)
	var p analysis.Path
	for _, q := range all {
		if pl, err := analysis.Play(sc, q.Choices()); err == nil {
			if deb := analysis.Debrief(sc, pl); len(deb) > 0 && len(deb) < len(sc.Moment(q.End.Moment).Ending.Debrief) {
				p = q
				break
			}
		}
	}
	if len(p.Steps) < 2 {
		t.Fatalf("no path of %s to an ending that hides a debrief paragraph", sc.ID.Value)
	}
	path := joinInts(p.Choices())
	last := p.Steps[len(p.Steps)-1]
	ending := s.momentPage(t, sc.ID.Value, p.End.Moment, "ending")
	feedback := s.findOne(t, "page", "feedback", "scenario", sc.ID.Value, "moment", last.Moment, "choice", strconv.Itoa(last.Choice))
	start := s.momentPage(t, sc.ID.Value, sc.StartMoment().ID, "moment")
	tb := newTab(t, tabOptions{})
	const msg = "This path was recorded on an earlier version of this scenario, which has changed since; it cannot be replayed."
	checkStale := func(how string) {
		t.Helper()
		st, err := tb.state()
		if err != nil {
			t.Fatal(err)
		}
		if st.Stale == nil || !strings.Contains(*st.Stale, msg) {
			t.Errorf("%s: %s does not say the path is from an earlier version (stale: %v)", how, st.where(), st.Stale)
		}
		if st.Position != nil || st.Final != nil || st.TranscriptItems >= 0 {
			t.Errorf("%s: %s replays a stale path: position %v, final %v, transcript %d items", how, st.where(), st.Position, st.Final, st.TranscriptItems)
		}
		if !strings.Contains(strings.ToLower(st.SVGName), "without your position") {
			t.Errorf("%s: %s names its picture %q; want it to say the position is not shown", how, st.where(), st.SVGName)
		}
		for _, c := range st.Choices {
			if strings.Contains(c.Href, "#") {
				t.Errorf("%s: %s: choice link %q carries a path", how, st.where(), c.Href)
			}
		}
		for _, para := range st.Paras {
			if para.Hidden {
				t.Errorf("%s: %s hides debrief paragraph %s for a path it did not replay", how, st.where(), para.Index)
			}
		}
		if st.Notes != st.NotesShown {
			t.Errorf("%s: %s hides %d notes on which paths paragraphs apply to", how, st.where(), st.Notes-st.NotesShown)
		}
		// The link starts again, with a path of this version.
		href, err := eval[string](tb, `(function () { var a = document.querySelector('[data-role="stale"] a'); return a ? a.href : ''; })()`)
		if err != nil {
			t.Fatal(err)
		}
		if want := s.url(start) + "#p=" + stamp + ":"; href != want {
			t.Errorf("%s: the start-again link is %q, want %q", how, href, want)
		}
	}
	for _, tc := range []struct{ what, url string }{
		{"the ending, with an address from before stamps", s.url(ending) + "#p=" + path},
		{"the ending, with another version's stamp", s.url(ending) + "#p=" + wrong + ":" + path},
		{"the feedback page, with an address from before stamps", s.url(feedback) + "#p=" + path},
		{"the start, with an empty path from before stamps", s.url(start) + "#p="},
		{"the start, with another version's empty path", s.url(start) + "#p=" + wrong + ":"},
	} {
		if err := tb.navigate(tc.url); err != nil {
			t.Fatal(err)
		}
		checkStale(tc.what)
	}
	// From stale to current and back, on one page (hashchange).
	if err := tb.navigate(s.url(ending) + "#p=" + wrong + ":" + path); err != nil {
		t.Fatal(err)
	}
	setHash := func(h string) {
		t.Helper()
		if _, err := tb.eval0(fmt.Sprintf(`location.hash = %q; true`, h)); err != nil {
			t.Fatal(err)
		}
		time.Sleep(300 * time.Millisecond) // hashchange is a task
	}
	setHash("#p=" + stamp + ":" + path)
	st, err := tb.state()
	if err != nil {
		t.Fatal(err)
	}
	if st.Stale != nil || st.Final == nil {
		t.Errorf("after changing to the current stamp: stale %v, final %v; want the replayed ending", st.Stale, st.Final)
	}
	if err := checkParagraphs(st, sc, p); err != nil {
		t.Error(err)
	}
	setHash("#p=" + path)
	checkStale("after changing back to an address from before stamps")

	// Resume: over HTTP, so that storage has a real origin.
	srv := httptest.NewServer(http.FileServer(http.Dir(s.dir)))
	defer srv.Close()
	rt := newTab(t, tabOptions{allow: []string{srv.URL + "/"}})
	intro := srv.URL + "/" + s.findOne(t, "page", "intro", "scenario", sc.ID.Value).rel
	key := "coachsim.path." + sc.ID.Value
	for _, tc := range []struct {
		stored string
		resume bool
	}{
		{path, false},
		{wrong + ":" + path, false},
		{stamp + ":" + path, true},
	} {
		if err := rt.navigate(intro); err != nil {
			t.Fatal(err)
		}
		if _, err := rt.eval0(fmt.Sprintf(`localStorage.setItem(%q, %q); true`, key, tc.stored)); err != nil {
			t.Fatal(err)
		}
		if err := rt.reload(); err != nil {
			t.Fatal(err)
		}
		href, err := eval[string](rt, `(function () { var a = document.querySelector('a[data-role="resume"]'); return a ? a.getAttribute('href') : ''; })()`)
		if err != nil {
			t.Fatal(err)
		}
		switch {
		case tc.resume && !strings.HasSuffix(href, "#p="+stamp+":"+path):
			t.Errorf("stored %q: the resume link is %q, want one to the stored path", tc.stored, href)
		case !tc.resume && href != "":
			t.Errorf("stored %q (another version): the intro offers to resume it (%q)", tc.stored, href)
		}
	}
	// Playing stores the stamp with the path.
	if err := rt.navigate(srv.URL + "/" + ending.rel + "#p=" + stamp + ":" + path); err != nil {
		t.Fatal(err)
	}
	stored, err := eval[string](rt, fmt.Sprintf(`localStorage.getItem(%q) || ''`, key))
	if err != nil {
		t.Fatal(err)
	}
	if stored != stamp+":"+path {
		t.Errorf("after playing %s, storage holds %q, want %q", path, stored, stamp+":"+path)
	}
}

// TestFlagsPlay checks the fixture's endings in the browser on every one of
// its paths: the replay (window.CoachSim.replay) and the page agree with
// Go on the flags set and the debrief paragraphs shown, and the saved
// debrief holds exactly the shown paragraphs.
func TestFlagsPlay(t *testing.T) {
	s := needSite(t)
	sc := s.fixture(t)
	all, complete := analysis.Paths(sc, 0)
	if !complete || len(all) == 0 {
		t.Fatalf("%s: %d paths, enumeration complete: %v", sc.ID.Value, len(all), complete)
	}
	tb := newTab(t, tabOptions{})
	stamp := "#p=" + scenario.Stamp(sc) + ":"
	hidden, flagged := 0, 0
	for _, p := range all {
		played, err := analysis.Play(sc, p.Choices())
		if err != nil {
			t.Fatal(err)
		}
		if len(played.Set) > 0 {
			flagged++
		}
		pg := s.momentPage(t, sc.ID.Value, p.End.Moment, "ending")
		if err := tb.navigate(s.url(pg) + stamp + joinInts(p.Choices())); err != nil {
			t.Fatal(err)
		}
		st, err := tb.state()
		if err != nil {
			t.Fatal(err)
		}
		if err := checkPosition("final", st.Final, p.End.Pos); err != nil {
			t.Errorf("path %s: %v", choicesString(p), err)
		}
		if err := checkParagraphs(st, sc, p); err != nil {
			t.Errorf("path %s: %v", choicesString(p), err)
		}
		var shown []string
		for _, para := range st.Paras {
			if para.Hidden {
				hidden++
			} else {
				shown = append(shown, para.Text)
			}
		}
		r, err := eval[jsReplay](tb, fmt.Sprintf(`window.CoachSim.replay(%q, [%s])`, sc.ID.Value, strings.ReplaceAll(joinInts(p.Choices()), ".", ",")))
		if err != nil {
			t.Fatal(err)
		}
		if err := compareReplay(sc, p, r); err != nil {
			t.Errorf("path %s: %v", choicesString(p), err)
		}
		text, err := savedDebrief(tb)
		if err != nil {
			t.Fatalf("path %s: %v", choicesString(p), err)
		}
		deb := strings.Join(exportParas(text), "\n\n")
		if want := strings.Join(shown, "\n\n"); strings.Join(strings.Fields(deb), " ") != strings.Join(strings.Fields(want), " ") {
			t.Errorf("path %s: the saved debrief holds %q; want the shown paragraphs %q", choicesString(p), deb, want)
		}
	}
	t.Logf("%s: %d paths (%d setting flags), each ending's paragraphs as Go shows them (%d hidden in all), replay and saved text agree", sc.ID.Value, len(all), flagged, hidden)

	// Printed, an ending shows the paragraphs it shows on screen: on a
	// path that hides some, they stay hidden in print.
	var pick *analysis.Path
	for i, p := range all {
		if played, _ := analysis.Play(sc, p.Choices()); len(analysis.Debrief(sc, played)) < len(sc.Moment(p.End.Moment).Ending.Debrief) {
			pick = &all[i]
			break
		}
	}
	if pick == nil {
		t.Fatalf("no path of %s hides a debrief paragraph", sc.ID.Value)
	}
	if err := tb.navigate(s.url(s.momentPage(t, sc.ID.Value, pick.End.Moment, "ending")) + stamp + joinInts(pick.Choices())); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := tb.step(0)
	defer cancel()
	if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"}); err != nil {
		t.Fatal(err)
	}
	printed, err := eval[[]bool](tb, `Array.prototype.map.call(document.querySelectorAll('[data-js="debrief"] [data-para]'), function (p) { return getComputedStyle(p).display !== 'none'; })`)
	if err != nil {
		t.Fatal(err)
	}
	played, _ := analysis.Play(sc, pick.Choices())
	want := analysis.Debrief(sc, played)
	for i, on := range printed {
		if on != slices.Contains(want, i) {
			t.Errorf("path %s printed: debrief paragraph %d shown %v, want %v (Go shows %v)", choicesString(*pick), i, on, !on, want)
		}
	}
	if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: ""}); err != nil {
		t.Fatal(err)
	}
}

// exportParas returns the text of the debrief paragraphs in an exported
// debrief (HTML).
func exportParas(doc string) []string {
	root, err := html.Parse(strings.NewReader(doc))
	if err != nil {
		return nil
	}
	var out []string
	walk(root, func(n *html.Node) {
		if n.Type == html.ElementNode && hasAttr(n, "data-para") {
			out = append(out, textOf(n))
		}
	})
	return out
}

// savedDebrief clicks the ending's "Download as a web page" button and
// returns the text of the file it would download.
func savedDebrief(tb *tab) (string, error) {
	// The buttons come once the transcript's words have loaded.
	if err := tb.waitFor(`button[data-role="save"]`); err != nil {
		return "", fmt.Errorf("no save button: %w", err)
	}
	ok, err := tb.eval0(`(function () {
  var b = document.querySelector('button[data-role="save"]');
  if (!b) return false;
  var create = URL.createObjectURL, click = HTMLAnchorElement.prototype.click;
  window.__csBlob = null;
  URL.createObjectURL = function (blob) { window.__csBlob = blob; return 'data:,'; };
  HTMLAnchorElement.prototype.click = function () {};
  try { b.click(); } finally { URL.createObjectURL = create; HTMLAnchorElement.prototype.click = click; }
  return !!window.__csBlob;
})()`)
	if err != nil {
		return "", err
	}
	if !ok {
		return "", fmt.Errorf("no save button, or it made no file")
	}
	ctx, cancel := tb.step(0)
	defer cancel()
	return chromedp.Run(ctx, chromedp.Evaluate[string](`window.__csBlob.text()`, chromedp.EvalAwaitPromise))
}

// TestHonestMovement plays the fixture to the edge of the plane and checks
// that the feedback page, the transcript and the saved debrief report the
// movement after clamping (a partial move, then none on trust), that the
// picture's last arrow has no trust component when trust could not move,
// and that without JavaScript the feedback page reports the response's
// effect as such.
func TestHonestMovement(t *testing.T) {
	s := needSite(t)
	sc := s.fixture(t)
	stamp := "#p=" + scenario.Stamp(sc) + ":"
	// opening, choice 0: trust 8 + 3 stops at 10; then probe, choice 0:
	// trust +3 at 10 does not move.
	path := []int{0, 0}
	played, err := analysis.Play(sc, path)
	if err != nil {
		t.Fatal(err)
	}
	first, second := played.Steps[0], played.Steps[1]
	if start := sc.Initial.Value.Clamp(); first.After.Trust != 10 || first.After.Trust-start.Trust >= sc.Moment(first.Moment).Choices[0].Trust.Value ||
		second.After.Trust != 10 || sc.Moment(second.Moment).Choices[0].Trust.Value <= 0 || !sc.Moment(played.End.Moment).IsEnding() {
		t.Fatalf("the fixture no longer clamps at the top of trust on path %v: %+v", path, played)
	}
	tb := newTab(t, tabOptions{})
	pl := &player{tb: tb, s: s, sc: sc, js: true}
	before := sc.Initial.Value.Clamp()
	for k, step := range played.Steps {
		m := sc.Moment(step.Moment)
		fb := s.findOne(t, "page", "feedback", "scenario", sc.ID.Value, "moment", m.ID, "choice", strconv.Itoa(step.Choice))
		if err := tb.navigate(s.url(fb) + stamp + joinInts(path[:k+1])); err != nil {
			t.Fatal(err)
		}
		st, err := tb.state()
		if err != nil {
			t.Fatal(err)
		}
		c := m.Choices[step.Choice]
		if err := checkMoved(st, c, before, step.After); err != nil {
			t.Errorf("step %d: %v", k+1, err)
		}
		if st.Delta["data-trust"] != signed(c.Trust.Value) {
			t.Errorf("step %d: data-trust=%q; the contract keeps the response's effect (%s) there", k+1, st.Delta["data-trust"], signed(c.Trust.Value))
		}
		if !strings.Contains(st.DeltaText, "The response's effect is trust "+shownSigned(c.Trust.Value)) {
			t.Errorf("step %d: the clamped movement %q does not say what the response's effect was", k+1, st.DeltaText)
		}
		// The arrow of the last move: no trust component when trust
		// did not move.
		dx, err := eval[float64](tb, `(function () { var l = document.querySelector('svg[data-role="plane"] line.last'); return l ? l.x2.baseVal.value - l.x1.baseVal.value : NaN; })()`)
		if err != nil {
			t.Fatal(err)
		}
		moved := step.After.Trust - before.Trust
		if (moved == 0) != (dx > -0.5 && dx < 0.5) || moved*int(dx) < 0 {
			t.Errorf("step %d: trust moved %+d but the picture's arrow runs %.1f across", k+1, moved, dx)
		}
		if k == len(played.Steps)-1 {
			shot(t, tb, "fixture-feedback-edge")
		}
		before = step.After
	}
	// The ending: the transcript and the saved text report the moves.
	end := s.momentPage(t, sc.ID.Value, played.End.Moment, "ending")
	if err := tb.navigate(s.url(end) + stamp + joinInts(path)); err != nil {
		t.Fatal(err)
	}
	if err := pl.atEnding(played); err != nil {
		t.Error(err)
	}
	shot(t, tb, "fixture-ending")
	effects, err := eval[[]string](tb, `Array.prototype.map.call(document.querySelectorAll('[data-role="transcript"] > li .effect'), function (p) { return p.innerText; })`)
	if err != nil {
		t.Fatal(err)
	}
	text, err := savedDebrief(tb)
	if err != nil {
		t.Fatal(err)
	}
	for k, want := range []string{"Trust +2 (stopped at the edge of the plane); accountability +2", "Trust: already at the top of the plane, no change; accountability +3"} {
		if k >= len(effects) || !strings.HasPrefix(effects[k], want) {
			t.Errorf("transcript step %d reads %q, want %q", k+1, effects, want)
		}
		if !strings.Contains(text, want) {
			t.Errorf("the saved debrief does not say %q:\n%s", want, text)
		}
	}
	// Without JavaScript: the response's effect, said as such.
	nt := newTab(t, tabOptions{noJS: true})
	fb := s.findOne(t, "page", "feedback", "scenario", sc.ID.Value, "moment", second.Moment, "choice", strconv.Itoa(second.Choice))
	if err := nt.navigate(s.url(fb)); err != nil {
		t.Fatal(err)
	}
	st, err := nt.state()
	if err != nil {
		t.Fatal(err)
	}
	c := sc.Moment(second.Moment).Choices[second.Choice]
	if want := fmt.Sprintf("This response's effect: trust %s, accountability %s.", shownSigned(c.Trust.Value), shownSigned(c.Accountability.Value)); !strings.Contains(st.DeltaText, want) {
		t.Errorf("without JavaScript the feedback page reads %q, want %q", st.DeltaText, want)
	}
	if st.Delta["data-moved-trust"] != "" {
		t.Errorf("without JavaScript the feedback page claims a movement: %v", st.Delta)
	}
}

// shot saves a screenshot of the tab into build/test-output/screenshots/.
func shot(t *testing.T, tb *tab, name string) {
	t.Helper()
	f := filepath.Join(site.root, "build", "test-output", "screenshots", name+".png")
	if err := tb.screenshot(f); err != nil {
		t.Errorf("screenshot %s: %v", name, err)
	}
}

// TestFixtureScreenshots saves screenshots of the fixture's pages that the
// shipped scenarios do not have: a moment page reached by a path, the
// ending with conditional paragraphs without JavaScript (every paragraph,
// with its note), and the message for a path of another version.
func TestFixtureScreenshots(t *testing.T) {
	s := needSite(t)
	sc := s.fixture(t)
	if err := os.MkdirAll(filepath.Join(s.root, "build", "test-output", "screenshots"), 0o755); err != nil {
		t.Fatal(err)
	}
	stamp := "#p=" + scenario.Stamp(sc) + ":"
	tb := newTab(t, tabOptions{})
	pre := prefixes(sc)
	// detour: its choices shown in another order than authored.
	mp := s.momentPage(t, sc.ID.Value, "detour", "moment")
	if err := tb.navigate(s.url(mp) + stamp + joinInts(pre["detour"])); err != nil {
		t.Fatal(err)
	}
	shot(t, tb, "fixture-moment")
	checkNoOverflow(t, tb, "fixture-moment")
	end := s.momentPage(t, sc.ID.Value, "end-direct", "ending")
	if err := tb.navigate(s.url(end) + "#p=" + joinInts(pre["end-direct"])); err != nil {
		t.Fatal(err)
	}
	shot(t, tb, "fixture-stale")
	nt := newTab(t, tabOptions{noJS: true, width: 360, height: 740, mobile: true})
	if err := nt.navigate(s.url(end)); err != nil {
		t.Fatal(err)
	}
	shot(t, nt, "fixture-ending-nojs-360")
	checkNoOverflow(t, nt, "fixture-ending-nojs-360")
}
