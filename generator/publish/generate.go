package publish

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/spf13/afero"

	"coachsim/generator/render"
	"coachsim/generator/scenario"
)

// The working copy is the site/ project plus what Generate adds:
//
//	data/plane.json          Plane: the plane's constants
//	data/tags.json           []Tag: the coaching model's vocabulary
//	data/scenarios/ID.json   Document: one per scenario published
//	data/supervisor/ID.json  Supervisor: its supervisor page's report and map outline
//	assets/maps/ID.svg       its map (diagram.SVG), inlined by the supervisor page
//	data/cohort.json         CohortData, when there is a cohort file
//	content/lessons/*.md     the lessons, copied as they are
//
// Generate refreshes a working copy in place, so that a watching Hugo
// server sees only real changes: a file is written only when its bytes
// differ (to NAME.tmp, then renamed over NAME), and files it no longer
// makes in the folders it owns (data/scenarios, content/lessons) are
// removed one by one; no folder is ever removed and made again.

// generated are the folders of the working copy Generate owns: every file
// in them that Generate did not write this time is stale.
var generated = []string{"data/scenarios", "data/supervisor", "assets/maps", "content/lessons"}

// Generate writes the Hugo data and the lessons for opts.Check into the
// working copy dir, refreshing it in place, and returns how many files it
// changed (written or removed). The lessons are read from
// opts.ContentDir/lessons (the folder the checker read, opts.Check.Lessons).
func Generate(fsys afero.Fs, dir string, opts Options) (int, error) {
	if opts.Fs == nil {
		opts.Fs = fsys
	}
	opts.defaults()
	if opts.Check == nil {
		return 0, errors.New("publish: no checked scenarios")
	}
	w := &writer{fs: fsys, dir: filepath.ToSlash(dir), keep: map[string]bool{}}
	lessons := map[string]bool{}
	for _, l := range opts.Check.Lessons {
		lessons[l] = true
	}
	if err := w.json("data/plane.json", SitePlane()); err != nil {
		return w.changed, err
	}
	if err := w.json("data/tags.json", SiteTags(lessons)); err != nil {
		return w.changed, err
	}
	scens := included(opts.Check.Scenarios, opts.Scenarios)
	if err := w.cohort(opts.Cohort, scens, opts.Renderer); err != nil {
		return w.changed, err
	}
	docs := &documents{md: opts.Renderer, lessons: lessons}
	for _, s := range scens {
		id := s.ID.Value
		doc := docs.Document(s, opts.Check.Analyses[id])
		if err := w.json("data/scenarios/"+id+".json", doc); err != nil {
			return w.changed, fmt.Errorf("scenario %s: %w", id, err)
		}
		sup, svg, err := docs.supervisor(context.Background(), s, opts.Check.Analyses[id], opts.Check.Orders[id], opts.Check.Audits[id], opts.Check.Diags)
		if err != nil {
			return w.changed, fmt.Errorf("scenario %s: %w", id, err)
		}
		if err := w.json("data/supervisor/"+id+".json", sup); err != nil {
			return w.changed, fmt.Errorf("scenario %s: %w", id, err)
		}
		if svg != nil {
			if err := w.file("assets/"+MapAsset(id), svg); err != nil {
				return w.changed, fmt.Errorf("scenario %s: %w", id, err)
			}
		}
	}
	if err := w.lessons(opts.Fs, opts.lessonsDir()); err != nil {
		return w.changed, err
	}
	return w.changed, w.prune()
}

// cohortFile is the working copy's cohort data (CohortData).
const cohortFile = "data/cohort.json"

// cohort writes the cohort's data for the scenarios published, or removes
// the file when there is no cohort (any more).
func (w *writer) cohort(c *scenario.Cohort, scens []*scenario.Scenario, md *render.Renderer) error {
	if c == nil {
		name := path.Join(w.dir, cohortFile)
		if _, err := w.fs.Stat(name); err != nil {
			return nil
		}
		if err := w.fs.Remove(name); err != nil {
			return fmt.Errorf("removing %s: %w", name, err)
		}
		w.changed++
		return nil
	}
	ids := make([]string, len(scens))
	for i, s := range scens {
		ids[i] = s.ID.Value
	}
	return w.json(cohortFile, Cohort(c, ids, md))
}

// writer writes files into a working copy, only those that changed.
type writer struct {
	fs      afero.Fs
	dir     string
	keep    map[string]bool // slash paths relative to dir, written this time
	changed int
}

func (w *writer) json(rel string, v any) error {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", " ")
	if err := enc.Encode(v); err != nil {
		return fmt.Errorf("encoding %s: %w", rel, err)
	}
	return w.file(rel, b.Bytes())
}

// file writes b as dir/rel unless the file already holds exactly b.
func (w *writer) file(rel string, b []byte) error {
	w.keep[rel] = true
	name := path.Join(w.dir, rel)
	if old, err := afero.ReadFile(w.fs, name); err == nil && bytes.Equal(old, b) {
		return nil
	}
	if err := w.fs.MkdirAll(path.Dir(name), 0o755); err != nil {
		return fmt.Errorf("creating %s: %w", path.Dir(name), err)
	}
	if err := writeRename(w.fs, name, b); err != nil {
		return err
	}
	w.changed++
	return nil
}

// writeRename writes name through name.tmp, so that a reader never sees
// half a file.
func writeRename(fsys afero.Fs, name string, b []byte) error {
	tmp := name + ".tmp"
	if err := afero.WriteFile(fsys, tmp, b, 0o644); err != nil {
		fsys.Remove(tmp)
		return fmt.Errorf("writing %s: %w", name, err)
	}
	if err := fsys.Rename(tmp, name); err != nil {
		fsys.Remove(tmp)
		return fmt.Errorf("writing %s: %w", name, err)
	}
	return nil
}

// lessons copies the .md files of src (in from) to content/lessons. A
// missing folder gives no lessons.
func (w *writer) lessons(from afero.Fs, src string) error {
	entries, err := afero.ReadDir(from, src)
	if err != nil {
		if exists, _ := afero.DirExists(from, src); !exists {
			return nil
		}
		return fmt.Errorf("reading lessons: %w", err)
	}
	for _, e := range entries {
		if e.IsDir() || path.Ext(e.Name()) != ".md" {
			continue
		}
		b, err := afero.ReadFile(from, path.Join(src, e.Name()))
		if err != nil {
			return fmt.Errorf("reading lesson: %w", err)
		}
		if err := w.file("content/lessons/"+e.Name(), b); err != nil {
			return err
		}
	}
	return nil
}

// prune removes, one by one, the files in the generated folders that this
// run did not write.
func (w *writer) prune() error {
	var stale []string
	for _, g := range generated {
		root := path.Join(w.dir, g)
		err := afero.Walk(w.fs, root, func(p string, fi os.FileInfo, err error) error {
			if err != nil {
				if os.IsNotExist(err) {
					return nil
				}
				return err
			}
			if fi.IsDir() {
				return nil
			}
			rel := strings.TrimPrefix(filepath.ToSlash(p), w.dir+"/")
			if !w.keep[rel] {
				stale = append(stale, p)
			}
			return nil
		})
		if err != nil && !os.IsNotExist(err) {
			return fmt.Errorf("listing %s: %w", root, err)
		}
	}
	sort.Strings(stale)
	for _, p := range stale {
		if err := w.fs.Remove(p); err != nil {
			return fmt.Errorf("removing the stale %s: %w", p, err)
		}
		w.changed++
	}
	return nil
}

// LessonLinks returns the link resolver for the named lessons: a link to
// NAME.md resolves to the lesson's page when the site has it (_index.md is
// the lessons index). Pass it to render.WithLessons so that links to
// lessons the site does not have are dropped rather than broken.
func LessonLinks(names []string) render.LinkResolver {
	have := map[string]bool{"_index": true}
	for _, n := range names {
		have[n] = true
	}
	return func(name string) (string, bool) {
		if !have[name] {
			return "", false
		}
		return render.DefaultLessonURL(name)
	}
}
