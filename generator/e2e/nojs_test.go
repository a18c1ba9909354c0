package e2e

import (
	"fmt"
	"strings"
	"testing"

	"coachsim/generator/analysis"
	"coachsim/generator/scenario"
)

// defaultWalk is the play-through a trainee without JavaScript gets when
// taking choice first at the start and choice 0 everywhere after: every
// choice follows its default route. It reports an error when the walk goes
// round a loop and never ends.
func defaultWalk(sc *scenario.Scenario, first int) ([]analysis.Step, string, error) {
	m := sc.StartMoment()
	var steps []analysis.Step
	seen := map[string]bool{}
	for ci := first; !m.IsEnding(); ci = 0 {
		if seen[m.ID] {
			return steps, "", fmt.Errorf("with JavaScript off, choice %d then choice 0 loops back to %q and never reaches an ending", first, m.ID)
		}
		seen[m.ID] = true
		c := m.Choices[ci]
		next := sc.Moment(c.Default())
		if next == nil {
			return steps, "", fmt.Errorf("the default route of choice %d at %q leads to %q, which does not exist", ci, m.ID, c.Default())
		}
		steps = append(steps, analysis.Step{Moment: m.ID, Choice: ci, Next: next.ID})
		m = next
	}
	return steps, m.ID, nil
}

// TestNoJavaScript plays every scenario with JavaScript disabled: from each
// choice at the first moment, then choice 0, following the default routes
// through the continue links, to an ending; the feedback must be visible on
// every feedback page.
func TestNoJavaScript(t *testing.T) {
	s := needSite(t)
	tb := newTab(t, tabOptions{noJS: true})
	for _, sc := range s.scenarios {
		t.Run(sc.ID.Value, func(t *testing.T) {
			a := s.analyses[sc.ID.Value]
			for first := range sc.StartMoment().Choices {
				steps, ending, err := defaultWalk(sc, first)
				if err != nil {
					t.Error(err)
					continue
				}
				pl := &player{tb: tb, s: s, sc: sc, js: false}
				if err := pl.begin(); err != nil {
					t.Fatal(err)
				}
				if first == 0 {
					st, err := tb.state()
					if err != nil {
						t.Fatal(err)
					}
					if st.Position != nil && st.Position["data-trust"] != "" {
						t.Fatalf("JavaScript seems to run: %s shows a position %v", st.where(), st.Position)
					}
					for _, c := range st.Choices {
						if strings.Contains(c.Href, "#p=") {
							t.Fatalf("JavaScript seems to run: the choice link %q carries a path", c.Href)
						}
					}
				}
				for k, step := range steps {
					if _, err := pl.atMoment(step.Moment, scenario.Position{}); err != nil {
						t.Fatalf("first choice %d, step %d: %v", first, k+1, err)
					}
					if _, err := pl.choose(sc.Moment(step.Moment), step.Choice, scenario.Position{}); err != nil {
						t.Fatalf("first choice %d, step %d: %v", first, k+1, err)
					}
					if err := tb.click(`a[data-role="continue"]`); err != nil {
						t.Fatalf("first choice %d, step %d: %v", first, k+1, err)
					}
				}
				st, err := tb.state()
				if err != nil {
					t.Fatal(err)
				}
				if st.Page != "ending" || st.Moment != ending {
					t.Errorf("first choice %d: ended on %s, want the ending %q", first, st.where(), ending)
					continue
				}
				m := sc.Moment(ending)
				for i, para := range m.Ending.Debrief {
					if !hasWords(st.Text, para.Text.Value, 12) {
						t.Errorf("first choice %d: debrief paragraph %d of %q is not visible without JavaScript", first, i, ending)
					}
				}
				if st.Notes != st.NotesShown {
					t.Errorf("first choice %d: %d of the %d notes on which paths a debrief paragraph applies to are hidden without JavaScript", first, st.Notes-st.NotesShown, st.Notes)
				}
				for _, q := range m.Ending.Reflection {
					if !hasWords(st.Text, q.Value, 12) {
						t.Errorf("first choice %d: the reflection question %q is not visible without JavaScript", first, q)
					}
				}
				if a != nil {
					for _, e := range a.Endings {
						if e.Moment != ending {
							continue
						}
						for _, q := range e.Quadrants {
							if !strings.Contains(strings.ToLower(st.Text), q.Slug()) {
								t.Errorf("first choice %d: the ending %q does not name the quadrant %q it can be reached in", first, ending, q)
							}
						}
					}
				}
				t.Logf("first choice %d: %d choices to %q", first, len(steps), ending)
			}
		})
	}
}
