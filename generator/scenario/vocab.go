package scenario

// Tag is a named idea from the coaching model that a response can honour
// or break: one of the five elements, a technique, or a step of the pattern
// conversation.
type Tag struct {
	Name   string // stable identifier used in YAML
	Label  string // reader-facing name
	Kind   string // "element", "technique", "pattern step" or "move"
	Lesson string // lesson that teaches it
}

// Tags is the vocabulary of the coaching model, in teaching order.
var Tags = []Tag{
	{"client-owned", "Client-owned commitments", "element", "five-elements"},
	{"specific-commitment", "Specific, time-bound, realistic commitments", "element", "five-elements"},
	{"learning-frame", "A learning frame for follow-up", "element", "five-elements"},
	{"direct-not-harsh", "Direct without harsh", "element", "five-elements"},
	{"coach-adjusts", "The coach adjusts too", "element", "five-elements"},

	{"observe", "Pattern conversation: observe", "pattern step", "pattern-conversation"},
	{"impact", "Pattern conversation: impact", "pattern step", "pattern-conversation"},
	{"explore", "Pattern conversation: explore", "pattern step", "pattern-conversation"},
	{"co-create", "Pattern conversation: co-create", "pattern step", "pattern-conversation"},
	{"agree", "Pattern conversation: agree", "pattern step", "pattern-conversation"},

	{"commitment-scale", "Commitment scale", "technique", "techniques"},
	{"pre-mortem", "Pre-mortem", "technique", "techniques"},
	{"accountability-partner", "Accountability partner", "technique", "techniques"},
	{"between-session-check-in", "Between-session check-in", "technique", "techniques"},
	{"celebrate-follow-through", "Celebrate follow-through", "technique", "techniques"},
	{"recommit-modify-let-go", "Recommit, modify or let go", "technique", "techniques"},

	{"name-what-you-notice", "Name what you notice", "move", "shame-and-accountability"},
	{"explore-meaning", "Ask what accountability means to them", "move", "shame-and-accountability"},
	{"offer-choice", "Offer a real choice of structure", "move", "pattern-conversation"},
	{"self-compassion", "Model self-compassion", "move", "shame-and-accountability"},
	{"release", "Release accountability", "move", "releasing-accountability"},
	{"ask-for-feedback", "Ask the client for feedback on the accountability", "move", "own-practice"},
}

// LookupTag returns the tag with the given name.
func LookupTag(name string) (Tag, bool) {
	for _, t := range Tags {
		if t.Name == name {
			return t, true
		}
	}
	return Tag{}, false
}
