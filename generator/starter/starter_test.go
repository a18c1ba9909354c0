package starter

import (
	"bytes"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spf13/afero"

	"coachsim/generator/check"
)

// The new scenario passes coachsim check with no error and no warning,
// against the real lessons, written to disk and to memory alike.
func TestScenarioChecksClean(t *testing.T) {
	lessons, err := filepath.Abs("../../content/lessons")
	if err != nil {
		t.Fatal(err)
	}
	for _, fsys := range []struct {
		name string
		fs   afero.Fs
		dir  string
	}{
		{"disk", afero.NewOsFs(), t.TempDir()},
		{"memory", afero.NewCopyOnWriteFs(afero.NewReadOnlyFs(afero.NewOsFs()), afero.NewMemMapFs()), "/new/scenarios"},
	} {
		t.Run(fsys.name, func(t *testing.T) {
			path, err := Write(fsys.fs, fsys.dir, "first-step")
			if err != nil {
				t.Fatal(err)
			}
			res := check.Run(fsys.fs, check.Options{Paths: []string{path}, LessonsDir: lessons})
			if len(res.Diags) > 0 {
				var b bytes.Buffer
				_ = res.Diags.Format(&b, res.Sources)
				t.Errorf("the new scenario has problems:\n%s", b.String())
			}
			if len(res.Scenarios) != 1 || res.Scenarios[0].ID.Value != "first-step" {
				t.Fatalf("loaded %d scenarios", len(res.Scenarios))
			}
			s := res.Scenarios[0]
			var decisions, endings int
			for _, m := range s.Moments {
				if m.IsEnding() {
					endings++
				} else if m.IsDecision() {
					decisions++
				}
			}
			if decisions != 2 || endings != 2 {
				t.Errorf("%d decisions and %d endings, want 2 and 2", decisions, endings)
			}
		})
	}
}

// The file starts with the schema line and teaches the format in comments.
func TestScenarioText(t *testing.T) {
	text := string(Scenario())
	if !strings.HasPrefix(text, "# yaml-language-server: $schema=scenario.schema.json\n") {
		t.Errorf("no schema line first:\n%.80s", text)
	}
	for _, want := range []string{"scenarios/README.md", "RUBRIC.md", "# a moment id", "the default"} {
		if !strings.Contains(text, want) {
			t.Errorf("the comments do not mention %q", want)
		}
	}
}

func TestWrite(t *testing.T) {
	tests := []struct {
		name    string
		arg     string
		exists  bool
		wantErr string
		path    string
	}{
		{"new", "first-step", false, "", "scenarios/first-step.yaml"},
		{"with .yaml", "first-step.yaml", false, "", "scenarios/first-step.yaml"},
		{"exists", "first-step", true, "already exists", ""},
		{"not path-safe", "First Step", false, `"First Step" is not path-safe`, ""},
		{"reserved", "con", false, "Windows reserves", ""},
		{"empty", "", false, "is not path-safe", ""},
		{"a path", "../x", false, "is not path-safe", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := afero.NewMemMapFs()
			if tt.exists {
				_ = afero.WriteFile(fsys, "scenarios/first-step.yaml", []byte("mine"), 0o644)
			}
			path, err := Write(fsys, "scenarios", tt.arg)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want %q", err, tt.wantErr)
				}
				if tt.exists {
					if !errors.Is(err, ErrExists) {
						t.Errorf("err %v is not ErrExists", err)
					}
					if b, _ := afero.ReadFile(fsys, "scenarios/first-step.yaml"); string(b) != "mine" {
						t.Errorf("the existing file was overwritten: %q", b)
					}
				}
				return
			}
			if err != nil || filepath.ToSlash(path) != tt.path {
				t.Fatalf("Write = %q, %v; want %q", path, err, tt.path)
			}
			if b, _ := afero.ReadFile(fsys, path); !bytes.Equal(b, Scenario()) {
				t.Errorf("wrote %d bytes, not the template", len(b))
			}
		})
	}
}
