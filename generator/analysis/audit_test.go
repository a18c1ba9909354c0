package analysis

import (
	"slices"
	"testing"

	"coachsim/generator/scenario"
)

// rigged is a scenario where the answer is known for every strategy: the
// best option (+1, +1) is the longest line and shown first (authored order,
// no shuffle); a too-soft option gives the most trust; a too-firm one the
// most accountability; the shortest is a shrug.
func rigged(t *testing.T) *scenario.Scenario {
	t.Helper()
	decision := func(id, next string) *scenario.Moment {
		return mom(id,
			say(ch(1, 1, next), "A longer, curious question that the trainee might like."),
			say(ch(3, -2, next), "You poor thing, never mind."),
			say(ch(-2, 3, next), "Do it by Friday or else."),
			say(ch(0, -1, next), "Ok."))
	}
	return build(t, 0, 0, decision("one", "two"), decision("two", "three"), decision("three", "fin"), end("fin", "Fin"))
}

func TestAudit(t *testing.T) {
	s := rigged(t)
	au, err := RunAudit(s, nil, testPlain) // authored order
	if err != nil {
		t.Fatal(err)
	}
	want := map[Strategy]struct {
		end   scenario.Position
		steps int
	}{
		FirstShown:         {pos(3, 3), 3},
		Longest:            {pos(3, 3), 3},
		LastShown:          {pos(0, -3), 3},
		Shortest:           {pos(0, -3), 3},
		MostTrust:          {pos(9, -6), 3},
		MostAccountability: {pos(-6, 9), 3},
		Question:           {pos(3, 3), 3}, // no option is a question: the first shown
	}
	for _, o := range au.Outcomes {
		w := want[o.Strategy]
		if !o.Ended || o.Path.End.Pos != w.end || len(o.Path.Steps) != w.steps {
			t.Errorf("%s: ended %v at %v after %d, want %v after %d", o.Strategy, o.Ended, o.Path.End.Pos, len(o.Path.Steps), w.end, w.steps)
		}
	}
	if au.Decisions != 3 || !slices.Equal(au.BestAt, []float64{3, 0, 0, 0}) || au.BestLongest != 3 {
		t.Errorf("decisions %d, best at %v, best longest %d; want 3, [3 0 0 0], 3", au.Decisions, au.BestAt, au.BestLongest)
	}
	// With the shown order the best option moves, and "first shown" no
	// longer finds it every time.
	orders := scenario.ShownOrders(s)
	au, err = RunAudit(s, orders, testPlain)
	if err != nil {
		t.Fatal(err)
	}
	for k, n := range au.BestAt {
		if n > 1 {
			t.Errorf("shuffled: best at position %d in %v decisions; the share is 0.75, so at most 1", k+1, n)
		}
	}
	for id, o := range orders {
		t.Logf("%s: %v", id, o)
	}
}

// A strategy that goes round a loop forever is reported as looping, not
// played forever.
func TestAuditLoop(t *testing.T) {
	s := build(t, 0, 0,
		mom("a", say(ch(0, 0, "a"), "Again, and at length, round we go."), say(ch(1, 1, "fin"), "Out.")),
		end("fin", "Fin"))
	au, err := RunAudit(s, nil, testPlain)
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range au.Outcomes {
		switch o.Strategy {
		case FirstShown, Longest:
			if o.Ended || !o.Loops {
				t.Errorf("%s: ended %v loops %v, want a loop", o.Strategy, o.Ended, o.Loops)
			}
		case LastShown, Shortest, MostTrust, MostAccountability:
			if !o.Ended {
				t.Errorf("%s: did not end", o.Strategy)
			}
		}
	}
}

// Ties for best split a decision's count among the tied positions.
func TestAuditTies(t *testing.T) {
	s := build(t, 0, 0,
		mom("a", say(ch(1, 0, "fin"), "One."), say(ch(0, 1, "fin"), "Two, longer."), say(ch(-1, 0, "fin"), "Three.")),
		end("fin", "Fin"))
	au, err := RunAudit(s, nil, testPlain)
	if err != nil {
		t.Fatal(err)
	}
	if au.Ties != 1 || !slices.Equal(au.BestAt, []float64{0.5, 0.5, 0}) || au.BestLongest != 1 {
		t.Errorf("ties %d, best at %v, longest %d", au.Ties, au.BestAt, au.BestLongest)
	}
}

func TestEdgeStep(t *testing.T) {
	s := build(t, 8, 0, mom("a", ch(1, 0, "b")), mom("b", ch(1, 0, "c")), mom("c", ch(-1, 0, "fin")), end("fin", "Fin"))
	p, err := Play(s, []int{0, 0, 0})
	if err != nil {
		t.Fatal(err)
	}
	if e := EdgeStep(p); e != 2 {
		t.Errorf("edge step = %d, want 2", e)
	}
}

// A best option that is always the only question gives itself away.
func TestAuditQuestions(t *testing.T) {
	decision := func(id, next string) *scenario.Moment {
		return mom(id,
			say(ch(-1, 0, next), "Let's get a plan down for you right now."),
			say(ch(1, 1, next), "What got in the way?"),
			say(ch(1, -1, next), "\"No pressure at all, we'll see.\""))
	}
	s := build(t, 0, 0, decision("one", "two"), decision("two", "fin"), end("fin", "Fin"))
	au, err := RunAudit(s, nil, testPlain)
	if err != nil {
		t.Fatal(err)
	}
	o := au.Outcomes[len(au.Outcomes)-1]
	if o.Strategy != Question || o.Path.End.Pos != pos(2, 2) {
		t.Errorf("%s ends at %v, want (2, 2)", o.Strategy, o.Path.End.Pos)
	}
	if au.BestQuestion != 2 || au.OtherQuestions != 0 || au.Others != 4 {
		t.Errorf("questions: best %d, others %d of %d", au.BestQuestion, au.OtherQuestions, au.Others)
	}
	for in, want := range map[string]bool{"What now?": true, "\"What now?\"": true, "*Really?*": true, "Now. What?)": true, "No.": false, "Why? Because.": false} {
		if got := IsQuestion(&scenario.Choice{Response: scenario.Text{Value: in}}, testPlain); got != want {
			t.Errorf("IsQuestion(%q) = %v", in, got)
		}
	}
}
