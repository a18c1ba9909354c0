package main

import (
	"context"
	"fmt"
	"io"
	"net/url"
	"path/filepath"
	"time"

	"github.com/spf13/afero"

	"coachsim/generator/check"
	"coachsim/generator/publish"
	"coachsim/generator/render"
)

// cmdBuild checks the scenarios and, when they have no errors, builds the
// site into the output folder (replacing it only on success). It ends by
// printing where index.html is and a one-line summary.
func cmdBuild(ctx context.Context, o *options, fsys afero.Fs, stdout, stderr io.Writer) error {
	paths := o.Paths
	start := time.Now()
	lessons := o.LessonsDir()
	// One renderer for the checker and the site. The checker reads the
	// lessons folder once (res.Lessons); links resolve against that list,
	// which exists by the time anything is rendered.
	var have []string
	md := render.New(render.WithLessons(func(name string) (string, bool) { return publish.LessonLinks(have)(name) }))
	res := check.Run(fsys, check.Options{Paths: paths, LessonsDir: lessons, Renderer: md, Cohort: o.cohortFile(fsys)})
	have = res.Lessons
	if len(res.Diags) > 0 {
		if err := res.Diags.Format(stderr, res.Sources); err != nil {
			return fmt.Errorf("printing diagnostics: %w", err)
		}
	}
	if res.Diags.HasErrors() {
		fmt.Fprintln(stderr, "coachsim: build stopped: fix the errors above; the previous site is unchanged")
		return errReported
	}
	if len(res.Scenarios) == 0 {
		return fmt.Errorf("build: no scenarios found in %v", paths)
	}
	checked := time.Since(start)

	sum, err := publish.Build(ctx, publish.Options{
		Check:      res,
		ContentDir: o.Content,
		LessonsDir: lessons,
		SiteDir:    o.Site,
		Out:        o.Out,
		Fs:         fsys,
		Renderer:   md,
		Log:        stderr,
		Scenarios:  res.Cohort.IDs(),
		Cohort:     res.Cohort,
	})
	if err != nil {
		return fmt.Errorf("build: %w", err)
	}
	index := sum.IndexPath
	if index == "" {
		index = sum.Index
	}
	p := filepath.ToSlash(index)
	if len(p) > 0 && p[0] != '/' {
		p = "/" + p // a Windows drive letter
	}
	u := url.URL{Scheme: "file", Path: p}
	fmt.Fprintf(stdout, "open %s\n  (%s)\n", u.String(), index)
	fmt.Fprintf(stdout, "built %d scenarios, %d pages, %s in %s (generator %s, hugo %s)\n",
		sum.Scenarios, sum.Pages, kb(sum.Bytes), round(time.Since(start)), round(checked+sum.Generate), round(sum.Hugo))
	return nil
}

// kb formats a byte count in kilobytes.
func kb(n int64) string {
	return fmt.Sprintf("%d KB", (n+512)/1024)
}

// round shortens a duration for people: milliseconds under ten seconds,
// tenths of a second above.
func round(d time.Duration) time.Duration {
	if d < 10*time.Second {
		return d.Round(time.Millisecond)
	}
	return d.Round(100 * time.Millisecond)
}

// distFolder is the one folder a dist zip holds the site in.
const distFolder = "coachsim-site"

// cmdDist builds the site, then zips the output folder into o.Zip.
func cmdDist(ctx context.Context, o *options, fsys afero.Fs, stdout, stderr io.Writer) error {
	if err := cmdBuild(ctx, o, fsys, stdout, stderr); err != nil {
		return err
	}
	n, err := publish.Zip(fsys, o.Out, o.Zip, distFolder)
	if err != nil {
		return fmt.Errorf("dist: %w", err)
	}
	size := int64(0)
	if fi, err := fsys.Stat(o.Zip); err == nil {
		size = fi.Size()
	}
	fmt.Fprintf(stdout, "zipped %d files, %s, into %s: hand it to trainees; they unzip it and open %s/index.html\n", n, kb(size), o.Zip, distFolder)
	return nil
}
