package block

import (
	"context"
	"time"

	"github.com/flowrun/flowrun/buffer"
	"github.com/flowrun/flowrun/internal/port"
	"github.com/flowrun/flowrun/pmt"
)

// In is a stream input port carrying items of type T. Declare it as an
// exported field of the block struct; the flowgraph finds and connects it.
type In[T any] struct{ p port.In[T] }

// Slice returns the items available on the input now and not consumed by
// this Work call, possibly none: a view into the buffer, valid until the
// end of Work.
//
// With history h (SetHistory), the first Slices start with the h-1 leading
// zeros not yet consumed, followed by a copy of the real items available;
// once the zeros are consumed, Slice is a view again.
func (p *In[T]) Slice() []T { return p.p.Slice() }

// Tags returns the tags of the items of the last Slice not consumed since,
// in offset order. Tags are on real items only, never on the leading zeros.
// The slice is reused by the next call.
func (p *In[T]) Tags() []buffer.Tag { return p.p.Tags() }

// Consume marks the first n items of the last Slice as used: the leading
// zeros first, then real items. The items are released to the writer, and
// their tags forwarded, when Work returns; a later Slice in the same call
// starts after them. Consume panics if n exceeds what the last Slice held,
// less what was consumed since.
func (p *In[T]) Consume(n int) { p.p.Consume(n) }

// Offset returns the absolute offset of the first item of the next Slice.
// While leading zeros remain it is the offset of the first real item minus
// their count, in wrapping uint64 arithmetic: item i of a Slice is at
// Offset()+i for real and virtual items alike (t.Offset-Offset() is a tag's
// index in the Slice).
func (p *In[T]) Offset() uint64 { return p.p.Offset() }

// Finished reports whether the upstream block has finished and every item,
// leading zeros included, was consumed (as seen by the last Slice).
func (p *In[T]) Finished() bool { return p.p.Finished() }

// Idle is what Work returns when this input leaves it nothing to do:
// ErrDone once the input is finished (see Finished), nil before, so that
// the block waits for more items.
func (p *In[T]) Idle() error { return p.p.Idle() }

// Ended reports whether no Work call can use this input any more: its
// upstream finished and fewer items are left than the input needs
// (SetMinItems, SetHistory). A block with several inputs stops at the
// first that ended. An unconnected (optional) input has ended.
func (p *In[T]) Ended() bool { return !p.p.Connected() || p.p.Finished() || p.p.Starved() }

// Connected reports whether a buffer feeds the input (an optional input
// may stay unconnected; see SetOptional).
func (p *In[T]) Connected() bool { return p.p.Connected() }

// TagPolicy returns the policy set with SetTagPolicy.
func (p *In[T]) TagPolicy() TagPolicy { return TagPolicy(p.p.TagPolicy()) }

// SetTagPolicy says what happens to the tags of this input's items when
// Work returns. TagsAllToAll, the default, forwards each tag of the items
// consumed to every output, at the output item that corresponds to its
// input item, rescaled by the call's rate; TagsNone and TagsCustom forward
// nothing: the block drops the tags, or reads them with Tags and attaches
// its own with Out.AddTag or Out.Produce. Call it in the constructor.
func (p *In[T]) SetTagPolicy(t TagPolicy) { p.p.SetTagPolicy(port.TagPolicy(t)) }

// SetMinItems declares that Work needs at least n items on this input to
// make progress; the buffer is sized for it. Call it in the constructor:
// buffers are sized before Init runs.
func (p *In[T]) SetMinItems(n int) { p.p.SetMinItems(n) }

// SetHistory declares that each output item depends on h input items: the
// current one and h-1 before it (an h-tap FIR filter has history h). Work
// then consumes n items while reading n+h-1, keeping the last h-1 for the
// next call; the buffer is sized for it.
//
// As in GNU Radio's set_history, the stream starts with h-1 zeros that
// Slice presents before the first real item: n real items give n outputs
// to a 1:1 block, output k being computed from inputs k-h+1..k (zeros
// before the stream), and the commit puts the tag of input k on output k.
// Call it in the constructor.
func (p *In[T]) SetHistory(h int) { p.p.SetHistory(h) }

// SetOptional marks the input as one that may stay unconnected.
func (p *In[T]) SetOptional() { p.p.SetOptional() }

// Out is a stream output port carrying items of type T. Declare it as an
// exported field of the block struct. One output may feed any number of
// inputs; each gets every item.
type Out[T any] struct{ p port.Out[T] }

// Slice returns the free space on the output now, after what this Work
// call produced, possibly none, trimmed to a whole number of the output
// multiple: a view into the buffer to write into, valid until the end of
// Work.
func (p *Out[T]) Slice() []T { return p.p.Slice() }

// Produce marks the first n items of the last Slice as written, with tags
// at absolute offsets in [Offset(), Offset()+n). The items are published,
// with their tags and those forwarded from the inputs, when Work returns; a
// later Slice in the same call starts after them. Produce panics if n
// exceeds what the last Slice held, less what was produced since.
func (p *Out[T]) Produce(n int, tags ...buffer.Tag) { p.p.Produce(n, tags...) }

// AddTag attaches a tag to be published with the items of this Work call;
// its offset must fall within the items produced (tags at Offset() wait
// for the next item if the call produces none).
func (p *Out[T]) AddTag(t buffer.Tag) { p.p.AddTag(t) }

// Offset returns the absolute offset of the first item of the next Slice.
func (p *Out[T]) Offset() uint64 { return p.p.Offset() }

// SetMinSpace declares that Work needs room for at least n items on this
// output to make progress; the buffer is sized for it.
func (p *Out[T]) SetMinSpace(n int) { p.p.SetMinSpace(n) }

// SetMultiple makes Slice return a multiple of n items (vector blocks).
func (p *Out[T]) SetMultiple(n int) { p.p.SetMultiple(n) }

// SetHalfSlices makes Slice offer at most half the buffer (or the output's
// need, if larger), so that the next block can work on one half while this
// one fills the other. It pays for blocks whose work per item is large
// compared with a hand-off between blocks (FIR and FFT filters, FFTs), and
// costs cheap ones (a copy) hand-offs. Call it in the constructor.
func (p *Out[T]) SetHalfSlices() { p.p.SetHalfSlices() }

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
// Work calls, never concurrently with Work or another handler of the
// block: handlers and Work share the block's fields without locks. A
// handler returning ErrDone finishes the block; another error stops the
// graph.
//
// Messages wait in a bounded queue (DefaultMsgCapacity); a full queue
// makes the sender wait or drops the message, by the port's MsgPolicy. An
// input may have any number of senders; it is finished when every sender
// has finished and its queue is empty.
type MsgIn struct{ p port.MsgIn }

// SetHandler sets the function that receives the port's messages. Every
// message input must have one before the block is added to a graph.
func (p *MsgIn) SetHandler(h func(pmt.Value) error) { p.p.SetHandler(h) }

// SetCapacity sets the queue length (n >= 1); call it in the constructor.
func (p *MsgIn) SetCapacity(n int) { p.p.SetCapacity(n) }

// SetPolicy sets what a full queue does to senders; call it in the
// constructor.
func (p *MsgIn) SetPolicy(pol MsgPolicy) { p.p.SetPolicy(port.MsgPolicy(pol)) }

// Pause stops (true) or resumes (false) delivery to the handler: the queue
// then fills and senders wait or drop by the policy. A block that turns
// messages into work it cannot finish at once (a PDU to a full stream)
// pauses its input until it has caught up, so nothing grows without bound.
// Call it from the handler or Work.
func (p *MsgIn) Pause(paused bool) { p.p.Pause(paused) }

// Finished reports whether every sender has finished and the queue is
// empty: no message will come any more.
func (p *MsgIn) Finished() bool { return p.p.Finished() }

// Send delivers v from Go code outside the graph, by the port's policy:
// with MsgBlock it waits for room until ctx is done. It fails with
// ErrMsgNotRunning before the graph starts and after the block finished,
// and with ErrMsgDropped when a MsgDrop queue is full.
func (p *MsgIn) Send(ctx context.Context, v pmt.Value) error { return p.p.Send(ctx, v) }

// MsgOut is a message output port: Post sends a message to every input
// connected to it, in connection order.
type MsgOut struct{ p port.MsgOut }

// Post sends v to every connected input, by each input's policy: it waits
// while a MsgBlock input is full (until the graph stops or the receiver
// finishes) and skips a full MsgDrop input, which counts the drop. Posting
// with no connection does nothing. Call it from the block's Work or
// handlers.
func (p *MsgOut) Post(v pmt.Value) { p.p.Post(v) }

// IO is what the scheduler hands to Work besides the ports.
type IO struct{ io port.IO }

// Context is cancelled when the graph stops.
func (io *IO) Context() context.Context { return io.io.Context() }

// WakeAt asks to be called again at t even if no neighbour wakes the block
// (throttles, timed sources). It applies to the next wait only.
func (io *IO) WakeAt(t time.Time) { io.io.WakeAt(t) }

// Waker returns the Waker of the block, for a goroutine of its own (a
// socket reader, a device callback) to wake Work when data or room comes
// from outside the graph. Take it in Work (the first call is enough) and
// check the outside source after taking it: a Wake that comes while Work
// runs is kept, so the next wait ends at once and none is lost. A block
// that took its Waker is fed from outside, and the stall checks never
// report it.
func (io *IO) Waker() Waker { return Waker{io.io.Waker()} }

// Waker wakes a block from any goroutine; see IO.Waker. Wakes coalesce:
// many before the block runs make one Work call. The zero Waker does
// nothing.
type Waker struct{ wake func() }

// Wake makes the scheduler call the block's Work again soon, even if no
// neighbour moved. It never blocks and allocates nothing.
func (w Waker) Wake() {
	if w.wake != nil {
		w.wake()
	}
}

// TagPolicy says what the commit after Work does with an input's tags.
type TagPolicy int

// The tag policies.
const (
	// TagsAllToAll forwards every tag of the items consumed to every output
	// (the default, as in GNU Radio), at the output item that corresponds to
	// the input item.
	TagsAllToAll TagPolicy = TagPolicy(port.TagsAllToAll)
	// TagsNone drops tags.
	TagsNone TagPolicy = TagPolicy(port.TagsNone)
	// TagsCustom leaves tags to the block's own code.
	TagsCustom TagPolicy = TagPolicy(port.TagsCustom)
)

// MsgPolicy says what a full message input does to its senders.
type MsgPolicy int

// The message policies.
const (
	// MsgBlock makes a sender wait for room (the default): no message is
	// lost. The wait ends when the graph stops or the receiver finishes.
	MsgBlock MsgPolicy = MsgPolicy(port.MsgBlock)
	// MsgDrop discards a message that finds the queue full and counts it;
	// the sender never waits.
	MsgDrop MsgPolicy = MsgPolicy(port.MsgDrop)
)

// DefaultMsgCapacity is the queue length of a message input unless
// SetCapacity says otherwise.
const DefaultMsgCapacity = 64

// SetTagPrefix starts the key of the tag a change of a Setting made while
// the graph runs attaches to the next item of every output of the block:
// "set:frequency" with the new value marks where the change took effect.
const SetTagPrefix = "set:"

// Errors a block meets, matched with errors.Is.
var (
	// ErrDone is returned by Work (directly or wrapped) when the block has
	// finished: its outputs are closed and its readers drain them.
	ErrDone = port.ErrDone
	// ErrBadParam is wrapped by the error of a parameter value a block
	// refuses: a constructor's, a Setting's check, a conversion that loses
	// information.
	ErrBadParam = port.ErrBadParam
	// ErrStalled means a block made no progress in a state nothing can
	// change: its inputs ended with at least the items it declared it needs
	// left. The usual cause is a need it did not declare (a block that takes
	// items in groups of N calls In.SetMinItems(N), or uses a rate helper
	// that does).
	ErrStalled = port.ErrStalled
	// ErrNoPorts means a block has no exported port field: nothing could be
	// connected to it. Port fields must be exported (In, not in).
	ErrNoPorts = port.ErrNoPorts
	// ErrMsgNotRunning means a message was sent to an input whose graph is
	// not running (not started, or the receiving block has finished).
	ErrMsgNotRunning = port.ErrMsgNotRunning
	// ErrMsgDropped means a message found a MsgDrop queue full.
	ErrMsgDropped = port.ErrMsgDropped
	// ErrBadMessage is wrapped by the error a "set" input records for a
	// message it cannot apply.
	ErrBadMessage = port.ErrBadMessage
)
