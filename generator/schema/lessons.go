package schema

import (
	"path"
	"sort"
	"strings"

	"github.com/spf13/afero"
)

// LessonNames lists the lessons in dir (its .md files, without the
// extension; names starting with _ are Hugo's, not lessons), sorted.
func LessonNames(fsys afero.Fs, dir string) ([]string, error) {
	entries, err := afero.ReadDir(fsys, dir)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || path.Ext(name) != ".md" || strings.HasPrefix(name, "_") {
			continue
		}
		out = append(out, strings.TrimSuffix(name, ".md"))
	}
	sort.Strings(out)
	return out, nil
}
