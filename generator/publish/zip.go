package publish

import (
	"archive/zip"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/spf13/afero"
)

// zipTime is every entry's modification time: a fixed time makes the same
// site give the same zip, byte for byte. (1 January 2000: zip's MS-DOS
// times cannot go before 1980.)
var zipTime = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

// Zip writes the built site in dir as the zip file name, with every file
// under one folder, top (such as "coachsim-site/index.html"), so that
// unzipping makes one folder to open. Entries are sorted by path, with
// fixed times and modes, so the zip depends only on the files. It is
// written to a temporary file beside name and renamed over it, so a
// failed run never leaves half a zip; the marker file is left out. It
// returns the number of files written.
func Zip(fsys afero.Fs, dir, name, top string) (int, error) {
	var files []string
	err := afero.Walk(fsys, dir, func(p string, fi os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		if fi.Mode().IsRegular() && fi.Name() != Marker {
			rel, err := filepath.Rel(dir, p)
			if err != nil {
				return err
			}
			files = append(files, filepath.ToSlash(rel))
		} else if !fi.IsDir() && !fi.Mode().IsRegular() {
			return fmt.Errorf("%s is not a regular file", p)
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("listing the site: %w", err)
	}
	if len(files) == 0 {
		return 0, fmt.Errorf("%s holds no site: build it first", dir)
	}
	sort.Strings(files)
	if err := fsys.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return 0, err
	}
	tmp, err := afero.TempFile(fsys, filepath.Dir(name), "."+filepath.Base(name)+".tmp-*")
	if err != nil {
		return 0, fmt.Errorf("creating the zip: %w", err)
	}
	done := false
	defer func() {
		if !done {
			tmp.Close()
			fsys.Remove(tmp.Name())
		}
	}()
	zw := zip.NewWriter(tmp)
	dirs := map[string]bool{}
	for _, rel := range files {
		// Folder entries first, so that unzip tools that need them have
		// them; each once.
		for d := path.Dir(rel); ; d = path.Dir(d) {
			if d == "." || dirs[d] {
				break
			}
			dirs[d] = true
		}
	}
	all := append([]string{}, files...)
	for d := range dirs {
		all = append(all, d+"/")
	}
	all = append(all, "")
	sort.Strings(all)
	for _, rel := range all {
		h := &zip.FileHeader{Name: path.Join(top, rel), Modified: zipTime}
		if rel == "" || strings.HasSuffix(rel, "/") {
			h.Name += "/"
			h.SetMode(fs.ModeDir | 0o755)
			if _, err := zw.CreateHeader(h); err != nil {
				return 0, err
			}
			continue
		}
		h.Method = zip.Deflate
		h.SetMode(0o644)
		w, err := zw.CreateHeader(h)
		if err != nil {
			return 0, err
		}
		f, err := fsys.Open(filepath.Join(dir, filepath.FromSlash(rel)))
		if err != nil {
			return 0, err
		}
		_, err = io.Copy(w, f)
		f.Close()
		if err != nil {
			return 0, fmt.Errorf("zipping %s: %w", rel, err)
		}
	}
	if err := zw.Close(); err != nil {
		return 0, fmt.Errorf("writing the zip: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		return 0, fmt.Errorf("writing the zip: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return 0, fmt.Errorf("writing the zip: %w", err)
	}
	// A temporary file is private; the zip is for handing out.
	if err := fsys.Chmod(tmp.Name(), 0o644); err != nil {
		return 0, fmt.Errorf("writing the zip: %w", err)
	}
	if err := fsys.Rename(tmp.Name(), name); err != nil {
		fsys.Remove(tmp.Name())
		return 0, fmt.Errorf("writing %s: %w", name, err)
	}
	done = true
	return len(files), nil
}
