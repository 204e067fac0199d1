package port

import (
	"context"
	"errors"
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
}

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
