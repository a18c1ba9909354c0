package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/afero"
)

// The defaults of every command, in one place. Folders are relative to the
// current directory unless the scenarios are found in a project elsewhere
// (see projectRoot).
const (
	defaultScenarios = "scenarios"
	defaultContent   = "content"
	defaultSite      = "site"
	defaultOut       = "build/site"
	defaultFormat    = "text"
)

// The values of -format, the default first: check and report print text
// or JSON; map prints Mermaid by default, since it renders where
// supervisors review changes (GitHub's Markdown) with nothing installed.
var (
	textFormats = []string{defaultFormat, "json"}
	mapFormats  = []string{"mermaid", "dot", "svg", "text"}
)

// options holds the settings of every command. Each command binds only the
// flags it uses, but a setting has the same name, default and help text in
// every command that has it (optionFlags is the one list of them).
type options struct {
	// Paths are the scenario files or folders to load (default: scenarios).
	Paths []string
	// IDs are the scenario ids report limits itself to.
	IDs []string
	// Content is the authored content folder; lessons are in its lessons/.
	Content string
	// Site is the Hugo project folder.
	Site string
	// Out is the folder build writes the site to.
	Out string
	// Format is how the command prints: one of its formats.
	Format string
	// Port is serve's loopback port; "" or "0" picks a free one.
	Port string
	// Scenarios is the folder new writes to.
	Scenarios string
	// Names are the names of the scenarios new writes.
	Names []string
	// Lessons is the deprecated -lessons: a lessons folder given directly.
	// It is kept because earlier READMEs told supervisors to use it.
	Lessons string
}

// optionFlag is one flag a command may take.
type optionFlag struct {
	// value names the argument in the synopsis; -format's synopsis lists
	// the command's formats instead.
	name, value, usage string
	// def is "" where the default depends on the scenarios' project or,
	// for -format, on the command (its first format).
	def   string
	field func(*options) *string
}

// optionFlags lists every flag of every command.
func optionFlags() []optionFlag {
	return []optionFlag{
		{"format", "", "output `format`: for check and report, text (the default, with source snippets) or json, for tools;\nfor map, mermaid (the default), dot, svg or text",
			"", func(o *options) *string { return &o.Format }},
		{"content", "dir", "authored content `dir`, lessons in its lessons/ (default: content/ of the project the scenarios are in)",
			"", func(o *options) *string { return &o.Content }},
		{"site", "dir", "the Hugo project `dir` (default: site/ of the project the scenarios are in)",
			"", func(o *options) *string { return &o.Site }},
		{"out", "dir", "output `dir`, replaced as a whole only when the build succeeds",
			filepath.FromSlash(defaultOut), func(o *options) *string { return &o.Out }},
		{"port", "n", "the local `port` to serve on (default: a free one)",
			"", func(o *options) *string { return &o.Port }},
		{"lessons", "dir", "deprecated: use -content; the lessons `dir` itself",
			"", func(o *options) *string { return &o.Lessons }},
		{"scenarios", "dir", "the scenarios `dir` to write to",
			defaultScenarios, func(o *options) *string { return &o.Scenarios }},
	}
}

// deprecated maps a deprecated flag to the one that replaces it.
func deprecated(name string) string {
	if name == "lessons" {
		return "content"
	}
	return ""
}

// flagSet makes the flag set of cmd, bound to o.
func (c command) flagSet(o *options) *flag.FlagSet {
	fs := flag.NewFlagSet("coachsim "+c.name, flag.ContinueOnError)
	for _, f := range optionFlags() {
		for _, name := range c.flags {
			if name == f.name {
				fs.StringVar(f.field(o), f.name, f.def, f.usage)
			}
		}
	}
	return fs
}

// synopsis is the one-line usage of c, such as
// "coachsim build [-out dir] [scenario files or folders...]".
func (c command) synopsis() string {
	var b strings.Builder
	b.WriteString("coachsim " + c.name)
	for _, f := range optionFlags() {
		for _, name := range c.flags {
			if name == f.name && deprecated(name) == "" {
				value := f.value
				if f.name == "format" {
					value = strings.Join(c.formats, "|")
				}
				fmt.Fprintf(&b, " [-%s %s]", f.name, value)
			}
		}
	}
	b.WriteString(" " + c.args)
	return b.String()
}

// printUsage writes c's usage and flags to w.
func (c command) printUsage(w io.Writer) {
	fmt.Fprintf(w, "usage: %s\n\n%s\n\nflags:\n", c.synopsis(), c.doc)
	fs := c.flagSet(&options{})
	fs.SetOutput(w)
	fs.PrintDefaults()
}

// parse reads c's flags and arguments into options with every default
// filled in. -h and -help print the usage to stdout and return errHelp; a
// bad flag prints what is wrong and the usage to stderr and returns
// errReported.
func (c command) parse(fsys afero.Fs, args []string, stdout, stderr io.Writer) (*options, error) {
	o := &options{}
	fs := c.flagSet(o)
	var msg bytes.Buffer
	fs.SetOutput(&msg) // the flag package's own message, printed below
	fs.Usage = func() {}
	// Flags may follow the paths ("coachsim check x.yaml -format json"), so
	// that a flag typed last is never taken for a file name; "--" ends them.
	var positional []string
	for len(args) > 0 {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				c.printUsage(stdout)
				return nil, errHelp
			}
			fmt.Fprintf(stderr, "%s\n", strings.TrimSpace(msg.String()))
			c.printUsage(stderr)
			return nil, errReported
		}
		consumed, rest := args[:len(args)-fs.NArg()], fs.Args()
		if len(consumed) > 0 && consumed[len(consumed)-1] == "--" {
			positional = append(positional, rest...)
			break
		}
		if len(rest) > 0 {
			positional = append(positional, rest[0])
			rest = rest[1:]
		}
		args = rest
	}
	fs.Visit(func(f *flag.Flag) {
		if to := deprecated(f.Name); to != "" {
			fmt.Fprintf(stderr, "coachsim %s: -%s is deprecated; use -%s\n", c.name, f.Name, to)
		}
	})
	if len(c.formats) > 0 {
		if o.Format == "" {
			o.Format = c.formats[0]
		}
		if !slices.Contains(c.formats, o.Format) {
			fmt.Fprintf(stderr, "coachsim %s: unknown format %q (use %s)\n", c.name, o.Format, strings.Join(c.formats, ", "))
			return nil, errReported
		}
	}
	if c.names {
		o.Names, positional = positional, nil
	}
	if o.Port != "" {
		if n, err := strconv.Atoi(o.Port); err != nil || n < 0 || n > 65535 {
			fmt.Fprintf(stderr, "coachsim %s: -port %q is not a port number (1 to 65535, or 0 for a free one)\n", c.name, o.Port)
			return nil, errReported
		}
	}
	o.Paths = positional
	if c.ids {
		o.Paths, o.IDs = reportArgs(fsys, o.Paths)
	}
	if len(o.Paths) == 0 {
		o.Paths = []string{defaultScenarios}
	}
	root := projectRoot(fsys, o.Paths)
	if o.Content == "" {
		o.Content = filepath.Join(root, defaultContent)
	}
	if o.Site == "" {
		o.Site = filepath.Join(root, defaultSite)
	}
	return o, nil
}

// LessonsDir is the folder of lesson Markdown files: lessons/ in the content
// folder, or the deprecated -lessons.
func (o *options) LessonsDir() string {
	if o.Lessons != "" {
		return o.Lessons
	}
	return filepath.Join(o.Content, "lessons")
}

// projectRoot finds the project the scenarios given by paths are in: the
// nearest folder, from the first path upwards, that has content/lessons, so
// that the commands work from any directory. It is "." (the current
// directory, as before) when there is none, and relative to the current
// directory when inside it, to keep messages short.
func projectRoot(fsys afero.Fs, paths []string) string {
	if len(paths) == 0 {
		return "."
	}
	dir, err := filepath.Abs(paths[0])
	if err != nil {
		return "."
	}
	if fi, err := fsys.Stat(dir); err != nil || !fi.IsDir() {
		dir = filepath.Dir(dir)
	}
	for {
		cand := filepath.Join(dir, defaultContent, "lessons")
		if fi, err := fsys.Stat(cand); err == nil && fi.IsDir() {
			if wd, err := os.Getwd(); err == nil {
				if r, err := filepath.Rel(wd, dir); err == nil && r != ".." && !strings.HasPrefix(r, ".."+string(filepath.Separator)) {
					return r
				}
			}
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "."
		}
		dir = parent
	}
}

// reportArgs splits report's arguments into paths to load and scenario ids
// to show: an argument that names no file or folder is taken as the id of a
// scenario, so "coachsim report shame-spiral" works.
func reportArgs(fsys afero.Fs, args []string) (paths, ids []string) {
	for _, a := range args {
		if _, err := fsys.Stat(a); err == nil {
			paths = append(paths, a)
		} else {
			ids = append(ids, a)
		}
	}
	return paths, ids
}
