// Package schema generates the JSON Schemas of the scenario format
// (scenarios/scenario.schema.json) and of the cohort file
// (scenarios/cohort.schema.json), which gives editors completion and
// inline errors, from the one definition of the format: the model's struct
// tags and the enum and range tables in package scenario. Nothing here is
// written by hand per key; a new field appears in the schema when it is
// added to the model.
//
// Regenerate with go generate ./generator/schema; a test fails while the
// committed file is stale.
package schema

//go:generate go run ./gen -lessons ../../content/lessons -out ../../scenarios/scenario.schema.json
//go:generate go run ./gen -cohort -out ../../scenarios/cohort.schema.json

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"

	"coachsim/generator/scenario"
)

// obj is a JSON object that keeps its keys in the order they were added, so
// the generated file reads top-down and diffs stay small.
type obj []kv

type kv struct {
	k string
	v any
}

func (o obj) set(k string, v any) obj { return append(o, kv{k, v}) }

// MarshalJSON writes the keys in order.
func (o obj) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, e := range o {
		if i > 0 {
			b.WriteByte(',')
		}
		k, _ := json.Marshal(e.k)
		b.Write(k)
		b.WriteByte(':')
		v, err := json.Marshal(e.v)
		if err != nil {
			return nil, err
		}
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

func ref(name string) obj { return obj{{"$ref", "#/definitions/" + name}} }

// Generate returns the schema, indented, with a final newline. lessons are
// the lesson names editors offer for skills and lesson (any id is still
// accepted, since the checker, not the schema, knows the lessons folder).
func Generate(lessons []string) ([]byte, error) {
	top, defs := objects(scenario.Objects, "scenario")
	lesson := obj{{"type", "string"}, {"description", "A lesson name: a file in content/lessons."}}
	if len(lessons) > 0 {
		lesson = lesson.set("anyOf", []any{obj{{"enum", lessons}}, idString()})
	}
	defs = defs.set("lesson", lesson)
	tags := make([]string, len(scenario.Tags))
	for i, t := range scenario.Tags {
		tags[i] = t.Name
	}
	defs = defs.set("tag", obj{{"enum", tags}, {"description", "An element, technique, pattern step or move of the coaching model."}})
	defs = defs.set("flag", obj{
		{"type", "string"}, {"pattern", scenario.IDPattern}, {"maxLength", scenario.MaxIDLen},
		{"not", obj{{"enum", scenario.CondKeywords}}},
		{"description", fmt.Sprintf("A flag name: lowercase letters, digits and single dashes, at most %d characters; not a word of the condition language (%s).", scenario.MaxIDLen, strings.Join(scenario.CondKeywords, ", "))},
	})
	defs = defs.set("condition", obj{
		{"type", "string"},
		{"description", fmt.Sprintf("A condition, e.g. 'trust >= 2 and named-the-pattern' or 'not visited gerald'. Terms: trust or accountability compared (%s) with a whole number from %d to %d; a flag; visited MOMENT; 'not' before a flag or a visit. Joined by 'and' (binds tighter) and 'or'; no parentheses. See scenarios/README.md, Conditions.", strings.Join(scenario.CompareOps, ", "), scenario.MinCoord, scenario.MaxCoord)},
		{"pattern", ConditionPattern()},
	})
	return file("scenario.schema.json", "coachsim scenario", top, defs)
}

// GenerateCohort returns the schema of the cohort file (cohort.yaml),
// indented, with a final newline, from the same definition as the
// scenarios' (scenario.CohortObjects).
func GenerateCohort() ([]byte, error) {
	top, defs := objects(scenario.CohortObjects, "cohort")
	return file("cohort.schema.json", "coachsim cohort", top, defs)
}

// objects returns the schema of the object named top, and of the others
// as definitions it refers to.
func objects(objs []scenario.Object, topName string) (top, defs obj) {
	defs = obj{}
	for _, o := range objs {
		if s := object(o); o.Name == topName {
			top = s
		} else {
			defs = defs.set(o.Name, s)
		}
	}
	return top, defs
}

// file is a whole schema file: its header, the top object and the
// definitions, indented, with a final newline.
func file(name, title string, top, defs obj) ([]byte, error) {
	root := obj{
		{"$schema", "http://json-schema.org/draft-07/schema#"},
		{"$id", "https://coachsim.invalid/" + name},
		{"title", title},
	}
	root = append(root, top...)
	root = root.set("definitions", defs)
	out, err := json.MarshalIndent(root, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(out, '\n'), nil
}

func idString() obj {
	return obj{{"type", "string"}, {"pattern", scenario.IDPattern}, {"maxLength", scenario.MaxIDLen}}
}

// object is the schema of one object of the format.
func object(o scenario.Object) obj {
	s := obj{{"description", o.Doc}, {"type", "object"}, {"additionalProperties", false}}
	var required, oneOf []string
	props := obj{}
	for _, f := range scenario.Fields(o.Type) {
		if f.Required || f.Expected {
			required = append(required, f.Key)
		}
		if f.OneOf {
			oneOf = append(oneOf, f.Key)
		}
		p := field(o.Name, f)
		if f.Doc != "" {
			if len(p) == 1 && p[0].k == "$ref" {
				// Draft-07 ignores keywords beside $ref.
				p = obj{{"allOf", []any{p}}}
			}
			p = p.set("description", f.Doc)
		}
		props = props.set(f.Key, p)
	}
	if len(required) > 0 {
		s = s.set("required", required)
	}
	s = s.set("properties", props)
	if len(oneOf) > 1 {
		var alts []any
		for _, k := range oneOf {
			var others []any
			for _, o := range oneOf {
				if o != k {
					others = append(others, obj{{"required", []string{o}}})
				}
			}
			alt := obj{{"required", []string{k}}}
			if len(others) == 1 {
				alt = alt.set("not", others[0])
			} else {
				alt = alt.set("not", obj{{"anyOf", others}})
			}
			alts = append(alts, alt)
		}
		s = s.set("oneOf", alts)
	}
	return s
}

var (
	textType     = reflect.TypeFor[scenario.Text]()
	textListType = reflect.TypeFor[[]scenario.Text]()
)

// field is the schema of one key's value.
func field(object string, f scenario.FieldInfo) obj {
	switch f.Kind {
	case scenario.KindMoments:
		return obj{
			{"type", "object"}, {"minProperties", 1},
			{"propertyNames", obj{{"pattern", scenario.IDPattern}, {"maxLength", scenario.MaxIDLen}}},
			{"additionalProperties", ref("moment")},
		}
	case scenario.KindDebrief:
		text := obj{{"type", "string"}, {"maxLength", scenario.ParagraphMax()}}
		return obj{{"oneOf", []any{
			text,
			obj{{"type", "array"}, {"minItems", 1}, {"items", obj{{"oneOf", []any{text, ref("paragraph")}}}}},
		}}}
	case scenario.KindNext:
		return obj{{"oneOf", []any{idString(), obj{{"type", "array"}, {"minItems", 1}, {"items", ref("route")}}}}}
	case scenario.KindNotes:
		return obj{
			{"type", "object"},
			{"propertyNames", obj{{"pattern", scenario.IDPattern}, {"maxLength", scenario.MaxIDLen}}},
			{"additionalProperties", obj{{"type", "string"}, {"maxLength", f.Max}}},
		}
	case scenario.KindCondition:
		// The condition's length limit sits with its field.
		return obj{{"allOf", []any{ref("condition")}}, {"maxLength", f.Max}}
	}
	t := f.Type
	switch {
	case t == textType:
		return scalar(f)
	case t == textListType:
		a := obj{{"type", "array"}}
		if f.NonEmpty {
			a = a.set("minItems", 1)
		}
		a = a.set("items", scalar(f))
		if f.Single {
			return obj{{"oneOf", []any{scalar(f), a}}}
		}
		return a
	case t.Kind() == reflect.Struct && t.NumField() == 2 && t.Field(0).Name == "Value":
		inner := f
		inner.Type = t.Field(0).Type
		return field(object, inner)
	case t.Kind() == reflect.Int:
		s := obj{{"type", "integer"}}
		if r, ok := scenario.Ranges[object+"."+f.Key]; ok {
			s = s.set("minimum", r.Min).set("maximum", r.Max)
		}
		return s
	case t.Kind() == reflect.String:
		e, ok := scenario.EnumOf(t)
		if !ok {
			panic("schema: no enum for " + t.String())
		}
		s := obj{{"enum", e.Values}}
		if e.Default != "" {
			s = s.set("default", e.Default)
		}
		return s
	case t.Kind() == reflect.Struct:
		o, _ := scenario.ObjectOf(t)
		return ref(o.Name)
	case t.Kind() == reflect.Pointer:
		o, _ := scenario.ObjectOf(t.Elem())
		return ref(o.Name)
	case t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.Pointer:
		o, _ := scenario.ObjectOf(t.Elem().Elem())
		a := obj{{"type", "array"}}
		if f.NonEmpty {
			a = a.set("minItems", 1)
		}
		return a.set("items", ref(o.Name))
	}
	panic("schema: no schema for " + t.String())
}

// scalar is the schema of one text of the field's kind.
func scalar(f scenario.FieldInfo) obj {
	switch f.Kind {
	case scenario.KindID, scenario.KindMomentRef, scenario.KindScenario:
		return idString()
	case scenario.KindLesson:
		return ref("lesson")
	case scenario.KindTag:
		return ref("tag")
	case scenario.KindFlag:
		return ref("flag")
	}
	if f.Max > 0 {
		return obj{{"type", "string"}, {"maxLength", f.Max}}
	}
	return obj{{"type", "string"}}
}

// ConditionPattern is a regular expression for the condition language,
// built from its words, operators and the plane's range. It is a little
// looser than the parser where a regular expression cannot tell a keyword
// from a flag ("visited" alone passes; the checker rejects it).
func ConditionPattern() string {
	ops := make([]string, len(scenario.CompareOps))
	for i, op := range scenario.CompareOps {
		ops[i] = op // longest first in CompareOps, so "<=" is not read as "<"
	}
	ws := `[ \t]`
	number := `[-+]?0*(` + upTo(max(-scenario.MinCoord, scenario.MaxCoord)) + `)`
	compare := `(trust|accountability)` + ws + `*(` + strings.Join(ops, "|") + `)` + ws + `*` + number
	word := `([a-z0-9]*[a-z][a-z0-9]*(-[a-z0-9]+)*|[0-9]+(-[a-z0-9]+)+)`
	fact := `(not` + ws + `+)?(visited` + ws + `+[a-z0-9]+(-[a-z0-9]+)*|` + word + `)`
	term := `(` + compare + `|` + fact + `)`
	return `^` + ws + `*` + term + `(` + ws + `+(and|or)` + ws + `+` + term + `)*` + ws + `*$`
}

// upTo is an alternation matching the whole numbers 0 to n without leading
// zeros.
func upTo(n int) string {
	alts := []string{fmt.Sprintf("[0-%d]", min(n, 9))}
	for v := 10; v <= n; v++ {
		alts = append(alts, fmt.Sprint(v))
	}
	return strings.Join(alts, "|")
}
