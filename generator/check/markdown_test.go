package check

import (
	"fmt"
	"strings"
	"testing"

	"github.com/spf13/afero"

	"coachsim/generator/scenario"
)

// markdownCase places raw HTML in one Markdown field of a small scenario:
// the YAML, and the line and column where the HTML starts.
type markdownCase struct {
	yaml      string
	line, col int
}

// markdownBase is a valid scenario with a slot, %s, in each Markdown field;
// fill gives every slot plain text except the one under test.
const markdownBase = `title: T
summary: %s
difficulty: introductory
minutes: 5
skills: [spectrum]
client:
  name: Ana
  role: Lead
  background: %s
moments:
  first:
    context: %s
    client: %s
    choices:
      - response: %s
        trust: 1
        accountability: 1
        level: learning-check-in
        fit: fits
        feedback: %s
        next: end
      - response: Other.
        trust: -1
        accountability: 0
        level: none
        fit: too-soft
        feedback: Why.
        next: end
  end:
    client: Bye.
    ending:
      title: Done
      debrief:
        - %s
        - if: trust > 0
          text: %s
      reflection: [What now?]
`

// markdownSlots names the slots of markdownBase, in order, by
// "object.key"; the second debrief slot is a {if, text} paragraph.
var markdownSlots = []string{
	"scenario.summary", "client.background", "moment.context", "moment.client",
	"choice.response", "choice.feedback", "paragraph.text (plain)", "paragraph.text",
}

func markdownCaseFor(slot int) markdownCase {
	args := make([]any, len(markdownSlots))
	for i := range args {
		args[i] = fmt.Sprintf("Plain text %d.", i)
	}
	const html = "Hello <b>there</b>."
	args[slot] = html
	src := fmt.Sprintf(markdownBase, args...)
	// Find the slot's line: the nth "%s" of the template.
	for n, line := range strings.Split(src, "\n") {
		if i := strings.Index(line, html); i >= 0 {
			return markdownCase{src, n + 1, i + strings.Index(html, "<") + 1}
		}
	}
	panic("slot not found")
}

// TestEveryMarkdownFieldIsChecked enumerates the model's Markdown fields by
// their format tags and proves that raw HTML in each one gets a warning at
// its exact position. A new Markdown field fails here until the test (and
// so the reader of this file) knows where to put it.
func TestEveryMarkdownFieldIsChecked(t *testing.T) {
	covered := map[string]bool{}
	for _, s := range markdownSlots {
		covered[strings.TrimSuffix(s, " (plain)")] = true
	}
	var tagged []string
	for _, o := range scenario.Objects {
		for _, f := range scenario.Fields(o.Type) {
			if f.Markdown {
				key := o.Name + "." + f.Key
				tagged = append(tagged, key)
				if !covered[key] {
					t.Errorf("Markdown field %s has no case in markdownSlots", key)
				}
			}
		}
	}
	if len(tagged) != len(covered) {
		t.Errorf("Markdown fields by tag %v, cases %v", tagged, markdownSlots)
	}
	for slot, name := range markdownSlots {
		t.Run(name, func(t *testing.T) {
			c := markdownCaseFor(slot)
			fsys := afero.NewMemMapFs()
			if err := afero.WriteFile(fsys, "s.yaml", []byte(c.yaml), 0o644); err != nil {
				t.Fatal(err)
			}
			if err := afero.WriteFile(fsys, "lessons/spectrum.md", []byte("---\ntitle: S\n---\n# S\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			res := Run(fsys, Options{Paths: []string{"s.yaml"}, LessonsDir: "lessons"})
			want := fmt.Sprintf("s.yaml:%d:%d: warning: raw HTML", c.line, c.col)
			var found bool
			for _, d := range res.Diags {
				if strings.HasPrefix(d.String(), want) {
					found = true
				} else if strings.Contains(d.Msg, "raw HTML") {
					t.Errorf("raw HTML reported at the wrong place: %s", d)
				}
			}
			if !found {
				t.Errorf("no %q in:\n%s", want, res.Diags)
			}
		})
	}
}

// TestUnclosedHTMLAndLessons: an HTML block that never closes swallows the
// rest of its text, and lessons are checked as scenario text is, at the
// exact line of the lesson file.
func TestUnclosedHTMLAndLessons(t *testing.T) {
	fsys := afero.NewMemMapFs()
	src := markdownCaseFor(0).yaml
	src = strings.Replace(src, "feedback: Why.", "feedback: |\n          Fine so far.\n\n          <!-- note to self\n\n          The rest.", 1)
	files := map[string]string{
		"s.yaml":                   src,
		"lessons/spectrum.md":      "---\ntitle: S\n---\n\nIntro.\n\n<style>\np { color: red }\n\nRest of the lesson.\n",
		"lessons/quadrant.md":      "---\ntitle: Q\n---\nText with <b>bold</b> in it.\n",
		"lessons/five-elements.md": "---\ntitle: F\n---\n<!-- a closed comment -->\n\nText.\n",
	}
	for name, body := range files {
		if err := afero.WriteFile(fsys, name, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	res := Run(fsys, Options{Paths: []string{"s.yaml"}, LessonsDir: "lessons"})
	got := res.Diags.String()
	for _, want := range []string{
		`s.yaml:30:11: warning: "<!--" is never closed, so everything after it in this text is dropped from the site`,
		`lessons/spectrum.md:7:1: warning: "<style" is never closed`,
		`lessons/quadrant.md:4:11: warning: raw HTML "<b>" in Markdown text will be dropped`,
		`lessons/five-elements.md:4:1: warning: raw HTML "<!-- a closed comment -->"`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("diagnostics lack %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "five-elements.md:4:1: warning: \"<!--\" is never closed") {
		t.Errorf("a closed comment reported as unclosed:\n%s", got)
	}
}
