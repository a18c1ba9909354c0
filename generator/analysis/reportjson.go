package analysis

import (
	"encoding/json"
	"errors"
	"io"
	"slices"

	"coachsim/generator/scenario"
)

// Report is the report as data: the same facts as WriteReport, with
// stable JSON keys (quadrants and strategies by slug). WriteReportJSON
// writes it for tools (coachsim report -format json) and the site's
// supervisor pages show it (publish.Supervisor). Endings list their flag
// combinations the most travelled first.
type Report struct {
	ID               string   `json:"id"`
	Title            string   `json:"title"`
	File             string   `json:"file"`
	Start            string   `json:"start"`
	States           int      `json:"states"`
	MomentsReachable int      `json:"moments_reachable"`
	Moments          int      `json:"moments"`
	NeverReached     []string `json:"never_reached"`
	Tracked          []string `json:"tracked"`
	// KeptFlags: every combination of the tracked flags and visits was
	// followed to the endings (Options.KeepFlags); otherwise the combos
	// are those the debriefs test.
	KeptFlags        bool           `json:"kept_flags"`
	Endings          []ReportEnding `json:"endings"`
	Best             *ReportPath    `json:"best"`
	Worst            *ReportPath    `json:"worst"`
	Longest          *ReportPath    `json:"longest"`
	LongestUnbounded bool           `json:"longest_unbounded"`
	Stuck            []ReportState  `json:"stuck"`
	Audit            *ReportAudit   `json:"audit,omitempty"`
	Untaken          []ReportRoute  `json:"untaken_routes"`
}

// ReportEnding is one ending: where and how often it is reached.
type ReportEnding struct {
	Moment    string        `json:"moment"`
	Title     string        `json:"title"`
	Reached   bool          `json:"reached"`
	Quadrants []string      `json:"quadrants"`
	Trust     *[2]int       `json:"trust,omitempty"` // min, max
	Account   *[2]int       `json:"accountability,omitempty"`
	Paths     string        `json:"paths"`
	Combos    []ReportCombo `json:"flag_combinations"`
}

// ReportCombo is one combination of tracked flags and visits an ending
// is reached with.
type ReportCombo struct {
	Flags     []string `json:"flags"`
	Quadrants []string `json:"quadrants"`
	Paths     string   `json:"paths"`
}

// ReportState is a moment with a position and the flags set there.
type ReportState struct {
	Moment         string   `json:"moment"`
	Trust          int      `json:"trust"`
	Accountability int      `json:"accountability"`
	Quadrant       string   `json:"quadrant"`
	Flags          []string `json:"flags"`
}

// ReportStep is one step of a path: the choice made at Moment (its
// authored index) and the position after it.
type ReportStep struct {
	Moment         string `json:"moment"`
	Choice         int    `json:"choice"` // authored index
	Trust          int    `json:"trust"`  // after the choice
	Accountability int    `json:"accountability"`
	Quadrant       string `json:"quadrant"`
	Next           string `json:"next"`
}

// ReportPath is a path step by step, with the state it ends in.
type ReportPath struct {
	Steps    []ReportStep `json:"steps"`
	End      ReportState  `json:"end"`
	EdgeStep int          `json:"edge_step"` // 1-based; 0: never at the edge
}

// ReportAudit is the gameability audit (Audit).
type ReportAudit struct {
	Strategies  []ReportOutcome `json:"strategies"`
	Decisions   int             `json:"decisions"`
	BestAt      []float64       `json:"best_at"`
	Share       []float64       `json:"share"`
	BestLongest int             `json:"best_longest"`
	Ties        int             `json:"ties"`
	BestQ       int             `json:"best_question"`
	OtherQ      int             `json:"other_questions"`
	Others      int             `json:"others"`
}

// ReportOutcome is where one form-only strategy leads.
type ReportOutcome struct {
	Strategy string     `json:"strategy"`
	Name     string     `json:"name"`
	Ended    bool       `json:"ended"`
	Loops    bool       `json:"loops"`
	Path     ReportPath `json:"path"`
}

// ReportRoute is a route no path takes.
type ReportRoute struct {
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

func (r *Result) reportState(st State) ReportState {
	names := st.Flags.Names(r.Tracked)
	return ReportState{st.Moment, st.Pos.Trust, st.Pos.Accountability, scenario.QuadrantOf(st.Pos).Slug(), names}
}

func (r *Result) reportPath(p Path) *ReportPath {
	jp := &ReportPath{Steps: []ReportStep{}, End: r.reportState(p.End), EdgeStep: EdgeStep(p)}
	for _, st := range p.Steps {
		jp.Steps = append(jp.Steps, ReportStep{st.Moment, st.Choice, st.After.Trust, st.After.Accountability, scenario.QuadrantOf(st.After).Slug(), st.Next})
	}
	return jp
}

// WriteReportJSON writes the reports of several scenarios, as a JSON array
// of objects with the same facts as WriteReport. Audits may hold nil.
func WriteReportJSON(w io.Writer, ss []*scenario.Scenario, rs []*Result, audits []*Audit) error {
	if len(ss) != len(rs) || len(ss) != len(audits) {
		return errors.New("analysis: WriteReportJSON needs one result and one audit per scenario")
	}
	out := make([]Report, 0, len(ss))
	for i, s := range ss {
		if s == nil || rs[i] == nil {
			return errors.New("analysis: WriteReportJSON needs a scenario and its result")
		}
		out = append(out, *NewReport(s, rs[i], audits[i]))
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

// NewReport gathers the report of s from its analysis r and audit au
// (nil: none).
func NewReport(s *scenario.Scenario, r *Result, au *Audit) *Report {
	x := newIndex(s)
	jr := &Report{
		ID: s.ID.Value, Title: s.Title.Value, File: s.File, States: r.States, MomentsReachable: len(r.Reachable),
		NeverReached: []string{}, Tracked: r.Tracked, Endings: []ReportEnding{}, Stuck: []ReportState{},
		LongestUnbounded: r.LongestUnbounded, Untaken: []ReportRoute{}, KeptFlags: r.KeptFlags,
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
		je := ReportEnding{Moment: e.Moment, Reached: e.Reached, Quadrants: slugs(e.Quadrants), Paths: e.Paths.String(), Combos: []ReportCombo{}}
		if i := x.lookup(e.Moment); i >= 0 && x.moments[i].Ending != nil {
			je.Title = x.moments[i].Ending.Title.Value
		}
		if e.Reached {
			je.Trust = &[2]int{e.Range.MinTrust, e.Range.MaxTrust}
			je.Account = &[2]int{e.Range.MinAccountability, e.Range.MaxAccountability}
		}
		combos := slices.Clone(e.Combos)
		slices.SortStableFunc(combos, func(a, b Combo) int { return b.Paths.Compare(a.Paths) })
		for _, c := range combos {
			je.Combos = append(je.Combos, ReportCombo{c.Flags.Names(r.Tracked), slugs(c.Quadrants), c.Paths.String()})
		}
		jr.Endings = append(jr.Endings, je)
	}
	if r.AnyEndingReachable {
		jr.Best, jr.Worst, jr.Longest = r.reportPath(r.Best), r.reportPath(r.Worst), r.reportPath(r.Longest)
	}
	for _, st := range r.Stuck {
		jr.Stuck = append(jr.Stuck, r.reportState(st))
	}
	for _, u := range r.Untaken {
		jr.Untaken = append(jr.Untaken, ReportRoute{u.Moment, u.Choice, u.Route, u.Holds})
	}
	if au != nil {
		ja := &ReportAudit{Decisions: au.Decisions, BestAt: au.BestAt, Share: au.Share, BestLongest: au.BestLongest, Ties: au.Ties,
			BestQ: au.BestQuestion, OtherQ: au.OtherQuestions, Others: au.Others}
		if ja.BestAt == nil {
			ja.BestAt, ja.Share = []float64{}, []float64{}
		}
		for _, o := range au.Outcomes {
			ja.Strategies = append(ja.Strategies, ReportOutcome{o.Strategy.Slug(), o.Strategy.String(), o.Ended, o.Loops, *r.reportPath(o.Path)})
		}
		jr.Audit = ja
	}
	return jr
}
