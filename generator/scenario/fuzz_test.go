package scenario

import (
	"testing"
	"unicode/utf8"
)

// FuzzParseCond: any text either fails with an offset inside it or parses
// to a condition whose canonical form parses back to itself.
func FuzzParseCond(f *testing.F) {
	for _, s := range []string{"trust >= 2", "not named and visited gerald", "trust<-2 or accountability>+3 and x", "visited", "not", "a-b-c or 1-2", "trust >= 99999999999999999999", "trust ≥ 2", "a ≠ b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		c, err := ParseCond(src)
		if err != nil {
			ce, ok := err.(*CondError)
			if !ok || ce.Offset < 0 || ce.Offset > len(src) {
				t.Fatalf("ParseCond(%q): %v", src, err)
			}
			// The offset points at a character, so a caret lands on it.
			if ce.Offset < len(src) && utf8.ValidString(src) && !utf8.RuneStart(src[ce.Offset]) {
				t.Fatalf("ParseCond(%q): offset %d is inside a character", src, ce.Offset)
			}
			return
		}
		again, err := ParseCond(c.String())
		if err != nil || again.String() != c.String() {
			t.Fatalf("%q: canonical %q does not round-trip: %v", src, c.String(), err)
		}
		_ = c.Eval(Position{}, FactSet{})
	})
}
