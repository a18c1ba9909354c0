package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"golang.org/x/net/html"
)

// The supervisor page (one per scenario, supervisor.html) holds the map
// (an inline SVG), the map in words, the report and the audit; the script
// page starts with an index and says its routes in words.

// TestSupervisorPages checks every scenario's supervisor page in the built
// HTML: linked from the intro page and from no play page, the map's
// moments each a relative link to that moment on the script page (so every
// moment is drawn), the map in words naming every moment, the report with
// an entry per ending and the audit; and the script page's index and routes
// in words.
func TestSupervisorPages(t *testing.T) {
	s := needSite(t)
	for _, sc := range s.scenarios {
		id := sc.ID.Value
		t.Run(id, func(t *testing.T) {
			sup := s.findOne(t, "page", "supervisor", "scenario", id)
			script := s.findOne(t, "page", "script", "scenario", id)
			intro := s.findOne(t, "page", "intro", "scenario", id)
			if !linksTo(intro, "supervisor.html") {
				t.Errorf("%s does not link to supervisor.html", intro.rel)
			}
			for _, kind := range []string{"moment", "feedback", "ending"} {
				for _, pg := range s.find("page", kind, "scenario", id) {
					if linksTo(pg, "supervisor.html") {
						t.Errorf("the play page %s links to the supervisor page", pg.rel)
					}
				}
			}
			mapLinks := map[string]bool{}
			var svgs, outline, endingRows, auditRows int
			walk(sup.doc, func(n *html.Node) {
				if n.Type != html.ElementNode {
					return
				}
				switch {
				case n.Data == "svg" && hasClass(n, "scenario-map"):
					svgs++
				case n.Data == "a" && insideSVG(n):
					h := attrNS(n, "xlink", "href")
					if h == "" {
						h = attr(n, "href")
					}
					if h == "" {
						return // an arrow's tooltip
					}
					if !strings.HasPrefix(h, "script.html#m-") {
						t.Errorf("a map link to %q: want script.html#m-ID, relative", h)
					}
					mapLinks[strings.TrimPrefix(h, "script.html#m-")] = true
				case n.Data == "li" && within(n, "outline"):
					outline++
				case n.Data == "li" && parentHasClass(n, "report-endings"):
					endingRows++
				case n.Data == "li" && parentHasClass(n, "outcomes"):
					auditRows++
				}
			})
			if svgs != 1 {
				t.Errorf("%d maps on the page, want 1", svgs)
			}
			endings := 0
			for _, m := range sc.Moments {
				if !mapLinks[m.ID] {
					t.Errorf("the map has no link for moment %q", m.ID)
				}
				if !script.ids["m-"+m.ID] {
					t.Errorf("the script page has no #m-%s", m.ID)
				}
				if !linksTo(script, "#m-"+m.ID) {
					t.Errorf("the script page's index does not link to #m-%s", m.ID)
				}
				if m.IsEnding() {
					endings++
				}
			}
			if outline < len(sc.Moments) {
				t.Errorf("the map in words has %d entries for %d moments", outline, len(sc.Moments))
			}
			if endingRows != endings {
				t.Errorf("the report lists %d endings of %d", endingRows, endings)
			}
			if a := s.analyses[id]; a != nil && auditRows == 0 {
				t.Error("no gameability audit on the page")
			}
			// Routes in words: no condition as code.
			walk(script.doc, func(n *html.Node) {
				if n.Type == html.ElementNode && n.Data == "p" && hasClass(n, "route") {
					if txt := textOf(n); strings.ContainsAny(txt, "<>=!") || strings.Contains(txt, "visited(") {
						t.Errorf("a route reads like code: %q", txt)
					}
				}
			})
		})
	}
}

// TestSupervisorNoJS opens the largest scenario's supervisor page with
// JavaScript off, at 1280 and 360 px: the map, the map in words, the
// report and the audit all show, and the page itself never scrolls
// sideways, the map whole or, through its checkbox, at full size
// (scrolling inside its frame).
func TestSupervisorNoJS(t *testing.T) {
	s := needSite(t)
	needBrowser(t)
	pg := s.findOne(t, "page", "supervisor", "scenario", largest(s))
	for _, w := range []int64{1280, 360} {
		t.Run(fmt.Sprint(w), func(t *testing.T) {
			tb := newTab(t, tabOptions{noJS: true, width: w, height: 800, mobile: w < 500})
			if err := tb.navigate(s.url(pg)); err != nil {
				t.Fatal(err)
			}
			shown, err := eval[map[string]int](tb, `(function () {
  function seen(sel) {
    return Array.prototype.filter.call(document.querySelectorAll(sel), function (e) {
      var r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0;
    }).length;
  }
  return {map: seen('.map-frame svg.scenario-map'), outline: seen('.outline li'), endings: seen('.report table tbody tr'),
    paths: seen('.path-steps li'), audit: seen('.audit table tbody tr'), frame: document.querySelector('.map-frame').clientWidth,
    page: document.documentElement.clientWidth};
})()`)
			if err != nil {
				t.Fatal(err)
			}
			for _, k := range []string{"map", "outline", "endings", "paths", "audit"} {
				if shown[k] == 0 {
					t.Errorf("with JavaScript off at %d px, nothing of %q shows (%v)", w, k, shown)
				}
			}
			if shown["frame"] > shown["page"] {
				t.Errorf("the map's frame is %d px wide on a %d px page", shown["frame"], shown["page"])
			}
			checkNoOverflow(t, tb, "supervisor")
			// The checkbox shows the map at its own size, wider than
			// its frame, which scrolls; the page still does not.
			ctx, cancel := tb.step(0)
			_, err = chromedp.Run(ctx, chromedp.Click(chromedp.CSS("#map-full"), chromedp.NodeVisible))
			cancel()
			if err != nil {
				t.Fatal(err)
			}
			sizes, err := eval[map[string]int](tb, `(function () {
  var f = document.querySelector('.map-frame');
  return {svg: Math.round(f.querySelector('svg').getBoundingClientRect().width), frame: f.clientWidth, scroll: f.scrollWidth};
})()`)
			if err != nil {
				t.Fatal(err)
			}
			if sizes["svg"] <= sizes["frame"] || sizes["scroll"] <= sizes["frame"] {
				t.Errorf("at full size the map is %d px wide in a %d px frame (scroll width %d): want it wider, scrolling inside", sizes["svg"], sizes["frame"], sizes["scroll"])
			}
			checkNoOverflow(t, tb, "supervisor, map at full size")
		})
	}
}

// TestSupervisorScreenshots saves the supervisor page (whole) and the top
// of the script page (its index) of the first and the largest scenario at
// 1280 and 360 px, light and dark, into build/test-output/screenshots/.
func TestSupervisorScreenshots(t *testing.T) {
	s := needSite(t)
	needBrowser(t)
	out := filepath.Join(s.root, "build", "test-output", "screenshots")
	if err := os.MkdirAll(out, 0o755); err != nil {
		t.Fatal(err)
	}
	ids := []string{s.scenarios[0].ID.Value}
	if l := largest(s); l != ids[0] {
		ids = append(ids, l)
	}
	for _, w := range viewports {
		for _, scheme := range []string{"light", "dark"} {
			t.Run(fmt.Sprint(w.width, "-", scheme), func(t *testing.T) {
				tb := newTab(t, tabOptions{width: w.width, height: w.height, mobile: w.mobile})
				if err := emulateScheme(tb, scheme); err != nil {
					t.Fatal(err)
				}
				for i, id := range ids {
					name := "supervisor"
					if i > 0 {
						name += "-largest"
					}
					if err := tb.navigate(s.url(s.findOne(t, "page", "supervisor", "scenario", id))); err != nil {
						t.Fatal(err)
					}
					if err := tb.screenshot(filepath.Join(out, fmt.Sprintf("%s-%d-%s.png", name, w.width, scheme))); err != nil {
						t.Error(err)
					}
					checkNoOverflow(t, tb, name)
				}
				if err := tb.navigate(s.url(s.findOne(t, "page", "script", "scenario", ids[0]))); err != nil {
					t.Fatal(err)
				}
				ctx, cancel := tb.step(0)
				buf, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
				cancel()
				if err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(filepath.Join(out, fmt.Sprintf("script-top-%d-%s.png", w.width, scheme)), buf, 0o644); err != nil {
					t.Error(err)
				}
				checkNoOverflow(t, tb, "script")
			})
		}
	}
}

// largest is the id of the shipped scenario with the most routes (the
// widest map).
func largest(s *siteInfo) string {
	best, most := "", -1
	for _, sc := range s.scenarios {
		n := 0
		for _, m := range sc.Moments {
			for _, c := range m.Choices {
				if c != nil {
					n += len(c.Next)
				}
			}
		}
		if !s.fixtures[sc.ID.Value] && n > most {
			best, most = sc.ID.Value, n
		}
	}
	return best
}

// linksTo reports whether pg has an <a href> ending in suffix.
func linksTo(pg *page, suffix string) bool {
	found := false
	walk(pg.doc, func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == "a" && strings.HasSuffix(attr(n, "href"), suffix) {
			found = true
		}
	})
	return found
}

func hasClass(n *html.Node, c string) bool {
	for _, f := range strings.Fields(attr(n, "class")) {
		if f == c {
			return true
		}
	}
	return false
}

// within reports whether an ancestor of n has the class c.
func within(n *html.Node, c string) bool {
	for p := n.Parent; p != nil; p = p.Parent {
		if p.Type == html.ElementNode && hasClass(p, c) {
			return true
		}
	}
	return false
}

// parentHasClass reports whether n's parent has the class c.
func parentHasClass(n *html.Node, c string) bool {
	return n.Parent != nil && n.Parent.Type == html.ElementNode && hasClass(n.Parent, c)
}

// attrNS returns the value of the attribute key in namespace ns.
func attrNS(n *html.Node, ns, key string) string {
	for _, a := range n.Attr {
		if a.Namespace == ns && a.Key == key {
			return a.Val
		}
	}
	return ""
}
