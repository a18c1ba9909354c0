package publish

import (
	"encoding/json"
	"fmt"
	"slices"
	"sort"

	"coachsim/generator/render"
	"coachsim/generator/scenario"
)

// The browser script's data: two fields of a scenario's Document, which
// site/layouts/_partials/scripts.html writes as js/scenarios/ID.js (Play,
// window.COACHSIM_DATA["ID"], on every scenario page but the script) and
// js/scenarios/ID.text.js (Transcript, window.COACHSIM_TEXT["ID"], on intro
// and ending pages), loaded with a plain <script src> (file:// blocks
// fetch). Play is kept small, because every moment and feedback page loads
// it: moments and flags are named by their index in one list each, and
// every distinct condition is written once. Both use arrays rather than
// objects with named fields, since they are the bulk of what a scenario
// page downloads. The plane's constants and the page addresses are not
// here: the script gets them from data/plane.json and hugo.toml when Hugo
// bundles it.

// Play is what coachsim.js needs to replay a path.
type Play struct {
	ID string `json:"id"`
	// Stamp is scenario.Stamp: every path in an address or in storage
	// carries it, and the script refuses to replay a path whose stamp
	// differs (the scenario changed since the path was recorded).
	Stamp   string `json:"stamp"`
	Start   int    `json:"start"`   // the start moment's index in IDs, -1 for none
	Initial [2]int `json:"initial"` // trust, accountability
	// IDs lists every moment's id in the scenario's order (the first
	// moment with an id wins, as in scenario.Moment), then any id a route
	// or a visit names that no moment has. Everywhere else in the data a
	// moment is its index in this list.
	IDs []string `json:"ids"`
	// Flags lists every flag a choice sets or a condition tests, sorted;
	// everywhere else in the data a flag is its index in this list.
	Flags []string `json:"flags"`
	// Conds lists every distinct condition of the routes and the debrief
	// paragraphs, as encoder.cond writes them; routes and paragraphs name
	// one by its index.
	Conds [][][]any `json:"conds"`
	// Moments holds, per moment of IDs (not the ids no moment has), a
	// decision moment's choices (see below) or, for an ending, 0.
	Moments []any `json:"moments"`
	// Debrief maps an ending's index to its debrief paragraphs, one entry
	// each: -1 for a paragraph shown on every path, else the index of its
	// condition in Conds. An ending whose debrief is one unconditional
	// paragraph, the usual case, is left out: it reads as [-1].
	Debrief map[int][]int `json:"debrief"`
}

// A choice is encoded as [dTrust, dAccountability, routes], followed by
// the indices of the flags it sets when it sets any: [dT, dA, routes,
// [flag, ...]]. routes is the target moment's index when the choice has
// only its default route, else [if, to, if, to, ..., defaultTo]: pairs of
// a condition's index and a moment's index, then the default target.

// Transcript holds what only intro and ending pages need: the scenario's
// title and the client's name, the labels of the levels and fits (which
// MomentText names by index), the endings' titles, the decision moments'
// headings (Names: the authored title, else "" for "Moment N" with N its
// Step) and the shown order of each moment's choices (for the moments not
// shown as authored). The words themselves are in the per-moment files
// (Document.Texts), loaded only for the moments on a path.
type Transcript struct {
	Title   string            `json:"title"`
	Client  string            `json:"client"`
	Levels  []string          `json:"levels"`
	Fits    []string          `json:"fits"`
	Endings map[string]string `json:"endings"` // ending id: title ("" when the YAML gives none)
	Order   map[string][]int  `json:"order"`   // moment id: authored indices in the shown order
	// Names maps a decision moment's id to [title, step]: its authored
	// title ("" for none) and its analysis step (0 when unreachable).
	Names map[string][2]any `json:"names"`
}

// label returns the index of s in *list, appending it when new.
func label(list *[]string, s string) int {
	if i := slices.Index(*list, s); i >= 0 {
		return i
	}
	*list = append(*list, s)
	return len(*list) - 1
}

// encoder numbers the moments, flags and conditions of one scenario's data.
type encoder struct {
	d     *Play
	conds map[string]int // a condition's JSON: its index in d.Conds
}

// moment returns a moment's index in d.IDs, adding an id no moment has.
func (e *encoder) moment(id string) int { return label(&e.d.IDs, id) }

func (e *encoder) flag(name string) int { return slices.Index(e.d.Flags, name) }

// cond returns the index of a condition in d.Conds, adding it when new. A
// condition is a list of alternatives ("or"), each a list of terms
// ("and"). A comparison is [axis, operator, value], axis 0 for trust and 1
// for accountability; a flag is its index f in Flags, ~f (-f-1) when
// negated; a visit is "@m" with m the moment's index, "!@m" when negated.
func (e *encoder) cond(cond *scenario.Cond) int {
	or := make([][]any, 0, len(cond.Any))
	for _, all := range cond.Any {
		and := make([]any, 0, len(all))
		for _, t := range all {
			switch t.Kind {
			case scenario.FlagSet:
				f := e.flag(t.Name)
				if t.Not {
					f = ^f
				}
				and = append(and, f)
			case scenario.Visit:
				v := fmt.Sprintf("@%d", e.moment(t.Name))
				if t.Not {
					v = "!" + v
				}
				and = append(and, v)
			default:
				axis := 0
				if t.Axis == "accountability" {
					axis = 1
				}
				and = append(and, [3]any{axis, t.Op, t.Value})
			}
		}
		or = append(or, and)
	}
	key, _ := json.Marshal(or)
	if i, ok := e.conds[string(key)]; ok {
		return i
	}
	e.d.Conds = append(e.d.Conds, or)
	e.conds[string(key)] = len(e.d.Conds) - 1
	return len(e.d.Conds) - 1
}

// flagsOf returns every flag the scenario's choices set or its conditions
// test, sorted.
func flagsOf(moments []*scenario.Moment) []string {
	seen := map[string]bool{}
	add := func(c *scenario.Cond) {
		if c == nil {
			return
		}
		for _, t := range c.Terms() {
			if t.Kind == scenario.FlagSet {
				seen[t.Name] = true
			}
		}
	}
	for _, m := range moments {
		if m.IsEnding() {
			for _, p := range m.Ending.Debrief {
				add(p.Cond)
			}
			continue
		}
		for _, ch := range m.Choices {
			for _, f := range ch.Sets {
				seen[f.Value] = true
			}
			for _, r := range ch.Next {
				add(r.Cond)
			}
		}
	}
	out := make([]string, 0, len(seen))
	for f := range seen {
		out = append(out, f)
	}
	sort.Strings(out)
	return out
}

func (c *documents) browserData(s *scenario.Scenario, orders map[string][]int, steps map[string]int) (Play, Transcript, map[string]MomentText) {
	d := &Play{
		ID:      s.ID.Value,
		Stamp:   scenario.Stamp(s),
		Start:   -1,
		Initial: [2]int{s.Initial.Value.Trust, s.Initial.Value.Accountability},
		IDs:     []string{},
		Flags:   flagsOf(s.Moments),
		Conds:   [][][]any{},
		Moments: []any{},
		Debrief: map[int][]int{},
	}
	text := &Transcript{
		Title: s.Title.Value, Client: s.Client.Name.Value,
		Levels: []string{}, Fits: []string{},
		Endings: map[string]string{}, Order: map[string][]int{}, Names: map[string][2]any{},
	}
	texts := map[string]MomentText{}
	e := &encoder{d: d, conds: map[string]int{}}
	var moments []*scenario.Moment // the first moment with each id, as in scenario.Moment
	for _, m := range s.Moments {
		if !slices.Contains(d.IDs, m.ID) {
			d.IDs = append(d.IDs, m.ID)
			moments = append(moments, m)
		}
	}
	if m := s.StartMoment(); m != nil {
		d.Start = e.moment(m.ID)
	}
	for i, m := range moments {
		tm := MomentText{Said: c.paragraphs(m.Client.Value), Choices: [][4]any{}, Feedback: [][]string{}}
		if m.IsEnding() {
			d.Moments = append(d.Moments, 0)
			text.Endings[m.ID] = m.Ending.Title.Value // the transcript needs no words of an ending
			if deb := m.Ending.Debrief; len(deb) != 1 || deb[0].Cond != nil {
				conds := make([]int, 0, len(deb))
				for _, p := range deb {
					if p.Cond == nil {
						conds = append(conds, -1)
					} else {
						conds = append(conds, e.cond(p.Cond))
					}
				}
				d.Debrief[i] = conds
			}
			continue
		}
		if o := scenario.Shown(orders, m); !slices.IsSorted(o) {
			text.Order[m.ID] = o
		}
		choices := []any{}
		for _, ch := range m.Choices {
			var routes []int
			for _, r := range ch.Next {
				if r.Cond != nil {
					routes = append(routes, e.cond(r.Cond))
				}
				routes = append(routes, e.moment(r.To.Value))
			}
			jc := []any{ch.Trust.Value, ch.Accountability.Value, routes}
			if len(routes) == 1 {
				jc[2] = routes[0]
			}
			if len(ch.Sets) > 0 {
				sets := make([]int, 0, len(ch.Sets))
				for _, f := range ch.Sets {
					sets = append(sets, e.flag(f.Value))
				}
				jc = append(jc, sets)
			}
			choices = append(choices, jc)
			tm.Choices = append(tm.Choices, [4]any{
				c.text(ch.Response.Value),
				render.Summarize(c.text(ch.Feedback.Value), excerptGist),
				label(&text.Levels, ch.Level.Value.Label()),
				label(&text.Fits, ch.Fit.Value.Label()),
			})
			tm.Feedback = append(tm.Feedback, c.paragraphs(ch.Feedback.Value))
		}
		d.Moments = append(d.Moments, choices)
		texts[m.ID] = tm
		text.Names[m.ID] = [2]any{m.Title.Value, steps[m.ID]}
	}
	return *d, *text, texts
}
