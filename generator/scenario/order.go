package scenario

import (
	"container/list"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash/fnv"
	"math"
	"slices"
	"strings"
)

// Effect is the value the audit and the shown order rank a choice by: the
// sum of its effects on both axes, as Position.Score ranks endings.
func (c *Choice) Effect() int { return c.Trust.Value + c.Accountability.Value }

// BestChoices returns the indices of the moment's choices with the highest
// Effect, in authored order; several when they tie, none for an ending.
func (m *Moment) BestChoices() []int {
	var out []int
	best := math.MinInt
	for i, c := range m.Choices {
		if c == nil {
			continue
		}
		switch e := c.Effect(); {
		case e > best:
			best, out = e, []int{i}
		case e == best:
			out = append(out, i)
		}
	}
	return out
}

// IsDecision reports whether the moment asks the trainee to choose between
// two or more responses.
func (m *Moment) IsDecision() bool { return m != nil && !m.IsEnding() && len(m.Choices) >= 2 }

// ShownOrders returns, for every decision moment of s, the order its choices
// are shown in: order[k] is the authored index of the choice shown at
// position k. Moments with one choice, endings and moments with order:
// fixed show the authored order and are left out of the map.
//
// The order is derived from the scenario alone, so it is the same in every
// build while the scenario does not change, and it is balanced over the
// scenario: the option with the best effect (BestChoices; with a tie, the
// first authored of them) lands at each shown position about as often as
// every other, never more than that position's share rounded up where the
// constraints allow it. A position's share is the number of decisions
// expected to put the best option there if each placed it uniformly at
// random: the sum of 1/n over the decisions with more than k choices, n
// being a decision's number of choices. Pinned moments count towards the
// balance at their authored positions. No shuffled moment keeps its authored
// order (so a two-choice moment is always swapped).
func ShownOrders(s *Scenario) map[string][]int {
	var ds []*decision
	var counts []int
	var share []float64
	grow := func(n int) {
		for len(counts) < n {
			counts = append(counts, 0)
			share = append(share, 0)
		}
	}
	seen := map[string]bool{}
	for _, m := range s.Moments {
		if m == nil || !m.IsDecision() || seen[m.ID] {
			continue
		}
		seen[m.ID] = true
		n := len(m.Choices)
		grow(n)
		for k := range n {
			share[k] += 1 / float64(n)
		}
		best := m.BestChoices()[0]
		if m.Order.Value == OrderFixed {
			counts[best]++
			continue
		}
		ds = append(ds, &decision{m: m, n: n, best: best, rng: newSplitmix(s.ID.Value, m.ID), pos: -1})
	}
	capacity := make([]int, len(share))
	for k, sh := range share {
		capacity[k] = int(math.Ceil(sh - 1e-9))
	}
	// The most constrained decisions (fewest choices) go first.
	slices.SortStableFunc(ds, func(a, b *decision) int { return a.n - b.n })
	allowed := func(d *decision, k int) bool { return k < d.n && !(d.n == 2 && k == d.best) }
	// The decisions assigned to each position, in the order they were
	// assigned: a list, so that taking one out and putting it back at the
	// end costs nothing however many share the position.
	at := make([]*list.List, len(capacity))
	for k := range at {
		at[k] = list.New()
	}
	assign := func(d *decision, k int) {
		d.pos = k
		d.elem = at[k].PushBack(d)
		counts[k]++
	}
	unassign := func(d *decision) {
		at[d.pos].Remove(d.elem)
		counts[d.pos]--
		d.pos, d.elem = -1, nil
	}
	occupants := func(k int) []*decision {
		out := make([]*decision, 0, at[k].Len())
		for e := at[k].Front(); e != nil; e = e.Next() {
			out = append(out, e.Value.(*decision))
		}
		return out
	}
	// augment looks for a chain of moves that frees room for d: d takes a
	// full position whose occupant can move on, recursively.
	var augment func(d *decision, visited map[int]bool) bool
	augment = func(d *decision, visited map[int]bool) bool {
		for _, k := range d.rng.perm(d.n) {
			if !allowed(d, k) || visited[k] {
				continue
			}
			visited[k] = true
			if counts[k] < capacity[k] {
				assign(d, k)
				return true
			}
			for _, o := range occupants(k) {
				unassign(o)
				assign(d, k)
				if augment(o, visited) {
					return true
				}
				unassign(d)
				assign(o, k)
			}
		}
		return false
	}
	for _, d := range ds {
		// Prefer the allowed position furthest below its share, so the
		// counts stay even as decisions are added; the decision's own
		// random order breaks ties.
		bestK, bestGap := -1, math.Inf(1)
		for _, k := range d.rng.perm(d.n) {
			if !allowed(d, k) || counts[k] >= capacity[k] {
				continue
			}
			if gap := float64(counts[k]+1) - share[k]; gap < bestGap {
				bestK, bestGap = k, gap
			}
		}
		if bestK >= 0 {
			assign(d, bestK)
			continue
		}
		if augment(d, map[int]bool{}) {
			continue
		}
		// No room anywhere: take the allowed position least over its share.
		for _, k := range d.rng.perm(d.n) {
			if !allowed(d, k) {
				continue
			}
			if gap := float64(counts[k]+1) - share[k]; gap < bestGap {
				bestK, bestGap = k, gap
			}
		}
		assign(d, bestK)
	}
	out := make(map[string][]int, len(ds))
	for _, d := range ds {
		out[d.m.ID] = d.order()
	}
	return out
}

// Shown returns the order moment m's choices are shown in, given the
// scenario's orders (from ShownOrders): shown[k] is the authored index of
// the choice at position k. A moment the orders leave out, or whose order
// no longer fits its choices, shows them as written.
func Shown(orders map[string][]int, m *Moment) []int {
	if o, ok := orders[m.ID]; ok && len(o) == len(m.Choices) {
		return o
	}
	o := make([]int, len(m.Choices))
	for i := range o {
		o[i] = i
	}
	return o
}

// decision is a shuffled moment while ShownOrders balances it.
type decision struct {
	m       *Moment
	n, best int
	rng     *splitmix
	pos     int           // assigned position of the best option; -1 if none yet
	elem    *list.Element // d's place in the list of decisions at pos
}

// order places the best option at its position and shuffles the others
// into the rest, never leaving every choice where it was authored.
func (d *decision) order() []int {
	rest := make([]int, 0, d.n-1)
	for i := range d.n {
		if i != d.best {
			rest = append(rest, i)
		}
	}
	p := d.rng.perm(len(rest))
	out := make([]int, 0, d.n)
	for _, j := range p {
		out = append(out, rest[j])
	}
	out = slices.Insert(out, d.pos, d.best)
	identity := true
	for k, i := range out {
		identity = identity && k == i
	}
	if identity {
		// Only possible with the best option at its authored place and
		// at least two others (a two-choice moment never gets here):
		// swap two of them.
		a, b := 0, 1
		if a == d.pos {
			a, b = 1, 2
		} else if b == d.pos {
			b = 2
		}
		out[a], out[b] = out[b], out[a]
	}
	return out
}

// splitmix is a small deterministic random source (SplitMix64), seeded from
// the scenario and moment ids so that a moment's order depends on nothing
// else than the scenario.
type splitmix struct{ state uint64 }

func newSplitmix(scenarioID, momentID string) *splitmix {
	h := fnv.New64a()
	h.Write([]byte(scenarioID))
	h.Write([]byte{0})
	h.Write([]byte(momentID))
	return &splitmix{h.Sum64()}
}

func (r *splitmix) next() uint64 {
	r.state += 0x9e3779b97f4a7c15
	z := r.state
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// perm returns a random permutation of 0..n-1 (Fisher-Yates).
func (r *splitmix) perm(n int) []int {
	p := make([]int, n)
	for i := range p {
		p[i] = i
	}
	for i := n - 1; i > 0; i-- {
		j := int(r.next() % uint64(i+1))
		p[i], p[j] = p[j], p[i]
	}
	return p
}

// Stamp returns a short fingerprint of what a path through s means: the
// start, the initial position, and for every moment its choices' effects,
// flags and routes (not the text). A path recorded against one stamp
// replays the same story only against the same stamp. Eight hex digits.
func Stamp(s *Scenario) string {
	var b strings.Builder
	fmt.Fprintf(&b, "start %s\ninitial %d %d\n", s.Start.Value, s.Initial.Value.Trust, s.Initial.Value.Accountability)
	for _, m := range s.Moments {
		if m == nil {
			continue
		}
		if m.IsEnding() {
			fmt.Fprintf(&b, "ending %s\n", m.ID)
			continue
		}
		fmt.Fprintf(&b, "moment %s %d\n", m.ID, len(m.Choices))
		for _, c := range m.Choices {
			if c == nil {
				b.WriteString(" -\n")
				continue
			}
			fmt.Fprintf(&b, " choice %d %d sets %s\n", c.Trust.Value, c.Accountability.Value, strings.Join(Values(c.Sets), ","))
			for _, r := range c.Next {
				cond := ""
				if r.Cond != nil {
					cond = r.Cond.String()
				}
				fmt.Fprintf(&b, "  route %q %s\n", cond, r.To.Value)
			}
		}
	}
	sum := sha256.Sum256([]byte(b.String()))
	return hex.EncodeToString(sum[:4])
}
