package preview

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// The watcher turns an editor's burst of events into one Change, says
// which side changed, follows new folders and a file that did not exist,
// and ignores editors' temporary files and skipped folders.
func TestWatcher(t *testing.T) {
	root := t.TempDir()
	for _, d := range []string{"site/layouts", "site/tools", "scenarios"} {
		if err := os.MkdirAll(filepath.Join(root, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	in := func(p string) string { return filepath.Join(root, p) }
	targets := []Target{
		{Path: in("site"), Site: true, Skip: []string{"tools"}},
		{Path: in("scenarios")},
		{Path: in("cohort.yaml")},
	}
	// A long quiet spell, so that a loaded machine does not split a burst.
	w, err := newWatcher(targets, 400*time.Millisecond, func(err error) { t.Error(err) })
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	changes := make(chan Change)
	go w.run(ctx, changes)

	write := func(p, text string) {
		t.Helper()
		if err := os.MkdirAll(filepath.Dir(in(p)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(in(p), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	save := func(p, text string) { // as an editor: write a new file, rename it over
		t.Helper()
		write(p+".tmp", text)
		if err := os.Rename(in(p+".tmp"), in(p)); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name string
		do   func()
		want *Change // nil: nothing is reported
	}{
		{"a burst of saves is one change", func() {
			for range 5 {
				save("scenarios/a.yaml", "id: a")
			}
		}, &Change{Input: true}},
		{"a template", func() { save("site/layouts/baseof.html", "x") }, &Change{Site: true}},
		{"both", func() { save("site/layouts/baseof.html", "y"); save("scenarios/a.yaml", "id: b") }, &Change{Site: true, Input: true}},
		{"a file in a new folder", func() {
			write("site/layouts/_partials/p.html", "p")
			<-changes // the folder's creation
			save("site/layouts/_partials/p.html", "q")
		}, &Change{Site: true}},
		{"the cohort file appears", func() { save("cohort.yaml", "name: x") }, &Change{Input: true}},
		{"editor files and site/tools", func() {
			write("scenarios/.a.yaml.swp", "x")
			write("scenarios/a.yaml~", "x")
			write("site/tools/go.sum", "x")
			write("unwatched.txt", "x")
		}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.do()
			select {
			case c := <-changes:
				if tt.want == nil {
					t.Fatalf("got %+v, want nothing", c)
				}
				if c != *tt.want {
					t.Errorf("got %+v, want %+v", c, *tt.want)
				}
			case <-time.After(3 * time.Second):
				if tt.want != nil {
					t.Fatalf("no change reported, want %+v", *tt.want)
				}
			}
			// Nothing more for this step.
			select {
			case c := <-changes:
				t.Errorf("a second change %+v for one step", c)
			case <-time.After(600 * time.Millisecond):
			}
		})
	}
}
