package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
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
		{"good file", []string{"check", "-lessons", "check/testdata/lessons", good}, false,
			[]string{"1 scenario(s), 3 moment(s): 0 errors, 0 warnings"}},
		{"bad file", []string{"check", "-lessons", "check/testdata/lessons", bad}, true,
			[]string{`missing-target.yaml:32:15: error: next moment "sft-end" does not exist in this scenario (did you mean "soft-end"?)`, "   32 |", "^"}},
		{"json", []string{"check", "--format", "json", "-lessons", "check/testdata/lessons", bad}, true,
			[]string{`"line": 32`, `"col": 15`, `"severity": "error"`}},
		{"unknown format", []string{"check", "--format", "xml", good}, true, nil},
		{"missing path", []string{"check", "no/such/file.yaml"}, true, []string{"no/such/file.yaml: error: no such scenario file or folder"}},
		{"unknown command", []string{"chekc"}, true, nil},
		{"no command", nil, true, nil},
		{"report", []string{"report", "-lessons", "check/testdata/lessons", good}, false, []string{"good-end", "soft-end"}},
		{"report unknown id", []string{"report", "-lessons", "check/testdata/lessons", good, "nosuch"}, true, []string{`no scenario "nosuch"`}},
		{"report refuses errors", []string{"report", "-lessons", "check/testdata/lessons", bad}, true, nil},
		{"report audit", []string{"report", "-lessons", "check/testdata/lessons", good}, false,
			[]string{"Gameability audit", "always the first shown option", "Where the best option", "never at the edge of the plane"}},
		{"report json", []string{"report", "--format", "json", "-lessons", "check/testdata/lessons", good}, false,
			[]string{`"audit": {`, `"strategy": "first-shown"`, `"best_at": [`, `"edge_step": 0`}},
		{"report unknown format", []string{"report", "--format", "xml", good}, true, nil},
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
	if err := run(context.Background(), []string{"report", "-lessons", "check/testdata/lessons", dir, "other"}, &stdout, &stderr); err != nil {
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
	if got := lessonsDir(afero.NewOsFs(), []string{t.TempDir()}); got != "content/lessons" {
		t.Errorf("a folder outside any project: %q, want the default", got)
	}
}
