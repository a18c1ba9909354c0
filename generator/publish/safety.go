package publish

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/afero"
)

// The output folder's neighbours. A build makes them next to Out (named
// after its base, e.g. build/.site-work-123): the working copy, Hugo's
// output, and the previous site while it is being swapped out.
const (
	workPrefix = "-work-"
	newPrefix  = "-new-"
	oldPrefix  = "-old-"
)

// LockWait is how long a build waits for another build of the same output
// folder to finish before it gives up.
const LockWait = 10 * time.Second

// errLocked is returned by tryLock while another process holds the lock.
var errLocked = errors.New("locked")

// lock takes the output folder's lock, waiting up to LockWait for another
// build to finish. The lock is an advisory lock on the folder that holds
// Out (so no lock file is left behind) and the operating system releases it
// when the process ends, however it ends, so a killed build never leaves
// it held. File systems that are not on disk (tests' MemMapFs) need no
// lock: nothing else can reach them.
func lock(fsys afero.Fs, out string) (unlock func(), err error) {
	parent := filepath.Dir(out)
	osParent, err := OSPath(fsys, parent)
	if err != nil {
		return func() {}, nil
	}
	f, err := os.Open(osParent)
	if err != nil {
		return nil, fmt.Errorf("opening %s to lock it: %w", parent, err)
	}
	deadline := time.Now().Add(LockWait)
	for {
		err = tryLock(f)
		if err == nil {
			break
		}
		if !errors.Is(err, errLocked) {
			f.Close()
			return nil, fmt.Errorf("locking %s: %w", parent, err)
		}
		if time.Now().After(deadline) {
			f.Close()
			return nil, fmt.Errorf("another build is writing into %s and has not finished after %v; wait for it, or stop it and build again", parent, LockWait)
		}
		time.Sleep(200 * time.Millisecond)
	}
	return func() {
		_ = unlockFile(f)
		f.Close()
	}, nil
}

// recoverOut repairs what a build that died left next to out. It runs under
// the lock, so every temporary folder there belongs to a dead build: a
// previous site moved aside but never replaced is put back (the last good
// site), and everything else is removed. It returns what it did, for the
// log.
func recoverOut(fsys afero.Fs, out string) ([]string, error) {
	parent, base := filepath.Dir(out), filepath.Base(out)
	entries, err := afero.ReadDir(fsys, parent)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("looking for a previous build's leftovers: %w", err)
	}
	outExists, _ := afero.DirExists(fsys, out)
	var did []string
	for _, e := range entries {
		name := e.Name()
		if !e.IsDir() || !strings.HasPrefix(name, "."+base+"-") {
			continue
		}
		p := filepath.Join(parent, name)
		rest := strings.TrimPrefix(name, "."+base)
		switch {
		case strings.HasPrefix(rest, oldPrefix) && !outExists:
			if ok, _ := afero.Exists(fsys, filepath.Join(p, Marker)); ok {
				if err := fsys.Rename(p, out); err != nil {
					return did, fmt.Errorf("restoring the last good site from %s: %w", p, err)
				}
				outExists = true
				did = append(did, "restored the last good site from "+p)
				continue
			}
			fallthrough
		case strings.HasPrefix(rest, oldPrefix), strings.HasPrefix(rest, workPrefix), strings.HasPrefix(rest, newPrefix):
			if err := fsys.RemoveAll(p); err != nil {
				return did, fmt.Errorf("removing %s, left by a build that did not finish: %w", p, err)
			}
			did = append(did, "removed "+p+", left by a build that did not finish")
		}
	}
	return did, nil
}

// swapOut puts the new site dir in place of out. Where the operating system
// can exchange two folders in one step (Linux), it does, so that out is at
// every instant either the old site or the new one; elsewhere it renames
// the old site aside, the new one in, and the next build restores the old
// one if it was killed in between (recoverOut). Failing to remove the old
// site afterwards is not a failed build: the new site is in place, and the
// next build removes the leftover; it is reported through warn.
func swapOut(fsys afero.Fs, dir, out string, oneStep bool, pause func(string), warn func(string)) error {
	exists, err := afero.DirExists(fsys, out)
	if err != nil {
		return fmt.Errorf("output folder: %w", err)
	}
	if !exists {
		pause("swap")
		if err := fsys.Rename(dir, out); err != nil {
			return fmt.Errorf("moving the new site into place: %w", err)
		}
		return nil
	}
	if osDir, err := OSPath(fsys, dir); err == nil && oneStep {
		if osOut, err := OSPath(fsys, out); err == nil {
			pause("swap")
			switch err := exchange(osDir, osOut); {
			case err == nil:
				// dir now holds the previous site.
				if err := fsys.RemoveAll(dir); err != nil {
					warn(fmt.Sprintf("the new site is in place, but the previous one could not be removed from %s (%v); the next build removes it", dir, err))
				}
				return nil
			case !errors.Is(err, errNoExchange):
				return fmt.Errorf("swapping the new site into place: %w", err)
			}
		}
	}
	old, err := afero.TempDir(fsys, filepath.Dir(out), "."+filepath.Base(out)+oldPrefix)
	if err != nil {
		return fmt.Errorf("making room for the old site: %w", err)
	}
	// TempDir made a unique empty folder; renaming a folder onto an
	// existing one is not portable, so free the name first.
	if err := fsys.Remove(old); err != nil {
		return fmt.Errorf("making room for the old site: %w", err)
	}
	pause("swap")
	if err := fsys.Rename(out, old); err != nil {
		return fmt.Errorf("moving the old site aside: %w", err)
	}
	pause("swap-between")
	if err := fsys.Rename(dir, out); err != nil {
		if back := fsys.Rename(old, out); back != nil {
			return fmt.Errorf("moving the new site into place: %w (the previous site is in %s, and the next build puts it back: %v)", err, old, back)
		}
		return fmt.Errorf("moving the new site into place: %w", err)
	}
	if err := fsys.RemoveAll(old); err != nil {
		warn(fmt.Sprintf("the new site is in place, but the previous one could not be removed from %s (%v); the next build removes it", old, err))
	}
	return nil
}

// absolute resolves p for comparing folders: absolute, cleaned, and with
// symbolic links followed as far as the path exists, so that "site",
// "./site", "/home/me/project/site" and a link to it compare equal.
func absolute(fsys afero.Fs, p string) string {
	if osp, err := OSPath(fsys, p); err == nil {
		p = osp
	} else if a, err := filepath.Abs(p); err == nil {
		p = a
		return filepath.Clean(p)
	}
	// Follow links on the longest part of the path that exists.
	rest := ""
	for cur := p; ; {
		if r, err := filepath.EvalSymlinks(cur); err == nil {
			return filepath.Join(r, rest)
		}
		parent := filepath.Dir(cur)
		if parent == cur {
			return filepath.Clean(p)
		}
		rest = filepath.Join(filepath.Base(cur), rest)
		cur = parent
	}
}
