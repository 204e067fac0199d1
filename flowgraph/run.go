package flowgraph

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"time"

	"github.com/flowrun/flowrun/block"
)

// BlockError is the error of one block: what its Work, Init or Deinit
// returned, or a panic recovered from it (with the stack).
type BlockError struct {
	Block string
	Err   error
	Stack []byte // set for a panic
}

func (e *BlockError) Error() string {
	if e.Stack != nil {
		return fmt.Sprintf("flowgraph: block %q: %v\n%s", e.Block, e.Err, e.Stack)
	}
	return fmt.Sprintf("flowgraph: block %q: %v", e.Block, e.Err)
}

// Unwrap returns the block's error.
func (e *BlockError) Unwrap() error { return e.Err }

// ErrPanic is wrapped by the BlockError of a block that panicked.
var ErrPanic = errors.New("panic")

// wake is a block's coalescing wake-up: every buffer notifier of the block
// sends on it without blocking.
type wake chan struct{}

func (wake) Arm() {}

func (w wake) Notify() {
	select {
	case w <- struct{}{}:
	default:
	}
}

// yieldBlocksPerProc is the number of blocks per processor (GOMAXPROCS) up
// to which blocks yield before parking (see Run).
const yieldBlocksPerProc = 4

// counters are a block's statistics, written by its goroutine and read by Stats.
type counters struct {
	workCalls atomic.Uint64
	workNanos atomic.Int64
	waitNanos atomic.Int64
	finished  atomic.Bool
}

// Run opens every buffer, calls Init on the blocks that have it, runs each
// block in its own goroutine and returns when all have finished (nil), ctx
// is done (ctx.Err()), or a block failed (a *BlockError, the first one).
// Before it returns, every goroutine has exited, Deinit has been called on
// the blocks that have it, and every buffer is unmapped. Run can be called
// once per graph.
func (g *Graph) Run(ctx context.Context) error {
	if g.ran {
		return ErrAlreadyRun
	}
	g.ran = true
	if err := g.Validate(); err != nil {
		return err
	}
	defer g.closeAll()
	if err := g.open(); err != nil {
		return err
	}
	g.opened.Store(true)
	defer g.controlRun()() // Set and Get go through the block goroutines
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	g.startMsg(ctx.Done())

	var (
		wg       sync.WaitGroup
		once     sync.Once
		firstErr error
	)
	fail := func(err error) {
		once.Do(func() { firstErr = err; cancel(err) })
	}
	var initErrs []error
	var initialized []*node
	for _, n := range g.nodes {
		if in, ok := n.b.(block.Initializer); ok {
			if err := safeCall(func() error { return in.Init(ctx) }); err != nil {
				initErrs = append(initErrs, &BlockError{Block: n.name, Err: fmt.Errorf("init: %w", err)})
				continue
			}
		}
		initialized = append(initialized, n)
	}
	if len(initErrs) > 0 {
		// Release what the others opened: Deinit runs for every block whose Init succeeded.
		for _, n := range initialized {
			if de, ok := n.b.(block.Deinitializer); ok {
				if err := safeCall(de.Deinit); err != nil {
					initErrs = append(initErrs, &BlockError{Block: n.name, Err: fmt.Errorf("deinit: %w", err)})
				}
			}
		}
		return errors.Join(initErrs...)
	}
	// A parked block waits on its wake channel alone (a plain receive is
	// cheaper than a select over it and ctx.Done()): cancellation wakes
	// every block, which then sees ctx.Err() at the top of its loop.
	// The waker is joined before Run returns, like every goroutine it starts.
	ran := make(chan struct{})
	var waker sync.WaitGroup
	waker.Go(func() {
		select {
		case <-ctx.Done():
			for _, n := range g.nodes {
				n.wake.Notify()
			}
		case <-ran:
		}
	})
	defer func() { close(ran); waker.Wait() }()
	// Blocks yield once before parking only in small graphs. With few
	// goroutines per processor the yield lets a neighbour publish first
	// (copy chain K=1: 1.4 → 2.2 Gsamples/s); with many, other goroutines run
	// anyway, and the yield's trip through the scheduler's global run queue,
	// under its lock, only costs (copy_k50: 0.38 → 0.27 s without it, copy_k10
	// and copy_k200 10–20 % faster).
	yield := len(g.nodes) <= yieldBlocksPerProc*runtime.GOMAXPROCS(0)
	for _, n := range g.nodes {
		wg.Go(func() {
			if err := g.runNode(ctx, n, yield); err != nil {
				fail(err)
			}
		})
	}
	wg.Wait()
	if firstErr != nil {
		return firstErr
	}
	return context.Cause(ctx) // nil unless the caller's ctx was done
}

// safeCall runs f, turning a panic into an error.
func safeCall(f func() error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%w: %v", ErrPanic, r)
		}
	}()
	return f()
}

// open maps every buffer, sized in items to the larger of the configured
// bytes and bufferNeeds times the largest need of its ports (minimum
// items, history, multiple); an explicit buffer size is taken as given
// (edgeItems). Validate has checked the sizes.
func (g *Graph) open() error {
	for _, e := range g.edges {
		items, _ := g.edgeItems(e)
		out := e.src.ports.Out[e.out]
		if err := out.Open(items); err != nil {
			return &BlockError{Block: e.src.name, Err: fmt.Errorf("buffer of output %s: %w", e.src.ports.OutName[e.out], err)}
		}
		for k, d := range e.dsts {
			if err := out.Attach(d.ports.In[e.ins[k]], d.wake, e.src.wake); err != nil {
				return &BlockError{Block: d.name, Err: fmt.Errorf("input %s: %w", d.ports.InName[e.ins[k]], err)}
			}
		}
	}
	return g.openMsg()
}

// closeAll closes every port; the buffers are unmapped when both ends are closed.
func (g *Graph) closeAll() {
	for _, n := range g.nodes {
		closePorts(n)
	}
}

func closePorts(n *node) {
	closeMsgPorts(n)
	for _, p := range n.ports.Out {
		if p.Opened() {
			p.Close()
		}
	}
	for _, p := range n.ports.In {
		if p.Connected() {
			p.Close()
		}
	}
}

// progress sums the items moved by n's ports: it changes iff Work moved any.
func progress(n *node) (c uint64) {
	for _, p := range n.ports.In {
		c += p.Counted()
	}
	for _, p := range n.ports.Out {
		c += p.Counted()
	}
	return c + msgProgress(n)
}

// abandoned reports whether n has outputs and every one lost all its readers.
func abandoned(n *node) bool {
	for _, p := range n.ports.Out {
		if !p.Abandoned() {
			return false
		}
	}
	return msgAbandoned(n, len(n.ports.Out) > 0)
}

func starved(n *node) bool {
	for _, p := range n.ports.In {
		if p.Connected() && p.Starved() {
			return true
		}
	}
	return false
}

func arm(n *node) {
	for _, p := range n.ports.In {
		if p.Connected() {
			p.Arm()
		}
	}
	for _, p := range n.ports.Out {
		p.Arm()
	}
}

// runNode is the life of one block's goroutine.
func (g *Graph) runNode(ctx context.Context, n *node, yield bool) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = &BlockError{Block: n.name, Err: fmt.Errorf("%w: %v", ErrPanic, r), Stack: debug.Stack()}
		}
		// Finished, failed or cancelled: end the streams this block feeds and
		// release the ones it reads, waking the neighbours.
		closePorts(n)
		n.stats.finished.Store(true)
		if de, ok := n.b.(block.Deinitializer); ok {
			if derr := safeCall(de.Deinit); derr != nil && err == nil {
				err = &BlockError{Block: n.name, Err: fmt.Errorf("deinit: %w", derr)}
			}
		}
		n.ctl.finish() // Set and Get apply directly from now on
	}()
	io := block.NewIO(ctx)
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	armed := false
	t0 := time.Now() // start of the next Work call: one clock read per call
	for ctx.Err() == nil {
		if abandoned(n) {
			return nil
		}
		n.ctl.serve() // parameter changes, between Work calls
		before := progress(n)
		werr := handleMessages(n) // between Work calls, on this goroutine
		if werr == nil {
			werr = n.b.Work(io)
		}
		t1 := time.Now()
		n.stats.workNanos.Add(int64(t1.Sub(t0)))
		n.stats.workCalls.Add(1)
		t0 = t1
		if werr != nil {
			if errors.Is(werr, block.ErrDone) {
				return nil
			}
			return &BlockError{Block: n.name, Err: werr}
		}
		deadline := io.TakeWakeAt()
		if progress(n) != before {
			armed = false
			continue
		}
		if starved(n) || msgFinished(n) {
			return nil
		}
		if !armed {
			// Arm, then let Work check once more: a change after this point
			// is notified, one before it is seen by that Work call.
			arm(n)
			armed = true
			continue
		}
		armed = false
		if yield {
			// Yield once before parking: a neighbour that is about to produce
			// or consume often runs now, and its wake-up is then already waiting.
			runtime.Gosched()
		}
		if deadline.IsZero() {
			<-n.wake // also sent when ctx is done (see Run)
		} else {
			timer.Reset(time.Until(deadline))
			select {
			case <-n.wake:
			case <-timer.C:
			}
			timer.Stop()
		}
		t0 = time.Now()
		n.stats.waitNanos.Add(int64(t0.Sub(t1)))
	}
	return nil
}
