package blocks

import (
	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/registry"
)

// InterleavedShortToComplex turns interleaved int16 I/Q pairs into complex
// items, I/scale + j·Q/scale (GNU Radio interleaved_short_to_complex, scale
// default 1; use 32768 to map the int16 range to [-1, 1)). With swap, the
// first item of each pair is Q.
//
// # Stream Inputs
//
// In: int16 items, I0 Q0 I1 Q1 ... .
//
// # Stream Outputs
//
// Out: complex64 items, one per pair: half the input rate.
//
// # Parameters
//
// scale: divisor (default 1; finite, non-zero).
// swap: pairs are Q, I (default false).
//
// # Tags
//
// A tag on input item i goes to output item i/2.
//
// # Usage
//
//	iq, err := blocks.NewInterleavedShortToComplex(32768, false)
//	if err != nil { ... }
//	g.Add("iq", iq)
//	flowgraph.Connect(g, &file.Out, &iq.In)
//	flowgraph.Connect(g, &iq.Out, &snk.In)
type InterleavedShortToComplex struct {
	*block.MapNBlock[int16, complex64]
	inv  float32
	swap bool
}

// NewInterleavedShortToComplex returns an InterleavedShortToComplex dividing by scale.
func NewInterleavedShortToComplex(scale float64, swap bool) (*InterleavedShortToComplex, error) {
	if err := convertScale(scale); err != nil {
		return nil, err
	}
	b := &InterleavedShortToComplex{inv: float32(1 / scale), swap: swap}
	b.MapNBlock = block.MapN(2, 1, b.work)
	return b, nil
}

// work computes out from in.
func (b *InterleavedShortToComplex) work(in []int16, out []complex64) {
	inv := b.inv
	if b.swap {
		for i := range out {
			out[i] = complex(float32(in[2*i+1])*inv, float32(in[2*i])*inv)
		}
	} else {
		in = in[:2*len(out)]
		for i := range out {
			out[i] = complex(float32(in[2*i])*inv, float32(in[2*i+1])*inv)
		}
	}
}

// interleavedShortToComplexSpec is the registry entry of
// interleaved_short_to_complex.
func interleavedShortToComplexSpec() registry.Spec {
	return registry.Spec{
		ID: "interleaved_short_to_complex", Doc: "interleaved int16 I/Q pairs to complex items, x/scale",
		Params: []registry.Param{convertScaleParam(convertDivDoc, 1),
			{Name: "swap", Type: registry.ParamBool, Default: false, Doc: "pairs are Q, I"}},
		New: func(p registry.Params) (block.Block, error) {
			return asBlock(NewInterleavedShortToComplex(p.Float("scale"), p.Bool("swap")))
		},
	}
}
