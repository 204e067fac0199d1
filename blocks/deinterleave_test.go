package blocks_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/block/blocktest"
	"github.com/flowrun/flowrun/blocks"
	"github.com/flowrun/flowrun/buffer"
	"github.com/flowrun/flowrun/flowgraph"
)

func TestDeinterleaveMatchesANaiveSplitWithTagsOnTheirItems(t *testing.T) {
	for _, tc := range []struct{ streams, bs int }{{1, 1}, {2, 1}, {3, 2}, {4, 5}} {
		for _, size := range []int{1, 7, 4096} {
			t.Run(fmt.Sprintf("n=%d/b=%d/out=%d", tc.streams, tc.bs, size), func(t *testing.T) {
				b, err := blocks.NewDeinterleave[int16](tc.streams, tc.bs)
				if err != nil {
					t.Fatal(err)
				}
				in := make([]int16, 203)
				for j := range in {
					in[j] = int16(j)
				}
				tags := streamTags(0, 1, 2, 5, 6, 7, 100, 119, 120, 202)
				outs, err := blocktest.RunWith(b, blocktest.Options{OutputItems: size}, blocktest.Stream{Items: in, Tags: tags})
				if err != nil {
					t.Fatal(err)
				}
				// Reference: deal items out one at a time, whole turns only.
				turn := tc.streams * tc.bs
				want := make([][]int16, tc.streams)
				wantTags := make([][]buffer.Tag, tc.streams)
				for j := 0; j < len(in)/turn*turn; j++ {
					i := j / tc.bs % tc.streams
					for _, tg := range tags {
						if tg.Offset == uint64(j) {
							tg.Offset = uint64(len(want[i]))
							wantTags[i] = append(wantTags[i], tg)
						}
					}
					want[i] = append(want[i], in[j])
				}
				for i := range outs {
					streamCheck(t, outs[i].Items.([]int16), want[i], outs[i].Tags, wantTags[i])
				}
			})
		}
	}
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
