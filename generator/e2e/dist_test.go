package e2e

import (
	"archive/zip"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spf13/afero"

	"coachsim/generator/publish"
)

// TestDist zips the built site as coachsim dist does, unzips it into a new
// folder, and checks the copy as trainees get it: one folder holds
// everything, the link walk passes over it, and a scenario plays through
// in the browser from the unzipped files over file://.
func TestDist(t *testing.T) {
	s := needSite(t)
	tmp := t.TempDir()
	zipPath := filepath.Join(tmp, "coachsim-site.zip")
	n, err := publish.Zip(afero.NewOsFs(), s.dir, zipPath, "coachsim-site")
	if err != nil {
		t.Fatalf("zipping the site: %v", err)
	}
	into := filepath.Join(tmp, "unzipped")
	if err := unzip(zipPath, into); err != nil {
		t.Fatalf("unzipping: %v", err)
	}
	entries, err := os.ReadDir(into)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 || entries[0].Name() != "coachsim-site" || !entries[0].IsDir() {
		t.Fatalf("the zip holds %v at its top, want the one folder coachsim-site", entries)
	}
	u := &siteInfo{dir: filepath.Join(into, "coachsim-site"), root: s.root,
		scenarios: s.scenarios, analyses: s.analyses, fixtures: s.fixtures}
	if err := u.parse(); err != nil {
		t.Fatal(err)
	}
	if len(u.pages) != len(s.pages) {
		t.Errorf("the unzipped site has %d pages, the built one %d", len(u.pages), len(s.pages))
	}
	t.Logf("%d files zipped; %d pages unzipped into %s", n, len(u.pages), u.dir)
	t.Run("linkwalk", func(t *testing.T) { linkWalk(t, u) })
	t.Run("play", func(t *testing.T) {
		tb := newTab(t, tabOptions{})
		sc := u.scenarios[0]
		paths, _, _ := pathsToPlay(sc, u.analyses[sc.ID.Value], 1)
		if len(paths) == 0 {
			t.Fatalf("%s: no path to play", sc.ID.Value)
		}
		pl := &player{tb: tb, s: u, sc: sc, js: true}
		if err := pl.play(paths[0]); err != nil {
			t.Fatalf("%s path %s from the unzipped site: %v", sc.ID.Value, choicesString(paths[0]), err)
		}
		if loc := tb.location(); !strings.HasPrefix(loc, "file://"+filepath.ToSlash(u.dir)) {
			t.Errorf("the play ended at %s, outside the unzipped folder", loc)
		}
	})
}

// unzip extracts the zip file name into dir, refusing entries that would
// land outside it.
func unzip(name, dir string) error {
	zr, err := zip.OpenReader(name)
	if err != nil {
		return err
	}
	defer zr.Close()
	for _, f := range zr.File {
		p := filepath.Join(dir, filepath.FromSlash(f.Name))
		if !strings.HasPrefix(p, filepath.Clean(dir)+string(filepath.Separator)) {
			return &os.PathError{Op: "unzip", Path: f.Name, Err: os.ErrInvalid}
		}
		if f.FileInfo().IsDir() {
			if err := os.MkdirAll(p, 0o755); err != nil {
				return err
			}
			continue
		}
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		r, err := f.Open()
		if err != nil {
			return err
		}
		w, err := os.Create(p)
		if err != nil {
			r.Close()
			return err
		}
		_, err = io.Copy(w, r)
		r.Close()
		if cerr := w.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return err
		}
	}
	return nil
}
