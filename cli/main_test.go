package cli

import (
	"io"
	"testing"

	"go.uber.org/goleak"

	"github.com/flowrun/flowrun/blocks"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// run executes the command line with the standard blocks, as cmd/flowrun
// does, and returns the exit status.
func run(args []string, stdout, stderr io.Writer) int {
	return Run(blocks.NewRegistry(), args, stdout, stderr)
}
