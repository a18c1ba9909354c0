// Package diagram holds a scenario's map: the picture of its branches, with
// moments as nodes and choices as edges, and its renderings as Graphviz DOT,
// Mermaid, SVG (laid out by Graphviz's dot) and a nested list, the text
// alternative for screen readers and pages without JavaScript.
//
// Build turns a checked scenario, its analysis and its shown orders into a
// Map; the writers turn a Map into text. Only SVG runs a layout engine.
package diagram

import (
	"fmt"
	"strconv"
	"strings"

	"coachsim/generator/analysis"
	"coachsim/generator/scenario"
)

// Map is a scenario's branch picture, independent of any output format.
type Map struct {
	// ID and Title name the scenario.
	ID, Title string
	// Start is the id of the first moment ("" when the scenario has none).
	Start string
	// Nodes are the moments, in file order.
	Nodes []Node
	// Edges are the routes of every choice, by moment in file order, then
	// by shown position, then by route.
	Edges []Edge
	// Script is the address of the script page the nodes link to.
	Script string
}

// Kind says what a moment is on the map.
type Kind int

// The kinds of node.
const (
	// Decision is a moment with two or more choices.
	Decision Kind = iota
	// Passage is a moment with a single choice: the trainee only goes on.
	Passage
	// Ending is a moment that ends the scenario.
	Ending
)

// Node is one moment.
type Node struct {
	ID string
	// Title is the moment's title for the trainee, "" when it has none.
	Title string
	Kind  Kind
	// Start marks the first moment.
	Start bool
	// Reachable is false for a moment no path from the start leads to.
	Reachable bool
	// EndingTitle is the ending's title (endings only).
	EndingTitle string
	// Quadrants are where the ending can be reached, best first (endings
	// only; empty when it cannot be reached).
	Quadrants []scenario.Quadrant
	// Href links to the moment on the script page.
	Href string
}

// Effect sorts a choice by what it does to the two axes, which is what
// colours its edges.
type Effect int

// The effects.
const (
	// Builds: neither axis falls and at least one rises.
	Builds Effect = iota
	// Mixed: one axis rises and the other falls.
	Mixed
	// Costs: neither axis rises and at least one falls.
	Costs
	// Neutral: neither axis moves.
	Neutral
)

// Effects lists the effects in the order a legend shows them.
var Effects = []Effect{Builds, Mixed, Costs, Neutral}

// EffectOf classifies a change of trust and accountability.
func EffectOf(trust, accountability int) Effect {
	switch {
	case trust == 0 && accountability == 0:
		return Neutral
	case trust >= 0 && accountability >= 0:
		return Builds
	case trust <= 0 && accountability <= 0:
		return Costs
	}
	return Mixed
}

// String names the effect for a legend.
func (e Effect) String() string {
	switch e {
	case Builds:
		return "builds (nothing falls)"
	case Mixed:
		return "mixed (one axis rises, the other falls)"
	case Costs:
		return "costs (nothing rises)"
	}
	return "neutral (no change)"
}

// Colour is the effect's colour on the map, as #rrggbb. The colours are
// Paul Tol's "vibrant" blue, teal and red, chosen to stay apart for
// readers with any common colour-vision deficiency, and a dark grey; every
// one has at least 3:1 contrast on white (WCAG 1.4.11, graphical objects;
// a test measures it). Colour is never the only cue: each edge's label
// gives the effect in numbers.
func (e Effect) Colour() string {
	switch e {
	case Builds:
		return "#0077bb" // 4.7:1
	case Mixed:
		return "#007f73" // Tol's teal #009988 darkened to 4.9:1, so labels in it read as text too
	case Costs:
		return "#cc3311" // 5.1:1
	}
	return "#595959" // 7.0:1
}

// Edge is one route of one choice.
type Edge struct {
	From, To string
	// Option is the position the trainee sees the choice at, from 1: the
	// shown order, not the authored index.
	Option int
	// Choice is the authored index of the choice and Route the index of
	// the route in its next.
	Choice, Route int
	// Trust and Accountability are the choice's effect.
	Trust, Accountability int
	Effect                Effect
	// Cond is the route's condition in words; "" for a default route.
	Cond string
	// Branches reports that the choice has more than one route: then the
	// default route is the "otherwise".
	Branches bool
	// Untaken reports a route that no reachable state takes.
	Untaken bool
}

// Conditional reports whether the edge is taken only when its condition
// holds.
func (e Edge) Conditional() bool { return e.Cond != "" }

// Options tunes Build.
type Options struct {
	// Script is the address of the script page the nodes link to,
	// relative to the page showing the map; "" means "script.html".
	Script string
}

// Build makes the map of s from its analysis a and its shown orders (as
// scenario.ShownOrders returns them). a may be nil, for a scenario that
// could not be analysed: then every moment counts as reachable and endings
// carry no quadrants. Routes to moments that do not exist are left out
// (the checker reports them).
func Build(s *scenario.Scenario, a *analysis.Result, orders map[string][]int, opt Options) *Map {
	if opt.Script == "" {
		opt.Script = "script.html"
	}
	m := &Map{ID: s.ID.Value, Title: s.Title.Value, Script: opt.Script}
	if st := s.StartMoment(); st != nil {
		m.Start = st.ID
	}
	quads := map[string][]scenario.Quadrant{}
	untaken := map[[3]string]bool{}
	if a != nil {
		for _, e := range a.Endings {
			quads[e.Moment] = e.Quadrants
		}
		for _, u := range a.Untaken {
			untaken[[3]string{u.Moment, strconv.Itoa(u.Choice), strconv.Itoa(u.Route)}] = true
		}
	}
	seen := map[string]bool{}
	for _, mo := range s.Moments {
		if mo == nil || seen[mo.ID] {
			continue // a duplicate id: the checker reports it, and it cannot be reached
		}
		seen[mo.ID] = true
		n := Node{ID: mo.ID, Title: mo.Title.Value, Start: mo.ID == m.Start,
			Reachable: a == nil || a.Reachable[mo.ID], Href: opt.Script + "#m-" + mo.ID}
		switch {
		case mo.IsEnding():
			n.Kind, n.EndingTitle, n.Quadrants = Ending, mo.Ending.Title.Value, quads[mo.ID]
		case len(mo.Choices) == 1:
			n.Kind = Passage
		}
		m.Nodes = append(m.Nodes, n)
		if mo.IsEnding() {
			continue
		}
		for k, ci := range scenario.Shown(orders, mo) {
			c := mo.Choices[ci]
			if c == nil {
				continue
			}
			for ri, r := range c.Next {
				if s.Moment(r.To.Value) == nil {
					continue
				}
				e := Edge{From: mo.ID, To: r.To.Value, Option: k + 1, Choice: ci, Route: ri,
					Trust: c.Trust.Value, Accountability: c.Accountability.Value,
					Effect:   EffectOf(c.Trust.Value, c.Accountability.Value),
					Branches: len(c.Next) > 1,
					Untaken:  untaken[[3]string{mo.ID, strconv.Itoa(ci), strconv.Itoa(ri)}]}
				if r.Cond != nil {
					e.Cond = CondWords(r.Cond)
				}
				m.Edges = append(m.Edges, e)
			}
		}
	}
	return m
}

// Node returns the node with the given id, or nil.
func (m *Map) Node(id string) *Node {
	for i := range m.Nodes {
		if m.Nodes[i].ID == id {
			return &m.Nodes[i]
		}
	}
	return nil
}

// CondWords says a condition in words, as a supervisor reads it: "trust
// is at least 2 and named-the-pattern is set, or the path went through
// gerald". "and" binds tighter than "or", which the commas show.
func CondWords(c *scenario.Cond) string {
	if c == nil {
		return ""
	}
	ors := make([]string, 0, len(c.Any))
	for _, all := range c.Any {
		ands := make([]string, 0, len(all))
		for _, t := range all {
			ands = append(ands, termWords(t))
		}
		ors = append(ors, strings.Join(ands, " and "))
	}
	return strings.Join(ors, ", or ")
}

func termWords(t scenario.Term) string {
	switch t.Kind {
	case scenario.FlagSet:
		if t.Not {
			return t.Name + " is not set"
		}
		return t.Name + " is set"
	case scenario.Visit:
		if t.Not {
			return "the path did not go through " + t.Name
		}
		return "the path went through " + t.Name
	}
	op := map[string]string{"<": "below", "<=": "at most", ">": "above", ">=": "at least", "==": "exactly", "!=": "not"}[t.Op]
	return fmt.Sprintf("%s is %s %s", t.Axis, op, num(t.Value))
}

// num writes a whole number as the site does, below zero with a true
// minus sign (U+2212), not a hyphen.
func num(n int) string {
	if n < 0 {
		return fmt.Sprintf("−%d", -n)
	}
	return fmt.Sprintf("%d", n)
}

// signed writes a change as the site does (num.html): "+1", "0", "−2".
func signed(n int) string {
	if n > 0 {
		return fmt.Sprintf("+%d", n)
	}
	return num(n)
}

// effectText gives a choice's effect in short form: "T+1 A−2".
func effectText(trust, accountability int) string {
	return "T" + signed(trust) + " A" + signed(accountability)
}

// effectWords gives a choice's effect in words: "trust +1, accountability −2".
func effectWords(trust, accountability int) string {
	return "trust " + signed(trust) + ", accountability " + signed(accountability)
}

// routeWords says when the edge is taken: "if ...", "otherwise", or "".
func (e Edge) routeWords() string {
	switch {
	case e.Cond != "":
		return "if " + e.Cond
	case e.Branches:
		return "otherwise"
	}
	return ""
}

// quadrantShort names a quadrant in one word, for node labels.
func quadrantShort(q scenario.Quadrant) string {
	switch q {
	case scenario.Transformational:
		return "Transformational"
	case scenario.Compliance:
		return "Compliance"
	case scenario.Stagnation:
		return "Stagnation"
	}
	return "Ineffective"
}

// quadrantList names quadrants in one word each, joined by sep.
func quadrantList(qs []scenario.Quadrant, sep string) string {
	parts := make([]string, len(qs))
	for i, q := range qs {
		parts[i] = quadrantShort(q)
	}
	return strings.Join(parts, sep)
}

// wrap breaks text into lines of at most width characters, at spaces.
func wrap(text string, width int) []string {
	var lines []string
	var line strings.Builder
	for _, w := range strings.Fields(text) {
		if line.Len() > 0 && len([]rune(line.String()))+1+len([]rune(w)) > width {
			lines = append(lines, line.String())
			line.Reset()
		}
		if line.Len() > 0 {
			line.WriteByte(' ')
		}
		line.WriteString(w)
	}
	if line.Len() > 0 {
		lines = append(lines, line.String())
	}
	return lines
}

// shorten cuts text to at most n characters, ending with an ellipsis.
func shorten(text string, n int) string {
	r := []rune(strings.Join(strings.Fields(text), " "))
	if len(r) <= n {
		return string(r)
	}
	return strings.TrimRight(string(r[:n-1]), " ") + "…"
}

// nodeLines is what a node's label says, line by line.
func (n Node) nodeLines() []string {
	lines := []string{n.ID}
	if n.Title != "" {
		lines = append(lines, wrap(shorten(n.Title, 48), 26)...)
	}
	if n.Kind == Ending {
		lines = append(lines, wrap("ending: "+shorten(n.EndingTitle, 60), 26)...)
		if len(n.Quadrants) > 0 {
			lines = append(lines, wrap("reached in: "+quadrantList(n.Quadrants, ", "), 30)...)
		}
	}
	if !n.Reachable {
		lines = append(lines, "UNREACHABLE")
	}
	return lines
}

// edgeLines is what an edge's label says, line by line: the shown option
// and its effect, then when the route is taken.
func (e Edge) edgeLines() []string {
	lines := []string{fmt.Sprintf("%d: %s", e.Option, effectText(e.Trust, e.Accountability))}
	if w := e.routeWords(); w != "" {
		lines = append(lines, wrap(w, 28)...)
	}
	if e.Untaken {
		lines = append(lines, "(never taken)")
	}
	return lines
}
