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

// A side that finds nothing after yielding spins briefly before it arms and
// sleeps: spinLooks looks, spinPause iterations of an empty loop apart
// (about 0.15 µs each here, a microsecond or so in all). With work on the
// items (a writer filling 4096-item chunks, a reader summing them), the
// faster side otherwise sleeps on every chunk, and a sleep and its wake-up
// cost more than the wait: the blocking flavour went from 1.04× to 1.55×
// (medians; 1.23–2.5× per round) the throughput of a channel of recycled
// batches (6 interleaved rounds on a 2-vCPU VM). The price is paid when
// there is no work on the items: empty chunks passed from 78 to 113 ns per
// chunk (medians), because sleeping let the
// other side pile up several chunks per wake-up, where spinning takes them
// one by one.
const (
	spinLooks = 8
	spinPause = 400
)

// pause spends about n cycles without touching memory, so that a spinning
// side does not keep pulling the cache line the other side writes.
//
//go:noinline
func pause(n int) {
	for i := 0; i < n; i++ {
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
		for range spinLooks {
			pause(spinPause)
			if s := w.Slice(); len(s) > 0 {
				return s
			}
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
		for range spinLooks {
			pause(spinPause)
			if s, ok := r.Slice(); len(s) > 0 || !ok {
				return s, ok
			}
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
