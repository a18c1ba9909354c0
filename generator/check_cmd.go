package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/spf13/afero"

	"coachsim/generator/analysis"
	"coachsim/generator/check"
	"coachsim/generator/diag"
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
	lessons := fs.String("lessons", "content/lessons", "folder of lesson Markdown files that lesson links must name")
	if err := fs.Parse(args); err != nil {
		return errReported
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
	lessons := fs.String("lessons", "content/lessons", "folder of lesson Markdown files")
	if err := fs.Parse(args); err != nil {
		return errReported
	}
	osfs := afero.NewOsFs()
	paths, ids := reportArgs(osfs, fs.Args())
	res := check.Run(osfs, check.Options{Paths: paths, LessonsDir: *lessons})
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
		if !slices.ContainsFunc(res.Scenarios, func(s *scenario.Scenario) bool { return s.ID == id }) {
			fmt.Fprintf(stderr, "coachsim report: no scenario %q in %s\n", id, strings.Join(paths, ", "))
			return errReported
		}
	}
	printed := 0
	for _, s := range res.Scenarios {
		if len(ids) > 0 && !slices.Contains(ids, s.ID) {
			continue
		}
		a := res.Analyses[s.ID]
		if a == nil {
			continue
		}
		if printed > 0 {
			fmt.Fprintln(stdout)
		}
		printed++
		if err := analysis.WriteReport(stdout, s, a); err != nil {
			return err
		}
	}
	return nil
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
