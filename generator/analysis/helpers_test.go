package analysis

import (
	"strconv"
	"strings"
	"testing"

	"coachsim/generator/scenario"
)

// Terse builders for hand-made scenarios. A route is written "to" for the
// default or "CONDITION -> to" for a conditional one; build parses them.

// mom is a decision moment.
func mom(id string, choices ...*scenario.Choice) *scenario.Moment {
	return &scenario.Moment{ID: id, Client: "Client speaks at " + id + ".", Choices: choices}
}

// end is an ending moment.
func end(id, title string) *scenario.Moment {
	return &scenario.Moment{ID: id, Client: "It ends.", Ending: &scenario.Ending{Title: title, Debrief: []scenario.Paragraph{{Text: "Debrief."}}}}
}

// ch is a choice with effect (dt, da) and the given routes, in order.
func ch(dt, da int, routes ...string) *scenario.Choice {
	c := &scenario.Choice{Response: "go", Trust: dt, Accountability: da, Level: scenario.None, Fit: scenario.Fits}
	for _, r := range routes {
		if cond, to, ok := strings.Cut(r, " -> "); ok {
			c.Next = append(c.Next, scenario.Route{CondSrc: cond, To: to})
		} else {
			c.Next = append(c.Next, scenario.Route{To: r})
		}
	}
	return c
}

// say sets a choice's response text.
func say(c *scenario.Choice, response string) *scenario.Choice {
	c.Response = response
	return c
}

// build assembles a scenario starting at the first moment from (t, a),
// numbering moments and choices and parsing route conditions.
func build(t testing.TB, t0, a0 int, ms ...*scenario.Moment) *scenario.Scenario {
	t.Helper()
	s := &scenario.Scenario{ID: "test", Title: "Test", Initial: scenario.Position{Trust: t0, Accountability: a0}, Moments: ms}
	for i, m := range ms {
		if m == nil {
			continue
		}
		m.Index = i
		for j, c := range m.Choices {
			if c == nil {
				continue
			}
			c.Index = j
			for k := range c.Next {
				r := &c.Next[k]
				if r.CondSrc == "" {
					continue
				}
				cond, err := scenario.ParseCond(r.CondSrc)
				if err != nil {
					t.Fatalf("moment %s choice %d: condition %q: %v", m.ID, j, r.CondSrc, err)
				}
				r.Cond = cond
			}
		}
		if m.Ending != nil {
			for k := range m.Ending.Debrief {
				p := &m.Ending.Debrief[k]
				if p.IfSrc == "" {
					continue
				}
				cond, err := scenario.ParseCond(p.IfSrc)
				if err != nil {
					t.Fatalf("ending %s paragraph %d: condition %q: %v", m.ID, k, p.IfSrc, err)
				}
				p.If = cond
			}
		}
	}
	s.Index()
	return s
}

// analyze runs Analyze and fails the test on error.
func analyze(t testing.TB, s *scenario.Scenario) *Result {
	t.Helper()
	r, err := Analyze(s, Options{})
	if err != nil {
		t.Fatalf("Analyze: %v", err)
	}
	return r
}

// ending returns the EndingInfo for a moment id.
func ending(t testing.TB, r *Result, id string) EndingInfo {
	t.Helper()
	for _, e := range r.Endings {
		if e.Moment == id {
			return e
		}
	}
	t.Fatalf("no ending %q in result", id)
	return EndingInfo{}
}

func pos(t, a int) scenario.Position { return scenario.Position{Trust: t, Accountability: a} }

// stepsString renders a path compactly, "m0 c1 (1, 0) -> m1 | ...", for
// readable comparisons.
func stepsString(p Path) string {
	var parts []string
	for _, s := range p.Steps {
		parts = append(parts, s.Moment+" c"+strconv.Itoa(s.Choice)+" "+posString(s.After)+" -> "+s.Next)
	}
	return strings.Join(parts, " | ")
}

// sets makes a choice set flags.
func sets(c *scenario.Choice, flags ...string) *scenario.Choice {
	c.Sets = flags
	return c
}

// paragraphs gives an ending debrief paragraphs, "CONDITION -> text" for a
// conditional one; build parses the conditions.
func paragraphs(m *scenario.Moment, ps ...string) *scenario.Moment {
	m.Ending.Debrief = nil
	for _, p := range ps {
		if cond, text, ok := strings.Cut(p, " -> "); ok {
			m.Ending.Debrief = append(m.Ending.Debrief, scenario.Paragraph{Text: text, IfSrc: cond})
		} else {
			m.Ending.Debrief = append(m.Ending.Debrief, scenario.Paragraph{Text: p})
		}
	}
	return m
}
