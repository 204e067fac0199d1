package port

import (
	"fmt"
	"reflect"
	"sync/atomic"

	"github.com/flowrun/flowrun/buffer"
	"github.com/flowrun/flowrun/buffer/generic"
)

// In is a stream input port carrying items of type T. Declare it as a field
// of the block struct; the flowgraph finds and connects it.
type In[T any] struct {
	r        *generic.Reader[T]
	minItems int
	history  int
	optional bool
	eos      bool
	consumed atomic.Uint64
	policy   TagPolicy
	held     bool // Consume takes effect at Commit (see Ports.Hold)

	// This Work call's Consume calls, applied by the commit after it: pend
	// real items and vpend leading zeros. avail is what the last Slice
	// still holds (the bound for Consume).
	pend, vpend, avail int

	// History's leading zeros (see SetHistory). zeros is the number of
	// virtual zeros not yet consumed; while it is positive, Slice returns
	// scratch: the zeros followed by a copy of the first real items (copied
	// of them). scratch is allocated once, by the first Slice.
	zeros   int
	virt    bool // the last Slice was scratch
	copied  int  // real items of scratch not yet consumed
	scratch []T
}

// historyCopy bounds the real items a Slice copies after the leading zeros
// (beyond what the port needs): the copies only last until the zeros are
// consumed, normally by the first Work call.
const historyCopy = 8192

// Out is a stream output port carrying items of type T. One output may feed
// any number of inputs; each gets every item.
type Out[T any] struct {
	w        *generic.Writer[T]
	minSpace int
	multiple int
	halves   bool // SetHalfSlices
	chunk    int  // most items one Work call is offered (0: no limit)
	produced atomic.Uint64
	readers  int  // readers ever attached
	held     bool // Produce takes effect at Commit (see Ports.Hold)
	// This Work call's Produce calls, published by the commit after it:
	// pend items with the tags in pending (which wait for the next item
	// while pend is 0). avail is what the last Slice still holds.
	pend, avail int
	pending     []buffer.Tag
}

// Slice returns the items available on the input now and not consumed by
// this Work call, possibly none: a view into the buffer, valid until the
// end of Work.
//
// With history h, the first Slices start with the h-1 leading zeros not yet
// consumed, followed by a copy of the real items available (at most about
// historyCopy of them); once the zeros are consumed, Slice is a view again.
func (p *In[T]) Slice() []T {
	s, ok := p.r.Slice()
	s = s[p.pend:]
	p.eos = !ok && p.zeros == 0
	if len(s) == 0 && p.pend > 0 && p.zeros == 0 {
		// Everything was consumed by this call: finished if nothing more
		// will come (Available reads closed before the count).
		n, closed := p.r.Available()
		p.eos = closed && n == p.pend
	}
	p.virt = p.zeros > 0
	if !p.virt {
		p.avail = len(s)
		return s
	}
	if p.scratch == nil {
		p.scratch = make([]T, p.zeros+max(p.minItems, historyCopy))
	}
	z := p.scratch[:p.zeros]
	clear(z)
	p.copied = copy(p.scratch[p.zeros:], s)
	return p.scratch[:p.zeros+p.copied]
}

// Tags returns the tags of the items of the last Slice not consumed since,
// in offset order. Tags are on real items only, never on the leading zeros.
// The slice is reused by the next call.
func (p *In[T]) Tags() []buffer.Tag {
	t := p.r.Tags()
	start := p.r.Offset() + uint64(p.pend)
	for len(t) > 0 && t[0].Offset < start {
		t = t[1:]
	}
	if p.virt {
		// Only the real items copied into the Slice.
		end := start + uint64(p.copied)
		for i, tg := range t {
			if tg.Offset >= end {
				return t[:i]
			}
		}
	}
	return t
}

// Consume marks the first n items of the last Slice as used: the leading
// zeros first, then real items. The items are released to the writer, and
// their tags forwarded, when Work returns; a later Slice in the same call
// starts after them. Counted includes the zeros: over a whole stream a 1:1
// block with history consumes as many items as it outputs. Consume panics
// if n exceeds what the last Slice held, less what was consumed since.
func (p *In[T]) Consume(n int) {
	if p.virt {
		z := min(n, p.zeros)
		if n-z > p.copied || n < 0 {
			panic(fmt.Sprintf("block: Consume(%d) beyond the %d items of the last Slice", n, p.zeros+p.copied))
		}
		p.zeros -= z
		p.vpend += z
		n -= z
		p.copied -= n
		p.pend += n
	} else {
		if n < 0 || n > p.avail {
			panic(fmt.Sprintf("block: Consume(%d) beyond the %d items of the last Slice", n, p.avail))
		}
		p.avail -= n
		p.pend += n
	}
	if !p.held {
		p.commit()
	}
}

// Offset returns the absolute offset of the first item of the next Slice.
// While leading zeros remain it is the offset of the first real item minus
// their count, in wrapping uint64 arithmetic: at the start of a stream it
// "wraps below zero", and item i of a Slice is at Offset()+i for real and
// virtual items alike (t.Offset-Offset() is a tag's index in the Slice).
func (p *In[T]) Offset() uint64 { return p.r.Offset() + uint64(p.pend) - uint64(p.zeros) }

// SetTagPolicy says what happens to the tags of this input's items when
// Work returns. TagsAllToAll, the default, forwards each tag of the items
// consumed to every output, at the output item that corresponds to its
// input item (see Ports.Commit); TagsNone and TagsCustom forward nothing:
// the block drops the tags, or reads them with Tags and attaches its own
// with Out.AddTag or Out.Produce. Call it in the block's constructor.
func (p *In[T]) SetTagPolicy(t TagPolicy) { p.policy = t }

// TagPolicy returns the policy set with SetTagPolicy.
func (p *In[T]) TagPolicy() TagPolicy { return p.policy }

// Finished reports whether the upstream block has finished and every item,
// leading zeros included, was consumed (as seen by the last Slice).
func (p *In[T]) Finished() bool { return p.eos }

// Idle is what Work returns when this input leaves it nothing to do:
// ErrDone once the input is finished (see Finished), nil before, so that
// the block waits for more items.
func (p *In[T]) Idle() error {
	if p.eos {
		return ErrDone
	}
	return nil
}

// SetMinItems declares that Work needs at least n items on this input to
// make progress; the buffer is sized for it. Call it in the block's
// constructor: buffers are sized before Init runs.
func (p *In[T]) SetMinItems(n int) { p.minItems = n }

// SetHistory declares that each output item depends on h input items: the
// current one and h-1 before it (an h-tap FIR filter has history h). Work
// then consumes n items while reading n+h-1, keeping the last h-1 for the
// next call; the buffer is sized for it, and the input is starved when
// fewer than h items (with the minimum of SetMinItems) are left.
//
// As in GNU Radio's set_history, the stream starts with h-1 zeros that
// Slice presents before the first real item: n real items give n outputs
// to a 1:1 block, output k being computed from inputs k-h+1..k (zeros before
// the stream), and the commit puts the tag of input k on output k. Call it in
// the block's constructor, before the first Slice.
func (p *In[T]) SetHistory(h int) {
	p.history = h
	p.zeros = max(h, 1) - 1
	p.scratch = nil
}

// SetOptional marks the input as one that may stay unconnected.
func (p *In[T]) SetOptional() { p.optional = true }

// Slice returns the free space on the output now, after what this Work call
// produced, possibly none, trimmed to a whole number of the output multiple:
// a view into the buffer to write into, valid until the end of Work.
func (p *Out[T]) Slice() []T {
	s := p.w.Slice()
	if p.chunk > 0 && len(s) > p.chunk {
		s = s[:p.chunk]
	}
	s = s[min(p.pend, len(s)):]
	if p.multiple > 1 {
		s = s[:len(s)/p.multiple*p.multiple]
	}
	p.avail = len(s)
	return s
}

// Produce marks the first n items of the last Slice as written, with tags
// at absolute offsets in [Offset(), Offset()+n). The items are published,
// with their tags and those forwarded from the inputs, when Work returns; a
// later Slice in the same call starts after them. Produce panics if n
// exceeds what the last Slice held, less what was produced since.
func (p *Out[T]) Produce(n int, tags ...buffer.Tag) {
	if n < 0 || n > p.avail {
		panic(fmt.Sprintf("block: Produce(%d) beyond the %d items of the last Slice", n, p.avail))
	}
	p.avail -= n
	p.pend += n
	p.pending = append(p.pending, tags...)
	if !p.held {
		p.commit()
	}
}

// Offset returns the absolute offset of the first item of the next Slice.
func (p *Out[T]) Offset() uint64 { return p.w.Offset() + uint64(p.pend) }

// SetHalfSlices makes Slice offer at most half the buffer (half its limit
// of items in flight if one is set; or the output's need, if larger), so that the next block can work on one half while this
// one fills the other. It pays for blocks whose work per item is large
// compared with a hand-off between blocks (FIR and FFT filters, FFTs), and
// costs cheap ones (a copy) hand-offs. Call it in the block's constructor.
func (p *Out[T]) SetHalfSlices() { p.halves = true }

// SetMinSpace declares that Work needs room for at least n items on this
// output to make progress; the buffer is sized for it.
func (p *Out[T]) SetMinSpace(n int) { p.minSpace = n }

// SetMultiple makes Slice return a multiple of n items (vector blocks).
func (p *Out[T]) SetMultiple(n int) { p.multiple = n }

// Port is a stream port as the flowgraph sees it; *In[T] and *Out[T]
// implement it.
type Port interface {
	// ItemType is T.
	ItemType() reflect.Type
	// Need is the least number of items a Work call needs on this port.
	Need() int
	// Counted returns the items consumed or produced so far; safe from any goroutine.
	Counted() uint64
	// SliceAny returns the port's current Slice as an any holding a []T.
	SliceAny() any
	isPort()
}

// InPort is an input as the flowgraph sees it.
type InPort interface {
	Port
	// Optional reports whether the input may stay unconnected.
	Optional() bool
	// Connected reports whether a buffer feeds the input.
	Connected() bool
	// Arm arms the input's wake-up; see generic.Reader.Arm.
	Arm()
	// Starved reports whether the input cannot be satisfied any more: the
	// upstream finished and fewer items than needed are left.
	Starved() bool
	// Tags and Consume are In[T]'s.
	Tags() []buffer.Tag
	Consume(n int)
	// Offset is In[T]'s.
	Offset() uint64
	// NewPeer returns an unconnected output of the same item type (test harnesses).
	NewPeer() OutPort
	// Close releases the input's hold on its buffer.
	Close()
	// Available reports the items readable now and whether the upstream
	// has finished; see generic.Reader.Available.
	Available() (n int, upstreamDone bool)
	finish(outs []OutPort)
	commit()
	hold()
}

// OutPort is an output as the flowgraph sees it.
type OutPort interface {
	Port
	// Open maps the output's buffer with room for at least minItems items;
	// space wakes the owning block when a reader frees space.
	Open(minItems int, opts ...buffer.Option) error
	// Attach connects in, which must carry the same item type, as a new
	// reader; data wakes in's block when items arrive.
	Attach(in InPort, data, space buffer.Notifier) error
	// Opened reports whether Open succeeded.
	Opened() bool
	// Capacity is the buffer's capacity in items (0 before Open).
	Capacity() int
	// Limit is the most items the output may have in its buffer, unread by
	// the slowest reader: the capacity unless Open was given a smaller
	// buffer.WithMaxFill (0 before Open).
	Limit() int
	// Arm arms the output's wake-up; see generic.Writer.Arm.
	Arm()
	// Abandoned reports whether every reader that was attached has gone.
	Abandoned() bool
	// Fill returns the items in the buffer not yet read by the slowest reader.
	Fill() int
	// Produce, Offset and AddTag are Out[T]'s.
	Produce(n int, tags ...buffer.Tag)
	AddTag(t buffer.Tag)
	Offset() uint64
	// NewPeer returns an unconnected input of the same item type (test harnesses).
	NewPeer() InPort
	// Close ends the stream on the output.
	Close()
	// Space returns the room for items on the output now, as Slice offers it.
	Space() int
	forwardTag(t buffer.Tag, rel, consumed uint64)
	commit()
	hold()
}

func (p *In[T]) isPort()                {}
func (p *In[T]) ItemType() reflect.Type { return reflect.TypeFor[T]() }
func (p *In[T]) Need() int              { return max(p.minItems, 1) + max(p.history, 1) - 1 }
func (p *In[T]) Counted() uint64        { return p.consumed.Load() }
func (p *In[T]) Optional() bool         { return p.optional }
func (p *In[T]) Connected() bool        { return p.r != nil }
func (p *In[T]) Arm()                   { p.r.Arm() }

func (p *In[T]) Starved() bool {
	n, closed := p.r.Available()
	return closed && n+p.zeros < p.Need()
}

func (p *In[T]) SliceAny() any { return p.Slice() }
func (p *Out[T]) Space() int   { return len(p.Slice()) }

func (p *In[T]) Available() (int, bool) {
	n, closed := p.r.Available()
	return n + p.zeros, closed
}
func (p *In[T]) NewPeer() OutPort { return new(Out[T]) }
func (p *Out[T]) SliceAny() any   { return p.Slice() }
func (p *Out[T]) NewPeer() InPort { return new(In[T]) }

func (p *In[T]) Close() {
	if p.r != nil {
		p.r.Close()
	}
}

// forwardTags queues the tags of this call's consumed items on every output
// (TagsAllToAll): the tag of input item k of the call (k counted from the
// newest item the first output depends on, h-1 items into the Slice with
// history h) lands on output item k*produced/consumed of that output's call.
func (p *In[T]) forwardTags(outs []OutPort) {
	n := p.pend + p.vpend
	if p.policy != TagsAllToAll || n == 0 || len(outs) == 0 || p.r == nil {
		return
	}
	// The Offset of the call's first Slice, then the first item forwarded.
	lo := p.r.Offset() - uint64(p.zeros+p.vpend) + uint64(max(p.history, 1)-1)
	for _, t := range p.r.Tags() {
		rel := t.Offset - lo
		if rel >= uint64(n) {
			continue // before lo (wrapped) or after this call's items
		}
		for _, o := range outs {
			o.forwardTag(t, rel, uint64(n))
		}
	}
}

// finish ends this Work call on the input: forwards the tags of what it
// consumed to outs, then releases the items.
func (p *In[T]) finish(outs []OutPort) {
	if p.pend+p.vpend == 0 {
		return
	}
	p.forwardTags(outs)
	p.commit()
}

// commit applies this call's Consume calls to the buffer.
func (p *In[T]) commit() {
	if p.pend > 0 {
		p.r.Consume(p.pend)
	}
	if n := p.pend + p.vpend; n > 0 {
		p.consumed.Add(uint64(n))
	}
	p.pend, p.vpend = 0, 0
}

func (p *In[T]) hold()  { p.held = true }
func (p *Out[T]) hold() { p.held = true }

// forwardTag queues t, the tag of item rel of consumed input items, on the
// output item that corresponds to it in this call (the next item when the
// call produced nothing).
func (p *Out[T]) forwardTag(t buffer.Tag, rel, consumed uint64) {
	t.Offset = p.w.Offset() + rel*uint64(p.pend)/consumed
	p.pending = append(p.pending, t)
}

// commit publishes this call's Produce calls with their tags; tags queued
// while nothing was produced wait for the next item.
func (p *Out[T]) commit() {
	if p.pend == 0 || p.w == nil {
		return
	}
	p.w.Produce(p.pend, p.pending...)
	p.produced.Add(uint64(p.pend))
	p.pend = 0
	p.pending = p.pending[:0]
}

func (p *Out[T]) isPort()                {}
func (p *Out[T]) ItemType() reflect.Type { return reflect.TypeFor[T]() }
func (p *Out[T]) Need() int              { return max(p.minSpace, p.multiple, 1) }
func (p *Out[T]) Counted() uint64        { return p.produced.Load() }
func (p *Out[T]) Opened() bool           { return p.w != nil }
func (p *Out[T]) Arm()                   { p.w.Arm() }
func (p *Out[T]) Abandoned() bool        { return p.readers > 0 && p.w.Readers() == 0 }

func (p *Out[T]) Capacity() int {
	if p.w == nil {
		return 0
	}
	return p.w.Capacity()
}

func (p *Out[T]) Limit() int {
	if p.w == nil {
		return 0
	}
	return p.w.Limit()
}

func (p *Out[T]) Fill() int {
	if p.w == nil {
		return 0
	}
	return p.w.Fill()
}

func (p *Out[T]) Open(minItems int, opts ...buffer.Option) error {
	if p.w != nil {
		return fmt.Errorf("block: output already open")
	}
	w, err := generic.New[T](append([]buffer.Option{buffer.WithMinItems(minItems), buffer.WithTags()}, opts...)...)
	if err != nil {
		return err
	}
	p.w = w
	if p.halves {
		// Half of what the writer may fill: its limit, if lower than the capacity.
		p.chunk = max(w.Limit()/2, p.Need())
	}
	return nil
}

func (p *Out[T]) Attach(in InPort, data, space buffer.Notifier) error {
	dst, ok := in.(*In[T])
	if !ok {
		return fmt.Errorf("%w: output carries %v, input takes %v", ErrTypeMismatch, p.ItemType(), in.ItemType())
	}
	if dst.r != nil {
		return ErrAlreadyConnected
	}
	if p.w == nil {
		return fmt.Errorf("block: Attach before Open")
	}
	if n := p.w.Offset(); n != 0 {
		return fmt.Errorf("%w: %d items would be missed", ErrAttachRunning, n)
	}
	dst.r = p.w.AddReader(data, space)
	p.readers++
	return nil
}

func (p *Out[T]) Close() {
	if p.w != nil {
		p.w.Close()
	}
}
