// Package lockfree is the single-producer, multi-consumer circular buffer
// whose data path is atomics only: Produce and Consume take no lock and send
// on no channel, and waiting is done by spinning with runtime.Gosched, never
// by sleeping in the scheduler. Use it where latency matters more than an
// idle core; it is the counterpart of vmcircbuffer's "lockfree" module.
//
// Unlike the Rust crate, a reader sees end of stream (ok == false) after the
// writer closes, and a closed reader's slot is freed at once: readers may
// come and go without limit. Tags, when the buffer has a metadata store,
// take a per-reader lock on the tagged produce and consume calls only.
package lockfree

import (
	"runtime"

	"github.com/flowrun/flowrun/buffer"
	"github.com/flowrun/flowrun/buffer/internal/ring"
)

// Writer is the single producer. Its methods must be called from one
// goroutine at a time, except AddReader.
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
func (w *Writer[T]) AddReader() *Reader[T] { return &Reader[T]{r: w.w.AddReader(nil, nil)} }

// Slice spins until there is space and returns all of it. With no readers
// it is the whole capacity, or the buffer.WithMaxFill limit (overwriting).
func (w *Writer[T]) Slice() []T { return w.w.SliceWait(spin) }

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

// Reader is one consumer. Its methods must be called from one goroutine at a time.
type Reader[T any] struct{ r *ring.Reader[T] }

// Slice spins until items are available and returns all of them; ok is
// false once the writer has closed and everything was consumed.
func (r *Reader[T]) Slice() (items []T, ok bool) { return r.r.SliceWait(spin) }

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

// Close releases the reader's hold on the writer and frees its slot. Idempotent.
func (r *Reader[T]) Close() { r.r.Close() }

func spin() bool {
	runtime.Gosched()
	return true
}
