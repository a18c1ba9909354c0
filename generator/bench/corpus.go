// Package bench generates synthetic scenario corpora and benchmarks the
// generator on them: checking, content generation, and a full Hugo build.
//
// Run the benchmarks with `make bench`, or:
//
//	go test -run '^$' -bench . -benchtime 1x ./generator/bench/
//
// The corpus is deterministic: the same sizes always give the same files, so
// numbers from different runs compare.
package bench

import (
	"fmt"
	"path"
	"slices"
	"strings"

	"github.com/spf13/afero"

	"coachsim/generator/scenario"
)

// Corpus describes a synthetic corpus: Scenarios files of about Moments
// moments each. Every decision moment has three choices; about one moment in
// ten is an ending.
type Corpus struct {
	Scenarios int
	Moments   int
	// Flags, when above zero, gives each scenario that many flags, set and
	// tested in routes and conditional debrief paragraphs (see Scenario).
	Flags int
}

// Stats counts what Write produced.
type Stats struct {
	Files   int   // scenario files
	Moments int   // moments, endings included
	Choices int   // choices
	Bytes   int64 // bytes of YAML written
}

// Size is the generator's unit of work: moments plus choices.
func (s Stats) Size() int { return s.Moments + s.Choices }

// Write writes the corpus's scenario files into dir and stub lesson files
// (one for every lesson it links to) into lessonsDir, through fsys.
func (c Corpus) Write(fsys afero.Fs, dir, lessonsDir string) (Stats, error) {
	var st Stats
	if err := fsys.MkdirAll(dir, 0o755); err != nil {
		return st, err
	}
	if lessonsDir != "" {
		if err := WriteLessons(fsys, lessonsDir); err != nil {
			return st, err
		}
	}
	for i := 0; i < c.Scenarios; i++ {
		id := fmt.Sprintf("synthetic-%03d", i)
		b, s := Scenario(id, c.Moments, i, c.Flags)
		if err := afero.WriteFile(fsys, path.Join(dir, id+".yaml"), b, 0o644); err != nil {
			return st, err
		}
		st.Files++
		st.Moments += s.Moments
		st.Choices += s.Choices
		st.Bytes += int64(len(b))
	}
	return st, nil
}

// corpusLessons are the lessons a corpus links to: its skills and choice
// lessons, and the lessons of the model's tags (the site links a choice to
// its first tag's lesson).
func corpusLessons() []string {
	names := []string{"spectrum", "five-elements", "techniques"}
	for _, t := range scenario.Tags {
		if !slices.Contains(names, t.Lesson) {
			names = append(names, t.Lesson)
		}
	}
	return names
}

// WriteLessons writes a short Markdown file for every lesson a corpus
// links to, so that skills and lesson links in a corpus resolve.
func WriteLessons(fsys afero.Fs, dir string) error {
	if err := fsys.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for i, name := range corpusLessons() {
		body := fmt.Sprintf("---\ntitle: Lesson %s\nweight: %d\n---\n\nA stub lesson about **%s** for the benchmarks.\n", name, i+1, name)
		if err := afero.WriteFile(fsys, path.Join(dir, name+".md"), []byte(body), 0o644); err != nil {
			return err
		}
	}
	return afero.WriteFile(fsys, path.Join(dir, "_index.md"), []byte("---\ntitle: Lessons\n---\n"), 0o644)
}

// effects cycles through distinct (trust, accountability) effects, so no
// decision has three choices with the same effect.
var effects = [][2]int{{1, 1}, {2, -1}, {-1, 2}, {1, -2}, {-2, 1}, {3, 0}, {0, 3}, {-1, -1}, {2, 2}}

var levels = []scenario.Level{scenario.LearningCheckIn, scenario.None, scenario.DirectTracking, scenario.SelfDirected, scenario.Consequences}
var fits = []scenario.Fit{scenario.Fits, scenario.TooSoft, scenario.TooFirm}
var tags = []string{"learning-frame", "client-owned", "specific-commitment", "direct-not-harsh", "observe", "explore", "commitment-scale", "pre-mortem"}

// Scenario returns the YAML of one synthetic scenario with about moments
// moments (at least 4) and the counts of what it holds. seed varies the
// effects so that scenarios differ.
//
// Decision moments d0..dN-1 lead forward: choice 0 goes to d(i+1), or skips
// to d(i+2) when trust and accountability are both high; choice 1 goes to
// d(i+1), or to an early ending when either axis is low; choice 2 jumps to
// d(i+3), or back two moments when trust has collapsed (a loop that the
// clamped plane keeps finite; with flags, only inside a stretch). Routes past the last decision go to the
// endings e0..eE-1, about one moment in ten.
//
// With flags > 0 the decisions fall into that many stretches, and stretch k
// works with flag fk as a real scenario works with its flags: choice 0 of
// the stretch's first moment (its pivot) sets it, choice 1 of the next ten
// moments tests it ("fk and trust > 0" skips ahead), early endings reached
// from the stretch are its own and say more "if: fk" or "if: not fk", and
// the final endings test the last stretch's flag and whether the path
// visited the first pivot.
func Scenario(id string, moments, seed, flags int) ([]byte, Stats) {
	if moments < 4 {
		moments = 4
	}
	nEnd := max(2, moments/10)
	nDec := moments - nEnd
	size := nDec // decisions per stretch
	if flags > 0 {
		nEnd = max(nEnd, 2*flags+2)
		nDec = moments - nEnd
		size = (nDec + flags - 1) / flags
	}
	stretch := func(i int) int { return min(max(flags-1, 0), i/size) }
	pivot := func(k int) int { return k * size }
	// early returns the ending an early exit from decision i leads to: one
	// of its stretch's own when there are flags.
	early := func(i int) int {
		if flags == 0 {
			return i % nEnd
		}
		k := stretch(i)
		return 2*k + i%2
	}

	dec := func(i int) string {
		if i < nDec {
			return fmt.Sprintf("d%d", i)
		}
		if flags > 0 { // past the end: a final ending, not a stretch's own
			return fmt.Sprintf("e%d", 2*flags+i%(nEnd-2*flags))
		}
		return fmt.Sprintf("e%d", i%nEnd)
	}
	var b strings.Builder
	w := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	w("# yaml-language-server: $schema=scenario.schema.json\n")
	w("title: Synthetic scenario %s\n", id)
	w("summary: A generated scenario of %d moments, for **benchmarks** only.\n", moments)
	w("difficulty: %s\n", scenario.Difficulties[seed%len(scenario.Difficulties)])
	w("minutes: %d\n", min(120, 5+moments/4))
	w("skills: [spectrum, five-elements]\n")
	w("content_notes: []\n")
	w("client:\n  name: Client %d\n  role: Team lead, session %d\n", seed, seed%7+1)
	w("  background: |\n    A generated client who asked for coaching on *delegating* and on keeping\n    commitments between sessions.\n")
	w("start: d0\n")
	w("position: {trust: %d, accountability: 0}\n", seed%3)
	w("moments:\n")
	st := Stats{Files: 1}
	for i := 0; i < nDec; i++ {
		st.Moments++
		w("  d%d:\n", i)
		w("    context: Moment %d of the session. The client has just finished a long answer.\n", i)
		w("    client: |\n      \"I meant to do it, I really did. Then the week got away from me again,\n      and now I am not sure it was the right thing to commit to in the first place.\" (%d)\n", i)
		w("    choices:\n")
		for j := 0; j < 3; j++ {
			st.Choices++
			e := effects[(i*3+j+seed)%len(effects)]
			w("      - response: '\"What got in the way this time, and what would you like to do about it?\" (%d.%d)'\n", i, j)
			w("        trust: %d\n        accountability: %d\n", e[0], e[1])
			w("        level: %s\n        fit: %s\n", levels[(i+j)%len(levels)], fits[(i+2*j)%len(fits)])
			w("        honours: [%s]\n", tags[(i+j)%len(tags)])
			if j == 1 {
				w("        breaks: [%s]\n", tags[(i+j+3)%len(tags)])
			}
			w("        feedback: |\n")
			w("          Trust moves by %+d because of how the question lands; accountability moves by %+d\n", e[0], e[1])
			w("          because the commitment stays (or does not stay) on the table. The level is\n")
			w("          %s and it %s. Choice %d at moment %d.\n", levels[(i+j)%len(levels)].Label(), fits[(i+2*j)%len(fits)].Label(), j, i)
			w("        lesson: %s\n", []string{"spectrum", "five-elements", "techniques"}[j])
			if flags > 0 && j == 0 && i == pivot(stretch(i)) {
				w("        sets: [f%d]\n", stretch(i))
			}
			switch j {
			case 0:
				w("        next:\n          - if: trust >= 2 and accountability > 0\n            to: %s\n          - to: %s\n", dec(i+2), dec(i+1))
			case 1:
				w("        next:\n          - if: trust < -3 or accountability < -3\n            to: e%d\n", early(i))
				if flags > 0 && i > pivot(stretch(i)) && i < pivot(stretch(i))+10 {
					w("          - if: f%d and trust > 0\n            to: %s\n", stretch(i), dec(i+2))
				}
				w("          - to: %s\n", dec(i+1))
			case 2:
				// With flags, loops stay inside their stretch, as a real
				// scenario's loops stay inside one conversation.
				if i >= 2 && (flags == 0 || i-2 >= pivot(stretch(i))) {
					w("        next:\n          - if: trust <= -6\n            to: d%d\n          - to: %s\n", i-2, dec(i+3))
				} else {
					w("        next: %s\n", dec(i+3))
				}
			}
		}
	}
	for k := 0; k < nEnd; k++ {
		st.Moments++
		w("  e%d:\n", k)
		w("    client: |\n      The client sits back. \"Right. I know what I am doing next week.\" (ending %d)\n", k)
		w("    ending:\n      title: Ending %d of %s\n", k, id)
		switch {
		case flags == 0:
			w("      debrief: |\n        A generated debrief: the session ended here, with the position the path built.\n")
		case k < 2*flags:
			f := k / 2
			w("      debrief:\n        - A generated debrief. The session ended early, in stretch %d.\n", f)
			w("        - if: f%d\n          text: You had set flag %d on the way, and it shows here.\n", f, f)
			w("        - if: not f%d and trust < 0\n          text: Without flag %d, and with trust low, this paragraph shows.\n", f, f)
		default:
			w("      debrief:\n        - A generated debrief. The session reached one of its final endings.\n")
			w("        - if: f%d or visited d%d\n          text: The last stretch's flag was set, or the path went through the first pivot.\n", flags-1, pivot(0))
			w("        - if: not f%d and accountability > 2\n          text: Accountability rose without the last flag.\n", flags-1)
		}
		w("      reflection:\n        - What did you do that moved trust?\n        - When did accountability change?\n")
	}
	out := []byte(b.String())
	st.Bytes = int64(len(out))
	return out, st
}
