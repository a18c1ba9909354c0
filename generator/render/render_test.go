package render

import (
	"html/template"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"coachsim/generator/internal/golden"
)

func lessonsOnly(names ...string) LinkResolver {
	return func(name string) (string, bool) {
		for _, n := range names {
			if n == name {
				return DefaultLessonURL(name)
			}
		}
		return "", false
	}
}

func TestBlockGolden(t *testing.T) {
	r := New(WithLessons(lessonsOnly("_index", "spectrum", "five-elements")))
	for _, name := range []string{"lesson-links", "raw-html", "shortcodes", "typography"} {
		t.Run(name, func(t *testing.T) {
			src, err := os.ReadFile(filepath.Join("testdata", name+".md"))
			if err != nil {
				t.Fatal(err)
			}
			golden.Check(t, filepath.Join("testdata", name+".golden.html"), string(r.Block(string(src))))
		})
	}
}

func TestBlockSafety(t *testing.T) {
	r := New()
	for _, tc := range []struct {
		name, md string
		absent   []string
	}{
		{"script tag", "<script>alert(1)</script>", []string{"<script", "alert(1)</script>"}},
		{"inline handler", `x <img src=x onerror="alert(1)"> y`, []string{"<img", "onerror"}},
		{"javascript link", "[x](javascript:alert(1))", []string{"href", "javascript:"}},
		{"data link", "[x](data:text/html,hi)", []string{"href"}},
		{"remote image", "![alt](https://example.com/a.png)", []string{"<img", "example.com"}},
		{"comment", "<!-- x -->", []string{"<!--"}},
		{"external link", "[x](https://example.com/)", []string{"example.com"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := string(r.Block(tc.md))
			for _, a := range tc.absent {
				if strings.Contains(got, a) {
					t.Errorf("Block(%q) = %q, contains %q", tc.md, got, a)
				}
			}
		})
	}
}

func TestInline(t *testing.T) {
	r := New()
	for _, tc := range []struct {
		name, md string
		want     template.HTML
	}{
		{"empty", "", ""},
		{"blank", "  \n ", ""},
		{"one paragraph", "Say **no**.\n", "Say <strong>no</strong>."},
		{"quotes", `"Mad weeks happen."`, "&ldquo;Mad weeks happen.&rdquo;"},
		{"two paragraphs keep p", "one\n\ntwo", "<p>one</p>\n<p>two</p>\n"},
		{"list keeps block", "- a\n- b", "<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n"},
		{"lesson link", "see [it](spectrum.md)", `see <a href="/lessons/spectrum.html">it</a>`},
		{"shortcode literal", "{{< x >}} {{% y %}}", "{{&lt; x &gt;}} {{% y %}}"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := r.Inline(tc.md); got != tc.want {
				t.Errorf("Inline(%q) = %q, want %q", tc.md, got, tc.want)
			}
		})
	}
}

func TestText(t *testing.T) {
	r := New()
	for _, tc := range []struct {
		name, md, want string
	}{
		{"emphasis", "Say **no**, *gently*.", "Say no, gently."},
		{"quotes", `"So... I didn't."`, "\u201cSo\u2026 I didn\u2019t.\u201d"},
		{"paragraphs", "one\n\ntwo", "one two"},
		{"entities", "a < b & c", "a < b & c"},
		{"link text", "[the spectrum](spectrum.md).", "the spectrum."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := r.Text(tc.md); got != tc.want {
				t.Errorf("Text(%q) = %q, want %q", tc.md, got, tc.want)
			}
		})
	}
}

func TestSummarize(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		max      int
		want     string
	}{
		{"first sentence", "Trust rises. Accountability falls.", 100, "Trust rises."},
		{"no stop inside abbreviations", "Use e.g. a scale. Then more.", 100, "Use e.g. a scale."},
		{"quoted end", "She said \u201cno.\u201d Then left.", 100, "She said \u201cno.\u201d"},
		{"cut at word", "Warm and kind and gentle and slow", 16, "Warm and kind\u2026"},
		{"short", "Fine", 10, "Fine"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Summarize(tc.in, tc.max); got != tc.want {
				t.Errorf("Summarize(%q, %d) = %q, want %q", tc.in, tc.max, got, tc.want)
			}
		})
	}
}

func TestDefaultLessonURL(t *testing.T) {
	for _, tc := range []struct {
		name, want string
		ok         bool
	}{
		{"spectrum", "/lessons/spectrum.html", true},
		{"_index", "/lessons/index.html", true},
		{"Bad Name", "", false},
		{"../x", "", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := DefaultLessonURL(tc.name)
			if got != tc.want || ok != tc.ok {
				t.Errorf("DefaultLessonURL(%q) = %q, %v; want %q, %v", tc.name, got, ok, tc.want, tc.ok)
			}
		})
	}
}

// The checker parses Markdown with the same instance to find raw HTML, so
// the parse tree must still hold it: only rendering drops it.
func TestMarkdownKeepsRawHTMLNodes(t *testing.T) {
	r := New()
	src := []byte("a <b>x</b>\n\n<div>y</div>\n")
	doc := r.Markdown().Parser().Parse(textReader(src))
	var found int
	walkKinds(doc, func(kind string) {
		if kind == "RawHTML" || kind == "HTMLBlock" {
			found++
		}
	})
	if found < 2 {
		t.Errorf("found %d raw HTML nodes in the parse tree, want at least 2", found)
	}
}
