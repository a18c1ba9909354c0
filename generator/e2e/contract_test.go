package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"coachsim/generator/scenario"
)

// TestPageContract checks the static pages against the page contract (see
// site/README.md) without a browser: every scenario has its intro, moment,
// feedback, ending and script pages, wired to each other by the contract's
// links, with the movement, feedback and routes of the YAML.
func TestPageContract(t *testing.T) {
	s := needSite(t)
	home := s.pages["index.html"]
	if home == nil || home.body["data-page"] != "home" {
		t.Fatalf("index.html must have <body data-page=\"home\">, has %s", bodyDesc(home))
	}
	lessonPages := s.find("page", "lesson")
	lessonFiles, _ := filepath.Glob(filepath.Join(s.root, "content", "lessons", "*.md"))
	nLessons := 0
	for _, f := range lessonFiles {
		if !strings.HasPrefix(filepath.Base(f), "_") {
			nLessons++
		}
	}
	if len(lessonPages) < nLessons {
		t.Errorf("%d pages with data-page=\"lesson\", want one per lesson file (%d)", len(lessonPages), nLessons)
	}

	for _, sc := range s.scenarios {
		t.Run(sc.ID.Value, func(t *testing.T) {
			a := s.analyses[sc.ID.Value]
			links := findAll(home, func(n *html.Node) bool {
				return n.Data == "a" && attr(n, "data-role") == "scenario-link" && attr(n, "data-scenario") == sc.ID.Value
			})
			if len(links) == 0 {
				t.Fatalf("index.html has no <a data-role=\"scenario-link\" data-scenario=%q>", sc.ID.Value)
			}
			intro := s.target(home, links[0])
			if intro == nil || intro.body["data-page"] != "intro" || intro.body["data-scenario"] != sc.ID.Value {
				t.Fatalf("the scenario link %q leads to %s, want the intro page", attr(links[0], "href"), bodyDesc(intro))
			}
			start := firstRole(intro, "start")
			if start == nil {
				t.Fatalf("%s has no <a data-role=\"start\">", intro.rel)
			}
			if sp := s.target(intro, start); sp == nil || sp.body["data-moment"] != sc.StartMoment().ID || sp.body["data-page"] != "moment" {
				t.Errorf("%s: the start link %q leads to %s, want the moment page of %q", intro.rel, attr(start, "href"), bodyDesc(sp), sc.StartMoment().ID)
			}

			var wantLinked []*page // every moment and feedback page, for the script page
			for _, m := range sc.Moments {
				if a != nil && !a.Reachable[m.ID] {
					continue
				}
				if m.IsEnding() {
					pg := s.momentPage(t, sc.ID.Value, m.ID, "ending")
					if pg == nil {
						continue
					}
					wantLinked = append(wantLinked, pg)
					text := textOf(pg.doc)
					checkDebriefStatic(t, pg, m)
					for _, q := range m.Ending.Reflection {
						needWords(t, pg, "a reflection question", q.Value, text)
					}
					if a != nil {
						for _, e := range a.Endings {
							if e.Moment != m.ID {
								continue
							}
							for _, q := range e.Quadrants {
								if !strings.Contains(strings.ToLower(text), q.Slug()) {
									t.Errorf("%s: without JavaScript the ending must name the quadrants it can be reached in; %q is missing", pg.rel, q.String())
								}
							}
						}
					}
					continue
				}
				pg := s.momentPage(t, sc.ID.Value, m.ID, "moment")
				if pg == nil {
					continue
				}
				wantLinked = append(wantLinked, pg)
				needWords(t, pg, "the client's words", m.Client.Value, textOf(pg.doc))
				choices := findAll(pg, func(n *html.Node) bool { return n.Data == "a" && attr(n, "data-role") == "choice" })
				if len(choices) != len(m.Choices) {
					t.Errorf("%s: %d choice links, want %d", pg.rel, len(choices), len(m.Choices))
				}
				for i, c := range m.Choices {
					var link *html.Node
					for _, n := range choices {
						if attr(n, "data-choice") == strconv.Itoa(i) {
							link = n
						}
					}
					if link == nil {
						t.Errorf("%s: no <a data-role=\"choice\" data-choice=\"%d\">", pg.rel, i)
						continue
					}
					fb := s.target(pg, link)
					if fb == nil || fb.body["data-page"] != "feedback" || fb.body["data-moment"] != m.ID ||
						fb.body["data-choice"] != strconv.Itoa(i) || fb.body["data-scenario"] != sc.ID.Value {
						t.Errorf("%s: choice %d links to %q (%s), want its feedback page", pg.rel, i, attr(link, "href"), bodyDesc(fb))
						continue
					}
					wantLinked = append(wantLinked, fb)
					checkFeedbackPage(t, s, sc, m, c, fb)
				}
			}

			scripts := s.find("page", "script", "scenario", sc.ID.Value)
			if len(scripts) != 1 {
				t.Errorf("want one script page (data-page=\"script\" data-scenario=%q), found %d", sc.ID.Value, len(scripts))
			} else {
				linked := map[string]bool{}
				for _, n := range findAll(scripts[0], func(n *html.Node) bool { return n.Data == "a" }) {
					if tp := s.target(scripts[0], n); tp != nil {
						linked[tp.rel] = true
					}
				}
				var missing []string
				for _, w := range wantLinked {
					if !linked[w.rel] {
						missing = append(missing, w.rel)
					}
				}
				if len(missing) > 0 {
					t.Errorf("%s does not link to %d moment/feedback/ending pages: %s", scripts[0].rel, len(missing), strings.Join(missing, ", "))
				}
			}

			data := filepath.Join(s.dir, "js", "scenarios", sc.ID.Value+".js")
			b, err := os.ReadFile(data)
			if err != nil {
				t.Errorf("no scenario data script: %v", err)
			} else if !strings.Contains(string(b), `COACHSIM_DATA[`) {
				t.Errorf("js/scenarios/%s.js does not set window.COACHSIM_DATA[...]", sc.ID.Value)
			}
			if pg := s.momentPageQuiet(sc.ID.Value, sc.StartMoment().ID, "moment"); pg != nil {
				found := false
				for _, n := range findAll(pg, func(n *html.Node) bool { return n.Data == "script" && attr(n, "src") != "" }) {
					if tgt, ok := resolve(pg.rel, attr(n, "src")); ok && tgt == "js/scenarios/"+sc.ID.Value+".js" {
						found = true
					}
				}
				if !found {
					t.Errorf("%s does not load js/scenarios/%s.js with a <script src>", pg.rel, sc.ID.Value)
				}
			}
		})
	}
}

// checkDebriefStatic checks an ending page as built: every debrief
// paragraph is there, in order, in an element with data-para (its index);
// a conditional one also has data-if (the condition) and a note saying on
// which paths it applies, for readers without JavaScript.
func checkDebriefStatic(t *testing.T, pg *page, m *scenario.Moment) {
	t.Helper()
	paras := findAll(pg, func(n *html.Node) bool { return hasAttr(n, "data-para") })
	if len(paras) != len(m.Ending.Debrief) {
		t.Errorf("%s: %d debrief paragraphs (data-para), want %d", pg.rel, len(paras), len(m.Ending.Debrief))
		return
	}
	for i, para := range m.Ending.Debrief {
		n := paras[i]
		if attr(n, "data-para") != strconv.Itoa(i) {
			t.Errorf("%s: debrief paragraph %d has data-para=%q", pg.rel, i, attr(n, "data-para"))
		}
		text := textOf(n)
		if !hasWords(text, para.Text.Value, 12) {
			t.Errorf("%s: debrief paragraph %d is not on the page (looked for %q)", pg.rel, i, firstWords(para.Text.Value, 12))
		}
		notes := 0
		walk(n, func(c *html.Node) {
			if c.Type == html.ElementNode && attr(c, "data-js") == "if-note" {
				notes++
			}
		})
		switch {
		case para.Cond == nil && (hasAttr(n, "data-if") || notes > 0):
			t.Errorf("%s: debrief paragraph %d has no condition but is marked as conditional", pg.rel, i)
		case para.Cond != nil && attr(n, "data-if") != para.Cond.String():
			t.Errorf("%s: debrief paragraph %d has data-if=%q, want %q", pg.rel, i, attr(n, "data-if"), para.Cond.String())
		case para.Cond != nil && (notes != 1 || !strings.HasPrefix(text, "On paths where ") && !strings.HasPrefix(text, "On some paths:")):
			t.Errorf("%s: conditional debrief paragraph %d does not start with a note \"On paths where ...:\" or \"On some paths:\" (%q)", pg.rel, i, text)
		case para.Cond != nil && strings.HasPrefix(text, "On paths where ") && (strings.Contains(text, "flag") || strings.Contains(text, "visit")):
			t.Errorf("%s: conditional debrief paragraph %d names the author's flags or moments to trainees (%q)", pg.rel, i, text)
		}
	}
}

// checkFeedbackPage checks one feedback page against its choice.
func checkFeedbackPage(t *testing.T, s *siteInfo, sc *scenario.Scenario, m *scenario.Moment, c *scenario.Choice, fb *page) {
	t.Helper()
	text := textOf(fb.doc)
	needWords(t, fb, "the response", c.Response.Value, text)
	needWords(t, fb, "the feedback", c.Feedback.Value, text)
	if d := firstRole(fb, "delta"); d == nil {
		t.Errorf("%s: no element with data-role=\"delta\"", fb.rel)
	} else {
		checkDelta(t, fb.rel, attr(d, "data-trust"), attr(d, "data-accountability"), c)
	}
	if !strings.Contains(text, c.Level.Value.Label()) && !strings.Contains(strings.ToLower(text), strings.ToLower(string(c.Level.Value))) {
		t.Errorf("%s: the level %q is not shown", fb.rel, c.Level.Value.Label())
	}
	if !strings.Contains(text, c.Fit.Value.Label()) {
		t.Errorf("%s: the fit %q is not shown", fb.rel, c.Fit.Value.Label())
	}
	for _, name := range append(scenario.Values(c.Honours), scenario.Values(c.Breaks)...) {
		if tag, ok := scenario.LookupTag(name); ok && !strings.Contains(text, tag.Label) {
			t.Errorf("%s: the honoured or broken %s %q is not shown", fb.rel, tag.Kind, tag.Label)
		}
	}
	if c.Lesson.Value != "" {
		if l := firstRole(fb, "lesson"); l == nil {
			t.Errorf("%s: the choice names lesson %q but the page has no data-role=\"lesson\" link", fb.rel, c.Lesson.Value)
		} else if lp := s.target(fb, l); lp == nil || lp.body["data-page"] != "lesson" {
			t.Errorf("%s: the lesson link %q leads to %s, want a lesson page", fb.rel, attr(l, "href"), bodyDesc(lp))
		}
	}
	cont := firstRole(fb, "continue")
	if cont == nil {
		t.Errorf("%s: no <a data-role=\"continue\">", fb.rel)
		return
	}
	next := sc.Moment(c.Default())
	np := s.target(fb, cont)
	if next == nil || np == nil || np.body["data-moment"] != next.ID || np.body["data-scenario"] != sc.ID.Value {
		t.Errorf("%s: continue links to %q (%s), want the default route's page %q", fb.rel, attr(cont, "href"), bodyDesc(np), c.Default())
	}
}

// checkDelta compares the signed effect attributes with the choice.
func checkDelta(t *testing.T, where, dt, da string, c *scenario.Choice) {
	t.Helper()
	for _, ax := range []struct {
		name, got string
		want      int
	}{{"data-trust", dt, c.Trust.Value}, {"data-accountability", da, c.Accountability.Value}} {
		n, err := strconv.Atoi(ax.got)
		if err != nil {
			t.Errorf("%s: delta %s=%q is not an integer", where, ax.name, ax.got)
			continue
		}
		if n != ax.want {
			t.Errorf("%s: delta %s=%q, want %+d", where, ax.name, ax.got, ax.want)
		}
		if n > 0 && !strings.HasPrefix(ax.got, "+") {
			t.Errorf("%s: delta %s=%q, the contract asks for a signed integer (%+d)", where, ax.name, ax.got, n)
		}
	}
}

// momentPage returns the one page of a moment (kind "moment" or "ending").
func (s *siteInfo) momentPage(t *testing.T, id, mid, kind string) *page {
	t.Helper()
	ps := s.find("page", kind, "scenario", id, "moment", mid)
	if len(ps) != 1 {
		t.Errorf("want one page with data-page=%q data-scenario=%q data-moment=%q, found %d", kind, id, mid, len(ps))
		return nil
	}
	return ps[0]
}

func (s *siteInfo) momentPageQuiet(id, mid, kind string) *page {
	ps := s.find("page", kind, "scenario", id, "moment", mid)
	if len(ps) != 1 {
		return nil
	}
	return ps[0]
}

// target returns the page an element's href leads to, or nil.
func (s *siteInfo) target(from *page, n *html.Node) *page {
	if from == nil || n == nil {
		return nil
	}
	href := attr(n, "href")
	if href == "" || strings.HasPrefix(href, "#") || schemeRE.MatchString(href) || strings.HasPrefix(href, "/") {
		return nil
	}
	rel, ok := resolve(from.rel, href)
	if !ok {
		return nil
	}
	return s.pages[rel]
}

// findAll returns the element nodes of a page that match.
func findAll(pg *page, match func(*html.Node) bool) []*html.Node {
	var out []*html.Node
	if pg == nil {
		return nil
	}
	walk(pg.doc, func(n *html.Node) {
		if n.Type == html.ElementNode && match(n) {
			out = append(out, n)
		}
	})
	return out
}

// firstRole returns the first element with the given data-role.
func firstRole(pg *page, role string) *html.Node {
	ns := findAll(pg, func(n *html.Node) bool { return attr(n, "data-role") == role })
	if len(ns) == 0 {
		return nil
	}
	return ns[0]
}

var (
	wordRE   = regexp.MustCompile(`[\p{L}\p{N}]+`)
	mdLinkRE = regexp.MustCompile(`\]\([^)]*\)|<[^>]*>`)
)

// words returns the lower-case words of a text, with Markdown link targets
// and raw HTML tags removed, so Markdown source can be compared with the
// rendered page.
func words(s string) []string {
	s = mdLinkRE.ReplaceAllString(s, " ")
	return wordRE.FindAllString(strings.ToLower(s), -1)
}

// hasWords reports whether the first n words of needle appear, in order and
// next to each other, in hay.
func hasWords(hay, needle string, n int) bool {
	nw := words(needle)
	if len(nw) > n {
		nw = nw[:n]
	}
	if len(nw) == 0 {
		return true
	}
	hw := " " + strings.Join(words(hay), " ") + " "
	return strings.Contains(hw, " "+strings.Join(nw, " ")+" ")
}

func needWords(t *testing.T, pg *page, what, markdown, text string) {
	t.Helper()
	if !hasWords(text, markdown, 12) {
		t.Errorf("%s: %s is not on the page (looked for %q)", pg.rel, what, firstWords(markdown, 12))
	}
}

func firstWords(s string, n int) string {
	w := words(s)
	if len(w) > n {
		w = w[:n]
	}
	return strings.Join(w, " ")
}

var _ = fmt.Sprint
