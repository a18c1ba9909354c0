package e2e

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/chromedp"

	"coachsim/generator/analysis"
	"coachsim/generator/scenario"
)

// TestServedUnderSubPath serves the output under /coachsim/ on a local
// server, as GitHub Pages serves a project site, and loads pages of every
// kind: every asset must load (no 404) and no request may leave the
// sub-path.
func TestServedUnderSubPath(t *testing.T) {
	s := needSite(t)
	var mu sync.Mutex
	var outside []string
	mux := http.NewServeMux()
	mux.Handle("/coachsim/", http.StripPrefix("/coachsim/", http.FileServer(http.Dir(s.dir))))
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		outside = append(outside, r.URL.Path)
		mu.Unlock()
		http.NotFound(w, r)
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	base := srv.URL + "/coachsim/"
	tb := newTab(t, tabOptions{allow: []string{base}})

	sc := s.scenarios[0]
	a := s.analyses[sc.ID.Value]
	p := a.Best
	if len(p.Steps) == 0 {
		all, _ := analysis.Paths(sc, 1)
		if len(all) == 0 {
			t.Fatalf("%s has no path to an ending", sc.ID.Value)
		}
		p = all[0]
	}
	// Click through a whole path with JavaScript on, over HTTP.
	if err := tb.navigate(base); err != nil {
		t.Fatal(err)
	}
	checkStyled(t, tb)
	pl := &player{tb: tb, s: s, sc: sc, js: true, home: base}
	if err := pl.play(p); err != nil {
		t.Fatal(err)
	}
	checkStyled(t, tb)
	// One page of every other kind, loaded directly.
	for _, kind := range []string{"script", "lesson", "intro"} {
		ps := s.find("page", kind)
		if len(ps) == 0 {
			t.Errorf("no page with data-page=%q", kind)
			continue
		}
		if err := tb.navigate(base + ps[0].rel); err != nil {
			t.Fatal(err)
		}
		checkStyled(t, tb)
	}
	// The facilitator page loads the scenario's data from under the sub-path too.
	if err := tb.navigate(base + "facilitator.html"); err != nil {
		t.Fatal(err)
	}
	checkStyled(t, tb)
	ctx, cancel := tb.step(0)
	err := chromedp.Do(ctx, chromedp.SetValue(chromedp.CSS(`#fac-codes`), sc.ID.Value+":"+scenario.Stamp(sc)+":"+joinInts(p.Choices())),
		chromedp.Click(chromedp.CSS(`button[data-role="add-codes"]`)))
	cancel()
	if err == nil {
		err = poll(tb, `!!document.querySelector('tr[data-role="result"][data-from="replay"]')`)
	}
	if err != nil {
		t.Errorf("under a sub-path the facilitator page does not replay a code: %v", err)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(outside) > 0 {
		t.Errorf("requests outside the sub-path /coachsim/ (they 404 on a project site): %v", dedupe(outside))
	}
}

// checkStyled fails when the page has no stylesheet with rules, which
// means its CSS did not load.
func checkStyled(t *testing.T, tb *tab) {
	t.Helper()
	n, err := eval[int](tb, `(function () { var n = 0; for (var i = 0; i < document.styleSheets.length; i++) { try { n += document.styleSheets[i].cssRules.length; } catch (e) {} } return n; })()`)
	if err != nil {
		t.Fatal(err)
	}
	if n == 0 {
		t.Errorf("%s: no CSS rules loaded", tb.location())
	}
}

// TestScreenshots saves full-page screenshots of every page kind and state
// at 1280 and 360 px wide, in the light and the dark colour scheme, into
// build/test-output/screenshots/: the home page (new, with progress kept,
// and in a browser that keeps no storage), the intro (new, and with a
// stored path to resume), the first moment, a moment and a feedback page
// on a path, the ending after a JavaScript play, the script page, a lesson
// and the lessons index; and with JavaScript off a moment, a feedback and
// an ending page. Names are KIND-WIDTH-SCHEME.png.
func TestScreenshots(t *testing.T) {
	s := needSite(t)
	out := filepath.Join(s.root, "build", "test-output", "screenshots")
	if err := os.MkdirAll(out, 0o755); err != nil {
		t.Fatal(err)
	}
	sc := s.scenarios[0]
	a := s.analyses[sc.ID.Value]
	p := a.Best
	paths := progressPaths(t, sc, a)
	for _, w := range viewports {
		for _, scheme := range []string{"light", "dark"} {
			t.Run(fmt.Sprint(w.width, "-", scheme), func(t *testing.T) {
				tb := newTab(t, tabOptions{width: w.width, height: w.height, mobile: w.mobile})
				if err := emulateScheme(tb, scheme); err != nil {
					t.Fatal(err)
				}
				shot := func(name string) {
					t.Helper()
					f := filepath.Join(out, fmt.Sprintf("%s-%d-%s.png", name, w.width, scheme))
					if err := tb.screenshot(f); err != nil {
						t.Errorf("screenshot %s: %v", name, err)
					}
					checkNoOverflow(t, tb, name)
				}
				pl := &player{tb: tb, s: s, sc: sc, js: true}
				if err := tb.navigate(s.url(s.pages["index.html"])); err != nil {
					t.Fatal(err)
				}
				if _, err := eval[bool](tb, `(localStorage.clear(), true)`); err != nil {
					t.Fatal(err)
				}
				if err := tb.reload(); err != nil {
					t.Fatal(err)
				}
				shot("home")
				if err := tb.click(fmt.Sprintf(`a[data-role="scenario-link"][data-scenario=%q]`, sc.ID.Value)); err != nil {
					t.Fatal(err)
				}
				shot("intro")
				if err := tb.click(`a[data-role="start"]`); err != nil {
					t.Fatal(err)
				}
				shot("moment-start")
				for k, step := range p.Steps {
					if k == 1 {
						shot("moment")
					}
					if _, err := pl.choose(sc.Moment(step.Moment), step.Choice, step.After); err != nil {
						t.Fatalf("step %d: %v", k+1, err)
					}
					if k == 1 || (k == 0 && len(p.Steps) == 1) {
						shot("feedback")
					}
					if err := tb.click(`a[data-role="continue"]`); err != nil {
						t.Fatal(err)
					}
				}
				if err := pl.atEnding(p); err != nil {
					t.Error(err)
				}
				shot("ending")
				// Progress: the attempts of every path, then the home page.
				base := strings.TrimSuffix(s.url(s.pages["index.html"]), "index.html")
				for _, q := range paths {
					if err := tb.navigate(endingURL(s, base, sc, q)); err != nil {
						t.Fatal(err)
					}
					if _, err := eval[int](tb, recordJS); err != nil {
						t.Fatal(err)
					}
				}
				if err := tb.navigate(s.url(s.pages["index.html"])); err != nil {
					t.Fatal(err)
				}
				if _, err := eval[bool](tb, `(Array.prototype.forEach.call(document.querySelectorAll('[data-role="progress"] details'), function (d) { d.open = true; }), true)`); err != nil {
					t.Fatal(err)
				}
				shot("home-progress")
				if err := tb.navigate(s.url(s.findOne(t, "page", "intro", "scenario", sc.ID.Value))); err != nil {
					t.Fatal(err)
				}
				shot("intro-resume")
				for _, kind := range []string{"script", "lesson", "lessons"} {
					if ps := s.find("page", kind, "scenario", sc.ID.Value); len(ps) > 0 {
						if err := tb.navigate(s.url(ps[0])); err != nil {
							t.Fatal(err)
						}
					} else if ps := s.find("page", kind); len(ps) > 0 {
						if err := tb.navigate(s.url(ps[0])); err != nil {
							t.Fatal(err)
						}
					} else {
						continue
					}
					shot(kind)
				}
			})
		}
	}
	// A browser that keeps no storage: the home page says so.
	for _, w := range []int64{1280, 360} {
		t.Run(fmt.Sprint("nostorage-", w), func(t *testing.T) {
			tb := newTab(t, tabOptions{width: w, height: 800, mobile: w < 500})
			noStorage(t, tb)
			if err := tb.navigate(s.url(s.pages["index.html"])); err != nil {
				t.Fatal(err)
			}
			if err := tb.screenshot(filepath.Join(out, fmt.Sprintf("home-nostorage-%d-light.png", w))); err != nil {
				t.Error(err)
			}
		})
	}
	// Without JavaScript: a moment, a feedback page and the ending the
	// default routes lead to, at both widths and in both schemes.
	steps, _, err := defaultWalk(sc, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []int64{1280, 360} {
		for _, scheme := range []string{"light", "dark"} {
			t.Run(fmt.Sprint("nojs-", w, "-", scheme), func(t *testing.T) {
				tb := newTab(t, tabOptions{noJS: true, width: w, height: 800, mobile: w < 500})
				if err := emulateScheme(tb, scheme); err != nil {
					t.Fatal(err)
				}
				name := func(kind string) string { return filepath.Join(out, fmt.Sprintf("nojs-%s-%d-%s.png", kind, w, scheme)) }
				pl := &player{tb: tb, s: s, sc: sc}
				if err := pl.begin(); err != nil {
					t.Fatal(err)
				}
				if err := tb.screenshot(name("moment")); err != nil {
					t.Error(err)
				}
				for k, step := range steps {
					if _, err := pl.choose(sc.Moment(step.Moment), step.Choice, scenario.Position{}); err != nil {
						t.Fatal(err)
					}
					if k == 0 {
						if err := tb.screenshot(name("feedback")); err != nil {
							t.Error(err)
						}
					}
					if err := tb.click(`a[data-role="continue"]`); err != nil {
						t.Fatal(err)
					}
				}
				if err := tb.screenshot(name("ending")); err != nil {
					t.Error(err)
				}
				checkNoOverflow(t, tb, "nojs-ending")
			})
		}
	}
	t.Logf("screenshots in %s", out)
}

// emulateScheme sets the tab's prefers-color-scheme ("light" or "dark").
func emulateScheme(tb *tab, scheme string) error {
	c := &a11yChecker{tb: tb}
	return c.setScheme(scheme)
}

// checkNoOverflow fails when the page is wider than the viewport (a
// horizontal scroll bar on a phone), naming the elements that stick out.
func checkNoOverflow(t *testing.T, tb *tab, name string) {
	t.Helper()
	wide, err := eval[[]string](tb, `(function () {
  var w = document.documentElement.clientWidth, out = [];
  if (document.documentElement.scrollWidth <= w) return out;
  var all = document.body.getElementsByTagName('*');
  for (var i = 0; i < all.length && out.length < 5; i++) {
    var r = all[i].getBoundingClientRect();
    if (r.right > w + 1 && r.width > 0) {
      var p = all[i].parentElement;
      if (p && p.getBoundingClientRect().right > w + 1) continue; // report the outermost only
      out.push('<' + all[i].tagName.toLowerCase() + (all[i].className && typeof all[i].className === 'string' ? ' class="' + all[i].className + '"' : '') +
        '> right edge at ' + Math.round(r.right) + 'px: ' + (all[i].textContent || '').trim().slice(0, 60));
    }
  }
  if (!out.length) out.push('the page is ' + document.documentElement.scrollWidth + 'px wide');
  return out;
})()`)
	if err != nil {
		t.Errorf("%s: %v", name, err)
		return
	}
	if len(wide) > 0 {
		t.Errorf("%s (%s) scrolls sideways: %s", name, tb.location(), strings.Join(wide, "; "))
	}
}
