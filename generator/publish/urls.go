package publish

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The site's addresses. Pages are written with root-relative URLs; Hugo's
// relativeURLs setting turns every one of them into a link relative to the
// page it appears on, so the site works from a folder and under any
// sub-path. Scenario ids and moment ids are path-safe (lowercase letters,
// digits and dashes), so they need no escaping, and the prefixes keep a
// moment named "index" or "script" from clashing with the intro and the
// script page.
//
// Every page of a scenario (intro, moments, feedback, endings, script) is
// in the scenario's folder, and so is every page its links to the
// scenario's own pages lead to: those links are the bare file name
// (introFile, momentFile, ...), which Hugo leaves as it is, rather than
// "../../scenarios/ID/..." on every link. Pages elsewhere (home, lessons)
// link with the full URL.

func homeURL() string               { return "/index.html" }
func lessonsURL() string            { return "/lessons/index.html" }
func lessonURL(name string) string  { return "/lessons/" + name + ".html" }
func scenarioDir(id string) string  { return "/scenarios/" + id + "/" }
func introURL(id string) string     { return scenarioDir(id) + introFile() }
func scriptURL(id string) string    { return scenarioDir(id) + scriptFile() }
func momentURL(id, m string) string { return scenarioDir(id) + momentFile(m) }
func dataURL(id string) string      { return "/js/scenarios/" + id + ".js" }
func textURL(id string) string      { return "/js/scenarios/" + id + ".text.js" }
func introFile() string             { return "index.html" }
func scriptFile() string            { return "script.html" }
func momentFile(m string) string    { return "moment-" + m + ".html" }
func feedbackFile(m string, i int) string {
	return "feedback-" + m + "-" + strconv.Itoa(i) + ".html"
}
func feedbackURL(id, m string, i int) string { return scenarioDir(id) + feedbackFile(m, i) }

// contentPath returns the Hugo content file for a page URL: the same path
// under content/ with .md for .html (index.html of a folder is its
// _index.md, so the folder becomes a section).
func contentPath(url string) string {
	p := strings.TrimPrefix(url, "/")
	if strings.HasSuffix(p, "/index.html") || p == "index.html" {
		return strings.TrimSuffix(p, "index.html") + "_index.md"
	}
	return strings.TrimSuffix(p, ".html") + ".md"
}

// humanize turns an id such as "names-it" into "Names it".
func humanize(id string) string {
	s := strings.ReplaceAll(id, "-", " ")
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}

// signed formats an effect as the page contract wants it: "+1", "-2", "0".
func signed(v int) string {
	if v > 0 {
		return "+" + strconv.Itoa(v)
	}
	return strconv.Itoa(v)
}

// movement says in words what a response's effect does to one axis, as a
// verb phrase: "raises trust by 1", "leaves accountability as it is". It is
// the effect as authored; at the edge of the plane the position moves less
// (the script says so where it knows the position).
func movement(axis string, v int) string {
	switch {
	case v > 0:
		return "raises " + axis + " by " + strconv.Itoa(v)
	case v < 0:
		return "lowers " + axis + " by " + strconv.Itoa(-v)
	}
	return "leaves " + axis + " as it is"
}
