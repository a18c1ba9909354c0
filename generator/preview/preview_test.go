package preview

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// These tests run the real preview: the pinned Hugo as a child process,
// fsnotify on a copy of the shipped scenarios, and HTTP requests to the
// served pages (as a browser with JavaScript off sees them).

const (
	scenarioID   = "hold-me-to-it"
	scenarioFile = scenarioID + ".yaml"
	introPath    = "scenarios/" + scenarioID + "/index.html"
	titleLine    = `title: "Hold me to it"`
)

// repoRoot is the repository root, two folders up.
func repoRoot(t testing.TB) string {
	t.Helper()
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	return root
}

// needHugo returns the pinned Hugo, skipping in -short mode and when it
// cannot be built, except under CI=true, where that fails.
func needHugo(t testing.TB) string {
	t.Helper()
	if testing.Short() {
		t.Skip("the preview tests run Hugo; skipped in -short mode")
	}
	if runtime.GOOS != "linux" {
		t.Skip("the preview tests read /proc to see that Hugo is gone")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	bin, err := HugoBinary(ctx, filepath.Join(repoRoot(t), "site"))
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("CI=true but hugo cannot run: %v", err)
		}
		t.Skipf("hugo cannot run: %v", err)
	}
	return bin
}

// project copies the shipped scenarios into a new folder and returns it;
// the content and the Hugo project are the repository's own.
func project(t testing.TB) (dir string) {
	t.Helper()
	dir = t.TempDir()
	src := filepath.Join(repoRoot(t), "scenarios")
	dst := filepath.Join(dir, "scenarios")
	if err := os.MkdirAll(dst, 0o755); err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(src)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".yaml") {
			continue
		}
		b, err := os.ReadFile(filepath.Join(src, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dst, e.Name()), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// syncBuffer is a bytes.Buffer safe for a writer and a reader at once.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

var previewURL = regexp.MustCompile(`preview at (http://127\.0\.0\.1:\d+/)`)

// running is a preview started by startPreview: its address, its output, and
// done, which receives what Run returned once cancel stops it.
type running struct {
	base           string
	stdout, stderr *syncBuffer
	done           chan error
	cancel         context.CancelFunc
}

// startPreview runs the preview of proj's scenarios with the repository's
// content, the given Hugo project and the cohort file in proj, and waits
// until it prints its address.
func startPreview(t testing.TB, bin, proj, site string) *running {
	t.Helper()
	root := repoRoot(t)
	ctx, cancel := context.WithCancel(context.Background())
	p := &running{stdout: &syncBuffer{}, stderr: &syncBuffer{}, done: make(chan error, 1), cancel: cancel}
	go func() {
		p.done <- Run(ctx, Options{
			Paths:      []string{filepath.Join(proj, "scenarios")},
			ContentDir: filepath.Join(root, "content"),
			SiteDir:    site,
			Cohort:     filepath.Join(proj, "cohort.yaml"),
			Hugo:       bin,
			Stdout:     p.stdout,
			Stderr:     p.stderr,
		})
	}()
	waitFor(t, 3*time.Minute, "address printed", func() bool {
		select {
		case err := <-p.done:
			t.Fatalf("Run returned before serving: %v", err)
		default:
		}
		p.base = address(p.stdout)
		return p.base != ""
	})
	return p
}

// address is the preview's address once its output has printed it.
func address(out *syncBuffer) string {
	if m := previewURL.FindStringSubmatch(out.String()); m != nil {
		return m[1]
	}
	return ""
}

// waitFor polls until cond holds, failing after timeout.
func waitFor(t testing.TB, timeout time.Duration, what string, cond func() bool) time.Duration {
	t.Helper()
	start := time.Now()
	for !cond() {
		if time.Since(start) > timeout {
			t.Fatalf("no %s after %s", what, timeout)
		}
		time.Sleep(25 * time.Millisecond)
	}
	return time.Since(start)
}

// get fetches url and returns the body ("" on any failure).
func get(url string) string {
	c := http.Client{Timeout: 5 * time.Second}
	resp, err := c.Get(url)
	if err != nil {
		return ""
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		return ""
	}
	return string(b)
}

// saveAsEditor writes b to name as editors do: a new file renamed over
// the old one.
func saveAsEditor(t testing.TB, name string, b []byte) {
	t.Helper()
	tmp := filepath.Join(filepath.Dir(name), "."+filepath.Base(name)+".swp")
	if err := os.WriteFile(tmp, b, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, name); err != nil {
		t.Fatal(err)
	}
}

// workFolders lists the preview working folders in dir.
func workFolders(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), WorkPrefix) {
			names = append(names, filepath.Join(dir, e.Name()))
		}
	}
	return names
}

// processesUsing lists the pids of processes whose command line mentions
// s (the working folder: Hugo is given it as --source).
func processesUsing(s string) []string {
	var pids []string
	entries, _ := os.ReadDir("/proc")
	for _, e := range entries {
		if e.Name()[0] < '0' || e.Name()[0] > '9' {
			continue
		}
		b, err := os.ReadFile(filepath.Join("/proc", e.Name(), "cmdline"))
		if err == nil && bytes.Contains(b, []byte(s)) {
			pids = append(pids, e.Name())
		}
	}
	return pids
}

func TestServeEditBreakFix(t *testing.T) {
	bin := needHugo(t)
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp) // Run's working folder goes here
	proj := project(t)
	root := repoRoot(t)
	scen := filepath.Join(proj, "scenarios", scenarioFile)
	orig, err := os.ReadFile(scen)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(orig, []byte(titleLine)) {
		t.Fatalf("%s no longer has %s; update the test", scenarioFile, titleLine)
	}

	pv := startPreview(t, bin, proj, filepath.Join(root, "site"))
	defer pv.cancel()
	stdout, stderr, done, cancel, base := pv.stdout, pv.stderr, pv.done, pv.cancel, pv.base
	defer func() {
		if t.Failed() || testing.Verbose() {
			t.Logf("stdout:\n%s\nstderr:\n%s", stdout.String(), stderr.String())
		}
	}()
	page := base + introPath
	first := ""
	waitFor(t, 30*time.Second, "intro page", func() bool { first = get(page); return first != "" })
	if !strings.Contains(first, "Hold me to it") || !strings.Contains(first, "livereload.js") {
		t.Fatalf("%s does not look like the intro page with live reload:\n%.500s", page, first)
	}
	works := workFolders(t, tmp)
	if len(works) != 1 {
		t.Fatalf("working folders in %s: %v, want one", tmp, works)
	}
	work := works[0]
	if len(processesUsing(work)) == 0 {
		t.Fatalf("no hugo process serves %s", work)
	}

	// Edits: each save shows up in the served page. The first warms Hugo
	// up; the others are the warm rebuild times.
	var times []time.Duration
	for i, title := range []string{"Hold me to it, edit one", "Hold me to it, edit two", "Hold me to it, edit three", "Hold me to it, edit four"} {
		edited := bytes.Replace(orig, []byte(titleLine), []byte(`title: "`+title+`"`), 1)
		rebuilt := strings.Count(stderr.String(), "hugo rebuilt")
		start := time.Now()
		saveAsEditor(t, scen, edited)
		waitFor(t, 15*time.Second, "edited title "+title, func() bool { return strings.Contains(get(page), title) })
		if i > 0 {
			times = append(times, time.Since(start))
		}
		// Let Hugo finish the other pages before the next save, as a
		// person reading the page would.
		waitFor(t, 30*time.Second, "hugo's rebuild", func() bool { return strings.Count(stderr.String(), "hugo rebuilt") > rebuilt })
	}
	slices.Sort(times)
	t.Logf("warm rebuild after an edit (save to changed page over HTTP): min %s, median %s, max %s",
		times[0].Round(time.Millisecond), times[len(times)/2].Round(time.Millisecond), times[len(times)-1].Round(time.Millisecond))

	// Broken YAML: the last good page stays, with the checker's message.
	broken := bytes.Replace(orig, []byte("minutes: 15"), []byte("minutes: [15"), 1)
	if bytes.Equal(broken, orig) {
		t.Fatal("no minutes: 15 line to break; update the test")
	}
	line := 1 + bytes.Count(orig[:bytes.Index(orig, []byte("minutes: 15"))], []byte("\n"))
	saveAsEditor(t, scen, broken)
	want := regexp.MustCompile(regexp.QuoteMeta(scenarioFile) + `:\d+:\d+`)
	var errPage string
	waitFor(t, 15*time.Second, "problems banner", func() bool {
		errPage = get(page)
		return strings.Contains(errPage, "preview-problems")
	})
	if !want.MatchString(errPage) || !strings.Contains(errPage, "edit four") {
		t.Fatalf("the error page should name %s:line:col and keep the last good page:\n%s", scenarioFile, errPage)
	}
	if !strings.Contains(errPage, fmt.Sprintf("%s:%d:", scenarioFile, line)) && !strings.Contains(errPage, fmt.Sprintf("at %d:", line)) {
		t.Errorf("the error page does not name line %d:\n%s", line, errPage)
	}
	if !strings.Contains(stderr.String(), scenarioFile+":") {
		t.Errorf("the terminal does not show the error:\n%s", stderr.String())
	}
	// A mistake the checker finds: the banner gives the exact line and
	// column, the snippet and the hint, in the HTML itself.
	typo := bytes.Replace(orig, []byte("difficulty: introductory"), []byte("difficulty: introductry"), 1)
	tline := 1 + bytes.Count(orig[:bytes.Index(orig, []byte("difficulty: introductory"))], []byte("\n"))
	saveAsEditor(t, scen, typo)
	wantPos := fmt.Sprintf("%s:%d:13", scenarioFile, tline)
	waitFor(t, 15*time.Second, "banner naming "+wantPos, func() bool {
		errPage = get(page)
		return strings.Contains(errPage, wantPos)
	})
	for _, want := range []string{`(did you mean "introductory"?)`, fmt.Sprintf("%5d | difficulty: introductry", tline), "edit four"} {
		if !strings.Contains(errPage, want) {
			t.Errorf("the error page lacks %q:\n%s", want, errPage)
		}
	}

	// The home page has it too.
	if home := get(base + "index.html"); !strings.Contains(home, "preview-problems") {
		t.Errorf("the home page has no banner:\n%.800s", home)
	}

	// Fixed: the banner goes, the page is current again.
	saveAsEditor(t, scen, orig)
	waitFor(t, 15*time.Second, "page without the banner", func() bool {
		p := get(page)
		return strings.Contains(p, "Hold me to it") && !strings.Contains(p, "edit four") && !strings.Contains(p, "preview-problems")
	})

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("Run: %v", err)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("Run did not return 15s after cancel")
	}
	if left := workFolders(t, tmp); len(left) > 0 {
		t.Errorf("working folders left behind: %v", left)
	}
	if pids := processesUsing(work); len(pids) > 0 {
		t.Errorf("processes still using %s: %v", work, pids)
	}
	if get(base) != "" {
		t.Errorf("%s still answers after the preview stopped", base)
	}
}

// TestServeSiteChange edits a template of a copied site/ and sees the
// served page change, which is what make dev is for.
func TestServeSiteChange(t *testing.T) {
	bin := needHugo(t)
	t.Setenv("TMPDIR", t.TempDir())
	proj := project(t)
	root := repoRoot(t)
	site := filepath.Join(proj, "site")
	if err := os.CopyFS(site, os.DirFS(filepath.Join(root, "site"))); err != nil {
		t.Fatal(err)
	}
	pv := startPreview(t, bin, proj, site)
	stdout, stderr, base := pv.stdout, pv.stderr, pv.base
	defer func() {
		pv.cancel()
		<-pv.done
		if t.Failed() {
			t.Logf("stdout:\n%s\nstderr:\n%s", stdout.String(), stderr.String())
		}
	}()
	waitFor(t, 30*time.Second, "home page", func() bool { return get(base+"index.html") != "" })

	footer := filepath.Join(site, "layouts", "baseof.html")
	b, err := os.ReadFile(footer)
	if err != nil {
		t.Fatal(err)
	}
	const mark = "A practice space for coaches"
	if !bytes.Contains(b, []byte(mark)) {
		t.Fatalf("baseof.html has no %q; update the test", mark)
	}
	var times []time.Duration
	for _, word := range []string{"one", "two", "three"} {
		text := "Preview footer " + word
		start := time.Now()
		saveAsEditor(t, footer, bytes.Replace(b, []byte(mark), []byte(text), 1))
		waitFor(t, 15*time.Second, "changed footer", func() bool { return strings.Contains(get(base+introPath), text) })
		times = append(times, time.Since(start))
	}
	sort.Slice(times, func(i, j int) bool { return times[i] < times[j] })
	t.Logf("template change to changed page over HTTP: %v", times)
}

// TestServeSignals runs the coachsim command itself: SIGTERM stops it
// cleanly (exit 0, Hugo gone, working folder removed), and even SIGKILL,
// which leaves no time to clean up, takes Hugo down with it (Pdeathsig).
func TestServeSignals(t *testing.T) {
	needHugo(t)
	root := repoRoot(t)
	exe := filepath.Join(t.TempDir(), "coachsim")
	build := exec.Command("go", "build", "-o", exe, "./generator")
	build.Dir = root
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	proj := project(t)
	for _, sig := range []syscall.Signal{syscall.SIGTERM, syscall.SIGINT, syscall.SIGKILL} {
		t.Run(sig.String(), func(t *testing.T) {
			tmp := t.TempDir()
			cmd := exec.Command(exe, "serve", "-content", filepath.Join(root, "content"), "-site", filepath.Join(root, "site"), filepath.Join(proj, "scenarios"))
			cmd.Env = append(os.Environ(), "TMPDIR="+tmp)
			var stdout, stderr syncBuffer
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			defer cmd.Process.Kill()
			var base string
			waitFor(t, 3*time.Minute, "address printed", func() bool { base = address(&stdout); return base != "" })
			waitFor(t, 30*time.Second, "home page", func() bool { return get(base+"index.html") != "" })
			works := workFolders(t, tmp)
			if len(works) != 1 {
				t.Fatalf("working folders: %v", works)
			}
			if len(processesUsing(works[0])) == 0 {
				t.Fatal("no hugo process found")
			}
			if err := cmd.Process.Signal(sig); err != nil {
				t.Fatal(err)
			}
			err := cmd.Wait()
			if sig != syscall.SIGKILL && err != nil {
				t.Errorf("coachsim serve after %s: %v\n%s", sig, err, stderr.String())
			}
			waitFor(t, 5*time.Second, "hugo gone", func() bool { return len(processesUsing(works[0])) == 0 })
			if sig == syscall.SIGKILL {
				return // nothing could remove the folder; t.TempDir does
			}
			if left := workFolders(t, tmp); len(left) > 0 {
				t.Errorf("working folders left behind: %v", left)
			}
			if get(base) != "" {
				t.Errorf("%s still answers", base)
			}
		})
	}
}
