package analysis

import (
	"encoding/json"
	"errors"
	"io"

	"coachsim/generator/scenario"
)

// The report in JSON, for tools: the same facts as WriteReport, with stable
// keys (quadrants and strategies by slug).

type jsonReport struct {
	ID               string        `json:"id"`
	Title            string        `json:"title"`
	File             string        `json:"file"`
	Start            string        `json:"start"`
	States           int           `json:"states"`
	MomentsReachable int           `json:"moments_reachable"`
	Moments          int           `json:"moments"`
	NeverReached     []string      `json:"never_reached"`
	Tracked          []string      `json:"tracked"`
	Endings          []jsonEnding  `json:"endings"`
	Best             *jsonPath     `json:"best"`
	Worst            *jsonPath     `json:"worst"`
	Longest          *jsonPath     `json:"longest"`
	LongestUnbounded bool          `json:"longest_unbounded"`
	Stuck            []jsonState   `json:"stuck"`
	Audit            *jsonAudit    `json:"audit,omitempty"`
	Untaken          []jsonRouteID `json:"untaken_routes"`
}

type jsonEnding struct {
	Moment    string      `json:"moment"`
	Title     string      `json:"title"`
	Reached   bool        `json:"reached"`
	Quadrants []string    `json:"quadrants"`
	Trust     *[2]int     `json:"trust,omitempty"` // min, max
	Account   *[2]int     `json:"accountability,omitempty"`
	Paths     string      `json:"paths"`
	Combos    []jsonCombo `json:"flag_combinations"`
}

type jsonCombo struct {
	Flags     []string `json:"flags"`
	Quadrants []string `json:"quadrants"`
	Paths     string   `json:"paths"`
}

type jsonState struct {
	Moment         string   `json:"moment"`
	Trust          int      `json:"trust"`
	Accountability int      `json:"accountability"`
	Quadrant       string   `json:"quadrant"`
	Flags          []string `json:"flags"`
}

type jsonStep struct {
	Moment         string `json:"moment"`
	Choice         int    `json:"choice"` // authored index
	Trust          int    `json:"trust"`  // after the choice
	Accountability int    `json:"accountability"`
	Next           string `json:"next"`
}

type jsonPath struct {
	Steps    []jsonStep `json:"steps"`
	End      jsonState  `json:"end"`
	EdgeStep int        `json:"edge_step"` // 1-based; 0: never at the edge
}

type jsonAudit struct {
	Strategies  []jsonOutcome `json:"strategies"`
	Decisions   int           `json:"decisions"`
	BestAt      []float64     `json:"best_at"`
	Share       []float64     `json:"share"`
	BestLongest int           `json:"best_longest"`
	Ties        int           `json:"ties"`
	BestQ       int           `json:"best_question"`
	OtherQ      int           `json:"other_questions"`
	Others      int           `json:"others"`
}

type jsonOutcome struct {
	Strategy string   `json:"strategy"`
	Name     string   `json:"name"`
	Ended    bool     `json:"ended"`
	Loops    bool     `json:"loops"`
	Path     jsonPath `json:"path"`
}

type jsonRouteID struct {
	Moment string `json:"moment"`
	Choice int    `json:"choice"`
	Route  int    `json:"route"`
	Holds  bool   `json:"condition_can_hold"`
}

func slugs(qs []scenario.Quadrant) []string {
	out := make([]string, len(qs))
	for i, q := range qs {
		out[i] = q.Slug()
	}
	return out
}

func (r *Result) jsonState(st State) jsonState {
	names := st.Flags.Names(r.Tracked)
	return jsonState{st.Moment, st.Pos.Trust, st.Pos.Accountability, scenario.QuadrantOf(st.Pos).Slug(), names}
}

func (r *Result) jsonPath(p Path) *jsonPath {
	jp := &jsonPath{Steps: []jsonStep{}, End: r.jsonState(p.End), EdgeStep: EdgeStep(p)}
	for _, st := range p.Steps {
		jp.Steps = append(jp.Steps, jsonStep{st.Moment, st.Choice, st.After.Trust, st.After.Accountability, st.Next})
	}
	return jp
}

// WriteReportJSON writes the reports of several scenarios, as a JSON array
// of objects with the same facts as WriteReport. Audits may hold nil.
func WriteReportJSON(w io.Writer, ss []*scenario.Scenario, rs []*Result, audits []*Audit) error {
	if len(ss) != len(rs) || len(ss) != len(audits) {
		return errors.New("analysis: WriteReportJSON needs one result and one audit per scenario")
	}
	out := make([]jsonReport, 0, len(ss))
	for i, s := range ss {
		if s == nil || rs[i] == nil {
			return errors.New("analysis: WriteReportJSON needs a scenario and its result")
		}
		out = append(out, reportJSON(s, rs[i], audits[i]))
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

func reportJSON(s *scenario.Scenario, r *Result, au *Audit) jsonReport {
	x := newIndex(s)
	jr := jsonReport{
		ID: s.ID.Value, Title: s.Title.Value, File: s.File, States: r.States, MomentsReachable: len(r.Reachable),
		NeverReached: []string{}, Tracked: r.Tracked, Endings: []jsonEnding{}, Stuck: []jsonState{},
		LongestUnbounded: r.LongestUnbounded, Untaken: []jsonRouteID{},
	}
	if jr.Tracked == nil {
		jr.Tracked = []string{}
	}
	if i := x.start(s); i >= 0 {
		jr.Start = x.moments[i].ID
	}
	for i, m := range x.moments {
		if !x.canonical(i) {
			continue
		}
		jr.Moments++
		if !r.Reachable[m.ID] {
			jr.NeverReached = append(jr.NeverReached, m.ID)
		}
	}
	for _, e := range r.Endings {
		je := jsonEnding{Moment: e.Moment, Reached: e.Reached, Quadrants: slugs(e.Quadrants), Paths: e.Paths.String(), Combos: []jsonCombo{}}
		if i := x.lookup(e.Moment); i >= 0 && x.moments[i].Ending != nil {
			je.Title = x.moments[i].Ending.Title.Value
		}
		if e.Reached {
			je.Trust = &[2]int{e.Range.MinTrust, e.Range.MaxTrust}
			je.Account = &[2]int{e.Range.MinAccountability, e.Range.MaxAccountability}
		}
		for _, c := range e.Combos {
			je.Combos = append(je.Combos, jsonCombo{c.Flags.Names(r.Tracked), slugs(c.Quadrants), c.Paths.String()})
		}
		jr.Endings = append(jr.Endings, je)
	}
	if r.AnyEndingReachable {
		jr.Best, jr.Worst, jr.Longest = r.jsonPath(r.Best), r.jsonPath(r.Worst), r.jsonPath(r.Longest)
	}
	for _, st := range r.Stuck {
		jr.Stuck = append(jr.Stuck, r.jsonState(st))
	}
	for _, u := range r.Untaken {
		jr.Untaken = append(jr.Untaken, jsonRouteID{u.Moment, u.Choice, u.Route, u.Holds})
	}
	if au != nil {
		ja := &jsonAudit{Decisions: au.Decisions, BestAt: au.BestAt, Share: au.Share, BestLongest: au.BestLongest, Ties: au.Ties,
			BestQ: au.BestQuestion, OtherQ: au.OtherQuestions, Others: au.Others}
		if ja.BestAt == nil {
			ja.BestAt, ja.Share = []float64{}, []float64{}
		}
		for _, o := range au.Outcomes {
			ja.Strategies = append(ja.Strategies, jsonOutcome{o.Strategy.Slug(), o.Strategy.String(), o.Ended, o.Loops, *r.jsonPath(o.Path)})
		}
		jr.Audit = ja
	}
	return jr
}
