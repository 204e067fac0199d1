// Package block defines what a flowrun block is: a Go struct whose fields
// are typed stream ports (In[T], Out[T]) and whose Work method moves items
// from its inputs to its outputs through zero-copy slices of the
// double-mapped buffers that connect blocks.
//
// Most blocks are one function given to a helper that states the rate with
// the work and declares the block's needs: Map (1:1), MapN (n:m:
// decimators, interpolators, vectors), Combine (inputs in step), Split
// (outputs in step), Source and Sink. A block type embeds the helper:
//
//	type Scale struct {
//		*block.MapBlock[float32, float32]
//		K float32
//	}
//
//	func NewScale(k float32) *Scale {
//		s := &Scale{K: k}
//		s.MapBlock = block.Map(func(in, out []float32) {
//			for i, v := range in {
//				out[i] = s.K * v
//			}
//		})
//		return s
//	}
//
// A hand-written Work reads In.Slice, writes Out.Slice in place, and says
// how much it used with Consume and Produce, in any order:
//
//	func (s *Scale) Work(io *block.IO) error {
//		in, out := s.In.Slice(), s.Out.Slice()
//		n := min(len(in), len(out))
//		if n == 0 {
//			return s.In.Idle() // wait for items, or ErrDone at the end
//		}
//		for i := range n {
//			out[i] = s.K * in[i]
//		}
//		s.In.Consume(n)
//		s.Out.Produce(n)
//		return nil
//	}
//
// When Work returns, one commit (Ports.Commit, run by the scheduler)
// forwards the tags of the consumed items to every output at the
// corresponding item, rescaled by the call's rate (In.SetTagPolicy opts
// out), then releases the consumed items and publishes the produced ones.
//
// Work returns nil to be called again, ErrDone (or an error wrapping it)
// when the block has finished, or any other error to stop the graph. A Work
// call that neither consumes nor produces tells the scheduler to put the
// block to sleep until a neighbour produces or consumes (or a deadline set
// with IO.WakeAt passes). A block that can never be woken again — its
// inputs ended with items it declared it can use, or every block of the
// graph waiting on another — stops the graph with ErrStalled.
package block

import (
	"context"
	"errors"
	"time"
)

// ErrDone is returned by Work (directly or wrapped) when the block has
// finished: its outputs are closed and its readers drain them.
var ErrDone = errors.New("block: done")

// Block is a stream-processing step. Work is called from one goroutine at a
// time, never concurrently with itself.
type Block interface {
	Work(io *IO) error
}

// Initializer is implemented by blocks that need setup before the first
// Work call (opening files, allocating state). An error stops the graph
// before it starts.
type Initializer interface {
	Init(ctx context.Context) error
}

// Deinitializer is implemented by blocks that release resources after the
// last Work call; it runs whether the block finished, failed or was cancelled.
type Deinitializer interface {
	Deinit() error
}

// IO is what the scheduler hands to Work besides the ports.
type IO struct {
	ctx    context.Context
	wakeAt time.Time
}

// NewIO returns an IO for ctx; schedulers and test harnesses make one per block.
func NewIO(ctx context.Context) *IO { return &IO{ctx: ctx} }

// Context is cancelled when the graph stops.
func (io *IO) Context() context.Context { return io.ctx }

// WakeAt asks to be called again at t even if no neighbour wakes the block
// (throttles, timed sources). It applies to the next wait only.
func (io *IO) WakeAt(t time.Time) { io.wakeAt = t }

// TakeWakeAt returns and clears the deadline set with WakeAt (zero if none).
// The scheduler calls it after each Work call.
func (io *IO) TakeWakeAt() time.Time {
	t := io.wakeAt
	io.wakeAt = time.Time{}
	return t
}
