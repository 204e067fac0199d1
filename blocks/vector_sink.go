package blocks

import (
	"slices"
	"sync"

	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/buffer"
	"github.com/flowrun/flowrun/registry"
)

// VectorSink collects every item and tag of its input in memory.
//
// # Stream Inputs
//
// In: items of type T, kept.
//
// # Parameters
//
// None besides the item type.
//
// # Tags
//
// Kept, at their absolute offsets (the index of the item in Items).
//
// # Usage
//
//	src, _ := blocks.NewVectorSource([]int16{1, 2, 3}, false)
//	snk := blocks.NewVectorSink[int16]()
//	g.Add("src", src); g.Add("snk", snk)
//	flowgraph.Connect(g, &src.Out, &snk.In)
//	// after g.Run: snk.Items() == []int16{1, 2, 3}
type VectorSink[T any] struct {
	In    block.In[T]
	mu    sync.Mutex
	items []T
	tags  []buffer.Tag
}

// NewVectorSink returns an empty vector sink.
func NewVectorSink[T any]() *VectorSink[T] { return &VectorSink[T]{} }

// Work implements block.Block.
func (b *VectorSink[T]) Work(*block.IO) error {
	in := b.In.Slice()
	if len(in) == 0 {
		if b.In.Finished() {
			return block.ErrDone
		}
		return nil
	}
	b.mu.Lock()
	b.items = append(b.items, in...)
	b.tags = append(b.tags, b.In.Tags()...)
	b.mu.Unlock()
	b.In.Consume(len(in))
	return nil
}

// Items returns a copy of the items received so far; safe from any
// goroutine, complete once the graph's Run has returned.
func (b *VectorSink[T]) Items() []T {
	b.mu.Lock()
	defer b.mu.Unlock()
	return slices.Clone(b.items)
}

// Tags returns a copy of the tags received so far, in offset order; safe
// from any goroutine.
func (b *VectorSink[T]) Tags() []buffer.Tag {
	b.mu.Lock()
	defer b.mu.Unlock()
	return slices.Clone(b.tags)
}

// vectorSinkSpec is the registry entry of vector_sink.
func vectorSinkSpec() registry.Spec {
	return sinksGenericSpec("vector_sink", "collects every item and tag in memory", nil, withInt32(sourcesAll(
		func(registry.Params) (block.Block, error) { return NewVectorSink[float32](), nil },
		func(registry.Params) (block.Block, error) { return NewVectorSink[complex64](), nil },
		func(registry.Params) (block.Block, error) { return NewVectorSink[int8](), nil },
		func(registry.Params) (block.Block, error) { return NewVectorSink[uint8](), nil },
		func(registry.Params) (block.Block, error) { return NewVectorSink[int16](), nil },
	), func(registry.Params) (block.Block, error) { return NewVectorSink[int32](), nil }))
}
