package blocks_test

import (
	"context"
	"testing"
	"time"

	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/block/blocktest"
	"github.com/flowrun/flowrun/blocks"
	"github.com/flowrun/flowrun/buffer"
	"github.com/flowrun/flowrun/flowgraph"
)

func TestFloatToComplexJoinsBothInputs(t *testing.T) {
	re, im := mathRamp[float32](250, 0.2), mathRamp[float32](240, 0.9)
	outs := mathRun(t, blocks.NewFloatToComplex(), blocktest.Stream{Items: re}, blocktest.Stream{Items: im, Tags: []buffer.Tag{{Offset: 5, Key: "q"}}})
	want := make([]complex64, len(im))
	for i := range want {
		want[i] = complex(re[i], im[i])
	}
	mathCheck(t, outs[0].Items.([]complex64), want, 0)
	if len(outs[0].Tags) != 1 || outs[0].Tags[0].Offset != 5 {
		t.Fatalf("tags %v", outs[0].Tags)
	}
}

func TestFloatToComplexWithImUnconnectedGivesZeroImaginary(t *testing.T) {
	re := mathRamp[float32](5000, 0.6)
	pos := 0
	src := block.Source(func(out []float32) (int, error) {
		n := copy(out, re[pos:])
		pos += n
		if pos == len(re) {
			return n, block.ErrDone
		}
		return n, nil
	})
	var got []complex64
	snk := block.Sink(func(in []complex64) error { got = append(got, in...); return nil })
	join := blocks.NewFloatToComplex()
	g := flowgraph.New()
	for _, err := range []error{
		g.Add("src", src), g.Add("join", join), g.Add("snk", snk),
		flowgraph.Connect(g, &src.Out, &join.Re),
		flowgraph.Connect(g, &join.Out, &snk.In),
	} {
		if err != nil {
			t.Fatal(err)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := g.Run(ctx); err != nil {
		t.Fatal(err)
	}
	want := make([]complex64, len(re))
	for i, v := range re {
		want[i] = complex(v, 0)
	}
	mathCheck(t, got, want, 0)
}
