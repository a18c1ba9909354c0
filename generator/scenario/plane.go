package scenario

// The scoring plane. Everything that turns numbers into a place on the
// trust/accountability quadrant is defined here, once; the site's script
// (site/assets/js/replay.js, bundled into coachsim.js and facilitator.js)
// mirrors these rules and a test keeps the two in agreement.

const (
	// MinCoord and MaxCoord bound each axis. Positions are clamped after
	// every move, so the state space is finite and loops terminate.
	MinCoord = -10
	MaxCoord = 10
	// MaxEffect bounds the size of a single choice's effect on either axis.
	MaxEffect = 3
)

// Position is a point on the plane: trust across, accountability up.
type Position struct {
	Trust          int `yaml:"trust"`
	Accountability int `yaml:"accountability"`
}

// Move returns p moved by the choice's effect, clamped to the plane.
func (p Position) Move(dTrust, dAccountability int) Position {
	return Position{clamp(p.Trust + dTrust), clamp(p.Accountability + dAccountability)}
}

// Clamp returns p with each coordinate limited to [MinCoord, MaxCoord].
func (p Position) Clamp() Position { return Position{clamp(p.Trust), clamp(p.Accountability)} }

func clamp(v int) int {
	if v < MinCoord {
		return MinCoord
	}
	if v > MaxCoord {
		return MaxCoord
	}
	return v
}

// Quadrant is one of the four regions of the plane.
type Quadrant int

// The quadrants. A coordinate counts as high only when it is strictly
// positive: zero is "not yet built", so a fresh relationship at (0, 0) sits
// in Ineffective until the coach earns movement on both axes.
const (
	Ineffective      Quadrant = iota // trust <= 0, accountability <= 0
	Stagnation                       // trust > 0, accountability <= 0
	Compliance                       // trust <= 0, accountability > 0
	Transformational                 // trust > 0, accountability > 0
)

// Quadrants lists every quadrant, best first.
var Quadrants = []Quadrant{Transformational, Compliance, Stagnation, Ineffective}

// QuadrantOf returns the quadrant a position lies in.
func QuadrantOf(p Position) Quadrant {
	hiT, hiA := p.Trust > 0, p.Accountability > 0
	switch {
	case hiT && hiA:
		return Transformational
	case hiA:
		return Compliance
	case hiT:
		return Stagnation
	}
	return Ineffective
}

// String returns the quadrant's name as the coaching model uses it.
func (q Quadrant) String() string {
	switch q {
	case Transformational:
		return "Transformational coaching"
	case Compliance:
		return "Compliance culture"
	case Stagnation:
		return "Comfortable stagnation"
	case Ineffective:
		return "Ineffective coaching"
	}
	return "unknown"
}

// Slug returns a short stable identifier for the quadrant.
func (q Quadrant) Slug() string {
	switch q {
	case Transformational:
		return "transformational"
	case Compliance:
		return "compliance"
	case Stagnation:
		return "stagnation"
	case Ineffective:
		return "ineffective"
	}
	return "unknown"
}

// Meaning returns one sentence on what the quadrant means for the client.
func (q Quadrant) Meaning() string {
	switch q {
	case Transformational:
		return "The client trusts your intent, so they accept real challenge and act on it."
	case Compliance:
		return "The client performs to avoid judgment and keeps what is really hard out of the room."
	case Stagnation:
		return "The sessions feel safe and warm, and little changes between them."
	case Ineffective:
		return "There is neither safety nor challenge yet, so nothing of substance happens."
	}
	return ""
}

// Score orders end positions from worst to best: the sum of both axes, so
// that a path which builds both trust and accountability ranks highest.
func (p Position) Score() int { return p.Trust + p.Accountability }
