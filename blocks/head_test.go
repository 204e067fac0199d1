package blocks_test

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/blocks"
	"github.com/flowrun/flowrun/buffer"
	"github.com/flowrun/flowrun/flowgraph"
)

func TestHeadStopsAtExactlyN(t *testing.T) {
	in := streamRamp(3000)
	tags := streamTags(0, 99, 100, 999, 1000, 2999)
	for _, n := range []int{0, 1, 100, 1000, 2999, 3000, 5000} {
		for _, size := range streamOutputSizes {
			t.Run(fmt.Sprintf("n=%d/out=%d", n, size), func(t *testing.T) {
				got, gotTags := streamRun(t, blocks.NewHead[float32](uint64(n)), size, in, tags)
				k := min(n, len(in))
				var want []buffer.Tag
				for _, tg := range tags {
					if tg.Offset < uint64(k) {
						want = append(want, tg)
					}
				}
				streamCheck(t, got, in[:k], gotTags, want)
			})
		}
	}
}

func TestHeadFinishesAndReleasesAnEndlessSource(t *testing.T) {
	g := flowgraph.New()
	src := block.Source(func(out []int16) (int, error) {
		for i := range out {
			out[i] = 7
		}
		return len(out), nil
	})
	head := blocks.NewHead[int16](123457)
	var count atomic.Int64
	snk := block.Sink(func(in []int16) error { count.Add(int64(len(in))); return nil })
	for name, b := range map[string]block.Block{"src": src, "head": head, "snk": snk} {
		if err := g.Add(name, b); err != nil {
			t.Fatal(err)
		}
	}
	if err := flowgraph.Connect(g, &src.Out, &head.In); err != nil {
		t.Fatal(err)
	}
	if err := flowgraph.Connect(g, &head.Out, &snk.In); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := g.Run(ctx); err != nil {
		t.Fatalf("run: %v (the source must stop once head is done)", err)
	}
	if got := count.Load(); got != 123457 {
		t.Fatalf("sink got %d items, want 123457", got)
	}
}

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
