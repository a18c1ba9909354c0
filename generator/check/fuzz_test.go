package check

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/spf13/afero"
)

// FuzzCheck feeds arbitrary bytes through the loader, the reference checks
// and the analysis. It must never panic, and every diagnostic must carry the
// file name. Seeds: every testdata case and every shipped scenario; the
// fuzzer's own finds live in testdata/fuzz/FuzzCheck.
func FuzzCheck(f *testing.F) {
	for _, pattern := range []string{"testdata/diag/*.yaml", "testdata/diag/*/*.yaml", "../../scenarios/*.yaml"} {
		files, _ := filepath.Glob(pattern)
		for _, p := range files {
			if b, err := os.ReadFile(p); err == nil {
				f.Add(b)
			}
		}
	}
	lessons := afero.NewMemMapFs()
	_ = afero.WriteFile(lessons, "lessons/quadrant.md", []byte("---\ntitle: Q\n---\n# q\n"), 0o644)
	f.Fuzz(func(t *testing.T, data []byte) {
		fsys := afero.NewCopyOnWriteFs(afero.NewReadOnlyFs(lessons), afero.NewMemMapFs())
		if err := afero.WriteFile(fsys, "in.yaml", data, 0o644); err != nil {
			t.Fatal(err)
		}
		done := make(chan *Result, 1)
		go func() {
			done <- Run(fsys, Options{Paths: []string{"in.yaml"}, LessonsDir: "lessons", MaxStates: 20000})
		}()
		var res *Result
		select {
		case res = <-done:
		case <-time.After(10 * time.Second):
			t.Fatalf("checking took over 10s on %q", data)
		}
		for _, d := range res.Diags {
			if d.Pos.File != "in.yaml" {
				t.Fatalf("diagnostic without the file name: %v", d)
			}
			if d.Msg == "" {
				t.Fatalf("empty diagnostic message at %v", d.Pos)
			}
		}
	})
}
