package scenario

import "testing"

// FuzzParseCond: any text either fails with an offset inside it or parses
// to a condition whose canonical form parses back to itself.
func FuzzParseCond(f *testing.F) {
	for _, s := range []string{"trust >= 2", "not named and visited gerald", "trust<-2 or accountability>+3 and x", "visited", "not", "a-b-c or 1-2", "trust >= 99999999999999999999"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		c, err := ParseCond(src)
		if err != nil {
			ce, ok := err.(*CondError)
			if !ok || ce.Offset < 0 || ce.Offset > len(src) {
				t.Fatalf("ParseCond(%q): %v", src, err)
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
