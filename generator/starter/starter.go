// Package starter holds the scenario `coachsim new` writes: a small,
// complete, commented scenario that passes the checker with no warning,
// for a supervisor to play and then make their own.
package starter

import (
	_ "embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/afero"

	"coachsim/generator/load"
)

// The template is a YAML file beside this one, so that it can be read,
// edited and checked as a scenario in its own right.
//
//go:embed scenario.yaml
var template []byte

// Scenario returns the text of the new scenario.
func Scenario() []byte { return append([]byte(nil), template...) }

// ErrExists is returned, wrapped, when the scenario file already exists.
var ErrExists = errors.New("already exists")

// Write writes the new scenario NAME to dir/NAME.yaml, creating dir if
// needed, and returns the file's path. NAME must follow the id rule, since
// the file name is the scenario's id; a trailing ".yaml" is allowed. An
// existing file is never overwritten.
func Write(fsys afero.Fs, dir, name string) (string, error) {
	name = strings.TrimSuffix(name, ".yaml")
	if p := load.IDProblem(name); p != "" {
		return "", fmt.Errorf("scenario name %q %s; it becomes the file name and the scenario's id", name, p)
	}
	if err := fsys.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	path := filepath.Join(dir, name+".yaml")
	// O_EXCL makes "does it exist" and "create it" one step, so a file
	// that appears meanwhile is not overwritten either.
	f, err := fsys.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrExist) {
		return "", fmt.Errorf("%s: %w; choose another name, or delete the file first", path, ErrExists)
	}
	if err != nil {
		return "", err
	}
	if _, err := f.Write(template); err != nil {
		f.Close()
		return "", err
	}
	return path, f.Close()
}
