package blocks

import (
	"math"

	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/registry"
)

// InterleavedUcharToComplex turns interleaved uint8 I/Q pairs, as RTL-SDR
// dongles deliver them, into complex items (x-offset)/scale. GNU Radio has
// no such block (gr-osmosdr converts internally with offset 127.4, scale
// 128). The defaults, offset 127.5 and scale 127.5, map 0 to -1 and 255 to
// +1 exactly and give a uniformly used range zero mean; set offset 127.4,
// scale 128 to match gr-osmosdr and SoapyRTLSDR.
//
// # Stream Inputs
//
// In: uint8 items, I0 Q0 I1 Q1 ... .
//
// # Stream Outputs
//
// Out: complex64 items, one per pair: half the input rate.
//
// # Parameters
//
// offset: subtracted first (default 127.5).
// scale: divisor (default 127.5; finite, non-zero).
//
// # Tags
//
// A tag on input item i goes to output item i/2.
//
// # Usage
//
//	iq, err := blocks.NewInterleavedUcharToComplex(127.5, 127.5)
//	if err != nil { ... }
//	g.Add("iq", iq)
//	flowgraph.Connect(g, &rtl.Out, &iq.In)
//	flowgraph.Connect(g, &iq.Out, &snk.In)
type InterleavedUcharToComplex struct {
	*block.MapNBlock[uint8, complex64]
	lut [256]float32
}

// NewInterleavedUcharToComplex returns an InterleavedUcharToComplex computing (x-offset)/scale.
func NewInterleavedUcharToComplex(offset, scale float64) (*InterleavedUcharToComplex, error) {
	if err := convertScale(scale); err != nil {
		return nil, err
	}
	if math.IsNaN(offset) || math.IsInf(offset, 0) {
		return nil, mathBadParam("offset", offset, "a finite number")
	}
	b := &InterleavedUcharToComplex{}
	b.MapNBlock = block.MapN(2, 1, b.work)
	for x := range b.lut {
		b.lut[x] = float32((float64(x) - offset) / scale)
	}
	return b, nil
}

// work computes out from in.
func (b *InterleavedUcharToComplex) work(in []uint8, out []complex64) {
	lut := &b.lut
	for i := range out {
		out[i] = complex(lut[in[2*i]], lut[in[2*i+1]])
	}
}

// interleavedUcharToComplexSpec is the registry entry of
// interleaved_uchar_to_complex.
func interleavedUcharToComplexSpec() registry.Spec {
	return registry.Spec{
		ID: "interleaved_uchar_to_complex", Doc: "interleaved uint8 I/Q pairs (RTL-SDR) to complex items, (x-offset)/scale",
		Params: []registry.Param{
			{Name: "offset", Type: registry.ParamFloat, Default: 127.5, Doc: "subtracted first (127.4 for gr-osmosdr's convention)"},
			convertScaleParam(convertDivDoc+" (128 for gr-osmosdr's convention)", 127.5),
		},
		New: func(p registry.Params) (block.Block, error) {
			return asBlock(NewInterleavedUcharToComplex(p.Float("offset"), p.Float("scale")))
		},
	}
}
