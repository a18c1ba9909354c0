package bench

import (
	"bufio"
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/spf13/afero"

	"coachsim/generator/publish"
)

// Peak memory on Linux. getrusage's ru_maxrss is no good here: Go starts
// children with vfork, so a child's ru_maxrss includes the parent's peak
// from before the exec, and a benchmark binary that has allocated a lot
// would report that for Hugo. VmHWM in /proc/PID/status belongs to the
// process's current memory map, so it is the child's own peak, and writing
// 5 to /proc/self/clear_refs resets our own.

// resetPeakRSS resets this process's VmHWM to its current RSS, so that
// peakRSS measures from now on. It does nothing where /proc cannot do it.
func resetPeakRSS() { os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) }

// peakRSS returns VmHWM of the process pid ("self" for this one), in bytes,
// or 0.
func peakRSS(pid string) int64 {
	f, err := os.Open(filepath.Join("/proc", pid, "status"))
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			return kb * 1024
		}
	}
	return 0
}

// descendants returns the pids of the processes below pid.
func descendants(pid int) []string {
	parent := map[string]string{}
	entries, _ := os.ReadDir("/proc")
	for _, e := range entries {
		if _, err := strconv.Atoi(e.Name()); err != nil {
			continue
		}
		b, err := os.ReadFile(filepath.Join("/proc", e.Name(), "stat"))
		if err != nil {
			continue
		}
		// pid (comm) state ppid ...; comm may hold spaces and parentheses
		i := bytes.LastIndexByte(b, ')')
		if i < 0 {
			continue
		}
		f := strings.Fields(string(b[i+1:]))
		if len(f) > 1 {
			parent[e.Name()] = f[1]
		}
	}
	self := strconv.Itoa(pid)
	var out []string
	for p := range parent {
		for q := parent[p]; q != "" && q != "0" && q != "1"; q = parent[q] {
			if q == self {
				out = append(out, p)
				break
			}
		}
	}
	return out
}

// watchedRunner runs Hugo with inner and records the highest VmHWM of any
// process below this one while it runs (Hugo itself when the runner calls
// the binary directly), polling every 10 ms.
type watchedRunner struct {
	inner publish.Runner
	mu    sync.Mutex
	peak  int64
	// resolve is how long `go tool -n hugo` took: roughly what `go tool
	// hugo` (the way `make site` runs Hugo) adds to every build.
	resolve time.Duration
}

func (w *watchedRunner) Run(ctx context.Context, fsys afero.Fs, src, dst string) error {
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		t := time.NewTicker(10 * time.Millisecond)
		defer t.Stop()
		for {
			for _, p := range descendants(os.Getpid()) {
				if rss := peakRSS(p); rss > 0 {
					w.mu.Lock()
					w.peak = max(w.peak, rss)
					w.mu.Unlock()
				}
			}
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	})
	err := w.inner.Run(ctx, fsys, src, dst)
	close(done)
	wg.Wait()
	return err
}

// hugoRunner returns a runner for the pinned Hugo that calls its binary
// directly (found with `go tool -n hugo`, which also builds it if needed),
// so that the watched process is Hugo and not the go command; it falls back
// to the default `go tool hugo`.
func hugoRunner(site string) *watchedRunner {
	toolN := func() ([]byte, error) {
		cmd := exec.Command("go", "-C", filepath.Join(site, "tools"), "tool", "-n", "hugo")
		cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
		return cmd.Output()
	}
	h := publish.HugoCommand{SiteDir: site}
	toolN() // the first call may build Hugo
	start := time.Now()
	out, err := toolN()
	resolve := time.Since(start)
	if err == nil {
		if bin := strings.TrimSpace(string(out)); bin != "" {
			h.Command = []string{bin}
		}
	}
	return &watchedRunner{inner: h, resolve: resolve}
}
