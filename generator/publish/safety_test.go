package publish

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spf13/afero"
)

// failRemove is a file system on which removing anything whose path holds
// part fails, as a folder held open on Windows or a read-only mount would.
type failRemove struct {
	afero.Fs
	part string
}

func (f failRemove) RemoveAll(p string) error {
	if strings.Contains(p, f.part) {
		return errors.New("device or resource busy")
	}
	return f.Fs.RemoveAll(p)
}

// A build that put the new site in place but could not remove the old one
// has succeeded: it says so, and the next build removes the leftover.
func TestSwapKeepsGoingWhenTheOldSiteStays(t *testing.T) {
	mem := afero.NewMemMapFs()
	fsys := failRemove{mem, oldPrefix}
	write(t, mem, "build/site/index.html", "old")
	write(t, mem, "build/.site-new-1/index.html", "new")
	var warned []string
	err := swapOut(fsys, "build/.site-new-1", "build/site", true, func(string) {}, func(m string) { warned = append(warned, m) })
	if err != nil {
		t.Fatalf("swapOut: %v", err)
	}
	if got := read(t, mem, "build/site/index.html"); got != "new" {
		t.Errorf("site holds %q", got)
	}
	if len(warned) != 1 || !strings.Contains(warned[0], "could not be removed") {
		t.Errorf("warnings: %q", warned)
	}
	did, err := recoverOut(mem, "build/site")
	if err != nil || len(did) != 1 {
		t.Errorf("recoverOut: %v, %q", err, did)
	}
}

// recoverOut puts back a previous site that was moved aside and never
// replaced, and removes the rest.
func TestRecoverOut(t *testing.T) {
	mem := afero.NewMemMapFs()
	write(t, mem, "build/.site-old-7/"+Marker, "")
	write(t, mem, "build/.site-old-7/index.html", "last good")
	write(t, mem, "build/.site-work-3/x", "")
	write(t, mem, "build/.site-new-4/index.html", "half")
	write(t, mem, "build/.other-work-1/x", "not ours")
	did, err := recoverOut(mem, "build/site")
	if err != nil {
		t.Fatal(err)
	}
	if got := read(t, mem, "build/site/index.html"); got != "last good" {
		t.Errorf("site holds %q", got)
	}
	if len(did) != 3 {
		t.Errorf("did %q", did)
	}
	if ok, _ := afero.Exists(mem, "build/.other-work-1/x"); !ok {
		t.Error("removed another output's folder")
	}
}

// The overlap guard compares resolved paths: an absolute -out inside site/
// or a link into it is refused like a relative one.
func TestSafeOutResolvesPaths(t *testing.T) {
	dir := t.TempDir()
	site := filepath.Join(dir, "site")
	if err := os.MkdirAll(site, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(site, filepath.Join(dir, "link")); err != nil {
		t.Fatal(err)
	}
	fsys := afero.NewOsFs()
	for _, out := range []string{filepath.Join(site, "public"), filepath.Join(dir, "link", "out"), site} {
		if err := safeOut(fsys, out, site); err == nil || !strings.Contains(err.Error(), "overlaps") {
			t.Errorf("safeOut(%s) = %v, want an overlap error", out, err)
		}
	}
	if err := safeOut(fsys, filepath.Join(dir, "build", "site"), site); err != nil {
		t.Errorf("a folder beside site/ refused: %v", err)
	}
}

// A second build of the same output folder waits, then says another build
// is running; the lock goes with the process that held it.
func TestLockRefusesASecondBuild(t *testing.T) {
	dir := t.TempDir()
	fsys := afero.NewOsFs()
	out := filepath.Join(dir, "site")
	unlock, err := lock(fsys, out)
	if err != nil {
		t.Fatal(err)
	}
	// flock locks belong to the open file, so a second open in this process
	// contends as another process would.
	f, err := os.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := tryLock(f); !errors.Is(err, errLocked) {
		t.Errorf("second lock: %v, want errLocked", err)
	}
	unlock()
	if err := tryLock(f); err != nil {
		t.Errorf("lock after unlock: %v", err)
	}
}
