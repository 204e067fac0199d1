package blocks

import (
	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/registry"
)

// ComplexToFloat splits complex items into their real and imaginary parts
// (GNU Radio complex_to_float).
//
// # Stream Inputs
//
// In: complex64 items.
//
// # Stream Outputs
//
// Re ("re"): real parts; Im ("im"): imaginary parts, both float32.
//
// # Parameters
//
// None.
//
// # Tags
//
// Carried to the same item on both outputs.
//
// # Usage
//
//	split := blocks.NewComplexToFloat()
//	g.Add("split", split)
//	flowgraph.Connect(g, &src.Out, &split.In)
//	flowgraph.Connect(g, &split.Re, &i.In)
//	flowgraph.Connect(g, &split.Im, &q.In)
type ComplexToFloat struct {
	In block.In[complex64]
	Re block.Out[float32]
	Im block.Out[float32]
}

// NewComplexToFloat returns a ComplexToFloat.
func NewComplexToFloat() *ComplexToFloat { return &ComplexToFloat{} }

// Work implements block.Block.
func (b *ComplexToFloat) Work(*block.IO) error {
	in, re, im := b.In.Slice(), b.Re.Slice(), b.Im.Slice()
	n := min(len(in), len(re), len(im))
	if n == 0 {
		return b.In.Idle()
	}
	re, im = re[:n], im[:n]
	for i, v := range in[:n] {
		re[i], im[i] = real(v), imag(v)
	}
	b.In.Consume(n)
	b.Re.Produce(n)
	b.Im.Produce(n)
	return nil
}

// complexToFloatSpec is the registry entry of complex_to_float.
func complexToFloatSpec() registry.Spec {
	return registry.Spec{ID: "complex_to_float", Doc: "splits complex items into real and imaginary float streams",
		New: func(registry.Params) (block.Block, error) { return NewComplexToFloat(), nil }}
}

// RateChange implements block.RateChanger: one item on each output per input item.
func (b *ComplexToFloat) RateChange() (interpolation, decimation int) { return 1, 1 }
