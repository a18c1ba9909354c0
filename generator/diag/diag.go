// Package diag holds the checker's findings: positioned errors and warnings,
// collected rather than returned one at a time, sorted, and printed either
// for people (file:line:col with a source snippet and caret) or as JSON for
// tools. It plays the role go/scanner.ErrorList plays for the Go compiler.
package diag

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/agnivade/levenshtein"
)

// Pos is a place in a source file. Line and Col are 1-based (Col counts
// bytes); a zero Pos means "unknown" and is printed as the file alone.
type Pos struct {
	File string
	Line int
	Col  int
}

// IsValid reports whether the position names a line.
func (p Pos) IsValid() bool { return p.Line > 0 }

// String formats the position as file:line:col, file:line or file.
func (p Pos) String() string {
	switch {
	case p.Line > 0 && p.Col > 0:
		return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col)
	case p.Line > 0:
		return fmt.Sprintf("%s:%d", p.File, p.Line)
	}
	return p.File
}

// Severity says whether a finding stops the build.
type Severity int

// The severities. Errors stop the build; warnings point at weak spots.
const (
	Error Severity = iota
	Warning
)

// String returns "error" or "warning".
func (s Severity) String() string {
	if s == Warning {
		return "warning"
	}
	return "error"
}

// MarshalText encodes the severity as its name.
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// Diagnostic is one finding at one place.
type Diagnostic struct {
	Pos      Pos
	Severity Severity
	Msg      string
}

// String formats the diagnostic as file:line:col: severity: message, with
// anything unprintable escaped (see Printable).
func (d Diagnostic) String() string {
	return Printable(fmt.Sprintf("%s: %s: %s", d.Pos, d.Severity, d.Msg))
}

// Printable returns s with what a terminal would act on escaped: control
// characters other than tab and newline (an escape sequence in a title can
// clear the screen or retitle the window), invalid UTF-8, and the Unicode
// line and paragraph separators. Text that is already printable comes back
// as it is.
func Printable(s string) string {
	clean := true
	for _, r := range s {
		if unprintable(r) {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case unprintable(r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

func unprintable(r rune) bool {
	return r == utf8.RuneError || (r < 0x20 && r != '\t' && r != '\n') || r == 0x7F || (r >= 0x80 && r < 0xA0) || r == 0x2028 || r == 0x2029
}

// List is an ordered collection of diagnostics.
type List []Diagnostic

// Add appends a diagnostic.
func (l *List) Add(pos Pos, sev Severity, format string, args ...any) {
	*l = append(*l, Diagnostic{Pos: pos, Severity: sev, Msg: fmt.Sprintf(format, args...)})
}

// Errorf appends an error.
func (l *List) Errorf(pos Pos, format string, args ...any) {
	l.Add(pos, Error, format, args...)
}

// Warnf appends a warning.
func (l *List) Warnf(pos Pos, format string, args ...any) {
	l.Add(pos, Warning, format, args...)
}

// Sort orders the list by file, line, column, then errors before warnings,
// then message, and drops exact duplicates.
func (l *List) Sort() {
	slices.SortStableFunc(*l, func(a, b Diagnostic) int {
		return cmp.Or(
			cmp.Compare(a.Pos.File, b.Pos.File),
			cmp.Compare(a.Pos.Line, b.Pos.Line),
			cmp.Compare(a.Pos.Col, b.Pos.Col),
			cmp.Compare(a.Severity, b.Severity),
			cmp.Compare(a.Msg, b.Msg),
		)
	})
	*l = slices.Compact(*l)
}

// HasErrors reports whether any diagnostic is an error.
func (l List) HasErrors() bool {
	for _, d := range l {
		if d.Severity == Error {
			return true
		}
	}
	return false
}

// Count returns the number of errors and warnings.
func (l List) Count() (errors, warnings int) {
	for _, d := range l {
		if d.Severity == Error {
			errors++
		} else {
			warnings++
		}
	}
	return errors, warnings
}

// MaxPrinted bounds the diagnostics Format prints: past a thousand, more
// of them help nobody, and printing hundreds of thousands takes minutes.
// FormatJSON, for tools, writes them all.
const MaxPrinted = 1000

// Format writes the list for people: one "file:line:col: severity: message"
// line per diagnostic, followed, when the source is known, by the offending
// line and a caret under the column. After MaxPrinted it says how many more
// there are instead.
func (l List) Format(w io.Writer, sources map[string][]byte) error {
	var b strings.Builder
	if len(l) > MaxPrinted {
		defer func(n int) {
			fmt.Fprintf(w, "... and %d more not shown: fix these first (the JSON output lists them all)\n", n)
		}(len(l) - MaxPrinted)
		l = l[:MaxPrinted]
	}
	// Index each file's lines once: a file with thousands of findings must
	// not be rescanned for every snippet.
	indexed := map[string]*Lines{}
	for _, d := range l {
		b.WriteString(d.String())
		b.WriteByte('\n')
		src, ok := sources[d.Pos.File]
		if !ok || d.Pos.Line <= 0 {
			continue
		}
		ls := indexed[d.Pos.File]
		if ls == nil {
			ls = NewLines(src)
			indexed[d.Pos.File] = ls
		}
		writeSnippet(&b, ls, d.Pos)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func writeSnippet(b *strings.Builder, ls *Lines, p Pos) {
	line, ok := ls.Line(p.Line)
	if !ok {
		return
	}
	line = strings.ReplaceAll(line, "\t", " ")
	col := 0
	if p.Col > 0 {
		col = min(p.Col-1, len(line))
	}
	// Show a window of a long line around the column, so one finding in
	// a 100 KB line does not print all of it.
	before, after := line[:col], line[col:]
	if utf8.RuneCountInString(before) > snippetBefore {
		before = "..." + lastRunes(before, snippetBefore-3)
	}
	if utf8.RuneCountInString(after) > snippetAfter {
		after = firstRunes(after, snippetAfter-3) + "..."
	}
	before, after = Printable(before), Printable(after)
	num := fmt.Sprintf("%5d | ", p.Line)
	fmt.Fprintf(b, "%s%s%s\n", num, before, after)
	if p.Col > 0 {
		// The column counts bytes; pad by runes so the caret lines up
		// under non-ASCII text.
		pad := utf8.RuneCountInString(before)
		fmt.Fprintf(b, "%s| %s^\n", strings.Repeat(" ", len(num)-2), strings.Repeat(" ", pad))
	}
}

// The snippet shows at most this many runes before and after the column.
const (
	snippetBefore = 120
	snippetAfter  = 120
)

func lastRunes(s string, n int) string {
	rs := []rune(s)
	return string(rs[len(rs)-n:])
}

func firstRunes(s string, n int) string {
	rs := []rune(s)
	return string(rs[:n])
}

// Lines indexes a source text by line, so that looking up many lines costs
// one scan of the text in all.
type Lines struct {
	src    []byte
	starts []int // byte offset of each line's first character
}

// NewLines indexes src.
func NewLines(src []byte) *Lines {
	starts := []int{0}
	for i, c := range src {
		if c == '\n' && i+1 < len(src) {
			starts = append(starts, i+1)
		}
	}
	if len(src) == 0 {
		starts = nil
	}
	return &Lines{src: src, starts: starts}
}

// Line returns line n (1-based) without its line ending, and whether the
// text has that line.
func (ls *Lines) Line(n int) (string, bool) {
	if n < 1 || n > len(ls.starts) {
		return "", false
	}
	start := ls.starts[n-1]
	end := len(ls.src)
	if n < len(ls.starts) {
		end = ls.starts[n] - 1
	} else if i := bytes.IndexByte(ls.src[start:], '\n'); i >= 0 {
		end = start + i
	}
	return strings.TrimRight(string(ls.src[start:end]), "\r"), true
}

// Line returns line n (1-based) of src, or "" when src has no such line.
func Line(src []byte, n int) string {
	s, _ := NewLines(src).Line(n)
	return s
}

// DidYouMean returns a hint naming the candidate closest to s, as
// ` (did you mean "x"?)`, or "" when none is close enough to be a likely
// typo. Every "did you mean" in coachsim's messages comes from here.
func DidYouMean(s string, candidates []string) string {
	if c := Closest(s, candidates); c != "" {
		return fmt.Sprintf(" (did you mean %q?)", c)
	}
	return ""
}

// Closest returns the candidate within a small edit distance of s (two
// edits, three for names longer than eight bytes), or "".
func Closest(s string, candidates []string) string {
	best, bestD := "", -1
	for _, c := range candidates {
		d := levenshtein.ComputeDistance(s, c)
		if bestD < 0 || d < bestD {
			best, bestD = c, d
		}
	}
	limit := 2
	if len(s) > 8 {
		limit = 3
	}
	if bestD >= 0 && bestD <= limit && bestD < len(s) {
		return best
	}
	return ""
}

// jsonDiag is the stable JSON shape of one diagnostic.
type jsonDiag struct {
	File     string   `json:"file"`
	Line     int      `json:"line"`
	Col      int      `json:"col"`
	Severity Severity `json:"severity"`
	Message  string   `json:"message"`
}

// FormatJSON writes the list as a JSON array of
// {file, line, col, severity, message} objects, for editors and CI.
func (l List) FormatJSON(w io.Writer) error {
	out := make([]jsonDiag, 0, len(l))
	for _, d := range l {
		out = append(out, jsonDiag{d.Pos.File, d.Pos.Line, d.Pos.Col, d.Severity, d.Msg})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

// String returns the list one diagnostic per line, without snippets.
func (l List) String() string {
	var b strings.Builder
	for _, d := range l {
		b.WriteString(d.String())
		b.WriteByte('\n')
	}
	return b.String()
}
