package publish

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/spf13/afero"

	"coachsim/generator/diag"
)

func TestSyncSiteInPlace(t *testing.T) {
	fsys := memProject(t)
	write(t, fsys, "site/assets/css/main.css", "a{}")
	write(t, fsys, "site/layouts/.baseof.html.swp", "an editor's")
	n, err := SyncSite(fsys, "site", "work")
	if err != nil || n != 3 {
		t.Fatalf("first sync: %d changed, %v; want 3 (hugo.toml, baseof.html, main.css)", n, err)
	}
	if got := tree(t, fsys, "work"); !slices.Equal(got, []string{"assets/css/main.css", "hugo.toml", "layouts/baseof.html"}) {
		t.Errorf("working copy %v", got)
	}
	// What Generate and WriteProblems own, and Hugo's own folders, stay.
	if _, err := Generate(fsys, "work", Options{Check: checked(t, fsys)}); err != nil {
		t.Fatal(err)
	}
	if _, err := WriteProblems(fsys, "work", &Problems{Summary: "x"}); err != nil {
		t.Fatal(err)
	}
	write(t, fsys, "work/resources/_gen/x", "hugo's")
	owned := tree(t, fsys, "work")

	tests := []struct {
		name    string
		edit    func()
		changed int
		want    func(files []string) bool
	}{
		{"unchanged", func() {}, 0, func(f []string) bool { return slices.Equal(f, owned) }},
		{"edited", func() { write(t, fsys, "site/assets/css/main.css", "b{}") }, 1,
			func([]string) bool { return read(t, fsys, "work/assets/css/main.css") == "b{}" }},
		{"removed", func() { fsys.Remove("site/assets/css/main.css") }, 1,
			func(f []string) bool { return !slices.Contains(f, "assets/css/main.css") && len(f) == len(owned)-1 }},
		{"added", func() { write(t, fsys, "site/layouts/_partials/new.html", "new") }, 1,
			func(f []string) bool { return slices.Contains(f, "layouts/_partials/new.html") }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.edit()
			n, err := SyncSite(fsys, "site", "work")
			if err != nil || n != tt.changed {
				t.Errorf("%d changed, %v; want %d", n, err, tt.changed)
			}
			if f := tree(t, fsys, "work"); !tt.want(f) {
				t.Errorf("working copy %v", f)
			}
			for _, f := range []string{"data/plane.json", ProblemsFile, "resources/_gen/x"} {
				if ok, _ := afero.Exists(fsys, "work/"+f); !ok {
					t.Errorf("%s was removed", f)
				}
			}
		})
	}
}

func TestProblems(t *testing.T) {
	fsys := afero.NewMemMapFs()
	src := map[string][]byte{"s.yaml": []byte("id: x\ndifficulty: hard\n")}
	var list diag.List
	list.Errorf(diag.Pos{File: "s.yaml", Line: 2, Col: 13}, `"difficulty" must be one of ... (did you mean "advanced"?)`)
	for range MaxProblems + 1 {
		list.Warnf(diag.Pos{File: "s.yaml"}, "a warning")
	}
	p := NewProblems(list, src, "1 error")
	if len(p.Items) != MaxProblems || p.More != 2 {
		t.Errorf("%d items, %d more; want %d, 2", len(p.Items), p.More, MaxProblems)
	}
	first := p.Items[0]
	if first.Pos != "s.yaml:2:13" || first.Severity != "error" || !strings.Contains(first.Message, "did you mean") {
		t.Errorf("first problem %+v", first)
	}
	if want := "    2 | difficulty: hard\n      |             ^"; first.Snippet != want {
		t.Errorf("snippet\n%s\nwant\n%s", first.Snippet, want)
	}

	for _, step := range []struct {
		p       *Problems
		changed bool
	}{{&p, true}, {&p, false}, {nil, true}, {nil, false}} {
		changed, err := WriteProblems(fsys, "work", step.p)
		if err != nil || changed != step.changed {
			t.Errorf("WriteProblems(%v): %v, %v; want %v", step.p != nil, changed, err, step.changed)
		}
		exists, _ := afero.Exists(fsys, "work/"+ProblemsFile)
		if exists != (step.p != nil) {
			t.Errorf("after WriteProblems(%v) the file exists: %v", step.p != nil, exists)
		}
		if exists {
			var back Problems
			if err := json.Unmarshal([]byte(read(t, fsys, "work/"+ProblemsFile)), &back); err != nil || back.Items[0] != first {
				t.Errorf("read back %v, %v", back.Items[0], err)
			}
		}
	}
}
