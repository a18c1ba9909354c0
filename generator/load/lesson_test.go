package load

import (
	"strings"
	"testing"

	"github.com/spf13/afero"
)

const goodLesson = "---\ntitle: \"The quadrant\"\nsummary: Two axes.\nweight: 10\n---\n\nBody text.\n"

func TestLessonReadsFrontMatterAndBody(t *testing.T) {
	l, d := Lesson("lessons/quadrant.md", []byte(goodLesson))
	if len(d) > 0 {
		t.Fatalf("diagnostics: %s", d)
	}
	if l.Name.Value != "quadrant" || l.Title.Value != "The quadrant" || l.Summary.Value != "Two axes." || l.Weight.Value != 10 {
		t.Errorf("lesson: %+v", l)
	}
	if l.Title.Pos.Line != 2 || l.Title.Pos.Col != 8 {
		t.Errorf("title at %v, want 2:8", l.Title.Pos)
	}
	if l.Body.Pos.Line != 6 || !strings.Contains(l.Body.Value, "Body text.") {
		t.Errorf("body at %v: %q", l.Body.Pos, l.Body.Value)
	}
}

// Each bad lesson gets a positioned error, as a bad scenario does.
func TestLessonErrors(t *testing.T) {
	for _, tc := range []struct{ name, src, want string }{
		{"no front matter", "# Just a heading\n", "l.md:1:1: error: a lesson starts with front matter"},
		{"front matter never closed", "---\ntitle: T\n\nBody.\n", "l.md:1:1: error: the front matter is not closed"},
		{"unknown key", "---\ntitle: T\ntitel: U\n---\n", `l.md:3:1: error: unknown key "titel" in the lesson's front matter (did you mean "title"?)`},
		{"missing title", "---\nsummary: S\n---\n", `l.md:2:1: error: the lesson's front matter is missing required key "title"`},
		{"alias", "---\ntitle: &a T\nsummary: *a\n---\n", "l.md:3:10: error: YAML aliases (*name) are not supported"},
		{"alias bomb", "---\na: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\ntitle: T\n---\n", `l.md:2:1: error: unknown key "a"`},
		{"syntax", "---\ntitle: [T\n---\n", "l.md:"},
		{"title too long", "---\ntitle: " + strings.Repeat("x", 121) + "\n---\n", "l.md:2:8: error: title is 121 characters long; the limit is 120"},
		{"weight not a number", "---\ntitle: T\nweight: first\n---\n", `l.md:3:9: error: "weight" must be a whole number`},
		{"control character", "---\ntitle: T\x1b\n---\n", "l.md:2:9: error: control character U+001B"},
		{"shortcode", "---\ntitle: T\n---\n\nSee {{< ref x >}} here.\n", `l.md:5:5: error: "{{<" is Hugo's shortcode syntax`},
		{"byte order mark", "\ufeff" + goodLesson, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, d := Lesson("l.md", []byte(tc.src))
			d.Sort()
			got := d.String()
			if tc.want == "" {
				if got != "" {
					t.Errorf("want no diagnostics, got:\n%s", got)
				}
				return
			}
			if !strings.HasPrefix(got, tc.want) {
				t.Errorf("got:\n%s\nwant it to start with:\n%s", got, tc.want)
			}
		})
	}
}

// Lesson file names become pages and link targets: they follow the id
// rule, and index.md would replace the lessons list.
func TestLessonNames(t *testing.T) {
	fsys := afero.NewMemMapFs()
	for _, name := range []string{"_index.md", "quadrant.md", "index.md", "Bad_Name.md", "con.md", "notes.txt"} {
		if err := afero.WriteFile(fsys, "lessons/"+name, []byte(goodLesson), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ls, _, d := Lessons(fsys, "lessons")
	if len(ls) != 1 || ls[0].Name.Value != "quadrant" {
		t.Errorf("lessons: %d", len(ls))
	}
	got := d.String()
	for _, want := range []string{
		`lessons/index.md: error: lesson file name "index.md" would replace the lessons list`,
		`lessons/Bad_Name.md: error: lesson file name "Bad_Name.md" is not path-safe`,
		`lessons/con.md: error: lesson file name "con.md" is a device name Windows reserves`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("diagnostics lack %q:\n%s", want, got)
		}
	}
	if ls, _, d := Lessons(fsys, "missing"); len(ls) != 0 || len(d) != 0 {
		t.Errorf("a missing folder: %d lessons, %s", len(ls), d)
	}
}
