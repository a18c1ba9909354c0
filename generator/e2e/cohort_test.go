package e2e

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/spf13/afero"
	"golang.org/x/net/html"

	"coachsim/generator/check"
	"coachsim/generator/publish"
)

// TestCohortSite builds the shipped scenarios with cohort.example.yaml, as
// a cohort's fork would, and checks what the cohort changes: the home page
// is headed by the cohort's name and welcome and lists only its scenarios,
// in its order; every page title ends with the name; the scenarios it
// leaves out have no pages; the facilitator's notes are on the script
// page. It also writes a screenshot of the cohort's home page.
func TestCohortSite(t *testing.T) {
	s := needSite(t)
	if s.root == "" {
		t.Skip("no repository")
	}
	res := check.Run(afero.NewOsFs(), check.Options{
		Paths:      []string{filepath.Join(s.root, "scenarios")},
		LessonsDir: filepath.Join(s.root, "content", "lessons"),
		Cohort:     filepath.Join(s.root, "cohort.example.yaml"),
	})
	if res.Diags.HasErrors() || res.Cohort == nil {
		var b bytes.Buffer
		res.Diags.Format(&b, res.Sources)
		t.Fatalf("cohort.example.yaml does not check:\n%s", b.String())
	}
	// Reversed, so that the home page's order can only be the cohort's.
	slices.Reverse(res.Cohort.Scenarios)
	out := filepath.Join(t.TempDir(), "site")
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	site := filepath.Join(s.root, "site")
	if _, err := publish.Build(ctx, publish.Options{
		Check: res, ContentDir: filepath.Join(s.root, "content"), SiteDir: site, Out: out,
		Hugo: publish.HugoCommand{SiteDir: site, Log: os.Stderr}, Log: os.Stderr,
		Scenarios: res.Cohort.IDs(), Cohort: res.Cohort,
	}); err != nil {
		t.Fatalf("building the cohort's site: %v", err)
	}
	parse := func(rel string) *html.Node {
		t.Helper()
		b, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(rel)))
		if err != nil {
			t.Fatal(err)
		}
		doc, err := html.Parse(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		return doc
	}
	name := res.Cohort.Name.Value
	home := parse("index.html")
	var h1, title string
	var listed []string
	walk(home, func(n *html.Node) {
		switch {
		case n.Type != html.ElementNode:
		case n.Data == "h1" && h1 == "":
			h1 = strings.TrimSpace(textOf(n))
		case n.Data == "title" && title == "": // the head's, not an SVG's
			title = textOf(n)
		case n.Data == "a" && attr(n, "data-role") == "scenario-link":
			listed = append(listed, attr(n, "data-scenario"))
		}
	})
	if h1 != name {
		t.Errorf("the home page's heading is %q, want the cohort's name %q", h1, name)
	}
	if !strings.Contains(title, name) {
		t.Errorf("the home page's title %q does not carry the cohort's name", title)
	}
	if got, want := strings.Join(listed, " "), strings.Join(res.Cohort.IDs(), " "); got != want {
		t.Errorf("the home page lists %q, want the cohort's %q in its order", got, want)
	}
	if b, _ := os.ReadFile(filepath.Join(out, "index.html")); !bytes.Contains(b, []byte("Play each scenario at least twice")) {
		t.Error("the home page does not show the cohort's welcome")
	}
	t.Run("screenshot", func(t *testing.T) {
		tb := newTab(t, tabOptions{})
		if err := tb.navigate(fileURL(out, "index.html")); err != nil {
			t.Fatal(err)
		}
		shot(t, tb, "cohort-home")
		tb.check(t)
	})
	chosen := map[string]bool{}
	for _, id := range res.Cohort.IDs() {
		chosen[id] = true
	}
	for _, sc := range res.Scenarios {
		_, err := os.Stat(filepath.Join(out, "scenarios", sc.ID.Value))
		if chosen[sc.ID.Value] != (err == nil) {
			t.Errorf("scenario %s: built %v, chosen %v", sc.ID.Value, err == nil, chosen[sc.ID.Value])
		}
	}
	id := res.Cohort.IDs()[0]
	intro := parse("scenarios/" + id + "/index.html")
	var introTitle string
	walk(intro, func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == "title" && introTitle == "" {
			introTitle = textOf(n)
		}
	})
	if !strings.HasSuffix(introTitle, " · "+name) {
		t.Errorf("scenarios/%s/index.html: title %q does not end with the cohort's name", id, introTitle)
	}
	for _, n := range res.Cohort.Notes {
		var script string
		filepath.WalkDir(filepath.Join(out, "scenarios", n.Scenario.Value), func(p string, d os.DirEntry, err error) error {
			if err == nil && strings.HasPrefix(d.Name(), "script") && strings.HasSuffix(p, ".html") {
				b, _ := os.ReadFile(p)
				script = string(b)
			}
			return err
		})
		first := strings.Fields(n.Text.Value)[0]
		if !strings.Contains(script, "Facilitator") || !strings.Contains(script, first) {
			t.Errorf("the script page of %s does not show the facilitator's notes", n.Scenario.Value)
		}
	}
}
