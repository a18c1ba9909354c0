package publish

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/spf13/afero"

	"coachsim/generator/check"
)

// memProject returns a MemMapFs holding the test scenarios under
// scenarios/, the test lessons under content/lessons/, and a minimal Hugo
// project under site/.
func memProject(t *testing.T) afero.Fs {
	t.Helper()
	fsys := afero.NewMemMapFs()
	copyIn(t, fsys, "testdata/scenarios", "scenarios")
	copyIn(t, fsys, "testdata/lessons", "content/lessons")
	write(t, fsys, "site/hugo.toml", "baseURL = \"/\"\n")
	write(t, fsys, "site/layouts/baseof.html", "{{ block \"main\" . }}{{ end }}\n")
	write(t, fsys, "site/tools/go.mod", "module tools\n")
	write(t, fsys, "site/README.md", "not copied\n")
	return fsys
}

// copyIn copies the OS folder src into fsys at dst.
func copyIn(t *testing.T, fsys afero.Fs, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		target := path.Join(dst, filepath.ToSlash(rel))
		if err := fsys.MkdirAll(path.Dir(target), 0o755); err != nil {
			return err
		}
		return afero.WriteFile(fsys, target, b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

func write(t *testing.T, fsys afero.Fs, name, text string) {
	t.Helper()
	if err := fsys.MkdirAll(path.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := afero.WriteFile(fsys, name, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

func read(t *testing.T, fsys afero.Fs, name string) string {
	t.Helper()
	b, err := afero.ReadFile(fsys, name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// checked runs the checker over the project's scenarios and fails on errors.
func checked(t *testing.T, fsys afero.Fs) *check.Result {
	t.Helper()
	res := check.Run(fsys, check.Options{Paths: []string{"scenarios"}, LessonsDir: "content/lessons"})
	if res.Diags.HasErrors() {
		var b bytes.Buffer
		res.Diags.Format(&b, res.Sources)
		t.Fatalf("test scenarios have errors:\n%s", b.String())
	}
	return res
}

// tree lists every file under dir in fsys (slash paths relative to dir).
func tree(t *testing.T, fsys afero.Fs, dir string) []string {
	t.Helper()
	var out []string
	err := afero.Walk(fsys, dir, func(p string, fi os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		if !fi.IsDir() {
			rel, _ := filepath.Rel(dir, p)
			out = append(out, filepath.ToSlash(rel))
		}
		return nil
	})
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	sort.Strings(out)
	return out
}

// frontMatterOf decodes the JSON front matter of a generated content file,
// and fails if the file has a body: Hugo would parse it for shortcodes.
func frontMatterOf(t *testing.T, src string) map[string]any {
	t.Helper()
	var m map[string]any
	dec := json.NewDecoder(strings.NewReader(src))
	if err := dec.Decode(&m); err != nil {
		t.Fatalf("front matter: %v\n%s", err, src)
	}
	if body := strings.TrimSpace(src[dec.InputOffset():]); body != "" {
		t.Errorf("content file has a body after its front matter: %.100q", body)
	}
	return m
}

// dataOf decodes a generated js/scenarios/ID.js (or ID.text.js) file.
func dataOf(t *testing.T, src string) map[string]any {
	t.Helper()
	i := strings.Index(src, "]=")
	if i < 0 || !strings.HasSuffix(src, ";\n") {
		t.Fatalf("not a data script: %.200s", src)
	}
	var m map[string]any
	if err := json.Unmarshal([]byte(src[i+2:len(src)-2]), &m); err != nil {
		t.Fatalf("data: %v", err)
	}
	return m
}
