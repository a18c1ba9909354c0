package load

import (
	"strings"
	"testing"

	"github.com/spf13/afero"

	"coachsim/generator/diag"
	"coachsim/generator/scenario"
)

const small = `title: T
summary: S
difficulty: introductory
minutes: 5
skills: [quadrant]
client:
  name: N
  role: R
  background: |
    B
position: {trust: 2, accountability: -1}
moments:
  first:
    context: C
    client: Hello
    choices:
      - response: A
        trust: 1
        accountability: -2
        level: learning-check-in
        fit: fits
        honours: [learning-frame]
        breaks: [client-owned]
        feedback: F
        lesson: spectrum
        next:
          - if: trust >= 3
            to: last
          - to: last
      - {response: B, trust: 0, accountability: 1, level: none, fit: too-soft, feedback: G, next: last}
  last:
    client: Bye
    ending:
      title: E
      debrief: D
      reflection: [Q1, Q2]
`

func TestBytesBuildsTheModel(t *testing.T) {
	s, diags := Bytes("dir/small-one.yaml", []byte(small))
	if len(diags) != 0 {
		t.Fatalf("unexpected diagnostics: %v", diags)
	}
	if s.ID.Value != "small-one" || s.Title.Value != "T" || s.Minutes.Value != 5 || s.Initial.Value != (scenario.Position{Trust: 2, Accountability: -1}) {
		t.Errorf("scenario fields: %+v", s)
	}
	if len(s.Moments) != 2 || s.StartMoment().ID != "first" || !s.Moment("last").IsEnding() {
		t.Fatalf("moments: %+v", s.Moments)
	}
	first := s.Moment("first")
	if first.Pos != (diag.Pos{File: "dir/small-one.yaml", Line: 13, Col: 3}) {
		t.Errorf("moment position %v", first.Pos)
	}
	a := first.Choices[0]
	if a.Trust.Value != 1 || a.Accountability.Value != -2 || a.Level.Value != scenario.LearningCheckIn || a.Fit.Value != scenario.Fits ||
		a.Lesson.Value != "spectrum" || len(a.Honours) != 1 || len(a.Breaks) != 1 || len(a.Next) != 2 {
		t.Errorf("choice A: %+v", a)
	}
	if a.Pos.Line != 17 || a.Pos.Col != 9 {
		t.Errorf("choice position %v, want 17:9", a.Pos)
	}
	if r := a.Next[0]; r.Cond == nil || r.CondSrc.Value != "trust >= 3" || r.To.Pos.Line != 28 || r.CondSrc.Pos.Line != 27 {
		t.Errorf("route: %+v", r)
	}
	b := first.Choices[1]
	if b.Response.Value != "B" || b.Default() != "last" || b.Fit.Value != scenario.TooSoft {
		t.Errorf("flow-style choice: %+v", b)
	}
	if end := s.Moment("last").Ending; end.Title.Value != "E" || len(end.Reflection) != 2 {
		t.Errorf("ending: %+v", end)
	}
}

func TestFilesReadsFoldersAndLimits(t *testing.T) {
	fsys := afero.NewMemMapFs()
	_ = afero.WriteFile(fsys, "sc/a.yaml", []byte(small), 0o644)
	_ = afero.WriteFile(fsys, "sc/b.yml", []byte(strings.Replace(small, "title: T", "id: bee\ntitle: T", 1)), 0o644)
	_ = afero.WriteFile(fsys, "sc/notes.txt", []byte("not a scenario"), 0o644)
	_ = afero.WriteFile(fsys, "big.yaml", make([]byte, MaxFileSize+1), 0o644)
	scens, sources, diags := Files(fsys, []string{"sc", "big.yaml", "missing.yaml"})
	if len(scens) != 2 || scens[0].ID.Value != "a" || scens[1].ID.Value != "bee" {
		t.Fatalf("scenarios: %d", len(scens))
	}
	if len(sources) != 3 {
		t.Errorf("sources: %d", len(sources))
	}
	if len(diags) != 2 || !strings.Contains(diags.String(), "big.yaml: error: file is larger than") ||
		!strings.Contains(diags.String(), "missing.yaml: error: no such scenario file or folder") {
		t.Errorf("diagnostics:\n%s", diags)
	}
}

func TestValidID(t *testing.T) {
	for id, want := range map[string]bool{
		"a": true, "shame-spiral": true, "m2": true, "": false, "A": false, "a--b": false,
		"-a": false, "a-": false, "a_b": false, "a/b": false, "..": false, strings.Repeat("a", 65): false,
	} {
		if got := ValidID(id); got != want {
			t.Errorf("ValidID(%q) = %v", id, got)
		}
	}
}
