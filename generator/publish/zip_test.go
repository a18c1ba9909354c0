package publish

import (
	"archive/zip"
	"bytes"
	"io"
	"testing"

	"github.com/spf13/afero"
)

// TestZip zips a small site on a memory file system and on disk: one
// folder holds everything, entries are sorted, times fixed, the marker
// left out, and the same files give the same bytes.
func TestZip(t *testing.T) {
	for _, tc := range []struct {
		name string
		fs   func(t *testing.T) (afero.Fs, string)
	}{
		{"memory", func(t *testing.T) (afero.Fs, string) { return afero.NewMemMapFs(), "/w" }},
		{"disk", func(t *testing.T) (afero.Fs, string) { return afero.NewOsFs(), t.TempDir() }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fsys, root := tc.fs(t)
			site := root + "/site"
			for name, body := range map[string]string{
				"index.html": "<p>home</p>", "scenarios/a/index.html": "<p>a</p>",
				"css/main.css": "p{}", Marker: "",
			} {
				if err := fsys.MkdirAll(site+"/"+dirOf(name), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := afero.WriteFile(fsys, site+"/"+name, []byte(body), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			out := root + "/build/site.zip"
			n, err := Zip(fsys, site, out, "coachsim-site")
			if err != nil || n != 3 {
				t.Fatalf("Zip: %d files, %v", n, err)
			}
			if fi, err := fsys.Stat(out); err != nil || fi.Mode().Perm() != 0o644 {
				t.Errorf("the zip's mode: %v, %v; want -rw-r--r--", fi.Mode(), err)
			}
			first, _ := afero.ReadFile(fsys, out)
			if _, err := Zip(fsys, site, out, "coachsim-site"); err != nil {
				t.Fatal(err)
			}
			again, _ := afero.ReadFile(fsys, out)
			if !bytes.Equal(first, again) {
				t.Error("zipping the same site twice gave different bytes")
			}
			zr, err := zip.NewReader(bytes.NewReader(first), int64(len(first)))
			if err != nil {
				t.Fatal(err)
			}
			var names []string
			for _, f := range zr.File {
				names = append(names, f.Name)
				if !f.Modified.Equal(zipTime) {
					t.Errorf("%s: time %v", f.Name, f.Modified)
				}
			}
			want := []string{"coachsim-site/", "coachsim-site/css/", "coachsim-site/css/main.css", "coachsim-site/index.html",
				"coachsim-site/scenarios/", "coachsim-site/scenarios/a/", "coachsim-site/scenarios/a/index.html"}
			if len(names) != len(want) {
				t.Fatalf("entries %q, want %q", names, want)
			}
			for i := range want {
				if names[i] != want[i] {
					t.Errorf("entry %d: %q, want %q", i, names[i], want[i])
				}
			}
			f, _ := zr.Open("coachsim-site/index.html")
			b, _ := io.ReadAll(f)
			if string(b) != "<p>home</p>" {
				t.Errorf("index.html holds %q", b)
			}
			left, _ := afero.Glob(fsys, root+"/build/.*tmp*")
			if len(left) > 0 {
				t.Errorf("temporary files left: %v", left)
			}
		})
	}
}

// A site that is not there gives an error and no zip.
func TestZipNoSite(t *testing.T) {
	fsys := afero.NewMemMapFs()
	fsys.MkdirAll("/w/site", 0o755)
	if _, err := Zip(fsys, "/w/site", "/w/out.zip", "x"); err == nil {
		t.Fatal("zipped an empty folder")
	}
	if ok, _ := afero.Exists(fsys, "/w/out.zip"); ok {
		t.Error("a zip was left")
	}
}

func dirOf(name string) string {
	for i := len(name) - 1; i >= 0; i-- {
		if name[i] == '/' {
			return name[:i]
		}
	}
	return ""
}
