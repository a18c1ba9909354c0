package publish

import (
	"html/template"

	"coachsim/generator/render"
	"coachsim/generator/scenario"
)

// CohortData is the cohort's part of the site, written as Hugo data
// (data/cohort.json in the working copy) when the project has a
// cohort.yaml: the home page's heading and welcome, the suffix of every
// page title, the order of the scenarios, and the facilitator's notes for
// the supervisor pages. A site without a cohort has no such file, and the
// layouts read hugo.Data.cohort only when present.
//
// Markdown fields are HTML rendered once by the generator's renderer (raw
// HTML dropped), as in Document.
type CohortData struct {
	Name    string        `json:"name"`
	Welcome template.HTML `json:"welcome"`
	// Scenarios are the ids the site holds, in the cohort's order; Order
	// maps each to its place, for sorting the home page's list.
	Scenarios   []string                 `json:"scenarios"`
	Order       map[string]int           `json:"order"`
	Facilitator *FacilitatorData         `json:"facilitator"`
	Notes       map[string]template.HTML `json:"notes"` // scenario id: HTML
}

// FacilitatorData is who facilitates the cohort, plain text.
type FacilitatorData struct {
	Name    string `json:"name"`
	Contact string `json:"contact"`
}

// Cohort makes the cohort's data. ids are the scenarios the site holds, in
// the order shown; notes for any other scenario are left out.
func Cohort(c *scenario.Cohort, ids []string, md *render.Renderer) *CohortData {
	d := &CohortData{
		Name:      c.Name.Value,
		Scenarios: append([]string{}, ids...),
		Order:     map[string]int{},
		Notes:     map[string]template.HTML{},
	}
	if c.Welcome.Value != "" {
		d.Welcome = md.Block(c.Welcome.Value)
	}
	for i, id := range ids {
		d.Order[id] = i
	}
	if f := c.Facilitator; f != nil && (f.Name.Value != "" || f.Contact.Value != "") {
		d.Facilitator = &FacilitatorData{Name: f.Name.Value, Contact: f.Contact.Value}
	}
	for _, n := range c.Notes {
		if _, shown := d.Order[n.Scenario.Value]; shown && n.Text.Value != "" {
			d.Notes[n.Scenario.Value] = md.Block(n.Text.Value)
		}
	}
	return d
}

// included returns the checked scenarios the site holds: those ids names,
// in its order, or every one (sorted by id, as checked) when ids is empty.
func included(all []*scenario.Scenario, ids []string) []*scenario.Scenario {
	if len(ids) == 0 {
		return all
	}
	byID := map[string]*scenario.Scenario{}
	for _, s := range all {
		byID[s.ID.Value] = s
	}
	var out []*scenario.Scenario
	seen := map[string]bool{}
	for _, id := range ids {
		if s := byID[id]; s != nil && !seen[id] {
			seen[id] = true
			out = append(out, s)
		}
	}
	return out
}
