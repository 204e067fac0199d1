package flowgraph_test

import (
	"context"
	"errors"
	"strings"
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

// stubborn ignores cancellation: its Work (or Init, if inInit) blocks until
// release is closed; deinit is closed when its Deinit runs.
type stubborn struct {
	Out     block.Out[uint64]
	inInit  bool
	release chan struct{}
	deinit  chan struct{}
}

func newStubborn(inInit bool) *stubborn {
	return &stubborn{inInit: inInit, release: make(chan struct{}), deinit: make(chan struct{})}
}

func (s *stubborn) Init(context.Context) error {
	if s.inInit {
		<-s.release
	}
	return nil
}

func (s *stubborn) Work(*block.IO) error { <-s.release; return nil }
func (s *stubborn) Deinit() error        { close(s.deinit); return nil }

// runBriefly runs g until ctx is done and fails the test if Run has not
// returned within limit.
func runBriefly(t *testing.T, g *flowgraph.Graph, ctx context.Context, limit time.Duration) (time.Duration, error) {
	t.Helper()
	start := time.Now()
	done := make(chan error, 1)
	go func() { done <- g.Run(ctx) }()
	select {
	case err := <-done:
		return time.Since(start), err
	case <-time.After(limit):
		t.Fatalf("Run has not returned %v after it started", limit)
		return 0, nil
	}
}

func checkStuck(t *testing.T, err error, name, in string, grace time.Duration) {
	t.Helper()
	var be *flowgraph.BlockError
	var se *flowgraph.StuckError
	if !errors.Is(err, flowgraph.ErrStuck) || !errors.As(err, &be) || !errors.As(err, &se) {
		t.Fatalf("Run: %v, want a *BlockError wrapping a *StuckError", err)
	}
	if be.Block != name || se.In != in || se.Grace != grace || se.For < grace {
		t.Fatalf("Run: %v (block %q, in %q for %v), want block %q in %s for at least %v", err, be.Block, se.In, se.For, name, in, grace)
	}
	if msg := err.Error(); !strings.Contains(msg, `"`+name+`"`) || !strings.Contains(msg, "in "+in+" for") {
		t.Errorf("message %q does not name the block and where it was", msg)
	}
}

func TestRunAbandonsWorkThatIgnoresCancellation(t *testing.T) {
	const grace = 50 * time.Millisecond
	g := flowgraph.New(flowgraph.WithGrace(grace))
	src, snk := newStubborn(false), &checker{}
	mustAdd(t, g, "stuck", src)
	mustAdd(t, g, "snk", snk)
	mustConnect(t, flowgraph.Connect(g, &src.Out, &snk.In))
	maps := countMappings(t)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	took, err := runBriefly(t, g, ctx, 3*time.Second)
	checkStuck(t, err, "stuck", "Work", grace)
	if errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Run: %v: a stuck block is a failure, not a clean stop", err)
	}
	if took > time.Second {
		t.Errorf("Run took %v with a grace of %v", took, grace)
	}
	// The abandoned goroutine may still write: its buffer stays mapped.
	if now := countMappings(t); now <= maps {
		t.Errorf("%d buffer mappings after Run, %d before: the stuck block's buffer must stay mapped", now, maps)
	}
	if err := g.Set("stuck", "x", 1); err == nil {
		t.Error("Set on an abandoned block succeeded")
	}
	// Released at last, it cleans up after itself: Deinit, buffer unmapped.
	close(src.release)
	select {
	case <-src.deinit:
	case <-time.After(3 * time.Second):
		t.Fatal("the released block did not call Deinit")
	}
	for deadline := time.Now().Add(3 * time.Second); countMappings(t) != maps && time.Now().Before(deadline); {
		time.Sleep(time.Millisecond)
	}
	if now := countMappings(t); now != maps {
		t.Errorf("%d buffer mappings after the block returned, %d before Run", now, maps)
	}
}

func TestRunAbandonsInitThatIgnoresCancellation(t *testing.T) {
	const grace = 50 * time.Millisecond
	g := flowgraph.New(flowgraph.WithGrace(grace))
	first, src, snk, snk2 := &ticker{}, newStubborn(true), &checker{}, &checker{}
	mustAdd(t, g, "first", first)
	mustAdd(t, g, "fifo", src)
	mustAdd(t, g, "snk", snk)
	mustAdd(t, g, "snk2", snk2)
	mustConnect(t, flowgraph.Connect(g, &src.Out, &snk.In))
	mustConnect(t, flowgraph.Connect(g, &first.Out, &snk2.In))
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	took, err := runBriefly(t, g, ctx, 3*time.Second)
	checkStuck(t, err, "fifo", "Init", grace)
	if took > time.Second {
		t.Errorf("Run took %v with a grace of %v", took, grace)
	}
	if first.inits != 1 || first.deinit != 1 {
		t.Errorf("the block initialized before: Init %d, Deinit %d times, want 1 and 1", first.inits, first.deinit)
	}
	// A late Init that succeeds is followed by Deinit.
	close(src.release)
	select {
	case <-src.deinit:
	case <-time.After(3 * time.Second):
		t.Fatal("the late Init was not followed by Deinit")
	}
}

// ctxInit waits in Init for its context, as a block opening a device should.
type ctxInit struct{ ticker }

func (c *ctxInit) Init(ctx context.Context) error { <-ctx.Done(); return ctx.Err() }

func TestRunStopsAnInitThatWatchesItsContextAtOnce(t *testing.T) {
	g := flowgraph.New() // the default grace: 5 s
	src, snk := &ctxInit{}, &checker{}
	mustAdd(t, g, "dev", src)
	mustAdd(t, g, "snk", snk)
	mustConnect(t, flowgraph.Connect(g, &src.Out, &snk.In))
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	took, err := runBriefly(t, g, ctx, 3*time.Second)
	if !errors.Is(err, context.DeadlineExceeded) || errors.Is(err, flowgraph.ErrStuck) || took > time.Second {
		t.Fatalf("Run: %v after %v, want the Init's deadline error at once", err, took)
	}
}

func TestGraphIsFixedOnceRunStarted(t *testing.T) {
	g := flowgraph.New()
	src, snk := &counter{}, &checker{}
	mustAdd(t, g, "src", src)
	mustAdd(t, g, "snk", snk)
	mustConnect(t, flowgraph.Connect(g, &src.Out, &snk.In))
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- g.Run(ctx) }()
	waitWork(t, g, 1)
	late, lateSnk := &counter{}, &checker{}
	if err := g.Add("late", late); !errors.Is(err, flowgraph.ErrAlreadyRun) {
		t.Errorf("Add after Run: %v, want ErrAlreadyRun", err)
	}
	if err := flowgraph.Connect(g, &late.Out, &lateSnk.In); !errors.Is(err, flowgraph.ErrAlreadyRun) {
		t.Errorf("Connect after Run: %v, want ErrAlreadyRun", err)
	}
	if err := g.ConnectByName("src", "out", "snk", "in", 0); !errors.Is(err, flowgraph.ErrAlreadyRun) {
		t.Errorf("ConnectByName after Run: %v, want ErrAlreadyRun", err)
	}
	if err := flowgraph.ConnectMessage(g, &block.MsgOut{}, &block.MsgIn{}); !errors.Is(err, flowgraph.ErrAlreadyRun) {
		t.Errorf("ConnectMessage after Run: %v, want ErrAlreadyRun", err)
	}
	if len(g.Stats()) != 2 {
		t.Errorf("%d blocks after a refused Add", len(g.Stats()))
	}
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Fatal(err)
	}
}

func TestRunStartsNoInitOnceStopped(t *testing.T) {
	g := flowgraph.New(flowgraph.WithGrace(time.Minute))
	dev, snk := &ctxInit{}, &checker{}
	fifo, snk2 := newStubborn(true), &checker{} // would block Run for the whole grace period
	mustAdd(t, g, "dev", dev)
	mustAdd(t, g, "fifo", fifo)
	mustAdd(t, g, "snk", snk)
	mustAdd(t, g, "snk2", snk2)
	mustConnect(t, flowgraph.Connect(g, &dev.Out, &snk.In))
	mustConnect(t, flowgraph.Connect(g, &fifo.Out, &snk2.In))
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	took, err := runBriefly(t, g, ctx, 3*time.Second)
	close(fifo.release)
	if !errors.Is(err, context.DeadlineExceeded) || took > time.Second {
		t.Fatalf("Run: %v after %v, want the deadline at once", err, took)
	}
}
