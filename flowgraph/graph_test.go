package flowgraph_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/flowgraph"
)

func mustAdd(t *testing.T, g *flowgraph.Graph, name string, b block.Block) {
	t.Helper()
	if err := g.Add(name, b); err != nil {
		t.Fatal(err)
	}
}

func mustConnect(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func run(t *testing.T, g *flowgraph.Graph) error {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	maps := countMappings(t)
	err := g.Run(ctx)
	if after := countMappings(t); after != maps {
		t.Errorf("%d buffer mappings alive after Run, %d before", after, maps)
	}
	return err
}

func TestLinearGraphDeliversEveryItemInOrder(t *testing.T) {
	const n = 2_000_000
	g := flowgraph.New(flowgraph.WithBufferBytes(4096)) // 512 items: thousands of wrap-arounds
	src, snk := &counter{limit: n}, &checker{}
	mustAdd(t, g, "src", src)
	prev := &src.Out
	for i := range 3 {
		c := newCopy()
		mustAdd(t, g, "copy"+string(rune('0'+i)), c)
		mustConnect(t, flowgraph.Connect(g, prev, &c.In))
		prev = &c.Out
	}
	mustAdd(t, g, "snk", snk)
	mustConnect(t, flowgraph.Connect(g, prev, &snk.In))
	if err := run(t, g); err != nil {
		t.Fatal(err)
	}
	if snk.next != n {
		t.Fatalf("sink saw %d items, want %d", snk.next, n)
	}
	st := g.Stats()
	if st[0].Produced[0] != n || st[len(st)-1].Consumed[0] != n || !st[0].Finished {
		t.Fatalf("stats %+v", st)
	}
}

// TestFanOutToReadersOfDifferentSpeeds also shows that the scheduler never
// adds a reader to a running writer: every sink checks that its first item
// is item 0 (Out.Attach refuses an output that has produced, with
// port.ErrAttachRunning, so a late attachment would fail the run).
func TestFanOutToReadersOfDifferentSpeeds(t *testing.T) {
	const n = 500_000
	g := flowgraph.New(flowgraph.WithBufferBytes(8192))
	src := &counter{limit: n}
	mustAdd(t, g, "src", src)
	sinks := []*checker{{}, {maxTake: 7}, {maxTake: 300, slow: true}}
	for i, c := range sinks {
		mustAdd(t, g, "snk"+string(rune('0'+i)), c)
		mustConnect(t, flowgraph.Connect(g, &src.Out, &c.In))
	}
	if err := run(t, g); err != nil {
		t.Fatal(err)
	}
	for i, c := range sinks {
		if c.next != n {
			t.Errorf("sink %d saw %d items, want %d", i, c.next, n)
		}
	}
}

// decimate keeps one item in d; tags move to the kept item's output offset.
type decimate struct {
	In  block.In[uint64]
	Out block.Out[uint64]
	d   int
}

func (b *decimate) Work(*block.IO) error {
	in, out := b.In.Slice(), b.Out.Slice()
	n := min(len(in)/b.d, len(out))
	if n == 0 {
		if b.In.Finished() {
			return block.ErrDone
		}
		return nil
	}
	for i := range n {
		out[i] = in[i*b.d] / uint64(b.d)
	}
	b.In.Consume(n * b.d)
	b.Out.Produce(n)
	return nil
}

func TestTagsArriveAtExactOffsetsThroughCopyAndDecimation(t *testing.T) {
	const n = 300_000
	g := flowgraph.New(flowgraph.WithBufferBytes(4096))
	src := &counter{limit: n, tagEvery: 1000}
	cp, dec, direct, snk := newCopy(), &decimate{d: 10}, &checker{}, &checker{}
	mustAdd(t, g, "src", src)
	mustAdd(t, g, "copy", cp)
	mustAdd(t, g, "dec", dec)
	mustAdd(t, g, "direct", direct)
	mustAdd(t, g, "snk", snk)
	mustConnect(t, flowgraph.Connect(g, &src.Out, &cp.In))
	mustConnect(t, flowgraph.Connect(g, &cp.Out, &direct.In))
	mustConnect(t, flowgraph.Connect(g, &cp.Out, &dec.In))
	mustConnect(t, flowgraph.Connect(g, &dec.Out, &snk.In))
	if err := run(t, g); err != nil {
		t.Fatal(err)
	}
	if len(direct.tags) != n/1000 || len(snk.tags) != n/1000 {
		t.Fatalf("%d tags after copy, %d after decimation; want %d each", len(direct.tags), len(snk.tags), n/1000)
	}
	for i := range direct.tags {
		d, s := direct.tags[i], snk.tags[i]
		if d.Offset != d.Value.(uint64) || s.Offset != s.Value.(uint64)/10 {
			t.Fatalf("tag %d: at %d after copy, %d after decimation; value %v", i, d.Offset, s.Offset, d.Value)
		}
	}
}

func TestHeadStopsAnInfiniteSource(t *testing.T) {
	g := flowgraph.New()
	src, h, snk := &counter{}, &head{limit: 100_000}, &checker{}
	mustAdd(t, g, "src", src)
	mustAdd(t, g, "head", h)
	mustAdd(t, g, "snk", snk)
	mustConnect(t, flowgraph.Connect(g, &src.Out, &h.In))
	mustConnect(t, flowgraph.Connect(g, &h.Out, &snk.In))
	if err := run(t, g); err != nil {
		t.Fatal(err)
	}
	if snk.next != 100_000 {
		t.Fatalf("sink saw %d items", snk.next)
	}
}

// idle never produces anything and never finishes by itself.
// idle is a source that waits for the outside world: it never produces,
// and asks to be called again in an hour (a source that waits with no
// deadline would be a stall: TestAStalledBlockIsAnError).
type idle struct{ Out block.Out[uint64] }

func (*idle) Work(io *block.IO) error {
	io.WakeAt(time.Now().Add(time.Hour))
	return nil
}

// decimateForgetful decimates by 4 but forgets to declare that it needs 4
// items per call (In.SetMinItems(4)): on a stream of 10 items it is left
// with 2 it can never use.
type decimateForgetful struct {
	In  block.In[uint64]
	Out block.Out[uint64]
}

func (b *decimateForgetful) Work(*block.IO) error {
	in, out := b.In.Slice(), b.Out.Slice()
	n := min(len(in)/4, len(out))
	if n == 0 {
		return b.In.Idle()
	}
	for i := range n {
		out[i] = in[4*i]
	}
	b.In.Consume(4 * n)
	b.Out.Produce(n)
	return nil
}

// settableForgetful is decimateForgetful with a setting, which gives it an
// automatic "set" message input: unconnected, it must not hide the stall.
type settableForgetful struct {
	decimateForgetful
	Gain block.Setting[float64]
}

func TestAStalledBlockIsAnError(t *testing.T) {
	for _, dec := range []interface {
		block.Block
		ports() (*block.In[uint64], *block.Out[uint64])
	}{&decimateForgetful{}, &settableForgetful{}} {
		g := flowgraph.New()
		src := &counter{limit: 10}
		snk := block.Sink(func([]uint64) error { return nil })
		mustAdd(t, g, "src", src)
		mustAdd(t, g, "dec", dec)
		mustAdd(t, g, "snk", snk)
		in, out := dec.ports()
		mustConnect(t, flowgraph.Connect(g, &src.Out, in))
		mustConnect(t, flowgraph.Connect(g, out, &snk.In))
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		start := time.Now()
		err := g.Run(ctx)
		cancel()
		var be *flowgraph.BlockError
		if !errors.Is(err, block.ErrStalled) || !errors.As(err, &be) || be.Block != "dec" ||
			!strings.Contains(err.Error(), "input in has 2 items left") {
			t.Fatalf("%T: Run = %v, want the stall of block dec with its 2 items", dec, err)
		}
		if took := time.Since(start); took > time.Second {
			t.Errorf("%T: the stall was reported after %v", dec, took)
		}
	}
}

func (b *decimateForgetful) ports() (*block.In[uint64], *block.Out[uint64]) { return &b.In, &b.Out }

func TestCancellationEndsAGraphThatNeverProduces(t *testing.T) {
	for _, src := range []block.Block{&counter{}, &idle{}} {
		g := flowgraph.New()
		snk := &checker{}
		mustAdd(t, g, "src", src)
		mustAdd(t, g, "snk", snk)
		var out any
		switch s := src.(type) {
		case *counter:
			out = &s.Out
		case *idle:
			out = &s.Out
		}
		mustConnect(t, flowgraph.Connect(g, out.(*block.Out[uint64]), &snk.In))
		ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
		err := g.Run(ctx)
		cancel()
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("%T: Run returned %v, want context.DeadlineExceeded", src, err)
		}
	}
}

func TestBlockErrorStopsTheGraph(t *testing.T) {
	g := flowgraph.New()
	src, snk := &counter{}, &checker{failAt: 5000}
	mustAdd(t, g, "src", src)
	mustAdd(t, g, "picky", snk)
	mustConnect(t, flowgraph.Connect(g, &src.Out, &snk.In))
	err := run(t, g)
	var be *flowgraph.BlockError
	if !errors.Is(err, errFail) || !errors.As(err, &be) || be.Block != "picky" {
		t.Fatalf("Run returned %v, want the error of block picky", err)
	}
}

type panicky struct {
	In block.In[uint64]
}

func (p *panicky) Work(*block.IO) error {
	if s := p.In.Slice(); len(s) > 0 && s[len(s)-1] > 10_000 {
		panic(fmt.Sprintf("corrupt item %d", s[len(s)-1]))
	}
	p.In.Consume(len(p.In.Slice()))
	return nil
}

func TestBlockPanicStopsTheGraphWithItsNameAndStack(t *testing.T) {
	g := flowgraph.New()
	src, bad := &counter{}, &panicky{}
	mustAdd(t, g, "src", src)
	mustAdd(t, g, "bad", bad)
	mustConnect(t, flowgraph.Connect(g, &src.Out, &bad.In))
	err := run(t, g)
	var be *flowgraph.BlockError
	if !errors.Is(err, flowgraph.ErrPanic) || !errors.As(err, &be) || be.Block != "bad" ||
		!strings.Contains(string(be.Stack), "panicky") || !strings.Contains(err.Error(), "corrupt item") {
		t.Fatalf("Run returned %v, want a panic of block bad with its stack", err)
	}
}

func TestRunTwiceIsAnError(t *testing.T) {
	g := flowgraph.New()
	src, snk := &counter{limit: 10}, &checker{}
	mustAdd(t, g, "src", src)
	mustAdd(t, g, "snk", snk)
	mustConnect(t, flowgraph.Connect(g, &src.Out, &snk.In))
	if err := run(t, g); err != nil {
		t.Fatal(err)
	}
	if err := g.Run(context.Background()); !errors.Is(err, flowgraph.ErrAlreadyRun) {
		t.Fatalf("second Run: %v, want ErrAlreadyRun", err)
	}
}

type floatSink struct{ In block.In[float32] }

func (*floatSink) Work(*block.IO) error { return block.ErrDone }

func TestValidateNamesEveryProblem(t *testing.T) {
	g := flowgraph.New()
	a, b, c := &counter{}, &head{}, &head{}
	lonely := &checker{}
	mustAdd(t, g, "a", a)
	mustAdd(t, g, "b", b)
	mustAdd(t, g, "c", c)
	mustAdd(t, g, "lonely", lonely)
	mustAdd(t, g, "f", &floatSink{})
	if err := g.Add("a", &counter{}); !errors.Is(err, flowgraph.ErrDuplicateName) {
		t.Errorf("duplicate name: %v", err)
	}
	mustConnect(t, flowgraph.Connect(g, &b.Out, &c.In))
	mustConnect(t, flowgraph.Connect(g, &c.Out, &b.In)) // cycle b -> c -> b
	if err := flowgraph.Connect(g, &a.Out, &b.In); !errors.Is(err, flowgraph.ErrAlreadyConnected) {
		t.Errorf("second source for b.in: %v", err)
	}
	if err := g.ConnectByName("a", "out", "f", "in", 0); !errors.Is(err, flowgraph.ErrTypeMismatch) ||
		!strings.Contains(err.Error(), "uint64") || !strings.Contains(err.Error(), "float32") {
		t.Errorf("type mismatch: %v", err)
	}
	if err := g.ConnectByName("a", "nope", "lonely", "in", 0); !errors.Is(err, flowgraph.ErrUnknownPort) {
		t.Errorf("unknown port: %v", err)
	}
	if err := g.ConnectByName("zz", "out", "lonely", "in", 0); !errors.Is(err, flowgraph.ErrUnknownBlock) {
		t.Errorf("unknown block: %v", err)
	}
	lonely.In.SetMinItems(10_000)
	mustConnect(t, g.ConnectByName("a", "0", "lonely", "0", 4096))
	err := g.Validate()
	for _, want := range []error{flowgraph.ErrCycle, flowgraph.ErrNotConnected, flowgraph.ErrBufferTooSmall} {
		if !errors.Is(err, want) {
			t.Errorf("Validate: %v; want it to match %v", err, want)
		}
	}
	for _, want := range []string{"input f.in", "b -> c -> b", "a.out has room for 512 items, its ports need 10000"} {
		if err == nil || !strings.Contains(strings.ReplaceAll(err.Error(), " ", " "), want) {
			t.Errorf("Validate: %v; want it to mention %q", err, want)
		}
	}
	if err := g.Run(context.Background()); err == nil {
		t.Error("Run of an invalid graph succeeded")
	}
}

func TestFootprintCountsPortsAndMinimumBufferBytes(t *testing.T) {
	g := flowgraph.New()
	if err := g.Add("copy", newCopy()); err != nil {
		t.Fatal(err)
	}
	ports, bytes, ok := g.Footprint("copy")
	// two uint64 ports needing one item each, eight needs per buffer
	if !ok || ports != 2 || bytes != 2*8*8 {
		t.Errorf("Footprint = %d ports, %d bytes, %v; want 2, 128, true", ports, bytes, ok)
	}
	if _, _, ok := g.Footprint("nope"); ok {
		t.Error("Footprint of an unknown block says ok")
	}
}

// TestAGraphInWhichEveryBlockWaitsIsAnError builds the classic fan-out /
// fan-in deadlock: src feeds an adder directly and through a block that
// needs 1000 items per output, over a buffer of 1024 items. The adder waits
// for the slow branch, src for the adder to read, the slow branch for src.
func TestAGraphInWhichEveryBlockWaitsIsAnError(t *testing.T) {
	g := flowgraph.New(flowgraph.WithBufferBytes(8192))
	src := &counter{}
	slow := block.MapN(1000, 1, func(in, out []uint64) {
		for i := range out {
			out[i] = in[1000*i]
		}
	})
	add := block.Combine(2, func(ins [][]uint64, out []uint64) {
		for i := range out {
			out[i] = ins[0][i] + ins[1][i]
		}
	})
	snk := block.Sink(func([]uint64) error { return nil })
	for name, b := range map[string]block.Block{"src": src, "slow": slow, "add": add, "snk": snk} {
		mustAdd(t, g, name, b)
	}
	mustConnect(t, flowgraph.Connect(g, &src.Out, &add.In[0], flowgraph.BufferBytes(8192)))
	mustConnect(t, flowgraph.Connect(g, &src.Out, &slow.In))
	mustConnect(t, flowgraph.Connect(g, &slow.Out, &add.In[1]))
	mustConnect(t, flowgraph.Connect(g, &add.Out, &snk.In))
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	start := time.Now()
	err := g.Run(ctx)
	if !errors.Is(err, block.ErrStalled) || !strings.Contains(err.Error(), `"slow" (input in has`) {
		t.Fatalf("Run = %v, want a stall naming every waiting block", err)
	}
	if took := time.Since(start); took > 2*time.Second {
		t.Errorf("the stall was reported after %v", took)
	}
}
