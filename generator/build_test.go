package main

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"coachsim/generator/publish"
)

// writeFile writes text to name, making its folder.
func writeFile(t *testing.T, name, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// A build that stops on errors prints them and leaves the last site alone.
func TestBuildStopsOnErrors(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "build", "site")
	writeFile(t, filepath.Join(out, "index.html"), "the last good site")
	writeFile(t, filepath.Join(out, publish.Marker), "")
	bad := filepath.Join(dir, "bad.yaml")
	writeFile(t, bad, "title: Broken\nsummary: x\ndifficulty: easy\nminutes: 5\nskills: [spectrum]\n")
	for _, tc := range []struct {
		name     string
		args     []string
		contains []string
	}{
		{"scenario errors", []string{"-out", out, "-content", "publish/testdata", bad}, []string{"bad.yaml:", "error", "previous site is unchanged"}},
		{"unknown flag", []string{"-nope"}, []string{"flag provided but not defined"}},
		{"no scenarios", []string{"-out", out, filepath.Join(dir, "missing")}, []string{"missing"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			err := run(context.Background(), append([]string{"build"}, tc.args...), &stdout, &stderr)
			if err == nil {
				t.Fatalf("cmdBuild succeeded:\n%s", &stdout)
			}
			all := stderr.String() + err.Error()
			for _, want := range tc.contains {
				if !strings.Contains(all, want) {
					t.Errorf("output lacks %q:\n%s", want, all)
				}
			}
			if b, _ := os.ReadFile(filepath.Join(out, "index.html")); string(b) != "the last good site" {
				t.Errorf("the last site was changed: %q", b)
			}
		})
	}
}

// A real build (with the pinned Hugo) ends with where to open the site and
// a one-line summary.
func TestBuildPrintsWhereAndSummary(t *testing.T) {
	if testing.Short() {
		t.Skip("runs Hugo")
	}
	out := filepath.Join(t.TempDir(), "site")
	var stdout, stderr bytes.Buffer
	err := run(context.Background(), []string{"build", "-out", out, "-content", "publish/testdata", "-site", "../site", "publish/testdata/scenarios"}, &stdout, &stderr)
	if err != nil {
		if errors.Is(err, errReported) {
			t.Fatalf("build failed:\n%s", &stderr)
		}
		t.Fatal(err)
	}
	index := filepath.Join(out, "index.html")
	if !strings.Contains(stdout.String(), "file://"+filepath.ToSlash(index)) || !strings.Contains(stdout.String(), "("+index+")") {
		t.Errorf("stdout does not say where index.html is:\n%s", &stdout)
	}
	files, _ := filepath.Glob("publish/testdata/scenarios/*.yaml")
	summary := regexp.MustCompile(fmt.Sprintf(`built %d scenarios, \d+ pages, \d+ KB in [0-9.]+m?s \(generator [0-9.]+m?s, hugo [0-9.]+m?s\)`, len(files)))
	if !summary.MatchString(stdout.String()) {
		t.Errorf("no summary line in:\n%s", &stdout)
	}
	if _, err := os.Stat(index); err != nil {
		t.Error(err)
	}
}

// coachsim dist builds the site and zips it, one folder inside, and says
// where the zip is; a failed build leaves no zip.
func TestDistCommand(t *testing.T) {
	if testing.Short() {
		t.Skip("runs Hugo")
	}
	dir := t.TempDir()
	out, zipFile := filepath.Join(dir, "site"), filepath.Join(dir, "coachsim-site.zip")
	var stdout, stderr bytes.Buffer
	err := run(context.Background(), []string{"dist", "-out", out, "-zip", zipFile, "-content", "publish/testdata", "-site", "../site", "publish/testdata/scenarios"}, &stdout, &stderr)
	if err != nil {
		t.Fatalf("dist: %v\n%s", err, &stderr)
	}
	if !strings.Contains(stdout.String(), "into "+zipFile) {
		t.Errorf("stdout does not say where the zip is:\n%s", &stdout)
	}
	zr, err := zip.OpenReader(zipFile)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	index := false
	for _, f := range zr.File {
		if !strings.HasPrefix(f.Name, distFolder+"/") {
			t.Errorf("%s is outside the one folder %s/", f.Name, distFolder)
		}
		index = index || f.Name == distFolder+"/index.html"
	}
	if !index {
		t.Errorf("no %s/index.html in the zip", distFolder)
	}

	bad := filepath.Join(dir, "bad.zip")
	err = run(context.Background(), []string{"dist", "-out", filepath.Join(dir, "site2"), "-zip", bad, "-content", "publish/testdata", "-site", "../site", "check/testdata/diag/empty.yaml"}, io.Discard, io.Discard)
	if err == nil {
		t.Fatal("dist succeeded on a scenario with errors")
	}
	if _, err := os.Stat(bad); err == nil {
		t.Error("a failed dist wrote a zip")
	}
}
