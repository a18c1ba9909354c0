package e2e

import (
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// problems collects findings by kind, so each kind is reported as one
// subtest with every offending place listed.
type problems map[string][]string

func (p problems) add(kind, format string, args ...any) {
	p[kind] = append(p[kind], fmt.Sprintf(format, args...))
}

// report runs one subtest per expected kind; a kind with findings fails.
func (p problems) report(t *testing.T, kinds ...string) {
	t.Helper()
	for k := range p {
		if !contains(kinds, k) {
			kinds = append(kinds, k)
		}
	}
	for _, kind := range kinds {
		list := dedupe(p[kind])
		sort.Strings(list)
		t.Run(kind, func(t *testing.T) {
			if len(list) == 0 {
				return
			}
			const max = 40
			more := ""
			if len(list) > max {
				more = fmt.Sprintf("\n  ... and %d more", len(list)-max)
				list = list[:max]
			}
			t.Errorf("%d problem(s):\n  %s%s", len(p[kind]), strings.Join(list, "\n  "), more)
		})
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

const (
	kMissing   = "relative_targets_exist"
	kHost      = "no_url_of_another_host"
	kRooted    = "no_root_relative_urls"
	kFolder    = "no_links_to_folders"
	kModule    = "no_es_modules"
	kIntegrity = "no_integrity_attributes"
	kFetch     = "no_fetch_or_xhr"
	kFragment  = "fragments_name_an_element"
	kReach     = "every_page_reachable_from_index"
)

var (
	schemeRE = regexp.MustCompile(`^[a-zA-Z][a-zA-Z0-9+.-]*:`)
	cssURLRE = regexp.MustCompile(`url\(\s*(?:"([^"]*)"|'([^']*)'|([^)'"\s]*))\s*\)`)
	cssImpRE = regexp.MustCompile(`@import\s+(?:"([^"]*)"|'([^']*)')`)
	// anyURLRE finds absolute URLs with a scheme and host anywhere in text.
	anyURLRE = regexp.MustCompile(`(?i)\b[a-z][a-z0-9+.-]*://[^\s"'<>()\\,;]*`)
	// protoRelRE finds protocol-relative URLs ("//host.tld/...") in quotes
	// or url(...).
	protoRelRE = regexp.MustCompile(`(?i)["'(=]\s*//[a-z0-9-]+(\.[a-z0-9-]+)+`)
	fetchRE    = regexp.MustCompile(`\bfetch\s*\(|\bXMLHttpRequest\b|\bimport\s*\(|\bimportScripts\s*\(`)
)

// namespaceURLs are XML namespace names. They are identifiers that browsers
// never request (inline SVG and createElementNS need them), so they are the
// only URLs of another host the output may contain.
var namespaceURLs = []string{
	"http://www.w3.org/2000/svg",
	"http://www.w3.org/1999/xhtml",
	"http://www.w3.org/1999/xlink",
	"http://www.w3.org/XML/1998/namespace",
	"http://www.w3.org/2000/xmlns/",
}

func isNamespace(u string) bool {
	u = strings.TrimRight(u, ".")
	for _, ns := range namespaceURLs {
		if u == ns || u == strings.TrimSuffix(ns, "/") {
			return true
		}
	}
	return false
}

// TestLinkWalk parses every page of the output and checks every reference:
// relative targets exist and are files, nothing points at another host or
// at the server root, no ES modules, no integrity attributes, no fetch, and
// every page can be reached by links from index.html.
func TestLinkWalk(t *testing.T) { linkWalk(t, needSite(t)) }

// linkWalk checks every reference of the site s (the built one, or a copy
// such as the unzipped dist) and that every page is reachable.
func linkWalk(t *testing.T, s *siteInfo) {
	p := problems{}
	links := map[string][]string{} // page -> pages it links to
	var files []string
	filepath.WalkDir(s.dir, func(fp string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(s.dir, fp)
			files = append(files, filepath.ToSlash(rel))
		}
		return err
	})

	for _, pg := range s.sortedPages() {
		checkPageRefs(s, pg, p, links)
	}
	for _, rel := range files {
		ext := path.Ext(rel)
		switch ext {
		case ".css", ".js", ".html", ".htm", ".json", ".xml", ".svg", ".txt", ".webmanifest", ".map", ".mjs":
		default:
			continue
		}
		b, err := os.ReadFile(filepath.Join(s.dir, filepath.FromSlash(rel)))
		if err != nil {
			t.Fatal(err)
		}
		text := string(b)
		scanText(rel, text, p)
		switch ext {
		case ".css":
			checkCSS(s, rel, rel, text, p)
		case ".js", ".mjs":
			if ext == ".mjs" {
				p.add(kModule, "%s: an ES module file", rel)
			}
			for _, m := range fetchRE.FindAllString(text, -1) {
				p.add(kFetch, "%s: %q (file:// blocks it; ship data as a plain script)", rel, m)
			}
		}
	}

	// Reachability: breadth-first from index.html over <a href> links.
	seen := map[string]bool{"index.html": true}
	queue := []string{"index.html"}
	for len(queue) > 0 {
		cur := queue[0]
		queue = queue[1:]
		for _, to := range links[cur] {
			if !seen[to] {
				seen[to] = true
				queue = append(queue, to)
			}
		}
	}
	for _, pg := range s.sortedPages() {
		if !seen[pg.rel] {
			p.add(kReach, "%s (body %s) is not reachable by links from index.html", pg.rel, bodyDesc(pg))
		}
	}
	t.Logf("walked %d files, %d pages, %d reachable from index.html", len(files), len(s.pages), len(seen))
	p.report(t, kMissing, kHost, kRooted, kFolder, kModule, kIntegrity, kFetch, kFragment, kReach)
}

func bodyDesc(pg *page) string {
	var parts []string
	for _, k := range []string{"data-page", "data-scenario", "data-moment", "data-choice"} {
		if v, ok := pg.body[k]; ok {
			parts = append(parts, fmt.Sprintf("%s=%q", k, v))
		}
	}
	if len(parts) == 0 {
		return "without data-page"
	}
	return strings.Join(parts, " ")
}

// checkPageRefs checks every reference on one page and records the pages
// its links lead to.
func checkPageRefs(s *siteInfo, pg *page, p problems, links map[string][]string) {
	walk(pg.doc, func(n *html.Node) {
		if n.Type != html.ElementNode {
			return
		}
		where := fmt.Sprintf("%s: <%s>", pg.rel, n.Data)
		for _, a := range n.Attr {
			if a.Key == "integrity" {
				p.add(kIntegrity, "%s has integrity=%q (it breaks when the file is opened from disk or edited)", where, a.Val)
			}
		}
		if n.Data == "script" {
			if strings.EqualFold(strings.TrimSpace(attr(n, "type")), "module") {
				p.add(kModule, "%s type=\"module\" (file:// blocks modules)", where)
			}
			if n.FirstChild != nil {
				for _, m := range fetchRE.FindAllString(textOf(n), -1) {
					p.add(kFetch, "%s inline script uses %q", where, m)
				}
			}
		}
		if n.Data == "link" && strings.Contains(strings.ToLower(attr(n, "rel")), "modulepreload") {
			p.add(kModule, "%s rel=modulepreload", where)
		}
		if n.Data == "style" {
			checkCSS(s, pg.rel, where, textOf(n), p)
		}
		if st := attr(n, "style"); st != "" {
			checkCSS(s, pg.rel, where+" style", st, p)
		}
		for _, a := range n.Attr {
			var refs []string
			switch a.Key {
			case "href", "src", "poster", "action", "formaction", "data", "background", "cite", "manifest":
				if a.Key == "data" && n.Data != "object" {
					continue
				}
				refs = []string{a.Val}
			case "srcset", "imagesrcset":
				for _, cand := range strings.Split(a.Val, ",") {
					if f := strings.Fields(cand); len(f) > 0 {
						refs = append(refs, f[0])
					}
				}
			case "content":
				if strings.EqualFold(attr(n, "http-equiv"), "refresh") {
					if i := strings.Index(strings.ToLower(a.Val), "url="); i >= 0 {
						refs = []string{strings.Trim(a.Val[i+4:], `'" `)}
					}
				}
			default:
				continue
			}
			for _, ref := range refs {
				target, ok := checkRef(s, pg, n, a.Key, ref, p)
				if ok && (n.Data == "a" || n.Data == "area") && strings.HasSuffix(target, ".html") {
					links[pg.rel] = append(links[pg.rel], target)
				}
			}
		}
	})
}

// checkRef checks one reference found on a page. It returns the target's
// slash path when the reference is a relative link to an existing file.
func checkRef(s *siteInfo, pg *page, n *html.Node, key, ref string, p problems) (string, bool) {
	where := fmt.Sprintf("%s: <%s %s=%q>", pg.rel, n.Data, key, ref)
	ref = strings.TrimSpace(ref)
	low := strings.ToLower(ref)
	switch {
	case ref == "":
		p.add(kMissing, "%s: empty reference", where)
		return "", false
	case strings.HasPrefix(low, "data:"):
		return "", false
	case strings.HasPrefix(ref, "//"):
		p.add(kHost, "%s: protocol-relative URL of another host", where)
		return "", false
	case schemeRE.MatchString(ref):
		if isNamespace(ref) {
			return "", false
		}
		p.add(kHost, "%s: absolute URL with a scheme (the site must only link to its own files)", where)
		return "", false
	case strings.HasPrefix(ref, "/"):
		p.add(kRooted, "%s: root-relative URL (breaks file:// and hosting under a sub-path)", where)
		return "", false
	case strings.HasPrefix(ref, "#"):
		frag := ref[1:]
		if frag == "" && (n.Data == "a" || n.Data == "area") {
			p.add(kFragment, "%s: a link that goes nowhere without JavaScript", where)
		} else if frag != "" && !strings.HasPrefix(frag, "p=") && !pg.ids[frag] {
			p.add(kFragment, "%s: no element with id %q on the page", where, frag)
		}
		return "", false
	}
	target, inside := resolve(pg.rel, ref)
	if !inside {
		p.add(kMissing, "%s: points outside the site (%s)", where, target)
		return "", false
	}
	if strings.HasSuffix(target, "/") {
		p.add(kFolder, "%s: links to a folder; link to the .html file itself (file:// shows a folder listing)", where)
		return "", false
	}
	fi, err := os.Stat(filepath.Join(s.dir, filepath.FromSlash(target)))
	switch {
	case err != nil:
		p.add(kMissing, "%s: %s does not exist", where, target)
		return "", false
	case fi.IsDir():
		p.add(kFolder, "%s: %s is a folder; link to the .html file itself", where, target)
		return "", false
	}
	if (n.Data == "a" || n.Data == "area") && key == "href" && !strings.HasSuffix(target, ".html") && !hasAttr(n, "download") {
		p.add(kMissing, "%s: a link must point at a .html page (contract), this points at %s", where, target)
	}
	if i := strings.Index(ref, "#"); i >= 0 && strings.HasSuffix(target, ".html") {
		frag := ref[i+1:]
		if frag != "" && !strings.HasPrefix(frag, "p=") {
			if tp := s.pages[target]; tp != nil && !tp.ids[frag] {
				p.add(kFragment, "%s: %s has no element with id %q", where, target, frag)
			}
		}
	}
	return target, true
}

// checkCSS checks url(...) and @import references in CSS text. base is the
// slash path the references are relative to.
func checkCSS(s *siteInfo, base, where, css string, p problems) {
	var refs []string
	for _, m := range cssURLRE.FindAllStringSubmatch(css, -1) {
		refs = append(refs, m[1]+m[2]+m[3])
	}
	for _, m := range cssImpRE.FindAllStringSubmatch(css, -1) {
		refs = append(refs, m[1]+m[2])
	}
	for _, ref := range refs {
		ref = strings.TrimSpace(ref)
		low := strings.ToLower(ref)
		switch {
		case ref == "" || strings.HasPrefix(low, "data:") || strings.HasPrefix(ref, "#"):
			continue
		case strings.HasPrefix(ref, "//") || schemeRE.MatchString(ref):
			p.add(kHost, "%s: CSS url(%s) of another host", where, ref)
			continue
		case strings.HasPrefix(ref, "/"):
			p.add(kRooted, "%s: CSS url(%s) is root-relative", where, ref)
			continue
		}
		target, inside := resolve(base, ref)
		fi, err := os.Stat(filepath.Join(s.dir, filepath.FromSlash(target)))
		if !inside || err != nil || fi.IsDir() {
			p.add(kMissing, "%s: CSS url(%s): %s does not exist", where, ref, target)
		}
	}
}

// scanText finds absolute URLs of another host anywhere in a text file.
func scanText(rel, text string, p problems) {
	for _, m := range anyURLRE.FindAllString(text, -1) {
		if isNamespace(m) {
			continue
		}
		p.add(kHost, "%s: contains the URL %s", rel, m)
	}
	for _, m := range protoRelRE.FindAllString(text, -1) {
		p.add(kHost, "%s: contains the protocol-relative URL %s", rel, strings.TrimLeft(m, `"'(= `))
	}
}

// TestPageBasics checks what every page needs: a language, a title, exactly
// one h1, a viewport, a data-page on the body, and an accessible SVG.
func TestPageBasics(t *testing.T) {
	s := needSite(t)
	p := problems{}
	for _, pg := range s.sortedPages() {
		var htmlLang string
		var titles, h1s []string
		viewport := false
		walk(pg.doc, func(n *html.Node) {
			if n.Type != html.ElementNode {
				return
			}
			switch n.Data {
			case "html":
				htmlLang = strings.TrimSpace(attr(n, "lang"))
			case "title":
				if !insideSVG(n) {
					titles = append(titles, textOf(n))
				}
			case "h1":
				h1s = append(h1s, textOf(n))
			case "meta":
				if attr(n, "name") == "viewport" && strings.Contains(attr(n, "content"), "width=device-width") {
					viewport = true
				}
			case "svg":
				checkSVG(pg, n, p)
			}
		})
		if htmlLang == "" {
			p.add("html_has_lang", "%s: <html> has no lang", pg.rel)
		}
		if len(titles) != 1 || titles[0] == "" {
			p.add("one_nonempty_title", "%s: titles %q", pg.rel, titles)
		}
		if len(h1s) != 1 {
			p.add("exactly_one_h1", "%s: %d h1 elements %q", pg.rel, len(h1s), h1s)
		} else if h1s[0] == "" {
			p.add("exactly_one_h1", "%s: the h1 is empty", pg.rel)
		}
		if !viewport {
			p.add("viewport_meta", "%s: no <meta name=viewport content=\"width=device-width...\"> (the site must work at 360 px)", pg.rel)
		}
		if pg.body["data-page"] == "" {
			p.add("body_has_data_page", "%s: <body> has no data-page", pg.rel)
		}
	}
	p.report(t, "html_has_lang", "one_nonempty_title", "exactly_one_h1", "viewport_meta", "body_has_data_page", "svg_role_img", "svg_accessible_name")
}

func insideSVG(n *html.Node) bool {
	for c := n.Parent; c != nil; c = c.Parent {
		if c.Type == html.ElementNode && c.Data == "svg" {
			return true
		}
	}
	return false
}

// checkSVG requires role="img" and an accessible name (aria-label,
// aria-labelledby naming elements with text, or a <title> child). An SVG
// hidden from assistive technology with aria-hidden="true" is decorative and
// exempt.
func checkSVG(pg *page, n *html.Node, p problems) {
	if attr(n, "aria-hidden") == "true" || insideSVG(n) {
		return
	}
	desc := fmt.Sprintf("%s: <svg class=%q>", pg.rel, attr(n, "class"))
	if attr(n, "role") != "img" {
		p.add("svg_role_img", "%s has role=%q, want \"img\"", desc, attr(n, "role"))
	}
	if strings.TrimSpace(attr(n, "aria-label")) != "" {
		return
	}
	if ids := strings.Fields(attr(n, "aria-labelledby")); len(ids) > 0 {
		var text []string
		walk(pg.doc, func(c *html.Node) {
			if c.Type == html.ElementNode && contains(ids, attr(c, "id")) {
				text = append(text, textOf(c))
			}
		})
		if strings.TrimSpace(strings.Join(text, "")) != "" {
			return
		}
		p.add("svg_accessible_name", "%s: aria-labelledby=%q names no element with text", desc, attr(n, "aria-labelledby"))
		return
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && c.Data == "title" && textOf(c) != "" {
			return
		}
	}
	p.add("svg_accessible_name", "%s has no accessible name (aria-label, aria-labelledby or a <title> child)", desc)
}

// pageBudget is what a moment or feedback page may weigh on disk with
// its CSS, script and scenario data (site/README.md).
const pageBudget = 30 * 1024

// kindBudgets is what a page of each kind may weigh on disk with the CSS
// and scripts its HTML names. Play pages have the 30 KB budget; the other
// kinds have a ceiling about a quarter above what they weigh today, so
// that growth is a decision, not an accident. An ending's transcript is
// loaded by script and measured by TestEndingWeight.
var kindBudgets = map[string]int{
	"moment":      pageBudget,
	"feedback":    pageBudget,
	"ending":      76 * 1024,
	"intro":       60 * 1024,
	"home":        54 * 1024,
	"lessons":     20 * 1024,
	"lesson":      34 * 1024,
	"script":      240 * 1024,
	"worked":      42 * 1024,
	"supervisor":  240 * 1024,
	"facilitator": 40 * 1024, // about 38 KB; the data files of the scenarios it is given come on top, 2 to 4 KB each
}

// TestPageWeight weighs every page with the assets its HTML names, checks
// it against its kind's budget and logs the heaviest page of each kind.
func TestPageWeight(t *testing.T) {
	s := needSite(t)
	assetRE := regexp.MustCompile(`(?:href|src)="([^"]+\.(?:css|js))"`)
	type heavy struct {
		rel   string
		bytes int
		n     int
	}
	kinds := map[string]*heavy{}
	for _, pg := range s.sortedPages() {
		kind := pg.body["data-page"]
		b, err := os.ReadFile(filepath.Join(s.dir, filepath.FromSlash(pg.rel)))
		if err != nil {
			t.Fatal(err)
		}
		total := len(b)
		for _, m := range assetRE.FindAllStringSubmatch(string(b), -1) {
			fi, err := os.Stat(filepath.Join(s.dir, filepath.FromSlash(path.Join(path.Dir(pg.rel), m[1]))))
			if err != nil {
				t.Fatal(err)
			}
			total += int(fi.Size())
		}
		h := kinds[kind]
		if h == nil {
			h = &heavy{}
			kinds[kind] = h
		}
		h.n++
		if total > h.bytes {
			h.bytes, h.rel = total, pg.rel
		}
		budget, ok := kindBudgets[kind]
		if !ok {
			t.Errorf("%s is a page of kind %q, which has no weight budget", pg.rel, kind)
			continue
		}
		if total > budget {
			t.Errorf("%s (%s) weighs %d bytes with its assets, over the %d-byte budget", pg.rel, kind, total, budget)
		}
	}
	names := make([]string, 0, len(kinds))
	for k := range kinds {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		h := kinds[k]
		t.Logf("%-11s %4d pages; the heaviest, %s, weighs %d bytes with its assets (budget %d)", k, h.n, h.rel, h.bytes, kindBudgets[k])
	}
	for _, k := range []string{"moment", "feedback", "ending", "intro", "home", "script", "facilitator"} {
		if kinds[k] == nil {
			t.Errorf("no page of kind %q was weighed", k)
		}
	}
}
