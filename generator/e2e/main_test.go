package e2e

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/spf13/afero"
	"golang.org/x/net/html"

	"coachsim/generator/analysis"
	"coachsim/generator/check"
	"coachsim/generator/scenario"
)

// siteInfo is the built site under test and the scenarios it was built from.
type siteInfo struct {
	dir       string // absolute path of the output root (holds index.html)
	root      string // repository root
	built     bool   // built by this test binary (not COACHSIM_SITE)
	buildTime time.Duration
	scenarios []*scenario.Scenario // shipped scenarios first, then the fixtures
	analyses  map[string]*analysis.Result
	fixtures  map[string]bool  // ids of the test fixtures (testdata/scenarios)
	pages     map[string]*page // by slash path relative to dir
}

// page is one parsed HTML file of the output.
type page struct {
	rel  string
	doc  *html.Node
	body map[string]string // attributes of <body>
	ids  map[string]bool
}

var (
	site    *siteInfo
	siteErr error
)

func TestMain(m *testing.M) {
	flag.Parse()
	code := func() int {
		if testing.Short() {
			siteErr = errSkipShort
			return m.Run()
		}
		s, err := setup()
		site, siteErr = s, err
		if err != nil {
			fmt.Fprintln(os.Stderr, "e2e:", err)
		}
		defer func() {
			browserCancel()
			if s != nil && s.built && os.Getenv("COACHSIM_KEEP_SITE") == "" {
				os.RemoveAll(filepath.Dir(s.dir))
			}
		}()
		return m.Run()
	}()
	os.Exit(code)
}

var errSkipShort = errors.New("end-to-end tests skipped in -short mode")

// needSite returns the site under test, failing (or, in -short mode,
// skipping) the test when it could not be built.
func needSite(t testing.TB) *siteInfo {
	t.Helper()
	if errors.Is(siteErr, errSkipShort) {
		t.Skip(siteErr)
	}
	if siteErr != nil {
		t.Fatalf("no site to test: %v", siteErr)
	}
	return site
}

// fixtureDir holds test scenarios that the tests build into their site next
// to the shipped ones: they exercise what the shipped scenarios do not
// (flags, visits, conditional debrief paragraphs).
const fixtureDir = "generator/e2e/testdata/scenarios"

// setup loads and checks the shipped scenarios and the fixtures, then builds
// the site into a temporary folder (or takes COACHSIM_SITE, with the
// fixtures only if it was built with them), then parses every page.
func setup() (*siteInfo, error) {
	root, err := repoRoot()
	if err != nil {
		return nil, err
	}
	s := &siteInfo{root: root, fixtures: map[string]bool{}}
	prebuilt := os.Getenv("COACHSIM_SITE")
	if prebuilt != "" && !filepath.IsAbs(prebuilt) {
		// relative to the repository root, so that the same value works
		// from `go test` (run in the package folder) and make.
		prebuilt = filepath.Join(root, prebuilt)
	}
	load := func(dir string) (*check.Result, error) {
		res := check.Run(afero.NewOsFs(), check.Options{
			Paths:      []string{dir},
			LessonsDir: filepath.Join(root, "content", "lessons"),
		})
		if res.Diags.HasErrors() {
			var buf bytes.Buffer
			res.Diags.Format(&buf, res.Sources)
			return nil, fmt.Errorf("the scenarios in %s have errors:\n%s", dir, buf.String())
		}
		if len(res.Scenarios) == 0 {
			return nil, errors.New("no scenarios in " + dir)
		}
		return res, nil
	}
	res, err := load(filepath.Join(root, "scenarios"))
	if err != nil {
		return nil, err
	}
	fix, err := load(filepath.Join(root, filepath.FromSlash(fixtureDir)))
	if err != nil {
		return nil, err
	}
	for _, sc := range fix.Scenarios {
		if prebuilt != "" {
			if _, err := os.Stat(filepath.Join(prebuilt, "js", "scenarios", sc.ID.Value+".js")); err != nil {
				continue // a site built without the fixtures (make site)
			}
		}
		s.fixtures[sc.ID.Value] = true
		res.Scenarios = append(res.Scenarios, sc)
		res.Analyses[sc.ID.Value] = fix.Analyses[sc.ID.Value]
		res.Orders[sc.ID.Value], res.Audits[sc.ID.Value] = fix.Orders[sc.ID.Value], fix.Audits[sc.ID.Value]
		for f, b := range fix.Sources {
			res.Sources[f] = b
		}
	}
	s.scenarios, s.analyses = res.Scenarios, res.Analyses

	if prebuilt != "" {
		s.dir = prebuilt
	} else {
		tmp, err := os.MkdirTemp("", "coachsim-e2e-")
		if err != nil {
			return nil, err
		}
		s.dir = filepath.Join(tmp, "site")
		s.built = true
		start := time.Now()
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Minute)
		defer cancel()
		if err := buildSite(ctx, root, s.dir, res); err != nil {
			os.RemoveAll(tmp)
			return nil, fmt.Errorf("building the site: %w", err)
		}
		s.buildTime = time.Since(start)
		fmt.Fprintf(os.Stderr, "e2e: built the site into %s in %s\n", s.dir, s.buildTime.Round(time.Millisecond))
	}
	if _, err := os.Stat(filepath.Join(s.dir, "index.html")); err != nil {
		return nil, fmt.Errorf("the site has no index.html: %w", err)
	}
	if err := s.parse(); err != nil {
		return nil, err
	}
	return s, nil
}

// repoRoot walks up from the working directory to the folder whose go.mod
// declares module coachsim.
func repoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		b, err := os.ReadFile(filepath.Join(dir, "go.mod"))
		if err == nil && bytes.Contains(b, []byte("module coachsim\n")) {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod of module coachsim above the working directory")
		}
		dir = parent
	}
}

// parse reads every .html file of the output.
func (s *siteInfo) parse() error {
	s.pages = map[string]*page{}
	return filepath.WalkDir(s.dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		doc, err := html.Parse(bytes.NewReader(b))
		if err != nil {
			return fmt.Errorf("%s: %w", p, err)
		}
		rel, _ := filepath.Rel(s.dir, p)
		pg := &page{rel: filepath.ToSlash(rel), doc: doc, body: map[string]string{}, ids: map[string]bool{}}
		walk(doc, func(n *html.Node) {
			if n.Type != html.ElementNode {
				return
			}
			if n.Data == "body" {
				for _, a := range n.Attr {
					pg.body[a.Key] = a.Val
				}
			}
			if id := attr(n, "id"); id != "" {
				pg.ids[id] = true
			}
			if n.Data == "a" {
				if name := attr(n, "name"); name != "" {
					pg.ids[name] = true
				}
			}
		})
		s.pages[pg.rel] = pg
		return nil
	})
}

// sortedPages returns the pages in path order.
func (s *siteInfo) sortedPages() []*page {
	out := make([]*page, 0, len(s.pages))
	for _, p := range s.pages {
		out = append(out, p)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].rel < out[j].rel })
	return out
}

// find returns the pages whose body has all the given data-* attributes
// (keys without the "data-" prefix), in path order.
func (s *siteInfo) find(kv ...string) []*page {
	var out []*page
	for _, p := range s.sortedPages() {
		ok := true
		for i := 0; i+1 < len(kv); i += 2 {
			if p.body["data-"+kv[i]] != kv[i+1] {
				ok = false
				break
			}
		}
		if ok {
			out = append(out, p)
		}
	}
	return out
}

// findOne is find for a page that must exist once.
func (s *siteInfo) findOne(t testing.TB, kv ...string) *page {
	t.Helper()
	ps := s.find(kv...)
	if len(ps) != 1 {
		t.Fatalf("want exactly one page with body %s, found %d", describeKV(kv), len(ps))
	}
	return ps[0]
}

func describeKV(kv []string) string {
	var parts []string
	for i := 0; i+1 < len(kv); i += 2 {
		parts = append(parts, fmt.Sprintf("data-%s=%q", kv[i], kv[i+1]))
	}
	return strings.Join(parts, " ")
}

// url returns the file:// URL of a page.
func (s *siteInfo) url(p *page) string { return fileURL(s.dir, p.rel) }

// scenario returns the shipped scenario with the given id.
func (s *siteInfo) scenario(id string) *scenario.Scenario {
	for _, sc := range s.scenarios {
		if sc.ID.Value == id {
			return sc
		}
	}
	return nil
}

// walk calls f for n and every node below it, in document order.
func walk(n *html.Node, f func(*html.Node)) {
	f(n)
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		walk(c, f)
	}
}

// attr returns the value of n's attribute key, or "".
func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key && a.Namespace == "" {
			return a.Val
		}
	}
	return ""
}

// hasAttr reports whether n has the attribute key.
func hasAttr(n *html.Node, key string) bool {
	for _, a := range n.Attr {
		if a.Key == key {
			return true
		}
	}
	return false
}

// textOf returns the text inside n, with runs of white space collapsed.
func textOf(n *html.Node) string {
	var b strings.Builder
	walk(n, func(c *html.Node) {
		if c.Type == html.TextNode {
			b.WriteString(c.Data)
			b.WriteByte(' ')
		}
	})
	return strings.Join(strings.Fields(b.String()), " ")
}

// resolve returns the slash path, relative to the site root, that the
// relative reference ref on page rel points at (query and fragment removed),
// and whether it stays inside the site.
func resolve(rel, ref string) (string, bool) {
	if i := strings.IndexAny(ref, "?#"); i >= 0 {
		ref = ref[:i]
	}
	if ref == "" {
		return rel, true
	}
	if u, err := url.PathUnescape(ref); err == nil {
		ref = u
	}
	p := path.Join(path.Dir(rel), ref)
	if strings.HasSuffix(ref, "/") {
		p += "/"
	}
	if p == ".." || strings.HasPrefix(p, "../") || strings.HasPrefix(p, "/") {
		return p, false
	}
	return p, true
}
