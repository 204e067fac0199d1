package blocks

import (
	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/registry"
)

// FloatToComplex joins a real and an imaginary stream into complex items
// (GNU Radio float_to_complex). The imaginary input is optional: left
// unconnected, it counts as zeros.
//
// # Stream Inputs
//
// Re ("re"): real parts; Im ("im", optional): imaginary parts, both float32.
//
// # Stream Outputs
//
// Out: complex(Re, Im).
//
// # Parameters
//
// None.
//
// # Tags
//
// The tags of both inputs go to the output item of the same index.
//
// # Usage
//
//	join := blocks.NewFloatToComplex()
//	g.Add("join", join)
//	flowgraph.Connect(g, &i.Out, &join.Re)
//	flowgraph.Connect(g, &q.Out, &join.Im) // optional
//	flowgraph.Connect(g, &join.Out, &snk.In)
type FloatToComplex struct {
	Re  block.In[float32]
	Im  block.In[float32]
	Out block.Out[complex64]
}

// NewFloatToComplex returns a FloatToComplex whose Im input is optional.
func NewFloatToComplex() *FloatToComplex {
	b := &FloatToComplex{}
	b.Im.SetOptional()
	return b
}

// Work implements block.Block.
func (b *FloatToComplex) Work(*block.IO) error {
	re, out := b.Re.Slice(), b.Out.Slice()
	n := min(len(re), len(out))
	var im []float32
	if b.Im.Connected() {
		im = b.Im.Slice()
		n = min(n, len(im))
	}
	if n == 0 {
		if err := b.Re.Idle(); err != nil || !b.Im.Connected() {
			return err
		}
		return b.Im.Idle()
	}
	out = out[:n]
	if im == nil {
		for i, v := range re[:n] {
			out[i] = complex(v, 0)
		}
	} else {
		for i, v := range re[:n] {
			out[i] = complex(v, im[i])
		}
		b.Im.Consume(n)
	}
	b.Re.Consume(n)
	b.Out.Produce(n)
	return nil
}

// floatToComplexSpec is the registry entry of float_to_complex.
func floatToComplexSpec() registry.Spec {
	return registry.Spec{ID: "float_to_complex", Doc: "joins real and (optional) imaginary float streams into complex items",
		New: func(registry.Params) (block.Block, error) { return NewFloatToComplex(), nil }}
}

// RateChange implements block.RateChanger: one output item per item of each input.
func (b *FloatToComplex) RateChange() (interpolation, decimation int) { return 1, 1 }
