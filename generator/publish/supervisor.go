package publish

import (
	"context"
	"fmt"

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
	// Report holds the facts of `coachsim report` (analysis.NewReport, from
	// the same analysis and audit check made); nil when the scenario could
	// not be analysed. Words holds what the page adds to its paths.
	Report *analysis.Report `json:"report"`
	Words  *ReportWords     `json:"words"`
	// CombosShown is how many flag combinations the page lists per ending
	// (maxCombos), the most travelled first.
	CombosShown int `json:"combos_shown"`
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

// ReportWords is what the supervisor page shows beside the report's paths
// (Best, Worst, Longest, and each audit strategy's in Outcomes, in the
// report's order): per step, the option's number as the trainee sees it
// and the start of the response.
type ReportWords struct {
	Best     []StepWords   `json:"best"`
	Worst    []StepWords   `json:"worst"`
	Longest  []StepWords   `json:"longest"`
	Outcomes [][]StepWords `json:"outcomes"`
}

// StepWords is one step of a report path in words.
type StepWords struct {
	Number int    `json:"number"`
	Gist   string `json:"gist"`
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
	sup := &Supervisor{Summary: m.Summary(), Outline: m.Outline(), Warnings: []string{}, CombosShown: maxCombos}
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
		sup.Report, sup.Words = analysis.NewReport(s, a, au), d.words(s, a, au, orders)
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

// words gives the report's paths in words: a path's steps with the option
// number the trainee sees and the start of the response.
func (d *documents) words(s *scenario.Scenario, r *analysis.Result, au *analysis.Audit, orders map[string][]int) *ReportWords {
	w := &ReportWords{Best: []StepWords{}, Worst: []StepWords{}, Longest: []StepWords{}, Outcomes: [][]StepWords{}}
	if r.AnyEndingReachable {
		w.Best, w.Worst, w.Longest = d.path(s, r.Best, orders), d.path(s, r.Worst, orders), d.path(s, r.Longest, orders)
	}
	if au != nil {
		for _, o := range au.Outcomes {
			w.Outcomes = append(w.Outcomes, d.path(s, o.Path, orders))
		}
	}
	return w
}

func (d *documents) path(s *scenario.Scenario, p analysis.Path, orders map[string][]int) []StepWords {
	out := []StepWords{}
	for _, st := range p.Steps {
		var sw StepWords
		if m := s.Moment(st.Moment); m != nil && st.Choice >= 0 && st.Choice < len(m.Choices) && m.Choices[st.Choice] != nil {
			for k, ci := range scenario.Shown(orders, m) {
				if ci == st.Choice {
					sw.Number = k + 1
				}
			}
			sw.Gist = render.Cut(d.text(m.Choices[st.Choice].Response.Value), excerptStep)
		}
		out = append(out, sw)
	}
	return out
}
