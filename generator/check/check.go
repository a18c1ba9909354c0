// Package check runs every check on a set of scenario files: loading (with
// its syntax, key and type checks), references between moments, lessons and
// scenarios, the graph and score analysis, and the weak-spot warnings. It
// collects everything into one sorted diag.List so a supervisor sees every
// problem in one run.
package check

import (
	"errors"
	"maps"
	"slices"
	"sort"
	"strings"

	"github.com/spf13/afero"
	"github.com/yuin/goldmark"
	gast "github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"

	"coachsim/generator/analysis"
	"coachsim/generator/diag"
	"coachsim/generator/load"
	"coachsim/generator/render"
	"coachsim/generator/scenario"
)

// Options says what to check.
type Options struct {
	// Paths are scenario files or folders; empty means "scenarios".
	Paths []string
	// LessonsDir holds the lesson Markdown files that skills and lesson
	// links must name; empty means "content/lessons".
	LessonsDir string
	// MaxStates bounds the analysis; 0 means analysis.DefaultMaxStates.
	MaxStates int
	// Renderer parses Markdown fields to find raw HTML and reads responses
	// as plain text for the audit. The caller passes the program's single
	// renderer; nil builds a plain one.
	Renderer *render.Renderer
	// Cohort is the cohort file (cohort.yaml); "" or a missing file means
	// none: every scenario is included.
	Cohort string
}

// Result is everything a check run learned.
type Result struct {
	// Scenarios that loaded, sorted by id. With errors in Diags some of
	// them may be incomplete.
	Scenarios []*scenario.Scenario
	// Analyses holds the analysis of each scenario that could be analysed,
	// by id.
	Analyses map[string]*analysis.Result
	// Diags holds every problem found, sorted.
	Diags diag.List
	// Sources holds each file's text, for printing snippets.
	Sources map[string][]byte
	// Lessons lists the lesson names found in LessonsDir, sorted, and
	// LessonFiles the lessons themselves, in reading order (weight, then
	// name), as the loader read and checked them.
	Lessons     []string
	LessonFiles []*scenario.Lesson
	// Orders holds each analysed scenario's shown order
	// (scenario.ShownOrders), and Audits its gameability audit, by id.
	Orders map[string]map[string][]int
	Audits map[string]*analysis.Audit
	// Cohort is the cohort file as read, nil when there is none (or it
	// could not be read at all).
	Cohort *scenario.Cohort
}

// Run checks the scenarios named in opt, reading through fsys.
func Run(fsys afero.Fs, opt Options) *Result {
	if len(opt.Paths) == 0 {
		opt.Paths = []string{"scenarios"}
	}
	if opt.LessonsDir == "" {
		opt.LessonsDir = "content/lessons"
	}
	if opt.Renderer == nil {
		opt.Renderer = render.New()
	}
	scens, sources, diags := load.Files(fsys, opt.Paths)
	res := &Result{Scenarios: scens, Sources: sources, Analyses: map[string]*analysis.Result{},
		Orders: map[string]map[string][]int{}, Audits: map[string]*analysis.Audit{}}
	// The lessons are input too, read once here with the loader's rules;
	// the builder publishes what was read.
	lessonFiles, lessonSources, lessonDiags := load.Lessons(fsys, opt.LessonsDir)
	diags = append(diags, lessonDiags...)
	maps.Copy(sources, lessonSources)
	res.LessonFiles = lessonFiles
	for _, l := range lessonFiles {
		res.Lessons = append(res.Lessons, l.Name.Value)
	}
	sort.Strings(res.Lessons)

	c := &checker{diags: &diags, lessons: res.Lessons, lessonsDir: opt.LessonsDir, md: opt.Renderer.Markdown(), sources: sources}
	for _, l := range lessonFiles {
		c.markdown(l.Body)
	}
	c.duplicateIDs(scens)
	if opt.Cohort != "" {
		cohort, src, d := load.CohortFile(fsys, opt.Cohort)
		diags = append(diags, d...)
		if src != nil {
			sources[opt.Cohort] = src
		}
		if cohort != nil {
			res.Cohort = cohort
			c.cohort(cohort, scens)
		}
	}
	for _, s := range scens {
		refsOK := c.references(s)
		flagsOK := c.flags(s)
		c.content(s)
		if !refsOK || !flagsOK || brokenConditions(s) || len(s.Moments) == 0 {
			continue // graph findings would only echo the reference errors
		}
		a, err := analysis.Analyze(s, analysis.Options{MaxStates: opt.MaxStates})
		if err != nil {
			if errors.Is(err, analysis.ErrTooManyFlags) {
				names := analysis.Tracked(s)
				diags.Errorf(titlePos(s), "scenario %q tests %d flags and visits in its conditions (%s); at most %d can be tested in one scenario: merge flags that always go together, or split the scenario", s.ID.Value, len(names), strings.Join(names, ", "), analysis.MaxTracked)
			} else if errors.Is(err, analysis.ErrTooLarge) {
				limit := opt.MaxStates
				if limit <= 0 {
					limit = analysis.DefaultMaxStates
				}
				diags.Errorf(scenarioPos(s), "scenario %q is too large to analyse: more than %d reachable states (moment and position); split it into smaller scenarios or make loops shorter", s.ID.Value, limit)
			} else {
				diags.Errorf(scenarioPos(s), "cannot analyse scenario %q: %v", s.ID.Value, err)
			}
			continue
		}
		res.Analyses[s.ID.Value] = a
		c.graph(s, a)
		c.paths(s, a)
		orders := scenario.ShownOrders(s)
		au, err := analysis.RunAudit(s, orders, opt.Renderer.Text)
		if err != nil {
			diags.Errorf(scenarioPos(s), "cannot audit scenario %q: %v", s.ID.Value, err)
			continue
		}
		res.Orders[s.ID.Value], res.Audits[s.ID.Value] = orders, au
		c.audit(s, a, au)
	}
	load.SortByID(res.Scenarios)
	diags.Sort()
	res.Diags = diags
	return res
}

// brokenConditions reports whether any condition of s could not be read.
// The loader has said why; analysing the scenario would then treat those
// routes as defaults and warn about routes never taken.
func brokenConditions(s *scenario.Scenario) bool {
	for _, m := range s.Moments {
		for _, ch := range m.Choices {
			for _, r := range ch.Next {
				if r.Broken {
					return true
				}
			}
		}
		if m.Ending != nil {
			for _, p := range m.Ending.Debrief {
				if p.Broken {
					return true
				}
			}
		}
	}
	return false
}

func scenarioPos(s *scenario.Scenario) diag.Pos {
	if p := s.ID.Pos; p.IsValid() {
		return p
	}
	return diag.Pos{File: s.File, Line: 1, Col: 1}
}

type checker struct {
	diags      *diag.List
	lessons    []string
	lessonsDir string
	md         goldmark.Markdown
	sources    map[string][]byte
}

func (c *checker) duplicateIDs(scens []*scenario.Scenario) {
	first := map[string]*scenario.Scenario{}
	for _, s := range scens {
		if prev, dup := first[s.ID.Value]; dup {
			c.diags.Errorf(scenarioPos(s), "scenario id %q is already used by %s; ids must be unique across files", s.ID.Value, prev.File)
			continue
		}
		first[s.ID.Value] = s
	}
}

// references checks every name that points somewhere: the start moment,
// route targets, lessons. It reports whether the moment graph is whole.
func (c *checker) references(s *scenario.Scenario) bool {
	ok := true
	ids := make([]string, 0, len(s.Moments))
	for _, m := range s.Moments {
		ids = append(ids, m.ID)
	}
	missing := func(pos diag.Pos, what, id string) {
		c.diags.Errorf(pos, "%s %q does not exist in this scenario%s", what, id, diag.DidYouMean(id, ids))
		ok = false
	}
	if s.Start.Value != "" && s.Moment(s.Start.Value) == nil {
		missing(s.Start.Pos, "start moment", s.Start.Value)
	}
	if st := s.StartMoment(); st != nil && st.IsEnding() && len(s.Moments) > 1 {
		c.diags.Warnf(st.Pos, "the scenario starts at an ending, so the trainee never makes a choice")
	}
	for _, skill := range s.Skills {
		c.lessonLink(skill, "skill")
	}
	for _, m := range s.Moments {
		if len(m.Choices) == 0 && m.Ending == nil {
			ok = false // already reported by the loader as a dead end
		}
		for _, ch := range m.Choices {
			for _, r := range ch.Next {
				if r.To.Value == "" {
					ok = false
					continue
				}
				if s.Moment(r.To.Value) == nil {
					missing(r.To.Pos, "next moment", r.To.Value)
				}
			}
			if len(ch.Next) == 0 {
				ok = false
			}
			if ch.Lesson.Value != "" {
				c.lessonLink(ch.Lesson, "lesson")
			}
		}
	}
	return ok
}

func (c *checker) lessonLink(name scenario.Text, what string) {
	if slices.Contains(c.lessons, name.Value) {
		return
	}
	c.diags.Warnf(name.Pos, "%s %q has no lesson file %s/%s.md%s", what, name.Value, c.lessonsDir, name.Value, diag.DidYouMean(name.Value, c.lessons))
}

// content finds weak spots in the text and the choices.
func (c *checker) content(s *scenario.Scenario) {
	for _, t := range scenario.MarkdownFields(s) {
		c.markdown(*t)
	}
	for _, m := range s.Moments {
		if len(m.Choices) == 1 {
			c.diags.Warnf(m.Pos, "moment %q offers only one choice: it is not a decision; add alternatives or fold it into the next moment", m.ID)
		}
		if len(m.Choices) > 1 && sameEffects(m.Choices) {
			c.diags.Warnf(m.Pos, "every choice at moment %q has the same effect (%+d trust, %+d accountability): the decision teaches nothing on the plane", m.ID, m.Choices[0].Trust.Value, m.Choices[0].Accountability.Value)
		}
		for _, ch := range m.Choices {
			if strings.TrimSpace(ch.Feedback.Value) == "" {
				c.diags.Warnf(ch.Pos, "choice %d of %q has no feedback: the trainee will not learn why it moved the relationship", ch.Index+1, m.ID)
			}
			if ch.Level.Value != "" && ch.Fit.Value != "" && !ch.Level.Value.Allows(ch.Fit.Value) {
				c.diags.Warnf(ch.Fit.Pos, "choice %d of %q: level %s cannot be %s (see scenarios/RUBRIC.md): %s", ch.Index+1, m.ID, ch.Level.Value, ch.Fit.Value, fitHint(ch.Level.Value))
			}
		}
	}
}

func sameEffects(cs []*scenario.Choice) bool {
	for _, ch := range cs[1:] {
		if ch.Trust.Value != cs[0].Trust.Value || ch.Accountability.Value != cs[0].Accountability.Value {
			return false
		}
	}
	return true
}

// markdown warns about raw HTML, which the renderer drops because scenario
// text is untrusted. It parses with goldmark so that "<b>" inside code is
// not mistaken for HTML.
func (c *checker) markdown(t scenario.Text) {
	pos, md := t.Pos, t.Value
	if !strings.Contains(md, "<") {
		return
	}
	src := []byte(md)
	doc := c.md.Parser().Parse(text.NewReader(src))
	var found []int // byte offsets of raw HTML
	unclosed := -1  // byte offset of an HTML block that never ends
	_ = gast.Walk(doc, func(n gast.Node, entering bool) (gast.WalkStatus, error) {
		if !entering {
			return gast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *gast.HTMLBlock:
			if n.Lines().Len() > 0 {
				start := n.Lines().At(0).Start
				found = append(found, start)
				// Blocks of types 1 to 5 (<script>, <style>, <pre>,
				// <textarea>, <!--, <?, <!X, <![CDATA[) end only at their
				// closing marker: without one they swallow the rest.
				if n.HTMLBlockType <= gast.HTMLBlockType5 && !n.HasClosure() && !closesOnFirstLine(n, src) && unclosed < 0 {
					unclosed = start
				}
			}
		case *gast.RawHTML:
			if n.Segments.Len() > 0 {
				found = append(found, n.Segments.At(0).Start)
			}
		}
		return gast.WalkContinue, nil
	})
	if len(found) == 0 {
		return
	}
	off := found[0]
	snippet := md[off:]
	if i := strings.IndexAny(snippet, ">\n"); i >= 0 {
		snippet = snippet[:i+1]
	}
	snippet = strings.TrimSpace(snippet)
	if unclosed >= 0 {
		u := md[unclosed:]
		if i := strings.IndexAny(u, " \n>"); i >= 0 {
			u = u[:i]
		}
		c.diags.Warnf(c.textPos(pos, md, unclosed), "%q is never closed, so everything after it in this text is dropped from the site; close it or remove it", u)
		if unclosed == off {
			return
		}
	}
	c.diags.Warnf(c.textPos(pos, md, off), "raw HTML %q in Markdown text will be dropped from the site; use Markdown instead", snippet)
}

// closesOnFirstLine reports whether an HTML block of types 1 to 5 ends on
// the line that opens it, as "<!-- note -->" does.
func closesOnFirstLine(n *gast.HTMLBlock, src []byte) bool {
	if n.Lines().Len() != 1 {
		return false
	}
	seg := n.Lines().At(0)
	line := string(seg.Value(src))
	for _, end := range []string{"-->", "?>", "]]>", "</script>", "</style>", "</pre>", "</textarea>"} {
		if strings.Contains(strings.ToLower(line), end) {
			return true
		}
	}
	return n.HTMLBlockType == gast.HTMLBlockType4 && strings.Contains(line, ">")
}

// textPos maps a byte offset in a field's text back to the source: exactly
// for block scalars (| or >), whose lines start on the line after the
// indicator; at the value itself otherwise.
func (c *checker) textPos(pos diag.Pos, md string, off int) diag.Pos {
	src := c.sources[pos.File]
	if !pos.IsValid() || src == nil {
		return pos
	}
	lines := diag.NewLines(src)
	line, _ := lines.Line(pos.Line)
	if first, _, _ := strings.Cut(md, "\n"); pos.Col == 1 && strings.Contains(md, "\n") && strings.TrimRight(line, "\r") == first {
		// Text copied verbatim from the file from this line on, as a
		// lesson's body is: lines and columns map one to one.
		n := strings.Count(md[:off], "\n")
		return diag.Pos{File: pos.File, Line: pos.Line + n, Col: off - (strings.LastIndexByte(md[:off], '\n') + 1) + 1}
	}
	if pos.Col-1 < len(line) && (line[pos.Col-1] == '|' || line[pos.Col-1] == '>') {
		n := strings.Count(md[:off], "\n")
		target, _ := lines.Line(pos.Line + 1 + n)
		indent := len(target) - len(strings.TrimLeft(target, " "))
		col := off - (strings.LastIndexByte(md[:off], '\n') + 1)
		return diag.Pos{File: pos.File, Line: pos.Line + 1 + n, Col: indent + col + 1}
	}
	if !strings.Contains(md, "\n") && pos.Col-1 < len(line) {
		// A one-line scalar: plain text maps column for column, a quoted
		// one after its opening quote (escapes aside).
		if q := line[pos.Col-1]; q == '"' || q == '\'' {
			pos.Col++
		}
		pos.Col += off
	}
	return pos
}

// graph turns the analysis into findings.
func (c *checker) graph(s *scenario.Scenario, a *analysis.Result) {
	if !a.AnyEndingReachable {
		pos := scenarioPos(s)
		if st := s.StartMoment(); st != nil {
			pos = st.Pos
		}
		c.diags.Errorf(pos, "no ending can be reached from the start of scenario %q: every path loops or stops before an ending", s.ID.Value)
	} else {
		reported := map[string]bool{}
		for _, st := range a.StuckLoops {
			m := s.Moment(st.Moment)
			if m == nil || reported[m.ID] || len(m.Choices) == 0 {
				continue
			}
			reported[m.ID] = true
			c.diags.Errorf(m.Pos, "moment %q is caught in a loop from which no ending can be reached (reached, for example, at trust %d, accountability %d); give the loop a way out", m.ID, st.Pos.Trust, st.Pos.Accountability)
		}
	}
	for _, m := range s.Moments {
		if a.Reachable[m.ID] {
			continue
		}
		if m.IsEnding() {
			c.diags.Warnf(m.Pos, "ending %q is never reached: no path from the start leads here at any position", m.ID)
		} else {
			c.diags.Warnf(m.Pos, "moment %q is unreachable: no path from the start leads here", m.ID)
		}
	}
}

func fitHint(l scenario.Level) string {
	if l == scenario.Consequences {
		return "consequences are the heaviest level; if a lighter move was needed, the fit is too-firm"
	}
	return "there is no lighter level to fall back to; if the response is harsh, show it in trust, and judge whether the level fits or is too soft"
}
