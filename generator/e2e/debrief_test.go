package e2e

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"coachsim/generator/analysis"
	"coachsim/generator/render"
	"coachsim/generator/scenario"
)

// The trainee's play and the supervisor's debrief (issue 10): in-page
// links keep the path, keys choose and continue, focus lands on what is
// new, the ending's transcript is whole, its export is a self-contained
// file with the same text, its debrief code reproduces it, reflection
// answers stay with the play, and the ending stays light.

// pathFragment is "#p=STAMP:0.2.1" for the first n steps of p.
func pathFragment(sc *scenario.Scenario, p analysis.Path, n int) string {
	return "#p=" + scenario.Stamp(sc) + ":" + joinInts(p.Choices()[:n])
}

// bestEnding returns the first shipped scenario, its best path and the
// address of the ending that path reaches, with the path.
func bestEnding(t *testing.T, s *siteInfo) (*scenario.Scenario, analysis.Path, string) {
	t.Helper()
	sc := s.scenarios[0]
	p := s.analyses[sc.ID.Value].Best
	if len(p.Steps) < 2 {
		t.Fatalf("%s: the best path has %d steps, want 2 or more", sc.ID.Value, len(p.Steps))
	}
	return sc, p, s.url(s.momentPage(t, sc.ID.Value, p.End.Moment, "ending")) + pathFragment(sc, p, len(p.Steps))
}

// waitFor waits until an element matches the CSS selector.
func (tb *tab) waitFor(sel string) error {
	ctx, cancel := tb.step(0)
	defer cancel()
	return chromedp.Do(ctx, chromedp.WaitReady(chromedp.CSS(sel)))
}

// waitPage waits until the tab shows a page of the given kind.
func (tb *tab) waitPage(kind string) error {
	return tb.waitFor(fmt.Sprintf(`body[data-page=%q]`, kind))
}

// key presses one key (a character, or "\r" for Enter) in the tab.
func (tb *tab) key(k string) error {
	ctx, cancel := tb.step(0)
	defer cancel()
	return chromedp.Do(ctx, chromedp.KeyEvent(k))
}

// focused describes the focused element: tag, id and data-js.
func (tb *tab) focused() string {
	v, err := eval[string](tb, `(function () { var a = document.activeElement; return a ? a.tagName.toLowerCase() + '#' + a.id + '[' + (a.getAttribute('data-js') || '') + ']' + (a.className ? '.' + a.className : '') : 'none'; })()`)
	if err != nil {
		return err.Error()
	}
	return v
}

// TestSkipLinkKeepsPath follows "Skip to content" on a moment page reached
// by a path: the path stays in the address, the position and the choice
// links keep it, and focus is on the main content.
func TestSkipLinkKeepsPath(t *testing.T) {
	s := needSite(t)
	sc, p, _ := bestEnding(t, s)
	tb := newTab(t, tabOptions{})
	frag := pathFragment(sc, p, 1)
	if err := tb.navigate(s.url(s.momentPage(t, sc.ID.Value, p.Steps[0].Next, "moment")) + frag); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := tb.step(0)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Focus(chromedp.CSS(`a.skip`)), chromedp.KeyEvent("\r")); err != nil {
		t.Fatal(err)
	}
	time.Sleep(200 * time.Millisecond) // a hashchange would run now
	st, err := tb.state()
	if err != nil {
		t.Fatal(err)
	}
	if st.Hash != frag {
		t.Errorf("after the skip link the address ends %q, want %q", st.Hash, frag)
	}
	if err := checkPosition("position", st.Position, p.Steps[0].After); err != nil {
		t.Errorf("after the skip link: %v", err)
	}
	for _, c := range st.Choices {
		if !strings.HasSuffix(c.Href, frag+"."+c.Choice) {
			t.Errorf("after the skip link choice %s links to %q, want the path %s.%s", c.Choice, c.Href, frag, c.Choice)
		}
	}
	if strings.Contains(st.Text, "not where the path") {
		t.Errorf("after the skip link the page says the path does not lead here")
	}
	if f := tb.focused(); !strings.HasPrefix(f, "main#main") {
		t.Errorf("after the skip link focus is on %s, want main", f)
	}
}

// TestKeysAndFocus plays two steps by keyboard: on a moment page focus is
// on the client's words and key N picks the Nth response shown; on the
// feedback page focus is on the feedback and Enter continues. The hints
// are shown.
func TestKeysAndFocus(t *testing.T) {
	s := needSite(t)
	sc, _, _ := bestEnding(t, s)
	tb := newTab(t, tabOptions{})
	start := sc.StartMoment()
	if err := tb.navigate(s.url(s.momentPage(t, sc.ID.Value, start.ID, "moment")) + "#p=" + scenario.Stamp(sc) + ":"); err != nil {
		t.Fatal(err)
	}
	if f := tb.focused(); !strings.HasPrefix(f, "blockquote") || !strings.Contains(f, "[focus]") {
		t.Errorf("on the start moment focus is on %s, want the client's words", f)
	}
	if hint, err := eval[string](tb, `document.querySelector('[data-js=keys]').innerText`); err != nil || !strings.Contains(hint, "press 1 to") {
		t.Errorf("the moment page's key hint reads %q (%v)", hint, err)
	}
	order := scenario.Shown(scenario.ShownOrders(sc), start)
	if err := tb.key("2"); err != nil {
		t.Fatal(err)
	}
	if err := tb.waitPage("feedback"); err != nil {
		t.Fatal(err)
	}
	st, err := tb.state()
	if err != nil {
		t.Fatal(err)
	}
	if st.Moment != start.ID || st.Choice != fmt.Sprint(order[1]) {
		t.Fatalf("key 2 led to %s, want the feedback on the second response shown (choice %d)", st.where(), order[1])
	}
	if f := tb.focused(); !strings.Contains(f, "[focus]") || !strings.Contains(f, "fb-section") {
		t.Errorf("on the feedback page focus is on %s, want the feedback", f)
	}
	played, err := analysis.Play(sc, []int{order[1]})
	if err != nil {
		t.Fatal(err)
	}
	next := played.Steps[0].Next
	kind := "moment"
	if sc.Moment(next).IsEnding() {
		kind = "ending"
	}
	if err := tb.key("\r"); err != nil {
		t.Fatal(err)
	}
	if err := tb.waitPage(kind); err != nil {
		t.Fatal(err)
	}
	if st, err = tb.state(); err != nil {
		t.Fatal(err)
	}
	if st.Moment != next || !strings.HasSuffix(st.Hash, ":"+fmt.Sprint(order[1])) {
		t.Errorf("Enter led to %s (%s), want moment %s with the path %d", st.where(), st.Hash, next, order[1])
	}
	if f := tb.focused(); !strings.Contains(f, "[focus]") {
		t.Errorf("after Enter focus is on %s, want the client's words", f)
	}
}

// norm collapses white space.
func norm(s string) string { return strings.Join(strings.Fields(s), " ") }

// transcriptTextJS is the transcript's text without its links into the
// site (which the export leaves out).
const transcriptTextJS = `(function () {
  var t = document.querySelector('[data-role="transcript"]');
  if (!t) return '';
  var c = t.cloneNode(true), nav = c.querySelectorAll('[data-js="nav"]');
  for (var i = 0; i < nav.length; i++) nav[i].parentNode.removeChild(nav[i]);
  document.body.appendChild(c);
  var out = c.innerText;
  c.parentNode.removeChild(c);
  return out;
})()`

// TestDebrief plays the best path of a scenario to its ending and checks
// the whole debrief: every step's client words, response and feedback in
// full, the roads not taken, the turning point, the reflection answers
// (kept over a reload), the export as HTML (opened from another folder:
// the same transcript, no script, no request) and as JSON, and the
// debrief code (pasted into another copy's "Open a debrief" box, on this
// scenario's first page and on another's, it shows the same debrief).
func TestDebrief(t *testing.T) {
	s := needSite(t)
	sc, p, endURL := bestEnding(t, s)
	md := render.New()
	tb := newTab(t, tabOptions{})
	if err := tb.navigate(endURL); err != nil {
		t.Fatal(err)
	}
	type stepText struct {
		Text  string `json:"text"`
		Roads int    `json:"roads"`
		Turn  bool   `json:"turn"`
	}
	steps, err := eval[[]stepText](tb, `Array.prototype.map.call(document.querySelectorAll('[data-role="transcript"] > li'), function (li) {
  return {text: li.innerText, roads: li.querySelectorAll('.roads > li').length, turn: li.classList.contains('turn')};
})`)
	if err != nil {
		t.Fatal(err)
	}
	if len(steps) != len(p.Steps) {
		t.Fatalf("the transcript has %d steps, want %d", len(steps), len(p.Steps))
	}
	turns := 0
	for i, st := range p.Steps {
		m := sc.Moment(st.Moment)
		c := m.Choices[st.Choice]
		got := norm(steps[i].Text)
		for what, text := range map[string]string{"client's words": m.Client.Value, "response": c.Response.Value, "feedback": c.Feedback.Value} {
			if want := norm(md.Text(text)); !strings.Contains(got, want) {
				t.Errorf("step %d (%s): the transcript does not hold the %s in full:\n want %q\n in   %q", i+1, st.Moment, what, want, got)
			}
		}
		if steps[i].Roads != len(m.Choices)-1 {
			t.Errorf("step %d: %d roads not taken, want %d", i+1, steps[i].Roads, len(m.Choices)-1)
		}
		if steps[i].Turn {
			turns++
		}
	}
	if tp, err := eval[string](tb, `document.querySelector('[data-role="turning"]').innerText`); err != nil || !strings.Contains(tp, "Turning point") {
		t.Errorf("the turning point reads %q (%v)", tp, err)
	}
	if turns == 0 || turns > 2 {
		t.Errorf("%d steps are marked as turning points, want 1 or 2", turns)
	}
	pageText, err := eval[string](tb, transcriptTextJS)
	if err != nil {
		t.Fatal(err)
	}

	// Reflection answers: typed, kept over a reload, in the export.
	answer := "I pushed too early at step two; next time, ask first."
	ctx, cancel := tb.step(0)
	err = chromedp.Do(ctx, chromedp.SendKeys(chromedp.CSS(`#a-0`), answer))
	cancel()
	if err != nil {
		t.Fatalf("typing a reflection answer: %v", err)
	}
	if err := tb.reload(); err != nil {
		t.Fatal(err)
	}
	if got, err := eval[string](tb, `document.querySelector('#a-0').value`); err != nil || got != answer {
		t.Errorf("after a reload the first answer is %q (%v), want %q", got, err, answer)
	}

	// The export as HTML, opened from another folder.
	html, err := eval[string](tb, `window.CoachSim.debrief.html()`)
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"<script", "href=", "src=", "file:", "@import", "url("} {
		if strings.Contains(strings.ToLower(html), bad) {
			t.Errorf("the exported debrief contains %q", bad)
		}
	}
	code, err := eval[string](tb, `document.querySelector('[data-role="debrief-code"]').textContent`)
	if err != nil {
		t.Fatal(err)
	}
	if want := sc.ID.Value + ":" + scenario.Stamp(sc) + ":" + joinInts(p.Choices()); code != want {
		t.Errorf("the debrief code is %q, want %q", code, want)
	}
	if !strings.Contains(html, "<svg") || !strings.Contains(html, `class="path"`) {
		t.Errorf("the exported debrief has no picture of the path across the plane")
	}
	for _, want := range []string{sc.Title.Value, scenario.Stamp(sc), code, answer} {
		if !strings.Contains(html, escapeText(want)) {
			t.Errorf("the exported debrief does not hold %q", want)
		}
	}
	dir := filepath.Join(t.TempDir(), "elsewhere")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "debrief.html")
	if err := os.WriteFile(file, []byte(html), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(s.root, "build", "test-output"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(s.root, "build", "test-output", "debrief-export.html"), []byte(html), 0o644); err != nil {
		t.Log(err)
	}
	et := newTab(t, tabOptions{})
	if err := et.navigate((&url.URL{Scheme: "file", Path: filepath.ToSlash(file)}).String()); err != nil {
		t.Fatal(err)
	}
	exported, err := eval[string](et, `document.querySelector('[data-role="transcript"]') ? document.querySelector('[data-role="transcript"]').innerText : ''`)
	if err != nil {
		t.Fatal(err)
	}
	if norm(exported) != norm(pageText) {
		t.Errorf("the exported transcript differs from the page's:\n export %q\n page   %q", norm(exported), norm(pageText))
	}
	if n, err := eval[int](et, `document.scripts.length`); err != nil || n != 0 {
		t.Errorf("the exported file has %d scripts (%v)", n, err)
	}
	shot(t, et, "debrief-export")
	et.mu.Lock()
	reqs := append([]string(nil), et.requests...)
	et.mu.Unlock()
	if len(reqs) != 1 {
		t.Errorf("opening the exported file made %d requests, want only the file itself: %v", len(reqs), reqs)
	}

	// The export as JSON.
	js, err := eval[string](tb, `window.CoachSim.debrief.json()`)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Format  string `json:"format"`
		Version int    `json:"version"`
		Code    string `json:"code"`
		Steps   []struct {
			Moment   string   `json:"moment"`
			Feedback []string `json:"feedback"`
			Untaken  []any    `json:"untaken"`
		} `json:"steps"`
		Reflection []struct{ Answer string } `json:"reflection"`
	}
	if err := json.Unmarshal([]byte(js), &doc); err != nil {
		t.Fatalf("the JSON export does not parse: %v", err)
	}
	if doc.Format != "coachsim-debrief" || doc.Version != 1 || doc.Code != code || len(doc.Steps) != len(p.Steps) {
		t.Errorf("the JSON export is %s v%d, code %q, %d steps; want coachsim-debrief v1, %q, %d steps", doc.Format, doc.Version, doc.Code, len(doc.Steps), code, len(p.Steps))
	}
	if len(doc.Reflection) == 0 || doc.Reflection[0].Answer != answer {
		t.Errorf("the JSON export's reflection is %+v", doc.Reflection)
	}

	// The debrief code, in a fresh browser profile's copy (another tab,
	// storage cleared): on this scenario's first page, and on another's.
	intros := []*scenario.Scenario{sc}
	if len(s.scenarios) > 1 {
		intros = append(intros, s.scenarios[1])
	}
	for _, from := range intros {
		ct := newTab(t, tabOptions{})
		intro := s.findOne(t, "page", "intro", "scenario", from.ID.Value)
		if err := ct.navigate(s.url(intro)); err != nil {
			t.Fatal(err)
		}
		ctx, cancel := ct.step(0)
		err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`localStorage.clear()`),
			chromedp.SendKeys(chromedp.CSS(`#cs-code`), "not a code"), chromedp.Click(chromedp.CSS(`form[data-js="open"] button`)))
		cancel()
		if err != nil {
			t.Fatal(err)
		}
		if msg, err := eval[string](ct, `document.querySelector('[data-js="open-status"]').textContent`); err != nil || !strings.Contains(msg, "not a debrief code") {
			t.Errorf("from %s: a bad code says %q (%v)", from.ID.Value, msg, err)
		}
		ctx, cancel = ct.step(0)
		err = chromedp.Do(ctx, chromedp.SetValue(chromedp.CSS(`#cs-code`), " "+code+" "), chromedp.Click(chromedp.CSS(`form[data-js="open"] button`)))
		cancel()
		if err != nil {
			t.Fatal(err)
		}
		if err := ct.waitPage("ending"); err != nil {
			t.Fatalf("from %s: the code opened no ending: %v (at %s)", from.ID.Value, err, ct.location())
		}
		if err := ct.waitFor(`[data-role="transcript"]`); err != nil {
			t.Fatalf("from %s: the ending the code opened shows no transcript: %v", from.ID.Value, err)
		}
		st, err := ct.state()
		if err != nil {
			t.Fatal(err)
		}
		if st.Scenario != sc.ID.Value || st.Moment != p.End.Moment {
			t.Errorf("from %s: the code opened %s, want the ending %s of %s", from.ID.Value, st.where(), p.End.Moment, sc.ID.Value)
		}
		if err := checkPosition("final", st.Final, p.End.Pos); err != nil {
			t.Errorf("from %s: %v", from.ID.Value, err)
		}
		got, err := eval[string](ct, transcriptTextJS)
		if err != nil {
			t.Fatal(err)
		}
		if norm(got) != norm(pageText) {
			t.Errorf("from %s: the debrief the code opened has another transcript:\n got  %q\n want %q", from.ID.Value, norm(got), norm(pageText))
		}
	}
}

// escapeText is s as HTML text serialises it.
func escapeText(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", "\u00a0", "&nbsp;").Replace(s)
}

// TestEndingWithoutJS: the ending says plainly what it cannot show and
// links to the script page.
func TestEndingWithoutJS(t *testing.T) {
	s := needSite(t)
	sc, p, endURL := bestEnding(t, s)
	_ = p
	tb := newTab(t, tabOptions{noJS: true})
	if err := tb.navigate(endURL); err != nil {
		t.Fatal(err)
	}
	type note struct {
		Text string `json:"text"`
		Href string `json:"href"`
		Seen bool   `json:"seen"`
	}
	ctx, cancel := tb.step(0)
	defer cancel()
	// Scripts are off in the page; evaluating is still allowed.
	n, err := chromedp.Run(ctx, chromedp.Evaluate[note](`(function () { var n = document.querySelector('.nojs-note'); return n ? {text: n.innerText, href: n.querySelector('a').getAttribute('href'), seen: n.offsetParent !== null} : {}; })()`))
	if err != nil {
		t.Fatal(err)
	}
	if !n.Seen || !strings.Contains(n.Text, "need the script") || n.Href != "script.html" {
		t.Errorf("%s without JavaScript: the note reads %q (shown %v, link %q)", sc.ID.Value, n.Text, n.Seen, n.Href)
	}
	shot(t, tb, "ending-nojs")
}

// endingBudget is what an ending page may weigh, cold, with its CSS,
// script, data and the words of the moments on its path, as a static host
// sends it (gzip, as GitHub Pages does). The files on disk weigh more: the
// test logs both, and the whole transcript of a long play (12 to 24 steps
// here, about 2.5 KB of words a step) cannot fit 40 KB uncompressed.
const endingBudget = 40 * 1024

// gzipSize is the size of b compressed as a static host would send it.
func gzipSize(b []byte) int {
	var buf bytes.Buffer
	w, _ := gzip.NewWriterLevel(&buf, gzip.DefaultCompression)
	w.Write(b)
	w.Close()
	return buf.Len()
}

// TestEndingWeight loads, in a fresh tab, the ending of each scenario's
// best and longest path, and weighs every file the page loaded, on disk
// and gzipped; the best path's ending must fit the budget.
func TestEndingWeight(t *testing.T) {
	s := needSite(t)
	worst, worstWhat := 0, ""
	for _, sc := range s.scenarios {
		if s.fixtures[sc.ID.Value] {
			continue
		}
		a := s.analyses[sc.ID.Value]
		for name, p := range map[string]analysis.Path{"best": a.Best, "longest": a.Longest} {
			if len(p.Steps) == 0 {
				continue
			}
			tb := newTab(t, tabOptions{})
			if err := tb.navigate(s.url(s.momentPage(t, sc.ID.Value, p.End.Moment, "ending")) + pathFragment(sc, p, len(p.Steps))); err != nil {
				t.Fatal(err)
			}
			time.Sleep(100 * time.Millisecond)
			tb.mu.Lock()
			files := dedupe(append([]string(nil), tb.requests...))
			tb.mu.Unlock()
			total, sent := 0, 0
			for _, f := range files {
				u, err := url.Parse(strings.SplitN(f, "#", 2)[0])
				if err != nil || u.Scheme != "file" {
					t.Errorf("%s loaded %q", sc.ID.Value, f)
					continue
				}
				b, err := os.ReadFile(filepath.FromSlash(u.Path))
				if err != nil {
					t.Error(err)
					continue
				}
				total += len(b)
				sent += gzipSize(b)
			}
			what := fmt.Sprintf("%s's %s path (%d steps, %d files)", sc.ID.Value, name, len(p.Steps), len(files))
			t.Logf("%s: the ending weighs %d bytes cold on disk, %d sent gzipped", what, total, sent)
			if sent > worst {
				worst, worstWhat = sent, what
			}
			// The budget holds for the best path (11 to 13 steps); the
			// longest (up to 24) is logged.
			if sent > endingBudget && name == "best" {
				t.Errorf("%s: the ending sends %d bytes cold, over the %d-byte budget", what, sent, endingBudget)
			}
		}
	}
	t.Logf("heaviest ending: %s, %d bytes gzipped", worstWhat, worst)
}

// TestDebriefPages checks the new page states with axe at 1280 and 360 px
// in the light and dark schemes (over HTTP, as TestAccessibility), and
// saves a screenshot of each in both schemes: a moment page with its step
// indicator, a feedback page, an ending with its transcript and an answer
// typed, the intro with its "Open a debrief" box, the worked example.
func TestDebriefPages(t *testing.T) {
	s := needSite(t)
	src := axeSource(t, s)
	needBrowser(t)
	srv := httptest.NewServer(http.FileServer(http.Dir(s.dir)))
	defer srv.Close()
	base := srv.URL + "/"
	sc, p, _ := bestEnding(t, s)
	var checked []string
	at := func(pg *page, frag string) string { return base + pg.rel + frag }
	ending := at(s.momentPage(t, sc.ID.Value, p.End.Moment, "ending"), pathFragment(sc, p, len(p.Steps)))
	st1 := p.Steps[1]
	pages := []struct{ name, url string }{
		{"moment", at(s.momentPage(t, sc.ID.Value, p.Steps[0].Next, "moment"), pathFragment(sc, p, 1))},
		{"feedback", at(s.findOne(t, "page", "feedback", "scenario", sc.ID.Value, "moment", st1.Moment, "choice", fmt.Sprint(st1.Choice)), pathFragment(sc, p, 2))},
		{"ending", ending},
		{"intro", at(s.findOne(t, "page", "intro", "scenario", sc.ID.Value), "")},
		{"worked", at(s.findOne(t, "page", "worked", "scenario", sc.ID.Value), "")},
	}
	for _, w := range viewports {
		t.Run(fmt.Sprint(w.width), func(t *testing.T) {
			tb := newTab(t, tabOptions{width: w.width, height: w.height, mobile: w.mobile, allow: []string{base}})
			c := &a11yChecker{t: t, tb: tb, src: src, variant: fmt.Sprintf("%dpx", w.width), checked: &checked, base: base}
			for _, pg := range pages {
				if err := tb.navigate(pg.url); err != nil {
					t.Fatal(err)
				}
				if pg.name == "ending" {
					ctx, cancel := tb.step(0)
					err := chromedp.Do(ctx, chromedp.SetValue(chromedp.CSS(`#a-0`), "What I noticed: I named it too soon."))
					cancel()
					if err != nil {
						t.Fatal(err)
					}
				}
				if pg.name == "intro" {
					ctx, cancel := tb.step(0)
					err := chromedp.Do(ctx, chromedp.SendKeys(chromedp.CSS(`#cs-code`), "x"), chromedp.Click(chromedp.CSS(`form[data-js="open"] button`)))
					cancel()
					if err != nil {
						t.Fatal(err)
					}
				}
				c.check(pg.name)
				for _, scheme := range []string{"light", "dark"} {
					if err := c.setScheme(scheme); err != nil {
						t.Fatal(err)
					}
					shot(t, tb, fmt.Sprintf("play-%s-%d-%s", pg.name, w.width, scheme))
				}
				if err := c.setScheme("light"); err != nil {
					t.Fatal(err)
				}
				checkNoOverflow(t, tb, pg.name)
			}
		})
	}
	// The printed ending: the transcript and the answers, no buttons.
	tb := newTab(t, tabOptions{allow: []string{base}})
	if err := tb.navigate(ending); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := tb.step(0)
	defer cancel()
	if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"}); err != nil {
		t.Fatal(err)
	}
	shown, err := eval[map[string]bool](tb, `(function () { function on(s) { var e = document.querySelector(s); return !!e && getComputedStyle(e).display !== 'none' && e.offsetParent !== null; }
  return {transcript: on('[data-role="transcript"]'), export: on('[data-js="export"]'), branch: on('[data-role="branch"]')}; })()`)
	if err != nil {
		t.Fatal(err)
	}
	if !shown["transcript"] || shown["export"] || shown["branch"] {
		t.Errorf("printed, the ending shows %v; want the transcript without the export box or branch links", shown)
	}
	shot(t, tb, "play-ending-print")
	t.Logf("axe ran on %d page variants", len(checked))
}
