package preview

import (
	"bytes"
	"context"
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
	ctx, cancel := context.WithCancel(context.Background())
	var stdout, stderr syncBuffer
	done := make(chan error, 1)
	go func() {
		done <- Run(ctx, Options{
			Paths:      []string{filepath.Join(proj, "scenarios")},
			ContentDir: filepath.Join(root, "content"),
			SiteDir:    filepath.Join(root, "site"),
			Cohort:     filepath.Join(proj, "cohort.yaml"),
			Hugo:       bin,
			Stdout:     &stdout,
			Stderr:     &stderr,
		})
	}()
	defer func() {
		cancel()
		select {
		case <-done:
		case <-time.After(15 * time.Second):
			b.Error("the preview did not stop 15s after cancel")
		}
	}()
	var base string
	waitFor(b, 3*time.Minute, "address printed", func() bool {
		m := previewURL.FindStringSubmatch(stdout.String())
		if m != nil {
			base = m[1]
		}
		return m != nil
	})
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
