package blocks

import (
	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/registry"
)

// ComplexToInterleavedChar turns complex items into interleaved int8 I/Q
// pairs, each part multiplied by scale, saturated and rounded half to even
// (GNU Radio complex_to_interleaved_char, scale default 1; use 127 for
// samples in [-1, 1]).
//
// # Stream Inputs
//
// In: complex64 items.
//
// # Stream Outputs
//
// Out: int8 items, I0 Q0 I1 Q1 ...: twice the input rate.
//
// # Parameters
//
// scale: multiplier (default 1; finite, non-zero).
//
// # Tags
//
// A tag on input item i goes to output item 2i (the I of its pair).
//
// # Usage
//
//	iq8, err := blocks.NewComplexToInterleavedChar(127)
//	if err != nil { ... }
//	g.Add("iq8", iq8)
//	flowgraph.Connect(g, &src.Out, &iq8.In)
//	flowgraph.Connect(g, &iq8.Out, &file.In)
type ComplexToInterleavedChar struct {
	*block.MapNBlock[complex64, int8]
	scale float32
}

// NewComplexToInterleavedChar returns a ComplexToInterleavedChar multiplying by scale.
func NewComplexToInterleavedChar(scale float64) (*ComplexToInterleavedChar, error) {
	if err := convertScale(scale); err != nil {
		return nil, err
	}
	b := &ComplexToInterleavedChar{scale: float32(scale)}
	b.MapNBlock = block.MapN(1, 2, b.work)
	return b, nil
}

// work computes out from in.
func (b *ComplexToInterleavedChar) work(in []complex64, out []int8) {
	s := b.scale
	for i, v := range in {
		out[2*i] = convertInt8(real(v) * s)
		out[2*i+1] = convertInt8(imag(v) * s)
	}
}

// complexToInterleavedCharSpec is the registry entry of complex_to_interleaved_char.
func complexToInterleavedCharSpec() registry.Spec {
	return convertScaledSpec("complex_to_interleaved_char", "complex items to interleaved int8 I/Q pairs, saturating x·scale", convertMulDoc,
		func(s float64) (block.Block, error) { return asBlock(NewComplexToInterleavedChar(s)) })
}
