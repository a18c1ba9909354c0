package analysis

import (
	"bytes"
	"errors"
	"path/filepath"
	"testing"

	"coachsim/generator/internal/golden"
	"coachsim/generator/scenario"
)

// example is the scenario of scenarios/README.md, built by hand.
func example(t *testing.T) *scenario.Scenario {
	t.Helper()
	s := build(t, 1, 0,
		mom("opening",
			say(ch(1, 1, "names-it"), `"Mad weeks happen. What did you learn about what gets in the way?"`),
			say(ch(1, -2, "trust >= 2 -> names-it", "drifts"), `"That is fine, let us talk about whatever is on your mind today."`)),
		end("names-it", "The real obstacle is in the room"),
		end("drifts", "A pleasant chat"))
	s.ID.Value, s.Title.Value = "report-not-written", "The report that did not get written"
	return s
}

// loops exercises the rest of the report: a repeatable loop, a stuck loop, a
// dead end, an ending never reached, and Markdown in long responses.
func loops(t *testing.T) *scenario.Scenario {
	t.Helper()
	s := build(t, 0, 0,
		mom("check-in",
			say(ch(1, 0, "pattern"), "**Name the pattern** plainly: _four sessions_, three without the prep, and see what she makes of it."),
			say(ch(-1, 2, "audit"), "Ask for the [tracking sheet](https://example.com/sheet) and go through it line by line."),
			say(ch(0, 0, "small-talk"), "Chat about the weekend.")),
		mom("pattern",
			say(ch(1, 1, "pattern"), "Ask what\taccountability\nmeans to her."),
			say(ch(1, 2, "co-created"), "Co-create a structure she chooses.")),
		mom("audit", say(ch(-2, 1, "audit-2"), "Keep auditing.")),
		mom("audit-2", say(ch(0, -1, "audit"), "And again.")),
		mom("small-talk"),
		end("co-created", "A structure she owns"),
		end("released", "Released, for now"))
	s.ID.Value, s.Title.Value = "loops", "Loops and\tdead ends"
	return s
}

func TestWriteReport(t *testing.T) {
	cases := []struct {
		name string
		s    func(*testing.T) *scenario.Scenario
	}{
		{"example", example},
		{"loops", loops},
		{"flags", gerald},
		{"flags-kept", gerald},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := tc.s(t)
			r := analyze(t, s)
			if tc.name == "flags-kept" {
				var err error
				if r, err = Analyze(s, Options{KeepFlags: true}); err != nil {
					t.Fatal(err)
				}
			}
			au, err := RunAudit(s, scenario.ShownOrders(s), testPlain)
			if err != nil {
				t.Fatal(err)
			}
			var buf bytes.Buffer
			if err := WriteReport(&buf, s, r, au, testPlain); err != nil {
				t.Fatal(err)
			}
			golden.Check(t, filepath.Join("testdata", tc.name+".golden"), buf.String())
		})
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestWriteReportErrors(t *testing.T) {
	s := example(t)
	r := analyze(t, s)
	if err := WriteReport(failWriter{}, s, r, nil, testPlain); err == nil {
		t.Error("write error not reported")
	}
	if err := WriteReport(&bytes.Buffer{}, s, nil, nil, testPlain); err == nil {
		t.Error("nil result accepted")
	}
}

func TestTruncate(t *testing.T) {
	long := "This response goes on well past the sixty characters a report line shows."
	if got := truncate(long, 60); got != "This response goes on well past the sixty characters a..." {
		t.Errorf("truncate = %q", got)
	}
}
