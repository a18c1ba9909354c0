package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/spf13/afero"
)

func TestRunCheck(t *testing.T) {
	const bad = "check/testdata/diag/missing-target.yaml"
	const good = "check/testdata/diag/valid.yaml"
	tests := []struct {
		name     string
		args     []string
		wantErr  bool
		contains []string
	}{
		{"good file", []string{"check", "-content", "check/testdata", good}, false,
			[]string{"1 scenario(s), 3 moment(s): 0 errors, 0 warnings"}},
		{"bad file", []string{"check", "-content", "check/testdata", bad}, true,
			[]string{`missing-target.yaml:32:15: error: next moment "sft-end" does not exist in this scenario (did you mean "soft-end"?)`, "   32 |", "^"}},
		{"json", []string{"check", "--format", "json", "-content", "check/testdata", bad}, true,
			[]string{`"line": 32`, `"col": 15`, `"severity": "error"`}},
		{"unknown format", []string{"check", "--format", "xml", good}, true, nil},
		{"missing path", []string{"check", "no/such/file.yaml"}, true, []string{"no/such/file.yaml: error: no such scenario file or folder"}},
		{"unknown command", []string{"chekc"}, true, nil},
		{"no command", nil, true, nil},
		{"report", []string{"report", "-content", "check/testdata", good}, false, []string{"good-end", "soft-end"}},
		{"report unknown id", []string{"report", "-content", "check/testdata", good, "nosuch"}, true, []string{`no scenario "nosuch"`}},
		{"report refuses errors", []string{"report", "-content", "check/testdata", bad}, true, nil},
		{"report audit", []string{"report", "-content", "check/testdata", good}, false,
			[]string{"Gameability audit", "always the first shown option", "Where the best option", "never at the edge of the plane"}},
		{"report json", []string{"report", "--format", "json", "-content", "check/testdata", good}, false,
			[]string{`"audit": {`, `"strategy": "first-shown"`, `"best_at": [`, `"edge_step": 0`}},
		{"report unknown format", []string{"report", "--format", "xml", good}, true, nil},
		{"flags after paths", []string{"check", good, "-format", "json", "-content", "check/testdata"}, false, []string{"[]"}},
		{"unknown flag after paths", []string{"check", good, "-nope"}, true, []string{"flag provided but not defined: -nope"}},
		{"-- ends the flags", []string{"check", "-content", "check/testdata", "--", "-nope.yaml"}, true, []string{"-nope.yaml: error: no such scenario file or folder"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			err := run(context.Background(), tt.args, &stdout, &stderr)
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, want error %v\nstdout:\n%s\nstderr:\n%s", err, tt.wantErr, &stdout, &stderr)
			}
			if err != nil && !errors.Is(err, errReported) {
				t.Errorf("error %v was not reported to the user", err)
			}
			out := stdout.String() + stderr.String()
			for _, want := range tt.contains {
				if !strings.Contains(out, want) {
					t.Errorf("output lacks %q:\n%s", want, out)
				}
			}
			if strings.Contains(strings.Join(tt.args, " "), "json") && stdout.Len() > 0 {
				var v []map[string]any
				if err := json.Unmarshal(stdout.Bytes(), &v); err != nil {
					t.Errorf("--format json is not a JSON array: %v", err)
				}
			}
		})
	}
}

func TestReportByID(t *testing.T) {
	dir := t.TempDir()
	src, err := os.ReadFile("check/testdata/diag/valid.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"valid.yaml", "other.yaml"} {
		if err := os.WriteFile(filepath.Join(dir, name), src, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var stdout, stderr bytes.Buffer
	if err := run(context.Background(), []string{"report", "-content", "check/testdata", dir, "other"}, &stdout, &stderr); err != nil {
		t.Fatalf("report: %v\n%s", err, &stderr)
	}
	if got := strings.Count(stdout.String(), "Scenario: "); got != 1 || !strings.Contains(stdout.String(), "(other)") {
		t.Errorf("want only the report of scenario other, got:\n%s", &stdout)
	}
}

// check and report find the lessons of the project the scenarios are in,
// wherever they are run from.
func TestLessonsFromTheProject(t *testing.T) {
	root := t.TempDir()
	for _, d := range []string{"scenarios", "content/lessons", "elsewhere"} {
		if err := os.MkdirAll(filepath.Join(root, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	src, err := os.ReadFile("check/testdata/diag/valid.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "scenarios", "valid.yaml"), src, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, l := range []string{"quadrant", "five-elements"} {
		if err := os.WriteFile(filepath.Join(root, "content", "lessons", l+".md"), []byte("---\ntitle: "+l+"\n---\nText.\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	wd, _ := os.Getwd()
	t.Cleanup(func() { _ = os.Chdir(wd) })
	if err := os.Chdir(filepath.Join(root, "elsewhere")); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"check", filepath.Join(root, "scenarios")},
		{"check", "../scenarios/valid.yaml"},
		{"report", "../scenarios"},
	} {
		var stdout, stderr bytes.Buffer
		if err := run(context.Background(), args, &stdout, &stderr); err != nil {
			t.Fatalf("%v: %v\n%s%s", args, err, &stdout, &stderr)
		}
		if out := stdout.String() + stderr.String(); strings.Contains(out, "no lesson file") {
			t.Errorf("%v: lessons not found from outside the project:\n%s", args, out)
		}
	}
	if got := projectRoot(afero.NewOsFs(), []string{t.TempDir()}); got != "." {
		t.Errorf("a folder outside any project: %q, want the current directory", got)
	}
}

// runArgs runs coachsim with args and returns its error and output.
func runArgs(t *testing.T, args ...string) (err error, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	err = run(context.Background(), args, &out, &errOut)
	return err, out.String(), errOut.String()
}

// -h and -help print the usage to stdout and succeed, for coachsim and for
// every command, and the usage names every flag of the command.
func TestHelp(t *testing.T) {
	type tc struct {
		name  string
		args  []string
		wants []string
	}
	all := []string{"usage: coachsim <command>"}
	for _, c := range commands() {
		all = append(all, "coachsim "+c.name)
	}
	tests := []tc{
		{"coachsim -h", []string{"-h"}, all},
		{"coachsim -help", []string{"-help"}, all},
		{"coachsim --help", []string{"--help"}, all},
		{"coachsim help", []string{"help"}, all},
	}
	for _, c := range commands() {
		wants := []string{"usage: coachsim " + c.name}
		for _, f := range c.flags {
			wants = append(wants, "-"+f+" ")
		}
		for _, h := range []string{"-h", "-help", "--help"} {
			tests = append(tests, tc{c.name + " " + h, []string{c.name, h}, wants})
		}
		tests = append(tests, tc{"help " + c.name, []string{"help", c.name}, wants})
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err, stdout, stderr := runArgs(t, tt.args...)
			if err != nil {
				t.Fatalf("err = %v, want success\nstderr:\n%s", err, stderr)
			}
			for _, want := range tt.wants {
				if !strings.Contains(stdout, want) {
					t.Errorf("stdout lacks %q:\n%s", want, stdout)
				}
			}
			if stderr != "" {
				t.Errorf("help wrote to stderr:\n%s", stderr)
			}
		})
	}
}

// An unknown flag, command or format fails with what is wrong and the usage
// on stderr, for every command.
func TestBadArguments(t *testing.T) {
	type tc struct {
		name  string
		args  []string
		wants []string
	}
	tests := []tc{
		{"no command", nil, []string{"usage: coachsim <command>"}},
		{"unknown command", []string{"chekc"}, []string{`unknown command "chekc"`, "usage: coachsim <command>"}},
		{"unknown command flag", []string{"-nope"}, []string{`unknown command "-nope"`, "usage: coachsim <command>"}},
		{"help for an unknown command", []string{"help", "nosuch"}, []string{`unknown command "nosuch"`}},
	}
	for _, c := range commands() {
		tests = append(tests,
			tc{c.name + " unknown flag", []string{c.name, "-nope"}, []string{"flag provided but not defined: -nope", "usage: coachsim " + c.name}},
			tc{c.name + " flag without value", []string{c.name, "-" + c.flags[0]}, []string{"flag needs an argument", "usage: coachsim " + c.name}},
		)
		if slices.Contains(c.flags, "format") {
			tests = append(tests, tc{c.name + " unknown format", []string{c.name, "-format", "xml"}, []string{`unknown format "xml"`}})
		}
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err, stdout, stderr := runArgs(t, tt.args...)
			if !errors.Is(err, errReported) {
				t.Fatalf("err = %v, want a reported failure", err)
			}
			for _, want := range tt.wants {
				if !strings.Contains(stderr, want) {
					t.Errorf("stderr lacks %q:\n%s", want, stderr)
				}
			}
			if stdout != "" {
				t.Errorf("a failure wrote to stdout:\n%s", stdout)
			}
		})
	}
}

// Every command names its options from the one list, so a setting has the
// same flag name, default and help text wherever it appears, and two
// commands never spell one setting differently.
func TestFlagsConsistent(t *testing.T) {
	known := map[string]optionFlag{}
	for _, f := range optionFlags() {
		if _, dup := known[f.name]; dup {
			t.Errorf("flag -%s is listed twice", f.name)
		}
		known[f.name] = f
	}
	seen := map[string]*flag.Flag{}
	used := map[string]bool{}
	for _, c := range commands() {
		if len(c.flags) == 0 {
			t.Errorf("%s: no flags", c.name)
		}
		for _, name := range c.flags {
			if _, ok := known[name]; !ok {
				t.Errorf("%s: flag -%s is not in optionFlags", c.name, name)
			}
		}
		c.flagSet(&options{}).VisitAll(func(f *flag.Flag) {
			used[f.Name] = true
			if prev, ok := seen[f.Name]; ok && (prev.DefValue != f.DefValue || prev.Usage != f.Usage) {
				t.Errorf("%s: -%s differs from another command's", c.name, f.Name)
			}
			seen[f.Name] = f
			if to := deprecated(f.Name); to != "" && !slices.Contains(c.flags, to) {
				t.Errorf("%s: deprecated -%s without its replacement -%s", c.name, f.Name, to)
			}
		})
	}
	for name := range known {
		if !used[name] {
			t.Errorf("flag -%s is used by no command", name)
		}
	}
}

// The deprecated -lessons still names the lessons folder directly, and says
// what replaces it.
func TestDeprecatedLessons(t *testing.T) {
	err, stdout, stderr := runArgs(t, "check", "-lessons", "check/testdata/lessons", "check/testdata/diag/valid.yaml")
	if err != nil {
		t.Fatalf("check -lessons: %v\n%s%s", err, stdout, stderr)
	}
	if !strings.Contains(stderr, "-lessons is deprecated; use -content") {
		t.Errorf("no deprecation note:\n%s", stderr)
	}
	if !strings.Contains(stdout, "0 errors, 0 warnings") {
		t.Errorf("lessons not found:\n%s", stdout)
	}
}

// The defaults are filled in once, for every command alike.
func TestDefaults(t *testing.T) {
	for _, c := range commands() {
		o, err := c.parse(afero.NewMemMapFs(), nil, io.Discard, io.Discard)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		want := &options{Paths: []string{defaultScenarios}, Content: defaultContent, Site: defaultSite}
		if slices.Contains(c.flags, "format") {
			want.Format = c.formats[0]
		}
		if slices.Contains(c.flags, "scenarios") {
			want.Scenarios = defaultScenarios
		}
		if slices.Contains(c.flags, "out") {
			want.Out = filepath.FromSlash(defaultOut)
		}
		if !reflect.DeepEqual(o, want) {
			t.Errorf("%s: defaults %+v, want %+v", c.name, o, want)
		}
		if got := o.LessonsDir(); got != filepath.Join(defaultContent, "lessons") {
			t.Errorf("%s: lessons in %q", c.name, got)
		}
	}
}

// Every coachsim flag the README, the Makefile and CI give exists on the
// command they give it to, so the documentation cannot drift from the flags.
func TestDocumentedFlagsExist(t *testing.T) {
	cmdFlags := map[string]*flag.FlagSet{}
	for _, c := range commands() {
		cmdFlags[c.name] = c.flagSet(&options{})
	}
	invocation := regexp.MustCompile(`(?:go run \./generator|coachsim) (\w+)((?: +[^\s|#)` + "`" + `]+)*)`)
	found := 0
	for _, file := range []string{"../README.md", "../Makefile", "../.ci/run", "../scenarios/README.md"} {
		b, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		for i, line := range strings.Split(string(b), "\n") {
			for _, m := range invocation.FindAllStringSubmatch(line, -1) {
				fs, ok := cmdFlags[m[1]]
				if !ok {
					continue
				}
				found++
				for _, arg := range strings.Fields(m[2]) {
					if !strings.HasPrefix(arg, "-") {
						continue
					}
					name, _, _ := strings.Cut(strings.TrimLeft(arg, "-"), "=")
					if name == "h" || name == "help" {
						continue
					}
					if fs.Lookup(name) == nil {
						t.Errorf("%s:%d: coachsim %s has no flag %s", file, i+1, m[1], arg)
					} else if deprecated(name) != "" {
						t.Errorf("%s:%d: documents the deprecated %s", file, i+1, arg)
					}
				}
			}
		}
	}
	if found < 5 {
		t.Errorf("found %d coachsim commands in the documentation, want the README's at least", found)
	}
}

func TestVersion(t *testing.T) {
	var out bytes.Buffer
	if err := run(context.Background(), []string{"--version"}, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(out.String(), "coachsim ") || !strings.Contains(out.String(), "\nhugo ") {
		t.Errorf("--version printed:\n%s", out.String())
	}
	fsys := afero.NewMemMapFs()
	_ = afero.WriteFile(fsys, "go.mod", []byte("module x\n\nrequire (\n\tgithub.com/gohugoio/hugo v0.165.0 // indirect\n)\n"), 0o644)
	if got := hugoVersion(fsys, "go.mod"); got != "v0.165.0" {
		t.Errorf("hugoVersion = %q", got)
	}
	if got := hugoVersion(fsys, "missing.mod"); !strings.HasPrefix(got, "unknown") {
		t.Errorf("hugoVersion of a missing file = %q", got)
	}
}

// coachsim map prints the map in each format, refuses scenarios with
// errors and draws an SVG of one scenario only.
func TestRunMap(t *testing.T) {
	const good = "check/testdata/diag/valid.yaml"
	const bad = "check/testdata/diag/missing-target.yaml"
	two := t.TempDir()
	for _, id := range []string{"one", "two"} {
		src, err := os.ReadFile(good)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(two, id+".yaml"), src, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name    string
		args    []string
		wantErr bool
		prefix  string   // of stdout
		stderr  []string // in stderr
	}{
		{"default mermaid", []string{"map", "-content", "check/testdata", good}, false, "flowchart TD\n", nil},
		{"dot", []string{"map", "-format", "dot", "-content", "check/testdata", good}, false, `digraph "valid" {`, nil},
		{"svg", []string{"map", "-format", "svg", "-content", "check/testdata", good}, false, "<svg ", nil},
		{"text", []string{"map", "-format", "text", "-content", "check/testdata", good}, false, "## ", nil},
		{"several as Markdown", []string{"map", "-content", "check/testdata", two}, false, "## ", nil},
		{"by id", []string{"map", "-format", "svg", "-content", "check/testdata", two, "two"}, false, "<svg ", nil},
		{"svg of two", []string{"map", "-format", "svg", "-content", "check/testdata", two}, true, "", []string{"-format svg draws one scenario"}},
		{"unknown id", []string{"map", "-content", "check/testdata", good, "nosuch"}, true, "", []string{`no scenario "nosuch"`}},
		{"refuses errors", []string{"map", "-content", "check/testdata", bad}, true, "",
			[]string{`missing-target.yaml:32:15: error: next moment "sft-end" does not exist`, "fix the errors above first"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err, stdout, stderr := runArgs(t, tt.args...)
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, want error %v\nstderr:\n%s", err, tt.wantErr, stderr)
			}
			if err != nil && !errors.Is(err, errReported) {
				t.Errorf("error %v was not reported", err)
			}
			if !strings.HasPrefix(stdout, tt.prefix) {
				t.Errorf("stdout starts %.60q, want %q", stdout, tt.prefix)
			}
			for _, want := range tt.stderr {
				if !strings.Contains(stderr, want) {
					t.Errorf("stderr lacks %q:\n%s", want, stderr)
				}
			}
		})
	}
	if _, stdout, _ := runArgs(t, "map", "-content", "check/testdata", two); strings.Count(stdout, "```mermaid\n") != 2 {
		t.Errorf("two scenarios do not give two mermaid blocks:\n%s", stdout)
	}
}

// coachsim new writes a scenario that checks clean with the project's
// lessons, refuses to overwrite it, and refuses a name that is no id.
func TestRunNew(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "scenarios")
	err, stdout, stderr := runArgs(t, "new", "-scenarios", dir, "first-step")
	if err != nil {
		t.Fatalf("new: %v\n%s", err, stderr)
	}
	path := filepath.Join(dir, "first-step.yaml")
	if !strings.Contains(stdout, path) {
		t.Errorf("stdout does not name %s:\n%s", path, stdout)
	}
	err, stdout, stderr = runArgs(t, "check", "-content", "../content", path)
	if err != nil || !strings.Contains(stdout, "1 scenario(s), 4 moment(s): 0 errors, 0 warnings") {
		t.Errorf("the new scenario does not check clean: %v\n%s%s", err, stdout, stderr)
	}
	before, _ := os.ReadFile(path)
	_ = os.WriteFile(path, append(before, "# mine\n"...), 0o644)
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"exists", []string{"new", "-scenarios", dir, "first-step"}, "already exists"},
		{"bad name", []string{"new", "-scenarios", dir, "First Step"}, "is not path-safe"},
		{"no name", []string{"new", "-scenarios", dir}, "give one NAME"},
		{"two names", []string{"new", "-scenarios", dir, "a", "b"}, "give one NAME"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err, stdout, stderr := runArgs(t, tt.args...)
			if !errors.Is(err, errReported) || !strings.Contains(stderr, tt.want) || stdout != "" {
				t.Errorf("err = %v, stdout %q, stderr %q; want a failure saying %q", err, stdout, stderr, tt.want)
			}
		})
	}
	if after, _ := os.ReadFile(path); !strings.HasSuffix(string(after), "# mine\n") {
		t.Error("new overwrote the existing file")
	}
}
