package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/afero"

	"coachsim/generator/analysis"
	"coachsim/generator/check"
	"coachsim/generator/diag"
	"coachsim/generator/render"
	"coachsim/generator/scenario"
)

func newFlags(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("coachsim "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	return fs
}

// cmdCheck prints every problem in the scenarios and fails if any is an
// error.
func cmdCheck(_ context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("check", stderr)
	format := fs.String("format", "text", "output format: text (with source snippets) or json")
	lessons := fs.String("lessons", "", "folder of lesson Markdown files that lesson links must name (default: content/lessons of the project the scenarios are in)")
	if err := fs.Parse(args); err != nil {
		return errReported
	}
	if *lessons == "" {
		paths := fs.Args()
		if len(paths) == 0 {
			paths = []string{"scenarios"}
		}
		*lessons = lessonsDir(afero.NewOsFs(), paths)
	}
	if *format != "text" && *format != "json" {
		fmt.Fprintf(stderr, "coachsim check: unknown format %q (use text or json)\n", *format)
		return errReported
	}
	res := check.Run(afero.NewOsFs(), check.Options{Paths: fs.Args(), LessonsDir: *lessons})
	if *format == "json" {
		if err := res.Diags.FormatJSON(stdout); err != nil {
			return err
		}
	} else {
		if err := res.Diags.Format(stdout, res.Sources); err != nil {
			return err
		}
		summary(stdout, res)
	}
	if res.Diags.HasErrors() {
		return errReported
	}
	return nil
}

func summary(w io.Writer, res *check.Result) {
	errs, warns := res.Diags.Count()
	moments := 0
	for _, s := range res.Scenarios {
		moments += len(s.Moments)
	}
	fmt.Fprintf(w, "%d scenario(s), %d moment(s): %s, %s\n", len(res.Scenarios), moments, plural(errs, "error"), plural(warns, "warning"))
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// cmdReport prints, for each scenario, where its endings can be reached and
// its best, worst and longest paths.
func cmdReport(_ context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("report", stderr)
	lessons := fs.String("lessons", "", "folder of lesson Markdown files (default: content/lessons of the project the scenarios are in)")
	format := fs.String("format", "text", "output format: text or json")
	if err := fs.Parse(args); err != nil {
		return errReported
	}
	if *format != "text" && *format != "json" {
		fmt.Fprintf(stderr, "coachsim report: unknown format %q (use text or json)\n", *format)
		return errReported
	}
	osfs := afero.NewOsFs()
	paths, ids := reportArgs(osfs, fs.Args())
	if *lessons == "" {
		*lessons = lessonsDir(osfs, paths)
	}
	md := render.New()
	res := check.Run(osfs, check.Options{Paths: paths, LessonsDir: *lessons, Renderer: md})
	if res.Diags.HasErrors() {
		errsOnly := diag.List{}
		for _, d := range res.Diags {
			if d.Severity == diag.Error {
				errsOnly = append(errsOnly, d)
			}
		}
		_ = errsOnly.Format(stderr, res.Sources)
		fmt.Fprintln(stderr, "coachsim report: fix the errors above first (coachsim check shows everything)")
		return errReported
	}
	for _, id := range ids {
		if !slices.ContainsFunc(res.Scenarios, func(s *scenario.Scenario) bool { return s.ID.Value == id }) {
			fmt.Fprintf(stderr, "coachsim report: no scenario %q in %s\n", id, strings.Join(paths, ", "))
			return errReported
		}
	}
	var ss []*scenario.Scenario
	var rs []*analysis.Result
	var audits []*analysis.Audit
	for _, s := range res.Scenarios {
		if len(ids) > 0 && !slices.Contains(ids, s.ID.Value) {
			continue
		}
		a := res.Analyses[s.ID.Value]
		if a == nil {
			continue
		}
		if len(a.Tracked) > 0 {
			// The report tells every flag combination an ending is reached
			// with, when keeping them all stays within the state limit.
			if full, err := analysis.Analyze(s, analysis.Options{KeepFlags: true}); err == nil {
				a = full
			}
		}
		ss, rs, audits = append(ss, s), append(rs, a), append(audits, res.Audits[s.ID.Value])
	}
	if *format == "json" {
		return analysis.WriteReportJSON(stdout, ss, rs, audits)
	}
	for i, s := range ss {
		if i > 0 {
			fmt.Fprintln(stdout)
		}
		if err := analysis.WriteReport(stdout, s, rs[i], audits[i], md.Text); err != nil {
			return err
		}
	}
	return nil
}

// lessonsDir finds the lessons folder for scenarios given by paths: the
// content/lessons of the nearest folder, from the first path upwards, that
// has one, so that check and report work from any directory. When none is
// found it is content/lessons under the current directory, as before.
func lessonsDir(fsys afero.Fs, paths []string) string {
	const rel = "content/lessons"
	if len(paths) == 0 {
		return rel
	}
	dir, err := filepath.Abs(paths[0])
	if err != nil {
		return rel
	}
	if fi, err := fsys.Stat(dir); err != nil || !fi.IsDir() {
		dir = filepath.Dir(dir)
	}
	for {
		cand := filepath.Join(dir, filepath.FromSlash(rel))
		if fi, err := fsys.Stat(cand); err == nil && fi.IsDir() {
			if wd, err := os.Getwd(); err == nil {
				if r, err := filepath.Rel(wd, cand); err == nil && !strings.HasPrefix(r, "..") {
					return filepath.ToSlash(r) // keep messages short when inside the project
				}
			}
			return cand
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return rel
		}
		dir = parent
	}
}

// reportArgs splits report's arguments into paths to load and scenario ids
// to show: an argument that names no file or folder is taken as the id of a
// scenario in scenarios/, so "coachsim report shame-spiral" works.
func reportArgs(fsys afero.Fs, args []string) (paths, ids []string) {
	for _, a := range args {
		if _, err := fsys.Stat(a); err == nil {
			paths = append(paths, a)
		} else {
			ids = append(ids, a)
		}
	}
	if len(paths) == 0 {
		paths = []string{"scenarios"}
	}
	return paths, ids
}
