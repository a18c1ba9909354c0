package publish

import (
	"bytes"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strconv"
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

// expanded reads a decoded js/scenarios/ID.js in the terms of the scenario:
// moment ids, flag names and conditions written out as
// [[["trust", ">=", 2], "named-it", "!@side"], ...] (alternatives of
// terms), so tests can say what the data means.
type expanded struct {
	t     *testing.T
	ids   []any
	flags []any
	conds []any
	raw   map[string]any
}

func expand(t *testing.T, raw map[string]any) expanded {
	t.Helper()
	x := expanded{t: t, raw: raw}
	var ok1, ok2, ok3 bool
	x.ids, ok1 = raw["ids"].([]any)
	x.flags, ok2 = raw["flags"].([]any)
	x.conds, ok3 = raw["conds"].([]any)
	if !ok1 || !ok2 || !ok3 {
		t.Fatalf("data without ids, flags or conds: %v", raw)
	}
	return x
}

func (x expanded) index(v any, list []any, what string) int {
	x.t.Helper()
	f, ok := v.(float64)
	if !ok || f != float64(int(f)) || int(f) < 0 || int(f) >= len(list) {
		x.t.Fatalf("%v is not an index in the %s (%d)", v, what, len(list))
	}
	return int(f)
}

// id returns the id of the moment at index v.
func (x expanded) id(v any) string { return x.ids[x.index(v, x.ids, "ids")].(string) }

// cond returns condition i written out.
func (x expanded) cond(i any) any {
	x.t.Helper()
	out := []any{}
	for _, alt := range x.conds[x.index(i, x.conds, "conds")].([]any) {
		and := []any{}
		for _, term := range alt.([]any) {
			switch tm := term.(type) {
			case float64: // a flag: f set, ~f not set
				not, f := "", int(tm)
				if f < 0 {
					not, f = "!", ^f
				}
				and = append(and, not+x.flags[x.index(float64(f), x.flags, "flags")].(string))
			case string: // a visit: "@m", "!@m"
				not, m := "", strings.TrimPrefix(tm, "!")
				if m != tm {
					not = "!"
				}
				n, err := strconv.Atoi(strings.TrimPrefix(m, "@"))
				if err != nil || !strings.HasPrefix(m, "@") {
					x.t.Fatalf("visit term %q", tm)
				}
				and = append(and, not+"@"+x.id(float64(n)))
			case []any: // [axis, operator, value], axis 0 trust, 1 accountability
				axis := map[float64]string{0: "trust", 1: "accountability"}[tm[0].(float64)]
				and = append(and, []any{axis, tm[1], tm[2]})
			default:
				x.t.Fatalf("term %v", term)
			}
		}
		out = append(out, and)
	}
	return out
}

// choice returns a choice written out: [dT, dA, routes] or [dT, dA,
// routes, flags], routes the target's id or [[if, to], ..., to].
func (x expanded) choice(c any) []any {
	x.t.Helper()
	cs := c.([]any)
	var routes any
	if rs, ok := cs[2].([]any); ok {
		out := []any{}
		for i := 0; i+1 < len(rs); i += 2 {
			out = append(out, []any{x.cond(rs[i]), x.id(rs[i+1])})
		}
		if len(rs)%2 == 1 {
			out = append(out, x.id(rs[len(rs)-1]))
		}
		routes = out
	} else {
		routes = x.id(cs[2])
	}
	out := []any{cs[0], cs[1], routes}
	if len(cs) > 3 {
		sets := []any{}
		for _, f := range cs[3].([]any) {
			sets = append(sets, x.flags[x.index(f, x.flags, "flags")])
		}
		out = append(out, sets)
	}
	return out
}

// moment returns the choices of the moment with the given id, written out.
func (x expanded) moment(id string) []any {
	x.t.Helper()
	moments := x.raw["moments"].([]any)
	for i, v := range x.ids {
		if v == id && i < len(moments) {
			var out []any
			for _, c := range moments[i].([]any) {
				out = append(out, x.choice(c))
			}
			return out
		}
	}
	x.t.Fatalf("no moment %q in the data", id)
	return nil
}

// debrief returns data.debrief keyed by ending id, each paragraph 0 (shown
// on every path) or its condition written out.
func (x expanded) debrief() map[string]any {
	x.t.Helper()
	out := map[string]any{}
	for k, v := range x.raw["debrief"].(map[string]any) {
		n, err := strconv.Atoi(k)
		if err != nil {
			x.t.Fatalf("debrief key %q", k)
		}
		paras := []any{}
		for _, p := range v.([]any) {
			if p == -1.0 {
				paras = append(paras, 0)
			} else {
				paras = append(paras, x.cond(p))
			}
		}
		out[x.id(float64(n))] = paras
	}
	return out
}
