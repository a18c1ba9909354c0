// Package child runs the pinned Hugo as a child process that cannot
// outlive coachsim: in a process group of its own, stopped as a group, and
// on Linux killed by the kernel if coachsim dies first (Pdeathsig). The
// build (publish) and the live preview (preview) both run Hugo this way.
package child

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// HugoBinary returns the path of the Hugo that siteDir/tools/go.mod pins,
// building it into Go's cache the first time ("go tool -n" prints the
// command it would run). Callers run that executable directly rather than
// under "go tool", so that Hugo is their own child and signals and the
// parent-death signal reach it.
func HugoBinary(ctx context.Context, siteDir string) (string, error) {
	tools, err := filepath.Abs(filepath.Join(siteDir, "tools"))
	if err != nil {
		return "", err
	}
	if _, err := os.Stat(filepath.Join(tools, "go.mod")); err != nil {
		return "", fmt.Errorf("hugo is pinned in %s/go.mod, which is missing: %w", tools, err)
	}
	cmd := exec.CommandContext(ctx, "go", "-C", tools, "tool", "-n", "hugo")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("building the pinned hugo (go -C %s tool -n hugo): %w\n%s", tools, err, strings.TrimSpace(stderr.String()))
	}
	bin := strings.TrimSpace(string(out))
	if i := strings.LastIndexByte(bin, '\n'); i >= 0 {
		bin = bin[i+1:]
	}
	if bin == "" {
		return "", fmt.Errorf("go -C %s tool -n hugo printed nothing", tools)
	}
	return bin, nil
}
