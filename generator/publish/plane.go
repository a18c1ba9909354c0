package publish

import "coachsim/generator/scenario"

// Plane is the trust/accountability plane as the site draws and scores it,
// written once as data/plane.json: the quadrant picture
// (layouts/_partials/quadrant.html) draws from it, and
// layouts/_partials/scripts.html hands it to coachsim.js
// (window.COACHSIM_SITE.plane), so neither keeps a copy of the rules in
// generator/scenario.
type Plane struct {
	// Min and Max bound each axis (scenario.MinCoord, scenario.MaxCoord);
	// positions are clamped to them after every move.
	Min int `json:"min"`
	Max int `json:"max"`
	// High is the zero-line rule: a coordinate counts as high only above
	// it (scenario.QuadrantOf).
	High int `json:"high"`
	// Quadrants lists the quadrants best first (scenario.Quadrants), each
	// with the side of the zero lines it lies on.
	Quadrants []Quadrant `json:"quadrants"`
	// SVG is the picture's geometry, in SVG user units.
	SVG Geometry `json:"svg"`
}

// Quadrant is one region of the plane.
type Quadrant struct {
	Slug               string `json:"slug"`
	Name               string `json:"name"`
	Meaning            string `json:"meaning"`
	HighTrust          bool   `json:"high_trust"`
	HighAccountability bool   `json:"high_accountability"`
}

// Geometry places the plane in the picture: trust t is drawn at
// x = X + Unit*t, accountability a at y = Y - Unit*a, inside a view box
// Width by Height. Each whole position is the centre of a Unit square, so
// the zero lines and the edges sit half a unit outside the positions.
// The quadrant names are drawn outside the plane (above and below it), so
// no position can cover them; Text is the size of every label in user
// units, chosen so that the picture at a phone's width (about 330 CSS
// pixels for the view box) shows them at the body text size.
type Geometry struct {
	Width  int `json:"width"`
	Height int `json:"height"`
	X      int `json:"x"`
	Y      int `json:"y"`
	Unit   int `json:"unit"`
	Text   int `json:"text"`
}

// zeroLine is the value above which a coordinate is high. The scenario
// package states the rule in QuadrantOf; TestPlaneMatchesScenario holds
// this to it.
const zeroLine = 0

// SitePlane returns the plane of the scenario package.
func SitePlane() Plane {
	p := Plane{
		Min:  scenario.MinCoord,
		Max:  scenario.MaxCoord,
		High: zeroLine,
		// Left of the plane: the rotated axis name and the ticks (about 70
		// units); above and below it, a row of quadrant names; below, the
		// ticks first. A unit of 14 keeps a one-point move longer than the
		// arrowhead and the two dots it joins.
		SVG: Geometry{Width: 378, Height: 380, X: 219, Y: 180, Unit: 14, Text: 18},
	}
	side := func(high bool) int {
		if high {
			return zeroLine + 1
		}
		return zeroLine
	}
	for _, q := range scenario.Quadrants {
		out := Quadrant{Slug: q.Slug(), Name: q.String(), Meaning: q.Meaning()}
		for _, hiT := range []bool{false, true} {
			for _, hiA := range []bool{false, true} {
				if scenario.QuadrantOf(scenario.Position{Trust: side(hiT), Accountability: side(hiA)}) == q {
					out.HighTrust, out.HighAccountability = hiT, hiA
				}
			}
		}
		p.Quadrants = append(p.Quadrants, out)
	}
	return p
}

// SiteTags returns the coaching model's vocabulary (scenario.Tags), written
// as data/tags.json: a lesson page lists the ideas it teaches. Lesson is
// kept only for lessons the site has.
func SiteTags(lessons map[string]bool) []Tag {
	out := make([]Tag, 0, len(scenario.Tags))
	for _, t := range scenario.Tags {
		l := t.Lesson
		if !lessons[l] {
			l = ""
		}
		out = append(out, Tag{t.Name, t.Label, t.Kind, l})
	}
	return out
}
