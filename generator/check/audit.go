package check

import (
	"fmt"
	"math"
	"slices"

	"coachsim/generator/analysis"
	"coachsim/generator/diag"
	"coachsim/generator/scenario"
)

// Thresholds of the gameability warnings.
const (
	// MaxBestAtOnePosition is the share of decisions above which the best
	// option sitting at one shown position is a tell (when that is also
	// more than the position's fair share rounded up).
	MaxBestAtOnePosition = 0.40
	// MaxBestLongest is the share of decisions above which the best option
	// being the longest response is a tell.
	MaxBestLongest = 0.50
	// MinAuditDecisions is the fewest decisions for which the audit's
	// warnings mean anything: with three decisions, two of them is already
	// two thirds, and a one-decision sketch is always won by some rule.
	MinAuditDecisions = 4
	// EdgeThird: the best path should not reach the edge of the plane
	// before its last third, where the plane stops telling moves apart.
	EdgeThird = 3
)

// titlePos is where scenario-wide findings point: the title's value.
func titlePos(s *scenario.Scenario) diag.Pos {
	if p := s.Title.Pos; p.IsValid() {
		return p
	}
	return scenarioPos(s)
}

// audit turns the gameability audit and the plane's edge into warnings.
func (c *checker) audit(s *scenario.Scenario, a *analysis.Result, au *analysis.Audit) {
	first := au.Outcomes[0].Path.Choices()
	for _, o := range au.Outcomes {
		if o.Strategy == analysis.Question && slices.Equal(o.Path.Choices(), first) {
			continue // no question on its way: it played "first shown" again
		}
		if au.Decisions < MinAuditDecisions || !o.Ended || scenario.QuadrantOf(o.Path.End.Pos) != scenario.Transformational {
			continue
		}
		end := o.Path.End
		c.diags.Warnf(titlePos(s), "the scenario can be won by form alone: %s reaches the ending %q in %s (trust %d, accountability %d) after %s; make the best option at some moments one this rule does not pick",
			o.Strategy, end.Moment, scenario.Transformational, end.Pos.Trust, end.Pos.Accountability, steps(len(o.Path.Steps)))
	}
	if au.Decisions >= MinAuditDecisions {
		for k, n := range au.BestAt {
			if n <= MaxBestAtOnePosition*float64(au.Decisions) || n <= math.Ceil(au.Share[k]-1e-9) {
				continue
			}
			pos := titlePos(s)
			if m := s.Moment(au.FirstAt[k]); m != nil {
				pos = m.Pos
			}
			c.diags.Warnf(pos, "the best option is shown at position %d in %s of %d decisions (its fair share is %.1f): a trainee can learn where the best answer sits; let the build shuffle the moments (remove order: fixed) or rebalance the pinned ones",
				k+1, analysis.FormatCount(n), au.Decisions, au.Share[k])
		}
		if float64(au.BestLongest) > MaxBestLongest*float64(au.Decisions) {
			c.diags.Warnf(titlePos(s), "the best option is the longest response in %d of %d decisions: length gives the answer away; give some distractors the same care and length, and make some best options short",
				au.BestLongest, au.Decisions)
		}
	}
	if n := len(a.Best.Steps); n > 0 {
		if e := analysis.EdgeStep(a.Best); e > 0 && e*EdgeThird <= (EdgeThird-1)*n {
			st := a.Best.Steps[e-1]
			c.diags.Warnf(titlePos(s), "the best path reaches the edge of the plane at step %d of %d (at %q, trust %d, accountability %d), before its last third: later moves there cannot show on the plane; use smaller effects or a lower start",
				e, n, st.Moment, st.After.Trust, st.After.Accountability)
		}
	}
}

func steps(n int) string {
	if n == 1 {
		return "1 step"
	}
	return fmt.Sprintf("%d steps", n)
}
