package analysis

import (
	"errors"
	"fmt"
	"math/bits"
	"strings"

	"coachsim/generator/scenario"
)

// Flags is a set of the flags and visits a scenario's conditions test, one
// bit each, numbered as in Result.Tracked. Flags that no condition tests and
// visits of moments that no condition names are not part of the state: they
// cannot change where a path goes or what a debrief says. Nor, at a given
// moment, are the bits that no condition from that moment on can test.
type Flags uint32

// MaxTracked bounds how many distinct flags and visits a scenario's
// conditions may test. Each doubles the states a moment can be reached in,
// so the bound keeps the analysis finite and fast (16 allow 65,536 flag
// combinations; the state limit, DefaultMaxStates, still applies).
const MaxTracked = 16

// ErrTooManyFlags is returned, wrapped, when a scenario's conditions test
// more than MaxTracked flags and visits.
var ErrTooManyFlags = errors.New("analysis: conditions test too many flags and visits")

// VisitPrefix starts the name of a tracked visit: "visited gerald".
const VisitPrefix = "visited "

// tracking numbers the flags and visits that conditions test.
type tracking struct {
	names   []string         // bit i: a flag name, or VisitPrefix + moment id
	flagBit map[string]Flags // flag name -> bit
	visit   []Flags          // per moment index: its bit, or 0
	// visitBit maps the id of a moment whose visit is tested to its bit;
	// a visit of a moment that does not exist has none (it never holds).
	visitBit map[string]Flags
	setMask  map[*scenario.Choice]Flags
	// live holds, per moment index, the bits that some condition at the
	// moment or after it can still test: the rest cannot change anything
	// from there on, so states that differ only in them are one state.
	// This keeps flags that matter in one part of a long scenario from
	// multiplying the states of every other part.
	live []Flags
}

// Tracked returns the flags and visits that the conditions of s test (route
// conditions and debrief paragraphs), in order of first appearance in the
// file: flag names as written, visits as "visited MOMENT".
func Tracked(s *scenario.Scenario) []string {
	var out []string
	seen := map[string]bool{}
	add := func(c *scenario.Cond) {
		if c == nil {
			return
		}
		for _, t := range c.Terms() {
			name := ""
			switch t.Kind {
			case scenario.FlagSet:
				name = t.Name
			case scenario.Visit:
				name = VisitPrefix + t.Name
			default:
				continue
			}
			if !seen[name] {
				seen[name] = true
				out = append(out, name)
			}
		}
	}
	for _, m := range s.Moments {
		if m == nil {
			continue
		}
		for _, c := range m.Choices {
			if c == nil {
				continue
			}
			for _, r := range c.Next {
				add(r.Cond)
			}
		}
		if m.Ending != nil {
			for _, p := range m.Ending.Debrief {
				add(p.Cond)
			}
		}
	}
	return out
}

// newTracking numbers the tested flags and visits of s. With keep, every
// tracked bit stays in the state everywhere (no liveness pruning).
func newTracking(s *scenario.Scenario, x *index, keep bool) (*tracking, error) {
	names := Tracked(s)
	if len(names) > MaxTracked {
		return nil, fmt.Errorf("%w: %d (%s); the limit is %d", ErrTooManyFlags, len(names), strings.Join(names, ", "), MaxTracked)
	}
	tr := &tracking{names: names, flagBit: map[string]Flags{}, visit: make([]Flags, len(x.moments)),
		visitBit: map[string]Flags{}, setMask: map[*scenario.Choice]Flags{}}
	for i, n := range names {
		bit := Flags(1) << i
		if id, ok := strings.CutPrefix(n, VisitPrefix); ok {
			if mi := x.lookup(id); mi >= 0 {
				tr.visit[mi] = bit
				tr.visitBit[id] = bit
			}
			continue
		}
		tr.flagBit[n] = bit
	}
	if keep {
		tr.live = make([]Flags, len(x.moments))
		for i := range tr.live {
			tr.live[i] = ^Flags(0)
		}
	} else {
		tr.liveness(x)
	}
	return tr, nil
}

// bit returns the bit a flag or visit term tests: 0 for a comparison, and
// for a flag no choice can set or a moment that does not exist.
func (tr *tracking) bit(t scenario.Term) Flags {
	switch t.Kind {
	case scenario.FlagSet:
		return tr.flagBit[t.Name]
	case scenario.Visit:
		return tr.visitBit[t.Name]
	}
	return 0
}

// tests returns the bits a condition tests.
func (tr *tracking) tests(c *scenario.Cond) Flags {
	var f Flags
	if c == nil {
		return 0
	}
	for _, t := range c.Terms() {
		f |= tr.bit(t)
	}
	return f
}

// liveness computes live: what a moment's own conditions test (its routes,
// or its debrief), joined with what its possible next moments need, to a
// fixed point (loops included) by a worklist over the reversed route graph.
func (tr *tracking) liveness(x *index) {
	n := len(x.moments)
	tr.live = make([]Flags, n)
	if len(tr.names) == 0 {
		return
	}
	preds := make([][]int32, n)
	for i, m := range x.moments {
		if !x.canonical(i) {
			continue
		}
		if m.Ending != nil {
			for _, p := range m.Ending.Debrief {
				tr.live[i] |= tr.tests(p.Cond)
			}
			continue
		}
		for _, c := range m.Choices {
			if c == nil {
				continue
			}
			for _, r := range c.Next {
				tr.live[i] |= tr.tests(r.Cond)
				if t := x.lookup(r.To.Value); t >= 0 {
					preds[t] = append(preds[t], int32(i))
				}
			}
		}
	}
	work := make([]int32, 0, n)
	queued := make([]bool, n)
	for i := range n {
		work = append(work, int32(i))
		queued[i] = true
	}
	for len(work) > 0 {
		t := work[len(work)-1]
		work = work[:len(work)-1]
		queued[t] = false
		for _, p := range preds[t] {
			if x.moments[p].IsEnding() {
				continue
			}
			if nl := tr.live[p] | tr.live[t]; nl != tr.live[p] {
				tr.live[p] = nl
				if !queued[p] {
					queued[p] = true
					work = append(work, p)
				}
			}
		}
	}
}

// enter returns the state flags on entering moment mi with flags f: its
// visit added, and the bits nothing from there on can test dropped.
func (tr *tracking) enter(mi int32, f Flags) Flags {
	return (f | tr.visit[mi]) & tr.live[mi]
}

// sets returns the tracked flags a choice sets.
func (tr *tracking) sets(c *scenario.Choice) Flags {
	if len(c.Sets) == 0 || len(tr.flagBit) == 0 {
		return 0
	}
	if f, ok := tr.setMask[c]; ok {
		return f
	}
	var f Flags
	for _, n := range c.Sets {
		f |= tr.flagBit[n.Value]
	}
	tr.setMask[c] = f
	return f
}

// ccond is a condition compiled against a tracking: per alternative, the
// comparisons that must hold, the bits that must be set and those that must
// not. A nil *ccond always holds.
type ccond struct{ alts []calt }

type calt struct {
	cmps         []scenario.Term
	need, forbid Flags
	never        bool // tests a visit of a moment that does not exist
}

func (tr *tracking) compile(c *scenario.Cond) *ccond {
	if c == nil {
		return nil
	}
	cc := &ccond{}
	for _, all := range c.Any {
		var a calt
		for _, t := range all {
			if t.Kind == scenario.Compare {
				a.cmps = append(a.cmps, t)
				continue
			}
			bit := tr.bit(t)
			switch {
			case bit == 0 && !t.Not:
				a.never = true // nothing can set it
			case bit == 0:
				// "not" of something that is never true always holds.
			case t.Not:
				a.forbid |= bit
			default:
				a.need |= bit
			}
		}
		cc.alts = append(cc.alts, a)
	}
	return cc
}

func (c *ccond) holds(p scenario.Position, f Flags) bool {
	if c == nil {
		return true
	}
	for _, a := range c.alts {
		if a.never || f&a.need != a.need || f&a.forbid != 0 {
			continue
		}
		ok := true
		for _, t := range a.cmps {
			if !t.Eval(p, nil) {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}

// Names returns the names of the flags and visits in f, in bit order, given
// the tracked names of the scenario (Result.Tracked).
func (f Flags) Names(tracked []string) []string {
	out := make([]string, 0, bits.OnesCount32(uint32(f)))
	for i, n := range tracked {
		if f&(1<<i) != 0 {
			out = append(out, n)
		}
	}
	return out
}

// Facts returns f as the facts a scenario.Cond evaluates, given the tracked
// names; flags and visits outside tracked read as unset.
func (f Flags) Facts(tracked []string) scenario.FactSet {
	fs := scenario.FactSet{Flags: map[string]bool{}, Visits: map[string]bool{}}
	for _, n := range f.Names(tracked) {
		if id, ok := strings.CutPrefix(n, VisitPrefix); ok {
			fs.Visits[id] = true
		} else {
			fs.Flags[n] = true
		}
	}
	return fs
}

// Describe returns f for people: "named-the-pattern, visited gerald", or
// "no flags" for the empty set.
func (f Flags) Describe(tracked []string) string {
	if n := f.Names(tracked); len(n) > 0 {
		return strings.Join(n, ", ")
	}
	return "no flags"
}
