package e2e

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"coachsim/generator/check"
	"coachsim/generator/publish"
)

// buildSite builds the site from the repository at root into out with
// publish.Build, the same code path as `coachsim build`. Hugo's cache
// folder is the default, next to out, so that test runs in parallel with
// `make site` (or with each other) never share it.
func buildSite(ctx context.Context, root, out string, res *check.Result) error {
	site := filepath.Join(root, "site")
	sum, err := publish.Build(ctx, publish.Options{
		Check:      res,
		ContentDir: filepath.Join(root, "content"),
		SiteDir:    site,
		Out:        out,
		Hugo:       publish.HugoCommand{SiteDir: site, Log: os.Stderr},
		Log:        os.Stderr,
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "e2e: %d scenarios, %d pages, %d KB (generator %s, hugo %s)\n",
		sum.Scenarios, sum.Pages, sum.Bytes/1024, sum.Generate, sum.Hugo)
	return nil
}
