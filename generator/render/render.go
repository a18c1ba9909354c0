// Package render turns the Markdown of scenarios and lessons into HTML for
// the site, with one goldmark instance shared by the whole program.
//
// Scenario text is untrusted, so raw HTML is never passed through: goldmark's
// default (safe) renderer is used and raw HTML nodes render as nothing at
// all. Links are made safe for a site that must work offline from a folder:
// a relative link to a lesson file (spectrum.md) becomes a link to the
// lesson's page, links and images that point anywhere else (another host, a
// file the site does not have) keep their text and lose the link.
package render

import (
	"bytes"
	"html"
	"html/template"
	"regexp"
	"strings"
	"unicode"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// LinkResolver maps a lesson name (the file name without ".md", "_index"
// for the lessons index) to the URL of its page. ok is false for a name the
// site has no page for; the link is then dropped and its text kept.
type LinkResolver func(lesson string) (url string, ok bool)

// DefaultLessonURL is the LinkResolver used when none is given: every
// path-safe name maps to /lessons/NAME.html (and _index to
// /lessons/index.html). The URLs are root-relative; Hugo's relativeURLs
// setting turns them into page-relative links in the built site.
func DefaultLessonURL(name string) (string, bool) {
	if name == "_index" || name == "index" {
		return "/lessons/index.html", true
	}
	if !safeName.MatchString(name) {
		return "", false
	}
	return "/lessons/" + name + ".html", true
}

var safeName = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)

// Option configures a Renderer.
type Option func(*Renderer)

// WithLessons sets how links to lesson files are resolved.
func WithLessons(r LinkResolver) Option {
	return func(rd *Renderer) { rd.lessons = r }
}

// Renderer renders Markdown fields. It is safe for concurrent use.
type Renderer struct {
	md      goldmark.Markdown
	lessons LinkResolver
}

// New builds the program's Markdown renderer: CommonMark with GFM tables
// and strikethrough, typographic punctuation, automatic heading ids, raw
// HTML dropped, and links rewritten as described in the package comment.
func New(opts ...Option) *Renderer {
	r := &Renderer{lessons: DefaultLessonURL}
	for _, o := range opts {
		o(r)
	}
	r.md = goldmark.New(
		goldmark.WithExtensions(extension.Table, extension.Strikethrough, extension.Typographer),
		goldmark.WithParserOptions(
			parser.WithAutoHeadingID(),
			parser.WithASTTransformers(util.Prioritized(&linkTransformer{resolve: r.lessons}, 100)),
		),
		goldmark.WithRendererOptions(
			renderer.WithNodeRenderers(util.Prioritized(dropRawHTML{}, 10)),
		),
	)
	return r
}

// Markdown returns the underlying goldmark instance, for callers (the
// checker) that parse Markdown fields to inspect them.
func (r *Renderer) Markdown() goldmark.Markdown { return r.md }

// Block renders Markdown as block HTML (paragraphs, lists, ...). Empty or
// blank input gives "".
func (r *Renderer) Block(md string) template.HTML {
	if strings.TrimSpace(md) == "" {
		return ""
	}
	var buf bytes.Buffer
	if err := r.md.Convert([]byte(md), &buf); err != nil {
		// Writing to a bytes.Buffer cannot fail; keep the text if it ever does.
		return template.HTML("<p>" + template.HTMLEscapeString(md) + "</p>\n")
	}
	return template.HTML(buf.String())
}

// Inline renders Markdown that is usually a single paragraph (a response,
// a reflection question) without the wrapping <p>. Text with several blocks
// is rendered as Block renders it.
func (r *Renderer) Inline(md string) template.HTML {
	if strings.TrimSpace(md) == "" {
		return ""
	}
	src := []byte(md)
	doc := r.md.Parser().Parse(text.NewReader(src))
	var buf bytes.Buffer
	if err := r.md.Renderer().Render(&buf, src, doc); err != nil {
		return template.HTML(template.HTMLEscapeString(md))
	}
	out := buf.String()
	if doc.ChildCount() == 1 && doc.FirstChild().Kind() == ast.KindParagraph {
		out = strings.TrimSuffix(out, "\n")
		out = strings.TrimPrefix(out, "<p>")
		out = strings.TrimSuffix(out, "</p>")
	}
	return template.HTML(out)
}

// Text renders Markdown to plain text: the words a reader sees, with
// typographic punctuation and white space collapsed to single spaces.
func (r *Renderer) Text(md string) string {
	return PlainText(r.Block(md))
}

// PlainText strips the tags from HTML produced by a Renderer and decodes
// its entities. Block boundaries become spaces; runs of white space
// collapse.
func PlainText(h template.HTML) string {
	var b strings.Builder
	b.Grow(len(h))
	in := false
	for i := 0; i < len(h); i++ {
		switch c := h[i]; {
		case c == '<':
			in = true
			b.WriteByte(' ')
		case c == '>' && in:
			in = false
		case !in:
			b.WriteByte(c)
		}
	}
	s := html.UnescapeString(b.String())
	s = strings.Join(strings.Fields(s), " ")
	// Tags next to punctuation leave a stray space: "<em>x</em>." -> "x ."
	for _, p := range []string{".", ",", ";", ":", "!", "?", "\u201d", "\u2019", ")"} {
		s = strings.ReplaceAll(s, " "+p, p)
	}
	for _, p := range []string{"\u201c", "\u2018", "("} {
		s = strings.ReplaceAll(s, p+" ", p)
	}
	return s
}

// Cut shortens plain text s to at most max runes, at a word boundary, with
// an ellipsis when it cut.
func Cut(s string, max int) string {
	rs := []rune(s)
	if len(rs) <= max {
		return s
	}
	cut := string(rs[:max])
	if i := strings.LastIndex(cut, " "); i > max/2 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " ,;:") + "\u2026"
}

// Summarize returns the first sentence of plain text s, cut at a word
// boundary to at most max runes (with an ellipsis when cut).
func Summarize(s string, max int) string {
	for i, c := range s {
		if c == '.' || c == '!' || c == '?' {
			next := s[i+1:]
			// A sentence ends at the punctuation followed by a space (or
			// a closing quote then a space), not in "e.g." or "1.5".
			next = strings.TrimLeft(next, "\u201d\u2019\"')")
			if next == "" || strings.HasPrefix(next, " ") && !startsLower(next[1:]) {
				end := len(s) - len(next)
				s = s[:end]
				break
			}
		}
	}
	return Cut(s, max)
}

// startsLower reports whether s begins with a lower-case letter, as the
// words after "e.g." do and the next sentence does not.
func startsLower(s string) bool {
	for _, c := range s {
		return unicode.IsLower(c)
	}
	return false
}

// dropRawHTML renders raw HTML (inline and blocks) as nothing, instead of
// goldmark's "raw HTML omitted" comment.
type dropRawHTML struct{}

func (dropRawHTML) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	skip := func(util.BufWriter, []byte, ast.Node, bool) (ast.WalkStatus, error) {
		return ast.WalkSkipChildren, nil
	}
	reg.Register(ast.KindRawHTML, skip)
	reg.Register(ast.KindHTMLBlock, skip)
}

var _ renderer.NodeRenderer = dropRawHTML{}
