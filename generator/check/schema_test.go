package check

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/goccy/go-yaml"
	"github.com/santhosh-tekuri/jsonschema/v6"

	"coachsim/generator/load"
	"coachsim/generator/scenario"
)

const schemaPath = "../../scenarios/scenario.schema.json"

func compileSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	raw, err := os.ReadFile(schemaPath)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("schema is not JSON: %v", err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("scenario.schema.json", doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile("scenario.schema.json")
	if err != nil {
		t.Fatalf("schema does not compile: %v", err)
	}
	return sch
}

// yamlToJSON turns a YAML file into the JSON value the schema validates,
// as the YAML language server does.
func yamlToJSON(t *testing.T, path string) any {
	t.Helper()
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return yamlValueToJSON(t, src)
}

// yamlValueToJSON is yamlToJSON for YAML text.
func yamlValueToJSON(t *testing.T, src []byte) any {
	t.Helper()
	var v any
	if err := yaml.Unmarshal(src, &v); err != nil {
		t.Fatalf("%v\n%s", err, src)
	}
	j, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	out, err := jsonschema.UnmarshalJSON(bytes.NewReader(j))
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestSchemaAcceptsShippedScenarios(t *testing.T) {
	sch := compileSchema(t)
	files, _ := filepath.Glob("../../scenarios/*.yaml")
	files = append(files, "testdata/diag/valid.yaml")
	if len(files) < 2 {
		t.Fatal("no shipped scenarios found")
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			if err := sch.Validate(yamlToJSON(t, f)); err != nil {
				t.Errorf("schema rejects %s:\n%v", f, err)
			}
		})
	}
}

// The schema must reject what the checker rejects as a key or type error,
// so that editors flag the same mistakes.
func TestSchemaRejectsBadCases(t *testing.T) {
	sch := compileSchema(t)
	for _, name := range []string{"unknown-key", "missing-field", "wrong-type", "effect-range", "tags-and-enums", "both-choices-and-ending", "dead-end", "bad-id"} {
		t.Run(name, func(t *testing.T) {
			if err := sch.Validate(yamlToJSON(t, "testdata/diag/"+name+".yaml")); err == nil {
				t.Errorf("schema accepts testdata/diag/%s.yaml, which the checker rejects", name)
			}
		})
	}
}

// The schema (generated) and the loader must allow exactly the same keys:
// both come from the model's tags, and this proves the generator reads them
// as the loader does.
func TestSchemaKeysMatchLoader(t *testing.T) {
	raw, err := os.ReadFile(schemaPath)
	if err != nil {
		t.Fatal(err)
	}
	var s struct {
		Properties  map[string]json.RawMessage `json:"properties"`
		Definitions map[string]struct {
			Properties map[string]json.RawMessage `json:"properties"`
		} `json:"definitions"`
	}
	if err := json.Unmarshal(raw, &s); err != nil {
		t.Fatal(err)
	}
	schemaKeys := map[string]map[string]json.RawMessage{"scenario": s.Properties}
	for name, d := range s.Definitions {
		schemaKeys[name] = d.Properties
	}
	for obj, want := range load.Keys() {
		if _, ok := schemaKeys[obj]; !ok {
			t.Errorf("%s: the loader has this object but the test maps it to no schema definition; add it to schemaKeys", obj)
			continue
		}
		var got []string
		for k := range schemaKeys[obj] {
			got = append(got, k)
		}
		sort.Strings(got)
		w := slices.Clone(want)
		sort.Strings(w)
		if !slices.Equal(got, w) {
			t.Errorf("%s: schema keys %v, loader keys %v", obj, got, w)
		}
	}
}

// newKeys is a scenario that uses order, sets (as a list and as one name),
// flag and visit conditions, and a debrief written as a list of paragraphs.
// Every flag it tests is set and every flag it sets is tested.
const newKeys = `title: Flags, order and debrief paragraphs
summary: A scenario that uses every key of the format.
difficulty: introductory
minutes: 5
skills: [spectrum]
client:
  name: Priya
  role: Team lead
  background: Priya wants to delegate.
moments:
  opening:
    client: '"I did not write the note."'
    order: fixed
    choices:
      - response: '"What got in the way?"'
        trust: 1
        accountability: 1
        level: learning-check-in
        fit: fits
        feedback: Curious and warm.
        sets: [named-the-pattern, asked-first]
        next: gerald
      - response: '"Fine, let us move on."'
        trust: 1
        accountability: -2
        level: none
        fit: too-soft
        feedback: Warm, but the commitment vanishes.
        sets: moved-on
        next:
          - if: trust >= 2 and not moved-on or visited gerald
            to: gerald
          - to: drifts
  gerald:
    client: '"Gerald always takes over."'
    order: shuffled
    choices:
      - response: '"What happens for you when he does?"'
        trust: 1
        accountability: 1
        level: learning-check-in
        fit: fits
        feedback: It keeps her at the centre.
        next:
          - if: named-the-pattern and asked-first and trust>=-2
            to: names-it
          - to: drifts
      - response: '"Gerald sounds difficult."'
        trust: 1
        accountability: -1
        level: none
        fit: too-soft
        feedback: Sympathy, and the commitment slips.
        next: drifts
  names-it:
    client: '"Honestly? I was scared to hand it over."'
    ending:
      title: The real obstacle is in the room
      debrief:
        - Priya named the fear behind the missed note.
        - if: visited gerald
          text: Gerald came up, and you kept the focus on **her** part.
        - if: accountability > 0 and not moved-on
          text: The commitment stayed on the table throughout.
      reflection:
        - What made it safe for her to say that?
  drifts:
    client: Priya talks about her week.
    ending:
      title: A pleasant chat
      debrief: The session was warm and nothing changed.
      reflection:
        - When did the commitment leave the conversation?
`

func TestSchemaAcceptsNewKeys(t *testing.T) {
	sch := compileSchema(t)
	if err := sch.Validate(yamlValueToJSON(t, []byte(newKeys))); err != nil {
		t.Errorf("schema rejects a scenario using order, sets and a debrief list:\n%v", err)
	}
	if _, d := load.Bytes("new-keys.yaml", []byte(newKeys)); len(d) > 0 {
		t.Errorf("the loader reports problems in the test scenario:\n%s", d)
	}
}

// Each bad value must be rejected by the schema and by the loader alike, so
// that an editor flags what coachsim check will.
func TestSchemaRejectsBadNewKeys(t *testing.T) {
	sch := compileSchema(t)
	for _, tc := range []struct{ name, old, new string }{
		{"order-random", "order: fixed", "order: random"},
		{"order-not-text", "order: fixed", "order: [fixed]"},
		{"sets-bad-name", "sets: [named-the-pattern, asked-first]", "sets: [Bad_Name]"},
		{"sets-bad-single-name", "sets: moved-on", "sets: Moved On"},
		{"sets-keyword", "sets: moved-on", "sets: [visited]"},
		{"sets-too-long", "sets: moved-on", "sets: [" + strings.Repeat("a", 65) + "]"},
		{"sets-mapping", "sets: moved-on", "sets: {moved-on: true}"},
		{"paragraph-unknown-key", "        - if: visited gerald\n", "        - if: visited gerald\n          when: always\n"},
		{"paragraph-without-text", "          text: The commitment stayed on the table throughout.\n", ""},
		{"paragraph-list", "        - Priya named the fear behind the missed note.\n", "        - [Priya named the fear.]\n"},
		{"debrief-empty-list", "debrief: The session was warm and nothing changed.", "debrief: []"},
		{"debrief-mapping", "debrief: The session was warm and nothing changed.", "debrief: {text: The session was warm.}"},
		{"route-if-bad-operator", "if: trust >= 2 and not moved-on", "if: trust => 2 and not moved-on"},
		{"route-if-off-the-plane", "if: trust >= 2 and not moved-on", "if: trust >= 11 and not moved-on"},
		{"paragraph-if-not-comparison", "if: accountability > 0 and not moved-on", "if: not accountability > 0"},
		{"paragraph-if-parentheses", "if: accountability > 0 and not moved-on", "if: (accountability > 0)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if !strings.Contains(newKeys, tc.old) {
				t.Fatalf("the test scenario has no %q to replace", tc.old)
			}
			src := []byte(strings.Replace(newKeys, tc.old, tc.new, 1))
			if err := sch.Validate(yamlValueToJSON(t, src)); err == nil {
				t.Errorf("schema accepts %q", tc.new)
			}
			if _, d := load.Bytes(tc.name+".yaml", src); !d.HasErrors() {
				t.Errorf("the loader accepts %q, so the schema is stricter than the checker (diagnostics: %v)", tc.new, d)
			}
		})
	}
}

// The schema's condition pattern follows the condition language (ParseCond)
// so that editors flag what the checker will. It is deliberately a little
// different where the checker rejects later than the parser: flags and
// moment ids must follow the id rule (the parser reads any word, and the
// checker then finds no choice or moment of that name), and a regular
// expression cannot tell a keyword from a flag (so "visited" alone passes
// the schema, as do "not" and "trust" alone; the parser rejects them).
func TestSchemaConditionPattern(t *testing.T) {
	sch := compileSchema(t)
	for _, tc := range []struct {
		cond           string
		schema, parses bool
	}{
		{"trust >= 2", true, true},
		{"trust>=2", true, true},
		{"\ttrust\t>=\t2\t", true, true},
		{"  accountability < 0  ", true, true},
		{"trust >= -2", true, true},
		{"trust>=-2", true, true},
		{"trust >= +3", true, true},
		{"trust == 10", true, true},
		{"accountability != -10", true, true},
		{"trust >= 007", true, true},
		{"trust >= 11", false, false},
		{"trust >= -11", false, false},
		{"trust >= 100", false, false},
		{"trust >= - 2", false, false},
		{"trust >= 2.5", false, false},
		{"trust = 2", false, false},
		{"trust => 2", false, false},
		{"trust =< 2", false, false},
		{"trust <> 2", false, false},
		{"trust >= 2and accountability > 0", false, false},
		{"trust >= 2 and accountability > 0", true, true},
		{"trust <= -2 or accountability <= -2", true, true},
		{"named-the-pattern", true, true},
		{"not named-the-pattern", true, true},
		{"notnamed", true, true}, // one flag, "notnamed"
		{"visited gerald", true, true},
		{"not visited gerald", true, true},
		{"visited 5", true, true},
		{"visited -5", false, false},
		{"trust >= 3 and named-the-pattern or not visited gerald", true, true},
		{"a or b and c", true, true},
		{"2-b", true, true},
		{"5", false, false},
		{"not trust >= 2", false, false},
		{"not", true, false},
		{"visited", true, false},
		{"named-the-pattern and", false, false},
		{"and named-the-pattern", false, false},
		{"trust", true, false},
		{"named and or", true, false},
		{"(trust >= 2)", false, false},
		{"trust >= 2 && named", false, false},
		{"Trust >= 2", false, false},
		{"trust >= 2 AND named", false, false},
		{"named_the_pattern", false, true},
		{"visited Gerald", false, true},
		{"", false, false},
		{"   ", false, false},
	} {
		_, err := scenario.ParseCond(tc.cond)
		if parses := err == nil; parses != tc.parses {
			t.Errorf("ParseCond(%q): parses %v, want %v (%v)", tc.cond, parses, tc.parses, err)
		}
		doc := map[string]any{
			"title": "t", "summary": "s", "difficulty": "introductory", "minutes": 1,
			"skills": []any{"spectrum"},
			"client": map[string]any{"name": "n", "role": "r", "background": "b"},
			"moments": map[string]any{
				"a": map[string]any{"client": "c", "ending": map[string]any{
					"title": "t", "reflection": []any{"q"},
					"debrief": []any{map[string]any{"if": tc.cond, "text": "x"}},
				}},
			},
		}
		j, _ := json.Marshal(doc)
		v, err := jsonschema.UnmarshalJSON(bytes.NewReader(j))
		if err != nil {
			t.Fatal(err)
		}
		if ok := sch.Validate(v) == nil; ok != tc.schema {
			t.Errorf("schema on condition %q: accepts %v, want %v", tc.cond, ok, tc.schema)
		}
	}
}
