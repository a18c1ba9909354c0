package check

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"testing"

	"github.com/goccy/go-yaml"
	"github.com/santhosh-tekuri/jsonschema/v6"

	"coachsim/generator/load"
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
	var v any
	if err := yaml.Unmarshal(src, &v); err != nil {
		t.Fatalf("%s: %v", path, err)
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

// The schema and the loader must allow exactly the same keys.
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
	var client struct {
		Properties map[string]json.RawMessage `json:"properties"`
	}
	_ = json.Unmarshal(s.Properties["client"], &client)
	schemaKeys := map[string]map[string]json.RawMessage{
		"scenario": s.Properties,
		"client":   client.Properties,
		"position": s.Definitions["position"].Properties,
		"moment":   s.Definitions["moment"].Properties,
		"ending":   s.Definitions["ending"].Properties,
		"choice":   s.Definitions["choice"].Properties,
		"route":    s.Definitions["route"].Properties,
	}
	for obj, want := range load.Keys() {
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
