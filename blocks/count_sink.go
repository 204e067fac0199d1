package blocks

import (
	"fmt"
	"sync/atomic"

	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/registry"
)

// CountSink counts the items of its input and, if told how many to expect,
// finishes after that many.
//
// # Stream Inputs
//
// In: items of type T, discarded.
//
// # Parameters
//
// expect (items): 0 to count forever; otherwise the sink consumes exactly
// expect items and finishes (which stops the blocks upstream, like a head
// followed by a sink), and fails if its input ends before.
//
// # Tags
//
// Ignored.
//
// # Usage
//
//	cnt := blocks.NewCountSink[complex64](1_000_000)
//	g.Add("cnt", cnt)
//	flowgraph.Connect(g, &src.Out, &cnt.In)
//	// cnt.Count() from any goroutine
type CountSink[T any] struct {
	In     block.In[T]
	expect uint64
	count  atomic.Uint64
}

// NewCountSink returns a counting sink that finishes after expect items (0: never).
func NewCountSink[T any](expect uint64) *CountSink[T] { return &CountSink[T]{expect: expect} }

// Count returns the items consumed so far; safe from any goroutine.
func (b *CountSink[T]) Count() uint64 { return b.count.Load() }

// Work implements block.Block.
func (b *CountSink[T]) Work(*block.IO) error {
	in := b.In.Slice()
	n := uint64(len(in))
	c := b.count.Load()
	if b.expect > 0 {
		n = min(n, b.expect-c)
	}
	if n == 0 {
		if b.In.Finished() {
			if b.expect > 0 && c < b.expect {
				return fmt.Errorf("count_sink: input ended after %d items, expected %d", c, b.expect)
			}
			return block.ErrDone
		}
		return nil
	}
	b.In.Consume(int(n))
	c = b.count.Add(n)
	if b.expect > 0 && c == b.expect {
		return block.ErrDone
	}
	return nil
}

// countSinkSpec is the registry entry of count_sink.
func countSinkSpec() registry.Spec {
	expect := func(p registry.Params) uint64 { return uint64(p.Int("expect")) }
	return sinksGenericSpec("count_sink", "counts items; with expect, finishes after that many",
		[]registry.Param{{Name: "expect", Type: registry.ParamInt, Default: 0, Unit: "items", Min: registry.Bound(0), Doc: "items after which to finish, 0 for never"}},
		sourcesAll(
			func(p registry.Params) (block.Block, error) { return NewCountSink[float32](expect(p)), nil },
			func(p registry.Params) (block.Block, error) { return NewCountSink[complex64](expect(p)), nil },
			func(p registry.Params) (block.Block, error) { return NewCountSink[int8](expect(p)), nil },
			func(p registry.Params) (block.Block, error) { return NewCountSink[uint8](expect(p)), nil },
			func(p registry.Params) (block.Block, error) { return NewCountSink[int16](expect(p)), nil },
		))
}
