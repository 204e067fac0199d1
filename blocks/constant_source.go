package blocks

import (
	"fmt"

	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/registry"
)

// ConstantSource produces one value forever.
//
// # Stream Outputs
//
// Out: the value, as items of type T.
//
// # Parameters
//
// value: the constant (complex for complex64; a whole number in range for
// integer types).
//
// # Tags
//
// None are produced.
//
// # Usage
//
//	src := blocks.NewConstantSource[float32](0.5)
//	snk := blocks.NewNullSink[float32]()
//	g.Add("src", src)
//	g.Add("snk", snk)
//	flowgraph.Connect(g, &src.Out, &snk.In)
type ConstantSource[T sourcesItem] struct {
	*block.SourceBlock[T]
	value T
}

// NewConstantSource returns a source of v.
func NewConstantSource[T sourcesItem](v T) *ConstantSource[T] {
	b := &ConstantSource[T]{value: v}
	b.SourceBlock = block.Source(b.work)
	return b
}

// work fills out (never empty) with the value.
func (b *ConstantSource[T]) work(out []T) (int, error) {
	out[0] = b.value
	for k := 1; k < len(out); k *= 2 { // doubling copies: memmove speed
		copy(out[k:], out[:k])
	}
	return len(out), nil
}

func constantFromParams[T sourcesItem](p registry.Params) (block.Block, error) {
	v, err := sourcesFromComplex[T](p.Complex("value"))
	if err != nil {
		return nil, fmt.Errorf("value: %w", err)
	}
	return NewConstantSource(v), nil
}

// constantSourceSpec is the registry entry of constant_source.
func constantSourceSpec() registry.Spec {
	return registry.Spec{
		ID:  "constant_source",
		Doc: "produces one value forever",
		Params: []registry.Param{typeParam(TypeComplex64),
			{Name: "value", Type: registry.ParamComplex, Default: 0.0, Doc: "the constant (whole number in range for integer types)"}},
		New: func(p registry.Params) (block.Block, error) {
			return byType(p, sourcesAll(constantFromParams[float32], constantFromParams[complex64],
				constantFromParams[int8], constantFromParams[uint8], constantFromParams[int16]))
		},
	}
}
