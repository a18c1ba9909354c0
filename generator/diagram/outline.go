package diagram

import (
	"fmt"
	"io"
	"strings"
)

// Item is one entry of the map's text alternative: a nested list that
// says everything the picture shows, for screen readers and for pages
// without JavaScript.
type Item struct {
	// Text is the entry, plain text.
	Text string `json:"text"`
	// Href, when set, is where the entry's Link text links to: the moment
	// on the script page.
	Href string `json:"href,omitempty"`
	// Link is the part of the entry that links (a moment id), at the
	// start of Text; "" when nothing does.
	Link string `json:"link,omitempty"`
	// Items are the entries under this one.
	Items []Item `json:"items,omitempty"`
}

// Outline returns the map as a nested list: one entry per moment, in file
// order (the start first when it is not), under it one entry per option
// in the order the trainee sees them, and under an option with several
// routes one entry per route.
func (m *Map) Outline() []Item {
	byFrom := map[string][]Edge{}
	for _, e := range m.Edges {
		byFrom[e.From] = append(byFrom[e.From], e)
	}
	var out []Item
	nodes := make([]Node, 0, len(m.Nodes))
	if st := m.Node(m.Start); st != nil {
		nodes = append(nodes, *st)
	}
	for _, n := range m.Nodes {
		if n.ID != m.Start {
			nodes = append(nodes, n)
		}
	}
	for _, n := range nodes {
		it := Item{Text: strings.Join(n.describe(), "; "), Href: n.Href, Link: n.ID}
		edges := byFrom[n.ID]
		for i := 0; i < len(edges); {
			j := i
			for j < len(edges) && edges[j].Choice == edges[i].Choice {
				j++
			}
			e := edges[i]
			opt := Item{Text: fmt.Sprintf("option %d (%s, %s)", e.Option, effectWords(e.Trust, e.Accountability), effectName(e.Effect))}
			if !e.Branches {
				opt.Text += " leads to " + e.To
			} else {
				opt.Text += " leads, depending on the path so far:"
				for _, r := range edges[i:j] {
					t := r.routeWords() + ", to " + r.To
					if r.Untaken {
						t += " (never taken)"
					}
					opt.Items = append(opt.Items, Item{Text: t})
				}
			}
			it.Items = append(it.Items, opt)
			i = j
		}
		out = append(out, it)
	}
	return out
}

// effectName is the effect's short name.
func effectName(e Effect) string {
	name, _, _ := strings.Cut(e.String(), " (")
	return name
}

// WriteOutline writes the outline as a Markdown nested list, which also
// reads as plain text: moment ids link to the script page.
func WriteOutline(w io.Writer, items []Item) error {
	var b strings.Builder
	writeItems(&b, items, 0)
	_, err := io.WriteString(w, b.String())
	return err
}

func writeItems(b *strings.Builder, items []Item, depth int) {
	for _, it := range items {
		b.WriteString(strings.Repeat("  ", depth) + "- ")
		text := it.Text
		if it.Link != "" && it.Href != "" && strings.HasPrefix(text, it.Link) {
			fmt.Fprintf(b, "[%s](%s)", markdownEscape(it.Link), it.Href)
			text = text[len(it.Link):]
		}
		b.WriteString(markdownEscape(text) + "\n")
		writeItems(b, it.Items, depth+1)
	}
}

// markdownEscape backslash-escapes the characters Markdown could read as
// markup in authored text (titles may hold * or _).
func markdownEscape(s string) string {
	var b strings.Builder
	for _, r := range s {
		if strings.ContainsRune("\\`*_[]<>~", r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}
