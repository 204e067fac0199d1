package blocks

import (
	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/registry"
)

// NullSource produces zeros forever.
//
// # Stream Outputs
//
// Out: zeros of type T.
//
// # Parameters
//
// None besides the item type.
//
// # Tags
//
// None are produced.
//
// # Usage
//
//	src := blocks.NewNullSource[complex64]()
//	snk := blocks.NewNullSink[complex64]()
//	g.Add("src", src)
//	g.Add("snk", snk)
//	flowgraph.Connect(g, &src.Out, &snk.In)
type NullSource[T sourcesItem] struct {
	*block.SourceBlock[T]
}

// NewNullSource returns a source of zeros.
func NewNullSource[T sourcesItem]() *NullSource[T] {
	return &NullSource[T]{block.Source(nullSourceWork[T])}
}

// nullSourceWork fills out with zeros.
func nullSourceWork[T sourcesItem](out []T) (int, error) {
	clear(out)
	return len(out), nil
}

// nullSourceSpec is the registry entry of null_source.
func nullSourceSpec() registry.Spec {
	return registry.Spec{
		ID:     "null_source",
		Doc:    "produces zeros forever",
		Params: []registry.Param{typeParam(TypeComplex64, int32Types...)},
		New: func(p registry.Params) (block.Block, error) {
			return byType(p, withInt32(sourcesAll(
				func(registry.Params) (block.Block, error) { return NewNullSource[float32](), nil },
				func(registry.Params) (block.Block, error) { return NewNullSource[complex64](), nil },
				func(registry.Params) (block.Block, error) { return NewNullSource[int8](), nil },
				func(registry.Params) (block.Block, error) { return NewNullSource[uint8](), nil },
				func(registry.Params) (block.Block, error) { return NewNullSource[int16](), nil },
			), func(registry.Params) (block.Block, error) { return NewNullSource[int32](), nil }))
		},
	}
}
