package scenario

import (
	"errors"
	"os"
	"strings"
	"testing"
)

func TestQuadrantOf(t *testing.T) {
	tests := []struct {
		p    Position
		want Quadrant
	}{
		{Position{0, 0}, Ineffective},
		{Position{1, 1}, Transformational},
		{Position{1, 0}, Stagnation},
		{Position{0, 1}, Compliance},
		{Position{-10, 10}, Compliance},
		{Position{10, -10}, Stagnation},
		{Position{-1, -1}, Ineffective},
		{Position{10, 10}, Transformational},
	}
	for _, tt := range tests {
		if got := QuadrantOf(tt.p); got != tt.want {
			t.Errorf("QuadrantOf(%v) = %v, want %v", tt.p, got, tt.want)
		}
	}
}

func TestMoveClamps(t *testing.T) {
	tests := []struct {
		p      Position
		dt, da int
		want   Position
	}{
		{Position{0, 0}, 3, -3, Position{3, -3}},
		{Position{9, -9}, 3, -3, Position{10, -10}},
		{Position{-10, 10}, -1, 1, Position{-10, 10}},
	}
	for _, tt := range tests {
		if got := tt.p.Move(tt.dt, tt.da); got != tt.want {
			t.Errorf("%v.Move(%d, %d) = %v, want %v", tt.p, tt.dt, tt.da, got, tt.want)
		}
	}
}

func TestParseCond(t *testing.T) {
	tests := []struct {
		src     string
		canon   string
		holds   []Position
		fails   []Position
		errOff  int
		errPart string
	}{
		{src: "trust >= 2", canon: "trust >= 2", holds: []Position{{2, 0}, {5, -5}}, fails: []Position{{1, 9}}},
		{src: "accountability<0", canon: "accountability < 0", holds: []Position{{0, -1}}, fails: []Position{{0, 0}}},
		{src: "trust > 0 and accountability > 0", canon: "trust > 0 and accountability > 0", holds: []Position{{1, 1}}, fails: []Position{{1, 0}, {0, 1}}},
		{src: "trust <= -2 or accountability <= -2", canon: "trust <= -2 or accountability <= -2", holds: []Position{{-2, 5}, {5, -2}}, fails: []Position{{-1, -1}}},
		// "and" binds tighter than "or".
		{src: "trust == 1 or trust == 2 and accountability != 0", canon: "trust == 1 or trust == 2 and accountability != 0",
			holds: []Position{{1, 0}, {2, 1}}, fails: []Position{{2, 0}, {3, 3}}},
		{src: "trust >= +3", canon: "trust >= 3", holds: []Position{{3, 0}}},
		{src: "", errOff: 0, errPart: "empty condition"},
		{src: "trst >= 2", errOff: 0, errPart: `did you mean "trust"?`},
		{src: "trust => 2", errOff: 6, errPart: "unknown operator"},
		{src: "trust >= two", errOff: 9, errPart: "expected a whole number"},
		{src: "trust >= 2 and", errOff: 14, errPart: "ends early"},
		{src: "trust >= 2 but accountability > 1", errOff: 11, errPart: "expected and, or"},
		{src: "trust > 11", errOff: 8, errPart: "off the plane"},
		{src: "trust ~ 1", errOff: 6, errPart: "unexpected character"},
		{src: "trust", errOff: 5, errPart: "expected a comparison"},
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
			for _, p := range tt.holds {
				if !c.Eval(p, nil) {
					t.Errorf("%q should hold at %v", tt.src, p)
				}
			}
			for _, p := range tt.fails {
				if c.Eval(p, nil) {
					t.Errorf("%q should not hold at %v", tt.src, p)
				}
			}
		})
	}
}

func TestChoiceTarget(t *testing.T) {
	high, _ := ParseCond("trust >= 2")
	c := &Choice{Next: []Route{{Condition: Condition{Cond: high}, To: Text{Value: "opens-up"}}, {To: Text{Value: "guarded"}}}}
	if got := c.Target(Position{2, 0}, nil); got != "opens-up" {
		t.Errorf("Target at trust 2 = %q", got)
	}
	if got := c.Target(Position{1, 0}, nil); got != "guarded" {
		t.Errorf("Target at trust 1 = %q", got)
	}
	if got := c.Default(); got != "guarded" {
		t.Errorf("Default = %q", got)
	}
}

func TestVocabulary(t *testing.T) {
	seen := map[string]bool{}
	for _, tag := range Tags {
		if seen[tag.Name] {
			t.Errorf("tag %q listed twice", tag.Name)
		}
		seen[tag.Name] = true
		if tag.Label == "" || tag.Lesson == "" {
			t.Errorf("tag %q lacks a label or lesson", tag.Name)
		}
		if _, err := os.Stat("../../content/lessons/" + tag.Lesson + ".md"); err != nil {
			t.Errorf("tag %q points at lesson %q, which content/lessons lacks: %v", tag.Name, tag.Lesson, err)
		}
	}
}
