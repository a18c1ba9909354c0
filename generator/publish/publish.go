// Package publish builds the coachsim site: it renders the checked
// scenarios and the lessons into Hugo content, runs Hugo over a working copy
// of the site/ project, and swaps the result into the output folder only
// when everything succeeded.
//
// All file access goes through an afero.Fs. Content generation works on any
// file system (tests use afero.NewMemMapFs); running the real Hugo needs one
// on disk.
package publish

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/afero"

	"coachsim/generator/check"
	"coachsim/generator/render"
	"coachsim/generator/scenario"
)

// Marker is the file every built site holds at its root. An existing output
// folder is only ever replaced when it is empty or holds this file, so a
// mistyped -out cannot delete someone's documents.
const Marker = ".coachsim-site"

// Options says what to build and where.
type Options struct {
	// Check is the checked input: the scenarios and their analyses. The
	// caller stops on errors; Build refuses a result with errors.
	Check *check.Result
	// ContentDir holds the authored content. Default "content".
	ContentDir string
	// LessonsDir is the lessons folder the checker read (Check.Lessons);
	// Generate copies its .md files into the working copy as Hugo content.
	// Default ContentDir/lessons.
	LessonsDir string
	// SiteDir is the Hugo project (config, layouts, assets, static).
	// Default "site". Its tools/ folder (the pinned Hugo) is not copied.
	SiteDir string
	// Out is the output folder, replaced as a whole. Default "build/site".
	// Temporary folders are made next to it.
	Out string
	// Fs is used for every file access. Default: the OS file system.
	Fs afero.Fs
	// Hugo runs Hugo. Default: HugoCommand for SiteDir.
	Hugo Runner
	// Renderer renders Markdown. Default: render.New with links to the
	// lessons Check.Lessons names.
	Renderer *render.Renderer
	// Log receives Hugo's warnings and what the build repaired or could
	// not tidy. Default: discarded.
	Log io.Writer
	// Scenarios are the ids of the scenarios to publish, in the order the
	// home page shows them (a cohort's choice); empty publishes every
	// checked scenario.
	Scenarios []string
	// Cohort, when set, is written as data/cohort.json (CohortData): the
	// cohort's name, welcome, facilitator and notes.
	Cohort *scenario.Cohort
	// Pause, when set, is called at each stage of the build ("generated",
	// "hugo-done", "swap", "swap-between"): the kill test stops a real build
	// there. Nil in normal use.
	Pause func(stage string)
	// twoStepSwap makes the swap rename twice even where one exchange
	// would do, so the kill test can stop a build between the renames.
	twoStepSwap bool
}

// Summary describes a finished build.
type Summary struct {
	Scenarios int           // scenarios published
	Pages     int           // .html files in the output
	Bytes     int64         // total size of the output
	Generate  time.Duration // rendering and writing the Hugo content
	Hugo      time.Duration // running Hugo
	Out       string        // the output folder, in Options.Fs
	Index     string        // Out/index.html, in Options.Fs
	IndexPath string        // absolute OS path of index.html, "" off disk
}

func (o *Options) defaults() {
	if o.ContentDir == "" {
		o.ContentDir = "content"
	}
	if o.SiteDir == "" {
		o.SiteDir = "site"
	}
	if o.Out == "" {
		o.Out = filepath.Join("build", "site")
	}
	if o.Fs == nil {
		o.Fs = afero.NewOsFs()
	}
	if o.Log == nil {
		o.Log = io.Discard
	}
	if o.Hugo == nil {
		o.Hugo = HugoCommand{SiteDir: o.SiteDir, Log: o.Log}
	}
	if o.Renderer == nil {
		var names []string
		if o.Check != nil {
			names = o.Check.Lessons
		}
		o.Renderer = render.New(render.WithLessons(LessonLinks(names)))
	}
}

func (o *Options) lessonsDir() string {
	if o.LessonsDir != "" {
		return filepath.ToSlash(o.LessonsDir)
	}
	return path.Join(filepath.ToSlash(o.ContentDir), "lessons")
}

// Build generates the Hugo project into a temporary working copy next to
// Out, runs Hugo into a second temporary folder, and swaps that in as Out.
// On any failure Out is left as it was and only the temporary folders
// Build made are removed.
func Build(ctx context.Context, opts Options) (Summary, error) {
	opts.defaults()
	var sum Summary
	if opts.Check == nil {
		return sum, errors.New("publish: no checked scenarios")
	}
	if opts.Check.Diags.HasErrors() {
		return sum, errors.New("publish: the scenarios have errors; fix them first (coachsim check)")
	}
	out := filepath.Clean(opts.Out)
	if err := safeOut(opts.Fs, out, opts.SiteDir, opts.ContentDir); err != nil {
		return sum, err
	}
	parent := filepath.Dir(out)
	if err := opts.Fs.MkdirAll(parent, 0o755); err != nil {
		return sum, fmt.Errorf("creating %s: %w", parent, err)
	}
	base := filepath.Base(out)
	pause := opts.Pause
	if pause == nil {
		pause = func(string) {}
	}
	warn := func(msg string) { fmt.Fprintln(opts.Log, "coachsim build:", msg) }

	// One build at a time per output folder; then whatever a build that
	// was killed left behind is repaired or removed.
	unlock, err := lock(opts.Fs, out)
	if err != nil {
		return sum, err
	}
	defer unlock()
	repaired, err := recoverOut(opts.Fs, out)
	for _, r := range repaired {
		warn(r)
	}
	if err != nil {
		return sum, err
	}

	start := time.Now()
	work, err := afero.TempDir(opts.Fs, parent, "."+base+workPrefix)
	if err != nil {
		return sum, fmt.Errorf("creating a working folder: %w", err)
	}
	defer opts.Fs.RemoveAll(work)
	if _, err := SyncSite(opts.Fs, opts.SiteDir, work); err != nil {
		return sum, fmt.Errorf("copying the Hugo project: %w", err)
	}
	if _, err := Generate(opts.Fs, work, opts); err != nil {
		return sum, err
	}
	sum.Generate = time.Since(start)
	pause("generated")
	if err := ctx.Err(); err != nil {
		return sum, err
	}

	start = time.Now()
	tmp, err := afero.TempDir(opts.Fs, parent, "."+base+newPrefix)
	if err != nil {
		return sum, fmt.Errorf("creating a temporary output folder: %w", err)
	}
	swapped := false
	defer func() {
		if !swapped {
			opts.Fs.RemoveAll(tmp)
		}
	}()
	if err := opts.Hugo.Run(ctx, opts.Fs, work, tmp); err != nil {
		return sum, err
	}
	sum.Hugo = time.Since(start)
	pause("hugo-done")
	if ok, _ := afero.Exists(opts.Fs, filepath.Join(tmp, "index.html")); !ok {
		return sum, errors.New("hugo made no index.html; the previous site is left as it was")
	}
	// TempDir makes private folders; the site is for a web server too.
	if err := opts.Fs.Chmod(tmp, 0o755); err != nil {
		return sum, fmt.Errorf("opening up the new site: %w", err)
	}
	if err := afero.WriteFile(opts.Fs, filepath.Join(tmp, Marker), []byte("Built by coachsim build. The whole folder is replaced by the next build.\n"), 0o644); err != nil {
		return sum, fmt.Errorf("marking the new site: %w", err)
	}
	if err := ctx.Err(); err != nil {
		return sum, err
	}
	if err := swapOut(opts.Fs, tmp, out, !opts.twoStepSwap, pause, warn); err != nil {
		return sum, err
	}
	swapped = true

	sum.Scenarios = len(included(opts.Check.Scenarios, opts.Scenarios))
	sum.Out = out
	sum.Index = filepath.Join(out, "index.html")
	if p, err := OSPath(opts.Fs, sum.Index); err == nil {
		sum.IndexPath = p
	}
	sum.Pages, sum.Bytes, err = measure(opts.Fs, out)
	return sum, err
}

// safeOut refuses output folders whose replacement could destroy anything
// but a previous build: the current folder or a root, a folder holding the
// project's sources, a file, or a non-empty folder without the Marker.
func safeOut(fsys afero.Fs, out string, keep ...string) error {
	if out == "." || out == ".." || filepath.Base(out) == ".." || filepath.Dir(out) == out {
		return fmt.Errorf("refusing to use %q as the output folder: it would be replaced as a whole", out)
	}
	// Compare resolved paths: "-out /abs/path/to/site/x" or a link into
	// site/ must not get past this.
	absOut := absolute(fsys, out)
	for _, k := range keep {
		if absK := absolute(fsys, k); within(absK, absOut) || within(absOut, absK) {
			return fmt.Errorf("refusing to use %q as the output folder: it overlaps %s", out, k)
		}
	}
	fi, err := fsys.Stat(out)
	if errors.Is(err, fs.ErrNotExist) || os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("output folder: %w", err)
	}
	if !fi.IsDir() {
		return fmt.Errorf("refusing to replace %s: it is a file, not a site folder", out)
	}
	if ok, _ := afero.Exists(fsys, filepath.Join(out, Marker)); ok {
		return nil
	}
	if empty, _ := afero.IsEmpty(fsys, out); empty {
		return nil
	}
	return fmt.Errorf("refusing to replace %s: it is not a site made by coachsim build (it has no %s file); remove it yourself or choose another -out", out, Marker)
}

// within reports whether p is dir or inside it (both cleaned, relative
// paths compared as written).
func within(p, dir string) bool {
	if dir == "." {
		return true
	}
	return p == dir || strings.HasPrefix(p, dir+string(filepath.Separator))
}

// skipSite leaves out what is not part of the Hugo project proper: the
// pinned tool module, Hugo's own output and caches, and the README.
func skipSite(rel string, isDir bool) bool {
	switch rel {
	case "tools", "public", "resources", ".hugo_build.lock", "README.md", "node_modules":
		return true
	}
	return false
}

// measure counts the .html files under dir and the bytes of all files.
func measure(fsys afero.Fs, dir string) (pages int, size int64, err error) {
	err = afero.Walk(fsys, dir, func(p string, fi os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		if fi.Mode().IsRegular() {
			size += fi.Size()
			if strings.HasSuffix(p, ".html") {
				pages++
			}
		}
		return nil
	})
	if err != nil {
		err = fmt.Errorf("measuring the site: %w", err)
	}
	return pages, size, err
}
