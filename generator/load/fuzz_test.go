package load

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzLesson: any lesson file ends in a lesson or positioned errors in the
// file, never a panic; a lesson it returns has its name and a body that is
// a suffix of the file. Seeds: every shipped lesson.
func FuzzLesson(f *testing.F) {
	files, _ := filepath.Glob("../../content/lessons/*.md")
	for _, p := range files {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte(goodLesson))
	f.Add([]byte("---\na: &a [x]\nb: [*a, *a]\n---\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		l, d := Lesson("lessons/x.md", data)
		for _, x := range d {
			if x.Pos.File != "lessons/x.md" || x.Msg == "" {
				t.Fatalf("diagnostic without its file or message: %v", x)
			}
		}
		if l == nil {
			return
		}
		if l.Name.Value != "x" {
			t.Fatalf("name %q", l.Name.Value)
		}
		if !strings.HasSuffix(strings.TrimPrefix(string(data), "\ufeff"), l.Body.Value) {
			t.Fatalf("the body is not the end of the file")
		}
		if !d.HasErrors() && !utf8.ValidString(l.Title.Value) {
			t.Fatalf("invalid UTF-8 title passed")
		}
	})
}
