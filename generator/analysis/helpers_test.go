package analysis

import (
	"strconv"
	"strings"
	"testing"

	"coachsim/generator/render"
	"coachsim/generator/scenario"
)

// Terse builders for hand-made scenarios. A route is written "to" for the
// default or "CONDITION -> to" for a conditional one; build parses them.

// mom is a decision moment.
func mom(id string, choices ...*scenario.Choice) *scenario.Moment {
	return &scenario.Moment{ID: id, Client: scenario.Text{Value: "Client speaks at " + id + "."}, Choices: choices}
}

// end is an ending moment.
func end(id, title string) *scenario.Moment {
	return &scenario.Moment{ID: id, Client: scenario.Text{Value: "It ends."}, Ending: &scenario.Ending{Title: scenario.Text{Value: title}, Debrief: []scenario.Paragraph{{Text: scenario.Text{Value: "Debrief."}}}}}
}

// ch is a choice with effect (dt, da) and the given routes, in order.
func ch(dt, da int, routes ...string) *scenario.Choice {
	c := &scenario.Choice{Response: scenario.Text{Value: "go"}, Trust: scenario.Field[int]{Value: dt}, Accountability: scenario.Field[int]{Value: da}, Level: scenario.Field[scenario.Level]{Value: scenario.None}, Fit: scenario.Field[scenario.Fit]{Value: scenario.Fits}}
	for _, r := range routes {
		if cond, to, ok := strings.Cut(r, " -> "); ok {
			c.Next = append(c.Next, scenario.Route{Condition: scenario.Condition{CondSrc: scenario.Text{Value: cond}}, To: scenario.Text{Value: to}})
		} else {
			c.Next = append(c.Next, scenario.Route{To: scenario.Text{Value: r}})
		}
	}
	return c
}

// say sets a choice's response text.
func say(c *scenario.Choice, response string) *scenario.Choice {
	c.Response.Value = response
	return c
}

// build assembles a scenario starting at the first moment from (t, a),
// numbering moments and choices and parsing route conditions.
func build(t testing.TB, t0, a0 int, ms ...*scenario.Moment) *scenario.Scenario {
	t.Helper()
	s := &scenario.Scenario{ID: scenario.Text{Value: "test"}, Title: scenario.Text{Value: "Test"}, Initial: scenario.Field[scenario.Position]{Value: scenario.Position{Trust: t0, Accountability: a0}}, Moments: ms}
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
				if r.CondSrc.Value == "" {
					continue
				}
				cond, err := scenario.ParseCond(r.CondSrc.Value)
				if err != nil {
					t.Fatalf("moment %s choice %d: condition %q: %v", m.ID, j, r.CondSrc.Value, err)
				}
				r.Cond = cond
			}
		}
		if m.Ending != nil {
			for k := range m.Ending.Debrief {
				p := &m.Ending.Debrief[k]
				if p.CondSrc.Value == "" {
					continue
				}
				cond, err := scenario.ParseCond(p.CondSrc.Value)
				if err != nil {
					t.Fatalf("ending %s paragraph %d: condition %q: %v", m.ID, k, p.CondSrc.Value, err)
				}
				p.Cond = cond
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
	for _, f := range flags {
		c.Sets = append(c.Sets, scenario.Text{Value: f})
	}
	return c
}

// paragraphs gives an ending debrief paragraphs, "CONDITION -> text" for a
// conditional one; build parses the conditions.
func paragraphs(m *scenario.Moment, ps ...string) *scenario.Moment {
	m.Ending.Debrief = nil
	for _, p := range ps {
		if cond, text, ok := strings.Cut(p, " -> "); ok {
			m.Ending.Debrief = append(m.Ending.Debrief, scenario.Paragraph{Text: scenario.Text{Value: text}, Condition: scenario.Condition{CondSrc: scenario.Text{Value: cond}}})
		} else {
			m.Ending.Debrief = append(m.Ending.Debrief, scenario.Paragraph{Text: scenario.Text{Value: p}})
		}
	}
	return m
}

// testPlain reads Markdown as the site shows it, as the check and report
// commands pass it.
var testPlain = render.New().Text
