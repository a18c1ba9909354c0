package publish

import (
	"fmt"
	"strings"

	"coachsim/generator/scenario"
)

// orderOf returns the order in which a moment's choices are shown
// (scenario.Shown over scenario.ShownOrders, computed once per scenario):
// out[k] is the authored index of the choice at shown position k.
func (c *content) orderOf(s *scenario.Scenario, m *scenario.Moment) []int {
	if c.orders == nil {
		c.orders = map[string]map[string][]int{}
	}
	orders, ok := c.orders[s.ID.Value]
	if !ok {
		orders = scenario.ShownOrders(s)
		c.orders[s.ID.Value] = orders
	}
	return scenario.Shown(orders, m)
}

// shownNumbers returns, per authored index, the 1-based number the reader
// sees the choice under.
func shownNumbers(order []int) []int {
	out := make([]int, len(order))
	for k, i := range order {
		out[i] = k + 1
	}
	return out
}

// condWords says a condition in words, for readers without the script:
// "the flag named-it is set and you visited Detour", "trust is 3 or more".
// Alternatives joined by "or" are separated by commas when any has more
// than one term, so "and" visibly binds tighter.
func condWords(cond *scenario.Cond) string {
	if cond == nil {
		return ""
	}
	var ors []string
	sep := " or "
	for _, all := range cond.Any {
		var ands []string
		for _, t := range all {
			ands = append(ands, termWords(t))
		}
		if len(ands) > 1 {
			sep = ", or "
		}
		ors = append(ors, strings.Join(ands, " and "))
	}
	return strings.Join(ors, sep)
}

func termWords(t scenario.Term) string {
	switch t.Kind {
	case scenario.FlagSet:
		if t.Not {
			return "the flag " + t.Name + " is not set"
		}
		return "the flag " + t.Name + " is set"
	case scenario.Visit:
		if t.Not {
			return "you did not visit " + humanize(t.Name)
		}
		return "you visited " + humanize(t.Name)
	}
	var rel string
	switch t.Op {
	case ">=":
		rel = "is %d or more"
	case ">":
		rel = "is above %d"
	case "<=":
		rel = "is %d or less"
	case "<":
		rel = "is below %d"
	case "==":
		rel = "is exactly %d"
	case "!=":
		rel = "is not %d"
	default:
		return t.String()
	}
	return t.Axis + " " + fmt.Sprintf(rel, t.Value)
}
