package diag

import (
	"bytes"
	"encoding/json"
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
