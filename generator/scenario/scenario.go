// Package scenario holds the coachsim scenario model: scenarios, moments,
// choices and routes, the trust/accountability plane they move on, and the
// vocabulary of the coaching model (spectrum levels, elements, techniques).
//
// It does no I/O. The load package builds these values from YAML and records
// where each came from; the analysis package explores them.
package scenario

import (
	"strings"

	"coachsim/generator/diag"
)

// Field is one authored value and where it was written. Every value the
// loader reads from a scenario file is a Field (or a list of them), so a
// check can always point at the exact place, and no field can be left
// without a position by a typo in a lookup key.
type Field[T any] struct {
	Value T
	// Pos is the value's first character; the key's when the key has no
	// value, and zero when the field was not written at all.
	Pos diag.Pos
}

// Text is an authored string: plain text, an id, or Markdown (the fields
// tagged format:"markdown").
type Text = Field[string]

// Values returns the values of a list of fields.
func Values[T any](fs []Field[T]) []T {
	out := make([]T, len(fs))
	for i, f := range fs {
		out[i] = f.Value
	}
	return out
}

// The struct tags below define the YAML format, once. yaml gives the key;
// format lists options: "required" (the loader reports it missing),
// "markdown" (rendered with goldmark and checked for raw HTML), "oneof"
// (exactly one of the fields so marked must be given); doc is the
// one-line description the JSON Schema carries. Enums and numeric ranges
// are in format.go. The loader, scenarios/scenario.schema.json (go
// generate) and the README's field tables (a test) all follow these.

// Scenario is one role-play, loaded from one YAML file.
type Scenario struct {
	ID           Text              `yaml:"id" format:"id" doc:"Path-safe id; defaults to the file name."`
	Title        Text              `yaml:"title" format:"required,max=120" doc:"The name trainees see in the list."`
	Summary      Text              `yaml:"summary" format:"required,markdown,max=800" doc:"One or two sentences of Markdown: the situation and what it trains."`
	Difficulty   Field[Difficulty] `yaml:"difficulty" format:"required" doc:"How hard the scenario is for a trainee."`
	Minutes      Field[int]        `yaml:"minutes" format:"required" doc:"Estimated minutes for one play-through."`
	Skills       []Text            `yaml:"skills" format:"required,nonempty,lesson" doc:"Lessons this scenario trains."`
	ContentNotes []Text            `yaml:"content_notes" format:"max=300" doc:"Notes for trainees about sensitive themes."`
	Client       Client            `yaml:"client" format:"required" doc:"The person the trainee is coaching."`
	Start        Text              `yaml:"start" format:"moment" doc:"Id of the first moment; defaults to the first moment listed."`
	Initial      Field[Position]   `yaml:"position" doc:"Starting position on the plane; defaults to 0, 0."`
	// Moments are keyed by id in the YAML, in the order written.
	Moments []*Moment `yaml:"moments" format:"required,moments" doc:"The moments, keyed by id."`
	// File is the source path.
	File string `yaml:"-"`

	byID map[string]*Moment
}

// Client describes the person the trainee is coaching.
type Client struct {
	Name       Text `yaml:"name" format:"required,max=80" doc:"The client's name, plain text."`
	Role       Text `yaml:"role" format:"required,max=160" doc:"The client's role, plain text."`
	Background Text `yaml:"background" format:"required,markdown,max=6000" doc:"Markdown: who the client is and why they came to coaching."`
}

// Moment is one node of the scenario: what the client says, and either the
// trainee's choices or, for an ending, the debrief.
type Moment struct {
	ID string `yaml:"-"` // its key in moments
	// Title names the moment for the trainee ("Monday, nine o'clock"). It
	// is shown before they answer, so it must not give the diagnosis
	// away; without one the site says "Moment N".
	Title   Text `yaml:"title" format:"max=80" doc:"A heading for the trainee, shown before they answer: it must not give the diagnosis away. Default: Moment N."`
	Context Text `yaml:"context" format:"markdown,max=3000" doc:"Markdown stage direction or background for this moment."`
	Client  Text `yaml:"client" format:"required,markdown,max=3000" doc:"Markdown: what the client says and does."`
	// Order says how the choices are shown: shuffled by the build (the
	// default, OrderShuffled) or in the authored order (OrderFixed).
	Order   Field[Order] `yaml:"order" doc:"How the choices are shown: shuffled (the default) or fixed."`
	Choices []*Choice    `yaml:"choices" format:"oneof,nonempty" doc:"The trainee's possible responses."`
	Ending  *Ending      `yaml:"ending" format:"oneof" doc:"Makes the moment an ending."`
	Pos     diag.Pos     `yaml:"-"` // position of the moment's key
	Index   int          `yaml:"-"` // order in the file
}

// Order says how a moment's choices are shown to the trainee.
type Order string

// The orders. The zero value means OrderShuffled.
const (
	OrderShuffled Order = "shuffled"
	OrderFixed    Order = "fixed"
)

// Orders lists the valid orders, the default first.
var Orders = []Order{OrderShuffled, OrderFixed}

// IsEnding reports whether the moment ends the scenario.
func (m *Moment) IsEnding() bool { return m.Ending != nil }

// Ending is the debrief attached to a final moment.
type Ending struct {
	Title Text `yaml:"title" format:"required,max=120" doc:"The outcome's name, plain text."`
	// Debrief holds the debrief's paragraphs, in order. A plain string in
	// the YAML is one unconditional paragraph.
	Debrief    []Paragraph `yaml:"debrief" format:"required,debrief" doc:"One Markdown text, or a list of paragraphs (texts or {if, text})."`
	Reflection []Text      `yaml:"reflection" format:"required,nonempty,max=500" doc:"Questions for the trainee."`
}

// Condition is an authored condition: its text, where it starts, and the
// parsed form. A zero Condition (Cond nil) always holds.
type Condition struct {
	Cond    *Cond
	CondSrc Text // as written; Pos is the text's first character
	// CondExact reports whether columns in CondSrc map one to one onto the
	// source line from CondSrc.Pos (a one-line plain or simply quoted
	// scalar), so errors inside it can point at the exact column.
	CondExact bool
	// Broken reports a condition that was written but could not be read
	// (the loader reported why). Such a route is not a default, so
	// analysis of a scenario holding one would mislead.
	Broken bool
}

// Holds reports whether the condition holds at p with facts f.
func (c Condition) Holds(p Position, f Facts) bool { return c.Cond == nil || c.Cond.Eval(p, f) }

// Paragraph is one part of an ending's debrief, shown only on paths where
// its condition holds (always, when Cond is nil).
type Paragraph struct {
	Condition `yaml:"if" format:"condition,max=400" doc:"A condition tested at the ending; without it the paragraph always shows."`
	Text      Text `yaml:"text" format:"required,markdown,max=3000" doc:"The paragraph, Markdown."`
}

// DebriefText returns the debrief's paragraphs, conditional or not, as one
// Markdown text.
func (e *Ending) DebriefText() string {
	parts := make([]string, 0, len(e.Debrief))
	for _, p := range e.Debrief {
		parts = append(parts, p.Text.Value)
	}
	return strings.Join(parts, "\n\n")
}

// Shown returns the indices of the paragraphs shown at the ending when it
// is reached at p with the given facts.
func (e *Ending) Shown(p Position, f Facts) []int {
	var out []int
	for i, para := range e.Debrief {
		if para.Holds(p, f) {
			out = append(out, i)
		}
	}
	return out
}

// Choice is one response the trainee can give at a moment.
type Choice struct {
	Response       Text         `yaml:"response" format:"required,markdown,max=1200" doc:"Markdown: what the trainee says or does."`
	Trust          Field[int]   `yaml:"trust" format:"required" doc:"Effect on trust."`
	Accountability Field[int]   `yaml:"accountability" format:"required" doc:"Effect on accountability."`
	Level          Field[Level] `yaml:"level" format:"required" doc:"The accountability spectrum level the response uses, or none."`
	Fit            Field[Fit]   `yaml:"fit" format:"required" doc:"Whether that level suits this moment."`
	Honours        []Text       `yaml:"honours" format:"tag" doc:"Elements, techniques or pattern steps the response honours."`
	Breaks         []Text       `yaml:"breaks" format:"tag" doc:"Elements, techniques or pattern steps the response breaks."`
	Feedback       Text         `yaml:"feedback" format:"expected,markdown,max=3000" doc:"Markdown: the effect on both axes, the level and its fit, and why."`
	Lesson         Text         `yaml:"lesson" format:"lesson" doc:"The lesson to read next, by name."`
	Sets           []Text       `yaml:"sets" format:"single,flag" doc:"Flags set when the trainee picks this choice: a list of names, or one name."`
	Next           []Route      `yaml:"next" format:"required,next" doc:"A moment id, or a list of routes ending with a default {to: ...}."` // ordered; the last has no condition
	Index          int          `yaml:"-"`                                                                                                   // order within the moment
	Pos            diag.Pos     `yaml:"-"`                                                                                                   // position of the list item
}

// Route is one branch of a choice's destination: go To when the condition
// holds. A route without a condition always holds and is the default.
type Route struct {
	Condition `yaml:"if" format:"condition,max=400" doc:"A condition tested right after this choice; every route but the last has one."`
	To        Text `yaml:"to" format:"required,moment" doc:"The id of the moment to go to."`
}

// At returns the position of byte offset off in a condition whose text
// starts at base: exact when the columns map one to one, else base itself.
func At(base diag.Pos, exact bool, off int) diag.Pos {
	if exact && base.IsValid() {
		base.Col += off
	}
	return base
}

// Default returns the destination taken when no condition holds, which is
// also the route a trainee follows with JavaScript off.
func (c *Choice) Default() string {
	if len(c.Next) == 0 {
		return ""
	}
	return c.Next[len(c.Next)-1].To.Value
}

// Target returns the moment the choice leads to from position p (the
// position after the choice's own effect is applied) with facts f (the
// flags after the choice's own flags are set; nil for none).
func (c *Choice) Target(p Position, f Facts) string {
	if i := c.Route(p, f); i >= 0 {
		return c.Next[i].To.Value
	}
	return ""
}

// Route returns the index of the route taken from p with facts f, or -1.
func (c *Choice) Route(p Position, f Facts) int {
	for i, r := range c.Next {
		if r.Holds(p, f) {
			return i
		}
	}
	return -1
}

// Moment returns the moment with the given id, or nil.
func (s *Scenario) Moment(id string) *Moment {
	if s.byID == nil {
		s.Index()
	}
	return s.byID[id]
}

// Index rebuilds the id lookup table; call it after changing Moments.
// When ids repeat, the first moment wins.
func (s *Scenario) Index() {
	s.byID = make(map[string]*Moment, len(s.Moments))
	for _, m := range s.Moments {
		if _, dup := s.byID[m.ID]; !dup {
			s.byID[m.ID] = m
		}
	}
}

// StartMoment returns the first moment of the scenario, or nil.
func (s *Scenario) StartMoment() *Moment {
	if s.Start.Value != "" {
		return s.Moment(s.Start.Value)
	}
	if len(s.Moments) > 0 {
		return s.Moments[0]
	}
	return nil
}

// Difficulty grades how hard a scenario is for a trainee.
type Difficulty string

// The difficulties, easiest first.
const (
	Introductory Difficulty = "introductory"
	Intermediate Difficulty = "intermediate"
	Advanced     Difficulty = "advanced"
)

// Difficulties lists the valid difficulties in order.
var Difficulties = []Difficulty{Introductory, Intermediate, Advanced}

// Level is a rung of the accountability spectrum.
type Level string

// The four levels of the accountability spectrum, lightest first, and None
// for a response that makes no accountability move at all.
const (
	None            Level = "none"
	SelfDirected    Level = "self-directed"
	LearningCheckIn Level = "learning-check-in"
	DirectTracking  Level = "direct-tracking"
	Consequences    Level = "consequences"
)

// Levels lists the valid levels, None first then the spectrum in order.
var Levels = []Level{None, SelfDirected, LearningCheckIn, DirectTracking, Consequences}

// Fit says whether the level a response used suited the moment.
type Fit string

// The possible fits.
const (
	Fits    Fit = "fits"
	TooSoft Fit = "too-soft"
	TooFirm Fit = "too-firm"
)

// Fits lists the valid fits.
var FitValues = []Fit{Fits, TooSoft, TooFirm}

// Label returns the reader-facing name of a level.
func (l Level) Label() string {
	switch l {
	case None:
		return "No accountability move"
	case SelfDirected:
		return "Level 1: self-directed"
	case LearningCheckIn:
		return "Level 2: learning-focused check-in"
	case DirectTracking:
		return "Level 3: direct tracking"
	case Consequences:
		return "Level 4: consequences"
	}
	return string(l)
}

// Allows reports whether a response at level l can have fit f. A response
// that makes no accountability move, or only invites the client to direct
// their own, cannot be too firm (there is nothing lighter to fall back to:
// a harsh non-move shows its cost in trust instead), and consequences, the
// heaviest level, cannot be too soft. scenarios/RUBRIC.md explains it.
func (l Level) Allows(f Fit) bool {
	switch {
	case f == TooFirm && (l == None || l == SelfDirected):
		return false
	case f == TooSoft && l == Consequences:
		return false
	}
	return true
}

// Label returns the reader-facing wording of a fit.
func (f Fit) Label() string {
	switch f {
	case Fits:
		return "fits this moment"
	case TooSoft:
		return "too soft for this moment"
	case TooFirm:
		return "too firm for this moment"
	}
	return string(f)
}
