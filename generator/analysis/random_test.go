package analysis

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"coachsim/generator/scenario"
)

// randomScenario builds a small scenario with loops, conditional routes,
// endings, dead ends and the odd route to a missing moment.
func randomScenario(t testing.TB, rng *rand.Rand, n int) *scenario.Scenario {
	t.Helper()
	id := func(i int) string { return fmt.Sprintf("m%d", i) }
	var ms []*scenario.Moment
	for i := range n {
		switch x := rng.IntN(100); {
		case i > 0 && x < 30:
			ms = append(ms, end(id(i), "End "+id(i)))
			continue
		case i > 0 && x < 34:
			ms = append(ms, mom(id(i))) // dead end
			continue
		}
		var cs []*scenario.Choice
		for range 1 + rng.IntN(3) {
			var routes []string
			if rng.IntN(3) == 0 {
				axis := []string{"trust", "accountability"}[rng.IntN(2)]
				op := []string{"<", "<=", ">", ">=", "==", "!="}[rng.IntN(6)]
				routes = append(routes, fmt.Sprintf("%s %s %d -> %s", axis, op, rng.IntN(9)-4, id(rng.IntN(n))))
			}
			to := id(rng.IntN(n))
			if rng.IntN(30) == 0 {
				to = "missing"
			}
			cs = append(cs, ch(rng.IntN(7)-3, rng.IntN(7)-3, append(routes, to)...))
		}
		ms = append(ms, mom(id(i), cs...))
	}
	return build(t, rng.IntN(7)-3, rng.IntN(7)-3, ms...)
}

// naive is a deliberately simple model of the state graph, built with maps
// and repeated searches, to check Analyze against.
type naive struct {
	order []State           // BFS order
	depth map[State]int     // BFS distance
	succ  map[State][]State // one entry per choice that leads somewhere
	end   map[State]bool
}

func newNaive(s *scenario.Scenario) *naive {
	nv := &naive{depth: map[State]int{}, succ: map[State][]State{}, end: map[State]bool{}}
	m0 := s.StartMoment()
	if m0 == nil {
		return nv
	}
	start := State{m0.ID, s.Initial.Value.Clamp(), 0}
	nv.order, nv.depth[start] = []State{start}, 0
	for i := 0; i < len(nv.order); i++ {
		v := nv.order[i]
		m := s.Moment(v.Moment)
		if m.IsEnding() {
			nv.end[v] = true
			continue
		}
		for _, c := range m.Choices {
			p := v.Pos.Move(c.Trust.Value, c.Accountability.Value)
			if s.Moment(c.Target(p, nil)) == nil {
				continue
			}
			w := State{c.Target(p, nil), p, 0}
			nv.succ[v] = append(nv.succ[v], w)
			if _, ok := nv.depth[w]; !ok {
				nv.depth[w] = nv.depth[v] + 1
				nv.order = append(nv.order, w)
			}
		}
	}
	return nv
}

// reach returns the states reachable from v in one or more steps.
func (nv *naive) reach(v State) map[State]bool {
	seen := map[State]bool{}
	queue := slices.Clone(nv.succ[v])
	for len(queue) > 0 {
		w := queue[0]
		queue = queue[1:]
		if !seen[w] {
			seen[w] = true
			queue = append(queue, nv.succ[w]...)
		}
	}
	return seen
}

// TestRandomAgainstNaive compares Analyze, Paths and Play with brute force
// on many small random scenarios.
func TestRandomAgainstNaive(t *testing.T) {
	for seed := range uint64(1000) {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(seed, 7))
			s := randomScenario(t, rng, 2+rng.IntN(6))
			r := analyze(t, s)
			nv := newNaive(s)
			if r.States != len(nv.order) {
				t.Fatalf("States = %d, naive %d", r.States, len(nv.order))
			}
			if r.AnyEndingReachable {
				replay(t, s, r.Longest)
				replay(t, s, r.Best)
				replay(t, s, r.Worst)
			}
			if r.States > 150 {
				return // the quadratic checks below would be slow
			}
			reach := map[State]map[State]bool{}
			for _, v := range nv.order {
				reach[v] = nv.reach(v)
			}
			canFinish := func(v State) bool {
				if nv.end[v] {
					return true
				}
				for w := range reach[v] {
					if nv.end[w] {
						return true
					}
				}
				return false
			}

			// Stuck: the first stuck state of each moment, moments in file order.
			var stuck, loops []State
			for _, m := range s.Moments {
				var first, firstLoop *State
				for _, v := range nv.order {
					if v.Moment != m.ID || canFinish(v) {
						continue
					}
					if first == nil || less(v.Pos, first.Pos) {
						first = &v
					}
					if reach[v][v] && (firstLoop == nil || less(v.Pos, firstLoop.Pos)) {
						firstLoop = &v
					}
				}
				if first != nil {
					stuck = append(stuck, *first)
				}
				if firstLoop != nil {
					loops = append(loops, *firstLoop)
				}
			}
			if !slices.Equal(r.Stuck, stuck) || !slices.Equal(r.StuckLoops, loops) {
				t.Errorf("Stuck = %v / %v, naive %v / %v", r.Stuck, r.StuckLoops, stuck, loops)
			}

			// Unbounded: some state on a cycle reaches the ending state.
			unbounded := func(e State) bool {
				for _, v := range nv.order {
					if reach[v][v] && (v == e || reach[v][e]) {
						return true
					}
				}
				return false
			}
			longestUnbounded := false
			for _, v := range nv.order {
				if reach[v][v] && canFinish(v) {
					longestUnbounded = true
				}
			}
			if r.LongestUnbounded != longestUnbounded {
				t.Errorf("LongestUnbounded = %v, naive %v", r.LongestUnbounded, longestUnbounded)
			}

			paths, complete := Paths(s, 5000)
			if !complete {
				t.Skip("too many paths to compare")
			}
			perEnding := map[string]int{}
			maxLen := -1
			for _, p := range paths {
				perEnding[p.End.Moment]++
				maxLen = max(maxLen, len(p.Steps))
				replay(t, s, p)
			}
			for _, e := range r.Endings {
				unb := false
				for _, p := range e.Positions {
					unb = unb || unbounded(State{e.Moment, p, 0})
				}
				if e.Paths.Unbounded != unb {
					t.Errorf("%s: Unbounded = %v, naive %v", e.Moment, e.Paths.Unbounded, unb)
				}
				// Without cycles every path is simple, so Paths lists them all.
				if !unb && e.Paths.N != uint64(perEnding[e.Moment]) {
					t.Errorf("%s: %d paths, Paths enumerates %d", e.Moment, e.Paths.N, perEnding[e.Moment])
				}
			}
			if r.AnyEndingReachable != (len(paths) > 0) {
				t.Fatalf("AnyEndingReachable = %v with %d paths", r.AnyEndingReachable, len(paths))
			}
			if !r.AnyEndingReachable {
				return
			}
			if !longestUnbounded && len(r.Longest.Steps) != maxLen {
				t.Errorf("Longest has %d steps, longest enumerated %d", len(r.Longest.Steps), maxLen)
			}

			// Best and worst: the preferred ending state, then the first
			// shortest path to it in choice order.
			for _, c := range []struct {
				name string
				got  Path
				sign int
			}{{"Best", r.Best, 1}, {"Worst", r.Worst, -1}} {
				var want *Path
				for _, p := range paths {
					if want == nil || preferred(s, nv, p, *want, c.sign) {
						want = &p
					}
				}
				if stepsString(c.got) != stepsString(*want) || c.got.End != want.End {
					t.Errorf("%s = %s (%v)\n  naive %s (%v)", c.name, stepsString(c.got), c.got.End, stepsString(*want), want.End)
				}
			}
		})
	}
}

// preferred reports whether path a beats path b as best (sign 1) or worst
// (sign -1), ranking by score, steps, file order, position and then choices.
func preferred(s *scenario.Scenario, nv *naive, a, b Path, sign int) bool {
	sa, sb := sign*a.End.Pos.Score(), sign*b.End.Pos.Score()
	if sa != sb {
		return sa > sb
	}
	if len(a.Steps) != len(b.Steps) {
		return len(a.Steps) < len(b.Steps)
	}
	ia, ib := s.Moment(a.End.Moment).Index, s.Moment(b.End.Moment).Index
	if ia != ib {
		return ia < ib
	}
	if a.End.Pos != b.End.Pos {
		return less(a.End.Pos, b.End.Pos)
	}
	return slices.Compare(a.Choices(), b.Choices()) < 0
}

func less(a, b scenario.Position) bool {
	if a.Trust != b.Trust {
		return a.Trust < b.Trust
	}
	return a.Accountability < b.Accountability
}

// replay checks that Play reproduces a path from its choices.
func replay(t *testing.T, s *scenario.Scenario, p Path) {
	t.Helper()
	got, err := Play(s, p.Choices())
	if err != nil {
		t.Fatalf("Play(%v): %v", p.Choices(), err)
	}
	if stepsString(got) != stepsString(p) || got.End != p.End {
		t.Errorf("Play(%v) = %s (%v), path was %s (%v)", p.Choices(), stepsString(got), got.End, stepsString(p), p.End)
	}
}
