package scenario

import (
	"reflect"
	"strconv"
	"strings"
	"sync"
)

// The scenario format is defined once: by the struct tags of the model's
// types (keys, required, Markdown, kinds, descriptions) and by the tables
// in this file (objects, enums, ranges). The loader takes its known and
// required keys from here, scenarios/scenario.schema.json is generated from
// here (go generate ./generator/...), and a test checks scenarios/README.md's
// field tables against it.

// Object is one kind of mapping in the format.
type Object struct {
	Name string       // as the docs and the schema name it: "scenario", "choice", ...
	Type reflect.Type // the model's struct type
	Doc  string       // one line for the schema
}

// Objects lists the format's mappings, in the order the README presents
// them.
var Objects = []Object{
	{"scenario", reflect.TypeFor[Scenario](), "One coaching role-play scenario. See scenarios/README.md."},
	{"client", reflect.TypeFor[Client](), "The person the trainee is coaching."},
	{"position", reflect.TypeFor[Position](), "A starting position on the plane."},
	{"moment", reflect.TypeFor[Moment](), "One moment: what the client says, and choices or an ending."},
	{"ending", reflect.TypeFor[Ending](), "Makes the moment an ending."},
	{"paragraph", reflect.TypeFor[Paragraph](), "A debrief paragraph, shown only on paths where its condition holds (always, without if)."},
	{"choice", reflect.TypeFor[Choice](), "One response the trainee can give."},
	{"route", reflect.TypeFor[Route](), "One branch of a choice's destination."},
}

// ObjectOf returns the object whose Go type is t.
func ObjectOf(t reflect.Type) (Object, bool) {
	for _, o := range append(append(Objects, LessonObject), CohortObjects...) {
		if o.Type == t {
			return o, true
		}
	}
	return Object{}, false
}

// Kind says what an authored value is, beyond its Go type: it selects the
// loader's validation and the schema's definition.
type Kind string

// The kinds a format tag can name. A field with no kind is plain text, a
// number, an enum (by its Go type), a list of those, or an object.
const (
	KindID        Kind = "id"        // an id: lowercase words joined by single dashes
	KindMomentRef Kind = "moment"    // the id of a moment of the same scenario
	KindLesson    Kind = "lesson"    // a lesson's name (a file in content/lessons)
	KindTag       Kind = "tag"       // an element, technique or move of the model (Tags)
	KindFlag      Kind = "flag"      // a flag name (the id rule, not a condition word)
	KindMoments   Kind = "moments"   // moments keyed by id
	KindDebrief   Kind = "debrief"   // one text, or a list of texts and paragraphs
	KindNext      Kind = "next"      // a moment id, or a list of routes
	KindCondition Kind = "condition" // a condition (see cond.go)
	KindScenario  Kind = "scenario"  // the id of a scenario (cohort.yaml)
	KindNotes     Kind = "notes"     // Markdown texts keyed by scenario id (cohort.yaml)
)

// FieldInfo describes one key of an object, read from the struct tags.
type FieldInfo struct {
	Key      string // the YAML key
	Index    int    // the struct field's index
	Type     reflect.Type
	Required bool // an error when missing
	// Expected keys may be left out (the checker warns instead), but the
	// schema lists them as required so editors prompt for them.
	Expected bool
	Markdown bool // rendered as Markdown; checked for raw HTML
	OneOf    bool // exactly one of an object's OneOf fields must be given
	NonEmpty bool // a list that needs at least one item
	Single   bool // a list that may also be written as one scalar
	// Max bounds a text's length in characters (each item's, for a list
	// of texts); 0 for none. Every text has one: output is built from
	// them, and an unbounded title copied into every page would let one
	// file fill a disk.
	Max  int
	Kind Kind
	Doc  string
}

var fieldCache sync.Map // reflect.Type -> []FieldInfo

// Fields returns the keys of the object whose Go type is t, in the order
// of the struct's fields. Fields tagged yaml:"-" are not part of the
// format.
func Fields(t reflect.Type) []FieldInfo {
	if v, ok := fieldCache.Load(t); ok {
		return v.([]FieldInfo)
	}
	var out []FieldInfo
	for i := 0; i < t.NumField(); i++ {
		sf := t.Field(i)
		key := sf.Tag.Get("yaml")
		if key == "" || key == "-" {
			continue
		}
		fi := FieldInfo{Key: key, Index: i, Type: sf.Type, Doc: sf.Tag.Get("doc")}
		for _, opt := range strings.Split(sf.Tag.Get("format"), ",") {
			switch opt {
			case "":
			case "required":
				fi.Required = true
			case "expected":
				fi.Expected = true
			case "markdown":
				fi.Markdown = true
			case "oneof":
				fi.OneOf = true
			case "nonempty":
				fi.NonEmpty = true
			case "single":
				fi.Single = true
			default:
				if n, ok := strings.CutPrefix(opt, "max="); ok {
					fi.Max, _ = strconv.Atoi(n)
					continue
				}
				fi.Kind = Kind(opt)
			}
		}
		switch fi.Kind {
		case KindID, KindMomentRef, KindLesson, KindFlag:
			fi.Max = MaxIDLen
		}
		out = append(out, fi)
	}
	fieldCache.Store(t, out)
	return out
}

// FieldByKey returns the field of the object t written as key.
func FieldByKey(t reflect.Type, key string) (FieldInfo, bool) {
	for _, f := range Fields(t) {
		if f.Key == key {
			return f, true
		}
	}
	return FieldInfo{}, false
}

// ParagraphMax is the length limit of a debrief paragraph's text, which a
// debrief written as one text shares.
func ParagraphMax() int {
	f, _ := FieldByKey(reflect.TypeFor[Paragraph](), "text")
	return f.Max
}

// Keys returns the keys of the object whose Go type is t.
func Keys(t reflect.Type) []string {
	fs := Fields(t)
	out := make([]string, len(fs))
	for i, f := range fs {
		out[i] = f.Key
	}
	return out
}

// Enum is the set of values a string type of the format allows.
type Enum struct {
	Type   reflect.Type
	Values []string // in the order the docs list them; the default first where there is one
	// Default is the value an absent field means, "" for none.
	Default string
}

// Enums lists the format's enumerated types.
var Enums = []Enum{
	{reflect.TypeFor[Difficulty](), strs(Difficulties), ""},
	{reflect.TypeFor[Level](), strs(Levels), ""},
	{reflect.TypeFor[Fit](), strs(FitValues), ""},
	{reflect.TypeFor[Order](), strs(Orders), string(OrderShuffled)},
}

// EnumOf returns the enum whose Go type is t.
func EnumOf(t reflect.Type) (Enum, bool) {
	for _, e := range Enums {
		if e.Type == t {
			return e, true
		}
	}
	return Enum{}, false
}

func strs[T ~string](vs []T) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = string(v)
	}
	return out
}

// Range bounds a whole number of the format.
type Range struct{ Min, Max int }

// Ranges bounds the format's whole numbers, by "object.key".
var Ranges = map[string]Range{
	"scenario.minutes":        {1, 120},
	"choice.trust":            {-MaxEffect, MaxEffect},
	"choice.accountability":   {-MaxEffect, MaxEffect},
	"position.trust":          {MinCoord, MaxCoord},
	"position.accountability": {MinCoord, MaxCoord},
}

// MaxIDLen bounds ids and flag names, which become file names and URL
// segments.
const MaxIDLen = 64

// IDPattern is the id rule as a regular expression: lowercase ASCII
// letters and digits in single-dash-separated words.
const IDPattern = `^[a-z0-9]+(-[a-z0-9]+)*$`

// MarkdownFields returns every Markdown value authored in s, with its
// position, found through the format's tags, so that no Markdown field can
// escape a check written over them.
func MarkdownFields(s *Scenario) []*Text {
	var out []*Text
	markdownIn(reflect.ValueOf(s).Elem(), &out)
	return out
}

var textType = reflect.TypeFor[Text]()

func markdownIn(v reflect.Value, out *[]*Text) {
	switch v.Kind() {
	case reflect.Pointer:
		if !v.IsNil() {
			markdownIn(v.Elem(), out)
		}
	case reflect.Slice:
		for i := 0; i < v.Len(); i++ {
			markdownIn(v.Index(i), out)
		}
	case reflect.Struct:
		if _, ok := ObjectOf(v.Type()); !ok {
			return
		}
		for _, f := range Fields(v.Type()) {
			fv := v.Field(f.Index)
			switch {
			case f.Markdown && f.Type == textType:
				*out = append(*out, fv.Addr().Interface().(*Text))
			case f.Markdown && f.Type == reflect.TypeFor[[]Text]():
				for i := 0; i < fv.Len(); i++ {
					*out = append(*out, fv.Index(i).Addr().Interface().(*Text))
				}
			default:
				markdownIn(fv, out)
			}
		}
	}
}
