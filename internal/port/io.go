package port

import (
	"context"
	"errors"
	"sync/atomic"
	"time"
)

// ErrDone is returned by Work (directly or wrapped) when the block has
// finished; block.ErrDone is this error.
var ErrDone = errors.New("block: done")

// IO is the state behind block.IO: what the scheduler hands to Work
// besides the ports.
type IO struct {
	ctx    context.Context
	wakeAt time.Time
	wake   func()      // the scheduler's wake-up of the block (SetWake)
	waker  atomic.Bool // the block took a Waker: it is fed from outside
}

// SetWake sets what a Waker calls to wake the block: a non-blocking,
// coalescing notification of the goroutine that calls Work. Schedulers call
// it once, before the first Work call.
func (io *IO) SetWake(wake func()) { io.wake = wake }

// Waker returns the function that wakes the block from any goroutine, and
// marks the block as fed from outside the graph (HasWaker). It returns a
// function that does nothing if the scheduler set none.
func (io *IO) Waker() func() {
	io.waker.Store(true)
	if io.wake == nil {
		return func() {}
	}
	return io.wake
}

// HasWaker reports whether the block took a Waker: an event from outside
// the graph (a socket, a device) may wake it, so no stall check may
// conclude that it waits for ever. Safe from any goroutine.
func (io *IO) HasWaker() bool { return io.waker.Load() }

// SetContext sets the context Work sees; schedulers call it once.
func (io *IO) SetContext(ctx context.Context) { io.ctx = ctx }

// Context is cancelled when the graph stops.
func (io *IO) Context() context.Context { return io.ctx }

// WakeAt asks to be called again at t even if no neighbour wakes the block.
func (io *IO) WakeAt(t time.Time) { io.wakeAt = t }

// TakeWakeAt returns and clears the deadline set with WakeAt (zero if none).
// The scheduler calls it after each Work call.
func (io *IO) TakeWakeAt() time.Time {
	t := io.wakeAt
	io.wakeAt = time.Time{}
	return t
}
