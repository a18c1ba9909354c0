package main

import (
	"context"
	"io"
	"path/filepath"
	"strconv"

	"github.com/spf13/afero"

	"coachsim/generator/preview"
)

// defaultCohort is the cohort file serve watches, at the project's root.
const defaultCohort = "cohort.yaml"

// cmdServe runs the live preview until Ctrl-C or SIGTERM.
func cmdServe(ctx context.Context, o *options, fsys afero.Fs, stdout, stderr io.Writer) error {
	port, _ := strconv.Atoi(o.Port) // parse checked it
	return preview.Run(ctx, preview.Options{
		Paths:      o.Paths,
		ContentDir: o.Content,
		LessonsDir: o.LessonsDir(),
		SiteDir:    o.Site,
		Cohort:     filepath.Join(projectRoot(fsys, o.Paths), defaultCohort),
		Port:       port,
		Stdout:     stdout,
		Stderr:     stderr,
	})
}
