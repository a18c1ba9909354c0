package load

import (
	"bytes"
	"errors"
	"io/fs"
	"path"
	"reflect"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"
	"github.com/spf13/afero"

	"coachsim/generator/diag"
	"coachsim/generator/scenario"
)

// Lessons reads every lesson in dir: its .md files, each with YAML front
// matter, checked with the rules scenarios follow (exact positions, no
// aliases, the same limits), so that a lesson cannot pass check and then
// break the build. _index.md, the lessons page's own text, is read and
// checked but not returned as a lesson. A missing folder holds no lessons.
// It returns the lessons sorted by weight then name, the sources by file
// name, and every problem found.
func Lessons(fsys afero.Fs, dir string) ([]*scenario.Lesson, map[string][]byte, diag.List) {
	var diags diag.List
	sources := map[string][]byte{}
	entries, err := afero.ReadDir(fsys, dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, sources, nil
	}
	if err != nil {
		diags.Errorf(diag.Pos{File: dir}, "cannot list the lessons folder: %v", unwrapPathError(err))
		return nil, sources, diags
	}
	var out []*scenario.Lesson
	for _, e := range entries {
		name := e.Name()
		if path.Ext(name) != ".md" {
			continue
		}
		file := joinPath(dir, name)
		base := strings.TrimSuffix(name, ".md")
		if e.IsDir() {
			diags.Errorf(diag.Pos{File: file}, "this is a folder, not a lesson file")
			continue
		}
		src, err := readLimited(fsys, file)
		if err != nil {
			diags.Errorf(diag.Pos{File: file}, "%v", err)
			continue
		}
		sources[file] = src
		l, d := Lesson(file, src)
		diags = append(diags, d...)
		if base == "_index" {
			continue
		}
		if p := lessonNameProblem(base); p != "" {
			diags.Errorf(diag.Pos{File: file}, "lesson file name %q %s", name, p)
			continue
		}
		if l != nil {
			out = append(out, l)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Weight.Value != out[j].Weight.Value {
			return out[i].Weight.Value < out[j].Weight.Value
		}
		return out[i].Name.Value < out[j].Name.Value
	})
	return out, sources, diags
}

// lessonNameProblem says what is wrong with a lesson's file name (without
// .md), or "": it becomes the page lessons/NAME.html and the name scenarios
// link to, so it follows the id rule; "index" would replace the lessons
// list.
func lessonNameProblem(base string) string {
	if base == "index" {
		return "would replace the lessons list (lessons/index.html): choose another name; the list's own text belongs in _index.md"
	}
	if p := IDProblem(base); p != "" {
		return p + " (rename the file)"
	}
	return ""
}

// Lesson reads one lesson file: front matter between "---" lines, then the
// Markdown body. The lesson is nil when the front matter cannot be read.
func Lesson(file string, src []byte) (les *scenario.Lesson, diags diag.List) {
	l := &loader{file: file}
	defer func() {
		if r := recover(); r != nil {
			les, diags = nil, l.crashed(r)
		}
	}()
	src = bytes.TrimPrefix(src, bom)
	if d := checkText(file, src); len(d) > 0 {
		return nil, d
	}
	fm, body, bodyLine, ok := splitFrontMatter(src)
	if !ok {
		l.diags.Errorf(diag.Pos{File: file, Line: 1, Col: 1}, "a lesson starts with front matter: a line ---, then title: and summary:, then a line ---")
		return nil, l.diags
	}
	if bodyLine < 0 {
		l.diags.Errorf(diag.Pos{File: file, Line: 1, Col: 1}, "the front matter is not closed: add a line --- after it")
		return nil, l.diags
	}
	// One newline stands for the opening "---" line, so that the parser's
	// lines are the file's.
	yamlSrc := append([]byte("\n"), fm...)
	if problem, _ := prescan(file, yamlSrc); problem != nil {
		return nil, append(l.diags, *problem)
	}
	f, err := parser.ParseBytes(yamlSrc, 0, parser.AllowDuplicateMapKey())
	if err != nil {
		l.syntaxError(err, nil)
		return nil, l.diags
	}
	les = &scenario.Lesson{File: file}
	base := strings.TrimSuffix(path.Base(file), ".md")
	les.Name = scenario.Text{Value: base, Pos: diag.Pos{File: file, Line: 1, Col: 1}}
	var fmBody ast.Node
	for _, doc := range f.Docs {
		if doc != nil && doc.Body != nil {
			if _, isComment := doc.Body.(*ast.CommentGroupNode); !isComment {
				fmBody = doc.Body
			}
		}
	}
	if fmBody == nil {
		l.diags.Errorf(diag.Pos{File: file, Line: 1, Col: 1}, "the front matter is empty: give the lesson a title: and a summary:")
		return les, l.diags
	}
	l.object(fmBody, reflect.ValueOf(les).Elem(), "the front matter", "the lesson's front matter")
	defer func() { diags = l.finish() }()
	les.Body = scenario.Text{Value: string(body), Pos: diag.Pos{File: file, Line: bodyLine, Col: 1}}
	// Lessons are Hugo content, so Hugo would read "{{<" or "{{%" as a
	// shortcode, which lessons do not have: the build would fail, or the
	// text vanish.
	for i, line := range strings.Split(string(body), "\n") {
		if c := strings.Index(line, "{{<"); c >= 0 || strings.Contains(line, "{{%") {
			if c < 0 {
				c = strings.Index(line, "{{%")
			}
			l.diags.Errorf(diag.Pos{File: file, Line: bodyLine + i, Col: c + 1}, "%q is Hugo's shortcode syntax, which lessons cannot use: write it another way (for example \"{ {<\")", line[c:c+3])
		}
	}
	if n := utf8.RuneCount(body); n > scenario.MaxLessonBody {
		l.diags.Errorf(les.Body.Pos, "the lesson is %d characters long; the limit is %d: split it", n, scenario.MaxLessonBody)
	}
	return les, l.diags
}

// splitFrontMatter splits "---\nYAML\n---\nbody". ok is false when src does
// not start with a front matter line; bodyLine is the body's first line
// (1-based), or -1 when the front matter is never closed.
func splitFrontMatter(src []byte) (fm, body []byte, bodyLine int, ok bool) {
	first, rest, found := bytes.Cut(src, []byte("\n"))
	if !found || strings.TrimRight(string(first), "\r \t") != "---" {
		return nil, nil, 0, false
	}
	line := 2
	for off := 0; off <= len(rest); {
		end := bytes.IndexByte(rest[off:], '\n')
		var cur []byte
		next := len(rest)
		if end >= 0 {
			cur, next = rest[off:off+end], off+end+1
		} else {
			cur = rest[off:]
		}
		if strings.TrimRight(string(cur), "\r \t") == "---" {
			return rest[:off], rest[min(next, len(rest)):], line + 1, true
		}
		if end < 0 {
			break
		}
		off, line = next, line+1
	}
	return rest, nil, -1, true
}
