package blocks

import (
	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/registry"
)

// ComplexToInterleavedShort turns complex items into interleaved int16 I/Q
// pairs, each part multiplied by scale, saturated and rounded half to even
// (GNU Radio complex_to_interleaved_short, scale default 1; use 32767 for
// samples in [-1, 1]).
//
// # Stream Inputs
//
// In: complex64 items.
//
// # Stream Outputs
//
// Out: int16 items, I0 Q0 I1 Q1 ...: twice the input rate.
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
//	pcm, err := blocks.NewComplexToInterleavedShort(32767)
//	if err != nil { ... }
//	g.Add("pcm", pcm)
//	flowgraph.Connect(g, &src.Out, &pcm.In)
//	flowgraph.Connect(g, &pcm.Out, &file.In)
type ComplexToInterleavedShort struct {
	*block.MapNBlock[complex64, int16]
	scale float32
}

// NewComplexToInterleavedShort returns a ComplexToInterleavedShort multiplying by scale.
func NewComplexToInterleavedShort(scale float64) (*ComplexToInterleavedShort, error) {
	if err := convertScale(scale); err != nil {
		return nil, err
	}
	b := &ComplexToInterleavedShort{scale: float32(scale)}
	b.MapNBlock = block.MapN(1, 2, b.work)
	return b, nil
}

// work computes out from in.
func (b *ComplexToInterleavedShort) work(in []complex64, out []int16) {
	s := b.scale
	for i, v := range in {
		out[2*i] = convertInt16(real(v) * s)
		out[2*i+1] = convertInt16(imag(v) * s)
	}
}

// complexToInterleavedShortSpec is the registry entry of complex_to_interleaved_short.
func complexToInterleavedShortSpec() registry.Spec {
	return convertScaledSpec("complex_to_interleaved_short", "complex items to interleaved int16 I/Q pairs, saturating x·scale", convertMulDoc,
		func(s float64) (block.Block, error) { return asBlock(NewComplexToInterleavedShort(s)) })
}
