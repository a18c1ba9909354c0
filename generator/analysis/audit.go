package analysis

import (
	"errors"
	"strings"
	"unicode/utf8"

	"coachsim/generator/scenario"
)

// The gameability audit asks whether a trainee could win a scenario by
// form alone: by always pressing the same place in the list, always picking
// the longest line, or always the warmest or firmest option, without reading
// the coaching. It plays such strategies through the engine, in the order
// the choices are shown, and measures where the best option sits.

// Strategy is a form-only rule for picking a choice.
type Strategy int

// The strategies the audit plays. Each picks among the choices shown at a
// moment; ties go to the option shown first.
const (
	FirstShown Strategy = iota
	LastShown
	Longest
	Shortest
	MostTrust
	MostAccountability
	// Question picks the first shown option phrased as a question, or the
	// first shown option when none is: best options written as curious
	// questions and distractors as statements are a tell too.
	Question
)

// Strategies lists every strategy, in the order the report prints them.
var Strategies = []Strategy{FirstShown, LastShown, Longest, Shortest, MostTrust, MostAccountability, Question}

// String names the strategy as the report and the checker print it.
func (st Strategy) String() string {
	switch st {
	case FirstShown:
		return "always the first shown option"
	case LastShown:
		return "always the last shown option"
	case Longest:
		return "always the longest response"
	case Shortest:
		return "always the shortest response"
	case MostTrust:
		return "always the most trust"
	case MostAccountability:
		return "always the most accountability"
	case Question:
		return "always a question"
	}
	return "unknown strategy"
}

// Slug returns a stable identifier for the strategy, for JSON.
func (st Strategy) Slug() string {
	switch st {
	case FirstShown:
		return "first-shown"
	case LastShown:
		return "last-shown"
	case Longest:
		return "longest"
	case Shortest:
		return "shortest"
	case MostTrust:
		return "most-trust"
	case MostAccountability:
		return "most-accountability"
	case Question:
		return "question"
	}
	return "unknown"
}

// Outcome is what one strategy leads to.
type Outcome struct {
	Strategy Strategy
	// Path is the play, from the start; its End is where it stopped.
	Path Path
	// Ended reports whether the play reached an ending. When false, Loops
	// says it went round a loop forever (it came back to a state it had
	// been in), and otherwise it stopped at a choice that leads nowhere.
	Ended bool
	Loops bool
	// Edge is the 1-based step at which the play first reached the edge of
	// the plane on either axis, or 0 if it never did.
	Edge int
}

// Audit is the gameability audit of one scenario.
type Audit struct {
	// Outcomes holds one play per strategy, in the order of Strategies.
	Outcomes []Outcome
	// Decisions counts the moments with two or more choices.
	Decisions int
	// BestAt[k] counts the decisions whose best option (highest trust +
	// accountability) is shown at position k (0-based). When several
	// options tie for best, the decision's one count is split equally
	// among their positions, so the entries sum to Decisions.
	BestAt []float64
	// Share[k] is position k's fair share of the best options: the sum of
	// 1/n over the decisions with more than k choices, n being the number
	// of choices; what BestAt[k] would be on average if each decision
	// placed its best option at random.
	Share []float64
	// BestLongest counts the decisions in which a best option is also the
	// longest response (ties in length count as longest); Ties counts the
	// decisions where two or more options tie for best.
	BestLongest int
	Ties        int
	// BestQuestion counts the decisions whose best option (the first
	// authored, on a tie) is phrased as a question; OtherQuestions and
	// Others count the other options that are, and all the other options.
	BestQuestion, OtherQuestions, Others int
	// Worst lists, per position, one decision whose best option sits
	// there, the first in file order, so a warning can point at it.
	FirstAt []string
}

// PlainText turns a Markdown field into the words a reader sees. Callers
// pass render.Renderer.Text, so that the audit and the report read text as
// the site shows it, through the program's one goldmark instance; nil reads
// the Markdown source as it is.
type PlainText func(md string) string

// memo returns p remembering its results: rendering Markdown costs far
// more than a map lookup, and the audit reads each response many times.
func (p PlainText) memo() PlainText {
	if p == nil {
		return nil
	}
	seen := map[string]string{}
	return func(md string) string {
		if v, ok := seen[md]; ok {
			return v
		}
		v := p(md)
		seen[md] = v
		return v
	}
}

func (p PlainText) of(md string) string {
	if p == nil {
		return md
	}
	return p(md)
}

// IsQuestion reports whether a response is phrased as a question: its
// plain text ends with a question mark, closing quotes and brackets aside.
func IsQuestion(c *scenario.Choice, plain PlainText) bool {
	t := strings.TrimRight(plain.of(c.Response.Value), " \t\"'”’»)]")
	return strings.HasSuffix(t, "?")
}

// Length measures a response for the audit: its plain text in characters.
func Length(c *scenario.Choice, plain PlainText) int {
	return utf8.RuneCountInString(plain.of(c.Response.Value))
}

// EdgeStep returns the 1-based step at which a path first reaches the edge
// of the plane (MinCoord or MaxCoord on either axis), or 0.
func EdgeStep(p Path) int {
	for i, st := range p.Steps {
		if atEdge(st.After) {
			return i + 1
		}
	}
	return 0
}

func atEdge(p scenario.Position) bool {
	return p.Trust == scenario.MinCoord || p.Trust == scenario.MaxCoord ||
		p.Accountability == scenario.MinCoord || p.Accountability == scenario.MaxCoord
}

// pick returns the authored index of the choice a strategy takes at m.
func pick(st Strategy, m *scenario.Moment, order []int, plain PlainText) int {
	best, bestV := -1, 0
	for k, i := range order {
		c := m.Choices[i]
		if c == nil {
			continue
		}
		var v int
		switch st {
		case FirstShown:
			v = -k
		case LastShown:
			v = k
		case Longest:
			v = Length(c, plain)
		case Shortest:
			v = -Length(c, plain)
		case MostTrust:
			v = c.Trust.Value
		case MostAccountability:
			v = c.Accountability.Value
		case Question:
			if IsQuestion(c, plain) {
				v = 1
			}
		}
		if best < 0 || v > bestV {
			best, bestV = i, v
		}
	}
	return best
}

// RunAudit plays every strategy through s with the choices in the given
// shown order (scenario.ShownOrders; moments missing from it show their
// authored order) and measures where the best options sit. plain reads
// responses as the trainee sees them, for the length and question tests.
func RunAudit(s *scenario.Scenario, orders map[string][]int, plain PlainText) (*Audit, error) {
	plain = plain.memo() // every strategy reads every response
	a := &Audit{}
	x := newIndex(s)
	for i, m := range x.moments {
		if !x.canonical(i) || !m.IsDecision() {
			continue
		}
		a.Decisions++
		order := scenario.Shown(orders, m)
		for len(a.BestAt) < len(order) {
			a.BestAt = append(a.BestAt, 0)
			a.Share = append(a.Share, 0)
			a.FirstAt = append(a.FirstAt, "")
		}
		for k := range order {
			a.Share[k] += 1 / float64(len(order))
		}
		bests := m.BestChoices()
		if len(bests) > 1 {
			a.Ties++
		}
		isBest := map[int]bool{}
		for _, b := range bests {
			isBest[b] = true
		}
		longest := 0
		for _, c := range m.Choices {
			if c != nil {
				longest = max(longest, Length(c, plain))
			}
		}
		bestIsLongest := false
		for k, ci := range order {
			if !isBest[ci] {
				continue
			}
			a.BestAt[k] += 1 / float64(len(bests))
			if a.FirstAt[k] == "" {
				a.FirstAt[k] = m.ID
			}
			if Length(m.Choices[ci], plain) == longest {
				bestIsLongest = true
			}
		}
		if bestIsLongest {
			a.BestLongest++
		}
		for i, c := range m.Choices {
			switch {
			case c == nil:
			case i == bests[0]:
				if IsQuestion(c, plain) {
					a.BestQuestion++
				}
			default:
				a.Others++
				if IsQuestion(c, plain) {
					a.OtherQuestions++
				}
			}
		}
	}
	for _, st := range Strategies {
		o, err := playStrategy(s, x, orders, st, plain)
		if err != nil {
			return nil, err
		}
		a.Outcomes = append(a.Outcomes, o)
	}
	return a, nil
}

// playStrategy follows one strategy from the start until an ending, a
// repeated state (a loop the strategy never leaves) or a dead route.
func playStrategy(s *scenario.Scenario, x *index, orders map[string][]int, st Strategy, plain PlainText) (Outcome, error) {
	o := Outcome{Strategy: st}
	pl, err := newPlayer(s, x)
	if err != nil {
		if errors.Is(err, ErrNoStart) {
			return o, nil
		}
		return o, err
	}
	seen := map[State]bool{}
	for {
		m := pl.moment()
		if m.IsEnding() {
			o.Ended = true
			break
		}
		if seen[pl.state()] {
			o.Loops = true
			break
		}
		seen[pl.state()] = true
		c := pick(st, m, scenario.Shown(orders, m), plain)
		if c < 0 || pl.step(len(pl.steps), c) != nil {
			break // the choice leads nowhere: the checker reports it
		}
	}
	o.Path = pl.result()
	o.Edge = EdgeStep(o.Path)
	return o, nil
}
