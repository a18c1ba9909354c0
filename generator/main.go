// Command coachsim checks coaching scenarios, reports on their paths, and
// builds the static training site from them.
//
//	coachsim check  [-format text|json] [-content dir] [scenario files or folders...]
//	coachsim report [-format text|json] [-content dir] [scenario files or folders...] [scenario-id...]
//	coachsim build  [-content dir] [-site dir] [-out dir] [scenario files or folders...]
//	coachsim serve  [-content dir] [-site dir] [-port n] [scenario files or folders...]
//	coachsim map    [-format mermaid|dot|svg|text] [-content dir] [scenario files or folders...] [scenario-id...]
//	coachsim new    [-scenarios dir] NAME
//	coachsim help   [command]
//
// Every command reads scenarios/ when given no paths; run "coachsim
// <command> -h" for its flags.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"strings"
	"syscall"

	"github.com/spf13/afero"
)

func main() {
	// SIGTERM (a service manager, a closed terminal tab) stops a build as
	// Ctrl-C does: cleanly, keeping the last good site.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	if err != nil {
		if !errors.Is(err, errReported) {
			fmt.Fprintln(os.Stderr, "coachsim:", err)
		}
		os.Exit(1)
	}
}

// errReported means the command has already explained the failure (for
// example by printing diagnostics) and only the exit status remains.
var errReported = errors.New("failed")

// errHelp means the usage was asked for and printed: the command succeeds.
var errHelp = errors.New("help requested")

// command is one coachsim command.
type command struct {
	name  string
	args  string   // the arguments after the flags, for the synopsis
	doc   string   // what it does, for its usage
	flags []string // the options it takes, by name (see optionFlags)
	// formats are the values its -format takes, the default first.
	formats []string
	ids     bool // arguments that name no file are scenario ids
	names   bool // the arguments are names of new scenarios, not paths
	run     func(ctx context.Context, o *options, fsys afero.Fs, stdout, stderr io.Writer) error
}

// commands lists the commands in the order the usage shows them.
func commands() []command {
	return []command{
		{
			name: "check", args: "[scenario files or folders...]",
			doc:   "Check scenarios (default: scenarios/) and print every problem as file:line:col: message.\nExits 1 if there is any error; warnings do not fail.",
			flags: []string{"format", "content", "lessons"}, formats: textFormats,
			run: cmdCheck,
		},
		{
			name: "report", args: "[scenario files or folders...] [scenario-id...]",
			doc:   "Print, for each scenario, where its endings can be reached, its best, worst and longest\npaths and the gameability audit. An argument that names no file is a scenario id.",
			flags: []string{"format", "content", "lessons"}, formats: textFormats, ids: true,
			run: cmdReport,
		},
		{
			name: "build", args: "[scenario files or folders...]",
			doc:   "Check the scenarios and, when they have no errors, build the static site into -out,\nreplacing it only on success.",
			flags: []string{"content", "site", "out"},
			run:   cmdBuild,
		},
		{
			name: "serve", args: "[scenario files or folders...]",
			doc:   "Serve a live preview of the site on this computer only and print its address. Every save\nin the scenarios, content/, site/ or cohort.yaml is checked and rebuilt, and the open\nbrowser reloads itself; while a scenario has errors the last good preview stays up with\nthe checker's messages on every page. Ctrl-C stops it and removes its working folder.",
			flags: []string{"content", "site", "port"},
			run:   cmdServe,
		},
		{
			name: "map", args: "[scenario files or folders...] [scenario-id...]",
			doc: "Print the map of each scenario: its moments, the options by the number the trainee sees,\n" +
				"coloured by effect, conditional routes dashed, endings with the quadrants they are reached in.\n" +
				"mermaid renders in GitHub's Markdown (several scenarios come as Markdown, one block each);\n" +
				"dot is for Graphviz; svg draws one scenario, laid out by Graphviz's dot; text is the map\n" +
				"as a nested list. An argument that names no file is a scenario id.",
			flags: []string{"format", "content"}, formats: mapFormats, ids: true,
			run: cmdMap,
		},
		{
			name: "new", args: "NAME",
			doc: "Write a small commented scenario, NAME.yaml, into the scenarios folder: a starting point\n" +
				"that passes coachsim check. NAME is the scenario's id. An existing file is never overwritten.",
			flags: []string{"scenarios"}, names: true,
			run: cmdNew,
		},
	}
}

// printUsage writes the usage of coachsim as a whole to w.
func printUsage(w io.Writer) {
	fmt.Fprintln(w, "usage: coachsim <command> [flags] [arguments]")
	fmt.Fprintln(w, "\ncommands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %s\n", c.synopsis())
	}
	fmt.Fprintln(w, "  coachsim help [command]")
	fmt.Fprintln(w, "  coachsim --version")
	fmt.Fprintln(w, "\nRun \"coachsim <command> -h\" for what a command does and its flags.")
}

// run dispatches to a command. It is main without the process: tests call it
// with their own arguments and writers.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		printUsage(stderr)
		return errReported
	}
	name, rest := args[0], args[1:]
	switch strings.TrimLeft(name, "-") {
	case "version":
		return printVersion(afero.NewOsFs(), stdout)
	case "h", "help":
		if strings.HasPrefix(name, "-") || len(rest) == 0 {
			printUsage(stdout)
			return nil
		}
		name, rest = rest[0], []string{"-h"}
	}
	for _, c := range commands() {
		if c.name != name {
			continue
		}
		fsys := afero.NewOsFs()
		o, err := c.parse(fsys, rest, stdout, stderr)
		if errors.Is(err, errHelp) {
			return nil
		}
		if err != nil {
			return err
		}
		return c.run(ctx, o, fsys, stdout, stderr)
	}
	fmt.Fprintf(stderr, "coachsim: unknown command %q\n\n", name)
	printUsage(stderr)
	return errReported
}

// printVersion prints coachsim's version (the module's, or the commit it
// was built from) and the Hugo version the build runs, which
// site/tools/go.mod pins.
func printVersion(fsys afero.Fs, w io.Writer) error {
	version := "(devel)"
	goVersion := ""
	if bi, ok := debug.ReadBuildInfo(); ok {
		goVersion = bi.GoVersion
		if bi.Main.Version != "" {
			version = bi.Main.Version
		}
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" && len(s.Value) >= 12 {
				version += " " + s.Value[:12]
			}
		}
	}
	fmt.Fprintf(w, "coachsim %s %s\n", version, goVersion)
	fmt.Fprintf(w, "hugo %s (pinned in site/tools/go.mod)\n", hugoVersion(fsys, "site/tools/go.mod"))
	return nil
}

// hugoVersion reads the pinned Hugo version from the tools module file.
func hugoVersion(fsys afero.Fs, gomod string) string {
	b, err := afero.ReadFile(fsys, gomod)
	if err != nil {
		return "unknown (" + gomod + " not found)"
	}
	for _, line := range strings.Split(string(b), "\n") {
		f := strings.Fields(line)
		if len(f) >= 2 && f[0] == "github.com/gohugoio/hugo" {
			return f[1]
		}
		if len(f) >= 3 && f[0] == "require" && f[1] == "github.com/gohugoio/hugo" {
			return f[2]
		}
	}
	return "unknown (no github.com/gohugoio/hugo in " + gomod + ")"
}
