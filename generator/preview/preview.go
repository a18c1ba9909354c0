// Package preview is coachsim's live preview: it keeps a working copy of
// the site refreshed in place from the scenarios, the content and the Hugo
// project as they are edited, and has Hugo's own server (a child process,
// with its live reload) serve it on the loopback interface, so that an open
// browser shows every saved change, or the checker's messages while the
// scenarios have errors.
package preview

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/spf13/afero"

	"coachsim/generator/check"
	"coachsim/generator/publish"
	"coachsim/generator/render"
)

// Options says what to preview.
type Options struct {
	// Paths are the scenario files or folders (default: scenarios).
	Paths []string
	// ContentDir holds the authored content (default: content).
	ContentDir string
	// LessonsDir is the lessons folder (default: ContentDir/lessons).
	LessonsDir string
	// SiteDir is the Hugo project (default: site).
	SiteDir string
	// Cohort is the cohort file to watch; it need not exist.
	Cohort string
	// Port is the loopback port to serve on; 0 picks a free one.
	Port int
	// Hugo is the Hugo executable; empty means the one pinned in
	// SiteDir/tools (see HugoBinary).
	Hugo string
	// Debounce is how long the files must stay quiet after a change before
	// the preview rebuilds. Default 150ms.
	Debounce time.Duration
	// Stdout receives the address; Stderr the checker's messages, Hugo's
	// errors and a line per rebuild. Default: discarded.
	Stdout, Stderr io.Writer
}

func (o *Options) defaults() {
	if len(o.Paths) == 0 {
		o.Paths = []string{"scenarios"}
	}
	if o.ContentDir == "" {
		o.ContentDir = "content"
	}
	if o.LessonsDir == "" {
		o.LessonsDir = filepath.Join(o.ContentDir, "lessons")
	}
	if o.SiteDir == "" {
		o.SiteDir = "site"
	}
	if o.Debounce == 0 {
		o.Debounce = 150 * time.Millisecond
	}
	if o.Stdout == nil {
		o.Stdout = io.Discard
	}
	if o.Stderr == nil {
		o.Stderr = io.Discard
	}
}

// WorkPrefix begins the name of the working folder Run makes in the
// system's temporary folder (and removes when it returns).
const WorkPrefix = "coachsim-preview-"

// Run serves the preview until ctx ends, then stops Hugo and removes the
// working folder. It returns nil when ctx ended it, an error when the
// preview could not start or Hugo stopped by itself.
func Run(ctx context.Context, o Options) (err error) {
	o.defaults()
	work, err := os.MkdirTemp("", WorkPrefix)
	if err != nil {
		return fmt.Errorf("making the working folder: %w", err)
	}
	defer func() {
		if rmErr := os.RemoveAll(work); rmErr != nil && err == nil {
			err = fmt.Errorf("removing the working folder: %w", rmErr)
		}
	}()
	p := &preview{o: o, fs: afero.NewOsFs(), site: filepath.Join(work, "site")}

	// Watch before the first build, so that no save is missed.
	changes := make(chan Change)
	wctx, stopWatch := context.WithCancel(ctx)
	defer stopWatch()
	w, err := newWatcher(p.targets(), o.Debounce, func(err error) { fmt.Fprintln(o.Stderr, "coachsim serve: watching:", err) })
	if err != nil {
		return fmt.Errorf("watching the files: %w", err)
	}
	go w.run(wctx, changes)

	if err := p.rebuild(Change{Site: true, Input: true}); err != nil {
		return err
	}
	bin := o.Hugo
	if bin == "" {
		if bin, err = HugoBinary(ctx, o.SiteDir); err != nil {
			return err
		}
	}
	port := o.Port
	if port == 0 {
		if port, err = FreePort(); err != nil {
			return fmt.Errorf("finding a free port: %w", err)
		}
	}
	h, err := startHugo(bin, p.site, filepath.Join(work, "cache"), port, o.Stderr)
	if err != nil {
		return err
	}
	defer h.stop(3 * time.Second)
	url, err := h.waitURL(ctx, 2*time.Minute)
	if err != nil {
		if ctx.Err() != nil {
			return nil
		}
		return err
	}
	fmt.Fprintf(o.Stdout, "preview at %s (Ctrl-C to stop); it reloads itself when you save\n", url)

	for {
		select {
		case <-ctx.Done():
			return nil
		case <-h.done:
			return fmt.Errorf("hugo server stopped: %v", h.err)
		case c := <-changes:
			if err := p.rebuild(c); err != nil {
				fmt.Fprintln(o.Stderr, "coachsim serve:", err)
			}
		}
	}
}

// preview is the state of one Run.
type preview struct {
	o    Options
	fs   afero.Fs
	site string // the working copy Hugo serves
	good bool   // the working copy holds scenarios that had no errors
}

// targets lists what to watch, as absolute paths.
func (p *preview) targets() []Target {
	var ts []Target
	add := func(path string, site bool, skip ...string) {
		if path == "" {
			return
		}
		if abs, err := filepath.Abs(path); err == nil {
			ts = append(ts, Target{Path: abs, Site: site, Skip: skip})
		}
	}
	add(p.o.SiteDir, true, "tools", "public", "resources", "node_modules")
	for _, path := range p.o.Paths {
		add(path, false)
	}
	add(p.o.ContentDir, false)
	add(p.o.LessonsDir, false)
	add(p.o.Cohort, false)
	return ts
}

// rebuild brings the working copy up to date with what changed. With
// errors in the scenarios the data is left as it was (the last good
// preview) and the checker's messages are written for the banner.
func (p *preview) rebuild(c Change) error {
	start := time.Now()
	changed := 0
	if c.Site {
		n, err := publish.SyncSite(p.fs, p.o.SiteDir, p.site)
		if err != nil {
			return err
		}
		changed += n
	}
	stale := false
	if c.Input {
		var have []string
		md := render.New(render.WithLessons(func(name string) (string, bool) { return publish.LessonLinks(have)(name) }))
		res := check.Run(p.fs, check.Options{Paths: p.o.Paths, LessonsDir: p.o.LessonsDir, Renderer: md})
		have = res.Lessons
		if len(res.Diags) > 0 {
			_ = res.Diags.Format(p.o.Stderr, res.Sources)
		}
		var problems *publish.Problems
		switch {
		case res.Diags.HasErrors():
			errs, _ := res.Diags.Count()
			pr := publish.NewProblems(res.Diags, res.Sources, plural(errs, "error")+" in the scenarios")
			problems, stale = &pr, true
		case len(res.Scenarios) == 0:
			pr := publish.NewProblems(nil, nil, fmt.Sprintf("no scenarios found in %v", p.o.Paths))
			problems, stale = &pr, true
		}
		in := res
		if stale && !p.good {
			// No good version yet: a site with no scenarios (the plane,
			// the lessons), which the banner tops.
			in = &check.Result{Lessons: res.Lessons, LessonFiles: res.LessonFiles}
		}
		if !stale || !p.good {
			n, err := publish.Generate(p.fs, p.site, publish.Options{
				Check: in, ContentDir: p.o.ContentDir, LessonsDir: p.o.LessonsDir,
				SiteDir: p.o.SiteDir, Renderer: md,
			})
			changed += n
			if err != nil {
				return err
			}
			p.good = p.good || !stale
		}
		ok, err := publish.WriteProblems(p.fs, p.site, problems)
		if ok {
			changed++
		}
		if err != nil {
			return err
		}
	}
	when := time.Now().Format("15:04:05")
	switch {
	case stale:
		fmt.Fprintf(p.o.Stderr, "%s the preview keeps the last version without errors and shows these on every page; save a fix and it comes back\n", when)
	case changed > 0:
		fmt.Fprintf(p.o.Stderr, "%s updated %s in %s; the browser reloads itself\n", when, plural(changed, "file"), time.Since(start).Round(time.Millisecond))
	}
	return nil
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}
