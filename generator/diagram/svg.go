package diagram

import (
	"bytes"
	"context"
	"fmt"
	"html"
	"regexp"
	"sync"

	"github.com/goccy/go-graphviz"
)

// layoutMu serialises layouts: go-graphviz runs every graph in one shared
// WebAssembly instance, which is not safe for concurrent use. It guards
// laidOut too.
var layoutMu sync.Mutex

// laidOut remembers the last layouts by their DOT text: the live preview
// rebuilds every scenario's map on each edit, and most maps did not change.
var laidOut = map[string][]byte{}

// maxLaidOut bounds laidOut; when full it starts again.
const maxLaidOut = 64

// SVG lays the map out with Graphviz's dot (through go-graphviz, which
// runs Graphviz compiled to WebAssembly, in pure Go) and returns it as an
// SVG document that works offline and inline in HTML: no XML prolog, no
// DOCTYPE (it names a remote DTD), system fonts only, role="img" with an
// aria-label and a <title> first, and each moment a link to the script
// page. It is laid out from exactly the DOT that WriteDOT writes.
func SVG(ctx context.Context, m *Map) ([]byte, error) {
	var dot bytes.Buffer
	if err := WriteDOT(&dot, m); err != nil {
		return nil, err
	}
	layoutMu.Lock()
	defer layoutMu.Unlock()
	if svg, ok := laidOut[dot.String()]; ok {
		return bytes.Clone(svg), nil
	}
	raw, err := layout(ctx, dot.Bytes())
	if err != nil {
		return nil, fmt.Errorf("laying out the map of %s: %w", m.ID, err)
	}
	svg, err := finishSVG(raw, m)
	if err != nil {
		return nil, err
	}
	if len(laidOut) >= maxLaidOut {
		clear(laidOut)
	}
	laidOut[dot.String()] = svg
	return bytes.Clone(svg), nil
}

func layout(ctx context.Context, dot []byte) (_ []byte, err error) {
	gv, err := graphviz.New(ctx)
	if err != nil {
		return nil, err
	}
	defer func() {
		if cerr := gv.Close(); err == nil {
			err = cerr
		}
	}()
	g, err := graphviz.ParseBytes(dot)
	if err != nil {
		return nil, err
	}
	defer func() {
		if cerr := g.Close(); err == nil {
			err = cerr
		}
	}()
	var out bytes.Buffer
	if err := gv.Render(ctx, g, graphviz.SVG, &out); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

var (
	svgProlog  = regexp.MustCompile(`(?s)\A.*?(<svg\b)`)
	svgComment = regexp.MustCompile(`(?s)<!--.*?-->\n?`)
	svgOpen    = regexp.MustCompile(`<svg\b[^>]*>`)
)

// finishSVG makes Graphviz's SVG self-contained and accessible.
func finishSVG(raw []byte, m *Map) ([]byte, error) {
	if !svgOpen.Match(raw) {
		return nil, fmt.Errorf("graphviz wrote no <svg> element for %s", m.ID)
	}
	out := svgProlog.ReplaceAll(raw, []byte("$1"))
	out = svgComment.ReplaceAll(out, nil)
	label := m.Summary()
	open := svgOpen.Find(out)
	attrs := fmt.Sprintf(` role="img" aria-label="%s" class="scenario-map"`, html.EscapeString(label))
	tag := append(append([]byte{}, open[:len(open)-1]...), attrs+">\n<title>"+html.EscapeString("Map of "+m.Title)+"</title>\n<desc>"+html.EscapeString(label)+"</desc>"...)
	out = bytes.Replace(out, open, tag, 1)
	return out, nil
}

// Summary says in one sentence what the map shows, for the SVG's
// aria-label and above the text alternative.
func (m *Map) Summary() string {
	var endings, unreachable int
	for _, n := range m.Nodes {
		if n.Kind == Ending {
			endings++
		}
		if !n.Reachable {
			unreachable++
		}
	}
	s := fmt.Sprintf("Map of %s: %s and %s, %s", m.Title, count(len(m.Nodes)-endings, "moment"), count(endings, "ending"), count(len(m.Edges), "route"))
	if unreachable > 0 {
		s += fmt.Sprintf(", %s unreachable", count(unreachable, "moment"))
	}
	return s + "."
}

func count(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}
