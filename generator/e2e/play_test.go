package e2e

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"coachsim/generator/analysis"
	"coachsim/generator/scenario"
)

// pageState is what the tests read from the current page in one round trip.
type pageState struct {
	URL             string            `json:"url"`
	Page            string            `json:"page"`
	Scenario        string            `json:"scenario"`
	Moment          string            `json:"moment"`
	Choice          string            `json:"choice"`
	Position        map[string]string `json:"position"`
	Delta           map[string]string `json:"delta"`
	Final           map[string]string `json:"final"`
	FinalText       string            `json:"finalText"`
	TranscriptItems int               `json:"transcriptItems"`
	Text            string            `json:"text"`
	Choices         []struct {
		Choice string `json:"choice"`
		Href   string `json:"href"`
	} `json:"choices"`
	SVGName      string  `json:"svgName"`
	ContinueHref *string `json:"continueHref"`
	ReplayHref   *string `json:"replayHref"`
	Hash         string  `json:"hash"`
	DeltaText    string  `json:"deltaText"`
	// Stale is the text of the message for a path recorded on another
	// version of the scenario (data-role="stale"), or nil.
	Stale *string `json:"stale"`
	// Paras are the ending's debrief paragraphs (data-para), in order.
	Paras []struct {
		Index  string `json:"index"`
		If     string `json:"if"`
		Hidden bool   `json:"hidden"`
		Text   string `json:"text"`
	} `json:"paras"`
	// Notes counts the notes on which paths a paragraph applies to
	// (data-js="if-note") in the document, and NotesShown those visible.
	Notes      int `json:"notes"`
	NotesShown int `json:"notesShown"`
}

const stateJS = `(function () {
  var b = document.body, q = function (s) { return document.querySelector(s); };
  var attrs = function (el) {
    if (!el) return null;
    var o = {};
    for (var i = 0; i < el.attributes.length; i++) o[el.attributes[i].name] = el.attributes[i].value;
    return o;
  };
  var tr = q('[data-role="transcript"]'), items = -1;
  if (tr) {
    var list = (tr.tagName === 'OL' || tr.tagName === 'UL') ? tr : tr.querySelector('ol,ul');
    items = 0;
    if (list) for (var i = 0; i < list.children.length; i++) if (list.children[i].tagName === 'LI') items++;
  }
  var svg = q('svg[role="img"]'), svgName = '';
  if (svg) {
    var ti = svg.querySelector('title');
    svgName = svg.getAttribute('aria-label') || '';
    if (!svgName && svg.getAttribute('aria-labelledby')) {
      svgName = svg.getAttribute('aria-labelledby').split(/\s+/).map(function (id) {
        var el = document.getElementById(id); return el ? el.textContent : '';
      }).join(' ');
    }
    if (!svgName && ti) svgName = ti.textContent;
  }
  var fin = q('[data-role="final"]'), cont = q('a[data-role="continue"]'), rep = q('a[data-role="replay"]');
  var stale = q('[data-role="stale"]'), delta = q('[data-role="delta"]'), notes = document.querySelectorAll('[data-js="if-note"]'), shown = 0;
  for (var n = 0; n < notes.length; n++) if (notes[n].offsetParent !== null) shown++;
  return {
    url: location.href, hash: location.hash,
    page: b.getAttribute('data-page') || '', scenario: b.getAttribute('data-scenario') || '',
    moment: b.getAttribute('data-moment') || '', choice: b.getAttribute('data-choice') || '',
    position: attrs(q('[data-role="position"]')), delta: attrs(q('[data-role="delta"]')),
    final: attrs(fin), finalText: fin ? fin.innerText : '',
    transcriptItems: items, text: b.innerText || '', svgName: svgName,
    choices: Array.prototype.map.call(document.querySelectorAll('a[data-role="choice"]'), function (a) {
      return {choice: a.getAttribute('data-choice'), href: a.getAttribute('href')};
    }),
    continueHref: cont ? cont.getAttribute('href') : null,
    replayHref: rep ? rep.getAttribute('href') : null,
    deltaText: delta ? delta.innerText : '',
    stale: stale ? stale.innerText : null,
    paras: Array.prototype.map.call(document.querySelectorAll('[data-js="debrief"] [data-para]'), function (p) {
      return {index: p.getAttribute('data-para'), if: p.getAttribute('data-if') || '', hidden: p.hasAttribute('hidden') || p.offsetParent === null, text: p.innerText};
    }),
    notes: notes.length, notesShown: shown
  };
})()`

func (tb *tab) state() (pageState, error) {
	st, err := eval[pageState](tb, stateJS)
	if err != nil {
		return st, fmt.Errorf("reading the page state at %s: %w", tb.location(), err)
	}
	return st, nil
}

func (st pageState) where() string {
	return fmt.Sprintf("%s [%s %s/%s choice=%s]", shortURL(st.URL), st.Page, st.Scenario, st.Moment, st.Choice)
}

// checkPosition compares a data-role="position" (or "final") element's
// attributes with the expected position and quadrant.
func checkPosition(what string, attrs map[string]string, want scenario.Position) error {
	if attrs == nil {
		return fmt.Errorf("no element with data-role=%q", what)
	}
	got := fmt.Sprintf("(%s, %s) %s", attrs["data-trust"], attrs["data-accountability"], attrs["data-quadrant"])
	exp := fmt.Sprintf("(%d, %d) %s", want.Trust, want.Accountability, scenario.QuadrantOf(want).Slug())
	t, err1 := strconv.Atoi(attrs["data-trust"])
	a, err2 := strconv.Atoi(attrs["data-accountability"])
	if err1 != nil || err2 != nil || t != want.Trust || a != want.Accountability || attrs["data-quadrant"] != scenario.QuadrantOf(want).Slug() {
		return fmt.Errorf("%s shows %s, want %s", what, got, exp)
	}
	return nil
}

// checkSVGName checks that the quadrant picture's accessible name states
// the position and the quadrant, as the contract asks.
func checkSVGName(st pageState, want scenario.Position) error {
	q := scenario.QuadrantOf(want)
	name := strings.ToLower(st.SVGName)
	t := "trust " + shown(want.Trust)
	a := "accountability " + shown(want.Accountability)
	if !strings.Contains(name, t) || !strings.Contains(name, a) || !strings.Contains(name, strings.ToLower(q.String())) {
		return fmt.Errorf("on %s: the quadrant picture's accessible name %q does not state %q, %q and %q", st.where(), st.SVGName, t, a, q.String())
	}
	return nil
}

// player clicks through one scenario in one tab.
type player struct {
	tb *tab
	s  *siteInfo
	sc *scenario.Scenario
	js bool // JavaScript is on: check positions and the final state
	// home is the URL of the home page to start from; empty means the
	// built site's index.html over file://.
	home string
	// before is the position atMoment last checked, so that choose can
	// check the movement the feedback page reports after clamping.
	before *scenario.Position
}

// stamp is the fragment prefix of the scenario's paths: "#p=STAMP:".
func (pl *player) stamp() string { return "#p=" + scenario.Stamp(pl.sc) + ":" }

// begin loads the home page, clicks the scenario's link and its start link.
func (pl *player) begin() error {
	home := pl.home
	if home == "" {
		home = pl.s.url(pl.s.pages["index.html"])
	}
	if err := pl.tb.navigate(home); err != nil {
		return err
	}
	if err := pl.tb.click(fmt.Sprintf(`a[data-role="scenario-link"][data-scenario=%q]`, pl.sc.ID.Value)); err != nil {
		return err
	}
	st, err := pl.tb.state()
	if err != nil {
		return err
	}
	if st.Page != "intro" || st.Scenario != pl.sc.ID.Value {
		return fmt.Errorf("the scenario link led to %s, want the intro page", st.where())
	}
	return pl.tb.click(`a[data-role="start"]`)
}

// atMoment checks that the tab shows the moment page of moment id at pos.
func (pl *player) atMoment(id string, pos scenario.Position) (pageState, error) {
	st, err := pl.tb.state()
	if err != nil {
		return st, err
	}
	if st.Page != "moment" || st.Scenario != pl.sc.ID.Value || st.Moment != id {
		return st, fmt.Errorf("on %s, want the moment page of %q", st.where(), id)
	}
	if pl.js {
		if err := checkPosition("position", st.Position, pos); err != nil {
			return st, fmt.Errorf("on %s: %w", st.where(), err)
		}
		if err := checkSVGName(st, pos); err != nil {
			return st, err
		}
		for _, c := range st.Choices {
			_, frag, _ := strings.Cut(c.Href, pl.stamp())
			if parts := strings.Split(frag, "."); !strings.Contains(c.Href, pl.stamp()) || parts[len(parts)-1] != c.Choice {
				return st, fmt.Errorf("on %s: choice link %s has href %q, want the stamped path (%s...) ending in its authored index", st.where(), c.Choice, c.Href, pl.stamp())
			}
		}
		p := pos
		pl.before = &p
	}
	return st, nil
}

// choose clicks choice i at moment m and checks the feedback page; after is
// the position the choice leads to.
func (pl *player) choose(m *scenario.Moment, i int, after scenario.Position) (pageState, error) {
	if err := pl.tb.click(fmt.Sprintf(`a[data-role="choice"][data-choice="%d"]`, i)); err != nil {
		return pageState{}, err
	}
	st, err := pl.tb.state()
	if err != nil {
		return st, err
	}
	if st.Page != "feedback" || st.Scenario != pl.sc.ID.Value || st.Moment != m.ID || st.Choice != strconv.Itoa(i) {
		return st, fmt.Errorf("clicking choice %d of %q led to %s, want its feedback page", i, m.ID, st.where())
	}
	c := m.Choices[i]
	if st.Delta == nil {
		return st, fmt.Errorf("on %s: no data-role=\"delta\" element", st.where())
	}
	dt, _ := strconv.Atoi(st.Delta["data-trust"])
	da, _ := strconv.Atoi(st.Delta["data-accountability"])
	if dt != c.Trust.Value || da != c.Accountability.Value {
		return st, fmt.Errorf("on %s: delta shows trust %q accountability %q, want %+d %+d",
			st.where(), st.Delta["data-trust"], st.Delta["data-accountability"], c.Trust.Value, c.Accountability.Value)
	}
	if !hasWords(st.Text, c.Feedback.Value, 12) {
		return st, fmt.Errorf("on %s: the feedback text is not visible (looked for %q)", st.where(), firstWords(c.Feedback.Value, 12))
	}
	if !pl.js && !strings.Contains(st.DeltaText, "This response's effect: trust "+shownSigned(c.Trust.Value)) {
		return st, fmt.Errorf("on %s: without JavaScript the movement reads %q; want the response's effect, trust %s", st.where(), st.DeltaText, shownSigned(c.Trust.Value))
	}
	if pl.js {
		if err := checkPosition("position", st.Position, after); err != nil {
			return st, fmt.Errorf("on %s: %w", st.where(), err)
		}
		if err := checkSVGName(st, after); err != nil {
			return st, err
		}
		if st.ContinueHref == nil || !strings.Contains(*st.ContinueHref, pl.stamp()) {
			return st, fmt.Errorf("on %s: the continue link does not carry the stamped path: %v", st.where(), st.ContinueHref)
		}
		if pl.before != nil {
			if err := checkMoved(st, c, *pl.before, after); err != nil {
				return st, err
			}
		}
	}
	pl.before = nil
	return st, nil
}

// signed formats an effect as the pages' attributes hold it: "+1",
// "-2", "0".
func signed(v int) string {
	if v == 0 {
		return "0"
	}
	return fmt.Sprintf("%+d", v)
}

// shown formats a number as a reader sees it, with a true minus sign
// (U+2212): "−2", "0", "3".
func shown(v int) string {
	if v < 0 {
		return "\u2212" + strconv.Itoa(-v)
	}
	return strconv.Itoa(v)
}

// shownSigned is an effect as a reader sees it: "+1", "−2", "0".
func shownSigned(v int) string {
	if v > 0 {
		return "+" + strconv.Itoa(v)
	}
	return shown(v)
}

// hyphenMinusRE finds a hyphen-minus used as a minus sign in reading text
// ("-2", "(-1, 3)"): the site writes U+2212.
var hyphenMinusRE = regexp.MustCompile(`(^|[\s(\[,:])-\d`)

// checkMoved checks that a feedback page shows the movement that happened
// once the position was clamped to the plane (data-moved-trust and
// data-moved-accountability, and the words), not the nominal effect.
func checkMoved(st pageState, c *scenario.Choice, before, after scenario.Position) error {
	for _, ax := range []struct {
		name, attr string
		d, got     int
	}{
		{"Trust", "data-moved-trust", c.Trust.Value, after.Trust - before.Trust},
		{"accountability", "data-moved-accountability", c.Accountability.Value, after.Accountability - before.Accountability},
	} {
		if st.Delta[ax.attr] != signed(ax.got) {
			return fmt.Errorf("on %s: %s=%q, want %s (the move from %v to %v)", st.where(), ax.attr, st.Delta[ax.attr], signed(ax.got), before, after)
		}
		var want string
		switch {
		case ax.got == ax.d:
			want = ax.name + " " + shownSigned(ax.got)
		case ax.got == 0 && ax.d > 0:
			want = ax.name + ": already at the top of the plane, no change"
		case ax.got == 0:
			want = ax.name + ": already at the bottom of the plane, no change"
		default:
			want = ax.name + " " + shownSigned(ax.got) + " (stopped at the edge of the plane)"
		}
		if !strings.Contains(st.DeltaText, want) {
			return fmt.Errorf("on %s: the movement reads %q; want %q (effect %+d from %v to %v)", st.where(), st.DeltaText, want, ax.d, before, after)
		}
	}
	return nil
}

// play clicks through a whole path from the home page to its ending and
// checks every page on the way against the Go model.
func (pl *player) play(p analysis.Path) error {
	_, _, err := pl.playFrom(p, nil, nil)
	return err
}

// playFrom plays p like play, but when prev (the path this tab played last,
// in the same scenario) shares its first k choices with p, it opens the
// moment page where the two part, by the URL recorded for it (#p= and all,
// as a bookmark would), and clicks on from there. It returns the URL of the
// moment page before each step of p, for the next call, and the number of
// steps it skipped.
func (pl *player) playFrom(p analysis.Path, prev *analysis.Path, prevURLs []string) (urls []string, skipped int, err error) {
	urls = make([]string, len(p.Steps))
	k := 0
	if prev != nil {
		// The moment page before step k depends only on the choices
		// before it, so p can resume at the first choice that differs.
		for k < len(p.Steps) && k < len(prev.Steps) && p.Steps[k].Choice == prev.Steps[k].Choice {
			k++
		}
		if k >= len(p.Steps) || k >= len(prevURLs) || prevURLs[k] == "" {
			k = 0
		}
		copy(urls[:k+1], prevURLs)
	}
	pos := pl.sc.Initial.Value.Clamp()
	skipped = k
	if k > 0 {
		pos = p.Steps[k-1].After
		if err := pl.tb.navigate(urls[k]); err != nil {
			return urls, skipped, err
		}
	} else if err := pl.begin(); err != nil {
		return urls, skipped, err
	}
	for ; k < len(p.Steps); k++ {
		step := p.Steps[k]
		st, err := pl.atMoment(step.Moment, pos)
		if err != nil {
			return urls, skipped, fmt.Errorf("step %d: %w", k+1, err)
		}
		urls[k] = st.URL
		m := pl.sc.Moment(step.Moment)
		if _, err := pl.choose(m, step.Choice, step.After); err != nil {
			return urls, skipped, fmt.Errorf("step %d: %w", k+1, err)
		}
		if err := pl.tb.click(`a[data-role="continue"]`); err != nil {
			return urls, skipped, fmt.Errorf("step %d: %w", k+1, err)
		}
		pos = step.After
	}
	return urls, skipped, pl.atEnding(p)
}

// atEnding checks the ending page of a path.
func (pl *player) atEnding(p analysis.Path) error {
	st, err := pl.tb.state()
	if err != nil {
		return err
	}
	if st.Page != "ending" || st.Moment != p.End.Moment || st.Scenario != pl.sc.ID.Value {
		return fmt.Errorf("the path ended on %s, want the ending %q", st.where(), p.End.Moment)
	}
	if !pl.js {
		return nil
	}
	if err := checkPosition("final", st.Final, p.End.Pos); err != nil {
		return fmt.Errorf("on %s: %w", st.where(), err)
	}
	if err := checkSVGName(st, p.End.Pos); err != nil {
		return err
	}
	q := scenario.QuadrantOf(p.End.Pos)
	low := strings.ToLower(st.FinalText)
	if !strings.Contains(low, q.Slug()) || !strings.Contains(st.FinalText, strconv.Itoa(abs(p.End.Pos.Trust))) ||
		!strings.Contains(st.FinalText, strconv.Itoa(abs(p.End.Pos.Accountability))) {
		return fmt.Errorf("on %s: the final text %q does not state trust %d, accountability %d and %s",
			st.where(), st.FinalText, p.End.Pos.Trust, p.End.Pos.Accountability, q)
	}
	if st.TranscriptItems != len(p.Steps) {
		return fmt.Errorf("on %s: the transcript has %d items, want one per choice (%d)", st.where(), st.TranscriptItems, len(p.Steps))
	}
	if st.ReplayHref == nil {
		return fmt.Errorf("on %s: no data-role=\"replay\" link", st.where())
	}
	return checkParagraphs(st, pl.sc, p)
}

// checkParagraphs checks that an ending reached with JavaScript by path p
// shows exactly the debrief paragraphs Go shows there, without the notes
// on which paths they apply to.
func checkParagraphs(st pageState, sc *scenario.Scenario, p analysis.Path) error {
	played, err := analysis.Play(sc, p.Choices())
	if err != nil {
		return err
	}
	want := analysis.Debrief(sc, played)
	var got []int
	for _, para := range st.Paras {
		if !para.Hidden {
			i, _ := strconv.Atoi(para.Index)
			got = append(got, i)
		}
	}
	if len(st.Paras) != len(sc.Moment(p.End.Moment).Ending.Debrief) {
		return fmt.Errorf("on %s: %d debrief paragraphs (data-para), want one per paragraph (%d)", st.where(), len(st.Paras), len(sc.Moment(p.End.Moment).Ending.Debrief))
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		return fmt.Errorf("on %s: the debrief shows paragraphs %v; Go shows %v (flags %v)", st.where(), got, want, played.Set)
	}
	if st.Notes != 0 {
		return fmt.Errorf("on %s: %d notes on which paths a paragraph applies to are left in the page; with a path they go", st.where(), st.Notes)
	}
	return nil
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// pathCap is how many paths per scenario the click-through test plays;
// COACHSIM_E2E_PATHS overrides it.
func pathCap() int {
	if v, err := strconv.Atoi(os.Getenv("COACHSIM_E2E_PATHS")); err == nil && v > 0 {
		return v
	}
	return 60
}

// samplePaths returns at most max of the scenario's paths, chosen
// deterministically: the first path to each ending in each quadrant it can
// be reached in, then paths evenly spaced through the enumeration, all in
// enumeration order (so neighbours share prefixes).
func samplePaths(paths []analysis.Path, max int) []analysis.Path {
	if len(paths) <= max {
		return paths
	}
	type key struct {
		moment string
		q      scenario.Quadrant
	}
	picked := map[int]bool{}
	seen := map[key]bool{}
	for i, p := range paths {
		k := key{p.End.Moment, scenario.QuadrantOf(p.End.Pos)}
		if !seen[k] && len(picked) < max {
			seen[k] = true
			picked[i] = true
		}
	}
	rest := max - len(picked)
	for k := 0; k < rest; k++ {
		picked[k*len(paths)/rest] = true
	}
	for i := 0; len(picked) < max && i < len(paths); i++ {
		picked[i] = true
	}
	idx := make([]int, 0, len(picked))
	for i := range picked {
		idx = append(idx, i)
	}
	sort.Ints(idx)
	out := make([]analysis.Path, 0, len(idx))
	for _, i := range idx {
		out = append(out, paths[i])
	}
	return out
}

// pathsToPlay returns up to max paths of sc for the click-through test.
// When the analysis can enumerate every path (up to 20,000) it samples them
// with samplePaths. Otherwise the enumeration, being depth-first, would only
// cover a corner of the scenario, so it takes Best and Worst and then
// deterministic random walks (a fixed seed per scenario) of at most 30
// choices, which reach every part of the graph; duplicates are dropped. The
// result is in choice order, so neighbours share prefixes.
func pathsToPlay(sc *scenario.Scenario, a *analysis.Result, max int) (out []analysis.Path, total int, complete bool) {
	all, complete := analysis.Paths(sc, 20000)
	if complete {
		return samplePaths(all, max), len(all), true
	}
	seen := map[string]bool{}
	add := func(p analysis.Path) {
		k := choicesString(p)
		if len(p.Steps) > 0 && !seen[k] && len(out) < max {
			seen[k] = true
			out = append(out, p)
		}
	}
	if a != nil {
		add(a.Best)
		add(a.Worst)
	}
	var seed uint64
	for _, c := range sc.ID.Value {
		seed = seed*31 + uint64(c)
	}
	rng := rand.New(rand.NewPCG(seed, 42))
	for try := 0; try < max*200 && len(out) < max; try++ {
		// Each step is replayed by the engine, so that flags and visits
		// route the walk exactly as they route a trainee.
		m := sc.StartMoment()
		var choices []int
		var p analysis.Path
		for len(choices) < 30 && m != nil && !m.IsEnding() && len(m.Choices) > 0 {
			next := append(choices, rng.IntN(len(m.Choices)))
			q, err := analysis.Play(sc, next)
			if err != nil {
				m = nil
				break
			}
			choices, p, m = next, q, sc.Moment(q.End.Moment)
		}
		if m == nil || !m.IsEnding() {
			continue
		}
		add(p)
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i].Choices(), out[j].Choices()
		for k := 0; k < len(a) && k < len(b); k++ {
			if a[k] != b[k] {
				return a[k] < b[k]
			}
		}
		return len(a) < len(b)
	})
	return out, len(all), false
}

func choicesString(p analysis.Path) string {
	var parts []string
	for _, c := range p.Choices() {
		parts = append(parts, strconv.Itoa(c))
	}
	return "[" + strings.Join(parts, ".") + "]"
}

// TestPlayEveryPath clicks through every distinct path of every shipped
// scenario (a deterministic sample where there are many), from the home
// page to the ending, and checks each feedback page and the final position
// and quadrant against the Go analysis engine.
func TestPlayEveryPath(t *testing.T) {
	s := needSite(t)
	needBrowser(t)
	type job struct {
		sc *scenario.Scenario
		p  analysis.Path
	}
	var jobs []job
	for _, sc := range s.scenarios {
		sample, total, complete := pathsToPlay(sc, s.analyses[sc.ID.Value], pathCap())
		if complete {
			t.Logf("%s: %d paths to an ending, playing %d of them", sc.ID.Value, total, len(sample))
		} else {
			t.Logf("%s: more than %d paths to an ending, playing %d random walks", sc.ID.Value, total, len(sample))
		}
		if len(sample) == 0 {
			t.Errorf("%s: the analysis finds no path to an ending", sc.ID.Value)
		}
		conditional := 0
		for _, p := range sample {
			jobs = append(jobs, job{sc, p})
			for _, st := range p.Steps {
				if c := sc.Moment(st.Moment).Choices[st.Choice]; st.Next != c.Default() {
					conditional++
				}
			}
		}
		t.Logf("%s: the sample takes %d conditional (non-default) routes", sc.ID.Value, conditional)
	}
	// Each tab plays a contiguous run of the jobs (they are in enumeration
	// order, so neighbours share long prefixes) and resumes each path where
	// it leaves the previous one; COACHSIM_E2E_FROM_HOME=1 starts every
	// path from the home page instead.
	fromHome := os.Getenv("COACHSIM_E2E_FROM_HOME") != ""
	workers := min(3, len(jobs))
	var (
		mu       sync.Mutex
		failures = map[string]int{}
		played   int
		clicked  int
		wg       sync.WaitGroup
	)
	deadline := time.Now().Add(12 * time.Minute)
	start := time.Now()
	for w := 0; w < workers; w++ {
		tb := newTab(t, tabOptions{})
		chunk := jobs[w*len(jobs)/workers : (w+1)*len(jobs)/workers]
		wg.Go(func() {
			var prev *analysis.Path
			var prevURLs []string
			for i, j := range chunk {
				if time.Now().After(deadline) {
					t.Errorf("gave up after 12 minutes with %d paths of this tab left", len(chunk)-i)
					return
				}
				if i > 0 && chunk[i-1].sc != j.sc || fromHome {
					prev, prevURLs = nil, nil
				}
				pl := &player{tb: tb, s: s, sc: j.sc, js: true}
				t0 := time.Now()
				urls, resumed, err := pl.playFrom(j.p, prev, prevURLs)
				if testing.Verbose() {
					t.Logf("%s %s: %d steps (first %d from the previous path) in %s", j.sc.ID.Value, choicesString(j.p), len(j.p.Steps), resumed, time.Since(t0).Round(time.Millisecond))
				}
				p := j.p
				prev, prevURLs = &p, urls
				mu.Lock()
				played++
				clicked += len(j.p.Steps) - resumed
				if err != nil {
					prev, prevURLs = nil, nil
					failures[j.sc.ID.Value]++
					if failures[j.sc.ID.Value] <= 8 {
						t.Errorf("%s path %s (ends %s): %v", j.sc.ID.Value, choicesString(j.p), j.p.End, err)
					}
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	for id, n := range failures {
		if n > 8 {
			t.Errorf("%s: %d paths failed in all (first 8 shown)", id, n)
		}
	}
	t.Logf("played %d paths (%d choices clicked) in %d tabs in %s", played, clicked, workers, time.Since(start).Round(time.Millisecond))
}

// TestReloadAndBack plays the longest path of each scenario halfway, then
// reloads and goes back and forward, and checks the state survives each.
func TestReloadAndBack(t *testing.T) {
	s := needSite(t)
	for _, sc := range s.scenarios {
		t.Run(sc.ID.Value, func(t *testing.T) {
			all, _ := analysis.Paths(sc, 5000)
			var p analysis.Path
			for _, q := range all {
				if len(q.Steps) > len(p.Steps) {
					p = q
				}
			}
			if len(p.Steps) < 2 {
				t.Skipf("no path with two or more choices")
			}
			tb := newTab(t, tabOptions{})
			pl := &player{tb: tb, s: s, sc: sc, js: true}
			if err := pl.begin(); err != nil {
				t.Fatal(err)
			}
			mid := len(p.Steps) / 2
			pos := sc.Initial.Value.Clamp()
			for k, step := range p.Steps {
				if _, err := pl.atMoment(step.Moment, pos); err != nil {
					t.Fatalf("step %d: %v", k+1, err)
				}
				if k == mid {
					// Reload the moment page: same moment, same position.
					if err := tb.reload(); err != nil {
						t.Fatal(err)
					}
					if _, err := pl.atMoment(step.Moment, pos); err != nil {
						t.Fatalf("after reloading the moment page of step %d: %v", k+1, err)
					}
				}
				m := sc.Moment(step.Moment)
				if _, err := pl.choose(m, step.Choice, step.After); err != nil {
					t.Fatalf("step %d: %v", k+1, err)
				}
				if k == mid {
					if err := tb.reload(); err != nil {
						t.Fatal(err)
					}
					if _, err := pl.atFeedback(m, step.Choice, step.After); err != nil {
						t.Fatalf("after reloading the feedback page of step %d: %v", k+1, err)
					}
					if err := tb.back(); err != nil {
						t.Fatalf("going back from the feedback page: %v", err)
					}
					if _, err := pl.atMoment(step.Moment, pos); err != nil {
						t.Fatalf("after Back from the feedback page of step %d: %v", k+1, err)
					}
					if k > 0 {
						prev := p.Steps[k-1]
						if err := tb.back(); err != nil {
							t.Fatalf("going back twice: %v", err)
						}
						if _, err := pl.atFeedback(sc.Moment(prev.Moment), prev.Choice, prev.After); err != nil {
							t.Fatalf("after Back to the feedback page of step %d: %v", k, err)
						}
						if err := tb.forward(); err != nil {
							t.Fatal(err)
						}
					}
					if err := tb.forward(); err != nil {
						t.Fatalf("going forward again: %v", err)
					}
					if _, err := pl.atFeedback(m, step.Choice, step.After); err != nil {
						t.Fatalf("after Forward to the feedback page of step %d: %v", k+1, err)
					}
				}
				if err := tb.click(`a[data-role="continue"]`); err != nil {
					t.Fatalf("step %d: %v", k+1, err)
				}
				pos = step.After
			}
			if err := pl.atEnding(p); err != nil {
				t.Fatal(err)
			}
			// The ending's URL is the debrief: reloading it shows the same.
			if err := tb.reload(); err != nil {
				t.Fatal(err)
			}
			if err := pl.atEnding(p); err != nil {
				t.Fatalf("after reloading the ending: %v", err)
			}
			// "Try another branch" from the middle step goes back to that
			// moment with the path cut before it.
			n, err := eval[int](tb, fmt.Sprintf(`(function () {
  var links = document.querySelectorAll('a[data-role="branch"]');
  if (links.length > %d) links[%d].setAttribute('data-e2e', 'pick');
  return links.length;
})()`, mid, mid))
			if err != nil {
				t.Fatal(err)
			}
			if n != len(p.Steps) {
				t.Errorf("the ending has %d \"try another branch\" links (data-role=\"branch\"), want one per step (%d)", n, len(p.Steps))
			}
			if n > mid {
				if err := tb.click(`a[data-e2e="pick"]`); err != nil {
					t.Fatal(err)
				}
				before := sc.Initial.Value.Clamp()
				if mid > 0 {
					before = p.Steps[mid-1].After
				}
				if _, err := pl.atMoment(p.Steps[mid].Moment, before); err != nil {
					t.Fatalf("after \"try another branch\" from step %d: %v", mid+1, err)
				}
				if err := tb.back(); err != nil {
					t.Fatal(err)
				}
			}
			// Replay goes back to the start with an empty path.
			if err := tb.click(`a[data-role="replay"]`); err != nil {
				t.Fatal(err)
			}
			if _, err := pl.atMoment(sc.StartMoment().ID, sc.Initial.Value.Clamp()); err != nil {
				t.Fatalf("after Replay: %v", err)
			}
		})
	}
}

// atFeedback checks the current page is the feedback page of choice i at m
// showing the position after.
func (pl *player) atFeedback(m *scenario.Moment, i int, after scenario.Position) (pageState, error) {
	st, err := pl.tb.state()
	if err != nil {
		return st, err
	}
	if st.Page != "feedback" || st.Moment != m.ID || st.Choice != strconv.Itoa(i) {
		return st, fmt.Errorf("on %s, want the feedback page of choice %d of %q", st.where(), i, m.ID)
	}
	if err := checkPosition("position", st.Position, after); err != nil {
		return st, fmt.Errorf("on %s: %w", st.where(), err)
	}
	return st, nil
}

// jsReplay is what window.CoachSim.replay returns.
type jsReplay struct {
	Trust          int    `json:"trust"`
	Accountability int    `json:"accountability"`
	Quadrant       string `json:"quadrant"`
	Moment         string `json:"moment"`
	Steps          []struct {
		Moment         string `json:"moment"`
		Choice         int    `json:"choice"`
		Trust          int    `json:"trust"`
		Accountability int    `json:"accountability"`
		Next           string `json:"next"`
	} `json:"steps"`
	Flags   []string `json:"flags"`
	Debrief *[]int   `json:"debrief"`
	Error   string   `json:"error"`
}

// TestScoringMatchesGo replays every path of every scenario (up to 20,000,
// plus 3,000 random walks where there are more)
// with the site's own script, window.CoachSim.replay, and compares each step
// and the end state with analysis.Play.
func TestScoringMatchesGo(t *testing.T) {
	s := needSite(t)
	tb := newTab(t, tabOptions{})
	for _, sc := range s.scenarios {
		t.Run(sc.ID.Value, func(t *testing.T) {
			start := s.momentPageQuiet(sc.ID.Value, sc.StartMoment().ID, "moment")
			if start == nil {
				t.Fatalf("no moment page for the start moment %q", sc.StartMoment().ID)
			}
			if err := tb.navigate(s.url(start) + "#p=" + scenario.Stamp(sc) + ":"); err != nil {
				t.Fatal(err)
			}
			ok, err := eval[bool](tb, `typeof window.CoachSim === 'object' && window.CoachSim !== null && typeof window.CoachSim.replay === 'function'`)
			if err != nil {
				t.Fatal(err)
			}
			if !ok {
				// The one comparison of the Go and JS scoring: it fails
				// rather than skips, so it cannot silently stop running.
				t.Fatal("the site does not expose window.CoachSim.replay(id, path)")
			}
			// Every path when there are at most 20,000; otherwise the
			// first 20,000 in depth-first order plus 3,000 random walks,
			// which reach the parts the enumeration does not.
			paths, complete := analysis.Paths(sc, 20000)
			if !complete {
				walks, _, _ := pathsToPlay(sc, s.analyses[sc.ID.Value], 3000)
				paths = append(paths, walks...)
			}
			choices := make([][]int, len(paths))
			for i, p := range paths {
				choices[i] = p.Choices()
			}
			arg, _ := json.Marshal(choices)
			id, _ := json.Marshal(sc.ID.Value)
			expr := fmt.Sprintf(`JSON.stringify((function (id, paths) {
  return paths.map(function (p) {
    try { return window.CoachSim.replay(id, p); } catch (e) { return {error: String(e && e.stack || e)}; }
  });
})(%s, %s))`, id, arg)
			raw, err := eval[string](tb, expr)
			if err != nil {
				t.Fatal(err)
			}
			var got []jsReplay
			if err := json.Unmarshal([]byte(raw), &got); err != nil {
				t.Fatalf("decoding the replays: %v", err)
			}
			if len(got) != len(paths) {
				t.Fatalf("%d replays for %d paths", len(got), len(paths))
			}
			bad := 0
			for i, p := range paths {
				if err := compareReplay(sc, p, got[i]); err != nil {
					if bad++; bad <= 10 {
						t.Errorf("path %s: %v", choicesString(p), err)
					}
				}
			}
			if bad > 10 {
				t.Errorf("%d of %d paths disagree (first 10 shown)", bad, len(paths))
			}
			flagged, paras := 0, 0
			for _, p := range paths {
				if pl, err := analysis.Play(sc, p.Choices()); err == nil && len(pl.Set) > 0 {
					flagged++
				}
				if m := sc.Moment(p.End.Moment); m != nil && m.IsEnding() {
					for _, para := range m.Ending.Debrief {
						if para.Cond != nil {
							paras++
						}
					}
				}
			}
			t.Logf("compared %d paths (enumeration complete: %v); %d of them set flags; %d conditional debrief paragraphs checked at their endings", len(paths), complete, flagged, paras)
		})
	}
}

// compareReplay compares the script's replay of a path with analysis.Play.
func compareReplay(sc *scenario.Scenario, p analysis.Path, r jsReplay) error {
	if r.Error != "" {
		return fmt.Errorf("the script threw: %s", r.Error)
	}
	want, err := analysis.Play(sc, p.Choices())
	if err != nil {
		return fmt.Errorf("analysis.Play: %v", err)
	}
	if len(r.Steps) != len(want.Steps) {
		return fmt.Errorf("the script took %d steps, Go %d", len(r.Steps), len(want.Steps))
	}
	for k, ws := range want.Steps {
		gs := r.Steps[k]
		if gs.Moment != ws.Moment || gs.Choice != ws.Choice || gs.Trust != ws.After.Trust ||
			gs.Accountability != ws.After.Accountability || gs.Next != ws.Next {
			return fmt.Errorf("step %d: script %s choice %d -> (%d, %d) next %s; Go %s choice %d -> (%d, %d) next %s",
				k+1, gs.Moment, gs.Choice, gs.Trust, gs.Accountability, gs.Next,
				ws.Moment, ws.Choice, ws.After.Trust, ws.After.Accountability, ws.Next)
		}
	}
	q := scenario.QuadrantOf(want.End.Pos).Slug()
	if r.Moment != want.End.Moment || r.Trust != want.End.Pos.Trust || r.Accountability != want.End.Pos.Accountability || r.Quadrant != q {
		return fmt.Errorf("end: script %s (%d, %d) %s; Go %s (%d, %d) %s", r.Moment, r.Trust, r.Accountability, r.Quadrant,
			want.End.Moment, want.End.Pos.Trust, want.End.Pos.Accountability, q)
	}
	if fmt.Sprint(r.Flags) != fmt.Sprint(want.Set) {
		return fmt.Errorf("flags: script %v; Go %v", r.Flags, want.Set)
	}
	wantDeb := analysis.Debrief(sc, want)
	switch {
	case r.Debrief == nil && wantDeb != nil:
		return fmt.Errorf("debrief: script none; Go paragraphs %v", wantDeb)
	case r.Debrief != nil && fmt.Sprint(*r.Debrief) != fmt.Sprint(wantDeb):
		return fmt.Errorf("debrief: script paragraphs %v; Go %v", *r.Debrief, wantDeb)
	}
	return nil
}

// TestWrongPath opens the start moment with a path that leads elsewhere
// (loaded so, and reached by changing the fragment from a valid path): no
// position is shown, and the quadrant picture's name does not claim one.
func TestWrongPath(t *testing.T) {
	s := needSite(t)
	sc := s.scenarios[0]
	start := s.momentPage(t, sc.ID.Value, sc.StartMoment().ID, "moment")
	tb := newTab(t, tabOptions{})
	check := func(how string) {
		t.Helper()
		st, err := tb.state()
		if err != nil {
			t.Fatal(err)
		}
		if st.Position != nil {
			t.Errorf("%s: %s shows a position %v for a path that does not lead there", how, st.where(), st.Position)
		}
		name := strings.ToLower(st.SVGName)
		if strings.Contains(name, "your position:") || !strings.Contains(name, "without your position") {
			t.Errorf("%s: on %s the quadrant picture's name is %q; want it to say the position is not shown", how, st.where(), st.SVGName)
		}
	}
	stamp := "#p=" + scenario.Stamp(sc) + ":"
	if err := tb.navigate(s.url(start) + stamp + "0"); err != nil {
		t.Fatal(err)
	}
	check("loaded with " + stamp + "0")
	if err := tb.navigate(s.url(start) + stamp); err != nil {
		t.Fatal(err)
	}
	if _, err := tb.eval0(fmt.Sprintf(`location.hash = %q; true`, stamp+"0")); err != nil {
		t.Fatal(err)
	}
	time.Sleep(300 * time.Millisecond) // hashchange is a task
	check("after the fragment changed from " + stamp + " to " + stamp + "0")
}

func (tb *tab) eval0(expr string) (bool, error) { return eval[bool](tb, expr) }
