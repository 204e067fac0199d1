package blocks_test

import (
	"context"
	"fmt"

	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/blocks"
	"github.com/flowrun/flowrun/flowgraph"
)

// A head ends an endless source: the graph finishes after 5 items.
func ExampleNewHead() {
	next := float32(0)
	src := block.Source(func(out []float32) (int, error) {
		for i := range out {
			out[i] = next
			next++
		}
		return len(out), nil
	})
	head := blocks.NewHead[float32](5)
	var got []float32
	snk := block.Sink(func(in []float32) error { got = append(got, in...); return nil })

	g := flowgraph.New()
	_ = g.Add("src", src)
	_ = g.Add("head", head)
	_ = g.Add("snk", snk)
	_ = flowgraph.Connect(g, &src.Out, &head.In)
	_ = flowgraph.Connect(g, &head.Out, &snk.In)
	if err := g.Run(context.Background()); err != nil {
		fmt.Println(err)
	}
	fmt.Println(got)
	// Output: [0 1 2 3 4]
}

// Deinterleave splits interleaved I/Q into two streams.
func ExampleNewDeinterleave() {
	d, _ := blocks.NewDeinterleave[int16](2, 1)
	iq := block.Source(func(out []int16) (int, error) {
		return copy(out, []int16{1, -1, 2, -2, 3, -3}), block.ErrDone
	})
	var i, q []int16
	si := block.Sink(func(in []int16) error { i = append(i, in...); return nil })
	sq := block.Sink(func(in []int16) error { q = append(q, in...); return nil })

	g := flowgraph.New()
	_ = g.Add("iq", iq)
	_ = g.Add("split", d)
	_ = g.Add("i", si)
	_ = g.Add("q", sq)
	_ = flowgraph.Connect(g, &iq.Out, &d.In)
	_ = flowgraph.Connect(g, &d.Out[0], &si.In)
	_ = flowgraph.Connect(g, &d.Out[1], &sq.In)
	if err := g.Run(context.Background()); err != nil {
		fmt.Println(err)
	}
	fmt.Println(i, q)
	// Output: [1 2 3] [-1 -2 -3]
}
