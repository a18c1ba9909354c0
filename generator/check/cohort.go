package check

import (
	"coachsim/generator/diag"
	"coachsim/generator/scenario"
)

// cohort checks the cohort file against the scenarios: every id it lists
// names a scenario (with a suggestion when it does not), none twice; notes
// are for a scenario the cohort includes; the Markdown has no raw HTML.
func (c *checker) cohort(co *scenario.Cohort, scens []*scenario.Scenario) {
	var ids []string
	have := map[string]bool{}
	for _, s := range scens {
		ids = append(ids, s.ID.Value)
		have[s.ID.Value] = true
	}
	unknown := func(t scenario.Text, what string) {
		c.diags.Errorf(t.Pos, "%q in %s is not the id of any scenario%s", t.Value, what, hintOr(diag.DidYouMean(t.Value, ids), ids))
	}
	included := map[string]diag.Pos{}
	for _, t := range co.Scenarios {
		switch prev, dup := included[t.Value]; {
		case dup:
			c.diags.Errorf(t.Pos, "scenario %q is listed twice in scenarios (first at line %d): each is shown once", t.Value, prev.Line)
		case !have[t.Value]:
			unknown(t, "scenarios")
		default:
			included[t.Value] = t.Pos
		}
	}
	for _, n := range co.Notes {
		switch {
		case !have[n.Scenario.Value]:
			unknown(n.Scenario, "notes")
		case len(co.Scenarios) > 0 && included[n.Scenario.Value] == (diag.Pos{}):
			c.diags.Warnf(n.Scenario.Pos, "notes for %q, which scenarios does not include: the site will not show them (add it to scenarios, or remove the notes)", n.Scenario.Value)
		}
	}
	for _, t := range co.MarkdownFields() {
		c.markdown(*t)
	}
}

// hintOr is the "did you mean" hint, or else the list of ids to choose
// from when it is short.
func hintOr(hint string, ids []string) string {
	if hint != "" || len(ids) == 0 || len(ids) > 12 {
		return hint
	}
	s := " (the scenarios are: "
	for i, id := range ids {
		if i > 0 {
			s += ", "
		}
		s += id
	}
	return s + ")"
}
