package render

import (
	"net/url"
	"path"
	"regexp"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// linkTransformer rewrites links after parsing:
//
//   - a relative link to a Markdown file (spectrum.md, ./spectrum.md,
//     ../lessons/spectrum.md#level-2) becomes a link to that lesson's page,
//     keeping the fragment;
//   - a link to a fragment on the same page (#level-2) is kept;
//   - every other link (another host, mailto:, a file the site does not
//     have) and every image is replaced by its text, so the site never
//     points outside itself or at a file that does not exist.
type linkTransformer struct {
	resolve LinkResolver
}

var schemeRE = regexp.MustCompile(`^[a-zA-Z][a-zA-Z0-9+.-]*:`)

func (t *linkTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	var unwrap []ast.Node
	var autolinks []*ast.AutoLink
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Link:
			if dest, ok := t.rewrite(string(n.Destination)); ok {
				n.Destination = []byte(dest)
			} else {
				unwrap = append(unwrap, n)
			}
		case *ast.Image:
			unwrap = append(unwrap, n)
		case *ast.AutoLink:
			autolinks = append(autolinks, n)
		}
		return ast.WalkContinue, nil
	})
	for _, n := range unwrap {
		parent := n.Parent()
		if parent == nil {
			continue
		}
		for c := n.FirstChild(); c != nil; {
			next := c.NextSibling()
			parent.InsertBefore(parent, n, c)
			c = next
		}
		parent.RemoveChild(parent, n)
	}
	src := reader.Source()
	for _, n := range autolinks {
		parent := n.Parent()
		if parent == nil {
			continue
		}
		parent.ReplaceChild(parent, n, ast.NewString(n.Label(src)))
	}
}

// rewrite returns the site URL for a link destination, or false when the
// link must go.
func (t *linkTransformer) rewrite(dest string) (string, bool) {
	dest = strings.TrimSpace(dest)
	if dest == "" || strings.HasPrefix(dest, "//") || schemeRE.MatchString(dest) {
		return "", false
	}
	if strings.HasPrefix(dest, "#") {
		return dest, true
	}
	p, frag, _ := strings.Cut(dest, "#")
	if strings.Contains(p, "?") {
		return "", false
	}
	if u, err := url.PathUnescape(p); err == nil {
		p = u
	}
	if strings.HasPrefix(p, "/") || !strings.HasSuffix(p, ".md") {
		return "", false
	}
	name := strings.TrimSuffix(path.Base(p), ".md")
	to, ok := t.resolve(name)
	if !ok {
		return "", false
	}
	if frag != "" {
		to += "#" + frag
	}
	return to, true
}
