package publish

import (
	"html/template"
	"slices"
	"strings"

	"coachsim/generator/analysis"
	"coachsim/generator/diagram"
	"coachsim/generator/render"
	"coachsim/generator/scenario"
)

// Document is everything the site shows of one scenario, written once as
// Hugo data (data/scenarios/ID.json in the working copy). The content
// adapter site/content/scenarios/_content.gotmpl makes the scenario's
// pages from it, the layouts print it, and the browser script's data files
// are two of its fields (Play and Transcript) serialised by
// site/layouts/_partials/scripts.html. It holds facts only: every word a
// page says about them (titles, "the ending: ...", movement phrases,
// conditions in words) is in the site's templates.
//
// Markdown fields are HTML, rendered once by the generator's renderer (raw
// HTML dropped); Hugo never parses them, so text such as {{< x >}} stays
// literal. Every other string is plain text for the templates to escape.
// The JSON names are lower case because Hugo lower-cases map keys it
// hands to templates.
type Document struct {
	ID string `json:"id"`
	// Stamp is scenario.Stamp: the version every path in an address or in
	// storage carries.
	Stamp      string        `json:"stamp"`
	Title      string        `json:"title"`
	Summary    template.HTML `json:"summary"` // inline HTML
	Difficulty string        `json:"difficulty"`
	// DifficultyRank is the difficulty's place in scenario.Difficulties,
	// easiest first: the home page sorts by it, then by title.
	DifficultyRank int      `json:"difficulty_rank"`
	Minutes        int      `json:"minutes"`
	Skills         []Ref    `json:"skills"`
	ContentNotes   []string `json:"content_notes"`
	Client         Client   `json:"client"`
	Initial        Point    `json:"initial"`
	// Start is the id of the start moment.
	Start string `json:"start"`
	// Moments lists every moment in the YAML's order (decision moments
	// and endings); Index maps a moment's id to its place in Moments.
	Moments []Moment       `json:"moments"`
	Index   map[string]int `json:"index"`
	// Play is js/scenarios/ID.js, loaded by every page of the scenario
	// but the script: what coachsim.js needs to replay a path.
	Play Play `json:"play"`
	// Transcript is js/scenarios/ID.text.js, loaded by intro and ending
	// pages only: the titles and labels the transcript names things by.
	Transcript Transcript `json:"transcript"`
	// Texts holds, per decision moment, the words an ending's transcript
	// shows in full; scripts.html writes one file per moment
	// (js/scenarios/ID/MID.js) and one per choice's feedback
	// (js/scenarios/ID/MID-C.js), and an ending loads only those on its
	// path, so it stays light however long the scenario.
	Texts map[string]MomentText `json:"texts"`
	// Worked is the best path of the analysis (analysis.Result.Best), the
	// worked example an ending links to: "how an experienced coach might
	// have played it". Empty when no ending is reachable.
	Worked []WorkedStep `json:"worked"`
	// WorkedEnding is the ending the worked example reaches ("" for none).
	WorkedEnding string `json:"worked_ending"`
}

// MomentText is what an ending's transcript shows of one decision moment:
// the client's words and, per choice in the YAML's order, [response, the
// feedback's gist (its first sentence), index in Transcript.Levels, index
// in Transcript.Fits], all plain text; Feedback holds each choice's
// feedback in full, one string per paragraph.
type MomentText struct {
	Said     []string   `json:"said"`
	Choices  [][4]any   `json:"choices"`
	Feedback [][]string `json:"feedback"`
}

// WorkedStep is one step of the worked example: the choice made at Moment
// (its authored Index and the Number it is shown at) and the position after
// it.
type WorkedStep struct {
	Moment string `json:"moment"`
	Choice int    `json:"choice"`
	Number int    `json:"number"`
	After  Point  `json:"after"`
}

// Ref names a lesson (or a skill without one): Lesson is true when the
// site has a lesson of that name, at lessons/NAME.html.
type Ref struct {
	Name   string `json:"name"`
	Lesson bool   `json:"lesson"`
}

// Client is who the trainee coaches.
type Client struct {
	Name       string        `json:"name"`
	Role       string        `json:"role"`
	Background template.HTML `json:"background"`
}

// Point is a position on the plane and the slug of its quadrant.
type Point struct {
	Trust          int    `json:"trust"`
	Accountability int    `json:"accountability"`
	Quadrant       string `json:"quadrant"`
}

// Range is where on the plane a moment can be reached (from the analysis).
type Range struct {
	MinTrust          int `json:"min_trust"`
	MaxTrust          int `json:"max_trust"`
	MinAccountability int `json:"min_accountability"`
	MaxAccountability int `json:"max_accountability"`
}

// Moment is a decision moment (Choices) or an ending (Ending).
type Moment struct {
	ID      string        `json:"id"`
	Context template.HTML `json:"context"`
	Client  template.HTML `json:"client"`
	// Title is the authored heading (plain text), "" for none: pages then
	// say "Moment N", never the id, which may give the diagnosis away.
	Title string `json:"title"`
	// Step and Typical are analysis.Steps for a reachable decision moment
	// (0 otherwise): the step number on the shortest way in, and the
	// decisions a play takes from here on average, this one included
	// ("step 3 of about 8").
	Step    int `json:"step"`
	Typical int `json:"typical"`
	// Said is the start of what the client says, as plain text, for
	// naming the moment where a route leads.
	Said  string `json:"said"`
	Start bool   `json:"start"`
	// Reachable says whether any path from the start reaches the moment;
	// Range is where (nil when unreachable).
	Reachable bool   `json:"reachable"`
	Range     *Range `json:"range"`
	// Choices are in the YAML's order; Order is the order the trainee
	// sees them in (scenario.ShownOrders): authored indices.
	Choices []Choice `json:"choices"`
	Order   []int    `json:"order"`
	Ending  *Ending  `json:"ending"`
}

// Choice is one response of a decision moment.
type Choice struct {
	// Index is the authored index (in addresses and data-choice); Number
	// the 1-based place the trainee sees it at.
	Index          int           `json:"index"`
	Number         int           `json:"number"`
	Response       template.HTML `json:"response"` // inline HTML
	Feedback       template.HTML `json:"feedback"`
	Trust          int           `json:"trust"` // the effect as authored
	Accountability int           `json:"accountability"`
	Level          string        `json:"level"`
	LevelLabel     string        `json:"level_label"`
	Fit            string        `json:"fit"`
	FitLabel       string        `json:"fit_label"`
	Honours        []Tag         `json:"honours"`
	Breaks         []Tag         `json:"breaks"`
	// Lesson is the lesson the YAML names (it may be one the site lacks);
	// ReadMore the lesson its feedback page links to: Lesson, else the
	// lesson of the first idea it honours or breaks, else the spectrum
	// lesson, the first of these the site has ("" for none).
	Lesson   string   `json:"lesson"`
	ReadMore string   `json:"read_more"`
	Sets     []string `json:"sets"`
	// Next lists the routes in order; the last has no condition. Default
	// is its target, the page the site links to without JavaScript.
	Next    []Route `json:"next"`
	Default string  `json:"default"`
}

// Route is one way on from a choice.
type Route struct {
	If *Cond  `json:"if"` // nil for the default route
	To string `json:"to"`
}

// Cond is a condition: Text as written in the YAML, Words, and Any, its
// alternatives ("or"), each a list of terms ("and").
type Cond struct {
	Text string `json:"text"`
	// Words is the condition as a supervisor reads it
	// (diagram.CondWords): "trust is at least 2 and named-it is set".
	Words string `json:"words"`
	// Named: the condition tests a flag or a visit, whose names are the
	// author's (a moment id can name the diagnosis), so trainees' pages
	// do not spell it out.
	Named bool     `json:"named"`
	Any   [][]Term `json:"any"`
}

// Term is one test of a condition: Kind "flag" (the flag Name is set),
// "visit" (the path entered moment Name) or "compare" (Axis Op Value);
// Not negates a flag or visit.
type Term struct {
	Kind  string `json:"kind"`
	Name  string `json:"name,omitempty"`
	Not   bool   `json:"not,omitempty"`
	Axis  string `json:"axis,omitempty"`
	Op    string `json:"op,omitempty"`
	Value int    `json:"value"`
}

// Tag is an element, technique or move a choice honours or breaks, from
// scenario.Tags; Lesson is the lesson that teaches it, when the site has it.
type Tag struct {
	Name   string `json:"name"`
	Label  string `json:"label"`
	Kind   string `json:"kind"`
	Lesson string `json:"lesson"`
}

// Ending is what an ending moment adds.
type Ending struct {
	Title      string          `json:"title"` // "" when the YAML gives none
	Debrief    []Paragraph     `json:"debrief"`
	Reflection []template.HTML `json:"reflection"` // inline HTML
	// From the analysis: whether any path reaches the ending, in which
	// quadrants (slugs, best first), where, and by how many paths.
	Reached   bool     `json:"reached"`
	Quadrants []string `json:"quadrants"`
	Range     *Range   `json:"range"`
	Paths     string   `json:"paths"`
}

// Paragraph is one debrief paragraph; If is nil when every path shows it.
type Paragraph struct {
	HTML template.HTML `json:"html"`
	If   *Cond         `json:"if"`
}

// Lengths of the plain-text excerpts, in characters: where a route leads
// on the script page, and the gist of a response not taken (its full
// feedback is one link away).
const (
	excerptDestination = 48
	excerptGist        = 160
)

// documents builds Documents, rendering each distinct Markdown text once.
type documents struct {
	md      *render.Renderer
	lessons map[string]bool // the lessons the site has
	blocks  map[string]template.HTML
}

func (d *documents) block(md string) template.HTML {
	if h, ok := d.blocks[md]; ok {
		return h
	}
	if d.blocks == nil {
		d.blocks = map[string]template.HTML{}
	}
	h := d.md.Block(md)
	d.blocks[md] = h
	return h
}

func (d *documents) text(md string) string { return render.PlainText(d.block(md)) }

func (d *documents) lesson(name string) string {
	if name != "" && d.lessons[name] {
		return name
	}
	return ""
}

// Document builds the document of one checked scenario and its analysis
// (nil when there is none).
func (d *documents) Document(s *scenario.Scenario, a *analysis.Result) *Document {
	doc := &Document{
		ID:             s.ID.Value,
		Stamp:          scenario.Stamp(s),
		Title:          s.Title.Value,
		Summary:        d.md.Inline(s.Summary.Value),
		Difficulty:     string(s.Difficulty.Value),
		DifficultyRank: slices.Index(scenario.Difficulties, s.Difficulty.Value),
		Minutes:        s.Minutes.Value,
		Skills:         []Ref{},
		ContentNotes:   append([]string{}, scenario.Values(s.ContentNotes)...),
		Client:         Client{s.Client.Name.Value, s.Client.Role.Value, d.block(s.Client.Background.Value)},
		Initial:        point(s.Initial.Value),
		Moments:        []Moment{},
		Index:          map[string]int{},
	}
	for _, sk := range s.Skills {
		doc.Skills = append(doc.Skills, Ref{sk.Value, d.lessons[sk.Value]})
	}
	start := s.StartMoment()
	if start != nil {
		doc.Start = start.ID
	}
	orders := scenario.ShownOrders(s)
	for _, m := range s.Moments {
		if _, dup := doc.Index[m.ID]; dup {
			continue // the first moment with an id wins, as in scenario.Moment
		}
		dm := Moment{
			ID:        m.ID,
			Context:   d.block(m.Context.Value),
			Client:    d.block(m.Client.Value),
			Title:     m.Title.Value,
			Said:      render.Cut(d.text(m.Client.Value), excerptDestination),
			Start:     m == start,
			Reachable: a == nil || a.Reachable[m.ID],
			Choices:   []Choice{},
			Order:     []int{},
		}
		if a != nil && a.Reachable[m.ID] {
			if r, ok := a.Ranges[m.ID]; ok {
				dm.Range = rangeOf(r)
			}
		}
		if a != nil {
			if st, ok := a.Steps[m.ID]; ok {
				dm.Step, dm.Typical = st.First, st.Typical
			}
		}
		if m.IsEnding() {
			dm.Ending = d.ending(m, a)
		} else {
			dm.Order = scenario.Shown(orders, m)
			number := make([]int, len(dm.Order))
			for k, i := range dm.Order {
				number[i] = k + 1
			}
			for i, ch := range m.Choices {
				dm.Choices = append(dm.Choices, d.choice(ch, i, number[i]))
			}
		}
		doc.Index[m.ID] = len(doc.Moments)
		doc.Moments = append(doc.Moments, dm)
	}
	steps := map[string]int{}
	for _, m := range doc.Moments {
		steps[m.ID] = m.Step
	}
	doc.Play, doc.Transcript, doc.Texts = d.browserData(s, orders, steps)
	doc.Worked = []WorkedStep{}
	if a != nil && len(a.Best.Steps) > 0 {
		for _, st := range a.Best.Steps {
			dm := doc.Moments[doc.Index[st.Moment]]
			doc.Worked = append(doc.Worked, WorkedStep{st.Moment, st.Choice, dm.Choices[st.Choice].Number, point(st.After)})
		}
		doc.WorkedEnding = a.Best.End.Moment
	}
	return doc
}

// paragraphs returns Markdown as plain text, one string per block (split
// at blank lines), for the transcript, which the script writes as text.
func (d *documents) paragraphs(md string) []string {
	out := []string{}
	for _, b := range strings.Split(strings.ReplaceAll(md, "\r\n", "\n"), "\n\n") {
		if t := d.md.Text(b); strings.TrimSpace(t) != "" {
			out = append(out, t)
		}
	}
	return out
}

func (d *documents) choice(ch *scenario.Choice, i, number int) Choice {
	c := Choice{
		Index:          i,
		Number:         number,
		Response:       d.md.Inline(ch.Response.Value),
		Feedback:       d.block(ch.Feedback.Value),
		Trust:          ch.Trust.Value,
		Accountability: ch.Accountability.Value,
		Level:          string(ch.Level.Value),
		LevelLabel:     ch.Level.Value.Label(),
		Fit:            string(ch.Fit.Value),
		FitLabel:       ch.Fit.Value.Label(),
		Honours:        d.tags(scenario.Values(ch.Honours)),
		Breaks:         d.tags(scenario.Values(ch.Breaks)),
		Lesson:         ch.Lesson.Value,
		Sets:           append([]string{}, scenario.Values(ch.Sets)...),
		Next:           []Route{},
		Default:        ch.Default(),
	}
	c.ReadMore = d.lesson(ch.Lesson.Value)
	for _, n := range append(scenario.Values(ch.Honours), scenario.Values(ch.Breaks)...) {
		if c.ReadMore != "" {
			break
		}
		if t, ok := scenario.LookupTag(n); ok {
			c.ReadMore = d.lesson(t.Lesson)
		}
	}
	if c.ReadMore == "" {
		c.ReadMore = d.lesson("spectrum")
	}
	for _, r := range ch.Next {
		c.Next = append(c.Next, Route{If: cond(r.Cond), To: r.To.Value})
	}
	return c
}

func (d *documents) tags(names []string) []Tag {
	out := make([]Tag, 0, len(names))
	for _, n := range names {
		t, ok := scenario.LookupTag(n)
		if !ok {
			t = scenario.Tag{Name: n}
		}
		out = append(out, Tag{t.Name, t.Label, t.Kind, d.lesson(t.Lesson)})
	}
	return out
}

func (d *documents) ending(m *scenario.Moment, a *analysis.Result) *Ending {
	e := &Ending{Title: m.Ending.Title.Value, Debrief: []Paragraph{}, Reflection: []template.HTML{}, Quadrants: []string{}}
	for _, p := range m.Ending.Debrief {
		e.Debrief = append(e.Debrief, Paragraph{d.block(p.Text.Value), cond(p.Cond)})
	}
	for _, q := range m.Ending.Reflection {
		e.Reflection = append(e.Reflection, d.md.Inline(q.Value))
	}
	if a != nil {
		for _, info := range a.Endings {
			if info.Moment != m.ID {
				continue
			}
			e.Reached = info.Reached
			e.Paths = info.Paths.String()
			for _, q := range info.Quadrants {
				e.Quadrants = append(e.Quadrants, q.Slug())
			}
			if info.Reached {
				e.Range = rangeOf(info.Range)
			}
			break
		}
	}
	return e
}

func point(p scenario.Position) Point {
	return Point{p.Trust, p.Accountability, scenario.QuadrantOf(p).Slug()}
}

func rangeOf(r analysis.Range) *Range {
	return &Range{r.MinTrust, r.MaxTrust, r.MinAccountability, r.MaxAccountability}
}

func cond(c *scenario.Cond) *Cond {
	if c == nil {
		return nil
	}
	out := &Cond{Text: c.String(), Words: diagram.CondWords(c), Any: [][]Term{}}
	for _, all := range c.Any {
		terms := []Term{}
		for _, t := range all {
			switch t.Kind {
			case scenario.FlagSet:
				terms = append(terms, Term{Kind: "flag", Name: t.Name, Not: t.Not})
				out.Named = true
			case scenario.Visit:
				terms = append(terms, Term{Kind: "visit", Name: t.Name, Not: t.Not})
				out.Named = true
			default:
				terms = append(terms, Term{Kind: "compare", Axis: t.Axis, Op: t.Op, Value: t.Value})
			}
		}
		out.Any = append(out.Any, terms)
	}
	return out
}
