package blocks

import (
	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/registry"
)

// InterleavedCharToComplex turns interleaved int8 I/Q pairs into complex
// items, I/scale + j·Q/scale (GNU Radio interleaved_char_to_complex, whose
// scale_factor also defaults to 1: scale 128 maps the int8 range to [-1, 1)).
//
// # Stream Inputs
//
// In: int8 items, I0 Q0 I1 Q1 ... .
//
// # Stream Outputs
//
// Out: complex64 items, one per pair: half the input rate.
//
// # Parameters
//
// scale: divisor (default 1; finite, non-zero).
//
// # Tags
//
// A tag on input item i goes to output item i/2.
//
// # Usage
//
//	iq, err := blocks.NewInterleavedCharToComplex(128)
//	if err != nil { ... }
//	g.Add("iq", iq)
//	flowgraph.Connect(g, &file.Out, &iq.In)
//	flowgraph.Connect(g, &iq.Out, &snk.In)
type InterleavedCharToComplex struct {
	*block.MapNBlock[int8, complex64]
	inv float32
}

// NewInterleavedCharToComplex returns an InterleavedCharToComplex dividing by scale.
func NewInterleavedCharToComplex(scale float64) (*InterleavedCharToComplex, error) {
	if err := convertScale(scale); err != nil {
		return nil, err
	}
	b := &InterleavedCharToComplex{inv: float32(1 / scale)}
	b.MapNBlock = block.MapN(2, 1, b.work)
	return b, nil
}

// work computes out from in.
func (b *InterleavedCharToComplex) work(in []int8, out []complex64) {
	inv := b.inv
	for i := range out {
		out[i] = complex(float32(in[2*i])*inv, float32(in[2*i+1])*inv)
	}
}

// interleavedCharToComplexSpec is the registry entry of interleaved_char_to_complex.
func interleavedCharToComplexSpec() registry.Spec {
	return convertScaledSpec("interleaved_char_to_complex", "interleaved int8 I/Q pairs to complex items, x/scale", convertDivDoc,
		func(s float64) (block.Block, error) { return asBlock(NewInterleavedCharToComplex(s)) })
}
