package bench

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/spf13/afero"

	"coachsim/generator/check"
	"coachsim/generator/publish"
)

// checkCorpus runs the checker over a corpus in fsys and fails on errors.
func checkCorpus(b *testing.B, fsys afero.Fs, scenarios, lessons string) *check.Result {
	b.Helper()
	res := check.Run(fsys, check.Options{Paths: []string{scenarios}, LessonsDir: lessons})
	if res.Diags.HasErrors() {
		var buf bytes.Buffer
		res.Diags.Format(&buf, res.Sources)
		b.Fatalf("the corpus has errors:\n%s", buf.String())
	}
	return res
}

// layerSize sums the sizes of the regular files in fsys.
func layerSize(fsys afero.Fs, dir string) (files int, size int64) {
	afero.Walk(fsys, dir, func(p string, fi os.FileInfo, err error) error {
		if err == nil && fi.Mode().IsRegular() {
			files++
			size += fi.Size()
		}
		return nil
	})
	return files, size
}

// benchGenerate measures check.Run plus publish.Generate (the Hugo content
// and the scenario data scripts, written to memory), without Hugo.
func benchGenerate(b *testing.B, c Corpus) {
	src := afero.NewMemMapFs()
	st, err := c.Write(src, "scenarios", "content/lessons")
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	var written int64
	var files, pages int
	for b.Loop() {
		res := checkCorpus(b, src, "scenarios", "content/lessons")
		layer := afero.NewMemMapFs()
		fsys := afero.NewCopyOnWriteFs(afero.NewReadOnlyFs(src), layer)
		n, err := publish.Generate(fsys, "work", publish.Options{Check: res, ContentDir: "content", Fs: fsys})
		if err != nil {
			b.Fatal(err)
		}
		pages = n
		files, written = layerSize(layer, "work")
	}
	perOp := float64(b.Elapsed().Nanoseconds()) / float64(b.N)
	b.ReportMetric(float64(st.Size()), "moments+choices/op")
	b.ReportMetric(perOp/float64(st.Size()), "ns/moment+choice")
	b.ReportMetric(float64(written), "bytes-written/op")
	b.ReportMetric(float64(files), "files/op")
	b.ReportMetric(float64(pages), "pages/op")
}

// BenchmarkGenerate is the generator's work on 100 scenarios of 40 moments
// (3 choices each): checking and analysing them, rendering every Markdown
// field and writing the Hugo content, without running Hugo.
func BenchmarkGenerate(b *testing.B) {
	benchGenerate(b, Corpus{Scenarios: 100, Moments: 40})
}

// BenchmarkGenerateScaling runs the generator on corpora of several sizes,
// in number of scenarios and in moments per scenario. ns/moment+choice
// staying flat across sizes shows the work is linear in moments plus
// choices.
func BenchmarkGenerateScaling(b *testing.B) {
	for _, c := range []Corpus{
		{10, 40, 0}, {25, 40, 0}, {50, 40, 0}, {100, 40, 0}, {200, 40, 0},
		{100, 10, 0}, {100, 80, 0},
		{1, 125, 0}, {1, 250, 0}, {1, 500, 0}, {1, 1000, 0}, // a scenario file may not exceed 2 MiB
	} {
		b.Run(fmt.Sprintf("%dx%d", c.Scenarios, c.Moments), func(b *testing.B) { benchGenerate(b, c) })
	}
}

// BenchmarkCheck1000 checks one generated scenario of 1,000 moments (load,
// references, graph analysis, warnings).
func BenchmarkCheck1000(b *testing.B) {
	src := afero.NewMemMapFs()
	st, err := Corpus{Scenarios: 1, Moments: 1000}.Write(src, "scenarios", "content/lessons")
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	states := 0
	for b.Loop() {
		res := checkCorpus(b, src, "scenarios", "content/lessons")
		for _, a := range res.Analyses {
			states = a.States
		}
	}
	b.ReportMetric(float64(st.Size()), "moments+choices/op")
	b.ReportMetric(float64(states), "states/op")
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(st.Size()), "ns/moment+choice")
}

// BenchmarkCheck1000Flags checks, analyses and audits one generated
// scenario of 1,000 moments with 8 flags, routes that test them and
// conditional debrief paragraphs: everything `coachsim check` does. The goal
// is under a second on the project's two-core machines; peak-heap-MB is the
// Go heap's high-water mark during one run.
func BenchmarkCheck1000Flags(b *testing.B) {
	src := afero.NewMemMapFs()
	st, err := Corpus{Scenarios: 1, Moments: 1000, Flags: 8}.Write(src, "scenarios", "content/lessons")
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	states, tracked := 0, 0
	runtime.GC()
	resetPeakRSS()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	for b.Loop() {
		res := checkCorpus(b, src, "scenarios", "content/lessons")
		for id, a := range res.Analyses {
			states, tracked = a.States, len(a.Tracked)
			if res.Audits[id] == nil {
				b.Fatal("no audit")
			}
		}
	}
	b.ReportMetric(float64(st.Size()), "moments+choices/op")
	b.ReportMetric(float64(states), "states/op")
	b.ReportMetric(float64(tracked), "tracked-flags")
	b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/op")
	b.ReportMetric(float64(peakRSS("self"))/(1<<20), "peak-rss-MB")
}

// repoRoot walks up from the working directory to the module root.
func repoRoot(b *testing.B) string {
	b.Helper()
	dir, _ := os.Getwd()
	for {
		if bs, err := os.ReadFile(filepath.Join(dir, "go.mod")); err == nil && bytes.Contains(bs, []byte("module coachsim\n")) {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			b.Fatal("no go.mod of module coachsim above the working directory")
		}
		dir = parent
	}
}

// benchBuild runs the whole build (check, content generation, Hugo, swap)
// on disk, once untimed to warm Hugo's compile and caches, then timed.
func benchBuild(b *testing.B, root, scenarios, content string) {
	ctx := context.Background()
	out := filepath.Join(b.TempDir(), "site")
	site := filepath.Join(root, "site")
	hugoRun := hugoRunner(site)
	build := func() (publish.Summary, time.Duration) {
		start := time.Now()
		res := check.Run(afero.NewOsFs(), check.Options{Paths: []string{scenarios}, LessonsDir: filepath.Join(content, "lessons")})
		if res.Diags.HasErrors() {
			var buf bytes.Buffer
			res.Diags.Format(&buf, res.Sources)
			b.Fatalf("errors:\n%s", buf.String())
		}
		checkTime := time.Since(start)
		sum, err := publish.Build(ctx, publish.Options{
			Check:      res,
			ContentDir: content,
			SiteDir:    site,
			Out:        out,
			Hugo:       hugoRun, // Hugo's cache goes next to out, warmed by the first build
		})
		if err != nil {
			b.Fatal(err)
		}
		return sum, checkTime
	}
	warm := time.Now()
	build() // compiles Hugo on a fresh machine; warms its caches
	b.Logf("warm-up build: %s", time.Since(warm).Round(time.Millisecond))

	var gen, hugo, chk time.Duration
	var sum publish.Summary
	runtime.GC()
	resetPeakRSS()
	hugoRun.peak = 0
	var ms runtime.MemStats
	for b.Loop() {
		var c time.Duration
		sum, c = build()
		gen += sum.Generate
		hugo += sum.Hugo
		chk += c
	}
	runtime.ReadMemStats(&ms)
	n := float64(b.N)
	b.ReportMetric(float64(chk.Milliseconds())/n, "check-ms/op")
	b.ReportMetric(float64(gen.Milliseconds())/n, "generate-ms/op")
	b.ReportMetric(float64((chk+gen).Milliseconds())/n, "generator-ms/op")
	b.ReportMetric(float64(hugo.Milliseconds())/n, "hugo-ms/op")
	b.ReportMetric(float64(hugoRun.resolve.Milliseconds()), "go-tool-overhead-ms")
	b.ReportMetric(float64(sum.Pages), "pages")
	b.ReportMetric(float64(sum.Bytes), "bytes")
	b.ReportMetric(float64(hugoRun.peak)/(1<<20), "hugo-peak-rss-MB")
	b.ReportMetric(float64(peakRSS("self"))/(1<<20), "generator-peak-rss-MB")
	b.ReportMetric(float64(ms.HeapSys)/(1<<20), "go-heap-sys-MB")
	if w, ok := pageWeight(out); ok {
		b.ReportMetric(float64(w.max)/1024, "max-page+assets-KB")
		b.ReportMetric(float64(w.median)/1024, "median-page+assets-KB")
		b.Logf("heaviest page with its CSS, JS and data: %s, %.1f KB", w.maxPage, float64(w.max)/1024)
		for _, kind := range []string{"moment", "feedback", "ending"} {
			h := w.byKind[kind]
			b.ReportMetric(float64(h.size)/1024, "max-"+kind+"+assets-KB")
			b.Logf("heaviest %s page with its CSS, JS and data: %s, %.1f KB", kind, h.page, float64(h.size)/1024)
		}
	}
}

// BenchmarkHugo rebuilds the shipped site (scenarios/ and content/) warm,
// as `make site` does after the first time, and reports the generator's and
// Hugo's time separately, pages, bytes and peak memory.
func BenchmarkHugo(b *testing.B) {
	root := repoRoot(b)
	benchBuild(b, root, filepath.Join(root, "scenarios"), filepath.Join(root, "content"))
}

// BenchmarkBuildSynthetic builds a whole site, Hugo included, from a
// synthetic corpus of 100 scenarios of 40 moments.
func BenchmarkBuildSynthetic(b *testing.B) {
	root := repoRoot(b)
	dir := b.TempDir()
	fsys := afero.NewOsFs()
	st, err := Corpus{Scenarios: 100, Moments: 40}.Write(fsys, filepath.Join(dir, "scenarios"), filepath.Join(dir, "content", "lessons"))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(st.Size()), "moments+choices/op")
	benchBuild(b, root, filepath.Join(dir, "scenarios"), filepath.Join(dir, "content"))
}

// weight is what a cold visit to a page downloads: the page and the local
// stylesheets and scripts it references.
type weight struct {
	max, median int64
	maxPage     string
	// byKind holds the heaviest page of each kind a trainee plays
	// through (moment, feedback, ending), leaving out the long script
	// pages and lessons.
	byKind map[string]heaviest
}

type heaviest struct {
	size int64
	page string
}

var dataPageRE = regexp.MustCompile(`<body[^>]*data-page="?([a-z]+)`)

var assetRE = regexp.MustCompile(`(?:href|src)=["']?([^"' >]+\.(?:css|js))(?:[?#][^"' >]*)?["' >]`)

func pageWeight(dir string) (weight, bool) {
	var ws []int64
	w := weight{byKind: map[string]heaviest{}}
	sizes := map[string]int64{}
	size := func(p string) int64 {
		if s, ok := sizes[p]; ok {
			return s
		}
		fi, err := os.Stat(p)
		if err != nil {
			return 0
		}
		sizes[p] = fi.Size()
		return fi.Size()
	}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		bs, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		total := int64(len(bs))
		seen := map[string]bool{}
		for _, m := range assetRE.FindAllSubmatch(bs, -1) {
			ref := string(m[1])
			if strings.Contains(ref, "://") || strings.HasPrefix(ref, "/") {
				continue
			}
			a := filepath.Join(filepath.Dir(p), filepath.FromSlash(ref))
			if !seen[a] {
				seen[a] = true
				total += size(a)
			}
		}
		ws = append(ws, total)
		if m := dataPageRE.FindSubmatch(bs); m != nil {
			switch string(m[1]) {
			case "moment", "feedback", "ending":
				if total > w.byKind[string(m[1])].size {
					rel, _ := filepath.Rel(dir, p)
					w.byKind[string(m[1])] = heaviest{total, rel}
				}
			}
		}
		if total > w.max {
			w.max = total
			w.maxPage, _ = filepath.Rel(dir, p)
		}
		return nil
	})
	if err != nil && !errors.Is(err, fs.ErrNotExist) || len(ws) == 0 {
		return w, false
	}
	sort.Slice(ws, func(i, j int) bool { return ws[i] < ws[j] })
	w.median = ws[len(ws)/2]
	return w, true
}
