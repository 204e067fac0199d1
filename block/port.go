package block

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
	chunk    int  // most items one Slice offers (0: no limit)
	produced atomic.Uint64
	readers  int          // readers ever attached
	pending  []buffer.Tag // tags for the next Produce (CopyTags, AddTag)
}

// Slice returns the items available on the input now, possibly none: a
// view into the buffer, valid until Consume or the end of Work.
//
// With history h, the first Slices start with the h-1 leading zeros not yet
// consumed, followed by a copy of the real items available (at most about
// historyCopy of them); once the zeros are consumed, Slice is a view again.
func (p *In[T]) Slice() []T {
	s, ok := p.r.Slice()
	p.eos = !ok && p.zeros == 0
	p.virt = p.zeros > 0
	if !p.virt {
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

// Tags returns the tags of the items of the last Slice, in offset order.
// Tags are on real items only, never on the leading zeros.
func (p *In[T]) Tags() []buffer.Tag {
	t := p.r.Tags()
	if p.virt {
		// Only the real items copied into the Slice.
		end := p.r.Offset() + uint64(p.copied)
		for i, tg := range t {
			if tg.Offset >= end {
				return t[:i]
			}
		}
	}
	return t
}

// Consume releases the first n items of the last Slice: the leading zeros
// first, then real items. Counted includes the zeros: over a whole stream a 1:1
// block with history consumes as many items as it outputs.
func (p *In[T]) Consume(n int) {
	if p.virt {
		z := min(n, p.zeros)
		if n-z > p.copied || n < 0 {
			panic(fmt.Sprintf("block: Consume(%d) beyond the %d items of the last Slice", n, p.zeros+p.copied))
		}
		p.zeros -= z
		p.consumed.Add(uint64(z))
		n -= z
		p.copied -= n
	}
	p.r.Consume(n)
	p.consumed.Add(uint64(n))
}

// Offset returns the absolute offset of the first item of the next Slice.
// While leading zeros remain it is the offset of the first real item minus
// their count, in wrapping uint64 arithmetic: at the start of a stream it
// "wraps below zero", and item i of a Slice is at Offset()+i for real and
// virtual items alike (t.Offset-Offset() is a tag's index in the Slice).
func (p *In[T]) Offset() uint64 { return p.r.Offset() - uint64(p.zeros) }

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
// the stream), and CopyTags puts the tag of input k on output k. Call it in
// the block's constructor, before the first Slice.
func (p *In[T]) SetHistory(h int) {
	p.history = h
	p.zeros = max(h, 1) - 1
	p.scratch = nil
}

// SetOptional marks the input as one that may stay unconnected.
func (p *In[T]) SetOptional() { p.optional = true }

// Slice returns the free space on the output now, possibly none, trimmed to
// a whole number of the output multiple: a view into the buffer to write
// into, valid until Produce or the end of Work.
func (p *Out[T]) Slice() []T {
	s := p.w.Slice()
	if p.chunk > 0 && len(s) > p.chunk {
		s = s[:p.chunk]
	}
	if p.multiple > 1 {
		s = s[:len(s)/p.multiple*p.multiple]
	}
	return s
}

// Produce publishes the first n items of the last Slice, with tags at
// absolute offsets in [Offset(), Offset()+n).
//
// Tags queued by CopyTags or AddTag are published with it; Produce(0)
// keeps them queued for the next item.
func (p *Out[T]) Produce(n int, tags ...buffer.Tag) {
	if n == 0 && len(tags) == 0 {
		return // queued tags wait for the next item
	}
	if len(p.pending) > 0 {
		p.pending = append(p.pending, tags...)
		tags = p.pending
	}
	p.w.Produce(n, tags...)
	p.pending = p.pending[:0]
	p.produced.Add(uint64(n))
}

// Offset returns the absolute offset of the first item of the next Slice.
func (p *Out[T]) Offset() uint64 { return p.w.Offset() }

// SetHalfSlices makes Slice offer at most half the buffer (or the output's
// need, if larger), so that the next block can work on one half while this
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

func (p *In[T]) SliceAny() any    { return p.Slice() }
func (p *In[T]) NewPeer() OutPort { return new(Out[T]) }
func (p *Out[T]) SliceAny() any   { return p.Slice() }
func (p *Out[T]) NewPeer() InPort { return new(In[T]) }

func (p *In[T]) Close() {
	if p.r != nil {
		p.r.Close()
	}
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
		p.chunk = max(w.Capacity()/2, p.Need())
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
