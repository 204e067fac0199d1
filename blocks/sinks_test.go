package blocks

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/flowgraph"
	"github.com/flowrun/flowrun/internal/port"
)

// sinksFeeder drives a sink's input by hand, one chunk per Work call.
type sinksFeeder[T any] struct {
	out port.Out[T]
	io  *block.IO
}

func sinksFeed[T any](t *testing.T, in *block.In[T]) *sinksFeeder[T] {
	t.Helper()
	f := &sinksFeeder[T]{io: newIO(context.Background())}
	if err := f.out.Open(1 << 16); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(f.out.Close)
	pin := port.InOf[T](in)
	if err := f.out.Attach(pin, nil, nil); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pin.Close)
	return f
}

// put produces items then calls Work once.
func (f *sinksFeeder[T]) put(b block.Block, items ...T) error {
	copy(f.out.Slice(), items)
	f.out.Produce(len(items))
	return b.Work(f.io)
}

func TestCountSinkAndProbeAreReadableWhileTheGraphRuns(t *testing.T) {
	vals := make([]float32, 2_000_000)
	for i := range vals {
		vals[i] = float32(i%1000) / 1000
	}
	src, err := NewVectorSource(vals, false) // finite: the probe finishes too
	if err != nil {
		t.Fatal(err)
	}
	cnt := NewCountSink[float32](2_000_000)
	p := NewProbe[float32](time.Millisecond)
	g := flowgraph.New()
	if err := errors.Join(g.Add("src", src), g.Add("cnt", cnt), g.Add("probe", p),
		flowgraph.Connect(g, &src.Out, &cnt.In), flowgraph.Connect(g, &src.Out, &p.In)); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	done := make(chan struct{})
	var monotonic = true
	wg.Go(func() {
		last := uint64(0)
		for {
			select {
			case <-done:
				return
			default:
			}
			c := cnt.Count()
			if c < last {
				monotonic = false
			}
			last = c
			_, _ = p.Value()
			_ = p.Rate()
		}
	})
	err = g.Run(context.Background())
	close(done)
	wg.Wait()
	if err != nil {
		t.Fatal(err)
	}
	if !monotonic {
		t.Error("count went backwards")
	}
	if cnt.Count() != 2_000_000 {
		t.Fatalf("count %d, want 2000000", cnt.Count())
	}
	if v, ok := p.Value(); !ok || v != vals[len(vals)-1] {
		t.Fatalf("probe value %v %v, want the last item %v", v, ok, vals[len(vals)-1])
	}
}

// benchSink feeds snk, whose input is in, a full buffer per Work call and
// reports ns per sample; after, if not nil, runs after each call (to keep a
// sink's state bounded).
func benchSink[T any](b *testing.B, snk block.Block, in *block.In[T], after func()) {
	var src port.Out[T]
	if err := src.Open(8192); err != nil {
		b.Fatal(err)
	}
	defer src.Close()
	pin := port.InOf[T](in)
	if err := src.Attach(pin, nil, nil); err != nil {
		b.Fatal(err)
	}
	defer pin.Close()
	if i, ok := snk.(block.Initializer); ok {
		if err := i.Init(context.Background()); err != nil {
			b.Fatal(err)
		}
	}
	if d, ok := snk.(block.Deinitializer); ok {
		defer d.Deinit()
	}
	io := newIO(context.Background())
	items := 0
	b.ReportAllocs()
	for b.Loop() {
		n := len(src.Slice())
		src.Produce(n)
		items += n
		if err := snk.Work(io); err != nil {
			b.Fatal(err)
		}
		if after != nil {
			after()
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(items), "ns/sample")
}
