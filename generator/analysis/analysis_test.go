package analysis

import (
	"errors"
	"fmt"
	"io"
	"math"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"

	"coachsim/generator/scenario"
)

const (
	tr = scenario.Transformational
	co = scenario.Compliance
	st = scenario.Stagnation
	in = scenario.Ineffective
)

type wantEnding struct {
	id        string
	reached   bool
	quads     []scenario.Quadrant
	rng       Range
	paths     string // PathCount.String()
	positions []scenario.Position
}

type wantResult struct {
	states     int
	ranges     map[string]Range // also gives the reachable moments
	endings    []wantEnding     // every ending, in file order
	noEnding   bool             // no ending reachable
	stuck      []State
	stuckLoops []State
	// Paths as stepsString renders them, and where they end.
	best, worst, longest          string
	bestEnd, worstEnd, longestEnd State
	longestUnbounded              bool
}

func TestAnalyze(t *testing.T) {
	cases := []struct {
		name string
		s    *scenario.Scenario
		want wantResult
	}{
		{
			// a (0,0) -> b (1,1) -> fin (2,1): three states, one path.
			name: "linear",
			s:    build(t, 0, 0, mom("a", ch(1, 1, "b")), mom("b", ch(1, 0, "fin")), end("fin", "Done")),
			want: wantResult{
				states: 3,
				ranges: map[string]Range{"a": {0, 0, 0, 0}, "b": {1, 1, 1, 1}, "fin": {2, 2, 1, 1}},
				endings: []wantEnding{
					{"fin", true, []scenario.Quadrant{tr}, Range{2, 2, 1, 1}, "1", []scenario.Position{pos(2, 1)}},
				},
				best:    "a c0 (1, 1) -> b | b c0 (2, 1) -> fin",
				worst:   "a c0 (1, 1) -> b | b c0 (2, 1) -> fin",
				longest: "a c0 (1, 1) -> b | b c0 (2, 1) -> fin",
				bestEnd: State{"fin", pos(2, 1), 0}, worstEnd: State{"fin", pos(2, 1), 0}, longestEnd: State{"fin", pos(2, 1), 0},
			},
		},
		{
			// good is reached at (1,1) and (0,2), both score 2: the tie goes
			// to position order, (0,2) first. bad at (-1,0) is the worst.
			name: "two endings",
			s: build(t, 0, 0,
				mom("a", ch(1, 1, "good"), ch(-1, 0, "bad"), ch(0, 2, "good")),
				end("good", "Good"), end("bad", "Bad")),
			want: wantResult{
				states: 4,
				ranges: map[string]Range{"a": {0, 0, 0, 0}, "good": {0, 1, 1, 2}, "bad": {-1, -1, 0, 0}},
				endings: []wantEnding{
					{"good", true, []scenario.Quadrant{tr, co}, Range{0, 1, 1, 2}, "2", []scenario.Position{pos(0, 2), pos(1, 1)}},
					{"bad", true, []scenario.Quadrant{in}, Range{-1, -1, 0, 0}, "1", []scenario.Position{pos(-1, 0)}},
				},
				best:    "a c2 (0, 2) -> good",
				worst:   "a c1 (-1, 0) -> bad",
				longest: "a c2 (0, 2) -> good", // all one step: first in file and position order
				bestEnd: State{"good", pos(0, 2), 0}, worstEnd: State{"bad", pos(-1, 0), 0}, longestEnd: State{"good", pos(0, 2), 0},
			},
		},
		{
			// Two choices into the same state are two paths: 2 x 2 = 4.
			name: "parallel choices count separately",
			s: build(t, 0, 0,
				mom("a", ch(0, 0, "b"), ch(0, 0, "b")),
				mom("b", ch(1, 0, "fin"), ch(1, 0, "fin")),
				end("fin", "Done")),
			want: wantResult{
				states: 3,
				ranges: map[string]Range{"a": {0, 0, 0, 0}, "b": {0, 0, 0, 0}, "fin": {1, 1, 0, 0}},
				endings: []wantEnding{
					{"fin", true, []scenario.Quadrant{st}, Range{1, 1, 0, 0}, "4", []scenario.Position{pos(1, 0)}},
				},
				best: "a c0 (0, 0) -> b | b c0 (1, 0) -> fin", worst: "a c0 (0, 0) -> b | b c0 (1, 0) -> fin",
				longest: "a c0 (0, 0) -> b | b c0 (1, 0) -> fin",
				bestEnd: State{"fin", pos(1, 0), 0}, worstEnd: State{"fin", pos(1, 0), 0}, longestEnd: State{"fin", pos(1, 0), 0},
			},
		},
		{
			// b is reached at (1,0) and (0,1), so fin is too: five states.
			// Compliance ranks above Stagnation in the quadrant list.
			name: "diamond by position",
			s: build(t, 0, 0,
				mom("a", ch(1, 0, "b"), ch(0, 1, "b")),
				mom("b", ch(0, 0, "fin")),
				end("fin", "Done")),
			want: wantResult{
				states: 5,
				ranges: map[string]Range{"a": {0, 0, 0, 0}, "b": {0, 1, 0, 1}, "fin": {0, 1, 0, 1}},
				endings: []wantEnding{
					{"fin", true, []scenario.Quadrant{co, st}, Range{0, 1, 0, 1}, "2", []scenario.Position{pos(0, 1), pos(1, 0)}},
				},
				best:    "a c1 (0, 1) -> b | b c0 (0, 1) -> fin",
				worst:   "a c1 (0, 1) -> b | b c0 (0, 1) -> fin",
				longest: "a c1 (0, 1) -> b | b c0 (0, 1) -> fin", // equal lengths: position order
				bestEnd: State{"fin", pos(0, 1), 0}, worstEnd: State{"fin", pos(0, 1), 0}, longestEnd: State{"fin", pos(0, 1), 0},
			},
		},
		{
			// From (1,0): choice 0 moves to (2,0) and the condition, read
			// after the effect, opens; choice 1 moves to (0,1): closed.
			name: "conditional route opens at trust 2",
			s: build(t, 1, 0,
				mom("a", ch(1, 0, "trust >= 2 -> open", "closed"), ch(-1, 1, "trust >= 2 -> open", "closed")),
				end("open", "Open"), end("closed", "Closed")),
			want: wantResult{
				states: 3,
				ranges: map[string]Range{"a": {1, 1, 0, 0}, "open": {2, 2, 0, 0}, "closed": {0, 0, 1, 1}},
				endings: []wantEnding{
					{"open", true, []scenario.Quadrant{st}, Range{2, 2, 0, 0}, "1", []scenario.Position{pos(2, 0)}},
					{"closed", true, []scenario.Quadrant{co}, Range{0, 0, 1, 1}, "1", []scenario.Position{pos(0, 1)}},
				},
				best: "a c0 (2, 0) -> open", worst: "a c1 (0, 1) -> closed", longest: "a c0 (2, 0) -> open",
				bestEnd: State{"open", pos(2, 0), 0}, worstEnd: State{"closed", pos(0, 1), 0}, longestEnd: State{"open", pos(2, 0), 0},
			},
		},
		{
			// Same moments from (0,0): trust reaches at most 1, so the route
			// never opens.
			name: "conditional route stays closed",
			s: build(t, 0, 0,
				mom("a", ch(1, 0, "trust >= 2 -> open", "closed"), ch(-1, 1, "trust >= 2 -> open", "closed")),
				end("open", "Open"), end("closed", "Closed")),
			want: wantResult{
				states: 3,
				ranges: map[string]Range{"a": {0, 0, 0, 0}, "closed": {-1, 1, 0, 1}},
				endings: []wantEnding{
					{"open", false, nil, Range{}, "0", nil},
					{"closed", true, []scenario.Quadrant{co, st}, Range{-1, 1, 0, 1}, "2", []scenario.Position{pos(-1, 1), pos(1, 0)}},
				},
				best: "a c0 (1, 0) -> closed", worst: "a c1 (-1, 1) -> closed", longest: "a c1 (-1, 1) -> closed",
				bestEnd: State{"closed", pos(1, 0), 0}, worstEnd: State{"closed", pos(-1, 1), 0}, longestEnd: State{"closed", pos(-1, 1), 0},
			},
		},
		{
			// l1 (1,0) -> l2 (1,1) -> l1 (1,0) forever: both stuck, on a loop.
			// The loop is not on the way to fin, so fin's count stays 1.
			name: "loop without exit is stuck",
			s: build(t, 0, 0,
				mom("a", ch(0, 0, "fin"), ch(1, 0, "l1")),
				mom("l1", ch(0, 1, "l2")),
				mom("l2", ch(0, -1, "l1")),
				end("fin", "Done")),
			want: wantResult{
				states: 4,
				ranges: map[string]Range{"a": {0, 0, 0, 0}, "l1": {1, 1, 0, 0}, "l2": {1, 1, 1, 1}, "fin": {0, 0, 0, 0}},
				endings: []wantEnding{
					{"fin", true, []scenario.Quadrant{in}, Range{0, 0, 0, 0}, "1", []scenario.Position{pos(0, 0)}},
				},
				stuck:      []State{{"l1", pos(1, 0), 0}, {"l2", pos(1, 1), 0}},
				stuckLoops: []State{{"l1", pos(1, 0), 0}, {"l2", pos(1, 1), 0}},
				best:       "a c0 (0, 0) -> fin", worst: "a c0 (0, 0) -> fin", longest: "a c0 (0, 0) -> fin",
				bestEnd: State{"fin", pos(0, 0), 0}, worstEnd: State{"fin", pos(0, 0), 0}, longestEnd: State{"fin", pos(0, 0), 0},
			},
		},
		{
			// dead has neither choices nor ending; nowhere does not exist and
			// is skipped. dead is stuck but not a loop.
			name: "dead end and missing route",
			s: build(t, 0, 0,
				mom("a", ch(0, 0, "fin"), ch(0, 0, "dead"), ch(0, 0, "nowhere")),
				mom("dead"),
				end("fin", "Done")),
			want: wantResult{
				states: 3,
				ranges: map[string]Range{"a": {0, 0, 0, 0}, "dead": {0, 0, 0, 0}, "fin": {0, 0, 0, 0}},
				endings: []wantEnding{
					{"fin", true, []scenario.Quadrant{in}, Range{0, 0, 0, 0}, "1", []scenario.Position{pos(0, 0)}},
				},
				stuck: []State{{"dead", pos(0, 0), 0}},
				best:  "a c0 (0, 0) -> fin", worst: "a c0 (0, 0) -> fin", longest: "a c0 (0, 0) -> fin",
				bestEnd: State{"fin", pos(0, 0), 0}, worstEnd: State{"fin", pos(0, 0), 0}, longestEnd: State{"fin", pos(0, 0), 0},
			},
		},
		{
			// a (0,0) <-> b (0,0) can repeat before leaving for fin: unbounded.
			// Without the back edge b -> a the longest path is a, b, fin.
			name: "loop with an exit is unbounded",
			s: build(t, 0, 0,
				mom("a", ch(0, 0, "b")),
				mom("b", ch(0, 0, "a"), ch(1, 1, "fin")),
				end("fin", "Done")),
			want: wantResult{
				states: 3,
				ranges: map[string]Range{"a": {0, 0, 0, 0}, "b": {0, 0, 0, 0}, "fin": {1, 1, 1, 1}},
				endings: []wantEnding{
					{"fin", true, []scenario.Quadrant{tr}, Range{1, 1, 1, 1}, "unbounded (loop)", []scenario.Position{pos(1, 1)}},
				},
				best: "a c0 (0, 0) -> b | b c1 (1, 1) -> fin", worst: "a c0 (0, 0) -> b | b c1 (1, 1) -> fin",
				longest: "a c0 (0, 0) -> b | b c1 (1, 1) -> fin", longestUnbounded: true,
				bestEnd: State{"fin", pos(1, 1), 0}, worstEnd: State{"fin", pos(1, 1), 0}, longestEnd: State{"fin", pos(1, 1), 0},
			},
		},
		{
			// grind loops on itself while trust < 10: 0, 3, 6, 9, then the
			// clamp stops trust at 10 and the route leaves. The moment graph
			// has a loop, the state graph does not: one path, four steps.
			name: "clamping makes a moment loop finite",
			s: build(t, 0, 0,
				mom("grind", ch(3, 0, "trust < 10 -> grind", "fin")),
				end("fin", "Done")),
			want: wantResult{
				states: 5,
				ranges: map[string]Range{"grind": {0, 9, 0, 0}, "fin": {10, 10, 0, 0}},
				endings: []wantEnding{
					{"fin", true, []scenario.Quadrant{st}, Range{10, 10, 0, 0}, "1", []scenario.Position{pos(10, 0)}},
				},
				best:    "grind c0 (3, 0) -> grind | grind c0 (6, 0) -> grind | grind c0 (9, 0) -> grind | grind c0 (10, 0) -> fin",
				worst:   "grind c0 (3, 0) -> grind | grind c0 (6, 0) -> grind | grind c0 (9, 0) -> grind | grind c0 (10, 0) -> fin",
				longest: "grind c0 (3, 0) -> grind | grind c0 (6, 0) -> grind | grind c0 (9, 0) -> grind | grind c0 (10, 0) -> fin",
				bestEnd: State{"fin", pos(10, 0), 0}, worstEnd: State{"fin", pos(10, 0), 0}, longestEnd: State{"fin", pos(10, 0), 0},
			},
		},
		{
			// grind at trust 0, 3, 6, 9, 10 (five states); at 10 choice 0
			// clamps back to the same state, a self-loop. fin from each: five
			// more. Best is fin (10,1), score 11, five steps; worst fin (0,1).
			name: "self-loop at the edge of the plane",
			s: build(t, 0, 0,
				mom("grind", ch(3, 0, "grind"), ch(0, 1, "fin")),
				end("fin", "Done")),
			want: wantResult{
				states: 10,
				ranges: map[string]Range{"grind": {0, 10, 0, 0}, "fin": {0, 10, 1, 1}},
				endings: []wantEnding{
					{"fin", true, []scenario.Quadrant{tr, co}, Range{0, 10, 1, 1}, "unbounded (loop)",
						[]scenario.Position{pos(0, 1), pos(3, 1), pos(6, 1), pos(9, 1), pos(10, 1)}},
				},
				best:             "grind c0 (3, 0) -> grind | grind c0 (6, 0) -> grind | grind c0 (9, 0) -> grind | grind c0 (10, 0) -> grind | grind c1 (10, 1) -> fin",
				worst:            "grind c1 (0, 1) -> fin",
				longest:          "grind c0 (3, 0) -> grind | grind c0 (6, 0) -> grind | grind c0 (9, 0) -> grind | grind c0 (10, 0) -> grind | grind c1 (10, 1) -> fin",
				longestUnbounded: true,
				bestEnd:          State{"fin", pos(10, 1), 0}, worstEnd: State{"fin", pos(0, 1), 0}, longestEnd: State{"fin", pos(10, 1), 0},
			},
		},
		{
			// The start (15, -12) is clamped to (10, -10).
			name: "start position is clamped",
			s:    build(t, 15, -12, mom("a", ch(1, 1, "fin")), end("fin", "Done")),
			want: wantResult{
				states: 2,
				ranges: map[string]Range{"a": {10, 10, -10, -10}, "fin": {10, 10, -9, -9}},
				endings: []wantEnding{
					{"fin", true, []scenario.Quadrant{st}, Range{10, 10, -9, -9}, "1", []scenario.Position{pos(10, -9)}},
				},
				best: "a c0 (10, -9) -> fin", worst: "a c0 (10, -9) -> fin", longest: "a c0 (10, -9) -> fin",
				bestEnd: State{"fin", pos(10, -9), 0}, worstEnd: State{"fin", pos(10, -9), 0}, longestEnd: State{"fin", pos(10, -9), 0},
			},
		},
		{
			name: "start is an ending",
			s:    build(t, 1, 1, end("fin", "Done")),
			want: wantResult{
				states: 1,
				ranges: map[string]Range{"fin": {1, 1, 1, 1}},
				endings: []wantEnding{
					{"fin", true, []scenario.Quadrant{tr}, Range{1, 1, 1, 1}, "1", []scenario.Position{pos(1, 1)}},
				},
				bestEnd: State{"fin", pos(1, 1), 0}, worstEnd: State{"fin", pos(1, 1), 0}, longestEnd: State{"fin", pos(1, 1), 0},
			},
		},
		{
			// e2 (listed first) and e1 both end at (2,0), score 2; e1 takes one
			// step, e2 two, so fewer steps wins over file order. Longest is e2.
			name: "ties go to fewer steps before file order",
			s: build(t, 0, 0,
				mom("a", ch(0, 0, "b"), ch(2, 0, "e1")),
				mom("b", ch(2, 0, "e2")),
				end("e2", "Two"), end("e1", "One")),
			want: wantResult{
				states: 4,
				ranges: map[string]Range{"a": {0, 0, 0, 0}, "b": {0, 0, 0, 0}, "e1": {2, 2, 0, 0}, "e2": {2, 2, 0, 0}},
				endings: []wantEnding{
					{"e2", true, []scenario.Quadrant{st}, Range{2, 2, 0, 0}, "1", []scenario.Position{pos(2, 0)}},
					{"e1", true, []scenario.Quadrant{st}, Range{2, 2, 0, 0}, "1", []scenario.Position{pos(2, 0)}},
				},
				best: "a c1 (2, 0) -> e1", worst: "a c1 (2, 0) -> e1",
				longest: "a c0 (0, 0) -> b | b c0 (2, 0) -> e2",
				bestEnd: State{"e1", pos(2, 0), 0}, worstEnd: State{"e1", pos(2, 0), 0}, longestEnd: State{"e2", pos(2, 0), 0},
			},
		},
		{
			// a only loops on itself; fin is never reached.
			name: "no ending reachable",
			s:    build(t, 0, 0, mom("a", ch(0, 0, "a")), end("fin", "Done")),
			want: wantResult{
				states:     1,
				ranges:     map[string]Range{"a": {0, 0, 0, 0}},
				endings:    []wantEnding{{"fin", false, nil, Range{}, "0", nil}},
				noEnding:   true,
				stuck:      []State{{"a", pos(0, 0), 0}},
				stuckLoops: []State{{"a", pos(0, 0), 0}},
			},
		},
		{
			// Several stuck positions of one moment: the first in position
			// order is reported. l is reached at (-1,0) and (1,0), both stuck.
			name: "one stuck state per moment",
			s: build(t, 0, 0,
				mom("a", ch(1, 0, "l"), ch(-1, 0, "l"), ch(0, 1, "fin")),
				mom("l", ch(0, 0, "l")),
				end("fin", "Done")),
			want: wantResult{
				states: 4,
				ranges: map[string]Range{"a": {0, 0, 0, 0}, "l": {-1, 1, 0, 0}, "fin": {0, 0, 1, 1}},
				endings: []wantEnding{
					{"fin", true, []scenario.Quadrant{co}, Range{0, 0, 1, 1}, "1", []scenario.Position{pos(0, 1)}},
				},
				stuck:      []State{{"l", pos(-1, 0), 0}},
				stuckLoops: []State{{"l", pos(-1, 0), 0}},
				best:       "a c2 (0, 1) -> fin", worst: "a c2 (0, 1) -> fin", longest: "a c2 (0, 1) -> fin",
				bestEnd: State{"fin", pos(0, 1), 0}, worstEnd: State{"fin", pos(0, 1), 0}, longestEnd: State{"fin", pos(0, 1), 0},
			},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := analyze(t, tc.s)
			checkResult(t, r, tc.want)
		})
	}
}

func checkResult(t *testing.T, r *Result, w wantResult) {
	t.Helper()
	if r.States != w.states {
		t.Errorf("States = %d, want %d", r.States, w.states)
	}
	if !reflect.DeepEqual(r.Ranges, w.ranges) {
		t.Errorf("Ranges = %v, want %v", r.Ranges, w.ranges)
	}
	reach := map[string]bool{}
	for id := range w.ranges {
		reach[id] = true
	}
	if !reflect.DeepEqual(r.Reachable, reach) {
		t.Errorf("Reachable = %v, want %v", r.Reachable, reach)
	}
	if len(r.Endings) != len(w.endings) {
		t.Errorf("%d endings, want %d: %+v", len(r.Endings), len(w.endings), r.Endings)
	}
	for i := range min(len(r.Endings), len(w.endings)) {
		g, e := r.Endings[i], w.endings[i]
		if g.Moment != e.id || g.Reached != e.reached || !slices.Equal(g.Quadrants, e.quads) ||
			g.Range != e.rng || g.Paths.String() != e.paths || !slices.Equal(g.Positions, e.positions) {
			t.Errorf("ending %d = {%s %v %v %+v %s %v}\n     want {%s %v %v %+v %s %v}", i,
				g.Moment, g.Reached, g.Quadrants, g.Range, g.Paths, g.Positions,
				e.id, e.reached, e.quads, e.rng, e.paths, e.positions)
		}
	}
	if r.AnyEndingReachable == w.noEnding {
		t.Errorf("AnyEndingReachable = %v", r.AnyEndingReachable)
	}
	if !slices.Equal(r.Stuck, w.stuck) {
		t.Errorf("Stuck = %v, want %v", r.Stuck, w.stuck)
	}
	if !slices.Equal(r.StuckLoops, w.stuckLoops) {
		t.Errorf("StuckLoops = %v, want %v", r.StuckLoops, w.stuckLoops)
	}
	for _, p := range []struct {
		name string
		got  Path
		want string
		end  State
	}{{"Best", r.Best, w.best, w.bestEnd}, {"Worst", r.Worst, w.worst, w.worstEnd}, {"Longest", r.Longest, w.longest, w.longestEnd}} {
		if s := stepsString(p.got); s != p.want || p.got.End != p.end {
			t.Errorf("%s = %q ending %v\n  want %q ending %v", p.name, s, p.got.End, p.want, p.end)
		}
	}
	if r.LongestUnbounded != w.longestUnbounded {
		t.Errorf("LongestUnbounded = %v, want %v", r.LongestUnbounded, w.longestUnbounded)
	}
}

// chain builds k moments in a row, each with two choices into the next, so
// the ending has 2^k paths.
func chain(t *testing.T, k int) *scenario.Scenario {
	t.Helper()
	var ms []*scenario.Moment
	for i := range k {
		next := fmt.Sprintf("d%d", i+1)
		if i == k-1 {
			next = "fin"
		}
		ms = append(ms, mom(fmt.Sprintf("d%d", i), ch(0, 0, next), ch(0, 0, next)))
	}
	return build(t, 0, 0, append(ms, end("fin", "Done"))...)
}

func TestPathCount(t *testing.T) {
	cases := []struct {
		k    int
		want PathCount
		str  string
	}{
		{1, PathCount{N: 2}, "2"},
		{10, PathCount{N: 1024}, "1024"},
		{59, PathCount{N: 1 << 59}, "576460752303423488"}, // just under 1e18
		{60, PathCount{N: PathCap, Saturated: true}, ">= 1e18"},
		{200, PathCount{N: PathCap, Saturated: true}, ">= 1e18"},
	}
	for _, tc := range cases {
		t.Run(fmt.Sprint(tc.k), func(t *testing.T) {
			r := analyze(t, chain(t, tc.k))
			got := ending(t, r, "fin").Paths
			if got != tc.want || got.String() != tc.str {
				t.Errorf("paths = %+v (%s), want %+v (%s)", got, got, tc.want, tc.str)
			}
		})
	}
	if s := (PathCount{Unbounded: true}).String(); s != "unbounded (loop)" {
		t.Errorf("unbounded count prints %q", s)
	}
}

func TestTooLarge(t *testing.T) {
	// The self-loop scenario has exactly 10 states.
	s := func() *scenario.Scenario {
		return build(t, 0, 0, mom("grind", ch(3, 0, "grind"), ch(0, 1, "fin")), end("fin", "Done"))
	}
	cases := []struct {
		max     int
		wantErr bool
	}{{9, true}, {1, true}, {10, false}, {0, false}, {-5, false}}
	for _, tc := range cases {
		t.Run(fmt.Sprint(tc.max), func(t *testing.T) {
			r, err := Analyze(s(), Options{MaxStates: tc.max})
			if tc.wantErr {
				if !errors.Is(err, ErrTooLarge) || r != nil {
					t.Fatalf("Analyze = %v, %v; want ErrTooLarge", r, err)
				}
				if !strings.Contains(err.Error(), fmt.Sprint(tc.max)) {
					t.Errorf("error %q does not give the limit", err)
				}
				return
			}
			if err != nil || r.States != 10 {
				t.Fatalf("Analyze = %v, %v; want 10 states", r, err)
			}
		})
	}
}

func TestPlay(t *testing.T) {
	s := build(t, 1, 0,
		mom("a", ch(1, 0, "trust >= 2 -> open", "closed"), ch(0, 0, "nowhere"), ch(0, 0, "trust > 5 -> open"), ch(0, 0)),
		end("open", "Open"), end("closed", "Closed"))
	cases := []struct {
		name    string
		s       *scenario.Scenario
		choices []int
		want    string // stepsString
		end     State
		err     error
	}{
		{"no choices", s, nil, "", State{"a", pos(1, 0), 0}, nil},
		{"to an ending", s, []int{0}, "a c0 (2, 0) -> open", State{"open", pos(2, 0), 0}, nil},
		{"out of range", s, []int{4}, "", State{}, ErrBadChoice},
		{"negative", s, []int{-1}, "", State{}, ErrBadChoice},
		{"past an ending", s, []int{0, 0}, "a c0 (2, 0) -> open", State{}, ErrBadChoice},
		{"missing target", s, []int{1}, "", State{}, ErrNoTarget},
		{"no route applies", s, []int{2}, "", State{}, ErrNoTarget},
		{"no routes at all", s, []int{3}, "", State{}, ErrNoTarget},
		{"no start", &scenario.Scenario{Start: scenario.Text{Value: "x"}, Moments: s.Moments}, nil, "", State{}, ErrNoStart},
		{"no moments", &scenario.Scenario{}, nil, "", State{}, ErrNoStart},
		{"nil scenario", nil, nil, "", State{}, ErrNoStart},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p, err := Play(tc.s, tc.choices)
			if !errors.Is(err, tc.err) {
				t.Fatalf("err = %v, want %v", err, tc.err)
			}
			if got := stepsString(p); got != tc.want {
				t.Errorf("steps = %q, want %q", got, tc.want)
			}
			if err == nil && p.End != tc.end {
				t.Errorf("end = %v, want %v", p.End, tc.end)
			}
		})
	}
}

func TestPaths(t *testing.T) {
	diamond := build(t, 0, 0,
		mom("a", ch(1, 0, "b"), ch(0, 1, "b")),
		mom("b", ch(0, 0, "fin")),
		end("fin", "Done"))
	// a <-> b may loop; the only simple path is a, b, fin.
	loop := build(t, 0, 0,
		mom("a", ch(0, 0, "b")),
		mom("b", ch(0, 0, "a"), ch(1, 1, "fin")),
		end("fin", "Done"))
	// Choice 1 leads into a stuck loop and is never part of a path.
	stuck := build(t, 0, 0,
		mom("a", ch(0, 0, "l"), ch(1, 0, "fin")),
		mom("l", ch(0, 0, "l")),
		end("fin", "Done"))
	cases := []struct {
		name     string
		s        *scenario.Scenario
		limit    int
		want     []string // stepsString of each path, in order
		complete bool
	}{
		{"all", diamond, 0, []string{"a c0 (1, 0) -> b | b c0 (1, 0) -> fin", "a c1 (0, 1) -> b | b c0 (0, 1) -> fin"}, true},
		{"exactly the limit", diamond, 2, []string{"a c0 (1, 0) -> b | b c0 (1, 0) -> fin", "a c1 (0, 1) -> b | b c0 (0, 1) -> fin"}, true},
		{"cut by the limit", diamond, 1, []string{"a c0 (1, 0) -> b | b c0 (1, 0) -> fin"}, false},
		{"loop", loop, 0, []string{"a c0 (0, 0) -> b | b c1 (1, 1) -> fin"}, true},
		{"stuck branch", stuck, 0, []string{"a c1 (1, 0) -> fin"}, true},
		{"start is an ending", build(t, 0, 0, end("fin", "Done")), 0, []string{""}, true},
		{"no ending", build(t, 0, 0, mom("a", ch(0, 0, "a")), end("fin", "Done")), 0, nil, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ps, complete := Paths(tc.s, tc.limit)
			var got []string
			for _, p := range ps {
				got = append(got, stepsString(p))
			}
			if !slices.Equal(got, tc.want) || complete != tc.complete {
				t.Errorf("Paths = %q, %v\n   want %q, %v", got, complete, tc.want, tc.complete)
			}
		})
	}
}

// TestMalformed feeds inputs the checker would reject; Analyze, Play, Paths
// and WriteReport must cope without panicking.
func TestMalformed(t *testing.T) {
	dupe := build(t, 0, 0, mom("a", ch(0, 0, "x")), end("x", "First"), end("x", "Second"), mom("a", ch(0, 0, "y")))
	cases := []struct {
		name    string
		s       *scenario.Scenario
		states  int
		endings []string
	}{
		{"empty", &scenario.Scenario{}, 0, nil},
		{"nil moments", &scenario.Scenario{Moments: []*scenario.Moment{nil, nil}}, 0, nil},
		{"nil first moment", &scenario.Scenario{Moments: []*scenario.Moment{nil, end("fin", "")}}, 0, []string{"fin"}},
		{"missing start", &scenario.Scenario{Start: scenario.Text{Value: "zzz"}, Moments: []*scenario.Moment{end("fin", "")}}, 0, []string{"fin"}},
		{"duplicate ids", dupe, 2, []string{"x"}},
		{"nil choice and no routes", build(t, 0, 0, mom("a", nil, ch(0, 0), ch(1, 0, "fin")), end("fin", "")), 2, []string{"fin"}},
		{"huge effects", build(t, 0, 0, mom("a", ch(math.MaxInt, math.MinInt, "fin")), end("fin", "")), 2, []string{"fin"}},
		{"ending with choices", build(t, 0, 0, &scenario.Moment{ID: "a", Ending: &scenario.Ending{}, Choices: []*scenario.Choice{ch(1, 1, "a")}}), 1, []string{"a"}},
		{"empty condition", build(t, 0, 0, mom("a", &scenario.Choice{Next: []scenario.Route{{Condition: scenario.Condition{Cond: &scenario.Cond{}}, To: scenario.Text{Value: "fin"}}, {To: scenario.Text{Value: "fin"}}}}), end("fin", "")), 2, []string{"fin"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r, err := Analyze(tc.s, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if r.States != tc.states {
				t.Errorf("States = %d, want %d", r.States, tc.states)
			}
			var ids []string
			for _, e := range r.Endings {
				ids = append(ids, e.Moment)
			}
			if !slices.Equal(ids, tc.endings) {
				t.Errorf("endings %q, want %q", ids, tc.endings)
			}
			Paths(tc.s, 0)
			Play(tc.s, []int{0, 0, 0})
			if err := WriteReport(io.Discard, tc.s, r, nil, testPlain); err != nil {
				t.Error(err)
			}
		})
	}
	if _, err := Analyze(nil, Options{}); err == nil {
		t.Error("Analyze(nil) did not fail")
	}
}

// TestConcurrent analyses one scenario from several goroutines; run with
// -race. The site generator may do this, so Analyze must not write to the
// scenario (Scenario.Moment builds its index lazily, so it is not used).
func TestConcurrent(t *testing.T) {
	s := loops(t)
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			if _, err := Analyze(s, Options{}); err != nil {
				t.Error(err)
			}
			Paths(s, 10)
		})
	}
	wg.Wait()
}

// TestSteps: a moment's step number on its shortest way in, the fewest
// decisions from it to an ending, over the states it is reached in, and
// the decisions a play takes from it on average when each response is
// equally likely. By hand: d (one way out, one back to itself) takes 2;
// c, always to d, 3; b, to c or the end, 1 + (3 + 0)/2 = 2.5, shown as 3;
// a, to b or c, 1 + (2.5 + 3)/2 = 3.75, shown as 4.
func TestSteps(t *testing.T) {
	s := build(t, 0, 0,
		mom("a", ch(1, 0, "b"), ch(0, 1, "c")),
		mom("b", ch(1, 0, "c"), ch(0, 0, "fin")),
		mom("c", ch(1, 0, "d")),
		mom("d", ch(1, 0, "fin"), ch(0, 0, "d")),
		end("fin", "Done"),
	)
	r, err := Analyze(s, Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]Steps{"a": {1, 2, 4}, "b": {2, 1, 3}, "c": {2, 2, 3}, "d": {3, 1, 2}}
	if !reflect.DeepEqual(r.Steps, want) {
		t.Errorf("Steps = %v, want %v", r.Steps, want)
	}
}
