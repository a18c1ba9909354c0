package publish

import (
	"context"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// TestPagesWorkflow runs actionlint, pinned in the tools module
// (site/tools/go.mod), on the GitHub Pages workflow and fails on any
// finding: a mistake there shows only after a push, on GitHub.
func TestPagesWorkflow(t *testing.T) {
	if testing.Short() {
		t.Skip("compiles actionlint: skipped in -short mode")
	}
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	// -shellcheck= and -pyflakes= turn off the external linters, which
	// are not pinned; actionlint's own checks are.
	cmd := exec.CommandContext(ctx, "go", "-C", filepath.Join(root, "site", "tools"), "tool", "actionlint",
		"-shellcheck=", "-pyflakes=", filepath.Join(root, ".github", "workflows", "pages.yml"))
	cmd.Env = append(cmd.Environ(), "CGO_ENABLED=0")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("actionlint on .github/workflows/pages.yml: %v\n%s", err, out)
	}
}
