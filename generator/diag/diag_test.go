package diag

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

func TestSortAndFormat(t *testing.T) {
	src := map[string][]byte{
		"a.yaml": []byte("title: x\n\tname: Zoë Ünal\nlast line"),
	}
	var l List
	l.Warnf(Pos{File: "b.yaml", Line: 1, Col: 1}, "later file")
	l.Errorf(Pos{File: "a.yaml", Line: 2, Col: 15}, "after the umlaut")
	l.Warnf(Pos{File: "a.yaml", Line: 2, Col: 15}, "warning at the same place")
	l.Errorf(Pos{File: "a.yaml", Line: 1, Col: 8}, "first")
	l.Errorf(Pos{File: "a.yaml", Line: 1, Col: 8}, "first")
	l.Errorf(Pos{File: "a.yaml"}, "whole file")
	l.Sort()
	var buf bytes.Buffer
	if err := l.Format(&buf, src); err != nil {
		t.Fatal(err)
	}
	want := `a.yaml: error: whole file
a.yaml:1:8: error: first
    1 | title: x
      |        ^
a.yaml:2:15: error: after the umlaut
    2 |  name: Zoë Ünal
      |             ^
a.yaml:2:15: warning: warning at the same place
    2 |  name: Zoë Ünal
      |             ^
b.yaml:1:1: warning: later file
`
	if got := buf.String(); got != want {
		t.Errorf("Format:\n%s\nwant:\n%s", got, want)
	}
	if e, w := l.Count(); e != 3 || w != 2 || !l.HasErrors() {
		t.Errorf("Count = %d, %d", e, w)
	}
}

func TestFormatJSON(t *testing.T) {
	var l List
	l.Errorf(Pos{File: "a.yaml", Line: 3, Col: 5}, "bad %s", "thing")
	var buf bytes.Buffer
	if err := l.FormatJSON(&buf); err != nil {
		t.Fatal(err)
	}
	var got []map[string]any
	if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0]["file"] != "a.yaml" || got[0]["line"] != 3.0 || got[0]["col"] != 5.0 ||
		got[0]["severity"] != "error" || got[0]["message"] != "bad thing" {
		t.Errorf("JSON = %s", buf.String())
	}
	var empty List
	buf.Reset()
	_ = empty.FormatJSON(&buf)
	if strings.TrimSpace(buf.String()) != "[]" {
		t.Errorf("empty list gives %q, want []", buf.String())
	}
}

// TestFormatCaps: hundreds of thousands of findings print the first
// MaxPrinted and a count, not minutes of output.
func TestFormatCaps(t *testing.T) {
	var src strings.Builder
	var l List
	for i := 1; i <= 400_000; i++ {
		src.WriteString("- x\n")
		l.Errorf(Pos{File: "f.yaml", Line: i, Col: 3}, "unknown element %q", "x")
	}
	var b strings.Builder
	if err := l.Format(&b, map[string][]byte{"f.yaml": []byte(src.String())}); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	if n := strings.Count(out, ": error: "); n != MaxPrinted {
		t.Errorf("printed %d findings, want %d", n, MaxPrinted)
	}
	if want := fmt.Sprintf("... and %d more not shown", 400_000-MaxPrinted); !strings.Contains(out, want) {
		t.Errorf("output lacks %q", want)
	}
}

// TestPrintable: what a terminal would act on is escaped in every line
// printed, and ordinary text, accents and emoji included, is left alone.
func TestPrintable(t *testing.T) {
	for in, want := range map[string]string{
		"plain, café, 😀\ttab": "plain, café, 😀\ttab",
		"\x1b]0;owned\x07":    `\u001b]0;owned\u0007`,
		"a\x00b":              `a\u0000b`,
		"bad \xff byte":       `bad \xff byte`,
		"c1 \u009b":           `c1 \u009b`,
	} {
		if got := Printable(in); got != want {
			t.Errorf("Printable(%q) = %q, want %q", in, got, want)
		}
	}
	d := Diagnostic{Pos: Pos{File: "f"}, Msg: "title \x1b[2J"}
	if strings.ContainsRune(d.String(), 0x1b) {
		t.Errorf("String() = %q keeps the escape", d.String())
	}
}
