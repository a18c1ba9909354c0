package publish

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/afero"

	"coachsim/generator/internal/child"
)

// Runner builds the Hugo project in src into dst. Both are paths in fsys.
type Runner interface {
	Run(ctx context.Context, fsys afero.Fs, src, dst string) error
}

// RunnerFunc adapts a function to Runner (tests use it for a fake Hugo).
type RunnerFunc func(ctx context.Context, fsys afero.Fs, src, dst string) error

// Run calls f.
func (f RunnerFunc) Run(ctx context.Context, fsys afero.Fs, src, dst string) error {
	return f(ctx, fsys, src, dst)
}

// HugoCommand runs Hugo as an external command. The file system must be on
// disk (an afero.OsFs or a BasePathFs over one) so that the paths can be
// handed to the command.
type HugoCommand struct {
	// Command is the program and its first arguments; the generator adds
	// --source, --destination and --cacheDir. Empty means
	// "go -C SITE/tools tool hugo", the version pinned in site/tools/go.mod.
	// (Not --quiet: Hugo then hides its errors too; Run keeps only the
	// warnings of a build that succeeds.)
	Command []string
	// SiteDir is the Hugo project in the file system (default "site"),
	// used to find the pinned tool module.
	SiteDir string
	// CacheDir is Hugo's cache folder in the file system; empty means
	// ".hugo-cache" next to the destination.
	CacheDir string
	// Env is added to the environment (which already gets CGO_ENABLED=0).
	Env []string
	// Log receives Hugo's output when it succeeds (warnings); nil drops it.
	Log io.Writer
}

// Run runs Hugo. On failure the error holds the end of Hugo's output.
func (h HugoCommand) Run(ctx context.Context, fsys afero.Fs, src, dst string) error {
	osSrc, err := OSPath(fsys, src)
	if err != nil {
		return err
	}
	osDst, err := OSPath(fsys, dst)
	if err != nil {
		return err
	}
	cache := h.CacheDir
	if cache == "" {
		cache = filepath.Join(filepath.Dir(filepath.Clean(dst)), ".hugo-cache")
	}
	osCache, err := OSPath(fsys, cache)
	if err != nil {
		return err
	}
	args := h.Command
	if len(args) == 0 {
		site := h.SiteDir
		if site == "" {
			site = "site"
		}
		osSite, err := OSPath(fsys, site)
		if err != nil {
			return err
		}
		// Ask go where the pinned Hugo is and run it directly, rather than
		// through "go tool hugo": then Hugo is our own child, and dies
		// with us (child.Detach) instead of outliving a killed go.
		bin, err := child.HugoBinary(ctx, osSite)
		if err != nil {
			return err
		}
		args = []string{bin}
	}
	args = append(append([]string(nil), args...),
		"--source", osSrc, "--destination", osDst, "--cacheDir", osCache)
	cmd := exec.CommandContext(ctx, args[0], args[1:]...)
	cmd.Env = append(append(os.Environ(), "CGO_ENABLED=0"), h.Env...)
	// Hugo runs in a process group of its own, which a cancelled build
	// stops as a whole (interrupt first, then kill), and on Linux the
	// kernel kills it if this process dies first, even by SIGKILL.
	child.Detach(cmd)
	cmd.Cancel = func() error { return child.SignalGroup(cmd, syscall.SIGINT) }
	cmd.WaitDelay = 5 * time.Second
	var out bytes.Buffer
	cmd.Stdout = &out
	cmd.Stderr = &out
	// The parent-death signal fires when the thread that started the child
	// ends, not the process: keep this goroutine on one thread until Hugo
	// has finished.
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("hugo failed (%s): %w\n%s", strings.Join(args[:min(len(args), 5)], " "), err, tail(out.String(), 40))
	}
	if h.Log != nil {
		for _, line := range strings.SplitAfter(out.String(), "\n") {
			if strings.HasPrefix(line, "WARN") || strings.HasPrefix(line, "ERROR") {
				io.WriteString(h.Log, line)
			}
		}
	}
	return nil
}

// tail returns the last n lines of s.
func tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = append([]string{"..."}, lines[len(lines)-n:]...)
	}
	return strings.Join(lines, "\n")
}

// OSPath returns the absolute operating-system path of name in fsys, for
// handing to an external program. It fails for file systems that are not
// on disk (such as afero.MemMapFs).
func OSPath(fsys afero.Fs, name string) (string, error) {
	switch f := fsys.(type) {
	case *afero.OsFs:
		return filepath.Abs(name)
	case *afero.BasePathFs:
		p, err := f.RealPath(name)
		if err != nil {
			return "", fmt.Errorf("path %s: %w", name, err)
		}
		return filepath.Abs(p)
	}
	return "", fmt.Errorf("%s is not on disk (%s file system): an external program cannot use it", name, fsys.Name())
}
