// Command flowrun validates and runs flowrun graphs written in YAML.
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
// Graph files larger than 16 MiB are refused unless --max-file-size (any
// command) raises the limit.
//
// Exit status: 0 on success, 2 for bad input (a graph that does not load,
// unknown flags or block ids), 1 for a failure while running.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"

	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/blocks"
	"github.com/flowrun/flowrun/graphfile"
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

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run executes the command line and returns the exit status.
func run(args []string, stdout, stderr io.Writer) int {
	return runWith(blocks.NewRegistry(), args, stdout, stderr)
}

// runWith is run with the blocks of reg.
func runWith(reg *block.Registry, args []string, stdout, stderr io.Writer) int {
	root := newRoot(reg, stdout, stderr)
	root.SetArgs(args)
	err := root.Execute()
	if err == nil {
		return 0
	}
	fmt.Fprintln(stderr, "flowrun:", termSafe(err.Error(), true))
	var ee *exitError
	if errors.As(err, &ee) {
		return ee.code
	}
	return 2 // cobra's own errors: unknown command or flag, wrong arguments
}

func newRoot(reg *block.Registry, stdout, stderr io.Writer) *cobra.Command {
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
	root.AddCommand(runCmd(reg), validateCmd(reg), blocksCmd(reg), describeCmd(reg), dotCmd(reg), versionCmd(), benchCmd(reg))
	return root
}
