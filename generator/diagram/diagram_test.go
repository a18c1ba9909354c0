package diagram

import (
	"bytes"
	"context"
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/spf13/afero"

	"coachsim/generator/check"
	"coachsim/generator/internal/golden"
	"coachsim/generator/scenario"
)

const lessons = "../../content/lessons"

// loadMaps checks the scenario files like coachsim map does and builds the
// map of each; the files may have warnings but no errors.
func loadMaps(t testing.TB, paths ...string) []*Map {
	t.Helper()
	res := check.Run(afero.NewOsFs(), check.Options{Paths: paths, LessonsDir: lessons})
	if res.Diags.HasErrors() {
		var b bytes.Buffer
		_ = res.Diags.Format(&b, res.Sources)
		t.Fatalf("%v do not check:\n%s", paths, b.String())
	}
	var out []*Map
	for _, s := range res.Scenarios {
		out = append(out, Build(s, res.Analyses[s.ID.Value], res.Orders[s.ID.Value], Options{}))
	}
	return out
}

// shipped returns the maps of the scenarios in scenarios/.
func shipped(t testing.TB) []*Map {
	t.Helper()
	ms := loadMaps(t, "../../scenarios")
	if len(ms) < 3 {
		t.Fatalf("found %d shipped scenarios", len(ms))
	}
	return ms
}

func small(t testing.TB) *Map {
	t.Helper()
	return loadMaps(t, "testdata/small.yaml")[0]
}

// formats are the text renderings, by golden file extension.
var formats = []struct {
	ext   string
	write func(io.Writer, *Map) error
}{
	{"dot", WriteDOT},
	{"mmd", WriteMermaid},
	{"md", func(w io.Writer, m *Map) error { return WriteOutline(w, m.Outline()) }},
}

// Every rendering of the fixture and of every shipped scenario matches its
// golden file (go test -update rewrites them).
func TestGolden(t *testing.T) {
	maps := append([]*Map{small(t)}, shipped(t)...)
	for _, m := range maps {
		for _, f := range formats {
			t.Run(m.ID+"."+f.ext, func(t *testing.T) {
				var b bytes.Buffer
				if err := f.write(&b, m); err != nil {
					t.Fatal(err)
				}
				golden.Check(t, filepath.Join("testdata", "golden", m.ID+"."+f.ext), b.String())
			})
		}
	}
	t.Run("small.svg", func(t *testing.T) {
		svg, err := SVG(context.Background(), maps[0])
		if err != nil {
			t.Fatal(err)
		}
		golden.Check(t, filepath.Join("testdata", "golden", "small.svg"), string(svg))
	})
}

// The map of the fixture says what the fixture holds: shown option numbers,
// effects, conditions in words, the start, endings' quadrants, the
// unreachable moment and the untaken route.
func TestBuild(t *testing.T) {
	res := check.Run(afero.NewOsFs(), check.Options{Paths: []string{"testdata/small.yaml"}, LessonsDir: lessons})
	s := res.Scenarios[0]
	m := Build(s, res.Analyses[s.ID.Value], res.Orders[s.ID.Value], Options{Script: "../script.html"})
	if m.Start != "opening" || !m.Node("opening").Start {
		t.Errorf("start = %q", m.Start)
	}
	order := scenario.Shown(res.Orders[s.ID.Value], s.Moment("opening"))
	for _, e := range m.Edges {
		if e.From != "opening" {
			continue
		}
		if order[e.Option-1] != e.Choice {
			t.Errorf("choice %d labelled option %d, but the shown order is %v", e.Choice, e.Option, order)
		}
	}
	if order[0] == 0 && order[1] == 1 && order[2] == 2 {
		t.Errorf("the fixture shows its choices as written, so the test proves nothing: %v", order)
	}
	tests := []struct {
		name string
		got  any
		want any
	}{
		{"orphan unreachable", m.Node("orphan").Reachable, false},
		{"pause reachable", m.Node("pause").Reachable, true},
		{"pause is a passage", m.Node("pause").Kind, Passage},
		{"names-it is an ending", m.Node("names-it").Kind, Ending},
		{"href", m.Node("pause").Href, "../script.html#m-pause"},
		{"edges", len(m.Edges), 8},
	}
	for _, tt := range tests {
		if fmt.Sprint(tt.got) != fmt.Sprint(tt.want) {
			t.Errorf("%s: got %v, want %v", tt.name, tt.got, tt.want)
		}
	}
	var cond, untaken int
	for _, e := range m.Edges {
		if e.Conditional() {
			cond++
		}
		if e.Untaken {
			untaken++
			if e.From != "opening" || e.Choice != 1 || e.Route != 0 {
				t.Errorf("untaken edge %+v, want choice 2's first route at opening", e)
			}
		}
	}
	if cond != 2 || untaken != 1 {
		t.Errorf("%d conditional and %d untaken edges, want 2 and 1", cond, untaken)
	}
	if q := m.Node("names-it").Quadrants; len(q) == 0 {
		t.Errorf("names-it has no quadrants")
	}
}

func TestEffectOf(t *testing.T) {
	tests := []struct {
		trust, acc int
		want       Effect
	}{
		{1, 1, Builds}, {2, 0, Builds}, {0, 1, Builds},
		{1, -2, Mixed}, {-1, 3, Mixed},
		{-1, -1, Costs}, {0, -2, Costs}, {-3, 0, Costs},
		{0, 0, Neutral},
	}
	for _, tt := range tests {
		if got := EffectOf(tt.trust, tt.acc); got != tt.want {
			t.Errorf("EffectOf(%d, %d) = %v, want %v", tt.trust, tt.acc, got, tt.want)
		}
	}
}

// Every colour of the map has at least 3:1 contrast on white (WCAG
// 1.4.11), and the effects' colours differ.
func TestPaletteContrast(t *testing.T) {
	colours := map[string]string{"grey text": greyText}
	seen := map[string]bool{}
	for _, e := range Effects {
		colours[e.String()] = e.Colour()
		if seen[e.Colour()] {
			t.Errorf("%v shares its colour", e)
		}
		seen[e.Colour()] = true
	}
	for name, c := range colours {
		if r := contrast(t, c, "#ffffff"); r < 3 {
			t.Errorf("%s %s: contrast %.2f:1 on white, want at least 3:1", name, c, r)
		}
	}
	if r := contrast(t, "#000000", endingFill); r < 4.5 {
		t.Errorf("ending text on %s: %.2f:1", endingFill, r)
	}
}

// contrast is the WCAG contrast ratio of two #rrggbb colours.
func contrast(t *testing.T, a, b string) float64 {
	t.Helper()
	la, lb := luminance(t, a), luminance(t, b)
	return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)
}

func luminance(t *testing.T, hex string) float64 {
	t.Helper()
	v, err := strconv.ParseUint(strings.TrimPrefix(hex, "#"), 16, 32)
	if err != nil || len(hex) != 7 {
		t.Fatalf("bad colour %q", hex)
	}
	ch := func(shift uint) float64 {
		c := float64((v>>shift)&0xff) / 255
		if c <= 0.03928 {
			return c / 12.92
		}
		return math.Pow((c+0.055)/1.055, 2.4)
	}
	return 0.2126*ch(16) + 0.7152*ch(8) + 0.0722*ch(0)
}

func TestCondWords(t *testing.T) {
	tests := []struct{ cond, want string }{
		{"trust >= 2", "trust is at least 2"},
		{"accountability < 0", "accountability is below 0"},
		{"trust == 0", "trust is exactly 0"},
		{"trust != -1", "trust is not −1"}, // a true minus sign, as the site writes numbers,
		{"trust > 1 and accountability <= 3", "trust is above 1 and accountability is at most 3"},
		{"named-the-pattern", "named-the-pattern is set"},
		{"not asked-permission", "asked-permission is not set"},
		{"visited gerald", "the path went through gerald"},
		{"not visited gerald", "the path did not go through gerald"},
		{"a and b or c", "a is set and b is set, or c is set"},
	}
	for _, tt := range tests {
		c, err := scenario.ParseCond(tt.cond)
		if err != nil {
			t.Fatalf("%q: %v", tt.cond, err)
		}
		if got := CondWords(c); got != tt.want {
			t.Errorf("CondWords(%q) = %q, want %q", tt.cond, got, tt.want)
		}
	}
	if CondWords(nil) != "" {
		t.Error("a nil condition has words")
	}
}

// The Mermaid output is a valid flowchart by structure, for the fixture
// (whose labels hold quotes, &, <, #, | and a backtick) and every shipped
// scenario: each line is a statement of the flowchart grammar, labels are
// quoted with nothing inside that ends or breaks them, every link joins
// declared nodes, and every linkStyle names a link that exists.
func TestMermaidStructure(t *testing.T) {
	for _, m := range append([]*Map{small(t)}, shipped(t)...) {
		t.Run(m.ID, func(t *testing.T) {
			var b bytes.Buffer
			if err := WriteMermaid(&b, m); err != nil {
				t.Fatal(err)
			}
			checkMermaid(t, b.String(), len(m.Nodes), len(m.Edges)+1)
		})
	}
}

var (
	mmLabel   = `"([^"]*)"`
	mmNode    = regexp.MustCompile(`^(m\d+)(\(\[|\(|\[)` + mmLabel + `(\]\)|\)|\])$`)
	mmStart   = regexp.MustCompile(`^start\(\("start"\)\) ==> (m\d+)$`)
	mmLink    = regexp.MustCompile(`^(m\d+) (-->|-\.->)\|` + mmLabel + `\| (m\d+)$`)
	mmClass   = regexp.MustCompile(`^class (m\d+(?:,m\d+)*) (ending|unreachable)$`)
	mmDef     = regexp.MustCompile(`^classDef (ending|unreachable) [a-z-]+:[#0-9a-z. ]+(,[a-z-]+:[#0-9a-z. ]+)*$`)
	mmStyle   = regexp.MustCompile(`^linkStyle (\d+) stroke:#[0-9a-f]{6},color:#[0-9a-f]{6}$`)
	mmEntity  = regexp.MustCompile(`#[a-z0-9]+;`)
	mmBadText = regexp.MustCompile("[\"<>&|`#]")
)

func checkMermaid(t *testing.T, src string, nodes, links int) {
	t.Helper()
	lines := strings.Split(strings.TrimSuffix(src, "\n"), "\n")
	if lines[0] != "flowchart TD" {
		t.Fatalf("first line %q", lines[0])
	}
	declared := map[string]bool{}
	var used []string
	styled := map[int]bool{}
	nlinks := 0
	label := func(l string, i int) {
		l = strings.ReplaceAll(l, "<br>", "")
		if bad := mmBadText.FindString(mmEntity.ReplaceAllString(l, "")); bad != "" {
			t.Errorf("line %d: label holds a raw %q: %s", i+1, bad, lines[i])
		}
	}
	for i, raw := range lines[1:] {
		i++
		l := strings.TrimPrefix(raw, "  ")
		if l != strings.TrimSpace(raw) {
			t.Errorf("line %d is not indented by two spaces: %q", i+1, raw)
		}
		switch {
		case strings.HasPrefix(l, "%% "):
		case mmNode.MatchString(l):
			g := mmNode.FindStringSubmatch(l)
			if pair := g[2] + g[4]; pair != "([])" && pair != "()" && pair != "[]" {
				t.Errorf("line %d: brackets %s do not match", i+1, pair)
			}
			if declared[g[1]] {
				t.Errorf("line %d: %s declared twice", i+1, g[1])
			}
			declared[g[1]] = true
			label(g[3], i)
		case mmStart.MatchString(l):
			used = append(used, mmStart.FindStringSubmatch(l)[1])
			nlinks++
		case mmLink.MatchString(l):
			g := mmLink.FindStringSubmatch(l)
			used = append(used, g[1], g[4])
			label(g[3], i)
			nlinks++
		case mmClass.MatchString(l):
			used = append(used, strings.Split(mmClass.FindStringSubmatch(l)[1], ",")...)
		case mmDef.MatchString(l):
		case mmStyle.MatchString(l):
			n, _ := strconv.Atoi(mmStyle.FindStringSubmatch(l)[1])
			styled[n] = true
		default:
			t.Errorf("line %d is no flowchart statement: %q", i+1, l)
		}
	}
	for _, id := range used {
		if !declared[id] {
			t.Errorf("%s is used but never declared", id)
		}
	}
	if len(declared) != nodes || nlinks != links {
		t.Errorf("%d nodes and %d links, want %d and %d", len(declared), nlinks, nodes, links)
	}
	for n := range styled {
		if n >= nlinks {
			t.Errorf("linkStyle %d: there are only %d links", n, nlinks)
		}
	}
}

var (
	svgHref   = regexp.MustCompile(`xlink:href="([^"]*)"`)
	svgRemote = regexp.MustCompile(`(?:https?:)?//[^"\s]*`)
)

// The SVG of every shipped scenario is well-formed XML, accessible
// (role="img", an aria-label, a <title> first), links each moment to the
// script page, and refers to nothing outside itself.
func TestSVG(t *testing.T) {
	for _, m := range append([]*Map{small(t)}, shipped(t)...) {
		t.Run(m.ID, func(t *testing.T) {
			svg, err := SVG(context.Background(), m)
			if err != nil {
				t.Fatal(err)
			}
			checkSVG(t, string(svg), m)
		})
	}
}

func checkSVG(t *testing.T, svg string, m *Map) {
	t.Helper()
	if !strings.HasPrefix(svg, "<svg ") {
		t.Errorf("does not start with <svg: %.60q", svg)
	}
	open := svg[:strings.IndexByte(svg, '>')+1]
	for _, want := range []string{`role="img"`, `aria-label="Map of `, `viewBox="`} {
		if !strings.Contains(open, want) {
			t.Errorf("<svg> lacks %s: %s", want, open)
		}
	}
	if !strings.HasPrefix(svg[len(open):], "\n<title>") {
		t.Errorf("the first child is not a <title>: %.80q", svg[len(open):])
	}
	d := xml.NewDecoder(strings.NewReader(svg))
	for {
		_, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("not well-formed XML: %v", err)
		}
	}
	links := map[string]bool{}
	for _, g := range svgHref.FindAllStringSubmatch(svg, -1) {
		links[g[1]] = true
	}
	for _, n := range m.Nodes {
		if !links["script.html#m-"+n.ID] {
			t.Errorf("no link to script.html#m-%s", n.ID)
		}
	}
	for _, u := range svgRemote.FindAllString(svg, -1) {
		if u != "http://www.w3.org/2000/svg" && u != "http://www.w3.org/1999/xlink" {
			t.Errorf("refers to %s", u)
		}
	}
	for _, bad := range []string{"<image", "<script", "@import", "@font-face", "<!DOCTYPE", "<?xml"} {
		if strings.Contains(svg, bad) {
			t.Errorf("holds %s", bad)
		}
	}
}

// SVG can be called from several goroutines at once.
func TestSVGConcurrent(t *testing.T) {
	m := small(t)
	want, err := SVG(context.Background(), m)
	if err != nil {
		t.Fatal(err)
	}
	errs := make(chan error, 4)
	for range 4 {
		go func() {
			got, err := SVG(context.Background(), m)
			if err == nil && !bytes.Equal(got, want) {
				err = fmt.Errorf("a concurrent layout differs")
			}
			errs <- err
		}()
	}
	for range 4 {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}

// The outline names every moment once, with a link, and every option
// under its moment in shown order.
func TestOutline(t *testing.T) {
	m := small(t)
	items := m.Outline()
	if len(items) != len(m.Nodes) || items[0].Link != "opening" {
		t.Fatalf("%d items, first %q", len(items), items[0].Link)
	}
	for _, it := range items {
		if it.Href != "script.html#m-"+it.Link || !strings.HasPrefix(it.Text, it.Link) {
			t.Errorf("item %q links %q", it.Text, it.Href)
		}
		for k, opt := range it.Items {
			if !strings.HasPrefix(opt.Text, fmt.Sprintf("option %d ", k+1)) {
				t.Errorf("%s: option %d reads %q", it.Link, k+1, opt.Text)
			}
		}
	}
	var b bytes.Buffer
	if err := WriteOutline(&b, items); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "- [opening](script.html#m-opening)") {
		t.Errorf("no link to opening:\n%s", b.String())
	}
}

// largest returns the shipped scenario with the most moments and routes.
func largest(t testing.TB) *Map {
	t.Helper()
	var big *Map
	for _, m := range shipped(t) {
		if big == nil || len(m.Nodes)+len(m.Edges) > len(big.Nodes)+len(big.Edges) {
			big = m
		}
	}
	return big
}

// BenchmarkSVGLargest times the map of the largest shipped scenario, from
// the map to the finished SVG (DOT, layout by dot in WebAssembly, and the
// accessibility touches).
func BenchmarkSVGLargest(b *testing.B) {
	m := largest(b)
	b.ReportMetric(float64(len(m.Nodes)), "moments")
	b.ReportMetric(float64(len(m.Edges)), "routes")
	ctx := context.Background()
	for b.Loop() {
		forgetLayouts() // time the layout, not the memory of it
		if _, err := SVG(ctx, m); err != nil {
			b.Fatal(err)
		}
	}
}

func forgetLayouts() {
	layoutMu.Lock()
	clear(laidOut)
	layoutMu.Unlock()
}

// SVG remembers a layout by its DOT text: the same map again gives the
// same bytes without a layout, a changed map a new layout.
func TestSVGRemembers(t *testing.T) {
	forgetLayouts()
	m := largest(t)
	ctx := context.Background()
	first, err := SVG(ctx, m)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	again, err := SVG(ctx, m)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(first, again) {
		t.Error("the remembered SVG differs from the first")
	}
	if d := time.Since(start); d > 50*time.Millisecond {
		t.Errorf("the second SVG of the same map took %s: it was laid out again", d)
	}
	again[0] = 'x' // callers own what they get
	if third, _ := SVG(ctx, m); third[0] != '<' {
		t.Error("a caller's change reached the remembered SVG")
	}
	m.Title += " (changed)"
	changed, err := SVG(ctx, m)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(changed, first) {
		t.Error("a changed map gave the remembered SVG")
	}
}
