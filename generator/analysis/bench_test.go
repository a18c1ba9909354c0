package analysis

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"coachsim/generator/scenario"
)

// generated builds an n-moment scenario like a generator might: the last
// tenth are endings; every other moment has 3 choices with effects in -3..3
// routing to one of the next five moments, and every 25th moment has a
// conditional back-edge ten moments up, open only at high trust.
func generated(t testing.TB, n int) *scenario.Scenario {
	t.Helper()
	rng := rand.New(rand.NewPCG(1, 2))
	id := func(i int) string { return fmt.Sprintf("m%04d", i) }
	endings := max(1, n/10)
	var ms []*scenario.Moment
	for i := range n {
		if i >= n-endings {
			ms = append(ms, end(id(i), "End "+id(i)))
			continue
		}
		var cs []*scenario.Choice
		for k := range 3 {
			to := id(min(n-1, i+1+rng.IntN(5)))
			routes := []string{to}
			if k == 0 && i%25 == 24 {
				routes = []string{fmt.Sprintf("trust >= 8 -> %s", id(i-10)), to}
			}
			cs = append(cs, ch(rng.IntN(7)-3, rng.IntN(7)-3, routes...))
		}
		ms = append(ms, mom(id(i), cs...))
	}
	return build(t, 0, 0, ms...)
}

func BenchmarkAnalyze(b *testing.B) {
	s := generated(b, 1000)
	r, err := Analyze(s, Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(r.States), "states")
	b.ResetTimer()
	for b.Loop() {
		if _, err := Analyze(s, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// TestGenerated checks the benchmark scenario once, so the benchmark's
// input is known to be sensible: big, with loops, every moment reachable.
func TestGenerated(t *testing.T) {
	s := generated(t, 1000)
	r := analyze(t, s)
	t.Logf("%d states, %d reachable moments, longest %d steps, unbounded %v",
		r.States, len(r.Reachable), len(r.Longest.Steps), r.LongestUnbounded)
	if !r.AnyEndingReachable || r.States < 10000 {
		t.Errorf("generated scenario too small: %d states", r.States)
	}
	if _, err := Analyze(s, Options{MaxStates: 1000}); err == nil {
		t.Error("no ErrTooLarge at 1000 states")
	}
}
