package flowgraph_test

import (
	"context"
	"fmt"

	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/flowgraph"
)

// A graph built in Go: a source of the numbers 0..9, a block that squares
// them, and a sink that sums them.
func ExampleGraph_Run() {
	next := 0
	src := block.Source(func(out []int64) (int, error) {
		n := min(len(out), 10-next)
		for i := range n {
			out[i] = int64(next + i)
		}
		next += n
		if next == 10 {
			return n, block.ErrDone
		}
		return n, nil
	})
	square := block.Map(func(in, out []int64) {
		for i, v := range in {
			out[i] = v * v
		}
	})
	var sum int64
	snk := block.Sink(func(in []int64) error {
		for _, v := range in {
			sum += v
		}
		return nil
	})

	g := flowgraph.New()
	g.Add("src", src)
	g.Add("square", square)
	g.Add("sum", snk)
	flowgraph.Connect(g, &src.Out, &square.In) // typed: a mismatch does not compile
	flowgraph.Connect(g, &square.Out, &snk.In)
	if err := g.Run(context.Background()); err != nil {
		fmt.Println(err)
	}
	fmt.Println(sum)
	// Output: 285
}
