package schema

import (
	"fmt"
	"os"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/spf13/afero"

	"coachsim/generator/load"
	"coachsim/generator/scenario"
)

// readmeTables maps each field table of scenarios/README.md, in the order
// they appear, to the object it documents. client and position have no
// table of their own: their keys are named in the scenario table's row.
var readmeTables = []string{"scenario", "moment", "ending", "paragraph", "choice", "route"}

type readmeRow struct {
	key, required, text string
	line                int
}

// parseTables returns the rows of every "| key | required | what it holds |"
// table in the README.
func parseTables(t *testing.T, src string) [][]readmeRow {
	t.Helper()
	var tables [][]readmeRow
	in := false
	for n, line := range strings.Split(src, "\n") {
		switch {
		case strings.HasPrefix(line, "| key | required |"):
			tables = append(tables, nil)
			in = true
		case in && strings.HasPrefix(line, "|---"):
		case in && strings.HasPrefix(line, "| `"):
			cells := strings.Split(strings.Trim(line, "|"), " | ")
			if len(cells) != 3 {
				t.Fatalf("scenarios/README.md:%d: a field row needs 3 cells: %s", n+1, line)
			}
			key := strings.Trim(strings.TrimSpace(cells[0]), "`")
			tables[len(tables)-1] = append(tables[len(tables)-1], readmeRow{key, strings.TrimSpace(cells[1]), cells[2], n + 1})
		default:
			in = false
		}
	}
	return tables
}

// TestReadmeFieldTables checks scenarios/README.md against the format's one
// definition: every object's table lists exactly its keys, in order, with
// the right "required" column, and names every enum value and range bound.
func TestReadmeFieldTables(t *testing.T) {
	raw, err := os.ReadFile("../../scenarios/README.md")
	if err != nil {
		t.Fatal(err)
	}
	src := string(raw)
	tables := parseTables(t, src)
	if len(tables) != len(readmeTables) {
		t.Fatalf("scenarios/README.md has %d field tables, want %d (%v)", len(tables), len(readmeTables), readmeTables)
	}
	for i, name := range readmeTables {
		var o scenario.Object
		for _, cand := range scenario.Objects {
			if cand.Name == name {
				o = cand
			}
		}
		rows := tables[i]
		fields := scenario.Fields(o.Type)
		var got []string
		for _, r := range rows {
			got = append(got, r.key)
		}
		if want := scenario.Keys(o.Type); !reflect.DeepEqual(got, want) {
			t.Errorf("README table %d (%s) lists keys %v; the format has %v", i+1, name, got, want)
			continue
		}
		for k, f := range fields {
			r := rows[k]
			at := fmt.Sprintf("scenarios/README.md:%d: %s.%s", r.line, name, f.Key)
			var want string
			switch {
			case f.Required:
				want = "yes"
			case f.Expected:
				want = "yes (warning if missing)"
			case f.OneOf:
				want = "one of"
			default:
				want = "no"
			}
			if r.required != want && (want != "no" || !strings.HasPrefix(r.required, "yes, except")) {
				t.Errorf("%s: required column %q, the format says %q", at, r.required, want)
			}
			checkMentions(t, at, name, f, r.text)
		}
	}
}

// checkMentions requires a row to name its enum values, its range and the
// keys of an object it holds inline.
func checkMentions(t *testing.T, at, object string, f scenario.FieldInfo, text string) {
	t.Helper()
	typ := f.Type
	if typ.Kind() == reflect.Struct && typ.NumField() == 2 && typ.Field(0).Name == "Value" {
		typ = typ.Field(0).Type
	}
	if typ.Kind() == reflect.Pointer {
		typ = typ.Elem()
	}
	if e, ok := scenario.EnumOf(typ); ok {
		for _, v := range e.Values {
			if !strings.Contains(text, "`"+v+"`") {
				t.Errorf("%s: the row does not name the value `%s`", at, v)
			}
		}
	}
	if r, ok := scenario.Ranges[object+"."+f.Key]; ok {
		if !strings.Contains(text, fmt.Sprintf("%d to %d", r.Min, r.Max)) {
			t.Errorf("%s: the row does not give the range %d to %d", at, r.Min, r.Max)
		}
	}
	if sub, ok := scenario.ObjectOf(typ); ok && !slicesContains(readmeTables, sub.Name) {
		for _, sf := range scenario.Fields(sub.Type) {
			if !regexp.MustCompile(`\b` + regexp.QuoteMeta(sf.Key) + `\b`).MatchString(text) {
				t.Errorf("%s: the row does not name %s's key `%s`", at, sub.Name, sf.Key)
			}
			if r, ok := scenario.Ranges[sub.Name+"."+sf.Key]; ok && !strings.Contains(text, fmt.Sprintf("from %d to %d", r.Min, r.Max)) {
				t.Errorf("%s: the row does not give %s's range from %d to %d", at, sf.Key, r.Min, r.Max)
			}
		}
	}
}

func slicesContains(s []string, v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

// TestReadmeNames checks the README's "Names you can use" section and its
// plane against the model: every lesson in content/lessons and every tag of
// the vocabulary is listed, and the axes' range is the plane's.
func TestReadmeNames(t *testing.T) {
	raw, err := os.ReadFile("../../scenarios/README.md")
	if err != nil {
		t.Fatal(err)
	}
	src := string(raw)
	i := strings.Index(src, "### Names you can use")
	if i < 0 {
		t.Fatal(`scenarios/README.md has no "### Names you can use" section`)
	}
	names := src[i:]
	if j := strings.Index(names[4:], "\n## "); j >= 0 {
		names = names[:j+4]
	}
	lessons, err := LessonNames(afero.NewOsFs(), "../../content/lessons")
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range lessons {
		if !strings.Contains(names, "`"+l+"`") {
			t.Errorf("scenarios/README.md, Names you can use: lesson `%s` is missing", l)
		}
	}
	for _, tag := range scenario.Tags {
		if !strings.Contains(names, "`"+tag.Name+"`") {
			t.Errorf("scenarios/README.md, Names you can use: `%s` is missing", tag.Name)
		}
	}
	if plane := fmt.Sprintf("Both axes run from %d to %d", scenario.MinCoord, scenario.MaxCoord); !strings.Contains(src, plane) {
		t.Errorf("scenarios/README.md does not say %q", plane)
	}
}

// TestReadmeLimits checks the README's Limits table against the format:
// every text with a limit is listed with that limit, and nothing else.
func TestReadmeLimits(t *testing.T) {
	raw, err := os.ReadFile("../../scenarios/README.md")
	if err != nil {
		t.Fatal(err)
	}
	src := string(raw)
	i := strings.Index(src, "| field | at most |")
	if i < 0 {
		t.Fatal(`scenarios/README.md has no "| field | at most |" table`)
	}
	var table []string
	for _, line := range strings.Split(src[i:], "\n")[2:] {
		if !strings.HasPrefix(line, "|") {
			break
		}
		table = append(table, line)
	}
	// Each limit is a row naming the key and the number; rows are matched
	// by number and key, so the wording around them is free.
	var want []string
	seen := map[string]bool{}
	for _, o := range scenario.Objects {
		for _, f := range scenario.Fields(o.Type) {
			if f.Max == 0 || f.Max == scenario.MaxIDLen {
				continue
			}
			row := fmt.Sprintf("`%s`/%d", f.Key, f.Max)
			if f.Kind == scenario.KindCondition {
				if seen[row] {
					continue
				}
				seen[row] = true
			}
			want = append(want, row)
			found := false
			for _, line := range table {
				cells := strings.Split(strings.Trim(line, "|"), "|")
				if len(cells) == 2 && strings.Contains(cells[0], "`"+f.Key+"`") && strings.HasPrefix(strings.TrimSpace(cells[1]), fmt.Sprint(f.Max)) {
					found = true
				}
			}
			if !found {
				t.Errorf("scenarios/README.md, Limits: no row gives %s.%s at most %d", o.Name, f.Key, f.Max)
			}
		}
	}
	if len(table) != len(want) {
		t.Errorf("scenarios/README.md, Limits has %d rows; the format has %d limits: %v", len(table), len(want), want)
	}
	thousands := func(n int, unit string) string { return fmt.Sprintf("%d,%03d %s", n/1000, n%1000, unit) }
	for _, n := range []string{
		fmt.Sprint(scenario.MaxIDLen), fmt.Sprintf("%d MiB", load.MaxFileSize>>20), fmt.Sprintf("%d levels", load.MaxDepth),
		thousands(load.MaxKeys, "keys"), thousands(load.MaxItems, "items"), thousands(load.MaxTokens, "YAML tokens"),
		thousands(load.MaxFileDiags, "problems"),
	} {
		if !strings.Contains(src, n) {
			t.Errorf("scenarios/README.md, Limits does not mention %q", n)
		}
	}
}

// TestReadmeCohortTable checks the README's cohort.yaml table (section "For
// cohorts") against the cohort's definition, as the scenario tables are
// checked: its keys in order, the required column, and the keys of the
// facilitator it holds inline.
func TestReadmeCohortTable(t *testing.T) {
	raw, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	tables := parseTables(t, string(raw))
	if len(tables) != 1 {
		t.Fatalf("README.md has %d field tables, want 1 (cohort.yaml's)", len(tables))
	}
	o := scenario.CohortObjects[0]
	rows := tables[0]
	var got []string
	for _, r := range rows {
		got = append(got, r.key)
	}
	if want := scenario.Keys(o.Type); !reflect.DeepEqual(got, want) {
		t.Fatalf("README.md's cohort table lists keys %v; the format has %v", got, want)
	}
	for k, f := range scenario.Fields(o.Type) {
		r := rows[k]
		at := fmt.Sprintf("README.md:%d: cohort.%s", r.line, f.Key)
		want := "no"
		if f.Required {
			want = "yes"
		}
		if r.required != want {
			t.Errorf("%s: required column %q, the format says %q", at, r.required, want)
		}
		if f.Max > 0 && f.Kind == "" && !f.Markdown && !strings.Contains(r.text, fmt.Sprintf("at most %d characters", f.Max)) {
			t.Errorf("%s: the row does not give the limit of %d characters", at, f.Max)
		}
		checkMentions(t, at, o.Name, f, r.text)
	}
}
