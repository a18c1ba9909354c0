package analysis

import (
	"fmt"
	"math"
	"slices"

	"coachsim/generator/scenario"
)

// The plane has side*side cells. A position is stored as its cell number,
// ordered by trust then accountability, so walking cells in order walks
// positions in the package's position order.
const (
	side  = scenario.MaxCoord - scenario.MinCoord + 1
	cells = side * side
)

func cellOf(p scenario.Position) uint16 {
	return uint16((p.Trust-scenario.MinCoord)*side + (p.Accountability - scenario.MinCoord))
}

func posOf(c uint16) scenario.Position {
	return scenario.Position{
		Trust:          int(c)/side + scenario.MinCoord,
		Accountability: int(c)%side + scenario.MinCoord,
	}
}

// index resolves moment ids as Scenario.Index does (first wins). It keeps
// its own table rather than calling Scenario.Moment, whose lazily built map
// would make concurrent analyses of one scenario race.
type index struct {
	moments []*scenario.Moment // s.Moments; entries may be nil
	byID    map[string]int32
}

func newIndex(s *scenario.Scenario) *index {
	x := &index{moments: s.Moments, byID: make(map[string]int32, len(s.Moments))}
	for i, m := range s.Moments {
		if m == nil {
			continue
		}
		if _, dup := x.byID[m.ID]; !dup {
			x.byID[m.ID] = int32(i)
		}
	}
	return x
}

// canonical reports whether moment i is the one its id resolves to; a later
// duplicate can never be reached.
func (x *index) canonical(i int) bool {
	m := x.moments[i]
	return m != nil && x.byID[m.ID] == int32(i)
}

// start returns the index of the first moment, as Scenario.StartMoment
// chooses it, or -1.
func (x *index) start(s *scenario.Scenario) int32 {
	if s.Start.Value != "" {
		if i, ok := x.byID[s.Start.Value]; ok {
			return i
		}
		return -1
	}
	if len(x.moments) > 0 && x.moments[0] != nil {
		return 0
	}
	return -1
}

// lookup returns the index of the moment with the given id, or -1.
func (x *index) lookup(id string) int32 {
	if i, ok := x.byID[id]; ok {
		return i
	}
	return -1
}

// graph is the explored state graph. States are numbered in BFS discovery
// order, so state 0 is the start, and edges are stored compactly (CSR):
// the edges leaving state v are first[v] up to first[v+1], in choice order.
type graph struct {
	x *index

	mom  []int32  // moment index of each state
	cell []uint16 // position of each state
	mask []Flags  // tracked flags and visits of each state
	// seen holds, per moment and flag set (lazily), cell -> state id + 1
	// (0: not reached).
	seen []map[Flags][]int32
	tr   *tracking

	first []int32
	to    []int32 // edge target state; choiceOf recovers the choice

	// routes caches, per moment and choice, the moment index each route
	// leads to (-1: missing), so ids are looked up once, not once a state.
	routes [][][]int32
	// conds caches, per moment and choice, each route's condition compiled
	// against tr (nil for the default route).
	conds [][][]*ccond

	bfsEdge []int32 // edge by which BFS first reached the state; -1 for the start
	depth   []int32 // BFS distance from the start, in steps

	// Filled by dfs.
	back      []bool  // per edge: a DFS back edge (closes a cycle)
	post      []int32 // states in DFS post-order
	cyclic    []bool  // per state: lies on a cycle
	canFinish []bool  // per state: some ending is reachable from it
}

// maxIDs keeps state and edge numbers inside int32.
const maxIDs = math.MaxInt32 - 1

func (g *graph) moment(v int32) *scenario.Moment { return g.x.moments[g.mom[v]] }

func (g *graph) state(v int32) State {
	return State{Moment: g.moment(v).ID, Pos: posOf(g.cell[v]), Flags: g.mask[v]}
}

func (g *graph) isEnding(v int32) bool { return g.moment(v).IsEnding() }

// explore builds the graph of states reachable from (start, p0) by BFS,
// failing with ErrTooLarge as soon as more than max states are found.
func explore(x *index, tr *tracking, start int32, p0 scenario.Position, max int) (*graph, error) {
	if max > maxIDs {
		max = maxIDs
	}
	g := &graph{x: x, tr: tr, seen: make([]map[Flags][]int32, len(x.moments)),
		routes: make([][][]int32, len(x.moments)), conds: make([][][]*ccond, len(x.moments))}
	add := func(m int32, f Flags, c uint16, e, d int32) (int32, error) {
		byMask := g.seen[m]
		if byMask == nil {
			byMask = map[Flags][]int32{}
			g.seen[m] = byMask
		}
		tab := byMask[f]
		if tab == nil {
			tab = make([]int32, cells)
			byMask[f] = tab
		}
		if id := tab[c]; id != 0 {
			return id - 1, nil
		}
		if len(g.mom) >= max {
			return -1, fmt.Errorf("%w: more than %d reachable states (the limit is %d)", ErrTooLarge, max, max)
		}
		id := int32(len(g.mom))
		tab[c] = id + 1
		g.mom = append(g.mom, m)
		g.cell = append(g.cell, c)
		g.mask = append(g.mask, f)
		g.bfsEdge = append(g.bfsEdge, e)
		g.depth = append(g.depth, d)
		return id, nil
	}
	if _, err := add(start, tr.enter(start, 0), cellOf(p0.Clamp()), -1, 0); err != nil {
		return nil, err
	}
	// The state slice doubles as the BFS queue: states are processed in the
	// order they were discovered.
	for v := int32(0); int(v) < len(g.mom); v++ {
		g.first = append(g.first, int32(len(g.to)))
		m := g.moment(v)
		if m.IsEnding() {
			continue // the play stops here, whatever the moment also lists
		}
		p := posOf(g.cell[v])
		routes, conds := g.resolve(g.mom[v])
		for ci, c := range m.Choices {
			if c == nil {
				continue
			}
			p2 := p.Move(c.Trust.Value, c.Accountability.Value)
			f2 := g.mask[v] | tr.sets(c)
			t := target(conds[ci], routes[ci], p2, f2)
			// choiceOf repeats this walk; keep the two in step.
			if t < 0 {
				continue // missing target or no route applies: the checker reports it
			}
			if len(g.to) >= maxIDs {
				return nil, fmt.Errorf("%w: more than %d transitions", ErrTooLarge, maxIDs)
			}
			e := int32(len(g.to))
			w, err := add(t, tr.enter(t, f2), cellOf(p2), e, g.depth[v]+1)
			if err != nil {
				return nil, err
			}
			g.to = append(g.to, w)
		}
	}
	g.first = append(g.first, int32(len(g.to)))
	return g, nil
}

// resolve returns, for each choice of moment mi, the moment index of each
// of its routes (-1 for a missing moment) and their compiled conditions,
// computing them on first use.
func (g *graph) resolve(mi int32) ([][]int32, [][]*ccond) {
	if r := g.routes[mi]; r != nil {
		return r, g.conds[mi]
	}
	m := g.x.moments[mi]
	r := make([][]int32, len(m.Choices))
	cs := make([][]*ccond, len(m.Choices))
	for ci, c := range m.Choices {
		if c == nil {
			continue
		}
		r[ci] = make([]int32, len(c.Next))
		cs[ci] = make([]*ccond, len(c.Next))
		for k, rt := range c.Next {
			r[ci][k] = g.x.lookup(rt.To.Value)
			cs[ci][k] = g.tr.compile(rt.Cond)
		}
	}
	g.routes[mi], g.conds[mi] = r, cs
	return r, cs
}

// target is Choice.Target with the route already resolved to a moment
// index: the first route whose condition holds, or -1 when none does.
func target(conds []*ccond, resolved []int32, p scenario.Position, f Flags) int32 {
	if k := route(conds, p, f); k >= 0 {
		return resolved[k]
	}
	return -1
}

// route returns the index of the first route whose condition holds, or -1.
func route(conds []*ccond, p scenario.Position, f Flags) int {
	for k, c := range conds {
		if c.holds(p, f) {
			return k
		}
	}
	return -1
}

// dfs runs one iterative depth-first search from the start, in choice order,
// and fills back, post, cyclic and canFinish. It is Tarjan's strongly
// connected components algorithm: when a component completes, every
// component it can reach has completed, so "can finish" is decided there
// without a reverse graph.
func (g *graph) dfs() {
	n := len(g.mom)
	g.back = make([]bool, len(g.to))
	g.post = make([]int32, 0, n)
	g.cyclic = make([]bool, n)
	g.canFinish = make([]bool, n)
	if n == 0 {
		return
	}
	num := make([]int32, n) // preorder number + 1; 0 means unvisited
	low := make([]int32, n)
	onStack := make([]bool, n) // on Tarjan's component stack
	onPath := make([]bool, n)  // on the current DFS path
	var comp []int32           // Tarjan's component stack
	type frame struct{ v, e int32 }
	var stack []frame
	counter := int32(0)
	visit := func(v int32) {
		counter++
		num[v], low[v] = counter, counter
		comp = append(comp, v)
		onStack[v], onPath[v] = true, true
		stack = append(stack, frame{v, g.first[v]})
	}
	visit(0)
	for len(stack) > 0 {
		f := &stack[len(stack)-1]
		v := f.v
		if f.e < g.first[v+1] {
			e := f.e
			f.e++
			w := g.to[e]
			switch {
			case num[w] == 0:
				visit(w) // f may now be stale; it is not used again this turn
			case onStack[w]:
				if onPath[w] {
					g.back[e] = true
				}
				low[v] = min(low[v], num[w])
			}
			continue
		}
		stack = stack[:len(stack)-1]
		onPath[v] = false
		g.post = append(g.post, v)
		if len(stack) > 0 {
			p := stack[len(stack)-1].v
			low[p] = min(low[p], low[v])
		}
		if low[v] != num[v] {
			continue
		}
		// v roots a component: its members are the top of comp, down to v.
		k := len(comp) - 1
		for comp[k] != v {
			k--
		}
		members := comp[k:]
		cyc := len(members) > 1
		fin := false
		for _, u := range members {
			if g.isEnding(u) {
				fin = true
			}
			for e := g.first[u]; e < g.first[u+1]; e++ {
				w := g.to[e]
				if w == u {
					cyc = true // a choice that leaves the state unchanged
				}
				// Edges leave a completed component only for components
				// completed earlier, whose canFinish is final.
				if !onStack[w] && g.canFinish[w] {
					fin = true
				}
			}
		}
		for _, u := range members {
			onStack[u] = false
			g.cyclic[u] = cyc
			g.canFinish[u] = fin
		}
		comp = comp[:k]
	}
}

// path rebuilds the steps from the start to state v by following parent
// edges (one per state, -1 at the start).
func (g *graph) path(v int32, parent []int32) Path {
	var edges []int32
	for u := v; parent[u] >= 0; {
		e := parent[u]
		edges = append(edges, e)
		u = g.source(e)
	}
	steps := make([]Step, 0, len(edges))
	for i := len(edges) - 1; i >= 0; i-- {
		steps = append(steps, g.step(edges[i]))
	}
	return Path{Steps: steps, End: g.state(v)}
}

// source returns the state an edge leaves, by binary search over first.
func (g *graph) source(e int32) int32 {
	lo, hi := 0, len(g.mom)-1
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if g.first[mid] <= e {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	// Ending states own no edges, so several states may share first[v]; the
	// last one with first[v] <= e is the owner because it is the one whose
	// range is non-empty.
	return int32(lo)
}

func (g *graph) step(e int32) Step {
	u, w := g.source(e), g.to[e]
	return Step{
		Moment: g.moment(u).ID,
		Choice: g.choiceOf(u, e),
		After:  posOf(g.cell[w]),
		Flags:  g.mask[w],
		Next:   g.moment(w).ID,
	}
}

// choiceOf returns the index of the choice edge e takes from state u. Edges
// are stored in choice order without the choices that lead nowhere, so the
// walk of explore is repeated; this is only needed to print paths, and saves
// storing an index for every edge.
func (g *graph) choiceOf(u, e int32) int {
	k := e - g.first[u]
	m := g.moment(u)
	routes, conds := g.resolve(g.mom[u])
	p := posOf(g.cell[u])
	for ci, c := range m.Choices {
		if c == nil || target(conds[ci], routes[ci], p.Move(c.Trust.Value, c.Accountability.Value), g.mask[u]|g.tr.sets(c)) < 0 {
			continue
		}
		if k == 0 {
			return ci
		}
		k--
	}
	return -1 // not reached: e belongs to u
}

// steps measures every reachable decision moment: the fewest decisions
// before it (from the BFS depth) and the fewest from it to an ending (a
// BFS from the ending states over the reversed edges).
func (g *graph) steps() map[string]Steps {
	n := int32(len(g.mom))
	// Reverse the edges, in compressed form.
	inFirst := make([]int32, n+1)
	for _, w := range g.to {
		inFirst[w+1]++
	}
	for v := int32(0); v < n; v++ {
		inFirst[v+1] += inFirst[v]
	}
	from := make([]int32, len(g.to))
	fill := slices.Clone(inFirst[:n])
	for u := int32(0); u < n; u++ {
		for e := g.first[u]; e < g.first[u+1]; e++ {
			w := g.to[e]
			from[fill[w]] = u
			fill[w]++
		}
	}
	toEnd := make([]int32, n)
	var queue []int32
	for v := int32(0); v < n; v++ {
		toEnd[v] = -1
		if g.isEnding(v) {
			toEnd[v] = 0
			queue = append(queue, v)
		}
	}
	for len(queue) > 0 {
		w := queue[0]
		queue = queue[1:]
		for i := inFirst[w]; i < inFirst[w+1]; i++ {
			if u := from[i]; toEnd[u] < 0 {
				toEnd[u] = toEnd[w] + 1
				queue = append(queue, u)
			}
		}
	}
	left, visits := g.typical(toEnd, inFirst, from)
	out := map[string]Steps{}
	sumLeft := map[string]float64{}
	sumVisits := map[string]float64{}
	for v := int32(0); v < n; v++ {
		if g.isEnding(v) {
			continue
		}
		id := g.moment(v).ID
		st, seen := out[id]
		first := int(g.depth[v]) + 1
		if !seen || first < st.First {
			st.First = first
		}
		if t := int(toEnd[v]); t > 0 && (st.ToEnd == 0 || t < st.ToEnd) {
			st.ToEnd = t
		}
		if toEnd[v] > 0 && visits[v] > 0 {
			sumLeft[id] += visits[v] * left[v]
			sumVisits[id] += visits[v]
		}
		out[id] = st
	}
	for id, st := range out {
		if w := sumVisits[id]; w > 0 {
			// Half up, with room for the sweeps' error (they approach a
			// loop's value from below): 2.4999995 is 2.5, shown as 3.
			st.Typical = max(1, int(math.Floor(sumLeft[id]/w+0.5+1e-4)))
			out[id] = st
		}
	}
	return out
}

// typical returns, per state, the decisions left to an ending (its own
// included) on average when every response is equally likely, and how
// often such a play passes through the state (its expected visits).
// Both are fixed points, found by sweeps in DFS post-order (left) and its
// reverse (visits), which settle an acyclic part in one sweep and the
// loops a scenario may have within a few more. Edges
// into states from which no ending can be reached are left out: the
// checker reports those, and a mean over them would be infinite.
func (g *graph) typical(toEnd, inFirst, from []int32) (left, visits []float64) {
	n := int32(len(g.mom))
	// Per state: the live edges out of it (into states from which an
	// ending can be reached); 0 for endings, which stop the play.
	out := make([]float64, n)
	for v := int32(0); v < n; v++ {
		if g.isEnding(v) {
			continue
		}
		k := 0
		for e := g.first[v]; e < g.first[v+1]; e++ {
			if toEnd[g.to[e]] >= 0 {
				k++
			}
		}
		out[v] = float64(k)
	}
	// The answer is shown rounded to whole steps, so sweeps stop once no
	// value moves by more than this.
	const sweeps, tolerance = 200, 1e-4
	first, to := g.first, g.to
	left = make([]float64, n)
	for k := 0; k < sweeps; k++ {
		change := 0.0
		for _, v := range g.post {
			if out[v] == 0 {
				continue
			}
			sum := 0.0
			for e := first[v]; e < first[v+1]; e++ {
				if w := to[e]; toEnd[w] >= 0 {
					sum += left[w]
				}
			}
			nv := 1 + sum/out[v]
			if d := nv - left[v]; d > change || -d > change {
				change = max(d, -d)
			}
			left[v] = nv
		}
		if change < tolerance {
			break
		}
	}
	visits = make([]float64, n)
	if n == 0 || toEnd[0] < 0 {
		return left, visits
	}
	for k := 0; k < sweeps; k++ {
		change := 0.0
		for i := len(g.post) - 1; i >= 0; i-- {
			v := g.post[i]
			if toEnd[v] < 0 {
				continue
			}
			nv := 0.0
			if v == 0 {
				nv = 1
			}
			for i := inFirst[v]; i < inFirst[v+1]; i++ {
				if u := from[i]; out[u] > 0 {
					nv += visits[u] / out[u]
				}
			}
			if d := nv - visits[v]; d > change || -d > change {
				change = max(d, -d)
			}
			visits[v] = nv
		}
		if change < tolerance {
			break
		}
	}
	return left, visits
}
