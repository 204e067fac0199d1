// Command flowrun validates, runs, inspects and benchmarks flowrun graphs
// written in YAML, with the standard blocks: flowrun help lists the
// commands. It is package cli with blocks.NewRegistry(); a flowrun with
// blocks of its own is the same few lines with its own registry (see
// examples/customblock).
package main

import (
	"os"

	"github.com/flowrun/flowrun/blocks"
	"github.com/flowrun/flowrun/cli"
)

func main() {
	os.Exit(cli.Main(blocks.NewRegistry()))
}
