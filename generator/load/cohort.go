package load

import (
	"errors"
	"io/fs"
	"reflect"
	"strings"

	"github.com/spf13/afero"

	"coachsim/generator/diag"
	"coachsim/generator/scenario"
)

// CohortFile reads the cohort file at name, if there is one: a missing
// file is no cohort (nil, with no problem), since the file is optional.
// It returns the cohort (nil when it could not be read at all), the
// source for snippets, and every problem found.
func CohortFile(fsys afero.Fs, name string) (*scenario.Cohort, []byte, diag.List) {
	if _, err := fsys.Stat(name); errors.Is(err, fs.ErrNotExist) {
		return nil, nil, nil
	}
	src, err := readLimited(fsys, name)
	if err != nil {
		var d diag.List
		d.Errorf(diag.Pos{File: name}, "%v", err)
		return nil, nil, d
	}
	c, d := Cohort(name, src)
	return c, src, d
}

// Cohort parses a cohort file (cohort.yaml) with the rules scenarios
// follow: the keys the model's struct tags define, exact positions, "did
// you mean" for unknown keys, no aliases, the same size and nesting
// limits. name is used for positions. The cohort is nil only when the
// YAML could not be parsed or is not a mapping.
func Cohort(name string, src []byte) (c *scenario.Cohort, diags diag.List) {
	l := &loader{file: name}
	defer func() {
		if r := recover(); r != nil {
			c, diags = nil, l.crashed(r)
		}
	}()
	body, ok := l.document(src, "a cohort file", "the cohort file is empty: give the cohort at least a name (or delete the file to include every scenario)")
	if !ok {
		return nil, l.diags
	}
	c = &scenario.Cohort{File: name}
	keys, ok := l.object(body, reflect.ValueOf(c).Elem(), "a cohort file", "the cohort file")
	if !ok {
		return nil, l.finish()
	}
	if e, given := keys["name"]; given && e.value != nil && strings.TrimSpace(c.Name.Value) == "" && c.Name.Pos.IsValid() {
		// The name heads every page: blank, the site would have none.
		l.errAt(e.value, "the cohort's name is blank: write the name trainees will see")
	}
	return c, l.finish()
}

// notes reads a mapping of scenario ids to Markdown, each at most max
// characters (the field's max=).
func (l *loader) notes(e entry, max int) []scenario.CohortNote {
	entries, ok := l.mapping(e.value, "notes")
	if !ok {
		return nil
	}
	var out []scenario.CohortNote
	seen := map[string]diag.Pos{}
	for _, ne := range entries {
		kp := l.pos(ne.keyN)
		if prev, dup := seen[ne.key]; dup {
			l.errAt(ne.keyN, "notes for scenario %q are already given at line %d", ne.key, prev.Line)
			continue
		}
		seen[ne.key] = kp
		if !ValidID(ne.key) {
			l.errAt(ne.keyN, "%q is not a scenario id: notes are keyed by the ids of the scenarios (for example %q)", ne.key, slugify(ne.key))
			continue
		}
		if ne.value == nil {
			l.errAt(ne.keyN, "the notes for %q have no text: write them, or remove the key", ne.key)
			continue
		}
		t, ok := l.text(entry{key: "notes for " + ne.key, keyN: ne.keyN, value: ne.value})
		if !ok {
			continue
		}
		l.length(ne.value, "the notes for "+ne.key, t, max)
		out = append(out, scenario.CohortNote{
			Scenario: scenario.Text{Value: ne.key, Pos: kp},
			Text:     scenario.Text{Value: t, Pos: l.pos(ne.value)},
		})
	}
	return out
}
