package blocks

import (
	"math"

	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/registry"
)

// ComplexToArg outputs the phase angle of every complex item, atan2(im, re)
// in radians in [-π, π] (GNU Radio complex_to_arg, which uses an
// approximation good to about 1e-5 rad; this block computes atan2 exactly,
// in float64, rounded to float32).
//
// # Stream Inputs
//
// In: complex64 items.
//
// # Stream Outputs
//
// Out: arg(In) as float32, radians.
//
// # Parameters
//
// None.
//
// # Tags
//
// Carried to the same item.
//
// # Usage
//
//	arg := blocks.NewComplexToArg()
//	g.Add("arg", arg)
//	flowgraph.Connect(g, &src.Out, &arg.In)
//	flowgraph.Connect(g, &arg.Out, &snk.In)
type ComplexToArg struct {
	*block.MapBlock[complex64, float32]
}

// NewComplexToArg returns a ComplexToArg.
func NewComplexToArg() *ComplexToArg {
	b := &ComplexToArg{}
	b.MapBlock = block.Map(b.work)
	return b
}

// work computes out from in, item for item.
func (b *ComplexToArg) work(in []complex64, out []float32) {
	for i, v := range in {
		out[i] = float32(math.Atan2(float64(imag(v)), float64(real(v))))
	}
}

// complexToArgSpec is the registry entry of complex_to_arg.
func complexToArgSpec() registry.Spec {
	return registry.Spec{ID: "complex_to_arg", Doc: "phase angle atan2(im, re) of complex items, in radians",
		New: func(registry.Params) (block.Block, error) { return NewComplexToArg(), nil }}
}
