package blocks

import (
	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/registry"
)

// UcharToFloat converts uint8 items to float unchanged in value, 0..255
// (GNU Radio uchar_to_float, which has no scale). Follow it with add_const
// and multiply_const to centre and scale.
//
// # Stream Inputs
//
// In: uint8 items.
//
// # Stream Outputs
//
// Out: float32 items in [0, 255].
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
//	f := blocks.NewUcharToFloat()
//	g.Add("f", f)
//	flowgraph.Connect(g, &file.Out, &f.In)
//	flowgraph.Connect(g, &f.Out, &snk.In)
type UcharToFloat struct {
	*block.MapBlock[uint8, float32]
}

// NewUcharToFloat returns a UcharToFloat.
func NewUcharToFloat() *UcharToFloat {
	b := &UcharToFloat{}
	b.MapBlock = block.Map(b.work)
	return b
}

// work computes out from in.
func (b *UcharToFloat) work(in []uint8, out []float32) {
	for i, v := range in {
		out[i] = float32(v)
	}
}

// ucharToFloatSpec is the registry entry of uchar_to_float.
func ucharToFloatSpec() registry.Spec {
	return registry.Spec{ID: "uchar_to_float", Doc: "uint8 items to float, value unchanged",
		New: func(registry.Params) (block.Block, error) { return NewUcharToFloat(), nil }}
}
