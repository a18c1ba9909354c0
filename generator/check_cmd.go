package main

import (
	"context"
	"flag"
	"fmt"
	"io"

	"github.com/spf13/afero"

	"coachsim/generator/analysis"
	"coachsim/generator/check"
	"coachsim/generator/diag"
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
	res := check.Run(afero.NewOsFs(), check.Options{Paths: fs.Args(), LessonsDir: *lessons})
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
	for i, s := range res.Scenarios {
		a := res.Analyses[s.ID]
		if a == nil {
			continue
		}
		if i > 0 {
			fmt.Fprintln(stdout)
		}
		if err := analysis.WriteReport(stdout, s, a); err != nil {
			return err
		}
	}
	return nil
}
