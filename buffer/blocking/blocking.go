// Package blocking is the circular buffer whose Slice methods block: the
// writer until there is space, a reader until there are items or the stream
// has ended. It is the counterpart of the Rust crate vmcircbuffer's "sync"
// module, renamed because a Go package named sync would shadow the standard
// library's.
//
// Waiting goroutines sleep on a channel; an idle buffer uses no CPU.
package blocking

import (
	"github.com/flowrun/flowrun/buffer"
	"github.com/flowrun/flowrun/buffer/internal/ring"
)

// Writer is the producing end of a blocking circular buffer. Its methods
// must be called from one goroutine at a time, except AddReader.
type Writer[T any] struct {
	w    *ring.Writer[T]
	wake ring.Chan
}

// New maps a buffer of items of type T (see buffer.NewDoubleMapped for the
// rules on T and the capacity) and returns its writer.
func New[T any](opts ...buffer.Option) (*Writer[T], error) {
	w, err := ring.New[T](buffer.Apply(opts...))
	if err != nil {
		return nil, err
	}
	return &Writer[T]{w: w, wake: ring.NewChan()}, nil
}

// AddReader returns a reader that sees the items produced from now on.
func (w *Writer[T]) AddReader() *Reader[T] {
	wake := ring.NewChan()
	return &Reader[T]{r: w.w.AddReader(wake, w.wake), wake: wake}
}

// Slice blocks until there is space and returns all of it as one slice.
// With no readers it returns the whole capacity (or the buffer.WithMaxFill
// limit) at once (overwriting).
func (w *Writer[T]) Slice() []T {
	return w.w.SliceWait(func() bool { <-w.wake; return true })
}

// TrySlice returns the space available now, possibly none.
func (w *Writer[T]) TrySlice() []T { return w.w.Slice() }

// Produce publishes the first n items of the last slice, with tags at
// absolute offsets in [Offset(), Offset()+n). n beyond the slice panics.
func (w *Writer[T]) Produce(n int, tags ...buffer.Tag) { w.w.Produce(n, tags) }

// Offset returns the absolute offset of the next item to be produced.
func (w *Writer[T]) Offset() uint64 { return w.w.Offset() }

// Capacity returns the capacity in items.
func (w *Writer[T]) Capacity() int { return w.w.Capacity() }

// Close ends the stream; readers drain, then see end of stream. Idempotent.
func (w *Writer[T]) Close() { w.w.Close() }

// Reader is a consuming end of a blocking circular buffer. Its methods must
// be called from one goroutine at a time.
type Reader[T any] struct {
	r    *ring.Reader[T]
	wake ring.Chan
}

// Slice blocks until items are available and returns all of them as one
// slice; ok is false once the writer has closed and everything was consumed.
func (r *Reader[T]) Slice() (items []T, ok bool) {
	return r.r.SliceWait(func() bool { <-r.wake; return true })
}

// TrySlice returns the items available now, possibly none; ok as for Slice.
func (r *Reader[T]) TrySlice() (items []T, ok bool) { return r.r.Slice() }

// Tags returns the tags of the items of the last slice not yet consumed, in
// offset order. The returned slice is reused by the next call to Tags (so
// that reading tags allocates nothing): copy what must outlive it.
func (r *Reader[T]) Tags() []buffer.Tag { return r.r.Tags() }

// Consume releases the first n items of the last slice. n beyond it panics.
func (r *Reader[T]) Consume(n int) { r.r.Consume(n) }

// Offset returns the absolute offset of the next item to be read.
func (r *Reader[T]) Offset() uint64 { return r.r.Offset() }

// Close releases the reader's hold on the writer. Idempotent.
func (r *Reader[T]) Close() { r.r.Close() }
