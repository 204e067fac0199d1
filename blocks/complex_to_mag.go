package blocks

import (
	"math"

	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/registry"
)

// ComplexToMag outputs the magnitude of every complex item (GNU Radio
// complex_to_mag, volk_32fc_magnitude_32f: sqrt(re²+im²) in float32).
//
// # Stream Inputs
//
// In: complex64 items.
//
// # Stream Outputs
//
// Out: |In| as float32.
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
//	mag := blocks.NewComplexToMag()
//	g.Add("mag", mag)
//	flowgraph.Connect(g, &src.Out, &mag.In)
//	flowgraph.Connect(g, &mag.Out, &snk.In)
type ComplexToMag struct {
	*block.MapBlock[complex64, float32]
}

// NewComplexToMag returns a ComplexToMag.
func NewComplexToMag() *ComplexToMag {
	b := &ComplexToMag{}
	b.MapBlock = block.Map(b.work)
	return b
}

// work computes out from in, item for item.
func (b *ComplexToMag) work(in []complex64, out []float32) {
	for i, v := range in {
		re, im := real(v), imag(v)
		out[i] = float32(math.Sqrt(float64(re*re + im*im)))
	}
}

// complexToMagSpec is the registry entry of complex_to_mag.
func complexToMagSpec() registry.Spec {
	return registry.Spec{ID: "complex_to_mag", Doc: "magnitude of complex items",
		New: func(registry.Params) (block.Block, error) { return NewComplexToMag(), nil }}
}
