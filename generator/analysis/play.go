package analysis

import (
	"fmt"
	"maps"
	"slices"

	"coachsim/generator/scenario"
)

// Play follows a list of choice indices from the start and returns the steps
// taken, ending in the state reached (which need not be an ending). It fails,
// wrapping ErrNoStart, ErrBadChoice or ErrNoTarget, when the scenario has no
// start, an index is out of range or asked of an ending, or a route leads to
// a moment that does not exist (and, wrapping ErrTooManyFlags, when the
// conditions test too many flags). The path's Set lists every flag set on
// the way, tested or not. The browser tests use it to compare the site's
// script with the Go model.
func Play(s *scenario.Scenario, choices []int) (Path, error) {
	if s == nil {
		return Path{}, fmt.Errorf("%w: nil scenario", ErrNoStart)
	}
	pl, err := newPlayer(s, newIndex(s))
	if err != nil {
		return Path{}, err
	}
	for k, ci := range choices {
		if err := pl.step(k, ci); err != nil {
			return pl.result(), err
		}
	}
	return pl.result(), nil
}

// player plays a scenario one choice at a time.
type player struct {
	x     *index
	tr    *tracking
	mi    int32
	p     scenario.Position
	facts scenario.FactSet
	mask  Flags
	steps []Step
}

func newPlayer(s *scenario.Scenario, x *index) (*player, error) {
	tr, err := newTracking(s, x, false)
	if err != nil {
		return nil, err
	}
	mi := x.start(s)
	if mi < 0 {
		if s.Start.Value != "" {
			return nil, fmt.Errorf("%w: start moment %q does not exist", ErrNoStart, s.Start.Value)
		}
		return nil, ErrNoStart
	}
	return &player{
		x: x, tr: tr, mi: mi, p: s.Initial.Value.Clamp(),
		facts: scenario.FactSet{Flags: map[string]bool{}, Visits: map[string]bool{x.moments[mi].ID: true}},
		mask:  tr.enter(mi, 0),
	}, nil
}

func (pl *player) moment() *scenario.Moment { return pl.x.moments[pl.mi] }

func (pl *player) state() State {
	return State{Moment: pl.moment().ID, Pos: pl.p, Flags: pl.mask}
}

// step takes choice ci as step k (0-based, for messages).
func (pl *player) step(k, ci int) error {
	m := pl.moment()
	if m.IsEnding() {
		return fmt.Errorf("%w: step %d: %q is an ending and has no choices", ErrBadChoice, k+1, m.ID)
	}
	if ci < 0 || ci >= len(m.Choices) || m.Choices[ci] == nil {
		return fmt.Errorf("%w: step %d: %q has no choice %d (it has %d)", ErrBadChoice, k+1, m.ID, ci, len(m.Choices))
	}
	c := m.Choices[ci]
	p2 := pl.p.Move(c.Trust.Value, c.Accountability.Value)
	flags := maps.Clone(pl.facts.Flags)
	for _, f := range c.Sets {
		flags[f.Value] = true
	}
	id := c.Target(p2, scenario.FactSet{Flags: flags, Visits: pl.facts.Visits})
	next := pl.x.lookup(id)
	switch {
	case id == "" && len(c.Next) == 0:
		return fmt.Errorf("%w: step %d: choice %d at %q has no next moment", ErrNoTarget, k+1, ci, m.ID)
	case id == "":
		return fmt.Errorf("%w: step %d: no route of choice %d at %q applies at %s", ErrNoTarget, k+1, ci, m.ID, posString(p2))
	case next < 0:
		return fmt.Errorf("%w: step %d: choice %d at %q leads to %q, which does not exist", ErrNoTarget, k+1, ci, m.ID, id)
	}
	pl.facts.Flags = flags
	pl.facts.Visits[id] = true
	pl.mask = pl.tr.enter(next, pl.mask|pl.tr.sets(c))
	pl.steps = append(pl.steps, Step{Moment: m.ID, Choice: ci, After: p2, Flags: pl.mask, Next: id})
	pl.mi, pl.p = next, p2
	return nil
}

func (pl *player) result() Path {
	path := Path{Steps: slices.Clone(pl.steps), End: pl.state()}
	for f := range pl.facts.Flags {
		path.Set = append(path.Set, f)
	}
	slices.Sort(path.Set)
	return path
}

// pathsWork bounds the edges Paths may follow, so that enumeration always
// returns quickly even where simple paths are exponentially many.
const pathsWork = 20_000_000

// Paths enumerates distinct choice sequences from the start to an ending,
// depth-first in choice order (so in lexicographic order of choice indices),
// never visiting a state twice on one path, and stops after limit paths
// (limit <= 0 means no limit). The bool reports whether the enumeration was
// complete: false if it stopped at the limit with paths left, gave up after a
// fixed amount of work, or the scenario exceeds DefaultMaxStates.
func Paths(s *scenario.Scenario, limit int) ([]Path, bool) {
	if s == nil {
		return nil, true
	}
	x := newIndex(s)
	start := x.start(s)
	if start < 0 {
		return nil, true
	}
	tr, err := newTracking(s, x, false)
	if err != nil {
		return nil, false
	}
	g, err := explore(x, tr, start, s.Initial.Value, DefaultMaxStates)
	if err != nil {
		return nil, false
	}
	g.dfs() // for canFinish: branches that cannot finish are never entered

	var out []Path
	if !g.canFinish[0] {
		return nil, true
	}
	onPath := make([]bool, len(g.mom))
	// frames[k].e is the next edge to try from frames[k].v.
	type frame struct{ v, e int32 }
	frames := []frame{{0, g.first[0]}}
	var steps []Step // steps[k] leaves frames[k]
	onPath[0] = true
	work := 0
	for len(frames) > 0 {
		f := &frames[len(frames)-1]
		v := f.v
		if g.isEnding(v) {
			if limit > 0 && len(out) == limit {
				return out, false
			}
			out = append(out, Path{Steps: slices.Clone(steps), End: g.state(v)})
		}
		if f.e >= g.first[v+1] { // ending states have no edges
			onPath[v] = false
			frames = frames[:len(frames)-1]
			if len(steps) > 0 {
				steps = steps[:len(steps)-1]
			}
			continue
		}
		e := f.e
		f.e++
		if work++; work > pathsWork {
			return out, false
		}
		w := g.to[e]
		if onPath[w] || !g.canFinish[w] {
			continue
		}
		onPath[w] = true
		frames = append(frames, frame{w, g.first[w]})
		steps = append(steps, g.step(e))
	}
	return out, true
}

// Debrief returns the debrief paragraphs shown at the end of a path that
// Play returned, or nil when it does not end at an ending: the facts are
// every flag set on the way (Path.Set) and every moment entered, the start
// included. The browser must show the same ones.
func Debrief(s *scenario.Scenario, p Path) []int {
	m := s.Moment(p.End.Moment)
	if m == nil || !m.IsEnding() {
		return nil
	}
	facts := scenario.FactSet{Flags: map[string]bool{}, Visits: map[string]bool{}}
	if st := s.StartMoment(); st != nil {
		facts.Visits[st.ID] = true
	}
	for _, f := range p.Set {
		facts.Flags[f] = true
	}
	for _, st := range p.Steps {
		facts.Visits[st.Next] = true
	}
	out := m.Ending.Shown(p.End.Pos, facts)
	if out == nil {
		out = []int{}
	}
	return out
}
