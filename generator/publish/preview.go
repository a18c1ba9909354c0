package publish

import (
	"bytes"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/spf13/afero"

	"coachsim/generator/diag"
)

// A live preview keeps one working copy for as long as it runs and has a
// watching Hugo server render it. SyncSite mirrors the site/ project into
// that copy and Generate adds the data, both in place; WriteProblems adds
// or removes data/problems.json, which the site's layouts show as a
// banner on every page while the scenarios have errors.

// ProblemsFile is the working copy's data file that holds the checker's
// messages while the preview is stale (site/layouts/_partials/problems.html
// renders it). A build made by Build never has it.
const ProblemsFile = "data/problems.json"

// Problems is the content of ProblemsFile: why the preview shows the last
// good site rather than the current files.
type Problems struct {
	// Summary is one sentence for the banner's heading, such as "2 errors:
	// the preview shows the last version without errors".
	Summary string `json:"summary"`
	// Items are the checker's messages, in the checker's order.
	Items []Problem `json:"items"`
	// More counts the messages left out after MaxProblems.
	More int `json:"more,omitempty"`
}

// Problem is one checker message as the banner shows it.
type Problem struct {
	// Pos is file:line:col (or less, when that is all that is known).
	Pos string `json:"pos"`
	// Severity is "error" or "warning".
	Severity string `json:"severity"`
	// Message is the message with its hint ("did you mean ...?").
	Message string `json:"message"`
	// Snippet is the source line and a caret under the column, as the
	// terminal shows them; empty when the source is unknown.
	Snippet string `json:"snippet,omitempty"`
}

// MaxProblems bounds the messages the banner lists: the first ones are
// the ones to fix, and the page must stay small.
const MaxProblems = 50

// NewProblems turns the checker's findings into the banner's content.
func NewProblems(list diag.List, sources map[string][]byte, summary string) Problems {
	p := Problems{Summary: summary, Items: []Problem{}}
	for i, d := range list {
		if i == MaxProblems {
			p.More = len(list) - i
			break
		}
		var b bytes.Buffer
		_ = diag.List{d}.Format(&b, sources)
		_, snippet, _ := strings.Cut(b.String(), "\n")
		p.Items = append(p.Items, Problem{
			Pos:      diag.Printable(d.Pos.String()),
			Severity: d.Severity.String(),
			Message:  diag.Printable(d.Msg),
			Snippet:  strings.TrimRight(snippet, "\n"),
		})
	}
	return p
}

// WriteProblems writes p as the working copy's ProblemsFile, or removes
// that file when p is nil. It reports whether the file changed.
func WriteProblems(fsys afero.Fs, dir string, p *Problems) (bool, error) {
	w := &writer{fs: fsys, dir: filepath.ToSlash(dir), keep: map[string]bool{}}
	if p == nil {
		name := path.Join(w.dir, ProblemsFile)
		if ok, _ := afero.Exists(fsys, name); !ok {
			return false, nil
		}
		if err := fsys.Remove(name); err != nil {
			return false, fmt.Errorf("removing %s: %w", name, err)
		}
		return true, nil
	}
	err := w.json(ProblemsFile, p)
	return w.changed > 0, err
}

// SyncSite makes the working copy dir mirror the Hugo project siteDir in
// place: files that differ are written (through a .tmp file and a rename,
// which Hugo's watcher ignores until the rename), files no longer in
// siteDir are removed one by one, and what Generate and WriteProblems own
// is left alone. Folders are never removed and made again. It returns how
// many files it changed.
func SyncSite(fsys afero.Fs, siteDir, dir string) (int, error) {
	w := &writer{fs: fsys, dir: filepath.ToSlash(dir), keep: map[string]bool{}}
	err := walkProject(fsys, siteDir, func(p, rel string, fi os.FileInfo) error {
		if fi.IsDir() || !fi.Mode().IsRegular() || editorFile(path.Base(rel)) {
			return nil
		}
		b, err := afero.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		return w.file(rel, b)
	})
	if err != nil {
		return w.changed, fmt.Errorf("copying the Hugo project: %w", err)
	}
	// Remove what site/ no longer has.
	var stale []string
	err = walkProject(fsys, dir, func(p, rel string, fi os.FileInfo) error {
		if !fi.IsDir() && !w.keep[rel] {
			stale = append(stale, p)
		}
		return nil
	})
	if err != nil {
		return w.changed, fmt.Errorf("listing the working copy: %w", err)
	}
	sort.Strings(stale)
	for _, p := range stale {
		if err := fsys.Remove(p); err != nil {
			return w.changed, fmt.Errorf("removing the stale %s: %w", p, err)
		}
		w.changed++
	}
	return w.changed, nil
}

// walkProject visits what lies below root that is the Hugo project's own,
// both in site/ and in the working copy: p is the path, rel its slash path
// relative to root. What skipSite leaves out and what the generator owns
// (ownedByGenerator) is skipped, folders and all.
func walkProject(fsys afero.Fs, root string, visit func(p, rel string, fi os.FileInfo) error) error {
	return afero.Walk(fsys, root, func(p string, fi os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(root, p)
		if err != nil || rel == "." {
			return err
		}
		rel = filepath.ToSlash(rel)
		if top, _, _ := strings.Cut(rel, "/"); skipSite(top, fi.IsDir()) || ownedByGenerator(rel) {
			if fi.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		return visit(p, rel, fi)
	})
}

// ownedByGenerator reports whether the working copy's slash path rel is
// written by Generate or WriteProblems rather than copied from site/.
func ownedByGenerator(rel string) bool {
	switch rel {
	case "data/plane.json", "data/tags.json", ProblemsFile:
		return true
	}
	for _, g := range generated {
		if rel == g || strings.HasPrefix(rel, g+"/") {
			return true
		}
	}
	return false
}

// editorFile reports whether name is an editor's or a writer's temporary
// file (a swap file, a backup, a file on its way to a rename), which the
// preview neither copies nor reacts to. Hugo's watcher ignores the same
// names.
func editorFile(name string) bool {
	switch {
	case strings.HasPrefix(name, "#"), strings.HasPrefix(name, ".#"), strings.HasSuffix(name, "~"):
		return true
	case name == "4913": // vim's test of whether it may write a folder
		return true
	}
	switch path.Ext(name) {
	case ".tmp", ".swp", ".swx", ".bck":
		return true
	}
	return false
}

// EditorFile reports whether name (a base name) is an editor's temporary
// file that a watcher should not react to.
func EditorFile(name string) bool { return editorFile(name) }
