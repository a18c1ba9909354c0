package publish

import (
	"bytes"
	"fmt"
	"path"
	"slices"
	"sort"
	"strings"

	"github.com/goccy/go-yaml"
	"github.com/spf13/afero"

	"coachsim/generator/render"
	"coachsim/generator/scenario"
)

// lesson is one Markdown file of the lessons folder.
type lesson struct {
	Name    string // file name without .md; "_index" for the index
	Title   string
	Summary string // plain text
	Weight  int
	Body    string // Markdown, front matter removed
}

// lessonMeta is the front matter a lesson may carry. Other keys are ignored.
type lessonMeta struct {
	Title   string `yaml:"title"`
	Summary string `yaml:"summary"`
	Weight  int    `yaml:"weight"`
}

// readLessons reads every .md file in dir. The index (_index.md) is
// returned apart; the lessons are sorted by weight, then by their place in
// scenario.Lessons, then by name. A missing folder gives no lessons.
func readLessons(fsys afero.Fs, dir string) (index *lesson, lessons []*lesson, err error) {
	entries, err := afero.ReadDir(fsys, dir)
	if err != nil {
		if exists, _ := afero.DirExists(fsys, dir); !exists {
			return nil, nil, nil
		}
		return nil, nil, fmt.Errorf("reading lessons: %w", err)
	}
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || path.Ext(name) != ".md" {
			continue
		}
		file := path.Join(dir, name)
		src, err := afero.ReadFile(fsys, file)
		if err != nil {
			return nil, nil, fmt.Errorf("reading lesson: %w", err)
		}
		l, err := parseLesson(strings.TrimSuffix(name, ".md"), src)
		if err != nil {
			return nil, nil, fmt.Errorf("%s: %w", file, err)
		}
		if l.Name == "_index" {
			index = l
			continue
		}
		if strings.HasPrefix(l.Name, "_") {
			continue
		}
		lessons = append(lessons, l)
	}
	order := func(name string) int {
		if i := slices.Index(scenario.Lessons, name); i >= 0 {
			return i
		}
		return len(scenario.Lessons)
	}
	sort.SliceStable(lessons, func(i, j int) bool {
		a, b := lessons[i], lessons[j]
		if a.Weight != b.Weight {
			return a.Weight < b.Weight
		}
		if order(a.Name) != order(b.Name) {
			return order(a.Name) < order(b.Name)
		}
		return a.Name < b.Name
	})
	return index, lessons, nil
}

// parseLesson splits YAML front matter (between --- lines) from the body.
func parseLesson(name string, src []byte) (*lesson, error) {
	l := &lesson{Name: name}
	body := src
	if rest, ok := bytes.CutPrefix(bytes.TrimLeft(src, "\ufeff"), []byte("---")); ok && (len(rest) == 0 || rest[0] == '\n' || rest[0] == '\r') {
		fm, after, found := cutLine(rest, "---")
		if !found {
			return nil, fmt.Errorf("front matter has no closing ---")
		}
		var meta lessonMeta
		if err := yaml.Unmarshal(fm, &meta); err != nil {
			return nil, fmt.Errorf("front matter: %w", err)
		}
		l.Title, l.Summary, l.Weight = meta.Title, meta.Summary, meta.Weight
		body = after
	}
	l.Body = string(body)
	if l.Title == "" {
		l.Title = humanize(name)
		if name == "_index" {
			l.Title = "Lessons"
		}
	}
	return l, nil
}

// cutLine finds the first line of b that is exactly marker and returns what
// comes before and after it.
func cutLine(b []byte, marker string) (before, after []byte, found bool) {
	off := 0
	for off <= len(b) {
		end := bytes.IndexByte(b[off:], '\n')
		line := b[off:]
		next := len(b) + 1
		if end >= 0 {
			line = b[off : off+end]
			next = off + end + 1
		}
		if string(bytes.TrimRight(line, " \t\r")) == marker {
			if next > len(b) {
				next = len(b)
			}
			return b[:off], b[next:], true
		}
		if end < 0 {
			break
		}
		off = next
	}
	return nil, nil, false
}

// LessonLinks returns the link resolver for the lessons in dir: a link to
// NAME.md resolves to the lesson's page when dir holds NAME.md (_index.md
// is the lessons index). Pass it to render.WithLessons so that links to
// lessons the site does not have are dropped rather than broken.
func LessonLinks(fsys afero.Fs, dir string) render.LinkResolver {
	have := map[string]bool{"_index": true}
	if entries, err := afero.ReadDir(fsys, dir); err == nil {
		for _, e := range entries {
			if !e.IsDir() && path.Ext(e.Name()) == ".md" {
				have[strings.TrimSuffix(e.Name(), ".md")] = true
			}
		}
	}
	return func(name string) (string, bool) {
		if !have[name] {
			return "", false
		}
		return render.DefaultLessonURL(name)
	}
}
