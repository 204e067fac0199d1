// Package async is the circular buffer for code that must stay responsive:
// Slice takes a context and returns when items (or space) are there or the
// context is done, and Ready gives a channel to use in a select with other
// events. It is the counterpart of vmcircbuffer's "asynchronous" module.
//
// End of stream is reported as buffer.ErrEndOfStream, after the reader has
// drained everything the writer produced.
package async

import (
	"context"

	"github.com/flowrun/flowrun/buffer"
	"github.com/flowrun/flowrun/buffer/internal/ring"
)

// Writer is the producing end of an async circular buffer. Its methods must
// be called from one goroutine at a time, except AddReader.
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

// Slice waits until there is space and returns all of it, or returns
// ctx.Err() when ctx is done first.
func (w *Writer[T]) Slice(ctx context.Context) ([]T, error) {
	s := w.w.SliceWait(func() bool { return wait(ctx, w.wake) })
	if s == nil {
		return nil, ctx.Err()
	}
	return s, nil
}

// TrySlice returns the space available now, possibly none.
func (w *Writer[T]) TrySlice() []T { return w.w.Slice() }

// Ready returns a channel that receives when TrySlice may return space.
// Wake-ups may be spurious; check TrySlice after each.
func (w *Writer[T]) Ready() <-chan struct{} {
	w.w.Arm()
	if w.w.Space() > 0 {
		w.wake.Notify()
	}
	return w.wake
}

// Produce publishes the first n items of the last slice, with tags at
// absolute offsets in [Offset(), Offset()+n). n beyond the slice panics.
func (w *Writer[T]) Produce(n int, tags ...buffer.Tag) { w.w.Produce(n, tags) }

// Offset returns the absolute offset of the next item to be produced.
func (w *Writer[T]) Offset() uint64 { return w.w.Offset() }

// Capacity returns the capacity in items.
func (w *Writer[T]) Capacity() int { return w.w.Capacity() }

// Close ends the stream; readers drain, then see end of stream. Idempotent.
func (w *Writer[T]) Close() { w.w.Close() }

// Reader is a consuming end of an async circular buffer. Its methods must be
// called from one goroutine at a time.
type Reader[T any] struct {
	r    *ring.Reader[T]
	wake ring.Chan
}

// Slice waits until items are available and returns all of them. It returns
// buffer.ErrEndOfStream once the writer has closed and everything was
// consumed, or ctx.Err() when ctx is done first.
func (r *Reader[T]) Slice(ctx context.Context) ([]T, error) {
	s, ok := r.r.SliceWait(func() bool { return wait(ctx, r.wake) })
	switch {
	case !ok:
		return nil, buffer.ErrEndOfStream
	case s == nil:
		return nil, ctx.Err()
	}
	return s, nil
}

// TrySlice returns the items available now, possibly none; ok is false at
// end of stream.
func (r *Reader[T]) TrySlice() (items []T, ok bool) { return r.r.Slice() }

// Ready returns a channel that receives when TrySlice may return items or
// end of stream. Wake-ups may be spurious; check TrySlice after each.
func (r *Reader[T]) Ready() <-chan struct{} {
	r.r.Arm()
	if n, closed := r.r.Available(); n > 0 || closed {
		r.wake.Notify()
	}
	return r.wake
}

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

func wait(ctx context.Context, wake ring.Chan) bool {
	select {
	case <-wake:
		return true
	case <-ctx.Done():
		return false
	}
}
