package publish

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"coachsim/generator/analysis"
	"coachsim/generator/diag"
	"coachsim/generator/diagram"
	"coachsim/generator/render"
	"coachsim/generator/scenario"
)

// Supervisor is what a scenario's supervisor page shows beside its
// Document: the map's text alternative, the report of `coachsim report`
// and the checker's warnings. It is written as data/supervisor/ID.json;
// the map itself, an SVG, as assets/maps/ID.svg (MapAsset), which the page
// inlines. Kept out of Document so that the play data stays as it was and
// the document's golden file stays readable.
type Supervisor struct {
	// Summary says in one sentence what the map shows (diagram.Map.Summary).
	Summary string `json:"summary"`
	// Map is the SVG's path under assets/, "" when there is none: a map
	// of more than MaxMapRoutes routes is not laid out (Routes says how
	// many it has), since dot's time grows steeply with size (a synthetic
	// 125 moments and 676 routes took minutes).
	Map    string `json:"map"`
	Routes int    `json:"routes"`
	// Outline is the map as a nested list (diagram.Map.Outline).
	Outline []diagram.Item `json:"outline"`
	// Effects are the arrows' colours, for the legend (diagram.Effects).
	Effects []Swatch `json:"effects"`
	// Report holds the facts of `coachsim report`; nil when the scenario
	// could not be analysed.
	Report *Report `json:"report"`
	// Warnings are what `coachsim check` says about the scenario's file,
	// as "line:col: message".
	Warnings []string `json:"warnings"`
}

// Swatch is one colour of the map's legend: Colour as #rrggbb and what it
// means.
type Swatch struct {
	Colour string `json:"colour"`
	Name   string `json:"name"`
}

// Report is analysis.WriteReport's content as data, from the same
// analysis and audit as check made them (check.Result.Analyses and
// Audits). Its flag combinations are those of the flags and visits each
// ending's debrief tests, the ones that change what the ending says;
// `coachsim report` re-analyses keeping every combination, which for a
// large scenario is a thousand rows, too many for a page.
type Report struct {
	States       int      `json:"states"`
	Reachable    int      `json:"reachable"`
	Moments      int      `json:"moments"`
	NeverReached []string `json:"never_reached"`
	// Tracked names the flags and visits the conditions test; KeptFlags
	// says every combination of them was followed to the ending (Combos
	// then lists them all; otherwise only those the debriefs test).
	Tracked   []string       `json:"tracked"`
	KeptFlags bool           `json:"kept_flags"`
	Endings   []ReportEnding `json:"endings"`
	// Best, Worst and Longest are nil when no ending can be reached.
	Best             *ReportPath `json:"best"`
	Worst            *ReportPath `json:"worst"`
	Longest          *ReportPath `json:"longest"`
	LongestUnbounded bool        `json:"longest_unbounded"`
	// Stuck are the states from which no ending can be reached.
	Stuck []ReportState `json:"stuck"`
	Audit *ReportAudit  `json:"audit"`
}

// ReportEnding is one row of the report's endings table.
type ReportEnding struct {
	Moment    string   `json:"moment"`
	Title     string   `json:"title"`
	Reached   bool     `json:"reached"`
	Quadrants []string `json:"quadrants"` // slugs, best first
	Range     *Range   `json:"range"`
	Paths     string   `json:"paths"`
	// Combos are the flag combinations the ending is reached with, as the
	// report lists them (empty when nothing varies), the most travelled
	// first and at most maxCombos of them; CombosLeft counts the rest.
	Combos     []ReportCombo `json:"combos"`
	CombosLeft int           `json:"combos_left"`
}

// ReportCombo is one flag combination an ending is reached with.
type ReportCombo struct {
	Flags     string   `json:"flags"` // "named-it, gerald" or "no flags"
	Quadrants []string `json:"quadrants"`
	Paths     string   `json:"paths"`
}

// ReportPath is a path of the report, step by step.
type ReportPath struct {
	Steps []ReportStep `json:"steps"`
	End   ReportState  `json:"end"`
	// Edge is the step at which the path first touches the edge of the
	// plane (1-based), 0 for never.
	Edge int `json:"edge"`
}

// ReportStep is one step of a path: the response chosen at Moment, shown
// as option Number, the start of its words, and the position after it.
type ReportStep struct {
	Moment string `json:"moment"`
	Choice int    `json:"choice"`
	Number int    `json:"number"`
	Gist   string `json:"gist"`
	After  Point  `json:"after"`
}

// ReportState is a moment with a position.
type ReportState struct {
	Moment string `json:"moment"`
	At     Point  `json:"at"`
}

// ReportAudit is the gameability audit (analysis.Audit).
type ReportAudit struct {
	Outcomes  []ReportOutcome `json:"outcomes"`
	Decisions int             `json:"decisions"`
	Ties      int             `json:"ties"`
	// BestAt is where the best option is shown, one entry per position.
	BestAt         []ReportBestAt `json:"best_at"`
	BestLongest    int            `json:"best_longest"`
	BestQuestion   int            `json:"best_question"`
	OtherQuestions int            `json:"other_questions"`
	Others         int            `json:"others"`
}

// ReportOutcome is where one form-only strategy leads.
type ReportOutcome struct {
	Strategy string      `json:"strategy"`
	Ended    bool        `json:"ended"`
	Loops    bool        `json:"loops"`
	End      ReportState `json:"end"`
	Steps    int         `json:"steps"`
	Edge     int         `json:"edge"`
}

// ReportBestAt is how often the best option sits at one shown position:
// Count as analysis.FormatCount prints it, Percent of the decisions, and
// the position's fair share.
type ReportBestAt struct {
	Position int    `json:"position"`
	Count    string `json:"count"`
	Percent  int    `json:"percent"`
	Share    string `json:"share"`
}

// excerptStep is how much of a response a report step shows.
const excerptStep = 90

// maxCombos is how many flag combinations the page lists per ending: a
// large scenario reaches an ending with a hundred or more, which is more
// than a reader takes in and would make the page several times heavier;
// `coachsim report` lists them all.
const maxCombos = 12

// MaxMapRoutes is the most routes a map the build lays out may have. The
// largest shipped scenario has 155 and takes about 0.1 s; a synthetic one
// of 214 takes about 1 s.
const MaxMapRoutes = 250

// MapAsset is where the SVG map of scenario id lies in the working copy's
// assets (resources.Get takes it without the "assets/").
func MapAsset(id string) string { return "maps/" + id + ".svg" }

// supervisor builds the supervisor data of s and its map's SVG: nil when
// the map is too large to lay out (Supervisor.Map is then ""), or when
// laying it out failed, which the error reports.
func (d *documents) supervisor(ctx context.Context, s *scenario.Scenario, a *analysis.Result, orders map[string][]int, au *analysis.Audit, diags diag.List) (*Supervisor, []byte, error) {
	if orders == nil {
		orders = scenario.ShownOrders(s) // as Document numbers the options
	}
	m := diagram.Build(s, a, orders, diagram.Options{})
	sup := &Supervisor{Summary: m.Summary(), Outline: m.Outline(), Warnings: []string{}}
	for _, e := range diagram.Effects {
		sup.Effects = append(sup.Effects, Swatch{e.Colour(), e.String()})
	}
	for _, dg := range diags {
		if dg.Pos.File == s.File && dg.Severity == diag.Warning {
			at := ""
			if dg.Pos.Line > 0 {
				at = fmt.Sprintf("line %d", dg.Pos.Line)
				if dg.Pos.Col > 0 {
					at += fmt.Sprintf(", column %d", dg.Pos.Col)
				}
				at += ": "
			}
			sup.Warnings = append(sup.Warnings, at+dg.Msg)
		}
	}
	if a != nil {
		sup.Report = d.report(s, a, au, orders)
	}
	sup.Routes = len(m.Edges)
	if len(m.Edges) > MaxMapRoutes {
		return sup, nil, nil
	}
	svg, err := diagram.SVG(ctx, m)
	if err != nil {
		return sup, nil, err
	}
	sup.Map = MapAsset(s.ID.Value)
	return sup, svg, nil
}

func (d *documents) report(s *scenario.Scenario, r *analysis.Result, au *analysis.Audit, orders map[string][]int) *Report {
	rep := &Report{States: r.States, Reachable: len(r.Reachable), NeverReached: []string{},
		Tracked: append([]string{}, r.Tracked...), KeptFlags: r.KeptFlags, Endings: []ReportEnding{},
		LongestUnbounded: r.LongestUnbounded, Stuck: []ReportState{}}
	seen := map[string]bool{}
	for _, m := range s.Moments {
		if m == nil || seen[m.ID] {
			continue
		}
		seen[m.ID] = true
		rep.Moments++
		if !r.Reachable[m.ID] {
			rep.NeverReached = append(rep.NeverReached, m.ID)
		}
	}
	for _, e := range r.Endings {
		re := ReportEnding{Moment: e.Moment, Reached: e.Reached, Quadrants: slugs(e.Quadrants), Paths: e.Paths.String(), Combos: []ReportCombo{}}
		if m := s.Moment(e.Moment); m != nil && m.Ending != nil {
			re.Title = m.Ending.Title.Value
		}
		if e.Reached {
			re.Range = rangeOf(e.Range)
		}
		if len(r.Tracked) > 0 {
			var combos []analysis.Combo
			for _, c := range e.Combos {
				if !r.KeptFlags && len(e.Combos) == 1 && c.Flags == 0 {
					continue // as the report: the debrief tests nothing, or nothing varies
				}
				combos = append(combos, c)
			}
			slices.SortStableFunc(combos, func(a, b analysis.Combo) int { return cmpPaths(b.Paths, a.Paths) })
			if len(combos) > maxCombos {
				re.CombosLeft = len(combos) - maxCombos
				combos = combos[:maxCombos]
			}
			for _, c := range combos {
				re.Combos = append(re.Combos, ReportCombo{c.Flags.Describe(r.Tracked), slugs(c.Quadrants), c.Paths.String()})
			}
		}
		rep.Endings = append(rep.Endings, re)
	}
	if r.AnyEndingReachable {
		rep.Best, rep.Worst, rep.Longest = d.path(s, r.Best, orders), d.path(s, r.Worst, orders), d.path(s, r.Longest, orders)
	}
	for _, st := range r.Stuck {
		rep.Stuck = append(rep.Stuck, ReportState{st.Moment, point(st.Pos)})
	}
	if au != nil {
		ra := &ReportAudit{Decisions: au.Decisions, Ties: au.Ties, BestLongest: au.BestLongest, BestQuestion: au.BestQuestion,
			OtherQuestions: au.OtherQuestions, Others: au.Others, Outcomes: []ReportOutcome{}, BestAt: []ReportBestAt{}}
		for _, o := range au.Outcomes {
			ra.Outcomes = append(ra.Outcomes, ReportOutcome{Strategy: o.Strategy.String(), Ended: o.Ended, Loops: o.Loops,
				End: ReportState{o.Path.End.Moment, point(o.Path.End.Pos)}, Steps: len(o.Path.Steps), Edge: o.Edge})
		}
		for k, n := range au.BestAt {
			pc := 0
			if au.Decisions > 0 {
				pc = int(100*n/float64(au.Decisions) + 0.5)
			}
			ra.BestAt = append(ra.BestAt, ReportBestAt{k + 1, analysis.FormatCount(n), pc, fmt.Sprintf("%.1f", au.Share[k])})
		}
		rep.Audit = ra
	}
	return rep
}

// path gives a path's steps with the option number the trainee sees and
// the start of the response.
func (d *documents) path(s *scenario.Scenario, p analysis.Path, orders map[string][]int) *ReportPath {
	out := &ReportPath{Steps: []ReportStep{}, End: ReportState{p.End.Moment, point(p.End.Pos)}, Edge: analysis.EdgeStep(p)}
	for _, st := range p.Steps {
		rs := ReportStep{Moment: st.Moment, Choice: st.Choice, After: point(st.After)}
		if m := s.Moment(st.Moment); m != nil && st.Choice >= 0 && st.Choice < len(m.Choices) && m.Choices[st.Choice] != nil {
			for k, ci := range scenario.Shown(orders, m) {
				if ci == st.Choice {
					rs.Number = k + 1
				}
			}
			rs.Gist = render.Cut(d.text(m.Choices[st.Choice].Response.Value), excerptStep)
		}
		out.Steps = append(out.Steps, rs)
	}
	return out
}

// cmpPaths orders path counts: unbounded above saturated above any number.
func cmpPaths(a, b analysis.PathCount) int {
	rank := func(c analysis.PathCount) int {
		switch {
		case c.Unbounded:
			return 2
		case c.Saturated:
			return 1
		}
		return 0
	}
	if d := cmp.Compare(rank(a), rank(b)); d != 0 {
		return d
	}
	return cmp.Compare(a.N, b.N)
}

func slugs(qs []scenario.Quadrant) []string {
	out := make([]string, len(qs))
	for i, q := range qs {
		out[i] = q.Slug()
	}
	return out
}
