// Command coachsim checks coaching scenarios, reports on their paths, and
// builds the static training site from them.
//
//	coachsim check [--format text|json] [paths...]
//	coachsim report [paths...] [scenario-id...]
//	coachsim build [-out dir] [paths...]
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
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

const usage = `usage: coachsim <command> [arguments]

commands:
  check  [--format text|json] [paths...]   check scenarios (default: scenarios/)
  report [paths...] [scenario-id...]       print endings, quadrants and paths
  build  [-out dir] [paths...]             check, then build the static site
`

// run dispatches to a command. It is main without the process: tests call it
// with their own arguments and writers.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return errReported
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "check":
		return cmdCheck(ctx, rest, stdout, stderr)
	case "report":
		return cmdReport(ctx, rest, stdout, stderr)
	case "build":
		return cmdBuild(ctx, rest, stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	fmt.Fprintf(stderr, "coachsim: unknown command %q\n\n%s", cmd, usage)
	return errReported
}
