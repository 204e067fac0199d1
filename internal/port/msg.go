package port

import (
	"context"
	"errors"
	"sync/atomic"

	"github.com/flowrun/flowrun/buffer"
	"github.com/flowrun/flowrun/pmt"
)

// MsgPolicy says what a full message input does to its senders.
type MsgPolicy int

const (
	// MsgBlock makes a sender wait for room (the default): no message is
	// lost. The wait ends when the graph stops or the receiver finishes.
	MsgBlock MsgPolicy = iota
	// MsgDrop discards a message that finds the queue full and counts it
	// (MsgIn.Dropped); the sender never waits.
	MsgDrop
)

// DefaultMsgCapacity is the queue length of a message input unless
// SetCapacity says otherwise.
const DefaultMsgCapacity = 64

// Errors of message delivery, matched with errors.Is.
var (
	// ErrMsgNotRunning means a message was sent to an input whose graph is
	// not running (not started, or the receiving block has finished).
	ErrMsgNotRunning = errors.New("block: message input not running")
	// ErrMsgDropped means a message found a MsgDrop queue full.
	ErrMsgDropped = errors.New("block: message dropped, queue full")
)

// MsgIn is a message input port. Declare it as an exported field of the
// block struct, like a stream port, and give it its handler in the block's
// constructor:
//
//	type Debug struct{ In block.MsgIn }
//
//	func NewDebug() *Debug {
//		d := &Debug{}
//		d.In.SetHandler(d.handle) // a method per input port
//		return d
//	}
//
// The scheduler calls the handler on the block's own goroutine, between
// Work calls, never concurrently with Work or another handler of the block:
// handlers and Work share the block's fields without locks. A handler
// returning ErrDone finishes the block; another error stops the graph.
//
// Messages wait in a bounded queue (DefaultMsgCapacity); a full queue makes
// the sender wait or drops the message, by the port's MsgPolicy. An input
// may have any number of senders; it is finished (Finished) when every
// sender has finished and its queue is empty.
type MsgIn struct {
	handler  func(pmt.Value) error
	capacity int
	policy   MsgPolicy
	paused   bool
	auto     bool // the automatic "set" input of a block with settings

	run     atomic.Pointer[msgQueue] // set by Open: Send may come from any goroutine
	closed  atomic.Bool
	senders atomic.Int64 // connected senders not finished
	spaces  []buffer.Notifier

	handled atomic.Uint64
	dropped atomic.Uint64

	// "set" inputs (setPort)
	rejected atomic.Uint64
	lastErr  atomic.Pointer[error]
	convert  atomic.Pointer[func(name string, v any) (any, error)]
}

// msgQueue is the running state of a MsgIn.
type msgQueue struct {
	q    chan pmt.Value
	done chan struct{} // closed when the receiver finishes
	wake buffer.Notifier
}

// SetHandler sets the function that receives the port's messages. Every
// message input must have one before the block is added to a graph.
func (p *MsgIn) SetHandler(h func(pmt.Value) error) { p.handler = h }

// SetCapacity sets the queue length (n >= 1); call it in the constructor.
func (p *MsgIn) SetCapacity(n int) { p.capacity = max(n, 1) }

// SetPolicy sets what a full queue does to senders; call it in the constructor.
func (p *MsgIn) SetPolicy(pol MsgPolicy) { p.policy = pol }

// Pause stops (true) or resumes (false) delivery to the handler: the queue
// then fills and senders wait or drop by the policy. A block that turns
// messages into work it cannot finish at once (a PDU to a full stream)
// pauses its input until it has caught up, so nothing grows without bound.
// Call it from the handler or Work.
func (p *MsgIn) Pause(paused bool) { p.paused = paused }

// Paused reports whether Pause(true) is in effect.
func (p *MsgIn) Paused() bool { return p.paused }

// HasHandler reports whether SetHandler was called.
func (p *MsgIn) HasHandler() bool { return p.handler != nil }

// Capacity returns the queue length.
func (p *MsgIn) Capacity() int {
	if p.capacity == 0 {
		return DefaultMsgCapacity
	}
	return p.capacity
}

// Policy returns the port's policy.
func (p *MsgIn) Policy() MsgPolicy { return p.policy }

// Handled returns the messages handled so far; safe from any goroutine.
func (p *MsgIn) Handled() uint64 { return p.handled.Load() }

// Dropped returns the messages dropped by a full MsgDrop queue; safe from
// any goroutine.
func (p *MsgIn) Dropped() uint64 { return p.dropped.Load() }

// Queued returns the messages waiting in the queue.
func (p *MsgIn) Queued() int {
	if r := p.run.Load(); r != nil {
		return len(r.q)
	}
	return 0
}

// Finished reports whether every sender has finished and the queue is
// empty: no message will come any more. An input without senders is
// finished from the start (Send from outside the graph still reaches it
// while the block runs).
func (p *MsgIn) Finished() bool {
	// Senders first: a sender queues its last message before it finishes.
	return p.senders.Load() == 0 && p.Queued() == 0
}

// Send delivers v from outside the graph (Go code, a control API), by the
// port's policy: with MsgBlock it waits for room until ctx is done. It
// fails with ErrMsgNotRunning before the graph starts and after the block
// finished, and with ErrMsgDropped when a MsgDrop queue is full.
func (p *MsgIn) Send(ctx context.Context, v pmt.Value) error {
	return p.deliver(ctx.Done(), v)
}

func (p *MsgIn) deliver(stop <-chan struct{}, v pmt.Value) error {
	r := p.run.Load()
	if r == nil || p.closed.Load() {
		return ErrMsgNotRunning
	}
	if p.policy == MsgDrop {
		select {
		case r.q <- v:
		default:
			p.dropped.Add(1)
			return ErrMsgDropped
		}
	} else {
		select {
		case r.q <- v:
		default:
			select {
			case r.q <- v:
			case <-r.done:
				return ErrMsgNotRunning
			case <-stop:
				return context.Canceled
			}
		}
	}
	r.wake.Notify()
	return nil
}

// Open makes the queue; wake is notified when a message arrives or the
// last sender finishes. Schedulers call it before any Attach.
func (p *MsgIn) Open(wake buffer.Notifier) {
	p.run.Store(&msgQueue{q: make(chan pmt.Value, p.Capacity()), done: make(chan struct{}), wake: wake})
}

// Opened reports whether Open was called.
func (p *MsgIn) Opened() bool { return p.run.Load() != nil }

// Take returns the next queued message, if any, without waiting: the
// scheduler's side, from the block's goroutine.
func (p *MsgIn) Take() (pmt.Value, bool) {
	select {
	case v := <-p.run.Load().q:
		return v, true
	default:
		return pmt.Value{}, false
	}
}

// Handle calls the handler with v and counts it.
func (p *MsgIn) Handle(v pmt.Value) error {
	p.handled.Add(1)
	return p.handler(v)
}

// Close marks the receiver finished: senders waiting for room return, later
// messages are refused, and the senders are woken so they can notice
// (MsgOut.Abandoned). Idempotent.
func (p *MsgIn) Close() {
	r := p.run.Load()
	if r == nil || p.closed.Swap(true) {
		return
	}
	close(r.done)
	for _, s := range p.spaces {
		s.Notify()
	}
}

// MsgOut is a message output port: Post sends a message to every input
// connected to it, in connection order.
type MsgOut struct {
	dsts   []*MsgIn
	stop   <-chan struct{}
	closed atomic.Bool
	posted atomic.Uint64
}

// Post sends v to every connected input, by each input's policy: it waits
// while a MsgBlock input is full (until the graph stops or the receiver
// finishes) and skips a full MsgDrop input, which counts the drop. Posting
// with no connection does nothing. Call it from the block's Work or handlers.
func (p *MsgOut) Post(v pmt.Value) {
	p.posted.Add(1)
	for _, d := range p.dsts {
		_ = d.deliver(p.stop, v)
	}
}

// Posted returns the messages posted so far; safe from any goroutine.
func (p *MsgOut) Posted() uint64 { return p.posted.Load() }

// Connections returns the number of connected inputs.
func (p *MsgOut) Connections() int { return len(p.dsts) }

// Abandoned reports whether the output has connections and every receiver
// has finished.
func (p *MsgOut) Abandoned() bool {
	for _, d := range p.dsts {
		if !d.closed.Load() {
			return false
		}
	}
	return len(p.dsts) > 0
}

// Attach connects in, already opened, as a receiver; space is the sending
// block's wake-up, notified when in's block finishes. Schedulers call it.
func (p *MsgOut) Attach(in *MsgIn, space buffer.Notifier) error {
	if !in.Opened() {
		return ErrMsgNotRunning
	}
	p.dsts = append(p.dsts, in)
	in.senders.Add(1)
	in.spaces = append(in.spaces, space)
	return nil
}

// Start binds the output to a running graph: a sender waiting on a full
// queue gives up when stop is closed. Schedulers call it.
func (p *MsgOut) Start(stop <-chan struct{}) { p.stop = stop }

// Close tells every receiver that this sender has finished. Idempotent.
func (p *MsgOut) Close() {
	if p.closed.Swap(true) {
		return
	}
	for _, d := range p.dsts {
		d.senders.Add(-1)
		if r := d.run.Load(); r != nil {
			r.wake.Notify()
		}
	}
}
