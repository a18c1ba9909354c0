package publish

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"sort"

	"coachsim/generator/render"
	"coachsim/generator/scenario"
)

// The data each scenario's pages load with a plain <script src> (file://
// blocks fetch). js/scenarios/ID.js sets window.COACHSIM_DATA["ID"]: what
// coachsim.js needs on every page to replay a path (effects and routes,
// with conditions in a structured form), to build links (URL patterns) and
// to name the quadrants. It is kept small, because every moment and
// feedback page loads it: moments and flags are named by their index in
// one list each, and every distinct condition is written once. What only
// intro and ending pages need (the transcript's words: short plain-text
// excerpts of each response, its feedback and what the client said; the
// shown order of the choices; the titles) lives apart, in
// js/scenarios/ID.text.js, which sets window.COACHSIM_TEXT["ID"].
// site/README.md documents both shapes.

// Lengths of the plain-text excerpts for the transcript, in characters.
// The transcript is a reminder (each step links to its full feedback
// page), and an ending page loads the excerpts of every choice.
const (
	excerptResponse = 70
	excerptFeedback = 90
	excerptClient   = 50
)

// Both files are compact (arrays rather than objects with named fields),
// since they are the bulk of what a scenario page downloads.
type jsData struct {
	ID string `json:"id"`
	// Stamp is scenario.Stamp: every path in an address or in storage
	// carries it, and the script refuses to replay a path whose stamp
	// differs (the scenario changed since the path was recorded).
	Stamp     string            `json:"stamp"`
	Start     int               `json:"start"`   // the start moment's index in IDs, -1 for none
	Initial   [2]int            `json:"initial"` // trust, accountability
	URLs      jsURLs            `json:"urls"`
	Quadrants map[string]string `json:"quadrants"` // slug: name (meanings: jsText)
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

// jsURLs are page addresses relative to the scenario's folder, where every
// page that loads the script lives. {m} stands for a moment id, {c} for a
// choice index.
type jsURLs struct {
	Intro    string `json:"intro"`
	Moment   string `json:"moment"`
	Feedback string `json:"feedback"`
}

// A choice is encoded as [dTrust, dAccountability, routes], followed by
// the indices of the flags it sets when it sets any: [dT, dA, routes,
// [flag, ...]]. routes is the target moment's index when the choice has
// only its default route, else [if, to, if, to, ..., defaultTo]: pairs of
// a condition's index and a moment's index, then the default target.

// jsText holds what only intro and ending pages need: the scenario's
// title and the client's name, the quadrants' meanings, the labels of the
// levels and fits, the endings' titles, the shown order of each moment's
// choices (for the moments not shown as authored) and, per decision
// moment, what the client says and, per choice, [response, feedback's
// first sentence, index in levels, index in fits] (the texts short and
// plain).
type jsText struct {
	Title    string                  `json:"title"`
	Client   string                  `json:"client"`
	Meanings map[string]string       `json:"meanings"` // quadrant slug: meaning
	Levels   []string                `json:"levels"`
	Fits     []string                `json:"fits"`
	Endings  map[string]string       `json:"endings"` // ending id: title
	Order    map[string][]int        `json:"order"`   // moment id: authored indices in the shown order
	Moments  map[string]jsMomentText `json:"moments"`
}

type jsMomentText struct {
	Said    string   `json:"said"`
	Choices [][4]any `json:"choices,omitempty"`
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
	d     *jsData
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

func (c *content) scenarioData(s *scenario.Scenario) (*jsData, *jsText) {
	d := &jsData{
		ID:      s.ID.Value,
		Stamp:   scenario.Stamp(s),
		Start:   -1,
		Initial: [2]int{s.Initial.Value.Trust, s.Initial.Value.Accountability},
		URLs: jsURLs{
			Intro:    introFile(),
			Moment:   momentFile("{m}"),
			Feedback: "feedback-{m}-{c}.html",
		},
		Quadrants: map[string]string{},
		IDs:       []string{},
		Flags:     flagsOf(s.Moments),
		Conds:     [][][]any{},
		Moments:   []any{},
		Debrief:   map[int][]int{},
	}
	text := &jsText{
		Title: s.Title.Value, Client: s.Client.Name.Value,
		Meanings: map[string]string{}, Levels: []string{}, Fits: []string{},
		Endings: map[string]string{}, Order: map[string][]int{}, Moments: map[string]jsMomentText{},
	}
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
	for _, q := range scenario.Quadrants {
		d.Quadrants[q.Slug()] = q.String()
		text.Meanings[q.Slug()] = q.Meaning()
	}
	for i, m := range moments {
		tm := jsMomentText{Said: render.Cut(c.text(m.Client.Value), excerptClient)}
		if m.IsEnding() {
			title := m.Ending.Title.Value
			if title == "" {
				title = humanize(m.ID)
			}
			d.Moments = append(d.Moments, 0)
			text.Endings[m.ID] = title // the transcript needs no words of an ending
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
		if o := c.orderOf(s, m); !slices.IsSorted(o) {
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
				render.Cut(c.text(ch.Response.Value), excerptResponse),
				render.Summarize(c.text(ch.Feedback.Value), excerptFeedback),
				label(&text.Levels, ch.Level.Value.Label()),
				label(&text.Fits, ch.Fit.Value.Label()),
			})
		}
		d.Moments = append(d.Moments, choices)
		text.Moments[m.ID] = tm
	}
	return d, text
}

// data writes js/scenarios/ID.js and ID.text.js under the working copy's
// static folder.
func (c *content) data(s *scenario.Scenario) error {
	d, text := c.scenarioData(s)
	b, err := dataScript("COACHSIM_DATA", s.ID.Value, d)
	if err != nil {
		return err
	}
	if err := c.writeFile("static/js/scenarios/"+s.ID.Value+".js", b); err != nil {
		return err
	}
	if b, err = dataScript("COACHSIM_TEXT", s.ID.Value, text); err != nil {
		return err
	}
	return c.writeFile("static/js/scenarios/"+s.ID.Value+".text.js", b)
}

// dataScript encodes v as the statement that registers it as
// window.GLOBAL[id]. The file is only ever loaded by <script src>, never
// written inside a page, so a "<" in a string cannot close a script
// element: <, > and & are written as they are. U+2028 and U+2029, line
// terminators in older JavaScript, stay escaped (encoding/json always
// escapes them).
func dataScript(global, id string, v any) ([]byte, error) {
	var js bytes.Buffer
	enc := json.NewEncoder(&js)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, fmt.Errorf("encoding data of scenario %s: %w", id, err)
	}
	key, _ := json.Marshal(id)
	var b bytes.Buffer
	fmt.Fprintf(&b, "window.%[1]s=window.%[1]s||{};window.%[1]s[%[2]s]=", global, key)
	b.Write(bytes.TrimSuffix(js.Bytes(), []byte("\n")))
	b.WriteString(";\n")
	return b.Bytes(), nil
}
