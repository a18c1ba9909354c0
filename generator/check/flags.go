package check

import (
	"fmt"
	"maps"
	"slices"

	"coachsim/generator/analysis"
	"coachsim/generator/diag"
	"coachsim/generator/scenario"
)

// condUse is one condition of a scenario with where it stands.
type condUse struct {
	cond  *scenario.Cond
	pos   diag.Pos // the condition text's first character
	exact bool     // columns map one to one from pos
}

// conditions lists every parsed condition of s: routes, then debrief
// paragraphs, in file order.
func conditions(s *scenario.Scenario) []condUse {
	var out []condUse
	for _, m := range s.Moments {
		for _, ch := range m.Choices {
			for _, r := range ch.Next {
				if r.Cond != nil {
					out = append(out, condUse{r.Cond, r.CondSrc.Pos, r.CondExact})
				}
			}
		}
		if m.Ending != nil {
			for _, p := range m.Ending.Debrief {
				if p.Cond != nil {
					out = append(out, condUse{p.Cond, p.CondSrc.Pos, p.CondExact})
				}
			}
		}
	}
	return out
}

// flags checks the names conditions use: a tested flag that no choice sets
// is an error (the condition could never hold, or never fail), as is a visit
// of a moment that does not exist; a flag that is set and never tested is a
// warning (it changes nothing). It reports whether every name resolves.
func (c *checker) flags(s *scenario.Scenario) bool {
	ok := true
	set := map[string]bool{}
	var setNames []string
	for _, m := range s.Moments {
		for _, ch := range m.Choices {
			for _, f := range ch.Sets {
				if !set[f.Value] {
					set[f.Value] = true
					setNames = append(setNames, f.Value)
				}
			}
		}
	}
	ids := make([]string, 0, len(s.Moments))
	for _, m := range s.Moments {
		ids = append(ids, m.ID)
	}
	tested := map[string]bool{}
	for _, u := range conditions(s) {
		for _, t := range u.cond.Terms() {
			pos := scenario.At(u.pos, u.exact, t.Off)
			switch t.Kind {
			case scenario.FlagSet:
				tested[t.Name] = true
				if set[t.Name] {
					continue
				}
				ok = false
				msg := fmt.Sprintf("flag %q is tested here but no choice sets it", t.Name)
				if hint := diag.DidYouMean(t.Name, setNames); hint != "" {
					msg += hint
				} else if s.Moment(t.Name) != nil {
					msg += fmt.Sprintf(" (to test a visit to the moment, write \"visited %s\")", t.Name)
				} else {
					msg += fmt.Sprintf(" (add sets: [%s] to the choice that should set it)", t.Name)
				}
				c.diags.Errorf(pos, "%s", msg)
			case scenario.Visit:
				if s.Moment(t.Name) != nil {
					continue
				}
				ok = false
				c.diags.Errorf(pos, "visited %q: there is no moment %q in this scenario%s", t.Name, t.Name, diag.DidYouMean(t.Name, ids))
			}
		}
	}
	testedNames := slices.Sorted(maps.Keys(tested))
	warned := map[string]bool{}
	for _, m := range s.Moments {
		for _, ch := range m.Choices {
			for _, f := range ch.Sets {
				if tested[f.Value] || warned[f.Value] {
					continue
				}
				warned[f.Value] = true
				c.diags.Warnf(f.Pos, "flag %q is set but no condition tests it, so it changes nothing%s", f.Value, diag.DidYouMean(f.Value, testedNames))
			}
		}
	}
	return ok
}

// paths turns what the analysis knows about flags and routes into findings:
// debrief paragraphs no path can show, and routes no reachable state takes.
func (c *checker) paths(s *scenario.Scenario, a *analysis.Result) {
	for _, m := range s.Moments {
		if m.Ending == nil || !a.Reachable[m.ID] {
			continue
		}
		var info *analysis.EndingInfo
		for i := range a.Endings {
			if a.Endings[i].Moment == m.ID {
				info = &a.Endings[i]
			}
		}
		if info == nil {
			continue
		}
		for i, p := range m.Ending.Debrief {
			if p.Cond == nil {
				continue
			}
			shown, always := 0, true
			for _, r := range info.Reach {
				if p.Cond.Eval(r.Pos, r.Flags.Facts(a.Tracked)) {
					shown++
				} else {
					always = false
				}
			}
			switch {
			case shown == 0:
				c.diags.Warnf(p.CondSrc.Pos, "debrief paragraph %d of ending %q is never shown: no path reaches the ending where %q holds", i+1, m.ID, p.CondSrc.Value)
			case always && len(info.Reach) > 0:
				c.diags.Warnf(p.CondSrc.Pos, "debrief paragraph %d of ending %q is shown on every path that reaches it: %q always holds there, so the condition can go", i+1, m.ID, p.CondSrc.Value)
			}
		}
	}
	for _, u := range a.Untaken {
		m := s.Moment(u.Moment)
		if m == nil || u.Choice >= len(m.Choices) {
			continue
		}
		ch := m.Choices[u.Choice]
		r := ch.Next[u.Route]
		where := fmt.Sprintf("choice %d of %q", ch.Index+1, m.ID)
		switch {
		case r.Cond == nil:
			c.diags.Warnf(r.To.Pos, "the default route of %s is never taken: an earlier condition holds on every path", where)
		case u.Holds:
			c.diags.Warnf(r.CondSrc.Pos, "route %d of %s is never taken: %q can hold here, but an earlier route always wins", u.Route+1, where, r.CondSrc.Value)
		default:
			c.diags.Warnf(r.CondSrc.Pos, "route %d of %s is never taken: %q never holds on any path through this choice", u.Route+1, where, r.CondSrc.Value)
		}
	}
}
