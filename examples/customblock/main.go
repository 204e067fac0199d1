// Command customblock is flowrun with one block more: the standard blocks,
// and clip (package examples/customblock/clip), a block written outside
// flowrun. It is the whole of what a user writes to run graph files with
// blocks of their own: register them in a registry of the standard blocks
// and hand it to the command line of package cli.
//
//	go run ./examples/customblock run examples/customblock/clip.yaml --set file.path=/tmp/clipped.f32
//	go run ./examples/customblock blocks      # the standard blocks and clip
package main

import (
	"os"

	"github.com/flowrun/flowrun/blocks"
	"github.com/flowrun/flowrun/cli"
	"github.com/flowrun/flowrun/examples/customblock/clip"
	"github.com/flowrun/flowrun/registry"
)

func main() {
	os.Exit(cli.Main(newRegistry()))
}

// newRegistry returns the standard blocks and clip. blocks.NewRegistry makes
// a new registry at each call, so adding to it changes no one else's.
func newRegistry() *registry.Registry {
	reg := blocks.NewRegistry()
	reg.MustRegister(clip.Spec())
	return reg
}
