package preview

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/fsnotify/fsnotify"

	"coachsim/generator/publish"
)

// Change says which inputs changed in one debounced batch of events.
type Change struct {
	// Site is set when the Hugo project (site/) changed: the working copy
	// needs only a sync.
	Site bool
	// Input is set when scenarios, content or the cohort file changed: the
	// scenarios are checked again and the data regenerated.
	Input bool
}

// Target is one thing to watch: a folder (with everything under it) or a
// single file, which may not exist yet.
type Target struct {
	Path string
	// Site marks the Hugo project; everything else is input.
	Site bool
	// Skip names top-level entries of a folder target that are not
	// watched (site/tools, node_modules).
	Skip []string
}

// watcher turns fsnotify's events into debounced Changes. Editors save by
// writing a new file and renaming it over the old one, and fire several
// events for one save, so it watches folders, never files, and waits for
// a short quiet spell before reporting.
type watcher struct {
	fw      *fsnotify.Watcher
	targets []Target
	quiet   time.Duration // report after this long without events
	longest time.Duration // but at the latest this long after the first
	errs    func(error)
}

func newWatcher(targets []Target, quiet time.Duration, errs func(error)) (*watcher, error) {
	fw, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, err
	}
	w := &watcher{fw: fw, targets: targets, quiet: quiet, longest: 10 * quiet, errs: errs}
	for _, t := range targets {
		w.addTarget(t)
	}
	return w, nil
}

// addTarget starts watching t: a folder and its sub-folders, or, for a
// file or a folder that does not exist yet, the folder that holds it (so
// that its creation is seen).
func (w *watcher) addTarget(t Target) {
	if fi, err := os.Stat(t.Path); err == nil && fi.IsDir() {
		w.addTree(t, t.Path)
	}
	// A watch on the parent sees the target itself made, renamed into
	// place or removed.
	if err := w.fw.Add(filepath.Dir(t.Path)); err != nil {
		w.errs(err)
	}
}

// addTree watches dir and every folder under it.
func (w *watcher) addTree(t Target, dir string) {
	_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || !d.IsDir() {
			return nil
		}
		if w.skipped(t, p) {
			return filepath.SkipDir
		}
		if err := w.fw.Add(p); err != nil {
			w.errs(err)
		}
		return nil
	})
}

func (w *watcher) skipped(t Target, p string) bool {
	rel, err := filepath.Rel(t.Path, p)
	if err != nil || rel == "." {
		return false
	}
	top := rel
	if i := indexSep(rel); i >= 0 {
		top = rel[:i]
	}
	for _, s := range t.Skip {
		if top == s {
			return true
		}
	}
	return false
}

func indexSep(s string) int {
	for i := 0; i < len(s); i++ {
		if os.IsPathSeparator(s[i]) {
			return i
		}
	}
	return -1
}

// classify says which target an event's file belongs to, if any.
func (w *watcher) classify(name string) (Target, bool) {
	for _, t := range w.targets {
		if name == t.Path {
			return t, true
		}
		rel, err := filepath.Rel(t.Path, name)
		if err != nil || rel == ".." || len(rel) > 2 && rel[:2] == ".." && os.IsPathSeparator(rel[2]) {
			continue
		}
		if w.skipped(t, name) {
			return Target{}, false
		}
		return t, true
	}
	return Target{}, false
}

// run reports Changes on out until ctx ends.
func (w *watcher) run(ctx context.Context, out chan<- Change) {
	defer w.fw.Close()
	var pending Change
	var first, last time.Time
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case err, ok := <-w.fw.Errors:
			if !ok {
				return
			}
			w.errs(err)
		case ev, ok := <-w.fw.Events:
			if !ok {
				return
			}
			if ev.Op == fsnotify.Chmod || publish.EditorFile(filepath.Base(ev.Name)) {
				continue
			}
			t, ok := w.classify(ev.Name)
			if !ok {
				continue
			}
			if ev.Has(fsnotify.Create) {
				// A new folder (or a target folder made anew): watch it.
				if fi, err := os.Stat(ev.Name); err == nil && fi.IsDir() {
					w.addTree(t, ev.Name)
				}
			}
			if t.Site {
				pending.Site = true
			} else {
				pending.Input = true
			}
			now := time.Now()
			if first.IsZero() {
				first = now
			}
			last = now
			timer.Reset(w.wait(first, last))
		case <-timer.C:
			if time.Since(last) < w.quiet && time.Since(first) < w.longest {
				timer.Reset(w.wait(first, last))
				continue
			}
			select {
			case out <- pending:
			case <-ctx.Done():
				return
			}
			pending, first, last = Change{}, time.Time{}, time.Time{}
		}
	}
}

// wait is how long to wait from now before reporting a batch that began
// at first and last had an event at last.
func (w *watcher) wait(first, last time.Time) time.Duration {
	d := min(time.Until(last.Add(w.quiet)), time.Until(first.Add(w.longest)))
	return max(d, time.Millisecond)
}
