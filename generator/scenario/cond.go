package scenario

import (
	"fmt"
	"strconv"
	"strings"
)

// Cond is a parsed route condition such as "trust >= 3 and accountability > 0".
//
// The language is deliberately tiny so supervisors can read it: comparisons
// of an axis (trust, accountability) with an integer, joined by "and" and
// "or"; "and" binds tighter; no parentheses.
type Cond struct {
	// Any holds alternatives joined by "or"; each is a list of comparisons
	// joined by "and".
	Any [][]Cmp
}

// Cmp compares one axis with a constant.
type Cmp struct {
	Axis  string // "trust" or "accountability"
	Op    string // one of < <= > >= == !=
	Value int
}

// Eval reports whether the condition holds at p.
func (c *Cond) Eval(p Position) bool {
	for _, all := range c.Any {
		ok := true
		for _, cmp := range all {
			if !cmp.Eval(p) {
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

// Eval reports whether the comparison holds at p.
func (c Cmp) Eval(p Position) bool {
	v := p.Trust
	if c.Axis == "accountability" {
		v = p.Accountability
	}
	switch c.Op {
	case "<":
		return v < c.Value
	case "<=":
		return v <= c.Value
	case ">":
		return v > c.Value
	case ">=":
		return v >= c.Value
	case "==":
		return v == c.Value
	case "!=":
		return v != c.Value
	}
	return false
}

// String returns the condition in canonical form.
func (c *Cond) String() string {
	var ors []string
	for _, all := range c.Any {
		var ands []string
		for _, cmp := range all {
			ands = append(ands, fmt.Sprintf("%s %s %d", cmp.Axis, cmp.Op, cmp.Value))
		}
		ors = append(ors, strings.Join(ands, " and "))
	}
	return strings.Join(ors, " or ")
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
}

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
			toks = append(toks, token{op, i})
			i = j
		case c == '-' || c == '+' || (c >= '0' && c <= '9'):
			j := i + 1
			for j < len(src) && src[j] >= '0' && src[j] <= '9' {
				j++
			}
			toks = append(toks, token{src[i:j], i})
			i = j
		case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_':
			j := i + 1
			for j < len(src) && (src[j] >= 'a' && src[j] <= 'z' || src[j] >= 'A' && src[j] <= 'Z' || src[j] == '_') {
				j++
			}
			toks = append(toks, token{src[i:j], i})
			i = j
		default:
			return nil, &CondError{i, fmt.Sprintf("unexpected character %q in condition", c)}
		}
	}
	return toks, nil
}

// ParseCond parses a route condition. Errors are *CondError.
func ParseCond(src string) (*Cond, error) {
	toks, err := lexCond(src)
	if err != nil {
		return nil, err
	}
	if len(toks) == 0 {
		return nil, &CondError{0, "empty condition (write for example: trust >= 2)"}
	}
	c := &Cond{}
	var all []Cmp
	i := 0
	for {
		if i >= len(toks) {
			return nil, &CondError{len(src), "condition ends early: expected trust or accountability"}
		}
		axis := toks[i]
		if axis.text != "trust" && axis.text != "accountability" {
			msg := fmt.Sprintf("expected trust or accountability, found %q", axis.text)
			if s := Suggest(axis.text, []string{"trust", "accountability"}); s != "" {
				msg += fmt.Sprintf(" (did you mean %s?)", s)
			}
			return nil, &CondError{axis.off, msg}
		}
		if i+1 >= len(toks) {
			return nil, &CondError{len(src), fmt.Sprintf("condition ends after %q: expected a comparison such as >= 2", axis.text)}
		}
		op := toks[i+1]
		switch op.text {
		case "<", "<=", ">", ">=", "==", "!=":
		default:
			return nil, &CondError{op.off, fmt.Sprintf("expected a comparison operator (==, !=, <, <=, >, >=), found %q", op.text)}
		}
		if i+2 >= len(toks) {
			return nil, &CondError{len(src), fmt.Sprintf("condition ends after %q: expected a number", op.text)}
		}
		num := toks[i+2]
		v, err := strconv.Atoi(num.text)
		if err != nil {
			return nil, &CondError{num.off, fmt.Sprintf("expected a whole number, found %q", num.text)}
		}
		if v < MinCoord || v > MaxCoord {
			return nil, &CondError{num.off, fmt.Sprintf("%d is off the plane: positions run from %d to %d", v, MinCoord, MaxCoord)}
		}
		all = append(all, Cmp{axis.text, op.text, v})
		i += 3
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
