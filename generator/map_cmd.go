package main

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/spf13/afero"

	"coachsim/generator/check"
	"coachsim/generator/diagram"
	"coachsim/generator/starter"
)

// cmdMap prints the map of each scenario (or of those named by id) in the
// chosen format. Like report, it refuses scenarios with errors.
func cmdMap(ctx context.Context, o *options, fsys afero.Fs, stdout, stderr io.Writer) error {
	res := check.Run(fsys, check.Options{Paths: o.Paths, LessonsDir: o.LessonsDir()})
	if err := usable(res, "map", o.Paths, o.IDs, stderr); err != nil {
		return err
	}
	var maps []*diagram.Map
	for _, s := range res.Scenarios {
		if len(o.IDs) > 0 && !slices.Contains(o.IDs, s.ID.Value) {
			continue
		}
		maps = append(maps, diagram.Build(s, res.Analyses[s.ID.Value], res.Orders[s.ID.Value], diagram.Options{}))
	}
	if len(maps) == 0 {
		fmt.Fprintf(stderr, "coachsim map: no scenarios in %s\n", strings.Join(o.Paths, ", "))
		return errReported
	}
	switch o.Format {
	case "svg":
		if len(maps) > 1 {
			fmt.Fprintf(stderr, "coachsim map: -format svg draws one scenario, and %d were found: name one, as in coachsim map -format svg %s\n", len(maps), maps[0].ID)
			return errReported
		}
		svg, err := diagram.SVG(ctx, maps[0])
		if err != nil {
			return err
		}
		_, err = stdout.Write(svg)
		return err
	case "dot":
		for _, m := range maps {
			// Several digraphs in one file: dot draws each.
			if err := diagram.WriteDOT(stdout, m); err != nil {
				return err
			}
		}
		return nil
	case "mermaid":
		if len(maps) == 1 {
			return diagram.WriteMermaid(stdout, maps[0])
		}
		// A Mermaid block holds one chart, so several come as Markdown,
		// ready to paste into a pull request.
		return eachScenario(stdout, maps, func(w io.Writer, m *diagram.Map) error {
			fmt.Fprintln(w, "```mermaid")
			if err := diagram.WriteMermaid(w, m); err != nil {
				return err
			}
			_, err := fmt.Fprintln(w, "```")
			return err
		})
	}
	return eachScenario(stdout, maps, func(w io.Writer, m *diagram.Map) error {
		fmt.Fprintf(w, "%s\n\n", m.Summary())
		return diagram.WriteOutline(w, m.Outline())
	})
}

// eachScenario writes a Markdown heading and then each map.
func eachScenario(w io.Writer, maps []*diagram.Map, write func(io.Writer, *diagram.Map) error) error {
	for i, m := range maps {
		if i > 0 {
			fmt.Fprintln(w)
		}
		fmt.Fprintf(w, "## %s (%s)\n\n", m.Title, m.ID)
		if err := write(w, m); err != nil {
			return err
		}
	}
	return nil
}

// cmdNew writes the starter scenario under the name given.
func cmdNew(_ context.Context, o *options, fsys afero.Fs, stdout, stderr io.Writer) error {
	if len(o.Names) != 1 {
		fmt.Fprintln(stderr, "coachsim new: give one NAME for the new scenario, as in coachsim new first-step")
		return errReported
	}
	path, err := starter.Write(fsys, o.Scenarios, o.Names[0])
	if err != nil {
		// Whether the name breaks the id rule or the file exists, the
		// message says what to do.
		fmt.Fprintf(stderr, "coachsim new: %v\n", err)
		return errReported
	}
	fmt.Fprintf(stdout, "wrote %s: play it with coachsim build, check it with coachsim check %s, and make it yours\n", path, path)
	return nil
}
