package blocks

import (
	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/registry"
)

// Conjugate outputs the complex conjugate of every item (GNU Radio
// conjugate_cc).
//
// # Stream Inputs
//
// In: complex64 items.
//
// # Stream Outputs
//
// Out: re(In) - j·im(In).
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
//	conj := blocks.NewConjugate()
//	g.Add("conj", conj)
//	flowgraph.Connect(g, &src.Out, &conj.In)
//	flowgraph.Connect(g, &conj.Out, &snk.In)
type Conjugate struct {
	*block.MapBlock[complex64, complex64]
}

// NewConjugate returns a Conjugate.
func NewConjugate() *Conjugate {
	b := &Conjugate{}
	b.MapBlock = block.Map(b.work)
	return b
}

// work computes out from in, item for item.
func (b *Conjugate) work(in []complex64, out []complex64) {
	for i, v := range in {
		out[i] = complex(real(v), -imag(v))
	}
}

// conjugateSpec is the registry entry of conjugate.
func conjugateSpec() registry.Spec {
	return registry.Spec{ID: "conjugate", Doc: "complex conjugate of every item",
		New: func(registry.Params) (block.Block, error) { return NewConjugate(), nil }}
}
