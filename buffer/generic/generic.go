// Package generic is the circular buffer that leaves waiting to the caller:
// Slice never blocks, and each side of each reader has a buffer.Notifier
// that the buffer calls when that side, having armed it, may proceed. A
// scheduler uses it to wake the goroutine of a block when its neighbour
// produces or consumes, as flowrun's flowgraph does. It is the counterpart of
// vmcircbuffer's "generic" module.
//
// The protocol, for the writer and for each reader alike: call Slice; if it
// holds too little, call Arm, call Slice again, and if it still holds too
// little, wait for a Notify. No Notify is lost between Arm and the wait.
package generic

import (
	"github.com/flowrun/flowrun/buffer"
	"github.com/flowrun/flowrun/buffer/internal/ring"
)

// Writer is the producing end. Its methods must be called from one goroutine
// at a time, except AddReader.
type Writer[T any] struct{ w *ring.Writer[T] }

// New maps a buffer of items of type T (see buffer.NewDoubleMapped for the
// rules on T and the capacity) and returns its writer.
func New[T any](opts ...buffer.Option) (*Writer[T], error) {
	w, err := ring.New[T](buffer.Apply(opts...))
	if err != nil {
		return nil, err
	}
	return &Writer[T]{w: w}, nil
}

// AddReader returns a reader that sees the items produced from now on.
// data is notified when the armed reader may find items or end of stream;
// space is notified when the armed writer may find space this reader freed.
func (w *Writer[T]) AddReader(data, space buffer.Notifier) *Reader[T] {
	return &Reader[T]{r: w.w.AddReader(data, space)}
}

// Slice returns the space available now, possibly none: at most Limit less
// the items not yet consumed. With no readers it is the whole Limit
// (overwriting).
func (w *Writer[T]) Slice() []T { return w.w.Slice() }

// Arm arms the space notifier of every reader; check Slice again before waiting.
func (w *Writer[T]) Arm() { w.w.Arm() }

// Produce publishes the first n items of the last slice, with tags at
// absolute offsets in [Offset(), Offset()+n), and notifies armed readers.
// n beyond the slice panics.
func (w *Writer[T]) Produce(n int, tags ...buffer.Tag) { w.w.Produce(n, tags) }

// Offset returns the absolute offset of the next item to be produced.
func (w *Writer[T]) Offset() uint64 { return w.w.Offset() }

// Capacity returns the capacity in items.
func (w *Writer[T]) Capacity() int { return w.w.Capacity() }

// Limit returns the most items the writer may have ahead of the slowest
// reader: the capacity, or a smaller buffer.WithMaxFill.
func (w *Writer[T]) Limit() int { return w.w.Limit() }

// Readers returns the number of live readers; a scheduler stops a writer
// whose readers have all gone.
func (w *Writer[T]) Readers() int { return w.w.Readers() }

// Fill returns the items produced but not yet consumed by the slowest
// reader. Unlike the other methods it may be called from any goroutine.
func (w *Writer[T]) Fill() int { return w.w.Fill() }

// Close ends the stream and notifies armed readers; they drain, then see end
// of stream. Idempotent.
func (w *Writer[T]) Close() { w.w.Close() }

// Reader is a consuming end. Its methods must be called from one goroutine at a time.
type Reader[T any] struct{ r *ring.Reader[T] }

// Slice returns the items available now, possibly none; ok is false once
// the writer has closed and everything was consumed.
func (r *Reader[T]) Slice() (items []T, ok bool) { return r.r.Slice() }

// Available reports how many items can be read now and whether the writer
// has closed. Unlike the other methods it may be called from any goroutine.
func (r *Reader[T]) Available() (n int, writerClosed bool) { return r.r.Available() }

// Arm arms the data notifier; check Slice again before waiting.
func (r *Reader[T]) Arm() { r.r.Arm() }

// Tags returns the tags of the items of the last slice not yet consumed, in
// offset order. The returned slice is reused by the next call to Tags (so
// that reading tags allocates nothing): copy what must outlive it.
func (r *Reader[T]) Tags() []buffer.Tag { return r.r.Tags() }

// Consume releases the first n items of the last slice and notifies the
// armed writer. n beyond it panics.
func (r *Reader[T]) Consume(n int) { r.r.Consume(n) }

// Offset returns the absolute offset of the next item to be read.
func (r *Reader[T]) Offset() uint64 { return r.r.Offset() }

// Close releases the reader's hold on the writer and notifies it if armed.
// Idempotent.
func (r *Reader[T]) Close() { r.r.Close() }
