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

	"coachsim/generator/scenario"
)

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
	Pos      scenario.Pos
	Severity Severity
	Msg      string
}

// String formats the diagnostic as file:line:col: severity: message.
func (d Diagnostic) String() string {
	return fmt.Sprintf("%s: %s: %s", posString(d.Pos), d.Severity, d.Msg)
}

func posString(p scenario.Pos) string {
	switch {
	case p.Line > 0 && p.Col > 0:
		return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col)
	case p.Line > 0:
		return fmt.Sprintf("%s:%d", p.File, p.Line)
	}
	return p.File
}

// List is an ordered collection of diagnostics.
type List []Diagnostic

// Add appends a diagnostic.
func (l *List) Add(pos scenario.Pos, sev Severity, format string, args ...any) {
	*l = append(*l, Diagnostic{Pos: pos, Severity: sev, Msg: fmt.Sprintf(format, args...)})
}

// Errorf appends an error.
func (l *List) Errorf(pos scenario.Pos, format string, args ...any) {
	l.Add(pos, Error, format, args...)
}

// Warnf appends a warning.
func (l *List) Warnf(pos scenario.Pos, format string, args ...any) {
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

// Format writes the list for people: one "file:line:col: severity: message"
// line per diagnostic, followed, when the source is known, by the offending
// line and a caret under the column.
func (l List) Format(w io.Writer, sources map[string][]byte) error {
	var b strings.Builder
	for _, d := range l {
		b.WriteString(d.String())
		b.WriteByte('\n')
		if src, ok := sources[d.Pos.File]; ok && d.Pos.Line > 0 {
			writeSnippet(&b, src, d.Pos)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func writeSnippet(b *strings.Builder, src []byte, p scenario.Pos) {
	line, ok := sourceLine(src, p.Line)
	if !ok {
		return
	}
	line = strings.ReplaceAll(line, "\t", " ")
	num := fmt.Sprintf("%5d | ", p.Line)
	fmt.Fprintf(b, "%s%s\n", num, line)
	if p.Col > 0 {
		// The column counts bytes; pad by runes so the caret lines up
		// under non-ASCII text.
		col := p.Col - 1
		if col > len(line) {
			col = len(line)
		}
		pad := utf8.RuneCountInString(line[:col])
		fmt.Fprintf(b, "%s| %s^\n", strings.Repeat(" ", len(num)-2), strings.Repeat(" ", pad))
	}
}

func sourceLine(src []byte, n int) (string, bool) {
	for i := 1; len(src) > 0; i++ {
		j := bytes.IndexByte(src, '\n')
		var line []byte
		if j < 0 {
			line, src = src, nil
		} else {
			line, src = src[:j], src[j+1:]
		}
		if i == n {
			return strings.TrimRight(string(line), "\r"), true
		}
	}
	return "", false
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
