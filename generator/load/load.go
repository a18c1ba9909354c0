// Package load reads scenario YAML into the scenario model, recording the
// exact position of every key and value so that later checks can point at
// them. It reports every problem it finds in one pass instead of stopping at
// the first: unknown keys, missing fields, wrong types, bad ids, effects out
// of range, conditions that do not parse.
//
// Positions come from goccy/go-yaml's AST, never from error text.
package load

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"
	"github.com/goccy/go-yaml/token"
	"github.com/spf13/afero"

	"coachsim/generator/diag"
	"coachsim/generator/scenario"
)

// MaxFileSize bounds one scenario file. The largest realistic scenario is a
// few hundred kilobytes; anything far beyond that is a mistake or an attack.
const MaxFileSize = 2 << 20

// MaxDepth bounds YAML nesting; scenarios need about six levels.
const MaxDepth = 32

var idPattern = regexp.MustCompile(scenario.IDPattern)

// ValidID reports whether s is usable as a scenario or moment id: lowercase
// ASCII letters and digits, in dash-separated words, at most 64 bytes. Ids
// become file names and URL segments, so nothing else is allowed.
func ValidID(s string) bool { return len(s) <= scenario.MaxIDLen && idPattern.MatchString(s) }

// IDProblem says what is wrong with s as an id that names a file or a
// folder of the site (a scenario, a moment, a lesson), or "" when nothing
// is: the id rule, and the device names Windows reserves, which cannot be
// unzipped there whatever the extension.
func IDProblem(s string) string {
	switch {
	case !ValidID(s):
		return fmt.Sprintf("is not path-safe: use lowercase letters, digits and single dashes (for example %q)", slugify(s))
	case reserved(s):
		return fmt.Sprintf("is a device name Windows reserves (con, prn, aux, nul, com1 to com9, lpt1 to lpt9), so the site could not be unzipped there: choose another (for example %q)", s+"-1")
	}
	return ""
}

func reserved(s string) bool {
	switch s {
	case "con", "prn", "aux", "nul":
		return true
	}
	return len(s) == 4 && (strings.HasPrefix(s, "com") || strings.HasPrefix(s, "lpt")) && s[3] >= '1' && s[3] <= '9'
}

// Files loads every scenario named by paths. A directory contributes its
// *.yaml and *.yml files (not recursively), in name order. It returns the
// scenarios that could be read (possibly with problems), the raw sources by
// file name for diagnostics, and every problem found.
func Files(fsys afero.Fs, paths []string) ([]*scenario.Scenario, map[string][]byte, diag.List) {
	var diags diag.List
	var files []string
	for _, p := range paths {
		fi, err := fsys.Stat(p)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			diags.Errorf(diag.Pos{File: p}, "no such scenario file or folder")
			continue
		case err != nil:
			diags.Errorf(diag.Pos{File: p}, "cannot read: %v", unwrapPathError(err))
			continue
		case fi.IsDir() && isScenarioName(p):
			// Named like a scenario, so meant as one: listing it would
			// quietly find nothing.
			diags.Errorf(diag.Pos{File: p}, "this is a folder, not a scenario file")
			continue
		case !fi.IsDir():
			files = append(files, p)
			continue
		}
		entries, err := afero.ReadDir(fsys, p)
		if err != nil {
			diags.Errorf(diag.Pos{File: p}, "cannot list folder: %v", unwrapPathError(err))
			continue
		}
		for _, e := range entries {
			if isScenarioName(e.Name()) && !e.IsDir() {
				files = append(files, joinPath(p, e.Name()))
			}
		}
	}
	sources := make(map[string][]byte)
	read := map[string]bool{} // cleaned paths, so "scenarios" and "./scenarios" read each file once
	var out []*scenario.Scenario
	for _, f := range files {
		if _, seen := sources[f]; seen || read[path.Clean(f)] {
			continue
		}
		read[path.Clean(f)] = true
		src, err := readLimited(fsys, f)
		if err != nil {
			diags.Errorf(diag.Pos{File: f}, "%v", err)
			sources[f] = nil
			continue
		}
		sources[f] = src
		s, d := Bytes(f, src)
		diags = append(diags, d...)
		if s != nil {
			out = append(out, s)
		}
	}
	return out, sources, diags
}

func joinPath(dir, name string) string {
	if dir == "." || dir == "" {
		return name
	}
	return strings.TrimSuffix(dir, "/") + "/" + name
}

func unwrapPathError(err error) error {
	type unwrapper interface{ Unwrap() error }
	if u, ok := err.(unwrapper); ok && u.Unwrap() != nil {
		return u.Unwrap()
	}
	return err
}

// isScenarioName reports whether a file name has a scenario's extension.
func isScenarioName(name string) bool {
	ext := path.Ext(strings.TrimSuffix(name, "/"))
	return ext == ".yaml" || ext == ".yml"
}

func readLimited(fsys afero.Fs, name string) ([]byte, error) {
	// Only regular files: opening a named pipe would wait for a writer
	// forever, and a device could be endless.
	if fi, err := fsys.Stat(name); err == nil && !fi.Mode().IsRegular() {
		if fi.IsDir() {
			return nil, errors.New("this is a folder, not a scenario file")
		}
		return nil, errors.New("not a regular file (a pipe, device or socket): only files are read")
	}
	f, err := fsys.Open(name)
	if err != nil {
		return nil, fmt.Errorf("cannot read: %v", unwrapPathError(err))
	}
	defer f.Close()
	src, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("cannot read: %v", unwrapPathError(err))
	}
	if len(src) > MaxFileSize {
		return nil, fmt.Errorf("file is larger than %d KiB; split the scenario or check that this is the right file", MaxFileSize>>10)
	}
	return src, nil
}

// Bytes parses one scenario file. name is used for positions and as the
// default id. The scenario is nil only when the YAML could not be parsed at
// all or is not a mapping.
func Bytes(name string, src []byte) (s *scenario.Scenario, diags diag.List) {
	l := &loader{file: name}
	defer func() {
		// The YAML library is large and fed untrusted text; a panic in it
		// must become a diagnostic, never a crash.
		if r := recover(); r != nil {
			s, diags = nil, l.crashed(r)
		}
	}()
	body, ok := l.document(src, "a scenario file", "the file is empty: a scenario needs at least title, summary, difficulty, minutes, skills, client and moments")
	if !ok {
		return nil, l.diags
	}
	s = l.scenario(body)
	return s, l.finish()
}

// document reads the one YAML document of a scenario or cohort file, with
// every guard against hostile input: its size bounded, the byte order mark dropped, text
// checked, nesting and sizes pre-scanned before the parser runs, one
// document only. what names the file in messages ("a scenario file");
// empty is the message for a file with no document. ok is false when
// there is nothing to decode (the problems are in l.diags).
func (l *loader) document(src []byte, what, empty string) (body ast.Node, ok bool) {
	if len(src) > MaxFileSize {
		l.diags.Errorf(diag.Pos{File: l.file}, "file is larger than %d KiB", MaxFileSize>>10)
		return nil, false
	}
	// Windows editors may start the file with a byte order mark; it is
	// not part of the YAML.
	src = bytes.TrimPrefix(src, bom)
	if d := checkText(l.file, src); len(d) > 0 {
		l.diags = append(l.diags, d...)
		return nil, false
	}
	// Measure nesting and mapping sizes before the parser, whose memory
	// and time are not linear in them, builds anything.
	problem, open := prescan(l.file, src)
	if problem != nil {
		l.diags = append(l.diags, *problem)
		return nil, false
	}
	f, err := parser.ParseBytes(src, 0, parser.AllowDuplicateMapKey())
	if err != nil {
		l.syntaxError(err, open)
		return nil, false
	}
	for _, doc := range f.Docs {
		if doc == nil || doc.Body == nil {
			continue
		}
		if _, isComment := doc.Body.(*ast.CommentGroupNode); isComment {
			continue
		}
		if body != nil {
			l.errAt(doc.Body, "%s holds one YAML document; this second one is not allowed", what)
			break
		}
		body = doc.Body
	}
	if body == nil {
		l.diags.Errorf(diag.Pos{File: l.file, Line: 1, Col: 1}, "%s", empty)
		return nil, false
	}
	if depth(body, 0) > MaxDepth {
		l.errAt(body, "the YAML is nested more than %d levels deep", MaxDepth)
		return nil, false
	}
	return body, true
}

// depth measures nesting without recursion limits mattering: the parser
// itself has already built the tree, so recursion here is bounded by it, and
// we stop counting at MaxDepth+1.
func depth(n ast.Node, d int) int {
	if d > MaxDepth {
		return d
	}
	n = unwrap(n)
	best := d
	switch n := n.(type) {
	case *ast.MappingNode:
		for _, v := range n.Values {
			best = max(best, depth(v.Value, d+1))
		}
	case *ast.MappingValueNode:
		best = max(best, depth(n.Value, d+1))
	case *ast.SequenceNode:
		for _, v := range n.Values {
			best = max(best, depth(v, d+1))
		}
	}
	return best
}

type loader struct {
	file     string
	diags    diag.List
	dropped  int    // problems past MaxFileDiags, counted only
	momentID string // the moment being read, for messages
}

// syntaxError reports the parser's error where the parser gave up, naming
// the bracket still open when there is one: the parser stops at the
// symptom, and the cause is the unclosed bracket.
// crashed turns a panic in the YAML library into the file's last
// diagnostic.
func (l *loader) crashed(r any) diag.List {
	return append(l.diags, diag.Diagnostic{
		Pos: diag.Pos{File: l.file}, Severity: diag.Error,
		Msg: fmt.Sprintf("the YAML parser failed on this file (%v); please report it with the file attached", r),
	})
}

func (l *loader) syntaxError(err error, open []*token.Token) {
	type tokenError interface {
		GetToken() *token.Token
		GetMessage() string
	}
	pos := diag.Pos{File: l.file}
	msg := err.Error()
	if te, ok := err.(tokenError); ok {
		msg = te.GetMessage()
		if tk := te.GetToken(); tk != nil && tk.Position != nil {
			pos.Line, pos.Col = tk.Position.Line, tk.Position.Column
		}
	}
	// The innermost bracket opened before the place the parser gave up.
	for i := len(open) - 1; i >= 0; i-- {
		o := open[i].Position
		if o == nil || o.Line > pos.Line || o.Line == pos.Line && o.Column >= pos.Col {
			continue
		}
		msg += fmt.Sprintf(" (unclosed '%s' opened at %d:%d)", open[i].Value, o.Line, o.Column)
		break
	}
	l.diags.Errorf(pos, "YAML syntax: %s", msg)
}

func (l *loader) pos(n ast.Node) diag.Pos {
	if n == nil {
		return diag.Pos{File: l.file}
	}
	tk := n.GetToken()
	if tk == nil || tk.Position == nil {
		return diag.Pos{File: l.file}
	}
	return diag.Pos{File: l.file, Line: tk.Position.Line, Col: tk.Position.Column}
}

// ownerPos is where to report something missing from a mapping: its first
// key, which is where the reader's eye lands, rather than its first value.
func (l *loader) ownerPos(n ast.Node) diag.Pos {
	switch m := unwrap(n).(type) {
	case *ast.MappingNode:
		if len(m.Values) > 0 && m.Values[0] != nil && m.Values[0].Key != nil && !m.IsFlowStyle {
			return l.pos(m.Values[0].Key)
		}
	case *ast.MappingValueNode:
		if m.Key != nil {
			return l.pos(m.Key)
		}
	}
	return l.pos(n)
}

func (l *loader) errAt(n ast.Node, format string, args ...any) {
	if l.full() {
		return
	}
	l.diags.Errorf(l.pos(n), format, args...)
}

func (l *loader) warnAt(n ast.Node, format string, args ...any) {
	if l.full() {
		return
	}
	l.diags.Warnf(l.pos(n), format, args...)
}

// MaxFileDiags bounds the problems the loader records for one file. Past
// it, it counts them: a file with half a million mistakes needs fixing
// from the top, and recording them all costs minutes and gigabytes.
const MaxFileDiags = 1000

// full reports whether the file's problems have reached MaxFileDiags, and
// counts the one being dropped.
func (l *loader) full() bool {
	if len(l.diags) < MaxFileDiags {
		return false
	}
	l.dropped++
	return true
}

// finish adds the count of problems not recorded.
func (l *loader) finish() diag.List {
	if l.dropped > 0 {
		l.diags.Errorf(diag.Pos{File: l.file}, "%d more problems in this file are not listed: fix the first %d, then check again", l.dropped, MaxFileDiags)
	}
	return l.diags
}

// unwrap looks through anchors and tags to the value they decorate.
func unwrap(n ast.Node) ast.Node {
	for i := 0; i < MaxDepth; i++ {
		switch v := n.(type) {
		case *ast.AnchorNode:
			n = v.Value
		case *ast.TagNode:
			n = v.Value
		default:
			return n
		}
	}
	return n
}

// entry is one key: value pair of a mapping.
type entry struct {
	key   string
	keyN  ast.Node
	value ast.Node // may be nil for "key:" with nothing after it
}

// mapping returns the entries of a mapping node in order, or reports a type
// error. what names the thing for the message ("the scenario", "a choice").
func (l *loader) mapping(n ast.Node, what string) ([]entry, bool) {
	n = unwrap(n)
	var values []*ast.MappingValueNode
	switch m := n.(type) {
	case *ast.MappingNode:
		values = m.Values
	case *ast.MappingValueNode:
		values = []*ast.MappingValueNode{m}
	case *ast.AliasNode:
		l.errAt(n, "YAML aliases (*name) are not supported in scenarios; write the value out")
		return nil, false
	default:
		l.errAt(n, "%s must be a mapping of keys to values, found %s", what, describe(n))
		return nil, false
	}
	out := make([]entry, 0, len(values))
	for _, mv := range values {
		if mv == nil || mv.Key == nil {
			continue
		}
		key := keyString(mv.Key)
		if _, isMerge := mv.Key.(*ast.MergeKeyNode); isMerge {
			l.errAt(mv.Key, "YAML merge keys (<<) are not supported in scenarios; write the keys out")
			continue
		}
		var v ast.Node
		if mv.Value != nil {
			v = unwrap(mv.Value)
			if _, isNull := v.(*ast.NullNode); isNull {
				v = nil
			}
		}
		out = append(out, entry{key: key, keyN: mv.Key, value: v})
	}
	return out, true
}

func keyString(k ast.MapKeyNode) string {
	if mk, ok := unwrap(k).(*ast.MappingKeyNode); ok && mk.Value != nil {
		return scalarText(mk.Value) // an explicit "? key"
	}
	if k.GetToken() == nil {
		return k.String()
	}
	return scalarText(k)
}

func scalarText(n ast.Node) string {
	switch v := unwrap(n).(type) {
	case *ast.StringNode:
		return v.Value
	case *ast.LiteralNode:
		if v.Value != nil {
			return v.Value.Value
		}
		return ""
	}
	if tk := n.GetToken(); tk != nil {
		return tk.Value
	}
	return ""
}

// describe names a node's YAML type for "found ..." messages.
func describe(n ast.Node) string {
	switch v := unwrap(n).(type) {
	case nil:
		return "nothing"
	case *ast.MappingNode, *ast.MappingValueNode:
		return "a mapping"
	case *ast.SequenceNode:
		return "a list"
	case *ast.IntegerNode:
		return "a number"
	case *ast.FloatNode:
		return "a decimal number"
	case *ast.BoolNode:
		return "true/false"
	case *ast.NullNode:
		return "nothing"
	case *ast.StringNode, *ast.LiteralNode:
		return fmt.Sprintf("the text %q", abbreviate(scalarText(v)))
	case *ast.AliasNode:
		return "an alias"
	case *ast.InfinityNode:
		return "infinity"
	case *ast.NanNode:
		return "not-a-number (.nan)"
	}
	return "a " + strings.ToLower(unwrap(n).Type().String())
}

func abbreviate(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i] + "..."
	}
	if len(s) > 40 {
		s = s[:37] + "..."
	}
	return s
}

// fields checks a mapping's keys against the allowed set, reporting unknown
// keys with a suggestion and duplicates, and returns the entries by key.
func (l *loader) fields(entries []entry, what string, allowed []string) map[string]entry {
	got := make(map[string]entry, len(entries))
	for _, e := range entries {
		if prev, dup := got[e.key]; dup {
			l.errAt(e.keyN, "duplicate key %q in %s (first at line %d)", e.key, what, l.pos(prev.keyN).Line)
			continue
		}
		if !slices.Contains(allowed, e.key) {
			msg := fmt.Sprintf("unknown key %q in %s", e.key, what)
			if hint := diag.DidYouMean(e.key, allowed); hint != "" {
				msg += hint
			} else {
				msg += fmt.Sprintf(" (allowed: %s)", strings.Join(allowed, ", "))
			}
			l.errAt(e.keyN, "%s", msg)
			continue
		}
		got[e.key] = e
	}
	return got
}

// required reports a missing key at the mapping's own position.
func (l *loader) required(got map[string]entry, key string, owner ast.Node, what string) (entry, bool) {
	e, ok := got[key]
	if !ok {
		l.diags.Errorf(l.ownerPos(owner), "%s is missing required key %q", what, key)
		return entry{}, false
	}
	if e.value == nil {
		l.errAt(e.keyN, "%q has no value", key)
		return entry{}, false
	}
	return e, true
}

// text returns a scalar as text. Numbers and booleans are accepted as their
// source text: a title of 2024 or a response of "yes" is still text.
func (l *loader) text(e entry) (string, bool) {
	switch v := e.value.(type) {
	case nil:
		return "", true
	case *ast.StringNode, *ast.LiteralNode, *ast.IntegerNode, *ast.FloatNode, *ast.BoolNode, *ast.InfinityNode, *ast.NanNode:
		t := scalarText(v)
		if r := control(t); r >= 0 {
			l.errAt(v, "%q contains the control character %U (written as an escape): remove it", e.key, r)
			return "", false
		}
		return t, true
	case *ast.AliasNode:
		l.errAt(v, "YAML aliases (*name) are not supported in scenarios; write the value out")
		return "", false
	}
	l.errAt(e.value, "%q must be text, found %s", e.key, describe(e.value))
	return "", false
}

// length reports a text longer than the format allows, at its value.
func (l *loader) length(n ast.Node, key, s string, max int) {
	if max <= 0 {
		return
	}
	if c := utf8.RuneCountInString(s); c > max {
		l.errAt(n, "%s is %d characters long; the limit is %d (see Limits in scenarios/README.md)", key, c, max)
	}
}

// control returns the first control character in a decoded text (other
// than tab and newline), or -1. The file's bytes are checked before
// parsing; this catches those written as escapes ("\e", "\x00").
func control(s string) rune {
	for _, r := range s {
		if r < 0x20 && r != '\t' && r != '\n' || r == 0x7F || r >= 0x80 && r < 0xA0 || r == 0x2028 || r == 0x2029 {
			return r
		}
	}
	return -1
}

func (l *loader) integer(e entry) (int, bool) {
	if v, ok := e.value.(*ast.IntegerNode); ok {
		// YAML also reads 0x2, 0o3 and 0b11 as numbers; scenarios are
		// written in decimal (a leading + is fine: "+2" reads as an
		// effect), so anything else is more likely a mistake.
		if src := scalarText(v); !decimal.MatchString(src) {
			l.errAt(e.value, "%q must be a whole number written in decimal, found %s", e.key, src)
			return 0, false
		}
		switch n := v.Value.(type) {
		case int64:
			if n >= -1<<31 && n < 1<<31 {
				return int(n), true
			}
		case uint64:
			if n < 1<<31 {
				return int(n), true
			}
		case int:
			return n, true
		}
		l.errAt(e.value, "%q is far too large", e.key)
		return 0, false
	}
	if decimal.MatchString(scalarText(e.value)) {
		// Digits the YAML library could not hold in 64 bits.
		l.errAt(e.value, "%q is far too large", e.key)
		return 0, false
	}
	l.errAt(e.value, "%q must be a whole number, found %s", e.key, describe(e.value))
	return 0, false
}

// decimal is how the format writes whole numbers.
var decimal = regexp.MustCompile(`^[-+]?[0-9]+$`)

// list returns the items of a sequence, or reports a type error.
func (l *loader) list(e entry) ([]ast.Node, bool) {
	switch v := e.value.(type) {
	case nil:
		return nil, true
	case *ast.SequenceNode:
		items := make([]ast.Node, 0, len(v.Values))
		for _, it := range v.Values {
			items = append(items, unwrap(it))
		}
		return items, true
	}
	l.errAt(e.value, "%q must be a list, found %s", e.key, describe(e.value))
	return nil, false
}

func oneOf[T ~string](l *loader, e entry, valid []T) (T, bool) {
	s, ok := l.text(e)
	if !ok {
		return "", false
	}
	names := make([]string, len(valid))
	for i, v := range valid {
		names[i] = string(v)
		if string(v) == s {
			return v, true
		}
	}
	l.errAt(e.value, "%q must be one of %s, found %q%s", e.key, strings.Join(names, ", "), s, diag.DidYouMean(s, names))
	return "", false
}

// Keys returns the allowed keys of each object in the format, by object
// name ("scenario", "client", "position", "moment", "ending", "choice",
// "route", "paragraph"), as the model's struct tags define them.
func Keys() map[string][]string {
	out := map[string][]string{}
	for _, o := range scenario.Objects {
		out[o.Name] = scenario.Keys(o.Type)
	}
	return out
}

var (
	textType     = reflect.TypeFor[scenario.Text]()
	textListType = reflect.TypeFor[[]scenario.Text]()
	posType      = reflect.TypeFor[diag.Pos]()
)

// isField reports whether t is an instance of scenario.Field.
func isField(t reflect.Type) bool {
	return t.Kind() == reflect.Struct && t.NumField() == 2 &&
		t.Field(0).Name == "Value" && t.Field(1).Type == posType
}

// object decodes the mapping n into the struct v, by the format's struct
// tags: unknown and duplicate keys, missing required keys and every value
// are checked, and every problem is reported. mapWhat names the node in a
// "must be a mapping" message and what names the object in the others.
// It returns the mapping's entries by key, for the caller's own checks, and
// false when n is not a mapping at all.
func (l *loader) object(n ast.Node, v reflect.Value, mapWhat, what string) (map[string]entry, bool) {
	entries, ok := l.mapping(n, mapWhat)
	if !ok {
		return nil, false
	}
	obj, _ := scenario.ObjectOf(v.Type())
	fis := scenario.Fields(v.Type())
	f := l.fields(entries, what, scenario.Keys(v.Type()))
	for _, fi := range fis {
		e, ok := f[fi.Key]
		if fi.Required {
			if e, ok = l.required(f, fi.Key, n, what); !ok {
				continue
			}
		} else if !ok {
			continue
		} else if e.value == nil {
			if fi.Kind == scenario.KindCondition {
				// "if:" with nothing after it would silently make the
				// route a default.
				l.errAt(e.keyN, "%q has no value: write a condition, or remove %q", fi.Key, fi.Key)
				v.Field(fi.Index).Set(reflect.ValueOf(scenario.Condition{CondSrc: scenario.Text{Pos: l.pos(e.keyN)}, Broken: true}))
			}
			continue
		}
		l.value(e, v.Field(fi.Index), fi, obj.Name, what)
	}
	return f, true
}

// value decodes one entry into the struct field fv described by fi, which
// belongs to the object named obj.
func (l *loader) value(e entry, fv reflect.Value, fi scenario.FieldInfo, obj, what string) {
	switch fi.Kind {
	case scenario.KindMoments:
		fv.Set(reflect.ValueOf(l.moments(e)))
		return
	case scenario.KindDebrief:
		fv.Set(reflect.ValueOf(l.debrief(e)))
		return
	case scenario.KindNext:
		fv.Set(reflect.ValueOf(l.routes(e)))
		return
	case scenario.KindNotes:
		fv.Set(reflect.ValueOf(l.notes(e, fi.Max)))
		return
	case scenario.KindCondition:
		c := l.cond(e)
		l.length(e.value, e.key, c.CondSrc.Value, fi.Max)
		fv.Set(reflect.ValueOf(c))
		return
	}
	t := fv.Type()
	switch {
	case t == textType:
		if s, ok := l.text(e); ok {
			l.length(e.value, e.key, s, fi.Max)
			fv.Set(reflect.ValueOf(scenario.Text{Value: s, Pos: l.pos(e.value)}))
		}
	case isField(t):
		fv.Field(1).Set(reflect.ValueOf(l.pos(e.value)))
		l.value(e, fv.Field(0), scenario.FieldInfo{Key: fi.Key, Type: t.Field(0).Type, Kind: fi.Kind}, obj, what)
	case t == textListType:
		fv.Set(reflect.ValueOf(l.textList(e, fi, obj)))
	case t.Kind() == reflect.Int:
		l.number(e, fv, obj)
	case t.Kind() == reflect.String:
		enum, ok := scenario.EnumOf(t)
		if !ok {
			panic("load: no enum for " + t.String())
		}
		if s, ok := oneOf(l, e, enum.Values); ok {
			fv.SetString(s)
		}
	case t.Kind() == reflect.Struct:
		sub, _ := scenario.ObjectOf(t)
		l.object(e.value, fv, sub.Name, sub.Name)
	case t.Kind() == reflect.Pointer && t.Elem().Kind() == reflect.Struct:
		p := reflect.New(t.Elem())
		sub, _ := scenario.ObjectOf(t.Elem())
		what := fmt.Sprintf("the %s of %q", sub.Name, l.momentID)
		if l.momentID == "" { // outside a scenario's moments: the cohort file's facilitator
			what = "the " + sub.Name
		}
		l.object(e.value, p.Elem(), "an "+sub.Name, what)
		fv.Set(p)
	case t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.Pointer:
		items, ok := l.list(e)
		if !ok {
			return
		}
		if fi.NonEmpty && len(items) == 0 {
			l.errAt(e.keyN, "moment %q has an empty %s list: add %s, or make it an ending", l.momentID, e.key, e.key)
		}
		out := reflect.MakeSlice(t, 0, len(items))
		for i, it := range items {
			c := &scenario.Choice{Index: i, Pos: l.ownerPos(it)}
			w := fmt.Sprintf("choice %d of %q", i+1, l.momentID)
			l.object(it, reflect.ValueOf(c).Elem(), w, w)
			out = reflect.Append(out, reflect.ValueOf(c))
		}
		fv.Set(out)
	default:
		panic("load: no decoder for " + t.String())
	}
}

// number reads a whole number and checks it against the format's range
// for obj.key. An effect out of range is clamped, so later checks still
// see the scenario's shape; a starting position out of range is left at 0.
func (l *loader) number(e entry, fv reflect.Value, obj string) {
	v, ok := l.integer(e)
	if !ok {
		return
	}
	if r, bounded := scenario.Ranges[obj+"."+e.key]; bounded && (v < r.Min || v > r.Max) {
		switch obj {
		case "choice":
			l.errAt(e.value, "effect on %s is %d: a single response moves each axis by at most %d either way", e.key, v, r.Max)
			v = max(r.Min, min(r.Max, v))
		case "position":
			l.errAt(e.value, "starting %s %d is off the plane: it must be between %d and %d", e.key, v, r.Min, r.Max)
			return
		default:
			l.errAt(e.value, "%s must be between %d and %d, found %d", e.key, r.Min, r.Max, v)
		}
	}
	fv.SetInt(int64(v))
}

// emptyList says what a list that needs items is for, by "object.key".
var emptyList = map[string]string{
	"scenario.skills":   "skills must name at least one lesson the scenario trains",
	"ending.reflection": "reflection must hold at least one question for the trainee",
}

// textList reads a list of texts, each with its position. A Single list
// may also be written as one scalar; tag and flag lists check each name.
func (l *loader) textList(e entry, fi scenario.FieldInfo, obj string) []scenario.Text {
	var items []ast.Node
	if _, isList := e.value.(*ast.SequenceNode); fi.Single && !isList {
		items = []ast.Node{e.value}
	} else {
		var ok bool
		if items, ok = l.list(e); !ok {
			return nil
		}
		if fi.NonEmpty && len(items) == 0 {
			l.errAt(e.value, "%s", emptyList[obj+"."+e.key])
		}
	}
	out := make([]scenario.Text, 0, len(items))
	seen := map[string]bool{}
	for _, it := range items {
		s, ok := l.text(entry{key: e.key + " item", value: it})
		if !ok {
			continue
		}
		if fi.Kind != scenario.KindFlag { // flags have the id rule's message
			l.length(it, e.key+" item", s, fi.Max)
		}
		switch fi.Kind {
		case scenario.KindTag:
			if _, known := scenario.LookupTag(s); !known && !l.full() {
				l.errAt(it, "unknown element or technique %q in %s%s", s, e.key, diag.DidYouMean(s, tagNames()))
				continue
			}
		case scenario.KindFlag:
			switch {
			case !ValidID(s):
				l.errAt(it, "flag name %q is not valid: use lowercase letters, digits and single dashes, as for ids (for example %q)", s, slugify(s))
				continue
			case scenario.IsCondKeyword(s):
				l.errAt(it, "%q is a word of the condition language and cannot name a flag", s)
				continue
			case seen[s]:
				l.warnAt(it, "flag %q is listed twice in %s", s, e.key)
				continue
			}
			seen[s] = true
		}
		out = append(out, scenario.Text{Value: s, Pos: l.pos(it)})
	}
	return out
}

func tagNames() []string {
	names := make([]string, len(scenario.Tags))
	for i, t := range scenario.Tags {
		names[i] = t.Name
	}
	return names
}

func (l *loader) scenario(body ast.Node) *scenario.Scenario {
	s := &scenario.Scenario{File: l.file}
	f, ok := l.object(body, reflect.ValueOf(s).Elem(), "a scenario file", "the scenario")
	if !ok {
		return nil
	}
	if _, ok := f["id"]; ok {
		if id := s.ID.Value; s.ID.Pos.IsValid() && IDProblem(id) != "" {
			l.diags.Errorf(s.ID.Pos, "scenario id %q %s", id, IDProblem(id))
		}
	}
	if s.ID.Value == "" {
		base := path.Base(l.file)
		s.ID = scenario.Text{Value: strings.TrimSuffix(strings.TrimSuffix(base, ".yaml"), ".yml")}
		if !ValidID(s.ID.Value) {
			l.diags.Errorf(diag.Pos{File: l.file, Line: 1, Col: 1}, "the file name gives the scenario id %q, which is not path-safe: rename the file or add an id such as %q", s.ID.Value, slugify(s.ID.Value))
		} else if reserved(s.ID.Value) {
			l.diags.Errorf(diag.Pos{File: l.file, Line: 1, Col: 1}, "the file name gives the scenario id %q, a device name Windows reserves, so the site could not be unzipped there: rename the file or add an id such as %q", s.ID.Value, s.ID.Value+"-1")
		}
	}
	s.Index()
	return s
}

func (l *loader) moments(e entry) []*scenario.Moment {
	entries, ok := l.mapping(e.value, "moments")
	if !ok {
		return nil
	}
	if len(entries) == 0 {
		l.errAt(e.keyN, "moments is empty: a scenario needs at least one moment and one ending")
		return nil
	}
	var out []*scenario.Moment
	seen := map[string]diag.Pos{}
	for i, me := range entries {
		kp := l.pos(me.keyN)
		if prev, dup := seen[me.key]; dup {
			l.errAt(me.keyN, "duplicate moment id %q (first defined at line %d)", me.key, prev.Line)
			continue
		}
		seen[me.key] = kp
		if p := IDProblem(me.key); p != "" {
			l.errAt(me.keyN, "moment id %q %s", me.key, p)
		}
		m := &scenario.Moment{ID: me.key, Pos: kp, Index: i}
		out = append(out, m)
		if me.value == nil {
			l.errAt(me.keyN, "moment %q is empty: it needs client text and either choices or an ending", me.key)
			continue
		}
		l.moment(me, m)
	}
	return out
}

func (l *loader) moment(me entry, m *scenario.Moment) {
	l.momentID = m.ID
	what := fmt.Sprintf("moment %q", m.ID)
	f, ok := l.object(me.value, reflect.ValueOf(m).Elem(), what, what)
	if !ok {
		return
	}
	_, hasChoices := f["choices"]
	ee, hasEnding := f["ending"]
	switch {
	case hasChoices && hasEnding:
		l.errAt(ee.keyN, "moment %q has both choices and an ending: an ending has no choices", m.ID)
	case !hasChoices && !hasEnding:
		l.errAt(me.keyN, "moment %q is a dead end: give it choices, or mark it as an ending with an ending: block", m.ID)
	}
	if hasEnding && ee.value == nil {
		l.errAt(ee.keyN, "ending of moment %q needs title, debrief and reflection", m.ID)
		m.Ending = &scenario.Ending{}
	}
}

// debrief reads an ending's debrief: one Markdown text, or a list whose
// items are texts or {if: CONDITION, text: MARKDOWN} paragraphs.
func (l *loader) debrief(e entry) []scenario.Paragraph {
	if _, isList := e.value.(*ast.SequenceNode); !isList {
		t, ok := l.text(e)
		if !ok {
			return nil
		}
		l.length(e.value, "debrief", t, scenario.ParagraphMax())
		return []scenario.Paragraph{{Text: scenario.Text{Value: t, Pos: l.pos(e.value)}}}
	}
	items, _ := l.list(e)
	if len(items) == 0 {
		l.errAt(e.value, "debrief is an empty list: give it at least one paragraph")
		return nil
	}
	var out []scenario.Paragraph
	for _, it := range items {
		switch it.(type) {
		case *ast.MappingNode, *ast.MappingValueNode:
		default:
			t, ok := l.text(entry{key: "debrief item", value: it})
			if ok {
				l.length(it, "debrief item", t, scenario.ParagraphMax())
				out = append(out, scenario.Paragraph{Text: scenario.Text{Value: t, Pos: l.pos(it)}})
			}
			continue
		}
		var p scenario.Paragraph
		if _, ok := l.object(it, reflect.ValueOf(&p).Elem(), "a debrief paragraph", "a debrief paragraph"); ok {
			out = append(out, p)
		}
	}
	return out
}

func (l *loader) routes(e entry) []scenario.Route {
	if _, isList := e.value.(*ast.SequenceNode); !isList {
		to, ok := l.text(e)
		if !ok {
			return nil
		}
		l.length(e.value, "next", to, scenario.MaxIDLen)
		return []scenario.Route{{To: scenario.Text{Value: to, Pos: l.pos(e.value)}}}
	}
	items, _ := l.list(e)
	if len(items) == 0 {
		l.errAt(e.value, "next is an empty list: give a moment id, or routes ending with a default {to: ...}")
		return nil
	}
	var out []scenario.Route
	for i, it := range items {
		var r scenario.Route
		f, ok := l.object(it, reflect.ValueOf(&r).Elem(), "a route", "a route")
		if !ok {
			continue
		}
		last := i == len(items)-1
		if ce, ok := f["if"]; ok {
			if last {
				l.errAt(ce.keyN, "the last route must be the default, with no \"if\": add a final {to: MOMENT} for when no condition holds")
			}
		} else if !last {
			l.errAt(it, "only the last route may omit \"if\": this route always applies, so the routes after it can never be taken")
		}
		out = append(out, r)
	}
	return out
}

// cond reads a condition: its text, the position of its first character,
// whether columns in the text map one to one onto the source line from
// there, and the parsed condition (nil when it does not parse, with the
// error reported).
func (l *loader) cond(ce entry) scenario.Condition {
	src, _ := l.text(ce)
	pos := l.pos(ce.value)
	if ce.value == nil {
		pos = l.pos(ce.keyN)
	}
	exact := false
	if sn, plain := ce.value.(*ast.StringNode); plain && sn.Token != nil && !strings.ContainsAny(src, "\n") {
		switch sn.Token.Type {
		case token.StringType:
			exact = true
		case token.DoubleQuoteType, token.SingleQuoteType:
			// Quoted: the text starts after the quote; exact unless it
			// holds escapes, which no condition needs.
			if !strings.ContainsAny(sn.Token.Origin, "\\") && !strings.Contains(sn.Token.Origin, "''") {
				pos.Col++
				exact = true
			}
		}
	}
	cond, err := scenario.ParseCond(src)
	if err != nil {
		p := pos
		if ce, ok := err.(*scenario.CondError); ok && exact {
			p.Col += ce.Offset
		}
		l.diags.Errorf(p, "condition %q: %s", src, err.Error())
		return scenario.Condition{CondSrc: scenario.Text{Value: src, Pos: pos}, CondExact: exact, Broken: true}
	}
	return scenario.Condition{Cond: cond, CondSrc: scenario.Text{Value: src, Pos: pos}, CondExact: exact}
}

var nonID = regexp.MustCompile(`[^a-z0-9]+`)

// slugify suggests a valid id close to s.
func slugify(s string) string {
	s = strings.Trim(nonID.ReplaceAllString(strings.ToLower(s), "-"), "-")
	if s == "" {
		return "moment-1"
	}
	if len(s) > 64 {
		s = strings.TrimRight(s[:64], "-")
	}
	return s
}

// SortByID orders scenarios by id, then file, for stable output.
func SortByID(ss []*scenario.Scenario) {
	sort.SliceStable(ss, func(i, j int) bool {
		if ss[i].ID.Value != ss[j].ID.Value {
			return ss[i].ID.Value < ss[j].ID.Value
		}
		return ss[i].File < ss[j].File
	})
}
