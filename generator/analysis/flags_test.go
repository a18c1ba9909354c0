package analysis

import (
	"errors"
	"fmt"
	"slices"
	"testing"

	"coachsim/generator/scenario"
)

// gerald is a small graph with a flag and a tested visit, whose states are
// worked out by hand in TestFlags.
//
//	start --c0 (+1,+1) sets named--> gerald --c0 (0,+1)--> close
//	      \--c1 (+1,-1)------------> close
//	close --c0 (0,0): if named -> warm-end; if visited gerald -> cool-end; else cold-end
func gerald(t *testing.T) *scenario.Scenario {
	t.Helper()
	return build(t, 0, 0,
		mom("start", sets(ch(1, 1, "gerald"), "named"), ch(1, -1, "close")),
		mom("gerald", ch(0, 1, "close"), ch(0, -1, "close")),
		mom("close", ch(0, 0, "named -> warm-end", "visited gerald -> cool-end", "cold-end")),
		paragraphs(end("warm-end", "Warm"), "Always.", "visited gerald -> About Gerald.", "not named -> Never here."),
		end("cool-end", "Cool"),
		end("cold-end", "Cold"))
}

func TestFlags(t *testing.T) {
	s := gerald(t)
	r := analyze(t, s)
	// Tracked in order of first appearance: the flag, then the visit.
	if want := []string{"named", "visited gerald"}; !slices.Equal(r.Tracked, want) {
		t.Fatalf("tracked = %v, want %v", r.Tracked, want)
	}
	const named, visited = Flags(1), Flags(2)
	// By hand: start (0,0) {}; c0 -> gerald (1,1) {named, visited};
	// c1 -> close (1,-1) {}. gerald c0 -> close (1,2) {n,v}, c1 -> close
	// (1,0) {n,v}. close at (1,-1) {} -> cold-end; at (1,2) and (1,0)
	// with named -> warm-end. cool-end needs the visit without the flag,
	// which no path gives.
	if r.States != 8 {
		t.Errorf("states = %d, want 8 (start, gerald, close x3, warm-end x2, cold-end)", r.States)
	}
	warm := ending(t, r, "warm-end")
	wantReach := []Reach{{pos(1, 0), named | visited}, {pos(1, 2), named | visited}}
	if !slices.Equal(warm.Reach, wantReach) {
		t.Errorf("warm-end reach = %v, want %v", warm.Reach, wantReach)
	}
	if len(warm.Combos) != 1 || warm.Combos[0].Flags != named|visited || warm.Combos[0].Paths.N != 2 {
		t.Errorf("warm-end combos = %+v, want one {named, visited gerald} with 2 paths", warm.Combos)
	}
	if got := warm.Combos[0].Flags.Describe(r.Tracked); got != "named, visited gerald" {
		t.Errorf("describe = %q", got)
	}
	cold := ending(t, r, "cold-end")
	if len(cold.Reach) != 1 || cold.Reach[0] != (Reach{pos(1, -1), 0}) {
		t.Errorf("cold-end reach = %v, want (1, -1) with no flags", cold.Reach)
	}
	if cool := ending(t, r, "cool-end"); cool.Reached {
		t.Errorf("cool-end reached: %+v", cool)
	}
	// The visit route of close is never taken, and never could be: the
	// visit always comes with the flag, whose route is first.
	want := []RouteRef{{"close", 0, 1, true}}
	if !slices.Equal(r.Untaken, want) {
		t.Errorf("untaken = %v, want %v", r.Untaken, want)
	}
	// The debrief paragraphs, evaluated at the ending's states.
	m := s.Moment("warm-end")
	for _, rc := range warm.Reach {
		if got := m.Ending.Shown(rc.Pos, rc.Flags.Facts(r.Tracked)); !slices.Equal(got, []int{0, 1}) {
			t.Errorf("shown at %v = %v, want [0 1]", rc, got)
		}
	}
}

func TestPlayFlags(t *testing.T) {
	s := gerald(t)
	tests := []struct {
		choices []int
		end     State
		set     []string
	}{
		{[]int{0, 1, 0}, State{"warm-end", pos(1, 0), 3}, []string{"named"}},
		{[]int{1, 0}, State{"cold-end", pos(1, -1), 0}, nil},
		{[]int{0}, State{"gerald", pos(1, 1), 3}, []string{"named"}},
	}
	for _, tt := range tests {
		p, err := Play(s, tt.choices)
		if err != nil {
			t.Fatalf("%v: %v", tt.choices, err)
		}
		if p.End != tt.end || !slices.Equal(p.Set, tt.set) {
			t.Errorf("%v: end %v set %v, want %v %v", tt.choices, p.End, p.Set, tt.end, tt.set)
		}
	}
}

// A flag a choice sets that no condition tests is not part of the state:
// it would only multiply states without changing any path.
func TestUntestedFlagsAreNotState(t *testing.T) {
	s := build(t, 0, 0,
		mom("a", sets(ch(1, 0, "b"), "x"), sets(ch(0, 1, "b"), "y")),
		mom("b", ch(0, 0, "fin"), ch(1, 1, "fin")),
		end("fin", "Fin"))
	r := analyze(t, s)
	if len(r.Tracked) != 0 || r.States != 7 {
		t.Errorf("tracked %v, states %d; want none and 7 (a, b twice, fin four times)", r.Tracked, r.States)
	}
}

func TestTooManyFlags(t *testing.T) {
	var route []string
	var flags []string
	for i := range MaxTracked + 1 {
		flags = append(flags, fmt.Sprintf("f%d", i))
	}
	for _, f := range flags {
		route = append(route, f+" -> fin")
	}
	route = append(route, "fin")
	s := build(t, 0, 0, mom("a", sets(ch(0, 0, route...), flags...), ch(1, 1, "fin")), end("fin", "Fin"))
	if _, err := Analyze(s, Options{}); !errors.Is(err, ErrTooManyFlags) {
		t.Fatalf("err = %v, want ErrTooManyFlags", err)
	}
	// At the limit it is fine: 16 flags, one path sets them all.
	s = build(t, 0, 0, mom("a", sets(ch(0, 0, route[1:]...), flags[1:]...), ch(1, 1, "fin")), end("fin", "Fin"))
	r, err := Analyze(s, Options{})
	if err != nil || len(r.Tracked) != MaxTracked {
		t.Fatalf("at the limit: %v, tracked %d", err, len(r.Tracked))
	}
}

// Flags make loops finite too: a loop that sets a flag ends up in the
// flagged copy of its states and stops there.
func TestFlagLoop(t *testing.T) {
	s := build(t, 0, 0,
		mom("a", sets(ch(0, 0, "seen -> fin", "a"), "seen"), ch(0, 0, "a")),
		end("fin", "Fin"))
	r := analyze(t, s)
	// a {} -> c0 sets seen -> fin; c1 -> a {} (self loop). So: a{}, fin{seen}.
	if r.States != 2 || !ending(t, r, "fin").Reached || !r.LongestUnbounded {
		t.Errorf("states %d, fin reached %v, longest unbounded %v", r.States, ending(t, r, "fin").Reached, r.LongestUnbounded)
	}
}

// A flag that only matters early does not multiply the states after the
// last condition that tests it.
func TestFlagLiveness(t *testing.T) {
	s := build(t, 0, 0,
		mom("a", sets(ch(1, 0, "b"), "early"), ch(0, 1, "b")),
		mom("b", ch(0, 0, "early -> c", "c"), ch(1, 1, "c")),
		mom("c", ch(1, 0, "d"), ch(0, 1, "d")),
		mom("d", ch(0, 0, "fin"), ch(1, 1, "fin")),
		end("fin", "Fin"))
	r := analyze(t, s)
	// By hand: a (0,0); b (1,0){early}, (0,1); no condition from c on
	// tests "early", so c holds (1,0), (2,1), (0,1), (1,2) once each; d
	// (2,0), (1,1), (3,1), (2,2), (0,2), (1,3); fin (2,0), (3,1), (1,1),
	// (2,2), (4,2), (3,3), (0,2), (1,3), (2,4). Keeping the flag would
	// have given c and what follows a copy for each value.
	for _, rc := range ending(t, r, "fin").Reach {
		if rc.Flags != 0 {
			t.Errorf("fin reached with flags %v", rc)
		}
	}
	if want := 1 + 2 + 4 + 6 + 9; r.States != want {
		t.Errorf("states = %d, want %d", r.States, want)
	}
	// Keeping the flag: c stays (1,0), (2,1) with it and (0,1), (1,2)
	// without; d has four states each way, (1,1) and (2,2) now once with
	// and once without the flag; fin six each way.
	kept, err := Analyze(s, Options{KeepFlags: true})
	if err != nil {
		t.Fatal(err)
	}
	if want := 1 + 2 + 4 + 8 + 12; kept.States != want || len(ending(t, kept, "fin").Combos) != 2 {
		t.Errorf("kept: states %d (want %d), fin combos %v", kept.States, want, ending(t, kept, "fin").Combos)
	}
	// Play drops the same bits, so its states compare with the graph's.
	paths, complete := Paths(s, 0)
	if !complete {
		t.Fatal("incomplete")
	}
	for _, p := range paths {
		q, err := Play(s, p.Choices())
		if err != nil || q.End != p.End {
			t.Fatalf("%v: Play ends %v (%v), Paths %v", p.Choices(), q.End, err, p.End)
		}
		for i := range p.Steps {
			if q.Steps[i] != p.Steps[i] {
				t.Fatalf("%v step %d: Play %+v, Paths %+v", p.Choices(), i, q.Steps[i], p.Steps[i])
			}
		}
	}
}
