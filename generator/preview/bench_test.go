package preview

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// BenchmarkPreviewRebuild is the warm preview loop a supervisor lives in:
// with `coachsim serve` running (the pinned Hugo as its child), one
// operation is saving an edit of a scenario, as an editor does (a new file
// renamed over the old), until the served intro page shows it over HTTP.
// The first edit warms Hugo up and is not timed. It reports the median
// (ms/edit-median) beside the mean that ns/op gives.
func BenchmarkPreviewRebuild(b *testing.B) {
	bin := needHugo(b)
	tmp := b.TempDir()
	b.Setenv("TMPDIR", tmp)
	proj := project(b)
	root := repoRoot(b)
	scen := filepath.Join(proj, "scenarios", scenarioFile)
	orig, err := os.ReadFile(scen)
	if err != nil {
		b.Fatal(err)
	}
	if !bytes.Contains(orig, []byte(titleLine)) {
		b.Fatalf("%s no longer has %s; update the benchmark", scenarioFile, titleLine)
	}
	pv := startPreview(b, bin, proj, filepath.Join(root, "site"))
	stderr, base := pv.stderr, pv.base
	defer func() {
		pv.cancel()
		select {
		case <-pv.done:
		case <-time.After(15 * time.Second):
			b.Error("the preview did not stop 15s after cancel")
		}
	}()
	page := base + introPath
	waitFor(b, 30*time.Second, "intro page", func() bool { return get(page) != "" })

	edit := func(n int) time.Duration {
		title := fmt.Sprintf("Hold me to it, edit %d", n)
		rebuilt := strings.Count(stderr.String(), "hugo rebuilt")
		start := time.Now()
		saveAsEditor(b, scen, bytes.Replace(orig, []byte(titleLine), []byte(`title: "`+title+`"`), 1))
		waitFor(b, 15*time.Second, "edited title "+title, func() bool { return strings.Contains(get(page), title) })
		took := time.Since(start)
		// Hugo finishes the other pages before the next save, as while a
		// person reads the page.
		b.StopTimer()
		waitFor(b, 30*time.Second, "hugo's rebuild", func() bool { return strings.Count(stderr.String(), "hugo rebuilt") > rebuilt })
		b.StartTimer()
		return took
	}
	edit(0)
	times := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		times = append(times, edit(i+1))
	}
	b.StopTimer()
	slices.Sort(times)
	b.ReportMetric(float64(times[len(times)/2].Milliseconds()), "ms/edit-median")
}
