// Package scenario holds the coachsim scenario model: scenarios, moments,
// choices and routes, the trust/accountability plane they move on, and the
// vocabulary of the coaching model (spectrum levels, elements, techniques).
//
// It does no I/O. The load package builds these values from YAML and records
// where each came from; the analysis package explores them.
package scenario

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
	Pos     Pos // position of the moment's key
	Index   int // order in the file
}

// IsEnding reports whether the moment ends the scenario.
func (m *Moment) IsEnding() bool { return m.Ending != nil }

// Ending is the debrief attached to a final moment.
type Ending struct {
	Title      string
	Debrief    string   // Markdown
	Reflection []string // questions for the trainee
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
	CondPos Pos // position of the condition text
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
// position after the choice's own effect is applied).
func (c *Choice) Target(p Position) string {
	for _, r := range c.Next {
		if r.Cond == nil || r.Cond.Eval(p) {
			return r.To
		}
	}
	return ""
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
