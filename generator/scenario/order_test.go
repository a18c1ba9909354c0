package scenario

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// synthetic makes a scenario with one decision per entry of ns (its number
// of choices); best[i] is the authored index of decision i's best option.
func synthetic(id string, ns, best []int) *Scenario {
	s := &Scenario{ID: Text{Value: id}}
	for i, n := range ns {
		m := &Moment{ID: fmt.Sprintf("m%d", i), Index: i}
		for j := range n {
			c := &Choice{Index: j, Trust: Field[int]{Value: -1}, Accountability: Field[int]{Value: 0}, Next: []Route{{To: Text{Value: "end"}}}}
			if j == best[i] {
				c.Trust.Value, c.Accountability.Value = 1, 1
			}
			m.Choices = append(m.Choices, c)
		}
		s.Moments = append(s.Moments, m)
	}
	s.Moments = append(s.Moments, &Moment{ID: "end", Ending: &Ending{}})
	return s
}

// checkOrders checks the properties every shown order has: a permutation,
// never the authored order, and (when strict) the best option at each
// position no more often than its share rounded up.
func checkOrders(t *testing.T, s *Scenario, orders map[string][]int, strict bool) {
	t.Helper()
	var counts []int
	var share []float64
	for _, m := range s.Moments {
		if !m.IsDecision() {
			if _, ok := orders[m.ID]; ok {
				t.Errorf("%s: not a decision but has an order", m.ID)
			}
			continue
		}
		n := len(m.Choices)
		for len(counts) < n {
			counts, share = append(counts, 0), append(share, 0)
		}
		for k := range n {
			share[k] += 1 / float64(n)
		}
		o, ok := orders[m.ID]
		best := m.BestChoices()[0]
		if m.Order.Value == OrderFixed {
			if ok {
				t.Errorf("%s: pinned but reordered to %v", m.ID, o)
			}
			counts[best]++
			continue
		}
		if !ok {
			t.Errorf("%s: no shown order", m.ID)
			continue
		}
		sorted := slices.Sorted(slices.Values(o))
		identity := true
		for k := range n {
			if sorted[k] != k {
				t.Fatalf("%s: %v is not a permutation of 0..%d", m.ID, o, n-1)
			}
			identity = identity && o[k] == k
		}
		if identity {
			t.Errorf("%s: keeps its authored order %v", m.ID, o)
		}
		counts[slices.Index(o, best)]++
	}
	if !strict {
		return
	}
	for k, c := range counts {
		if limit := int(math.Ceil(share[k] - 1e-9)); c > limit {
			t.Errorf("best option at position %d in %d decisions; its share %.2f rounds up to %d (counts %v)", k+1, c, share[k], limit, counts)
		}
	}
}

func TestShownOrders(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for trial := range 300 {
		d := 1 + rng.IntN(40)
		ns, best := make([]int, d), make([]int, d)
		twos := 0
		for i := range d {
			ns[i] = 3 + rng.IntN(4)
			if rng.IntN(3) == 0 {
				// Two-choice moments in pairs whose best options sit at
				// opposite ends, so that a balanced order exists.
				ns[i] = 2
				best[i] = twos % 2
				twos++
				continue
			}
			best[i] = rng.IntN(ns[i])
			if rng.IntN(2) == 0 {
				best[i] = 0 // authors put the best option first
			}
		}
		if twos%2 == 1 { // keep the pairs whole
			for i := range d {
				if ns[i] == 2 {
					ns[i], best[i] = 3, 0
					break
				}
			}
		}
		s := synthetic(fmt.Sprintf("t%d", trial), ns, best)
		pinned := trial%5 == 0 && ns[0] >= 3 // a pinned pair could leave no balanced order
		if pinned {
			s.Moments[0].Order.Value = OrderFixed
		}
		orders := ShownOrders(s)
		checkOrders(t, s, orders, true)
		// Stable: the same scenario gives the same orders.
		again := ShownOrders(synthetic(fmt.Sprintf("t%d", trial), ns, best))
		if !pinned {
			for id, o := range orders {
				if !slices.Equal(o, again[id]) {
					t.Fatalf("trial %d: %s ordered %v, then %v", trial, id, o, again[id])
				}
			}
		}
	}
}

// Authors tend to write the best option first. Two-choice moments must
// then all be swapped, whatever the balance says: no moment keeps its
// authored order.
func TestShownOrdersTwoChoices(t *testing.T) {
	s := synthetic("pairs", []int{2, 2, 2, 2, 2}, []int{0, 0, 0, 0, 0})
	orders := ShownOrders(s)
	checkOrders(t, s, orders, false)
	for id, o := range orders {
		if !slices.Equal(o, []int{1, 0}) {
			t.Errorf("%s: %v, want [1 0]", id, o)
		}
	}
}

// The order depends only on the scenario: changing a moment's text does
// not change it, and neither does building it twice; a different
// scenario id gives other orders.
func TestShownOrdersDeterministic(t *testing.T) {
	ns, best := []int{4, 4, 4, 4, 3, 3}, []int{0, 0, 0, 0, 0, 0}
	a := ShownOrders(synthetic("same", ns, best))
	s := synthetic("same", ns, best)
	s.Moments[2].Client.Value = "Different words."
	s.Moments[2].Choices[1].Response.Value = "Also different."
	b := ShownOrders(s)
	c := ShownOrders(synthetic("other", ns, best))
	same, differ := true, false
	for id := range a {
		same = same && slices.Equal(a[id], b[id])
		differ = differ || !slices.Equal(a[id], c[id])
	}
	if !same {
		t.Errorf("text changes moved the order: %v vs %v", a, b)
	}
	if !differ {
		t.Errorf("scenario id does not seed the order: %v", a)
	}
}

func TestStamp(t *testing.T) {
	base := func() *Scenario { return synthetic("s", []int{3, 2}, []int{0, 1}) }
	st := Stamp(base())
	if len(st) != 8 || st != Stamp(base()) {
		t.Fatalf("stamp %q is not 8 stable hex digits", st)
	}
	text := base()
	text.Moments[0].Client.Value = "Other words."
	text.Moments[0].Choices[0].Feedback.Value = "Other feedback."
	if Stamp(text) != st {
		t.Errorf("text changed the stamp")
	}
	changes := map[string]func(*Scenario){
		"effect":  func(s *Scenario) { s.Moments[0].Choices[1].Trust.Value = 2 },
		"route":   func(s *Scenario) { s.Moments[0].Choices[1].Next[0].To.Value = "m1" },
		"flags":   func(s *Scenario) { s.Moments[1].Choices[0].Sets = []Text{{Value: "x"}} },
		"choices": func(s *Scenario) { s.Moments[1].Choices = s.Moments[1].Choices[:1] },
		"start":   func(s *Scenario) { s.Start.Value = "m1" },
		"initial": func(s *Scenario) { s.Initial.Value.Trust = 1 },
		"condition": func(s *Scenario) {
			c, _ := ParseCond("trust > 1")
			s.Moments[0].Choices[0].Next = append([]Route{{Condition: Condition{Cond: c}, To: Text{Value: "m1"}}}, s.Moments[0].Choices[0].Next...)
		},
	}
	for name, change := range changes {
		s := base()
		change(s)
		if Stamp(s) == st {
			t.Errorf("%s: the stamp did not change", name)
		}
	}
}
