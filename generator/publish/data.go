package publish

import (
	"bytes"
	"encoding/json"
	"fmt"

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
const (
	excerptResponse = 90
	excerptFeedback = 110
	excerptClient   = 70
)

type jsData struct {
	ID        string               `json:"id"`
	Title     string               `json:"title"`
	Client    string               `json:"client"`
	Start     string               `json:"start"`
	Initial   [2]int               `json:"initial"` // trust, accountability
	URLs      jsURLs               `json:"urls"`
	Quadrants map[string][2]string `json:"quadrants"` // slug: name, meaning
	Moments   map[string]jsMoment  `json:"moments"`
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

// jsMoment is a decision (Choices) or an ending (Ending, its title).
type jsMoment struct {
	Ending  string     `json:"ending,omitempty"`
	Choices []jsChoice `json:"choices,omitempty"`
}

type jsChoice struct {
	Trust          int       `json:"t"`
	Accountability int       `json:"a"`
	Next           []jsRoute `json:"next"`
}

// jsRoute is a route; If is a disjunction of conjunctions of comparisons
// [axis, operator, value], absent for the default route.
type jsRoute struct {
	If [][][3]any `json:"if,omitempty"`
	To string     `json:"to"`
}

// jsText holds, per moment, the client's words and, per choice, the
// response, the first sentence of its feedback (both short plain text), its
// spectrum level and its fit; and the labels of the levels and fits.
type jsText struct {
	Levels  map[string]string       `json:"levels"` // level: label
	Fits    map[string]string       `json:"fits"`   // fit: label
	Moments map[string]jsMomentText `json:"moments"`
}

type jsMomentText struct {
	Said    string      `json:"said"`
	Choices [][4]string `json:"choices,omitempty"` // response, feedback, level, fit
}

func (c *content) scenarioData(s *scenario.Scenario) (*jsData, *jsText) {
	d := &jsData{
		ID:      s.ID,
		Title:   s.Title,
		Client:  s.Client.Name,
		Initial: [2]int{s.Initial.Trust, s.Initial.Accountability},
		URLs: jsURLs{
			Intro:    introFile(),
			Script:   scriptFile(),
			Moment:   momentFile("{m}"),
			Feedback: "feedback-{m}-{c}.html",
		},
		Quadrants: map[string][2]string{},
		Moments:   map[string]jsMoment{},
	}
	text := &jsText{Levels: map[string]string{}, Fits: map[string]string{}, Moments: map[string]jsMomentText{}}
	if m := s.StartMoment(); m != nil {
		d.Start = m.ID
	}
	for _, q := range scenario.Quadrants {
		d.Quadrants[q.Slug()] = [2]string{q.String(), q.Meaning()}
	}
	for _, m := range s.Moments {
		if _, dup := d.Moments[m.ID]; dup {
			continue // the first moment with an id wins, as in scenario.Moment
		}
		var jm jsMoment
		tm := jsMomentText{Said: render.Cut(c.text(m.Client), excerptClient)}
		if m.IsEnding() {
			jm.Ending = m.Ending.Title
			if jm.Ending == "" {
				jm.Ending = humanize(m.ID)
			}
		}
		for _, ch := range m.Choices {
			jc := jsChoice{
				Trust:          ch.Trust,
				Accountability: ch.Accountability,
			}
			text.Levels[string(ch.Level)] = ch.Level.Label()
			text.Fits[string(ch.Fit)] = ch.Fit.Label()
			for _, r := range ch.Next {
				jr := jsRoute{To: r.To}
				if r.Cond != nil {
					for _, all := range r.Cond.Any {
						var and [][3]any
						for _, cmp := range all {
							and = append(and, [3]any{cmp.Axis, cmp.Op, cmp.Value})
						}
						jr.If = append(jr.If, and)
					}
				}
				jc.Next = append(jc.Next, jr)
			}
			jm.Choices = append(jm.Choices, jc)
			tm.Choices = append(tm.Choices, [4]string{
				render.Cut(c.text(ch.Response), excerptResponse),
				render.Summarize(c.text(ch.Feedback), excerptFeedback),
				string(ch.Level),
				string(ch.Fit),
			})
		}
		d.Moments[m.ID] = jm
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
