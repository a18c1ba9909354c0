package scenario

import (
	"errors"
	"strings"
	"testing"
)

func TestParseFlagConditions(t *testing.T) {
	facts := FactSet{Flags: map[string]bool{"named-the-pattern": true, "2nd-try": true}, Visits: map[string]bool{"gerald": true, "1-opening": true}}
	none := FactSet{}
	tests := []struct {
		src     string
		canon   string
		p       Position
		with    bool // holds with facts
		without bool // holds with no flags and no visits
		errOff  int
		errPart string
	}{
		{src: "named-the-pattern", canon: "named-the-pattern", with: true, without: false},
		{src: "not named-the-pattern", canon: "not named-the-pattern", with: false, without: true},
		{src: "visited gerald", canon: "visited gerald", with: true},
		{src: "not visited gerald", canon: "not visited gerald", without: true},
		{src: "visited 1-opening and 2nd-try", canon: "visited 1-opening and 2nd-try", with: true},
		{src: "named-the-pattern and trust>=2", canon: "named-the-pattern and trust >= 2", p: Position{2, 0}, with: true},
		{src: "named-the-pattern and trust >= 2", canon: "named-the-pattern and trust >= 2", p: Position{1, 0}},
		// "and" binds tighter than "or", for flags as for comparisons.
		{src: "trust > 5 or visited gerald and not named-the-pattern", canon: "trust > 5 or visited gerald and not named-the-pattern", p: Position{6, 0}, with: true, without: true},
		{src: "trust > 5 or visited gerald and not named-the-pattern", canon: "trust > 5 or visited gerald and not named-the-pattern"},
		{src: "accountability <= -3 or not named-the-pattern", canon: "accountability <= -3 or not named-the-pattern", p: Position{0, -3}, with: true, without: true},
		{src: "trust >= -10", canon: "trust >= -10", with: true, without: true},
		{src: "not", errOff: 3, errPart: `ends after "not"`},
		{src: "not trust > 2", errOff: 0, errPart: "reverse the comparison"},
		{src: "visited", errOff: 7, errPart: `ends after "visited"`},
		{src: "visited and", errOff: 8, errPart: "expected a moment id"},
		{src: "visited -2", errOff: 8, errPart: "expected a moment id"},
		{src: "named and", errOff: 9, errPart: "ends early"},
		{src: "named or 3", errOff: 9, errPart: "found the number"},
		{src: "trst >= 2", errOff: 0, errPart: `did you mean "trust"?`},
		{src: "colour > 2", errOff: 0, errPart: "is not an axis"},
		{src: "trust >= -11", errOff: 9, errPart: "off the plane"},
		{src: "trust >= 99999999999999999999", errOff: 9, errPart: "off the plane"},
		{src: "named flag", errOff: 6, errPart: "expected and, or"},
		{src: "-named", errOff: 0, errPart: "unexpected character"},
	}
	for _, tt := range tests {
		t.Run(tt.src, func(t *testing.T) {
			c, err := ParseCond(tt.src)
			if tt.errPart != "" {
				var ce *CondError
				if !errors.As(err, &ce) {
					t.Fatalf("ParseCond(%q) = %v, %v; want a CondError", tt.src, c, err)
				}
				if ce.Offset != tt.errOff || !strings.Contains(ce.Msg, tt.errPart) {
					t.Fatalf("error at %d %q, want at %d containing %q", ce.Offset, ce.Msg, tt.errOff, tt.errPart)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if c.String() != tt.canon {
				t.Errorf("String() = %q, want %q", c.String(), tt.canon)
			}
			if got := c.Eval(tt.p, facts); got != tt.with {
				t.Errorf("with flags at %v: %v, want %v", tt.p, got, tt.with)
			}
			if got := c.Eval(tt.p, none); got != tt.without {
				t.Errorf("without flags at %v: %v, want %v", tt.p, got, tt.without)
			}
			if got := c.Eval(tt.p, nil); got != tt.without {
				t.Errorf("nil facts at %v: %v, want %v", tt.p, got, tt.without)
			}
			// The canonical form parses back to the same condition.
			again, err := ParseCond(c.String())
			if err != nil || again.String() != c.String() {
				t.Errorf("canonical form %q does not round-trip: %v", c.String(), err)
			}
		})
	}
}

func TestTermOffsets(t *testing.T) {
	c, err := ParseCond("trust > 1 and not named or visited gerald")
	if err != nil {
		t.Fatal(err)
	}
	var got []int
	for _, term := range c.Terms() {
		got = append(got, term.Off)
	}
	want := []int{0, 18, 35}
	if len(got) != len(want) || got[0] != want[0] || got[1] != want[1] || got[2] != want[2] {
		t.Errorf("offsets = %v, want %v (the axis, the flag after not, the moment after visited)", got, want)
	}
}

func TestEndingShown(t *testing.T) {
	cond, _ := ParseCond("visited gerald")
	e := &Ending{Debrief: []Paragraph{{Text: Text{Value: "a"}}, {Text: Text{Value: "b"}, Condition: Condition{Cond: cond}}, {Text: Text{Value: "c"}}}}
	if got := e.Shown(Position{}, nil); len(got) != 2 || got[0] != 0 || got[1] != 2 {
		t.Errorf("without the visit: %v", got)
	}
	if got := e.Shown(Position{}, FactSet{Visits: map[string]bool{"gerald": true}}); len(got) != 3 {
		t.Errorf("with the visit: %v", got)
	}
	if got := e.DebriefText(); got != "a\n\nb\n\nc" {
		t.Errorf("DebriefText = %q", got)
	}
}

func TestChoiceRouteWithFlags(t *testing.T) {
	named, _ := ParseCond("named")
	c := &Choice{Sets: []Text{{Value: "named"}}, Next: []Route{{Condition: Condition{Cond: named}, To: Text{Value: "a"}}, {To: Text{Value: "b"}}}}
	if got := c.Target(Position{}, FactSet{Flags: map[string]bool{"named": true}}); got != "a" {
		t.Errorf("with the flag: %q", got)
	}
	if got := c.Route(Position{}, nil); got != 1 {
		t.Errorf("without: route %d", got)
	}
}
