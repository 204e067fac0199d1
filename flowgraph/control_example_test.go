package flowgraph_test

import (
	"context"
	"fmt"

	"github.com/flowrun/flowrun/blocks"
	"github.com/flowrun/flowrun/flowgraph"
)

// Set changes a parameter of a block; while the graph runs, between two
// Work calls of the block.
func ExampleGraph_Set() {
	src, _ := blocks.NewSignalSource[complex64](blocks.SignalConfig{Waveform: blocks.Cosine, Frequency: 1e3, SampleRate: 48e3, Amplitude: 1})
	head := blocks.NewHead[complex64](4800)
	snk := blocks.NewNullSink[complex64]()
	g := flowgraph.New()
	_ = g.Add("src", src)
	_ = g.Add("head", head)
	_ = g.Add("snk", snk)
	_ = flowgraph.Connect(g, &src.Out, &head.In)
	_ = flowgraph.Connect(g, &head.Out, &snk.In)

	done := make(chan error, 1)
	go func() { done <- g.Run(context.Background()) }()
	if err := g.Set("src", "frequency", 2e3); err != nil {
		fmt.Println(err)
	}
	fmt.Println(<-done)
	f, _ := g.Get("src", "frequency")
	fmt.Println(f)
	fmt.Println(g.Set("src", "sample_rate", 1e3) != nil)
	// Output:
	// <nil>
	// 2000
	// true
}
