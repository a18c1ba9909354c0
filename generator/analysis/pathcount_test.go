package analysis

import "testing"

// Compare ranks path counts as a reader does (the report sorts flag
// combinations by it, most first): a loop above any number.
func TestPathCountCompare(t *testing.T) {
	n := func(v uint64) PathCount { return PathCount{N: v} }
	loop := PathCount{Unbounded: true}
	huge := PathCount{N: PathCap, Saturated: true}
	for _, tc := range []struct {
		name string
		a, b PathCount
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
			if got := tc.a.Compare(tc.b); got != tc.want {
				t.Errorf("%v.Compare(%v) = %d, want %d", tc.a, tc.b, got, tc.want)
			}
		})
	}
}
