// Command flowrun validates and runs flowrun graphs written in YAML.
//
//	flowrun run GRAPH.yaml [--set name=value]... [--duration D] [--stats text|json]
//	flowrun validate GRAPH.yaml...
//	flowrun blocks
//	flowrun describe ID
//	flowrun dot GRAPH.yaml
//	flowrun version
//	flowrun bench [--only NAME] [--reps R] [--items N] [--gnuradio] [--json FILE]
//
// Exit status: 0 on success, 2 for bad input (a graph that does not load,
// unknown flags or block ids), 1 for a failure while running, 128+N for a
// run stopped cleanly by signal N (SIGINT, SIGTERM or SIGHUP), as a shell
// reports a process the signal killed.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"

	"github.com/flowrun/flowrun/blocks"
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
	root := newRoot(stdout, stderr)
	root.SetArgs(args)
	err := root.Execute()
	if err == nil {
		return 0
	}
	fmt.Fprintln(stderr, "flowrun:", err)
	var ee *exitError
	if errors.As(err, &ee) {
		return ee.code
	}
	return 2 // cobra's own errors: unknown command or flag, wrong arguments
}

func newRoot(stdout, stderr io.Writer) *cobra.Command {
	root := &cobra.Command{
		Use:           "flowrun",
		Short:         "Run and inspect flowrun signal-processing graphs",
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetOut(stdout)
	root.SetErr(stderr)
	reg := blocks.NewRegistry()
	root.AddCommand(runCmd(reg), validateCmd(reg), blocksCmd(reg), describeCmd(reg), dotCmd(reg), versionCmd(), benchCmd(reg))
	return root
}
