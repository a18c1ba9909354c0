package publish

import (
	"testing"

	"coachsim/generator/analysis"
)

// cmpPaths ranks path counts as a reader does: more paths first when the
// page sorts flag combinations, a loop above any number.
func TestCmpPaths(t *testing.T) {
	n := func(v uint64) analysis.PathCount { return analysis.PathCount{N: v} }
	loop := analysis.PathCount{Unbounded: true}
	huge := analysis.PathCount{N: analysis.PathCap, Saturated: true}
	for _, tc := range []struct {
		name string
		a, b analysis.PathCount
		want int
	}{
		{"fewer", n(3), n(80), -1},
		{"equal", n(7), n(7), 0},
		{"more", n(80), n(3), 1},
		{"saturated above a number", huge, n(1 << 60), 1},
		{"a loop above saturated", loop, huge, 1},
		{"a number below a loop", n(1), loop, -1},
		{"two loops", loop, loop, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := cmpPaths(tc.a, tc.b); got != tc.want {
				t.Errorf("cmpPaths(%v, %v) = %d, want %d", tc.a, tc.b, got, tc.want)
			}
		})
	}
}
