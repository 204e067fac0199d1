package flowgraph_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/flowgraph"
)

// nullSource produces zeros forever; nullSink counts and drops.
type nullSource struct{ Out block.Out[float32] }

func (s *nullSource) Work(*block.IO) error {
	s.Out.Produce(len(s.Out.Slice()))
	return nil
}

type headF struct {
	In    block.In[float32]
	Out   block.Out[float32]
	limit int
}

func (h *headF) Work(*block.IO) error {
	in, out := h.In.Slice(), h.Out.Slice()
	n := min(len(in), len(out), h.limit)
	copy(out, in[:n])
	h.In.Consume(n)
	h.Out.Produce(n)
	h.limit -= n
	if h.limit == 0 {
		return block.ErrDone
	}
	return nil
}

type nullSink struct {
	In    block.In[float32]
	items int
}

func (s *nullSink) Work(*block.IO) error {
	in := s.In.Slice()
	if len(in) == 0 && s.In.Finished() {
		return block.ErrDone
	}
	s.items += len(in)
	s.In.Consume(len(in))
	return nil
}

// BenchmarkCopyChain: null source -> head(N) -> K copy blocks -> null sink,
// float32, the shape of GNU Radio's and FutureSDR's copy benchmarks.
func BenchmarkCopyChain(b *testing.B) {
	const items = 20_000_000
	for _, k := range []int{1, 10, 50, 200} {
		b.Run(fmt.Sprintf("K=%d", k), func(b *testing.B) {
			var total int
			for b.Loop() {
				g := flowgraph.New()
				src, h, snk := &nullSource{}, &headF{limit: items}, &nullSink{}
				if err := g.Add("src", src); err != nil {
					b.Fatal(err)
				}
				g.Add("head", h)
				g.Add("snk", snk)
				flowgraph.Connect(g, &src.Out, &h.In)
				prev := &h.Out
				for i := range k {
					c := block.Map(func(in, out []float32) { copy(out, in) })
					g.Add(fmt.Sprint("copy", i), c)
					flowgraph.Connect(g, prev, &c.In)
					prev = &c.Out
				}
				flowgraph.Connect(g, prev, &snk.In)
				if err := g.Run(context.Background()); err != nil {
					b.Fatal(err)
				}
				if snk.items != items {
					b.Fatalf("sink saw %d items, want %d", snk.items, items)
				}
				total += items
			}
			b.ReportMetric(float64(total)/b.Elapsed().Seconds()/1e6, "Msamples/s")
		})
	}
}

// emptyBlock makes progress without touching items: the cost of one Work
// call through the scheduler.
type emptyBlock struct {
	In  block.In[float32]
	Out block.Out[float32]
}

func (e *emptyBlock) Work(*block.IO) error {
	in, out := e.In.Slice(), e.Out.Slice()
	n := min(len(in), len(out), 1)
	e.In.Consume(n)
	e.Out.Produce(n)
	if n == 0 && e.In.Finished() {
		return block.ErrDone
	}
	return nil
}

// BenchmarkWorkCallOverhead: ns per Work call of a 1:1 block moving one item
// per call between a source and a sink.
func BenchmarkWorkCallOverhead(b *testing.B) {
	const items = 1_000_000
	var calls uint64
	for b.Loop() {
		g := flowgraph.New()
		src, h, e, snk := &nullSource{}, &headF{limit: items}, &emptyBlock{}, &nullSink{}
		g.Add("src", src)
		g.Add("head", h)
		g.Add("empty", e)
		g.Add("snk", snk)
		flowgraph.Connect(g, &src.Out, &h.In)
		flowgraph.Connect(g, &h.Out, &e.In)
		flowgraph.Connect(g, &e.Out, &snk.In)
		if err := g.Run(context.Background()); err != nil {
			b.Fatal(err)
		}
		calls += g.Stats()[2].WorkCalls
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(calls), "ns/call")
}
