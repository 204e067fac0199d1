package flowgraph_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/flowgraph"
)

// ticker produces one item per period, asking to be woken for the next.
type ticker struct {
	Out    block.Out[uint64]
	period time.Duration
	count  uint64
	next   time.Time
	inits  int
	deinit int
}

func (k *ticker) Init(context.Context) error { k.inits++; k.next = time.Now(); return nil }
func (k *ticker) Deinit() error              { k.deinit++; return nil }

func (k *ticker) Work(io *block.IO) error {
	if k.count == 5 {
		return block.ErrDone
	}
	if now := time.Now(); now.Before(k.next) {
		io.WakeAt(k.next)
		return nil
	}
	out := k.Out.Slice()
	if len(out) == 0 {
		return nil
	}
	out[0] = k.count
	k.Out.Produce(1)
	k.count++
	k.next = k.next.Add(k.period)
	io.WakeAt(k.next)
	return nil
}

func TestWakeAtDeadlineAndInitDeinit(t *testing.T) {
	g := flowgraph.New()
	src, snk := &ticker{period: 20 * time.Millisecond}, &checker{}
	mustAdd(t, g, "tick", src)
	mustAdd(t, g, "snk", snk)
	mustConnect(t, flowgraph.Connect(g, &src.Out, &snk.In))
	start := time.Now()
	if err := run(t, g); err != nil {
		t.Fatal(err)
	}
	if el := time.Since(start); el < 80*time.Millisecond {
		t.Fatalf("5 ticks 20ms apart took %v", el)
	}
	if snk.next != 5 || src.inits != 1 || src.deinit != 1 {
		t.Fatalf("sink saw %d items; Init ran %d times, Deinit %d", snk.next, src.inits, src.deinit)
	}
}

type failingInit struct{ ticker }

func (f *failingInit) Init(context.Context) error { return errors.New("no device") }

func TestInitErrorStopsBeforeTheGraphStarts(t *testing.T) {
	g := flowgraph.New()
	src, snk := &failingInit{}, &checker{}
	mustAdd(t, g, "radio", src)
	mustAdd(t, g, "snk", snk)
	mustConnect(t, flowgraph.Connect(g, &src.Out, &snk.In))
	err := run(t, g)
	var be *flowgraph.BlockError
	if !errors.As(err, &be) || be.Block != "radio" || snk.calls != 0 {
		t.Fatalf("Run: %v (sink called %d times)", err, snk.calls)
	}
}

func TestPerEdgeBufferSize(t *testing.T) {
	g := flowgraph.New()
	src, snk := &counter{limit: 100_000}, &checker{}
	snk.In.SetMinItems(3000)
	mustAdd(t, g, "src", src)
	mustAdd(t, g, "snk", snk)
	mustConnect(t, flowgraph.Connect(g, &src.Out, &snk.In, flowgraph.BufferBytes(8192)))
	if err := g.Validate(); !errors.Is(err, flowgraph.ErrBufferTooSmall) {
		t.Fatalf("Validate: %v, want ErrBufferTooSmall (1024 items < 3000)", err)
	}
}
