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
// When Work returns, one commit (run by the scheduler)
// forwards the tags of the consumed items to every output at the
// corresponding item, rescaled by the call's rate (In.SetTagPolicy opts
// out), then releases the consumed items and publishes the produced ones.
//
// A parameter that may change while the graph runs is a Setting field
// (K block.Setting[float32]): Work reads it with Get, and Go code, the
// flowgraph's Set, the control API and the block's automatic "set" message
// input change it between Work calls, tagging the change in each output.
//
// Work returns nil to be called again, ErrDone (or an error wrapping it)
// when the block has finished, or any other error to stop the graph. A Work
// call that neither consumes nor produces tells the scheduler to put the
// block to sleep until a neighbour produces or consumes, a deadline set
// with IO.WakeAt passes, or a goroutine of its own calls the Waker it took
// with IO.Waker (a block fed from outside the graph: a socket, a device).
// A block that can never be woken again — its
// inputs ended with items it declared it can use, or every block of the
// graph waiting on another — stops the graph with ErrStalled.
package block

import (
	"context"
)

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
// last Work call; it runs whether the block finished, failed or was
// cancelled, before the block's ports are closed: memory of its input and
// output slices that it lent to a goroutine of its own (a socket writing
// straight from the input) stays mapped until Deinit has taken it back.
type Deinitializer interface {
	Deinit() error
}

// RateChanger is implemented by a block whose outputs each carry a fixed
// number of items per item of each input, on average over a long run:
// interpolation/decimation output items per input item (1, 1 for a block
// that passes or transforms items one for one; 1, D for a decimator by D;
// 1, N for a stream-to-vector of N). The flowgraph uses it to carry the
// sample rates it knows from one edge to the next, to size buffers for a
// latency budget (flowgraph.WithMaxLatency); a block that does not
// implement it stops that propagation. Both numbers must be at least 1.
type RateChanger interface {
	RateChange() (interpolation, decimation int)
}

// Rated is implemented by a block that knows, before it runs, how many
// items per second pass its ports: its inputs' rate, or its outputs' for a
// block with no input (a throttle's limit, a device's sample rate, an
// audio sink's rate). 0 means unknown. flowgraph.Graph.DeclareRate states
// the same for a block that does not implement it. The flowgraph calls
// ItemRate before the block runs, from the goroutine that builds or
// validates the graph.
type Rated interface {
	ItemRate() float64
}
