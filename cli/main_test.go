package cli

import (
	"io"
	"os"
	"testing"

	"go.uber.org/goleak"

	"github.com/flowrun/flowrun/blocks"
)

func TestMain(m *testing.M) {
	// As a child process of a test (FLOWRUN_AS_CLI set), this binary is
	// flowrun with the standard blocks: tests run separate flowrun
	// processes without building one.
	if os.Getenv("FLOWRUN_AS_CLI") != "" {
		os.Exit(Main(blocks.NewRegistry()))
	}
	goleak.VerifyTestMain(m)
}

// run executes the command line with the standard blocks, as cmd/flowrun
// does, and returns the exit status.
func run(args []string, stdout, stderr io.Writer) int {
	return Run(blocks.NewRegistry(), args, stdout, stderr)
}
