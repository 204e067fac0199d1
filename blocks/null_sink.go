package blocks

import (
	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/registry"
)

// NullSink consumes and discards every item.
//
// # Stream Inputs
//
// In: items of type T, discarded.
//
// # Parameters
//
// None besides the item type.
//
// # Tags
//
// Ignored.
//
// # Usage
//
//	src := blocks.NewNullSource[float32]()
//	snk := blocks.NewNullSink[float32]()
//	g.Add("src", src); g.Add("snk", snk)
//	flowgraph.Connect(g, &src.Out, &snk.In)
type NullSink[T any] struct {
	*block.SinkBlock[T]
}

// NewNullSink returns a sink that discards its input.
func NewNullSink[T any]() *NullSink[T] { return &NullSink[T]{block.Sink(nullSinkWork[T])} }

// nullSinkWork accepts every item and does nothing with it.
func nullSinkWork[T any]([]T) error { return nil }

// nullSinkSpec is the registry entry of null_sink.
func nullSinkSpec() registry.Spec {
	return sinksGenericSpec("null_sink", "consumes and discards every item", nil, withInt32(sourcesAll(
		func(registry.Params) (block.Block, error) { return NewNullSink[float32](), nil },
		func(registry.Params) (block.Block, error) { return NewNullSink[complex64](), nil },
		func(registry.Params) (block.Block, error) { return NewNullSink[int8](), nil },
		func(registry.Params) (block.Block, error) { return NewNullSink[uint8](), nil },
		func(registry.Params) (block.Block, error) { return NewNullSink[int16](), nil },
	), func(registry.Params) (block.Block, error) { return NewNullSink[int32](), nil }))
}
