// Package cli is the flowrun command line: the cobra commands that
// validate, run, inspect and benchmark graph files, importable so that a
// program can be a flowrun with blocks of its own. cmd/flowrun is this
// package with the standard blocks:
//
//	func main() { os.Exit(cli.Main(blocks.NewRegistry())) }
//
// and a flowrun with one more block is a copy of that registry with the
// block registered (see examples/customblock):
//
//	reg := blocks.NewRegistry()
//	reg.MustRegister(myblock.Spec())
//	os.Exit(cli.Main(reg))
//
// The commands:
//
//	flowrun run GRAPH.yaml [--set name=value]... [--duration D] [--grace D] [--stats text|json]
//	            [--control ADDR [--control-allow-remote] [--control-token TOKEN]]
//	flowrun validate GRAPH.yaml...
//	flowrun blocks
//	flowrun describe ID
//	flowrun dot GRAPH.yaml
//	flowrun version
//	flowrun bench [--only NAME] [--reps R] [--items N] [--gnuradio] [--json FILE]
//
// Every command sees only the blocks of the registry it is given; bench
// runs graphs of the standard blocks, so it needs them registered.
// Graph files larger than 16 MiB are refused unless --max-file-size (any
// command) raises the limit.
//
// Exit status: 0 on success, 2 for bad input (a graph that does not load,
// unknown flags or block ids), 1 for a failure while running, 128+N for a
// run stopped cleanly by signal N (SIGINT, SIGTERM or SIGHUP), as a shell
// reports a process the signal killed.
package cli

import (
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"

	"github.com/flowrun/flowrun/graphfile"
	"github.com/flowrun/flowrun/registry"
)

// exitError carries the exit status of a command.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

func badInput(err error) error { return &exitError{code: 2, err: err} }
func failure(err error) error  { return &exitError{code: 1, err: err} }

// Main runs the command line of the process (os.Args) with the blocks of
// reg, writing to os.Stdout and os.Stderr, and returns the exit status for
// os.Exit.
func Main(reg *registry.Registry) int {
	return Run(reg, os.Args[1:], os.Stdout, os.Stderr)
}

// Run executes the command line args (without the program name) with the
// blocks of reg and returns the exit status: 0 on success, 2 for bad
// input, 1 for a failure while running, 128+N for a run stopped by signal
// N. An error is printed to stderr as
// one line "flowrun: ...", with control characters escaped.
func Run(reg *registry.Registry, args []string, stdout, stderr io.Writer) int {
	root := newRoot(reg, stdout, stderr)
	root.SetArgs(args)
	err := root.Execute()
	if err == nil {
		return 0
	}
	fmt.Fprintln(stderr, "flowrun:", termSafe(err.Error(), true))
	return ExitCode(err)
}

// Command returns the root command with every subcommand, for a program
// that adds commands of its own or mounts flowrun's under its own root.
// Errors and usage are not printed by the command (SilenceErrors,
// SilenceUsage): print the error of Execute and exit with ExitCode.
func Command(reg *registry.Registry, stdout, stderr io.Writer) *cobra.Command {
	return newRoot(reg, stdout, stderr)
}

// ExitCode returns the exit status for an error of Command's Execute: 0
// for nil, 1 for a failure while running, 128+N for a run stopped by
// signal N, 2 for bad input, cobra's own errors (an unknown command or
// flag, wrong arguments) included.
func ExitCode(err error) int {
	if err == nil {
		return 0
	}
	var ee *exitError
	if errors.As(err, &ee) {
		return ee.code
	}
	return 2 // cobra's own errors: unknown command or flag, wrong arguments
}

func newRoot(reg *registry.Registry, stdout, stderr io.Writer) *cobra.Command {
	root := &cobra.Command{
		Use:           "flowrun",
		Short:         "Run and inspect flowrun signal-processing graphs",
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	maxSize := sizeFlag(graphfile.DefaultMaxFileSize)
	root.PersistentFlags().Var(&maxSize, "max-file-size", "largest graph file read, e.g. 16MiB; 0 for no limit")
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.AddCommand(runCmd(reg), validateCmd(reg), blocksCmd(reg), describeCmd(reg), dotCmd(reg), importCmd(reg), versionCmd(), benchCmd(reg))
	return root
}
