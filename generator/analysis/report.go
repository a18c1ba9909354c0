package analysis

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"unicode/utf8"

	"coachsim/generator/diag"
	"coachsim/generator/scenario"
)

// responseWidth is how many characters of a response a report step shows.
const responseWidth = 60

// WriteReport prints a plain-text report of r, the analysis of s, for a
// supervisor: the scenario, its size, a table of endings with the quadrants,
// positions and number of paths that reach each (and, when conditions test
// flags, the flag combinations that reach each), the best, worst and longest
// paths step by step with the step at which each first touches the edge of
// the plane, any stuck states, the gameability audit au (when not nil), and
// the quadrant rule.
func WriteReport(w io.Writer, s *scenario.Scenario, r *Result, au *Audit, plain PlainText) error {
	if s == nil || r == nil {
		return errors.New("analysis: WriteReport needs a scenario and its result")
	}
	x := newIndex(s)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	pr := &printer{w: tw, plain: plain}

	// Header.
	title := oneLine(s.Title.Value)
	if title == "" {
		title = "(untitled)"
	}
	if s.ID.Value != "" {
		title += " (" + oneLine(s.ID.Value) + ")"
	}
	pr.f("Scenario: %s\n", title)
	if i := x.start(s); i >= 0 {
		p := s.Initial.Value.Clamp()
		pr.f("Start: %s at %s, %s\n", oneLine(x.moments[i].ID), posString(p), scenario.QuadrantOf(p))
	} else {
		pr.f("Start: none (the start moment does not exist)\n")
	}
	total := 0
	for i := range x.moments {
		if x.canonical(i) {
			total++
		}
	}
	if len(r.Tracked) > 0 {
		pr.f("Reachable states: %d (a state is a moment together with a position on the plane and the flags and visits the conditions test)\n", r.States)
	} else {
		pr.f("Reachable states: %d (a state is a moment together with a position on the plane)\n", r.States)
	}
	pr.f("Moments reachable: %d of %d\n", len(r.Reachable), total)
	var unreached []string
	for i, m := range x.moments {
		if x.canonical(i) && !r.Reachable[m.ID] {
			unreached = append(unreached, oneLine(m.ID))
		}
	}
	if len(unreached) > 0 {
		pr.f("Never reached: %s\n", strings.Join(unreached, ", "))
	}
	if !r.AnyEndingReachable {
		pr.f("No ending can be reached from the start.\n")
	}

	// Endings.
	pr.f("\nEndings:\n")
	pr.f("  Ending\tMoment\tQuadrants reached\tTrust\tAccountability\tPaths\n")
	for _, e := range r.Endings {
		t := ""
		if i := x.lookup(e.Moment); i >= 0 && x.moments[i].Ending != nil {
			t = oneLine(x.moments[i].Ending.Title.Value)
		}
		if !e.Reached {
			pr.f("  %s\t%s\tnever reached\t-\t-\t-\n", t, oneLine(e.Moment))
			continue
		}
		qs := make([]string, len(e.Quadrants))
		for i, q := range e.Quadrants {
			qs[i] = q.String()
		}
		pr.f("  %s\t%s\t%s\t%s\t%s\t%s\n", t, oneLine(e.Moment), strings.Join(qs, ", "),
			span(e.Range.MinTrust, e.Range.MaxTrust),
			span(e.Range.MinAccountability, e.Range.MaxAccountability), e.Paths)
	}
	if len(r.Tracked) > 0 {
		pr.f("\nFlags and visits the conditions test: %s\n", oneLine(strings.Join(r.Tracked, ", ")))
		var rows []string
		for _, e := range r.Endings {
			for _, c := range e.Combos {
				if !r.KeptFlags && len(e.Combos) == 1 && c.Flags == 0 {
					continue // the debrief tests nothing, or nothing varies
				}
				qs := make([]string, len(c.Quadrants))
				for i, q := range c.Quadrants {
					qs[i] = q.String()
				}
				rows = append(rows, fmt.Sprintf("  %s\t%s\t%s\t%s\n", oneLine(e.Moment), oneLine(c.Flags.Describe(r.Tracked)), strings.Join(qs, ", "), c.Paths))
			}
		}
		switch {
		case len(rows) == 0:
			pr.f("No ending is reached with different flags and visits that its debrief tests.\n")
		case r.KeptFlags:
			pr.f("Flag combinations that reach each ending:\n")
		default:
			pr.f("How each ending is reached, by the flags and visits its debrief tests\n(keeping every flag to the end would exceed the state limit):\n")
		}
		if len(rows) > 0 {
			pr.f("  Moment\tFlags and visits\tQuadrants reached\tPaths\n")
			for _, row := range rows {
				pr.f("%s", row)
			}
		}
	}

	// Paths.
	if r.AnyEndingReachable {
		pr.path(x, "Best path (highest trust + accountability)", r.Best)
		pr.path(x, "Worst path (lowest trust + accountability)", r.Worst)
		if r.LongestUnbounded {
			pr.path(x, "Longest path: unbounded, because a loop can be repeated before an ending.\n"+
				"The longest found that repeats no state", r.Longest)
		} else {
			pr.path(x, "Longest path", r.Longest)
		}
	}

	if au != nil {
		writeAudit(pr, x, au)
	}

	// Stuck states.
	if len(r.Stuck) > 0 {
		pr.f("\nStuck: no ending can be reached from these states:\n")
		loops := map[string]bool{}
		for _, st := range r.StuckLoops {
			loops[st.Moment] = true
		}
		for _, st := range r.Stuck {
			note := ""
			if loops[st.Moment] {
				note = "\t(a loop with no way out)"
			}
			pr.f("  %s\t%s%s\n", oneLine(st.Moment), posString(st.Pos), note)
		}
	}

	// The rule the quadrants come from.
	pr.f("\nQuadrant rule: each axis runs from %d to %d; a coordinate counts as high only above zero.\n",
		scenario.MinCoord, scenario.MaxCoord)
	rule := map[scenario.Quadrant]string{
		scenario.Transformational: "trust > 0, accountability > 0",
		scenario.Compliance:       "trust <= 0, accountability > 0",
		scenario.Stagnation:       "trust > 0, accountability <= 0",
		scenario.Ineffective:      "trust <= 0, accountability <= 0",
	}
	for _, q := range scenario.Quadrants {
		pr.f("  %s\t%s\t%s\n", q, rule[q], q.Meaning())
	}
	pr.f("Best and worst paths are ranked by trust + accountability at the ending.\n")

	if err := tw.Flush(); pr.err == nil {
		pr.err = err
	}
	return pr.err
}

// printer keeps the first write error so the report code can stay linear.
type printer struct {
	w     io.Writer
	err   error
	plain PlainText // reads responses as the trainee sees them
}

// f prints with anything a terminal would act on escaped: the report
// echoes authored text (titles, responses, ids).
func (p *printer) f(format string, args ...any) {
	if p.err == nil {
		_, p.err = io.WriteString(p.w, diag.Printable(fmt.Sprintf(format, args...)))
	}
}

// path prints a titled, numbered list of steps.
func (p *printer) path(x *index, title string, path Path) {
	end := path.End
	p.f("\n%s: %d %s, ends at %s %s, %s; %s\n", title, len(path.Steps), plural(len(path.Steps), "step", "steps"),
		oneLine(end.Moment), posString(end.Pos), scenario.QuadrantOf(end.Pos), edgeText(path))
	for i, st := range path.Steps {
		p.f("  %d.\t%s:\t%s\t-> %s\t%s\n", i+1, oneLine(st.Moment), response(x, st, p.plain),
			posString(st.After), scenario.QuadrantOf(st.After))
	}
}

// edgeText says when a path first touches the edge of the plane.
func edgeText(path Path) string {
	if e := EdgeStep(path); e > 0 {
		return fmt.Sprintf("first at the edge of the plane at step %d", e)
	}
	return "never at the edge of the plane"
}

// writeAudit prints the gameability audit: each form-only strategy's
// outcome, and where the best options sit.
func writeAudit(p *printer, x *index, au *Audit) {
	p.f("\nGameability audit: form-only strategies, played in the shown order (ties go to the option shown first):\n")
	p.f("  Strategy\tEnding\tPosition\tQuadrant\tSteps\tFirst at the edge\n")
	for _, o := range au.Outcomes {
		end := o.Path.End
		ending := oneLine(end.Moment)
		switch {
		case o.Loops:
			ending = "none: loops at " + ending
		case !o.Ended:
			ending = "none: stops at " + ending
		}
		edge := "-"
		if o.Edge > 0 {
			edge = fmt.Sprintf("step %d", o.Edge)
		}
		p.f("  %s\t%s\t%s\t%s\t%d\t%s\n", o.Strategy, ending, posString(end.Pos), scenario.QuadrantOf(end.Pos), len(o.Path.Steps), edge)
	}
	if au.Decisions == 0 {
		p.f("No decisions with two or more choices.\n")
		return
	}
	p.f("Where the best option (highest trust + accountability) is shown, over %d decisions", au.Decisions)
	if au.Ties > 0 {
		p.f(" (%d with a tie for best: each tied option counts its share)", au.Ties)
	}
	p.f(":\n")
	p.f("  Position\tBest option\tFair share\n")
	for k, n := range au.BestAt {
		p.f("  %d\t%s (%s)\t%.1f\n", k+1, FormatCount(n), percent(n, au.Decisions), au.Share[k])
	}
	p.f("The best option is the longest response in %d of %d decisions (%s).\n", au.BestLongest, au.Decisions, percent(float64(au.BestLongest), au.Decisions))
	p.f("The best option is phrased as a question in %d of %d decisions (%s); the other options in %d of %d (%s).\n",
		au.BestQuestion, au.Decisions, percent(float64(au.BestQuestion), au.Decisions), au.OtherQuestions, au.Others, percent(float64(au.OtherQuestions), au.Others))
}

// FormatCount prints a count the audit may split between tied options:
// "3", or "2.5".
func FormatCount(f float64) string {
	if f == float64(int(f)) {
		return fmt.Sprintf("%d", int(f))
	}
	return fmt.Sprintf("%.1f", f)
}

func percent(n float64, of int) string {
	if of == 0 {
		return "-"
	}
	return fmt.Sprintf("%.0f%%", 100*n/float64(of))
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// response returns the start of the response a step chose, as plain text.
func response(x *index, st Step, plain PlainText) string {
	i := x.lookup(st.Moment)
	if i < 0 || st.Choice < 0 || st.Choice >= len(x.moments[i].Choices) || x.moments[i].Choices[st.Choice] == nil {
		return fmt.Sprintf("choice %d", st.Choice)
	}
	return truncate(oneLine(plain.of(x.moments[i].Choices[st.Choice].Response.Value)), responseWidth)
}

// oneLine collapses all whitespace, tabs and newlines included, to single
// spaces, so text never breaks the report's lines or table columns.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// truncate shortens s to at most n characters, cutting at a word boundary
// when one is near and marking the cut with "...".
func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	rs := []rune(s)[:n-3]
	cut := len(rs)
	for i := len(rs) - 1; i > len(rs)-15 && i > 0; i-- {
		if rs[i] == ' ' {
			cut = i
			break
		}
	}
	return strings.TrimRight(string(rs[:cut]), " ,;:") + "..."
}
