package publish

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/spf13/afero"

	"coachsim/generator/check"
)

// The kill test runs real builds in a child process (this test binary,
// started again with the stage to stop at in its environment), kills the
// child there with SIGKILL or SIGTERM, and checks that the last good site
// is whole and unchanged (or, for a SIGTERM that let the swap finish, the
// new site whole), that no Hugo is left running, that a SIGTERM leaves no
// temporary folder, and that the next build cleans up and succeeds.

const (
	killStageEnv = "COACHSIM_KILLTEST_STAGE" // where the child stops
	killOutEnv   = "COACHSIM_KILLTEST_OUT"   // the output folder
	killTwoEnv   = "COACHSIM_KILLTEST_TWO"   // "1": swap in two renames
)

// killBuild is the child's side: one build of the test scenarios, stopping
// for good at the named stage after saying so in a file next to the output.
func killBuild(t *testing.T) {
	out := os.Getenv(killOutEnv)
	stage := os.Getenv(killStageEnv)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	fsys := afero.NewOsFs()
	res := check.Run(fsys, check.Options{Paths: []string{"testdata/scenarios"}, LessonsDir: "testdata/lessons"})
	site, _ := filepath.Abs(filepath.Join("..", "..", "site"))
	opts := Options{Check: res, ContentDir: "testdata", SiteDir: site, Out: out, Fs: fsys,
		twoStepSwap: os.Getenv(killTwoEnv) == "1",
		Pause: func(s string) {
			if s != stage {
				return
			}
			_ = os.WriteFile(out+".paused", []byte(s), 0o644)
			<-ctx.Done() // SIGKILL ends it here; SIGTERM lets the build go on and see the cancellation
		}}
	_, err := Build(ctx, opts)
	fmt.Println("child build:", err)
}

// treeHash hashes every file under dir, names and contents.
func treeHash(t *testing.T, dir string) string {
	t.Helper()
	h := sha256.New()
	var files []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		t.Fatalf("reading %s: %v", dir, err)
	}
	sort.Strings(files)
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		rel, _ := filepath.Rel(dir, f)
		fmt.Fprintf(h, "%s %d\n", rel, len(b))
		h.Write(b)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// hugoRunning lists processes whose command line mentions dir (a Hugo
// building into it).
func hugoRunning(dir string) []string {
	var found []string
	procs, _ := filepath.Glob("/proc/[0-9]*/cmdline")
	for _, p := range procs {
		b, err := os.ReadFile(p)
		if err == nil && strings.Contains(string(b), dir) && strings.Contains(string(b), "hugo") {
			found = append(found, strings.ReplaceAll(string(b), "\x00", " "))
		}
	}
	return found
}

// leftovers lists the temporary folders next to out.
func leftovers(t *testing.T, out string) []string {
	t.Helper()
	entries, err := os.ReadDir(filepath.Dir(out))
	if err != nil {
		t.Fatal(err)
	}
	var left []string
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), "."+filepath.Base(out)+"-") {
			left = append(left, e.Name())
		}
	}
	return left
}

func TestBuildSurvivesKills(t *testing.T) {
	if os.Getenv(killStageEnv) != "" {
		killBuild(t)
		return
	}
	if runtime.GOOS != "linux" {
		t.Skip("reads /proc to find Hugo processes")
	}
	good := buildTestSite(t) // skips under -short
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, stage string
		sig         syscall.Signal
		twoStep     bool
	}{
		{"SIGKILL before Hugo", "generated", syscall.SIGKILL, false},
		{"SIGTERM before Hugo", "generated", syscall.SIGTERM, false},
		{"SIGKILL during Hugo", "during-hugo", syscall.SIGKILL, false},
		{"SIGTERM during Hugo", "during-hugo", syscall.SIGTERM, false},
		{"SIGKILL at the swap", "swap", syscall.SIGKILL, false},
		{"SIGTERM at the swap", "swap", syscall.SIGTERM, false},
		{"SIGKILL between the two renames", "swap-between", syscall.SIGKILL, true},
		{"SIGTERM between the two renames", "swap-between", syscall.SIGTERM, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "site")
			if err := os.CopyFS(out, os.DirFS(good)); err != nil {
				t.Fatal(err)
			}
			before := treeHash(t, out)

			cmd := exec.Command(exe, "-test.run", "^TestBuildSurvivesKills$")
			cmd.Env = append(os.Environ(), killStageEnv+"="+tc.stage, killOutEnv+"="+out)
			if tc.twoStep {
				cmd.Env = append(cmd.Env, killTwoEnv+"=1")
			}
			var log strings.Builder
			cmd.Stdout, cmd.Stderr = &log, &log
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			done := make(chan error, 1)
			go func() { done <- cmd.Wait() }()
			// Wait for the stage: the pause file, or, during Hugo, a Hugo
			// process building next to out.
			deadline := time.Now().Add(10 * time.Minute)
			for {
				if tc.stage == "during-hugo" {
					if len(hugoRunning(filepath.Dir(out))) > 0 {
						time.Sleep(300 * time.Millisecond) // let it write something
						break
					}
				} else if _, err := os.Stat(out + ".paused"); err == nil {
					break
				}
				select {
				case err := <-done:
					t.Fatalf("the child ended before %s: %v\n%s", tc.stage, err, log.String())
				default:
				}
				if time.Now().After(deadline) {
					_ = cmd.Process.Kill()
					t.Fatalf("the child never reached %s\n%s", tc.stage, log.String())
				}
				time.Sleep(50 * time.Millisecond)
			}
			_ = cmd.Process.Signal(tc.sig)
			select {
			case <-done:
			case <-time.After(2 * time.Minute):
				_ = cmd.Process.Kill()
				t.Fatalf("the child did not stop after %v\n%s", tc.sig, log.String())
			}
			os.Remove(out + ".paused")

			// No Hugo outlives the build (the kernel may take a moment to
			// deliver the parent-death signal).
			var running []string
			for i := 0; i < 50; i++ {
				if running = hugoRunning(filepath.Dir(out)); len(running) == 0 {
					break
				}
				time.Sleep(100 * time.Millisecond)
			}
			if len(running) > 0 {
				t.Errorf("Hugo still running after the build was killed: %v", running)
			}
			// The portable swap (two renames) can be cut between them: the
			// last good site is then whole beside out, and the next build
			// puts it back before anything else.
			restored := false
			if _, err := os.Stat(out); tc.twoStep && tc.sig == syscall.SIGKILL && os.IsNotExist(err) {
				left := leftovers(t, out)
				for _, l := range left {
					if strings.Contains(l, oldPrefix) && treeHash(t, filepath.Join(filepath.Dir(out), l)) == before {
						restored = true
					}
				}
				if !restored {
					t.Fatalf("no site at %s and no whole previous site beside it: %v", out, left)
				}
				if _, err := recoverOut(afero.NewOsFs(), out); err != nil {
					t.Fatal(err)
				}
			}
			// The output is a whole site at every moment: the last good one,
			// or after a SIGTERM that let the swap finish, the new one.
			if _, err := os.Stat(filepath.Join(out, "index.html")); err != nil {
				t.Fatalf("no site at %s after %v: %v\n%s", out, tc.sig, err, log.String())
			}
			after := treeHash(t, out)
			if tc.sig == syscall.SIGKILL && after != before {
				t.Errorf("the last good site changed after %v at %s", tc.sig, tc.stage)
			}
			if tc.sig == syscall.SIGTERM {
				if left := leftovers(t, out); len(left) > 0 {
					t.Errorf("a SIGTERM at %s left %v", tc.stage, left)
				}
			}

			// The next build repairs whatever is left and succeeds.
			fsys := afero.NewOsFs()
			res := check.Run(fsys, check.Options{Paths: []string{"testdata/scenarios"}, LessonsDir: "testdata/lessons"})
			site, _ := filepath.Abs(filepath.Join("..", "..", "site"))
			var warnings strings.Builder
			if _, err := Build(context.Background(), Options{Check: res, ContentDir: "testdata", SiteDir: site, Out: out, Fs: fsys, Log: &warnings}); err != nil {
				t.Fatalf("the next build failed: %v", err)
			}
			if left := leftovers(t, out); len(left) > 0 {
				t.Errorf("the next build left %v", left)
			}
			if got := treeHash(t, out); got != before {
				t.Errorf("the next build made a different site from the same input")
			}
			t.Logf("%s: repaired: %q", tc.name, strings.TrimSpace(warnings.String()))
		})
	}
}
