// Package analysis explores a scenario's state graph and scores where its
// endings can be reached on the trust/accountability plane.
//
// A state is a moment together with a position on the plane. Positions are
// clamped to the plane, so a scenario has at most 441 states per moment and
// every analysis terminates, loops included. All algorithms are iterative
// and linear in states times choices, so generated scenarios with thousands
// of moments are fine.
//
// The checker, `coachsim report`, the site generator and the browser tests
// all use this package; it does no I/O except WriteReport.
package analysis

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strconv"

	"coachsim/generator/scenario"
)

// DefaultMaxStates is the state limit used when Options.MaxStates is zero.
// A moment can be reached at no more than 441 positions, so this covers
// about 2,300 moments even if every moment were reachable everywhere (a
// generated 1,000-moment scenario already has over 300,000 states), while
// bounding memory: Analyze allocates roughly 200 bytes a state.
const DefaultMaxStates = 1 << 20

// Options tunes Analyze.
type Options struct {
	// MaxStates bounds the number of reachable states explored; zero or a
	// negative value means DefaultMaxStates.
	MaxStates int
	// KeepFlags keeps every tested flag and visit in the state to the end,
	// even where no later condition can test it, so that EndingInfo.Combos
	// tells every combination an ending is reached with. It can multiply
	// the states; by default a bit is dropped once nothing can test it.
	KeepFlags bool
}

// ErrTooLarge is returned, wrapped with the limit that was exceeded, when a
// scenario has more reachable states than Options.MaxStates. Exploration
// stops as soon as the limit is passed.
var ErrTooLarge = errors.New("analysis: scenario has too many reachable states")

// ErrNoStart is returned by Play when the scenario has no start moment
// (no moments, or a start id that does not exist).
var ErrNoStart = errors.New("analysis: scenario has no start moment")

// ErrBadChoice is returned by Play for a choice index that does not exist at
// the current moment, or a choice asked for at an ending.
var ErrBadChoice = errors.New("analysis: no such choice")

// ErrNoTarget is returned by Play when a choice's route leads to a moment
// that does not exist, or no route applies.
var ErrNoTarget = errors.New("analysis: route leads nowhere")

// State is a moment together with the position at which it is reached and
// the tracked flags and visits set by then that some condition from there
// on can still test (the others cannot change anything, so they are
// dropped: see Flags).
type State struct {
	Moment string
	Pos    scenario.Position
	Flags  Flags
}

// String returns the state as "moment (trust, accountability)", followed by
// the flag bits in hex when any is set.
func (s State) String() string {
	if s.Flags != 0 {
		return fmt.Sprintf("%s %s flags %#x", s.Moment, posString(s.Pos), uint32(s.Flags))
	}
	return s.Moment + " " + posString(s.Pos)
}

// Range bounds the positions at which a moment can be reached. It is a
// bounding box: not every position inside it need be reachable.
type Range struct {
	MinTrust, MaxTrust                   int
	MinAccountability, MaxAccountability int
}

// Steps places a decision moment along the paths through it, in
// decisions.
type Steps struct {
	// First is the fewest decisions made before reaching the moment, plus
	// one: the moment's step number on its shortest way in.
	First int
	// ToEnd is the fewest decisions from the moment (its own included) to
	// an ending, over the states it is reached in from which an ending can
	// be reached; 0 when none can.
	ToEnd int
	// Typical is how many decisions a play from the moment (its own
	// included) takes to an ending on average when every response shown is
	// equally likely, over the states a play reaches it in, weighted by
	// how often it does; 0 when no ending can be reached. It is the site's
	// "step 3 of about 8": the fewest (ToEnd) promises an end a typical
	// play does not reach.
	Typical int
}

// String returns the range as "trust 1..3, accountability -2..0".
func (r Range) String() string {
	return "trust " + span(r.MinTrust, r.MaxTrust) + ", accountability " + span(r.MinAccountability, r.MaxAccountability)
}

func (r *Range) add(p scenario.Position) {
	r.MinTrust = min(r.MinTrust, p.Trust)
	r.MaxTrust = max(r.MaxTrust, p.Trust)
	r.MinAccountability = min(r.MinAccountability, p.Accountability)
	r.MaxAccountability = max(r.MaxAccountability, p.Accountability)
}

func pointRange(p scenario.Position) Range {
	return Range{p.Trust, p.Trust, p.Accountability, p.Accountability}
}

// span prints "lo..hi", or just the number when they are equal.
func span(lo, hi int) string {
	if lo == hi {
		return strconv.Itoa(lo)
	}
	return strconv.Itoa(lo) + ".." + strconv.Itoa(hi)
}

func posString(p scenario.Position) string {
	return fmt.Sprintf("(%d, %d)", p.Trust, p.Accountability)
}

// PathCount is the number of distinct choice sequences from the start to a
// moment.
type PathCount struct {
	N uint64
	// Unbounded means a cycle lies on some path to the moment, so a trainee
	// can go round it any number of times; N is then 0.
	Unbounded bool
	// Saturated means the count reached PathCap and N holds PathCap.
	Saturated bool
}

// PathCap is where path counts stop growing: a count this large only ever
// means "astronomically many", and capping avoids uint64 overflow.
const PathCap uint64 = 1_000_000_000_000_000_000

// String returns the count: "12", "unbounded (loop)" or ">= 1e18".
func (c PathCount) String() string {
	switch {
	case c.Unbounded:
		return "unbounded (loop)"
	case c.Saturated:
		return ">= 1e18"
	}
	return strconv.FormatUint(c.N, 10)
}

// Compare orders counts: -1 when c is fewer than d, 0 when equal, +1 when
// more; unbounded is more than saturated, which is more than any number.
func (c PathCount) Compare(d PathCount) int {
	rank := func(c PathCount) int {
		switch {
		case c.Unbounded:
			return 2
		case c.Saturated:
			return 1
		}
		return 0
	}
	if r := cmp.Compare(rank(c), rank(d)); r != 0 {
		return r
	}
	return cmp.Compare(c.N, d.N)
}

// add sums counts, saturating at PathCap.
func (c *PathCount) add(n uint64, saturated bool) {
	c.Saturated = c.Saturated || saturated
	if n >= PathCap-c.N {
		c.N, c.Saturated = PathCap, true
		return
	}
	c.N += n
}

// EndingInfo says where and how an ending can be reached.
type EndingInfo struct {
	Moment  string
	Reached bool
	// Quadrants holds the distinct quadrants in which the ending can be
	// reached, best first (the order of scenario.Quadrants).
	Quadrants []scenario.Quadrant
	Range     Range
	Paths     PathCount
	// Positions holds the distinct positions at which the ending can be
	// reached, sorted by trust then accountability.
	Positions []scenario.Position
	// Reach holds every reachable (position, flags) pair of the ending,
	// sorted by flags, then trust, then accountability.
	Reach []Reach
	// Combos holds the combinations of the flags and visits its debrief
	// tests (with Options.KeepFlags: of every tested flag and visit) that
	// the ending can be reached with, sorted by their bits; one, the empty
	// set, when there are none.
	Combos []Combo
}

// Reach is one way an ending can be reached: a position and the tracked
// flags and visits set on the way.
type Reach struct {
	Pos   scenario.Position
	Flags Flags
}

// Combo is a set of tracked flags and visits with which an ending can be
// reached, the quadrants it is reached in with them (best first), and the
// number of paths.
type Combo struct {
	Flags     Flags
	Quadrants []scenario.Quadrant
	Paths     PathCount
}

// RouteRef names one route of one choice.
type RouteRef struct {
	Moment string
	Choice int // index in the moment's choices
	Route  int // index in the choice's routes
	// Holds reports, for an untaken route, that its condition does hold at
	// some reachable state: an earlier route shadows it there.
	Holds bool
}

// Step is one choice taken during a play-through.
type Step struct {
	Moment string            // the moment where the choice is made
	Choice int               // index in that moment's Choices
	After  scenario.Position // position after the choice's effect
	Flags  Flags             // tracked flags and visits once at Next
	Next   string            // the moment the choice leads to
}

// Path is a play-through from the start: its steps and the state it ends in.
type Path struct {
	Steps []Step
	End   State
	// Set lists, sorted, every flag set on the path, tested or not. Only
	// Play fills it.
	Set []string
}

// Choices returns the choice indices of the path's steps, the input Play
// takes to replay it.
func (p Path) Choices() []int {
	out := make([]int, len(p.Steps))
	for i, s := range p.Steps {
		out[i] = s.Choice
	}
	return out
}

// Result is what Analyze finds. Positions are ordered by trust, then
// accountability; moments by their order in the file.
type Result struct {
	// Tracked names the flags and visits the conditions test, one per bit
	// of Flags (see Tracked).
	Tracked []string
	// KeptFlags reports that the analysis ran with Options.KeepFlags.
	KeptFlags bool
	// States is the number of reachable states.
	States int
	// Reachable holds the moments reachable from the start (true entries only).
	Reachable map[string]bool
	// Ranges holds the positions at which each reachable moment can be reached.
	Ranges map[string]Range
	// Endings lists every ending moment, in file order, reached or not. A
	// duplicate of an earlier moment's id is left out: it can never be reached.
	Endings []EndingInfo
	// AnyEndingReachable reports whether some ending can be reached at all.
	AnyEndingReachable bool
	// Stuck lists reachable states from which no ending can be reached, one
	// per moment (the first in position order), in moment file order. Dead
	// ends and routes to missing moments make states stuck as well as loops.
	Stuck []State
	// StuckLoops is the part of Stuck that lies on a cycle: a trainee there
	// can go round forever and never reach an ending. One per moment, first
	// in position order, in moment file order.
	StuckLoops []State
	// Best and Worst lead to the reachable ending state with the highest and
	// the lowest Position.Score(); ties go to fewer steps, then the earlier
	// moment in the file, then position order. Each is a shortest path to
	// that state (the first in choice order). Both are empty when no ending
	// is reachable.
	Best, Worst Path
	// Longest is the longest path to an ending that visits no state twice;
	// ties go to the earlier moment in the file, then position order. When
	// a cycle can reach an ending, LongestUnbounded is true and Longest is
	// the longest path once the edges that close cycles in a depth-first
	// search are set aside: still a path that repeats no state, but not
	// necessarily the longest (finding that is NP-hard).
	Longest          Path
	LongestUnbounded bool
	// Steps tells, for each reachable moment that is not an ending, how far
	// into the scenario it lies, for the site's "step 3 of about 8".
	Steps map[string]Steps
	// Untaken lists, for the reachable moments, the routes that no
	// reachable state takes: a condition that cannot hold where it stands,
	// or a route shadowed by an earlier one. In file order.
	Untaken []RouteRef
}

// Analyze explores every state reachable from the start of s and reports on
// reachability, endings, paths and stuck states. Routes to moments that do
// not exist, dead-end moments and duplicate ids are tolerated (the checker
// reports them): such routes are simply not taken. A scenario without a
// start moment gives an empty result with every ending unreached. The error
// is non-nil only for a nil scenario or, wrapping ErrTooLarge, when the
// reachable states exceed the limit.
func Analyze(s *scenario.Scenario, opt Options) (*Result, error) {
	if s == nil {
		return nil, errors.New("analysis: nil scenario")
	}
	limit := opt.MaxStates
	if limit <= 0 {
		limit = DefaultMaxStates
	}
	x := newIndex(s)
	tr, err := newTracking(s, x, opt.KeepFlags)
	if err != nil {
		return nil, err
	}
	r := &Result{Tracked: tr.names, KeptFlags: opt.KeepFlags, Reachable: map[string]bool{}, Ranges: map[string]Range{}}
	start := x.start(s)
	if start < 0 {
		for i, m := range x.moments {
			if x.canonical(i) && m.IsEnding() {
				r.Endings = append(r.Endings, EndingInfo{Moment: m.ID})
			}
		}
		return r, nil
	}
	g, err := explore(x, tr, start, s.Initial.Value, limit)
	if err != nil {
		return nil, err
	}
	g.dfs()
	n := len(g.mom)
	r.States = n

	// Reachable moments and their ranges. Only canonical moments have
	// states, so each id is written once.
	for i := range g.seen {
		var rg Range
		reached := false
		for _, mt := range g.tables(i) {
			for c, id := range mt.tab {
				if id == 0 {
					continue
				}
				p := posOf(uint16(c))
				if !reached {
					reached, rg = true, pointRange(p)
				}
				rg.add(p)
			}
		}
		if reached {
			r.Reachable[x.moments[i].ID] = true
			r.Ranges[x.moments[i].ID] = rg
		}
	}

	r.Steps = g.steps()

	// Reverse post-order is a topological order once back edges are set
	// aside, which is all the dynamic programming below needs.
	rpo := make([]int32, n)
	for i, v := range g.post {
		rpo[n-1-i] = v
	}

	// A state has unboundedly many paths when a cycle lies before it: mark
	// the cyclic states and push the mark forward. Only non-cyclic states
	// lie after the last cycle on a path, and edges between them are not
	// back edges, so one pass in topological order suffices.
	unbounded := make([]bool, n)
	copy(unbounded, g.cyclic)
	// Bounded states have only bounded predecessors, all earlier in rpo.
	count := make([]uint64, n)
	saturated := make([]bool, n)
	count[0] = 1
	// Longest path over the graph without back edges, which is acyclic, so
	// every path in it visits no state twice.
	dist := make([]int32, n)
	longEdge := make([]int32, n)
	for i := range dist {
		dist[i], longEdge[i] = -1, -1
	}
	dist[0] = 0
	for _, u := range rpo {
		for e := g.first[u]; e < g.first[u+1]; e++ {
			w := g.to[e]
			if unbounded[u] {
				unbounded[w] = true
			} else {
				c := PathCount{N: count[w], Saturated: saturated[w]}
				c.add(count[u], saturated[u])
				count[w], saturated[w] = c.N, c.Saturated
			}
			if !g.back[e] && dist[u] >= 0 && dist[u]+1 > dist[w] {
				dist[w], longEdge[w] = dist[u]+1, e
			}
		}
	}

	// Endings, best path, worst path and longest path.
	best, worst, longest := int32(-1), int32(-1), int32(-1)
	better := func(a, b int32, sign int) bool { // is ending state a preferred to b?
		if b < 0 {
			return true
		}
		sa, sb := sign*posOf(g.cell[a]).Score(), sign*posOf(g.cell[b]).Score()
		if sa != sb {
			return sa > sb
		}
		if g.depth[a] != g.depth[b] {
			return g.depth[a] < g.depth[b]
		}
		// States are visited in file order, then position order, so the
		// incumbent wins any remaining tie.
		return false
	}
	for i, m := range x.moments {
		if !x.canonical(i) || !m.IsEnding() {
			continue
		}
		info := EndingInfo{Moment: m.ID}
		var quads [4]bool
		var seenCell [cells]bool
		// States are visited in file order, then flag order, then position
		// order, so ties in best, worst and longest go to the first.
		for _, mt := range g.tables(i) { // none when the moment is unreached
			combo := Combo{Flags: mt.mask}
			var cq [4]bool
			for c, id := range mt.tab {
				if id == 0 {
					continue
				}
				v := id - 1
				p := posOf(uint16(c))
				if !info.Reached {
					info.Reached, info.Range = true, pointRange(p)
				}
				info.Range.add(p)
				seenCell[c] = true
				info.Reach = append(info.Reach, Reach{p, mt.mask})
				quads[scenario.QuadrantOf(p)] = true
				cq[scenario.QuadrantOf(p)] = true
				for _, pc := range []*PathCount{&info.Paths, &combo.Paths} {
					if unbounded[v] {
						pc.Unbounded = true
					} else {
						pc.add(count[v], saturated[v])
					}
				}
				if better(v, best, 1) {
					best = v
				}
				if better(v, worst, -1) {
					worst = v
				}
				if longest < 0 || dist[v] > dist[longest] {
					longest = v
				}
			}
			combo.Quadrants = quadrantList(cq)
			combo.Paths.normalize()
			info.Combos = append(info.Combos, combo)
		}
		for c, ok := range seenCell {
			if ok {
				info.Positions = append(info.Positions, posOf(uint16(c)))
			}
		}
		info.Paths.normalize()
		info.Quadrants = quadrantList(quads)
		r.Endings = append(r.Endings, info)
	}
	if best >= 0 {
		r.AnyEndingReachable = true
		r.Best = g.path(best, g.bfsEdge)
		r.Worst = g.path(worst, g.bfsEdge)
		r.Longest = g.path(longest, longEdge)
	}
	for v := range int32(n) {
		if g.cyclic[v] && g.canFinish[v] {
			r.LongestUnbounded = true
			break
		}
	}

	// Stuck states, first by flag order then position order within each
	// moment.
	for i := range g.seen {
		var stuck, loop bool
	tables:
		for _, mt := range g.tables(i) {
			for c, id := range mt.tab {
				if id == 0 {
					continue
				}
				v := id - 1
				if g.canFinish[v] {
					continue
				}
				st := State{Moment: x.moments[i].ID, Pos: posOf(uint16(c)), Flags: mt.mask}
				if !stuck {
					stuck = true
					r.Stuck = append(r.Stuck, st)
				}
				if !loop && g.cyclic[v] {
					loop = true
					r.StuckLoops = append(r.StuckLoops, st)
				}
				if loop {
					break tables
				}
			}
		}
	}
	r.Untaken = g.untaken()
	return r, nil
}

func quadrantList(qs [4]bool) []scenario.Quadrant {
	var out []scenario.Quadrant
	for _, q := range scenario.Quadrants {
		if qs[q] {
			out = append(out, q)
		}
	}
	return out
}

// normalize clears N for an unbounded count.
func (c *PathCount) normalize() {
	if c.Unbounded {
		c.N, c.Saturated = 0, false
	}
}

// maskTable is one flag set's table of a moment: cell -> state id + 1.
type maskTable struct {
	mask Flags
	tab  []int32
}

// tables returns moment i's tables in flag order.
func (g *graph) tables(i int) []maskTable {
	out := make([]maskTable, 0, len(g.seen[i]))
	for f, tab := range g.seen[i] {
		out = append(out, maskTable{f, tab})
	}
	slices.SortFunc(out, func(a, b maskTable) int { return cmp.Compare(a.mask, b.mask) })
	return out
}

// untaken finds the routes of reachable moments that no state takes.
func (g *graph) untaken() []RouteRef {
	var out []RouteRef
	for mi, m := range g.x.moments {
		if len(g.seen[mi]) == 0 || m.IsEnding() {
			continue
		}
		_, conds := g.resolve(int32(mi))
		taken := make([][]bool, len(m.Choices))
		holds := make([][]bool, len(m.Choices))
		for ci, c := range m.Choices {
			if c != nil {
				taken[ci] = make([]bool, len(c.Next))
				holds[ci] = make([]bool, len(c.Next))
			}
		}
		for _, mt := range g.tables(mi) {
			for cl, id := range mt.tab {
				if id == 0 {
					continue
				}
				p := posOf(uint16(cl))
				for ci, c := range m.Choices {
					if c == nil {
						continue
					}
					p2, f2 := p.Move(c.Trust.Value, c.Accountability.Value), mt.mask|g.tr.sets(c)
					if k := route(conds[ci], p2, f2); k >= 0 {
						taken[ci][k] = true
					}
					for k, cc := range conds[ci] {
						if !holds[ci][k] && cc.holds(p2, f2) {
							holds[ci][k] = true
						}
					}
				}
			}
		}
		for ci := range taken {
			for k, ok := range taken[ci] {
				if !ok {
					out = append(out, RouteRef{m.ID, ci, k, holds[ci][k]})
				}
			}
		}
	}
	return out
}
