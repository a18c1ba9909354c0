package e2e

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"coachsim/generator/scenario"
)

// The accessibility test runs axe-core (pinned in the repository's
// package.json and installed by `npm ci` into node_modules) against every
// kind of page, at a desktop and a phone width, in the light and the dark
// colour scheme, and the pages that JavaScript changes also with JavaScript
// off. Any WCAG 2.0/2.1/2.2 A or AA violation fails it.

// axeTags are the rule tags run: WCAG 2.2 AA is everything up to it.
var axeTags = []string{"wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"}

// axeDisabledRules lists axe rules switched off, each with why. Only
// genuine false positives belong here; there are none at present.
var axeDisabledRules = map[string]string{}

// axeViolation is one failed axe rule on one page, as axeRunJS reports it.
type axeViolation struct {
	ID      string   `json:"id"`
	Impact  string   `json:"impact"`
	Help    string   `json:"help"`
	HelpURL string   `json:"helpUrl"`
	Nodes   int      `json:"nodes"`
	Targets []string `json:"targets"`
	Summary string   `json:"summary"`
}

type axeResult struct {
	Violations []axeViolation `json:"violations"`
	// Incomplete is the colour contrast axe could not decide (text over
	// an image, say), outside inline SVGs: it fails too.
	Incomplete []axeViolation `json:"incomplete"`
	Passes     int            `json:"passes"`
	Version    string         `json:"version"`
}

// axeSource returns the text of node_modules/axe-core/axe.min.js, skipping
// the test when it is not installed (failing under CI=true, where .ci/run
// installs it).
func axeSource(t *testing.T, s *siteInfo) string {
	t.Helper()
	p := filepath.Join(s.root, "node_modules", "axe-core", "axe.min.js")
	b, err := os.ReadFile(p)
	if err != nil {
		msg := fmt.Sprintf("axe-core is not installed (%v): run `npm ci` at the repository root (%s) to install the version pinned in package-lock.json", err, s.root)
		if os.Getenv("CI") == "true" {
			t.Fatalf("CI=true but %s", msg)
		}
		t.Skip(msg)
	}
	return string(b)
}

// axeRunJS runs axe on the whole document after two animation frames (so
// a colour-scheme switch has been styled) and returns a compact summary.
func axeRunJS(disabled map[string]string) string {
	rules := "{"
	for id := range disabled {
		rules += fmt.Sprintf("%q: {enabled: false},", id)
	}
	rules += "}"
	return fmt.Sprintf(`(async function () {
  await new Promise(function (r) { requestAnimationFrame(function () { requestAnimationFrame(r); }); });
  var res = await axe.run(document, {
    runOnly: {type: 'tag', values: %s},
    rules: %s,
    resultTypes: ['violations', 'incomplete'],
    elementRef: true
  });
  var brief = function (v, nodes) {
    nodes = nodes || v.nodes;
    return {
      id: v.id, impact: v.impact || '', help: v.help, helpUrl: v.helpUrl, nodes: nodes.length,
      targets: nodes.slice(0, 4).map(function (n) { return n.target.join(' >> '); }),
      summary: (nodes[0] && nodes[0].failureSummary || '').replace(/\s+/g, ' ').slice(0, 300)
    };
  };
  // Contrast axe could not decide, outside inline SVGs (whose text
  // svgContrastJS measures).
  var undecided = [];
  res.incomplete.forEach(function (v) {
    if (v.id !== 'color-contrast') return;
    var nodes = v.nodes.filter(function (n) { return !(n.element && n.element.closest && n.element.closest('svg')); });
    if (nodes.length) undecided.push(brief(v, nodes));
  });
  return {
    violations: res.violations.map(function (v) { return brief(v); }), incomplete: undecided,
    passes: res.passes.length, version: axe.version
  };
})()`, jsStringList(axeTags), rules)
}

func jsStringList(list []string) string {
	q := make([]string, len(list))
	for i, s := range list {
		q[i] = fmt.Sprintf("%q", s)
	}
	return "[" + strings.Join(q, ", ") + "]"
}

// svgContrastJS measures what axe leaves undecided: the contrast of the
// text in inline SVGs (the plane's quadrant names, ticks and axis labels;
// axe's hit test finds the shape under SVG text, not the text, and reports
// "overlapped by another element"). For each visible <text> it composites
// its fill over every backdrop it may stand on (the background the SVG
// stands on: its nearest ancestor's opaque background, else the page's; or
// any filled shape before it in the document whose box meets its box,
// from the last opaque one whose box holds the text's on, when there is one),
// with and without each translucent shape drawn over it (the reachable
// range), and returns those whose lowest ratio is under 4.5:1 (the plane's
// text is small). Opaque marks drawn over text (the path's dots) cover
// letters rather than set their background, so they are not counted.
// It also returns the page background, to show the colour scheme took.
const svgContrastJS = `(function () {
  function parse(c) {
    var m = /rgba?\(([^)]+)\)/.exec(c || '');
    if (!m) return null;
    var p = m[1].split(/[\s,\/]+/).filter(Boolean).map(parseFloat);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
  }
  function over(top, bottom) {
    var a = top[3];
    return [top[0] * a + bottom[0] * (1 - a), top[1] * a + bottom[1] * (1 - a), top[2] * a + bottom[2] * (1 - a), 1];
  }
  function lum(c) {
    var f = function (v) { v /= 255; return v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]);
  }
  function ratio(a, b) { var x = lum(a), y = lum(b); return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05); }
  function hex(c) { return '#' + c.slice(0, 3).map(function (v) { return ('0' + Math.round(v).toString(16)).slice(-2); }).join(''); }
  function paint(el) {
    var cs = getComputedStyle(el);
    if (cs.display === 'none' || cs.visibility === 'hidden') return null;
    var c = parse(cs.fill);
    if (!c) return null;
    c[3] *= parseFloat(cs.fillOpacity) * parseFloat(cs.opacity);
    for (var p = el.parentElement; p && p.tagName.toLowerCase() !== 'svg'; p = p.parentElement) c[3] *= parseFloat(getComputedStyle(p).opacity);
    return c[3] > 0 ? c : null;
  }
  function meets(a, b) { return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom; }
  var bodyBg = getComputedStyle(document.body).backgroundColor, bg = parse(bodyBg);
  if (!bg || bg[3] < 1) bg = [255, 255, 255, 1];
  var low = [];
  // What an SVG stands on: the nearest ancestor with an opaque
  // background (the map's light panel), else the page.
  function under(svg) {
    for (var e = svg.parentElement; e && e !== document.body; e = e.parentElement) {
      var c = parse(getComputedStyle(e).backgroundColor);
      if (c && c[3] >= 1) return c;
    }
    return bg;
  }
  Array.prototype.forEach.call(document.querySelectorAll('svg'), function (svg) {
    var shapes = Array.prototype.slice.call(svg.querySelectorAll('rect, circle, ellipse, polygon, path'));
    var base = under(svg);
    Array.prototype.forEach.call(svg.querySelectorAll('text'), function (t) {
      var ft = paint(t), r = t.getBoundingClientRect();
      if (!ft || !r.width || !r.height || !t.textContent.trim()) return;
      var backs = [base], tints = [null];
      shapes.forEach(function (s) {
        var p = paint(s), sr = s.getBoundingClientRect();
        if (!p || !sr.width || !meets(r, sr)) return;
        if (t.compareDocumentPosition(s) & Node.DOCUMENT_POSITION_PRECEDING) {
          // An opaque shape drawn before the text and around all of it
          // (the map's black start disc) hides what lies under it.
          if (p[3] >= 1 && sr.left <= r.left && sr.right >= r.right && sr.top <= r.top && sr.bottom >= r.bottom) backs = [];
          backs.push(over(p, base));
        }
        else if (p[3] < 1) tints.push(p);
      });
      var worst = null;
      backs.forEach(function (b) {
        tints.forEach(function (o) {
          var fg = over(ft, b), bk = b;
          if (o) { fg = over(o, fg); bk = over(o, bk); }
          var q = ratio(fg, bk);
          if (!worst || q < worst.q) worst = {q: q, fg: hex(fg), bg: hex(bk)};
        });
      });
      if (worst && worst.q < 4.5) {
        low.push('<text class="' + (t.getAttribute('class') || '') + '"> "' + t.textContent.trim() + '": ' +
          worst.q.toFixed(2) + ':1 (' + worst.fg + ' on ' + worst.bg + ')');
      }
    });
  });
  return {bg: bodyBg, low: low};
})()`

type svgContrast struct {
	BG  string   `json:"bg"`
	Low []string `json:"low"`
}

// a11yChecker runs axe in one tab and reports per page and variant.
type a11yChecker struct {
	t       *testing.T
	tb      *tab
	src     string
	variant string // e.g. "1280px" or "nojs 360px"
	base    string // the server's root URL, left out of messages
	checked *[]string
}

// setScheme emulates prefers-color-scheme: scheme ("light" or "dark").
func (c *a11yChecker) setScheme(scheme string) error {
	ctx, cancel := c.tb.step(0)
	defer cancel()
	_, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
		Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}},
	})
	return err
}

// setScriptsDisabled switches the tab's JavaScript off or on.
func (c *a11yChecker) setScriptsDisabled(off bool) error {
	ctx, cancel := c.tb.step(0)
	defer cancel()
	_, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: off})
	return err
}

// check runs axe on the current page in both colour schemes, failing the
// test for every violation.
func (c *a11yChecker) check(name string) {
	t := c.t
	t.Helper()
	where := strings.TrimPrefix(c.tb.location(), c.base)
	if where == "" {
		where = "index.html"
	}
	if c.tb.opts.noJS {
		// With script execution disabled, Runtime.evaluate still runs but
		// axe's promise never settles (its timers and animation frames do
		// not fire). The page was parsed and laid out without JavaScript,
		// so its own scripts never ran; allowing scripts now runs only
		// axe. They are disabled again before the next page loads.
		if err := c.setScriptsDisabled(false); err != nil {
			t.Errorf("%s (%s): enabling scripts for axe: %v", name, c.variant, err)
			return
		}
		defer func() {
			if err := c.setScriptsDisabled(true); err != nil {
				t.Fatalf("%s (%s): disabling scripts again: %v", name, c.variant, err)
			}
		}()
		if n, err := eval[int](c.tb, `document.querySelectorAll('[data-role="position"], [data-role="final"], [data-role="transcript"] li').length`); err != nil || n != 0 {
			t.Fatalf("%s (%s): the page shows what only its script draws (%d elements, %v): is JavaScript really off?", name, c.variant, n, err)
		}
	}
	bgs := map[string]string{}
	for _, scheme := range []string{"light", "dark"} {
		label := fmt.Sprintf("%s (%s, %s, %s)", name, c.variant, scheme, where)
		if err := c.setScheme(scheme); err != nil {
			t.Errorf("%s: emulating prefers-color-scheme: %v", label, err)
			continue
		}
		// Runtime.evaluate of axe's text: a <script src="file://..."> would
		// be a request the tab's checks reject. Once per document.
		if ok, err := eval[bool](c.tb, `typeof window.axe === "object" && typeof window.axe.run === "function"`); err != nil {
			t.Errorf("%s: %v", label, err)
			continue
		} else if !ok {
			ctx, cancel := c.tb.step(60 * time.Second)
			_, err := chromedp.Run(ctx, chromedp.Evaluate[chromedp.Void](c.src))
			cancel()
			if err != nil {
				t.Errorf("%s: injecting axe-core: %v", label, err)
				continue
			}
		}
		ctx, cancel := c.tb.step(120 * time.Second)
		res, err := chromedp.Run(ctx, chromedp.EvaluateAsDevTools[axeResult](axeRunJS(axeDisabledRules), chromedp.EvalAwaitPromise))
		cancel()
		if err != nil {
			t.Errorf("%s: running axe: %v", label, err)
			continue
		}
		*c.checked = append(*c.checked, label)
		if sv, err := eval[svgContrast](c.tb, svgContrastJS); err != nil {
			t.Errorf("%s: measuring SVG text contrast: %v", label, err)
		} else {
			bgs[scheme] = sv.BG
			if len(sv.Low) > 0 {
				t.Errorf("%s: SVG text under 4.5:1 contrast:\n  %s", label, strings.Join(sv.Low, "\n  "))
			}
		}
		for _, v := range res.Incomplete {
			t.Errorf("%s: axe could not decide the colour contrast of %d elements (e.g. %s): %s",
				label, v.Nodes, strings.Join(v.Targets, ", "), v.Summary)
		}
		if len(res.Violations) == 0 {
			continue
		}
		var b strings.Builder
		fmt.Fprintf(&b, "%s: %d axe-core %s violations:", label, len(res.Violations), res.Version)
		for _, v := range res.Violations {
			fmt.Fprintf(&b, "\n  %s [%s] %s — %d elements: %s\n      %s\n      %s",
				v.ID, v.Impact, v.Help, v.Nodes, strings.Join(v.Targets, ", "), v.Summary, v.HelpURL)
		}
		t.Error(b.String())
	}
	if bgs["light"] != "" && bgs["light"] == bgs["dark"] {
		t.Errorf("%s (%s): the page background is %s in both colour schemes: the dark scheme was not applied", name, c.variant, bgs["light"])
	}
	if err := c.setScheme("light"); err != nil {
		t.Errorf("%s: resetting prefers-color-scheme: %v", name, err)
	}
}

// TestAccessibility runs axe-core's WCAG 2.2 AA rules on the home page, a
// scenario's intro, a moment, a feedback and an ending page reached by
// playing a path with JavaScript (so the position, the path on the plane
// and the transcript are drawn), its script and supervisor pages, a lesson and the lessons
// index, at 1280 and 360 px wide in the light and the dark colour scheme;
// then on a moment, a feedback and an ending page with JavaScript off.
func TestAccessibility(t *testing.T) {
	s := needSite(t)
	src := axeSource(t, s)
	needBrowser(t)
	start := time.Now()
	var checked []string
	defer func() {
		t.Logf("axe ran on %d page variants in %s", len(checked), time.Since(start).Round(time.Millisecond))
	}()

	// Over HTTP rather than file://: axe reads every stylesheet (for
	// css-orientation-lock), and Chromium treats each file:// page as
	// its own origin, so axe's fallback, fetching the sheet, fails there.
	srv := httptest.NewServer(http.FileServer(http.Dir(s.dir)))
	defer srv.Close()
	base := srv.URL + "/"
	at := func(pg *page) string { return base + pg.rel }

	sc := s.scenarios[0]
	a := s.analyses[sc.ID.Value]
	if a == nil || len(a.Best.Steps) == 0 {
		t.Fatalf("no analysed path to play in %q", sc.ID.Value)
	}
	p := a.Best
	for _, w := range viewports {
		t.Run(fmt.Sprintf("js-%d", w.width), func(t *testing.T) {
			tb := newTab(t, tabOptions{width: w.width, height: w.height, mobile: w.mobile, allow: []string{base}})
			c := &a11yChecker{t: t, tb: tb, src: src, variant: fmt.Sprintf("%dpx", w.width), checked: &checked, base: base}
			pl := &player{tb: tb, s: s, sc: sc, js: true}
			if err := tb.navigate(at(s.pages["index.html"])); err != nil {
				t.Fatal(err)
			}
			c.check("home")
			if err := tb.click(fmt.Sprintf(`a[data-role="scenario-link"][data-scenario=%q]`, sc.ID.Value)); err != nil {
				t.Fatal(err)
			}
			c.check("scenario intro")
			if err := tb.click(`a[data-role="start"]`); err != nil {
				t.Fatal(err)
			}
			// The moment and feedback pages checked are those of the
			// second step (the first when the path has one), so they
			// show a position reached by a path.
			pick := 1
			if len(p.Steps) < 2 {
				pick = 0
			}
			pos := sc.Initial.Value.Clamp()
			for k, step := range p.Steps {
				if k == pick {
					if _, err := pl.atMoment(step.Moment, pos); err != nil {
						t.Fatal(err)
					}
					c.check("moment")
				}
				if _, err := pl.choose(sc.Moment(step.Moment), step.Choice, step.After); err != nil {
					t.Fatalf("step %d: %v", k+1, err)
				}
				if k == pick {
					c.check("feedback")
				}
				if err := tb.click(`a[data-role="continue"]`); err != nil {
					t.Fatalf("step %d: %v", k+1, err)
				}
				pos = step.After
			}
			if err := pl.atEnding(p); err != nil {
				t.Fatal(err) // the transcript and the path must be drawn
			}
			c.check("ending")
			c.checkPage("script", at(s.findOne(t, "page", "script", "scenario", sc.ID.Value)))
			c.checkPage("supervisor", at(s.findOne(t, "page", "supervisor", "scenario", sc.ID.Value)))
			lessons := s.find("page", "lesson")
			if len(lessons) == 0 {
				t.Fatal("no lesson page")
			}
			c.checkPage("lesson", at(lessons[0]))
			idx := s.pages["lessons/index.html"]
			if idx == nil {
				t.Fatal("no lessons/index.html")
			}
			c.checkPage("lessons index", at(idx))
		})
	}

	// Without JavaScript: the default route from choice 0, as a trainee
	// without a script plays it.
	steps, ending, err := defaultWalk(sc, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range viewports {
		t.Run(fmt.Sprintf("nojs-%d", w.width), func(t *testing.T) {
			tb := newTab(t, tabOptions{noJS: true, width: w.width, height: w.height, mobile: w.mobile, allow: []string{base}})
			c := &a11yChecker{t: t, tb: tb, src: src, variant: fmt.Sprintf("nojs %dpx", w.width), checked: &checked, base: base}
			pl := &player{tb: tb, s: s, sc: sc}
			if err := tb.navigate(at(s.pages["index.html"])); err != nil {
				t.Fatal(err)
			}
			if err := tb.click(fmt.Sprintf(`a[data-role="scenario-link"][data-scenario=%q]`, sc.ID.Value)); err != nil {
				t.Fatal(err)
			}
			if err := tb.click(`a[data-role="start"]`); err != nil {
				t.Fatal(err)
			}
			for k, step := range steps {
				if _, err := pl.atMoment(step.Moment, scenario.Position{}); err != nil {
					t.Fatal(err)
				}
				if k == 0 {
					c.check("moment")
				}
				if _, err := pl.choose(sc.Moment(step.Moment), step.Choice, scenario.Position{}); err != nil {
					t.Fatal(err)
				}
				if k == 0 {
					c.check("feedback")
				}
				if err := tb.click(`a[data-role="continue"]`); err != nil {
					t.Fatal(err)
				}
			}
			st, err := tb.state()
			if err != nil {
				t.Fatal(err)
			}
			if st.Page != "ending" || st.Moment != ending {
				t.Fatalf("ended on %s, want the ending %q", st.where(), ending)
			}
			c.check("ending")
		})
	}
}

// TestAccessibilityFixture runs axe on the pages only the fixture scenario
// has: a feedback page at the edge of the plane and an ending with
// conditional debrief paragraphs reached with JavaScript, the same ending
// without JavaScript (every paragraph with its note), and the message for a
// path recorded on another version of the scenario, at both widths.
func TestAccessibilityFixture(t *testing.T) {
	s := needSite(t)
	src := axeSource(t, s)
	needBrowser(t)
	sc := s.fixture(t)
	srv := httptest.NewServer(http.FileServer(http.Dir(s.dir)))
	defer srv.Close()
	base := srv.URL + "/"
	var checked []string
	stamp := "#p=" + scenario.Stamp(sc) + ":"
	fb := s.findOne(t, "page", "feedback", "scenario", sc.ID.Value, "moment", "probe", "choice", "0")
	end := s.momentPage(t, sc.ID.Value, "end-direct", "ending")
	for _, w := range viewports {
		t.Run(fmt.Sprint(w.width), func(t *testing.T) {
			tb := newTab(t, tabOptions{width: w.width, height: w.height, mobile: w.mobile, allow: []string{base}})
			c := &a11yChecker{t: t, tb: tb, src: src, variant: fmt.Sprintf("%dpx", w.width), checked: &checked, base: base}
			c.checkPage("feedback at the edge", base+fb.rel+stamp+"0.0")
			c.checkPage("ending with conditional paragraphs", base+end.rel+stamp+"0.0")
			c.checkPage("a path of another version", base+end.rel+"#p=0.0")
			nt := newTab(t, tabOptions{noJS: true, width: w.width, height: w.height, mobile: w.mobile, allow: []string{base}})
			nc := &a11yChecker{t: t, tb: nt, src: src, variant: fmt.Sprintf("nojs %dpx", w.width), checked: &checked, base: base}
			nc.checkPage("ending with conditional paragraphs", base+end.rel)
		})
	}
	t.Logf("axe ran on %d page variants", len(checked))
}

// checkPage navigates to u and checks the page.
func (c *a11yChecker) checkPage(name, u string) {
	c.t.Helper()
	if err := c.tb.navigate(u); err != nil {
		c.t.Fatal(err)
	}
	c.check(name)
}
