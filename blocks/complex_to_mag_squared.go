package blocks

import (
	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/registry"
)

// ComplexToMagSquared outputs the squared magnitude (power) of every
// complex item (GNU Radio complex_to_mag_squared: re²+im² in float32).
//
// # Stream Inputs
//
// In: complex64 items.
//
// # Stream Outputs
//
// Out: |In|² as float32.
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
//	pwr := blocks.NewComplexToMagSquared()
//	g.Add("pwr", pwr)
//	flowgraph.Connect(g, &src.Out, &pwr.In)
//	flowgraph.Connect(g, &pwr.Out, &snk.In)
type ComplexToMagSquared struct {
	*block.MapBlock[complex64, float32]
}

// NewComplexToMagSquared returns a ComplexToMagSquared.
func NewComplexToMagSquared() *ComplexToMagSquared {
	b := &ComplexToMagSquared{}
	b.MapBlock = block.Map(b.work)
	return b
}

// work computes out from in, item for item.
func (b *ComplexToMagSquared) work(in []complex64, out []float32) {
	for i, v := range in {
		re, im := real(v), imag(v)
		out[i] = re*re + im*im
	}
}

// complexToMagSquaredSpec is the registry entry of complex_to_mag_squared.
func complexToMagSquaredSpec() registry.Spec {
	return registry.Spec{ID: "complex_to_mag_squared", Doc: "squared magnitude (power) of complex items",
		New: func(registry.Params) (block.Block, error) { return NewComplexToMagSquared(), nil }}
}
