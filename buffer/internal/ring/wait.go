package ring

import "runtime"

// Chan is a coalescing wake-up: a channel of capacity 1 whose Notify never
// blocks. A stale token only causes one extra check, never a missed one.
type Chan chan struct{}

// NewChan returns a Chan ready for use.
func NewChan() Chan { return make(Chan, 1) }

// Arm does nothing: the token is sent by Notify whether or not anyone waits.
func (c Chan) Arm() {}

// Notify leaves a token unless one is pending.
func (c Chan) Notify() {
	select {
	case c <- struct{}{}:
	default:
	}
}

// SliceWait returns a non-empty Slice, calling wait between checks after
// arming; it returns nil if wait returns false (cancelled).
func (w *Writer[T]) SliceWait(wait func() bool) []T {
	for {
		if s := w.Slice(); len(s) > 0 {
			return s
		}
		runtime.Gosched() // let the reader run before paying for a sleep
		if s := w.Slice(); len(s) > 0 {
			return s
		}
		w.Arm()
		if s := w.Slice(); len(s) > 0 {
			return s
		}
		if !wait() {
			return nil
		}
	}
}

// SliceWait returns a non-empty Slice or end of stream, calling wait
// between checks after arming; it returns nil, true if wait returns false.
func (r *Reader[T]) SliceWait(wait func() bool) ([]T, bool) {
	for {
		if s, ok := r.Slice(); len(s) > 0 || !ok {
			return s, ok
		}
		runtime.Gosched() // let the writer run before paying for a sleep
		if s, ok := r.Slice(); len(s) > 0 || !ok {
			return s, ok
		}
		r.Arm()
		if s, ok := r.Slice(); len(s) > 0 || !ok {
			return s, ok
		}
		if !wait() {
			return nil, true
		}
	}
}
