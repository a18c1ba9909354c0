package diagram

import (
	"fmt"
	"io"
	"strings"
)

// WriteMermaid writes the map as a Mermaid flowchart, which GitHub renders
// in Markdown (a pull request, an issue). Node ids are m0, m1, ... in file
// order rather than moment ids, since Mermaid reserves words such as "end"
// and reads a leading "o" or "x" after a link as an arrowhead; every label
// is quoted and escaped with Mermaid's entity codes.
func WriteMermaid(w io.Writer, m *Map) error {
	var b strings.Builder
	ids := make(map[string]string, len(m.Nodes))
	for i, n := range m.Nodes {
		ids[n.ID] = fmt.Sprintf("m%d", i)
	}
	b.WriteString("flowchart TD\n")
	fmt.Fprintf(&b, "  %%%% Map of %s (%s)\n", mermaidComment(m.Title), m.ID)
	links := 0
	var styles []string
	if m.Start != "" {
		fmt.Fprintf(&b, "  start((\"start\")) ==> %s\n", ids[m.Start])
		links++
	}
	var endings, unreachable []string
	for _, n := range m.Nodes {
		open, close := "[", "]"
		switch n.Kind {
		case Ending:
			open, close = "([", "])"
			endings = append(endings, ids[n.ID])
		case Decision:
			open, close = "(", ")"
		}
		if !n.Reachable {
			unreachable = append(unreachable, ids[n.ID])
		}
		fmt.Fprintf(&b, "  %s%s%s%s\n", ids[n.ID], open, mermaidLabel(n.nodeLines()), close)
	}
	for _, e := range m.Edges {
		arrow := "-->"
		if e.Conditional() || e.Untaken {
			arrow = "-.->"
		}
		fmt.Fprintf(&b, "  %s %s|%s| %s\n", ids[e.From], arrow, mermaidLabel(e.edgeLines()), ids[e.To])
		c := e.Effect.Colour()
		styles = append(styles, fmt.Sprintf("  linkStyle %d stroke:%s,color:%s", links, c, c))
		links++
	}
	b.WriteString("  classDef ending fill:" + endingFill + ",stroke:#333333,stroke-width:2px\n")
	b.WriteString("  classDef unreachable stroke:" + greyText + ",color:" + greyText + ",stroke-dasharray:4 3\n")
	if len(endings) > 0 {
		fmt.Fprintf(&b, "  class %s ending\n", strings.Join(endings, ","))
	}
	if len(unreachable) > 0 {
		fmt.Fprintf(&b, "  class %s unreachable\n", strings.Join(unreachable, ","))
	}
	for _, s := range styles {
		b.WriteString(s + "\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// mermaidLabel quotes lines as one Mermaid label, joined by <br>. Inside
// the quotes, characters Mermaid or its HTML labels would read are written
// as entity codes (#quot; and the like), and "#" itself too, so that text
// can never start an entity.
func mermaidLabel(lines []string) string {
	r := strings.NewReplacer(
		"#", "#35;", `"`, "#quot;", "&", "#amp;", "<", "#lt;", ">", "#gt;",
		"`", "#96;", "|", "#124;", "\n", " ", "\r", "",
	)
	q := make([]string, len(lines))
	for i, l := range lines {
		q[i] = r.Replace(l)
	}
	return `"` + strings.Join(q, "<br>") + `"`
}

// mermaidComment makes text safe on a %% comment line.
func mermaidComment(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
