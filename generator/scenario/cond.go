package scenario

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"coachsim/generator/diag"
)

// Cond is a parsed condition, as written after a route's "if" or a debrief
// paragraph's "if", such as "trust >= 3 and named-the-pattern".
//
// The language is deliberately tiny so supervisors can read it. A term is a
// comparison of an axis with a whole number ("trust >= 2"), a flag that some
// earlier choice set ("named-the-pattern"), or a visit ("visited gerald");
// a flag or a visit may be negated with "not". Terms are joined by "and" and
// "or"; "and" binds tighter; there are no parentheses.
type Cond struct {
	// Any holds alternatives joined by "or"; each is a list of terms
	// joined by "and".
	Any [][]Term
}

// TermKind says what a condition term tests.
type TermKind int

// The kinds of term.
const (
	// Compare tests an axis against a number.
	Compare TermKind = iota
	// FlagSet tests whether a flag has been set by a choice on the path.
	FlagSet
	// Visit tests whether the path has passed through a moment.
	Visit
)

// Term is one test in a condition.
type Term struct {
	Kind  TermKind
	Axis  string // Compare: "trust" or "accountability"
	Op    string // Compare: one of < <= > >= == !=
	Value int    // Compare: a number on the plane
	Name  string // FlagSet: the flag; Visit: the moment id
	Not   bool   // FlagSet, Visit: the test is negated
	// Off is the byte offset of the term's name (or axis) in the source
	// text, so that diagnostics about a flag or moment can point at it.
	Off int
}

// CondKeywords are the words of the condition language. They cannot be
// flag names.
var CondKeywords = []string{"trust", "accountability", "and", "or", "not", "visited"}

// CompareOps are the comparison operators of the condition language.
var CompareOps = []string{"==", "!=", "<=", ">=", "<", ">"}

// IsCondKeyword reports whether s is a word of the condition language, and so
// cannot name a flag.
func IsCondKeyword(s string) bool {
	for _, k := range CondKeywords {
		if s == k {
			return true
		}
	}
	return false
}

// Facts is what a condition can test besides the position: the flags set so
// far and the moments visited so far (the current one included).
type Facts interface {
	Flag(name string) bool
	Visited(moment string) bool
}

// FactSet is a simple Facts: sets of flag names and moment ids.
type FactSet struct {
	Flags  map[string]bool
	Visits map[string]bool
}

// Flag reports whether the flag has been set.
func (f FactSet) Flag(name string) bool { return f.Flags[name] }

// Visited reports whether the moment has been visited.
func (f FactSet) Visited(moment string) bool { return f.Visits[moment] }

// Eval reports whether the condition holds at p with the given facts; nil
// facts mean no flag is set and no moment visited.
func (c *Cond) Eval(p Position, f Facts) bool {
	for _, all := range c.Any {
		ok := true
		for _, t := range all {
			if !t.Eval(p, f) {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}

// Eval reports whether the term holds at p with the given facts.
func (t Term) Eval(p Position, f Facts) bool {
	switch t.Kind {
	case FlagSet:
		return (f != nil && f.Flag(t.Name)) != t.Not
	case Visit:
		return (f != nil && f.Visited(t.Name)) != t.Not
	}
	v := p.Trust
	if t.Axis == "accountability" {
		v = p.Accountability
	}
	return CompareInts(v, t.Op, t.Value)
}

// CompareInts applies a comparison operator of the language.
func CompareInts(v int, op string, n int) bool {
	switch op {
	case "<":
		return v < n
	case "<=":
		return v <= n
	case ">":
		return v > n
	case ">=":
		return v >= n
	case "==":
		return v == n
	case "!=":
		return v != n
	}
	return false
}

// String returns the term in canonical form.
func (t Term) String() string {
	not := ""
	if t.Not {
		not = "not "
	}
	switch t.Kind {
	case FlagSet:
		return not + t.Name
	case Visit:
		return not + "visited " + t.Name
	}
	return fmt.Sprintf("%s %s %d", t.Axis, t.Op, t.Value)
}

// String returns the condition in canonical form.
func (c *Cond) String() string {
	var ors []string
	for _, all := range c.Any {
		var ands []string
		for _, t := range all {
			ands = append(ands, t.String())
		}
		ors = append(ors, strings.Join(ands, " and "))
	}
	return strings.Join(ors, " or ")
}

// Terms returns every term of the condition, in source order.
func (c *Cond) Terms() []Term {
	var out []Term
	for _, all := range c.Any {
		out = append(out, all...)
	}
	return out
}

// CondError is a condition that does not parse. Offset is the 0-based byte
// offset in the source text where the problem starts.
type CondError struct {
	Offset int
	Msg    string
}

func (e *CondError) Error() string { return e.Msg }

type token struct {
	text string
	off  int
	num  bool // a signed or unsigned run of digits
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' }
func isDigit(c byte) bool  { return c >= '0' && c <= '9' }

// lexCond splits a condition into operators, numbers and words. A word is a
// run of letters, digits, dashes and underscores that starts with a letter
// or digit (flag names and moment ids follow the id rule, which allows
// dashes inside words); a run of digits alone, with an optional sign, is a
// number.
// mathOps are the typographic comparison signs people type, with what to
// write instead.
var mathOps = map[rune]string{'≥': ">=", '≤': "<=", '≠': "!=", '＝': "=="}

func lexCond(src string) ([]token, error) {
	var toks []token
	for i := 0; i < len(src); {
		c := src[i]
		switch {
		case c == ' ' || c == '\t':
			i++
		case c == '<' || c == '>' || c == '=' || c == '!':
			j := i + 1
			if j < len(src) && src[j] == '=' {
				j++
			}
			op := src[i:j]
			if op == "=" || op == "!" {
				return nil, &CondError{i, fmt.Sprintf("unknown operator %q (use ==, !=, <, <=, > or >=)", op)}
			}
			toks = append(toks, token{text: op, off: i})
			i = j
		case (c == '-' || c == '+') && i+1 < len(src) && isDigit(src[i+1]):
			j := i + 1
			for j < len(src) && isDigit(src[j]) {
				j++
			}
			toks = append(toks, token{text: src[i:j], off: i, num: true})
			i = j
		case isLetter(c) || isDigit(c):
			j := i + 1
			digits := isDigit(c)
			for j < len(src) && (isLetter(src[j]) || isDigit(src[j]) || src[j] == '-') {
				digits = digits && isDigit(src[j])
				j++
			}
			toks = append(toks, token{text: src[i:j], off: i, num: digits})
			i = j
		default:
			r, _ := utf8.DecodeRuneInString(src[i:])
			msg := fmt.Sprintf("unexpected character %q in condition", r)
			if op, ok := mathOps[r]; ok {
				msg += fmt.Sprintf(" (write %s)", op)
			}
			return nil, &CondError{i, msg}
		}
	}
	return toks, nil
}

// ParseCond parses a condition. Errors are *CondError.
func ParseCond(src string) (*Cond, error) {
	toks, err := lexCond(src)
	if err != nil {
		return nil, err
	}
	if len(toks) == 0 {
		return nil, &CondError{0, "empty condition (write for example: trust >= 2)"}
	}
	c := &Cond{}
	var all []Term
	i := 0
	for {
		if i >= len(toks) {
			return nil, &CondError{len(src), "condition ends early: expected trust, accountability, a flag or visited MOMENT"}
		}
		t, n, err := parseTerm(src, toks[i:])
		if err != nil {
			return nil, err
		}
		all = append(all, t)
		i += n
		if i == len(toks) {
			c.Any = append(c.Any, all)
			return c, nil
		}
		switch toks[i].text {
		case "and":
		case "or":
			c.Any = append(c.Any, all)
			all = nil
		default:
			return nil, &CondError{toks[i].off, fmt.Sprintf("expected and, or, or the end of the condition, found %q", toks[i].text)}
		}
		i++
	}
}

// parseTerm parses one term at the start of toks and returns it with the
// number of tokens it used.
func parseTerm(src string, toks []token) (Term, int, error) {
	first := toks[0]
	not := false
	k := 0
	if first.text == "not" {
		not = true
		k = 1
		if len(toks) == 1 {
			return Term{}, 0, &CondError{len(src), `condition ends after "not": expected a flag or visited MOMENT`}
		}
	}
	w := toks[k]
	switch {
	case w.text == "trust" || w.text == "accountability":
		if not {
			return Term{}, 0, &CondError{first.off, fmt.Sprintf(`"not" applies to flags and visits; for %s, reverse the comparison instead (for example %s < 2)`, w.text, w.text)}
		}
		return parseCompare(src, toks)
	case w.text == "visited":
		if len(toks) <= k+1 {
			return Term{}, 0, &CondError{len(src), `condition ends after "visited": expected a moment id`}
		}
		m := toks[k+1]
		if m.num && (m.text[0] == '-' || m.text[0] == '+') || IsCondKeyword(m.text) || !isWordStart(m.text) {
			return Term{}, 0, &CondError{m.off, fmt.Sprintf(`expected a moment id after "visited", found %q`, m.text)}
		}
		return Term{Kind: Visit, Name: m.text, Not: not, Off: m.off}, k + 2, nil
	case w.num:
		return Term{}, 0, &CondError{w.off, fmt.Sprintf("expected trust, accountability, a flag or visited MOMENT, found the number %q", w.text)}
	case w.text == "and" || w.text == "or" || w.text == "not" || !isWordStart(w.text):
		return Term{}, 0, &CondError{w.off, fmt.Sprintf("expected trust, accountability, a flag or visited MOMENT, found %q", w.text)}
	}
	// A flag. A word that is close to an axis is more likely a misspelt
	// axis than a flag, when a comparison follows it.
	if len(toks) > k+1 && isOperator(toks[k+1].text) {
		msg := fmt.Sprintf("%q is not an axis: compare trust or accountability", w.text)
		if hint := diag.DidYouMean(w.text, []string{"trust", "accountability"}); hint != "" {
			msg = fmt.Sprintf("expected trust or accountability, found %q%s", w.text, hint)
		}
		return Term{}, 0, &CondError{w.off, msg}
	}
	return Term{Kind: FlagSet, Name: w.text, Not: not, Off: w.off}, k + 1, nil
}

func isWordStart(s string) bool { return s != "" && (isLetter(s[0]) || isDigit(s[0])) }

func isOperator(s string) bool { return slices.Contains(CompareOps, s) }

func parseCompare(src string, toks []token) (Term, int, error) {
	axis := toks[0]
	if len(toks) < 2 {
		return Term{}, 0, &CondError{len(src), fmt.Sprintf("condition ends after %q: expected a comparison such as >= 2", axis.text)}
	}
	op := toks[1]
	if !isOperator(op.text) {
		return Term{}, 0, &CondError{op.off, fmt.Sprintf("expected a comparison operator (==, !=, <, <=, >, >=), found %q", op.text)}
	}
	if len(toks) < 3 {
		return Term{}, 0, &CondError{len(src), fmt.Sprintf("condition ends after %q: expected a number", op.text)}
	}
	num := toks[2]
	if !num.num {
		return Term{}, 0, &CondError{num.off, fmt.Sprintf("expected a whole number from %d to %d, found %q", MinCoord, MaxCoord, num.text)}
	}
	v, err := strconv.Atoi(num.text)
	if err != nil || v < MinCoord || v > MaxCoord {
		return Term{}, 0, &CondError{num.off, fmt.Sprintf("%s is off the plane: positions run from %d to %d", num.text, MinCoord, MaxCoord)}
	}
	return Term{Kind: Compare, Axis: axis.text, Op: op.text, Value: v, Off: axis.off}, 3, nil
}
