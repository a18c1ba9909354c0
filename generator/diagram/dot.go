package diagram

import (
	"fmt"
	"html"
	"io"
	"slices"
	"strings"
)

// The map's look, shared by DOT and SVG (which is laid out from the DOT).
const (
	// font is a font every system has, so the SVG needs no web font;
	// Graphviz knows Helvetica's metrics, so labels fit their boxes.
	font = "Helvetica"
	// startID is the start marker's node: moment ids follow the id rule,
	// which has no underscore, so it cannot clash with a moment.
	startID = "_start"
	// greyText is the colour of an unreachable moment's text and border:
	// 4.5:1 on white, readable as text.
	greyText = "#767676"
	// endingFill is the background of endings; black text on it has
	// 18:1 contrast.
	endingFill = "#eeeeee"
	// condText is the colour of a condition under its options: 10:1.
	condText = "#404040"
)

// WriteDOT writes the map as a Graphviz digraph. Moments are boxes
// (endings rounded and shaded, unreachable ones dashed and grey), each
// linking to the moment on the script page; a choice's routes are arrows
// labelled with the option's shown number and effect, coloured by effect,
// dashed when conditional (with the condition in words), dotted when no
// path takes them. Routes between the same two moments drawn alike share
// one arrow, with a line per option.
func WriteDOT(w io.Writer, m *Map) error {
	var b strings.Builder
	fmt.Fprintf(&b, "digraph %s {\n", dotID(m.ID))
	fmt.Fprintf(&b, "  label=%s;\n  labelloc=t;\n", dotString("Map of "+m.Title))
	fmt.Fprintf(&b, "  rankdir=TB;\n  nodesep=0.3;\n  ranksep=0.45;\n")
	fmt.Fprintf(&b, "  fontname=%s;\n", dotString(font))
	fmt.Fprintf(&b, "  node [shape=box, style=\"rounded\", fontname=%s, fontsize=11, margin=\"0.12,0.06\"];\n", dotString(font))
	fmt.Fprintf(&b, "  edge [fontname=%s, fontsize=9, arrowsize=0.7];\n", dotString(font))
	if m.Start != "" {
		fmt.Fprintf(&b, "  %s [label=\"start\", shape=circle, style=filled, fillcolor=black, fontcolor=white, fontsize=9, width=0.5, fixedsize=true];\n", dotID(startID))
		fmt.Fprintf(&b, "  %s -> %s [penwidth=2];\n", dotID(startID), dotID(m.Start))
	}
	for _, n := range m.Nodes {
		attrs := []string{
			"label=" + dotLines(n.nodeLines()),
			"URL=" + dotString(n.Href),
			"tooltip=" + dotString(n.tooltip()),
			"id=" + dotString("node-"+n.ID),
		}
		style := []string{"rounded"}
		switch n.Kind {
		case Ending:
			style = append(style, "filled")
			attrs = append(attrs, "fillcolor="+dotString(endingFill), "peripheries=2")
		case Passage:
			style = nil // a square box: nothing to decide here
		}
		if n.Start {
			attrs = append(attrs, "penwidth=2")
		}
		if !n.Reachable {
			style = append(style, "dashed")
			attrs = append(attrs, "color="+dotString(greyText), "fontcolor="+dotString(greyText))
		}
		attrs = append(attrs, "style="+dotString(strings.Join(style, ",")))
		fmt.Fprintf(&b, "  %s [%s];\n", dotID(n.ID), strings.Join(attrs, ", "))
	}
	// Routes between the same two moments drawn the same way are one
	// arrow, with a line per option in its colour: far fewer arrows to
	// follow in a large scenario, and each label still reads on its own.
	for _, g := range groupEdges(m.Edges) {
		colours := make([]string, 0, len(g))
		lines := make([]string, 0, len(g))
		tips := make([]string, 0, len(g))
		// Options taken under the same condition share its words, said
		// once after them.
		var conds []string
		byCond := map[string][]Edge{}
		for _, e := range g {
			c := e.Effect.Colour()
			if !slices.Contains(colours, c) {
				colours = append(colours, c)
			}
			w := e.routeWords()
			if e.Untaken {
				w += " (never taken)"
			}
			if _, ok := byCond[w]; !ok {
				conds = append(conds, w)
			}
			byCond[w] = append(byCond[w], e)
			tips = append(tips, e.tooltip())
		}
		for _, w := range conds {
			for _, e := range byCond[w] {
				lines = append(lines, fmt.Sprintf(`<font color="%s">%d: %s</font>`, e.Effect.Colour(), e.Option, effectText(e.Trust, e.Accountability)))
			}
			for _, l := range wrap(w, 28) {
				lines = append(lines, fmt.Sprintf(`<font color="%s">%s</font>`, condText, html.EscapeString(l)))
			}
		}
		e := g[0]
		attrs := []string{
			"label=<" + strings.Join(lines, "<br/>") + ">",
			// Several colours draw parallel lines, one per effect.
			"color=" + dotString(strings.Join(colours, ":")),
			"tooltip=" + dotString(strings.Join(tips, "; ")),
			"id=" + dotString(fmt.Sprintf("edge-%s-%s-%s", e.From, e.To, e.drawn())),
		}
		switch e.drawn() {
		case "untaken":
			attrs = append(attrs, "style=dotted")
		case "conditional":
			attrs = append(attrs, "style=dashed")
		default:
			attrs = append(attrs, "penwidth=1.5")
		}
		fmt.Fprintf(&b, "  %s -> %s [%s];\n", dotID(e.From), dotID(e.To), strings.Join(attrs, ", "))
	}
	b.WriteString("}\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// drawn says how the edge's line is drawn.
func (e Edge) drawn() string {
	switch {
	case e.Untaken:
		return "untaken"
	case e.Conditional():
		return "conditional"
	}
	return "default"
}

// groupEdges gathers the edges between the same two moments drawn the
// same way, in the order of their first edge.
func groupEdges(edges []Edge) [][]Edge {
	var out [][]Edge
	at := map[[3]string]int{}
	for _, e := range edges {
		k := [3]string{e.From, e.To, e.drawn()}
		i, ok := at[k]
		if !ok {
			i = len(out)
			at[k] = i
			out = append(out, nil)
		}
		out[i] = append(out[i], e)
	}
	return out
}

// tooltip is the node's description in one line, shown on hover.
func (n Node) tooltip() string {
	return strings.Join(n.describe(), "; ")
}

// describe says what the node is, in words, for tooltips and the text
// alternative.
func (n Node) describe() []string {
	var parts []string
	switch n.Kind {
	case Ending:
		parts = append(parts, fmt.Sprintf("ending %q", n.EndingTitle))
		if len(n.Quadrants) > 0 {
			names := make([]string, len(n.Quadrants))
			for i, q := range n.Quadrants {
				names[i] = q.String()
			}
			parts = append(parts, "reached in "+strings.Join(names, ", "))
		} else {
			parts = append(parts, "reached on no path")
		}
	case Passage:
		parts = append(parts, "one choice")
	default:
		parts = append(parts, "decision")
	}
	if n.Title != "" {
		parts = append([]string{fmt.Sprintf("%q", n.Title)}, parts...)
	}
	parts = append([]string{n.ID}, parts...)
	if n.Start {
		parts = append(parts, "the start")
	}
	if !n.Reachable {
		parts = append(parts, "unreachable: no path from the start leads here")
	}
	return parts
}

// tooltip is the edge's description in one line.
func (e Edge) tooltip() string {
	s := fmt.Sprintf("option %d at %s: %s, to %s", e.Option, e.From, effectWords(e.Trust, e.Accountability), e.To)
	if w := e.routeWords(); w != "" {
		s += " " + w
	}
	if e.Untaken {
		s += " (never taken)"
	}
	return s
}

// dotID quotes a node or graph id.
func dotID(s string) string { return dotString(s) }

// dotString quotes s as a DOT string. Backslashes are doubled, as Graphviz
// reads \N, \G, \l and the like as escapes in labels.
func dotString(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`, "\r", "")
	return `"` + r.Replace(s) + `"`
}

// dotLines quotes lines as one centred DOT label.
func dotLines(lines []string) string {
	q := make([]string, len(lines))
	for i, l := range lines {
		q[i] = strings.TrimSuffix(strings.TrimPrefix(dotString(l), `"`), `"`)
	}
	return `"` + strings.Join(q, `\n`) + `"`
}
