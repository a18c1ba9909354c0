package e2e

import (
	"context"
	"errors"

	"coachsim/generator/check"
)

// buildSite builds the site from the repository at root into out.
func buildSite(ctx context.Context, root, out string, res *check.Result) error {
	return errors.New("publish.Build not wired yet")
}
