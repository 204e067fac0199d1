package flowgraph

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/buffer"
	"github.com/flowrun/flowrun/internal/port"
	"github.com/flowrun/flowrun/internal/ticks"
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
	workTicks atomic.Int64 // in Work, in the node's clock's ticks
	waitTicks atomic.Int64 // parked
	finished  atomic.Bool
	failed    atomic.Bool // Work, Deinit or a panic ended the block with an error
}

// DefaultGrace is how long Run waits, once its context is done, for a
// block to return from Init, Work, a message handler or Deinit before it
// gives up on the block (see WithGrace).
const DefaultGrace = 5 * time.Second

// ErrStuck is wrapped by the error of a block that did not return within the
// grace period after cancellation (see StuckError).
var ErrStuck = errors.New("did not return after cancellation")

// StuckError says what a block abandoned by Run was doing. It is the Err of
// a *BlockError and matches ErrStuck with errors.Is.
type StuckError struct {
	In    string        // "Init", "Work", "a message handler", "a parameter change", "Deinit"
	For   time.Duration // how long it had been there when Run gave up
	Grace time.Duration // the grace period that passed after cancellation
}

func (e *StuckError) Error() string {
	return fmt.Sprintf("in %s for %v: %v within %v (its goroutine is left running)",
		e.In, e.For.Round(time.Millisecond), ErrStuck, e.Grace)
}

// Unwrap returns ErrStuck.
func (e *StuckError) Unwrap() error { return ErrStuck }

// WithGrace sets how long Run waits, once its context is done (cancelled,
// timed out, or a block failed), for every block to return before it
// abandons those that have not (DefaultGrace unless set). d <= 0 waits
// without limit, however long a block ignores its context.
func WithGrace(d time.Duration) Option { return func(g *Graph) { g.grace = d } }

// SetGrace is WithGrace for a graph already made (by Load, say); call it
// before Run.
func (g *Graph) SetGrace(d time.Duration) { g.grace = d }

// Run opens every buffer, calls Init on the blocks that have it, runs each
// block in its own goroutine and returns when all have finished (nil), ctx
// is done (ctx.Err()), or a block failed (a *BlockError, the first one).
// Before it returns, every goroutine has exited, Deinit has been called on
// the blocks that have it, and every buffer is unmapped, except for blocks
// abandoned as below. Run can be called once per graph; Add and Connect
// fail from then on.
//
// A block that ignores its context is abandoned: once ctx is done (or a
// block failed), Run waits the grace period (WithGrace) for every block to
// return from Init, Work, a message handler or Deinit, then returns a
// *BlockError for each one that has not, wrapping a *StuckError (errors.Is
// ErrStuck) that says where it was and for how long. Go cannot stop a
// goroutine, so the abandoned block's goroutine is left running (leaked):
// its ports are not closed and their buffers stay mapped, and Set and Get
// on it fail, until it returns, if it ever does; then it closes its ports
// (unmapping what no other block holds) and calls its Deinit, as usual
// (after a late Init that succeeded, too). Inits run one at a time in the
// order blocks were added, each on its own goroutine so that cancellation
// can abandon it; an Init that blocks should still watch its ctx.
func (g *Graph) Run(ctx context.Context) error {
	if g.ran.Swap(true) {
		return ErrAlreadyRun
	}
	if err := g.Validate(); err != nil {
		return err
	}
	g.markExternal()
	var stuck []*node // abandoned: their ports stay open and their control queued
	defer func() { g.closeAll(stuck) }()
	if err := g.open(); err != nil {
		return err
	}
	g.opened.Store(true)
	g.controlRun() // Set and Get go through the block goroutines until Run returns
	defer func() { g.controlEnd(stuck) }()
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	g.startMsg(ctx.Done())

	var (
		mu       sync.Mutex
		firstErr error
		returned bool // Run read firstErr: an abandoned block's late error is dropped
	)
	fail := func(err error) {
		mu.Lock()
		defer mu.Unlock()
		if firstErr == nil && !returned {
			firstErr = err
			cancel(err)
		}
	}
	if errs, abandoned := g.initAll(ctx); errs != nil {
		stuck = abandoned
		return errors.Join(errs...)
	}
	// A parked block waits on its wake channel alone (a plain receive is
	// cheaper than a select over it and ctx.Done()): cancellation wakes
	// every block, which then sees ctx.Err() at the top of its loop.
	// The waker is joined before Run returns, like every goroutine it starts.
	// The same goroutine is the watchdog: a graph in which every block waits
	// with nothing that could wake it is stopped with an error (watch).
	ran := make(chan struct{})
	var waker sync.WaitGroup
	waker.Go(func() {
		tick := time.NewTicker(stallCheck)
		defer tick.Stop()
		var w watch
		for {
			select {
			case <-ctx.Done():
				for _, n := range g.nodes {
					n.wake.Notify()
				}
				return
			case <-ran:
				return
			case <-tick.C:
				if err := w.check(g.nodes); err != nil && w.confirm(g.nodes) {
					fail(err)
				}
			}
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
	done := make([]chan struct{}, len(g.nodes))
	for i, n := range g.nodes {
		done[i] = make(chan struct{})
		go func() {
			defer close(done[i])
			if err := g.runNode(ctx, n, yield); err != nil {
				fail(err)
			}
		}()
	}
	stuck = g.await(ctx, done)
	mu.Lock()
	returned = true
	err := firstErr
	mu.Unlock()
	if len(stuck) > 0 {
		errs := []error{err}
		for _, n := range stuck {
			errs = append(errs, n.act.stuckError(n.name, g.grace))
		}
		return errors.Join(errs...)
	}
	if err != nil {
		return err
	}
	return context.Cause(ctx) // nil unless the caller's ctx was done
}

// await waits until every done channel is closed or, once ctx is done, the
// grace period has passed; it returns the nodes whose channel is still open.
func (g *Graph) await(ctx context.Context, done []chan struct{}) []*node {
	var grace <-chan time.Time
	var stuck []*node
	for i, d := range done {
		select {
		case <-d:
			continue
		case <-ctx.Done():
		}
		if grace == nil {
			if g.grace <= 0 {
				<-d
				continue
			}
			t := time.NewTimer(g.grace)
			defer t.Stop()
			grace = t.C
		}
		select {
		case <-d:
		case <-grace:
			grace = closedTime
			stuck = append(stuck, g.nodes[i])
		}
	}
	return stuck
}

// closedTime is a closed channel: the grace period is over.
var closedTime = func() <-chan time.Time { c := make(chan time.Time); close(c); return c }()

// initAll calls Init on the blocks that have it, in order, each on a
// goroutine of its own that ctx can abandon. On failure it calls Deinit on
// the blocks whose Init succeeded and returns the errors and the blocks it
// abandoned (their ports must stay open).
func (g *Graph) initAll(ctx context.Context) (errs []error, stuck []*node) {
	var initialized []*node
	for _, n := range g.nodes {
		if ctx.Err() != nil {
			// Stopped while opening: start no other Init, which might block too.
			errs = append(errs, context.Cause(ctx))
			break
		}
		in, ok := n.b.(block.Initializer)
		if !ok {
			initialized = append(initialized, n)
			continue
		}
		late, err := g.call(ctx.Done(), n, phaseInit, func() error { return in.Init(ctx) })
		if late {
			errs = append(errs, n.act.stuckError(n.name, g.grace))
			stuck = append(stuck, n)
			break // the rest wait for the next run: ctx is done
		}
		if err != nil {
			n.stats.failed.Store(true)
			errs = append(errs, &BlockError{Block: n.name, Err: fmt.Errorf("init: %w", err)})
			continue
		}
		initialized = append(initialized, n)
	}
	if errs == nil {
		return nil, nil
	}
	// Release what the others opened: Deinit runs for every block whose Init
	// succeeded, each given the grace period (Run is failing already).
	for _, n := range initialized {
		if de, ok := n.b.(block.Deinitializer); ok {
			late, err := g.call(closedStop, n, phaseDeinit, de.Deinit)
			switch {
			case late:
				errs = append(errs, n.act.stuckError(n.name, g.grace))
				stuck = append(stuck, n)
			case err != nil:
				errs = append(errs, &BlockError{Block: n.name, Err: fmt.Errorf("deinit: %w", err)})
			}
		}
	}
	return errs, stuck
}

// closedStop is a closed channel: stop at once.
var closedStop = func() <-chan struct{} { c := make(chan struct{}); close(c); return c }()

// call runs f (n's Init or Deinit) on a goroutine of its own and waits for
// it, or, once stop is closed, for the grace period. late reports that f
// had not returned by then: the goroutine is left running and, when f
// returns at last, closes n's ports, calling Deinit after an Init that
// succeeded.
func (g *Graph) call(stop <-chan struct{}, n *node, ph phase, f func() error) (late bool, err error) {
	var (
		mu        sync.Mutex
		returned  bool
		abandoned bool
	)
	res := make(chan error, 1)
	n.act.enter(ph, n.act.now())
	go func() {
		err := safeCall(f)
		mu.Lock()
		returned = true
		gone := abandoned
		mu.Unlock()
		if !gone {
			res <- err
			return
		}
		// Run has returned without this block: clean up after it.
		if de, ok := n.b.(block.Deinitializer); ok && ph == phaseInit && err == nil {
			_ = safeCall(de.Deinit)
		}
		closePorts(n)
		n.stats.finished.Store(true)
		n.ctl.finish()
	}()
	select {
	case err := <-res:
		return false, err
	case <-stop:
	}
	if g.grace > 0 {
		t := time.NewTimer(g.grace)
		defer t.Stop()
		select {
		case err := <-res:
			return false, err
		case <-t.C:
		}
	} else {
		return false, <-res
	}
	mu.Lock()
	defer mu.Unlock()
	if returned {
		return false, <-res
	}
	abandoned = true
	return true, nil
}

// phase is what a block's goroutine is doing, for the report of a stuck
// block and for the watchdog.
type phase int64

const (
	phaseIdle phase = iota // between calls
	phaseInit
	phaseWork
	phaseHandler
	phaseControl
	phaseDeinit
	phaseParked // waiting with no deadline (the watchdog's view)
	phaseTimed  // waiting for a neighbour or a deadline (WakeAt)
)

var phaseNames = [...]string{"the scheduler", "Init", "Work", "a message handler", "a parameter change", "Deinit", "the scheduler", "the scheduler"}

// activity is the phase a block's goroutine is in and since when; written
// by that goroutine, read by the watchdog and by Run when it gives up on
// the block. Both go in one word, so that a Work call costs one atomic
// store (an XCHG on amd64, a full barrier: they add up at millions of
// calls a second).
type activity struct {
	state atomic.Int64 // (since, in clock ticks) << 3 | phase
	clock ticks.Clock  // started at the node's creation
}

// now reads the node's clock, in ticks since its creation (at least 1).
// It runs once per Work call: time.Now was 17 % of a copy chain's CPU on
// a VM, time.Since (the monotonic clock alone) 10 %; the ticks clock reads
// the processor's counter where it can, a third of that cost.
func (a *activity) now() int64 { return a.clock.Now() }

// enter records that the goroutine entered phase p at t, a reading of now
// (0: keep the time of the last phase).
func (a *activity) enter(p phase, t int64) {
	if t == 0 {
		a.state.Store(a.state.Load()&^7 | int64(p))
		return
	}
	a.state.Store(t<<3 | int64(p))
}

// phase returns the current phase.
func (a *activity) phase() phase { return phase(a.state.Load() & 7) }

// stuckError reports a block Run gives up on.
func (a *activity) stuckError(name string, grace time.Duration) error {
	st := a.state.Load()
	return &BlockError{Block: name, Err: &StuckError{In: phaseNames[st&7], Grace: grace,
		For: a.clock.Duration(a.now() - st>>3)}}
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
// (edgeItems). Each writer gets its limit on items in flight (planEdges).
// Validate has checked the sizes.
func (g *Graph) open() error {
	for _, n := range g.nodes {
		n.ports.Hold() // Work's Consume and Produce take effect at Commit
	}
	plans, _, _ := g.planEdges()
	for i, e := range g.edges {
		e.plan = plans[i]
		out := e.src.ports.Out[e.out]
		if err := out.Open(e.plan.items, buffer.WithMaxFill(e.plan.limit)); err != nil {
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

// closeAll closes every port but those of the abandoned blocks, whose
// goroutines may still use them; a buffer is unmapped when both ends are closed.
func (g *Graph) closeAll(abandoned []*node) {
	for _, n := range g.nodes {
		if !slices.Contains(abandoned, n) {
			closePorts(n)
		}
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

// arm arms the wake-ups that can let n progress after a Work call that
// moved nothing.
//
// A block with one stream input and one output at most (a chain's stage,
// a source, a sink) is short on its input when it has fewer items than it
// needs, and on its output when it has less room than it needs. Short on
// one, it cannot progress until that one changes, so only that one is
// armed: in a chain of copies four Work calls in five moved nothing, each
// copy woken by its reader freeing room while it still waited for items;
// this halved the parks (copy_k10 15 % and fir_k4 14 % faster). The port is
// checked again once armed: one that changed in between is not waited
// for (its change may have come before the arm, unnotified). Blocks with
// more ports may progress on one while another is short (a selector reads
// only its selected input), and blocks short on none wait for something
// else (a deadline, a message, more than they declared they need): every
// port is armed for them.
func arm(n *node) {
	if !armShort(n) {
		for _, p := range n.ports.In {
			if p.Connected() {
				p.Arm()
			}
		}
		for _, p := range n.ports.Out {
			p.Arm()
		}
	}
}

// armShort arms the port that holds back a block with one stream input and
// one output at most, and reports whether there was one (see arm).
func armShort(n *node) bool {
	if len(n.ports.In) > 1 || len(n.ports.Out) > 1 {
		return false
	}
	for _, p := range n.ports.In {
		if p.Connected() && inShort(p) {
			p.Arm()
			if inShort(p) {
				return true
			}
		}
	}
	for _, p := range n.ports.Out {
		if p.Space() < p.Need() {
			p.Arm()
			if p.Space() < p.Need() {
				return true
			}
		}
	}
	return false
}

// inShort reports whether p holds fewer items than it needs and more may
// come.
func inShort(p port.InPort) bool {
	k, done := p.Available()
	return k < p.Need() && !done
}

// runNode is the life of one block's goroutine.
func (g *Graph) runNode(ctx context.Context, n *node, yield bool) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = &BlockError{Block: n.name, Err: fmt.Errorf("%w: %v", ErrPanic, r), Stack: debug.Stack()}
		}
		// Finished, failed or cancelled: Deinit first, so that what the
		// block handed to goroutines of its own (a socket writing straight
		// from its input buffer) is done before its buffers may be unmapped;
		// then end the streams this block feeds and release the ones it
		// reads, waking the neighbours.
		if de, ok := n.b.(block.Deinitializer); ok {
			n.act.enter(phaseDeinit, n.act.now())
			if derr := safeCall(de.Deinit); derr != nil && err == nil {
				err = &BlockError{Block: n.name, Err: fmt.Errorf("deinit: %w", derr)}
			}
		}
		closePorts(n)
		n.stats.finished.Store(true)
		n.ctl.finish() // Set and Get apply directly from now on
		if err != nil {
			n.stats.failed.Store(true)
		}
		g.independentDone(n)
	}()
	io := &n.io
	state := port.IOOf(io)
	state.SetContext(ctx)
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	armed := false
	suspect := false  // Stalled held at the last wait: one more Work call decides
	t0 := n.act.now() // start of the next Work call: one clock read per call
	for ctx.Err() == nil {
		if abandoned(n) {
			return nil
		}
		n.ctl.serve(&n.act) // parameter changes, between Work calls
		before := progress(n)
		werr := handleMessages(n) // between Work calls, on this goroutine
		if werr == nil {
			n.act.enter(phaseWork, t0)
			werr = n.b.Work(io)
			n.ports.Commit()
		}
		t1 := n.act.now()
		n.stats.workTicks.Add(t1 - t0)
		n.stats.workCalls.Add(1)
		t0 = t1
		if werr != nil {
			if errors.Is(werr, block.ErrDone) {
				return nil
			}
			return &BlockError{Block: n.name, Err: werr}
		}
		deadline := state.TakeWakeAt()
		if progress(n) != before {
			// A stage left short on a port (it took every item, or filled
			// its room) arms it now, so that the next Work call is the
			// re-check before parking rather than one more call first.
			armed, suspect = armShort(n), false
			continue
		}
		if starved(n) || g.msgFinished(n) {
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
			if n.ports.Stuck() && !state.HasWaker() && ctx.Err() == nil {
				// The last Work call may have seen less than there is now
				// (items and end of stream, or room, that came since); the
				// next sees this final state. No progress then is for ever.
				if suspect {
					return &BlockError{Block: n.name, Err: n.ports.Stalled()}
				}
				suspect = true
				continue
			}
			suspect = false
			n.act.enter(phaseParked, 0) // until the next phase
			<-n.wake                    // also sent when ctx is done (see Run)
		} else {
			n.act.enter(phaseTimed, 0)
			timer.Reset(time.Until(deadline))
			select {
			case <-n.wake:
			case <-timer.C:
			}
			timer.Stop()
		}
		t0 = n.act.now()
		n.stats.waitTicks.Add(t0 - t1)
	}
	return nil
}

// stallCheck is how often the watchdog looks at the graph: a stall is
// reported after two looks, within about 2*stallCheck.
const stallCheck = 250 * time.Millisecond

// watch is the watchdog's memory between looks.
type watch struct {
	progress uint64
	suspect  bool
	last     time.Time // of the last look
}

// idle reports whether every block that has not finished is parked with
// no deadline, no pending wake-up and nothing that may come from outside,
// and returns the graph's progress count.
func idle(nodes []*node) (p uint64, waiting int, ok bool) {
	for _, n := range nodes {
		p += progress(n)
		if n.stats.finished.Load() {
			continue
		}
		if n.ports.Listening() || port.IOOf(&n.io).HasWaker() || n.act.phase() != phaseParked || len(n.wake) > 0 {
			return p, waiting, false
		}
		waiting++
	}
	return p, waiting, true
}

// confirm looks once more before a stall is reported, after letting the
// process's goroutines run: a block woken just before a look has an empty
// wake channel and still reads as parked until its goroutine runs, which
// on a machine loaded enough to starve the process can take longer than
// the watchdog's period. The stall stands if nothing moved meanwhile and
// every block is still parked with no wake-up pending.
func (w *watch) confirm(nodes []*node) bool {
	for range 5 {
		runtime.Gosched()
		time.Sleep(stallCheck / 25)
	}
	p, _, ok := idle(nodes)
	if !ok || p != w.progress {
		w.suspect, w.progress = false, p
		return false
	}
	return true
}

// check returns an error wrapping block.ErrStalled when every block that has
// not finished is parked with no deadline and no pending wake-up, no item
// moved since the last look, and the same held then: no event can come from
// inside the graph. A graph with a block that may receive messages from
// outside (a message input, or a Waker it took) is never stalled.
func (w *watch) check(nodes []*node) error {
	now := time.Now()
	late := !w.last.IsZero() && now.Sub(w.last) > 2*stallCheck
	w.last = now
	p, waiting, ok := idle(nodes)
	if !ok {
		w.suspect = false
		return nil
	}
	moved := p != w.progress
	w.progress = p
	if late {
		// The process did not run for a while (the two looks would come
		// back to back): this look does not count.
		w.suspect = false
		return nil
	}
	if waiting == 0 || moved || !w.suspect {
		w.suspect = waiting > 0 && !moved
		return nil
	}
	var why []string
	for _, n := range nodes {
		if !n.stats.finished.Load() {
			why = append(why, fmt.Sprintf("%q (%s)", n.name, waitsFor(n)))
		}
	}
	return fmt.Errorf("flowgraph: %w: every block waits for another: %s", block.ErrStalled, strings.Join(why, "; "))
}

// waitsFor describes the state of n's ports, from any goroutine.
func waitsFor(n *node) string {
	var s []string
	for i, p := range n.ports.In {
		if !p.Connected() {
			continue
		}
		avail, done := p.Available()
		st := fmt.Sprintf("input %s has %d items, needs %d", n.ports.InName[i], avail, p.Need())
		if done {
			st += ", upstream finished"
		}
		s = append(s, st)
	}
	for i, p := range n.ports.Out {
		if p.Opened() {
			s = append(s, fmt.Sprintf("output %s has room for %d items, needs %d", n.ports.OutName[i], max(p.Limit()-p.Fill(), 0), p.Need()))
		}
	}
	return strings.Join(s, ", ")
}
