package scenario

import "reflect"

// Cohort is an organiser's cohort.yaml, at the project's root: the
// cohort's name and welcome, which scenarios its site holds and in what
// order, who facilitates, and the facilitator's notes per scenario. The
// file is optional; without it the site holds every scenario.
type Cohort struct {
	Name    Text `yaml:"name" format:"required,max=80" doc:"The cohort's name, plain text: the home page's heading and the end of every page title."`
	Welcome Text `yaml:"welcome" format:"markdown,max=3000" doc:"Markdown: a welcome on the home page."`
	// Scenarios are the ids of the scenarios to build, in the order the
	// home page shows them; empty means every scenario.
	Scenarios   []Text       `yaml:"scenarios" format:"scenario" doc:"The ids of the scenarios to include, in the order shown; default: every scenario."`
	Facilitator *Facilitator `yaml:"facilitator" doc:"Who facilitates the cohort."`
	// Notes are the facilitator's notes, in the order written.
	Notes []CohortNote `yaml:"notes" format:"notes,max=6000" doc:"Markdown facilitator notes keyed by scenario id, shown on that scenario's supervisor pages."`
	// File is the source path.
	File string `yaml:"-"`
}

// Facilitator says who facilitates a cohort.
type Facilitator struct {
	Name    Text `yaml:"name" format:"max=80" doc:"The facilitator's name, plain text."`
	Contact Text `yaml:"contact" format:"max=200" doc:"How trainees reach the facilitator, plain text (an address, a room, a channel)."`
}

// CohortNote is the facilitator's note on one scenario.
type CohortNote struct {
	Scenario Text // the scenario id, at its key
	Text     Text // Markdown
}

// CohortObjects lists the cohort file's mappings, for the loader and
// scenarios/cohort.schema.json.
var CohortObjects = []Object{
	{"cohort", reflect.TypeFor[Cohort](), "A cohort's own site: its name, welcome, scenarios and facilitator. See README.md, For cohorts."},
	{"facilitator", reflect.TypeFor[Facilitator](), "Who facilitates the cohort."},
}

// IDs returns the ids of the scenarios the cohort includes, in its order;
// nil for every scenario.
func (c *Cohort) IDs() []string {
	if c == nil || len(c.Scenarios) == 0 {
		return nil
	}
	return Values(c.Scenarios)
}

// Note returns the facilitator's note on the scenario id, or nil.
func (c *Cohort) Note(id string) *CohortNote {
	if c == nil {
		return nil
	}
	for i := range c.Notes {
		if c.Notes[i].Scenario.Value == id {
			return &c.Notes[i]
		}
	}
	return nil
}

// MarkdownFields returns every Markdown value of the cohort file, with its
// position: the welcome and each note.
func (c *Cohort) MarkdownFields() []*Text {
	var out []*Text
	markdownIn(reflect.ValueOf(c).Elem(), &out)
	for i := range c.Notes {
		out = append(out, &c.Notes[i].Text)
	}
	return out
}
