// Command gen writes scenarios/scenario.schema.json (or, with -cohort,
// scenarios/cohort.schema.json) from the format's one
// definition (package scenario). Run it with go generate ./generator/schema.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/spf13/afero"

	"coachsim/generator/schema"
)

func main() {
	if err := run(context.Background(), os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run(_ context.Context, args []string, stdout, stderr io.Writer) error {
	fl := flag.NewFlagSet("gen", flag.ContinueOnError)
	fl.SetOutput(stderr)
	lessons := fl.String("lessons", "content/lessons", "the lessons folder, for the lesson names editors offer")
	out := fl.String("out", "scenarios/scenario.schema.json", "the file to write")
	cohort := fl.Bool("cohort", false, "write the cohort file's schema (cohort.yaml) instead of the scenarios'")
	if err := fl.Parse(args); err != nil {
		return err
	}
	fsys := afero.NewOsFs()
	var b []byte
	var err error
	if *cohort {
		b, err = schema.GenerateCohort()
	} else {
		var names []string
		if names, err = schema.LessonNames(fsys, *lessons); err != nil {
			return err
		}
		b, err = schema.Generate(names)
	}
	if err != nil {
		return err
	}
	// Write beside the target and rename, so an editor never reads half a
	// schema.
	tmp := *out + ".tmp"
	if err := afero.WriteFile(fsys, tmp, b, 0o644); err != nil {
		return err
	}
	if err := fsys.Rename(tmp, *out); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote %s (%d bytes)\n", *out, len(b))
	return nil
}
