package main

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/spf13/afero"

	"coachsim/generator/analysis"
	"coachsim/generator/check"
	"coachsim/generator/diag"
	"coachsim/generator/render"
	"coachsim/generator/scenario"
)

// cmdCheck prints every problem in the scenarios and fails if any is an
// error.
func cmdCheck(_ context.Context, o *options, fsys afero.Fs, stdout, _ io.Writer) error {
	res := check.Run(fsys, check.Options{Paths: o.Paths, LessonsDir: o.LessonsDir(), Cohort: o.cohortFile(fsys)})
	if o.Format == "json" {
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
func cmdReport(_ context.Context, o *options, fsys afero.Fs, stdout, stderr io.Writer) error {
	paths, ids := o.Paths, o.IDs
	md := render.New()
	res := check.Run(fsys, check.Options{Paths: paths, LessonsDir: o.LessonsDir(), Renderer: md})
	if err := usable(res, "report", paths, ids, stderr); err != nil {
		return err
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
	if o.Format == "json" {
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

// usable refuses, for the command named cmd, a check result with errors
// (printing only the errors: warnings do not stop a report or a map) or
// without every scenario ids names.
func usable(res *check.Result, cmd string, paths, ids []string, stderr io.Writer) error {
	if res.Diags.HasErrors() {
		var errs diag.List
		for _, d := range res.Diags {
			if d.Severity == diag.Error {
				errs = append(errs, d)
			}
		}
		_ = errs.Format(stderr, res.Sources)
		fmt.Fprintf(stderr, "coachsim %s: fix the errors above first (coachsim check shows everything)\n", cmd)
		return errReported
	}
	for _, id := range ids {
		if !slices.ContainsFunc(res.Scenarios, func(s *scenario.Scenario) bool { return s.ID.Value == id }) {
			fmt.Fprintf(stderr, "coachsim %s: no scenario %q in %s\n", cmd, id, strings.Join(paths, ", "))
			return errReported
		}
	}
	return nil
}
