package publish

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"

	"coachsim/generator/render"
	"coachsim/generator/scenario"
)

// The data each scenario's pages load with a plain <script src> (file://
// blocks fetch). js/scenarios/ID.js sets window.COACHSIM_DATA["ID"]: what
// coachsim.js needs on every page to replay a path (effects and routes,
// with conditions in a structured form), to build links (URL patterns) and
// to name things (quadrants, levels, fits, endings). It is kept small,
// because every moment page loads it. The transcript's words (short
// plain-text excerpts of each response, its feedback and what the client
// said) are only needed on ending pages, so they live apart, in
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
	ID    string `json:"id"`
	Title string `json:"title"`
	// Stamp is scenario.Stamp: every path in an address or in storage
	// carries it, and the script refuses to replay a path whose stamp
	// differs (the scenario changed since the path was recorded).
	Stamp     string            `json:"stamp"`
	Client    string            `json:"client"`
	Start     string            `json:"start"`
	Initial   [2]int            `json:"initial"` // trust, accountability
	URLs      jsURLs            `json:"urls"`
	Quadrants map[string]string `json:"quadrants"` // slug: name (meanings: jsText)
	// Moments maps a decision moment's id to its choices ([]jsChoice) and
	// an ending's id to its title (a string).
	Moments map[string]any `json:"moments"`
	// Order maps a moment whose choices are shown in another order than
	// authored to that order (scenario.ShownOrders): the authored indices,
	// in the order shown.
	Order map[string][]int `json:"order"`
	// Debrief maps an ending to its debrief paragraphs' conditions, one
	// per paragraph: 0 for a paragraph shown on every path, else a
	// condition (jsCond). An ending whose debrief is one unconditional
	// paragraph, the usual case, is left out: it reads as [0].
	Debrief map[string][]any `json:"debrief"`
}

// jsURLs are page addresses relative to the scenario's folder, where every
// page that loads the script lives. {m} stands for a moment id, {c} for a
// choice index.
type jsURLs struct {
	Intro    string `json:"intro"`
	Script   string `json:"script"`
	Moment   string `json:"moment"`
	Feedback string `json:"feedback"`
}

// jsChoice is encoded as [dTrust, dAccountability, routes], followed by
// the flags the choice sets when it sets any: [dT, dA, routes, [flag, ...]].
// routes is the target moment's id when the choice has only its default
// route, else [[if, to], ..., defaultTo], where if is a condition as
// jsCond encodes it.
type jsChoice struct {
	Trust          int
	Accountability int
	Routes         any
	Sets           []string
}

func (c jsChoice) MarshalJSON() ([]byte, error) {
	if len(c.Sets) > 0 {
		return json.Marshal([4]any{c.Trust, c.Accountability, c.Routes, c.Sets})
	}
	return json.Marshal([3]any{c.Trust, c.Accountability, c.Routes})
}

// jsText holds what only ending pages need: the quadrants' meanings, the
// labels of the levels and fits and, per moment, what the client says and,
// per choice, [response, feedback's first sentence, index in levels, index
// in fits] (the texts short and plain).
type jsText struct {
	Meanings map[string]string       `json:"meanings"` // quadrant slug: meaning
	Levels   []string                `json:"levels"`
	Fits     []string                `json:"fits"`
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

func (c *content) scenarioData(s *scenario.Scenario) (*jsData, *jsText) {
	d := &jsData{
		ID:      s.ID,
		Title:   s.Title,
		Stamp:   scenario.Stamp(s),
		Client:  s.Client.Name,
		Initial: [2]int{s.Initial.Trust, s.Initial.Accountability},
		URLs: jsURLs{
			Intro:    introFile(),
			Script:   scriptFile(),
			Moment:   momentFile("{m}"),
			Feedback: "feedback-{m}-{c}.html",
		},
		Quadrants: map[string]string{},
		Moments:   map[string]any{},
		Order:     map[string][]int{},
		Debrief:   map[string][]any{},
	}
	text := &jsText{Meanings: map[string]string{}, Levels: []string{}, Fits: []string{}, Moments: map[string]jsMomentText{}}
	if m := s.StartMoment(); m != nil {
		d.Start = m.ID
	}
	for _, q := range scenario.Quadrants {
		d.Quadrants[q.Slug()] = q.String()
		text.Meanings[q.Slug()] = q.Meaning()
	}
	for _, m := range s.Moments {
		if _, dup := d.Moments[m.ID]; dup {
			continue // the first moment with an id wins, as in scenario.Moment
		}
		tm := jsMomentText{Said: render.Cut(c.text(m.Client), excerptClient)}
		if m.IsEnding() {
			title := m.Ending.Title
			if title == "" {
				title = humanize(m.ID)
			}
			d.Moments[m.ID] = title // the transcript needs no words of an ending
			if deb := m.Ending.Debrief; len(deb) != 1 || deb[0].If != nil {
				conds := make([]any, 0, len(deb))
				for _, p := range deb {
					if p.If == nil {
						conds = append(conds, 0)
					} else {
						conds = append(conds, jsCond(p.If))
					}
				}
				d.Debrief[m.ID] = conds
			}
			continue
		}
		if o := c.orderOf(s, m); !slices.IsSorted(o) {
			d.Order[m.ID] = o
		}
		choices := []jsChoice{}
		for _, ch := range m.Choices {
			jc := jsChoice{Trust: ch.Trust, Accountability: ch.Accountability, Sets: ch.Sets}
			var routes []any
			for _, r := range ch.Next {
				if r.Cond == nil {
					routes = append(routes, r.To)
					continue
				}
				routes = append(routes, [2]any{jsCond(r.Cond), r.To})
			}
			jc.Routes = routes
			if len(routes) == 1 {
				jc.Routes = routes[0]
			}
			choices = append(choices, jc)
			tm.Choices = append(tm.Choices, [4]any{
				render.Cut(c.text(ch.Response), excerptResponse),
				render.Summarize(c.text(ch.Feedback), excerptFeedback),
				label(&text.Levels, ch.Level.Label()),
				label(&text.Fits, ch.Fit.Label()),
			})
		}
		d.Moments[m.ID] = choices
		text.Moments[m.ID] = tm
	}
	return d, text
}

// data writes js/scenarios/ID.js and ID.text.js under the working copy's
// static folder.
func (c *content) data(s *scenario.Scenario) error {
	d, text := c.scenarioData(s)
	b, err := dataScript("COACHSIM_DATA", s.ID, d)
	if err != nil {
		return err
	}
	if err := c.writeFile("static/js/scenarios/"+s.ID+".js", b); err != nil {
		return err
	}
	if b, err = dataScript("COACHSIM_TEXT", s.ID, text); err != nil {
		return err
	}
	return c.writeFile("static/js/scenarios/"+s.ID+".text.js", b)
}

// dataScript encodes v as the statement that registers it as
// window.GLOBAL[id]. encoding/json escapes <, > and &, so no text can close
// the script element or open a comment.
func dataScript(global, id string, v any) ([]byte, error) {
	js, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("encoding data of scenario %s: %w", id, err)
	}
	key, _ := json.Marshal(id)
	var b bytes.Buffer
	fmt.Fprintf(&b, "window.%[1]s=window.%[1]s||{};window.%[1]s[%[2]s]=", global, key)
	b.Write(js)
	b.WriteString(";\n")
	return b.Bytes(), nil
}
