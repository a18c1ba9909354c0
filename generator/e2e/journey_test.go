package e2e

import (
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"golang.org/x/net/html"

	"coachsim/generator/analysis"
	"coachsim/generator/scenario"
)

// journeyPath picks, across the shipped scenarios, a path whose positions
// go below zero on some step (so minus signs are on screen), preferring
// the shortest; it returns the scenario and the path.
func journeyPath(t *testing.T, s *siteInfo) (*scenario.Scenario, analysis.Path) {
	t.Helper()
	var bestSc *scenario.Scenario
	var best analysis.Path
	for _, sc := range s.scenarios {
		if s.fixtures[sc.ID.Value] {
			continue
		}
		all, _ := analysis.Paths(sc, 400)
		for _, p := range all {
			negative := false
			for _, st := range p.Steps {
				if st.After.Trust < 0 || st.After.Accountability < 0 {
					negative = true
				}
			}
			if negative && (bestSc == nil || len(p.Steps) < len(best.Steps)) {
				bestSc, best = sc, p
			}
		}
	}
	if bestSc == nil {
		t.Fatal("no shipped scenario has a path that goes below zero")
	}
	return bestSc, best
}

// TestJourneyRecordsProgress plays a whole scenario the way a trainee
// does, from file://: the home page, the scenario's link, "Start the
// session", then each response by its key and "Continue" by Enter, to the
// ending. The ending records the attempt by itself; the home page then
// lists it (played once, one ending found, the quadrant reached) with a
// link that reopens the same debrief. On every page the reading text uses
// a true minus sign, never a hyphen-minus.
func TestJourneyRecordsProgress(t *testing.T) {
	s := needSite(t)
	sc, p := journeyPath(t, s)
	orders := scenario.ShownOrders(sc)
	tb := newTab(t, tabOptions{})
	home := (&url.URL{Scheme: "file", Path: filepath.ToSlash(filepath.Join(s.dir, "index.html"))}).String()
	if err := tb.navigate(home); err != nil {
		t.Fatal(err)
	}
	if _, err := eval[bool](tb, `(localStorage.clear(), true)`); err != nil {
		t.Fatal(err)
	}
	noHyphenMinus := func(what string) {
		t.Helper()
		text, err := eval[string](tb, `document.body.innerText`)
		if err != nil {
			t.Fatal(err)
		}
		if m := hyphenMinusRE.FindStringIndex(text); m != nil {
			lo, hi := max(0, m[0]-40), min(len(text), m[1]+40)
			t.Errorf("%s: a hyphen-minus stands for a minus sign: %q", what, text[lo:hi])
		}
	}
	noHyphenMinus("home page")
	if err := tb.click(fmt.Sprintf(`a[href$="scenarios/%s/index.html"]`, sc.ID.Value)); err != nil {
		t.Fatal(err)
	}
	if err := tb.waitPage("intro"); err != nil {
		t.Fatal(err)
	}
	noHyphenMinus("intro")
	if err := tb.click(`a[data-role="start"]`); err != nil {
		t.Fatal(err)
	}
	for i, st := range p.Steps {
		if err := tb.waitPage("moment"); err != nil {
			t.Fatalf("step %d: %v", i+1, err)
		}
		if err := tb.waitFor(`body.cs-live`); err != nil {
			t.Fatalf("step %d: the moment page does not track the path: %v", i+1, err)
		}
		m := sc.Moment(st.Moment)
		n := 0
		for k, c := range scenario.Shown(orders, m) {
			if c == st.Choice {
				n = k + 1
			}
		}
		if n < 1 || n > 9 {
			t.Fatalf("step %d: choice %d of %s is shown as number %d", i+1, st.Choice, m.ID, n)
		}
		noHyphenMinus(fmt.Sprintf("step %d, moment %s", i+1, m.ID))
		// The step line counts this play's steps, and "about" adds what a
		// play from here typically takes.
		if typ := s.analyses[sc.ID.Value].Steps[m.ID].Typical; typ > 0 {
			want := fmt.Sprintf("Step %d of about %d", i+1, i+typ)
			if got, err := eval[string](tb, `document.querySelector('[data-js=stepline]').textContent`); err != nil || got != want {
				t.Errorf("step %d: the step line reads %q (%v), want %q", i+1, got, err, want)
			}
		}
		if err := tb.key(fmt.Sprint(n)); err != nil {
			t.Fatal(err)
		}
		if err := tb.waitPage("feedback"); err != nil {
			t.Fatalf("step %d: key %d: %v", i+1, n, err)
		}
		// The script has run once it has written the position.
		if err := tb.waitFor(`[data-role="position"]`); err != nil {
			t.Fatalf("step %d: the feedback page shows no position: %v", i+1, err)
		}
		fb, err := tb.state()
		if err != nil {
			t.Fatal(err)
		}
		if err := checkPosition("position", fb.Position, st.After); err != nil {
			t.Fatalf("step %d: %v", i+1, err)
		}
		noHyphenMinus(fmt.Sprintf("step %d, feedback on %s choice %d", i+1, m.ID, st.Choice))
		if err := tb.key("\r"); err != nil {
			t.Fatal(err)
		}
	}
	if err := tb.waitPage("ending"); err != nil {
		t.Fatal(err)
	}
	if err := tb.waitFor(`[data-role="final"]`); err != nil {
		t.Fatal(err)
	}
	end, err := tb.state()
	if err != nil {
		t.Fatal(err)
	}
	if end.Moment != p.End.Moment {
		t.Fatalf("the play ended at %s, want %s", end.where(), p.End.Moment)
	}
	if err := checkPosition("final", end.Final, p.End.Pos); err != nil {
		t.Fatal(err)
	}
	noHyphenMinus("ending")
	endHash := end.Hash

	// The attempt, as the ending recorded it (no test code records it).
	type attempt struct {
		Scenario string `json:"scenario"`
		Path     string `json:"path"`
		Ending   string `json:"ending"`
		Trust    int    `json:"trust"`
		Acc      int    `json:"accountability"`
		Quadrant string `json:"quadrant"`
		Steps    int    `json:"steps"`
	}
	// It is recorded once the transcript's words have loaded.
	var got []attempt
	for try := 0; try < 50 && len(got) == 0; try++ {
		if try > 0 {
			time.Sleep(100 * time.Millisecond)
		}
		if got, err = eval[[]attempt](tb, fmt.Sprintf(`CoachSimProgress.attempts(%q)`, sc.ID.Value)); err != nil {
			t.Fatal(err)
		}
	}
	want := attempt{sc.ID.Value, pathString(p), p.End.Moment, p.End.Pos.Trust, p.End.Pos.Accountability, scenario.QuadrantOf(p.End.Pos).Slug(), len(p.Steps)}
	if len(got) != 1 || got[0] != want {
		t.Fatalf("after one play the stored attempts are %+v, want [%+v]", got, want)
	}

	if err := tb.navigate(home); err != nil {
		t.Fatal(err)
	}
	hp := readHome(t, tb, sc.ID.Value)
	if !strings.HasPrefix(hp.Played, "Played 1 time") {
		t.Errorf("the home page says %q, want \"Played 1 time\"", hp.Played)
	}
	if !strings.HasPrefix(hp.Found, "1 of ") {
		t.Errorf("the home page says %q, want \"1 of N endings found\"", hp.Found)
	}
	if q := scenario.QuadrantOf(p.End.Pos).String(); hp.Best != q {
		t.Errorf("the best quadrant reads %q, want %q", hp.Best, q)
	}
	if hp.Attempts != 1 || len(hp.Links) != 1 {
		t.Fatalf("the home page lists %d attempts and %d links, want 1", hp.Attempts, len(hp.Links))
	}
	noHyphenMinus("home page after a play")
	// The main button now offers the next scenario not played yet.
	type start struct {
		Text string `json:"text"`
		Href string `json:"href"`
	}
	if st, err := eval[start](tb, `(function () { var a = document.querySelector('[data-role=start-here]'); return {text: a.textContent, href: a.getAttribute('href')}; })()`); err != nil {
		t.Error(err)
	} else if !strings.HasPrefix(st.Text, "Next: ") || strings.Contains(st.Href, "/"+sc.ID.Value+"/") {
		t.Errorf("after playing %s the home page's main button reads %q (%s), want the next scenario not played", sc.ID.Value, st.Text, st.Href)
	}
	// The attempts are listed under a disclosure, as a trainee opens it.
	ctx, cancel := tb.step(0)
	err = chromedp.Do(ctx, chromedp.Click(chromedp.CSS(fmt.Sprintf(`[data-role="progress"][data-scenario=%q] details > summary`, sc.ID.Value)), chromedp.NodeVisible))
	cancel()
	if err != nil {
		t.Fatalf("opening the list of attempts: %v", err)
	}
	if err := tb.click(`a[data-role="reopen"]`); err != nil {
		t.Fatal(err)
	}
	if err := tb.waitPage("ending"); err != nil {
		t.Fatal(err)
	}
	again, err := tb.state()
	if err != nil {
		t.Fatal(err)
	}
	if again.Moment != p.End.Moment || again.Hash != endHash {
		t.Errorf("the attempt's link reopens %s (%s), want the ending %s with %s", again.where(), again.Hash, p.End.Moment, endHash)
	}
	if n, err := eval[int](tb, fmt.Sprintf(`CoachSimProgress.attempts(%q).length`, sc.ID.Value)); err != nil || n != 1 {
		t.Errorf("reopening the debrief made %d attempts (%v), want still 1", n, err)
	}
}

// TestNoHyphenMinusInPages reads the text of every built page (outside
// scripts and styles, as a reader sees it without JavaScript): numbers
// below zero carry a true minus sign.
func TestNoHyphenMinusInPages(t *testing.T) {
	s := needSite(t)
	var bad []string
	err := filepath.WalkDir(s.dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		f, err := os.Open(p)
		if err != nil {
			return err
		}
		defer f.Close()
		doc, err := html.Parse(f)
		if err != nil {
			return err
		}
		var b strings.Builder
		var walk func(n *html.Node)
		walk = func(n *html.Node) {
			if n.Type == html.ElementNode && (n.Data == "script" || n.Data == "style") {
				return
			}
			if n.Type == html.TextNode {
				b.WriteString(n.Data)
			}
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				walk(c)
			}
		}
		walk(doc)
		text := b.String()
		for _, m := range hyphenMinusRE.FindAllStringIndex(text, 3) {
			rel, _ := filepath.Rel(s.dir, p)
			lo, hi := max(0, m[0]-30), min(len(text), m[1]+30)
			bad = append(bad, fmt.Sprintf("%s: %q", rel, text[lo:hi]))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(bad) > 0 {
		t.Errorf("%d hyphen-minus signs stand for minus signs:\n  %s", len(bad), strings.Join(bad[:min(len(bad), 30)], "\n  "))
	}
}
