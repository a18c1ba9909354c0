// Package scenario holds the coachsim scenario model: scenarios, moments,
// choices and routes, the trust/accountability plane they move on, and the
// vocabulary of the coaching model (spectrum levels, elements, techniques).
//
// It does no I/O. The load package builds these values from YAML and records
// where each came from; the analysis package explores them.
package scenario

import "strings"

// Pos is a place in a source file. Line and Col are 1-based; a zero Pos means
// "unknown" and is printed as the file alone.
type Pos struct {
	File string
	Line int
	Col  int
}

// IsValid reports whether the position names a line.
func (p Pos) IsValid() bool { return p.Line > 0 }

// Scenario is one role-play, loaded from one YAML file.
type Scenario struct {
	ID           string
	Title        string
	Summary      string // Markdown
	Difficulty   Difficulty
	Minutes      int
	Skills       []string // lesson names the scenario trains
	ContentNotes []string
	Client       Client
	Start        string   // id of the first moment
	Initial      Position // starting position on the plane
	Moments      []*Moment
	// File is the source path, and Pos the position of each field, for
	// diagnostics. Keys are field paths such as "title" or "moments.opening".
	File string
	Pos  map[string]Pos

	byID map[string]*Moment
}

// Client describes the person the trainee is coaching.
type Client struct {
	Name       string
	Role       string
	Background string // Markdown
}

// Moment is one node of the scenario: what the client says, and either the
// trainee's choices or, for an ending, the debrief.
type Moment struct {
	ID      string
	Context string // Markdown stage direction, optional
	Client  string // Markdown: what the client says and does
	Choices []*Choice
	Ending  *Ending
	// Order says how the choices are shown: shuffled by the build (the
	// default, OrderShuffled) or in the authored order (OrderFixed).
	Order Order
	Pos   Pos // position of the moment's key
	Index int // order in the file
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
	Title string
	// Debrief holds the debrief's paragraphs, in order. A plain string in
	// the YAML is one unconditional paragraph.
	Debrief    []Paragraph
	Reflection []string // questions for the trainee
}

// Paragraph is one part of an ending's debrief, shown only on paths where
// its condition holds (always, when If is nil).
type Paragraph struct {
	Text  string // Markdown
	If    *Cond
	IfSrc string
	Pos   Pos // position of the text
	IfPos Pos // position of the condition text's first character
	// IfExact reports whether columns in IfSrc map one to one onto the
	// source line from IfPos (a one-line plain or simply quoted scalar).
	IfExact bool
}

// DebriefText returns the debrief's paragraphs, conditional or not, as one
// Markdown text.
func (e *Ending) DebriefText() string {
	parts := make([]string, 0, len(e.Debrief))
	for _, p := range e.Debrief {
		parts = append(parts, p.Text)
	}
	return strings.Join(parts, "\n\n")
}

// Shown returns the indices of the paragraphs shown at the ending when it
// is reached at p with the given facts.
func (e *Ending) Shown(p Position, f Facts) []int {
	var out []int
	for i, para := range e.Debrief {
		if para.If == nil || para.If.Eval(p, f) {
			out = append(out, i)
		}
	}
	return out
}

// Choice is one response the trainee can give at a moment.
type Choice struct {
	Response       string // Markdown: what the trainee says
	Trust          int    // effect on trust
	Accountability int    // effect on accountability
	Level          Level
	Fit            Fit
	Honours        []string // elements, techniques or pattern steps the response honours
	Breaks         []string // ... and those it breaks
	Feedback       string   // Markdown
	Lesson         string   // lesson name, optional
	Sets           []string // flags the choice sets, in the order written
	SetsPos        []Pos    // position of each name in Sets
	Next           []Route  // ordered; the last has no condition
	Index          int      // order within the moment
	Pos            Pos      // position of the list item
	FieldPos       map[string]Pos
}

// Route is one branch of a choice's destination: go To when Cond holds.
// A nil Cond always holds and is the default.
type Route struct {
	Cond    *Cond
	CondSrc string
	To      string
	Pos     Pos // position of the target moment id
	CondPos Pos // position of the condition text's first character
	// CondExact reports whether columns in CondSrc map one to one onto the
	// source line from CondPos.
	CondExact bool
}

// At returns the position of byte offset off in a condition whose text
// starts at base: exact when the columns map one to one, else base itself.
func At(base Pos, exact bool, off int) Pos {
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
	return c.Next[len(c.Next)-1].To
}

// Target returns the moment the choice leads to from position p (the
// position after the choice's own effect is applied) with facts f (the
// flags after the choice's own flags are set; nil for none).
func (c *Choice) Target(p Position, f Facts) string {
	if i := c.Route(p, f); i >= 0 {
		return c.Next[i].To
	}
	return ""
}

// Route returns the index of the route taken from p with facts f, or -1.
func (c *Choice) Route(p Position, f Facts) int {
	for i, r := range c.Next {
		if r.Cond == nil || r.Cond.Eval(p, f) {
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
	if s.Start != "" {
		return s.Moment(s.Start)
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
