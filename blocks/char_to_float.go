package blocks

import (
	"github.com/flowrun/flowrun/block"
	"github.com/flowrun/flowrun/registry"
)

// CharToFloat converts int8 items to float: x/scale (GNU Radio
// char_to_float, scale default 1).
//
// # Stream Inputs
//
// In: int8 items.
//
// # Stream Outputs
//
// Out: float32 items.
//
// # Parameters
//
// scale: divisor (default 1; finite, non-zero).
//
// # Tags
//
// Carried to the same item.
//
// # Usage
//
//	f, err := blocks.NewCharToFloat(128)
//	if err != nil { ... }
//	g.Add("f", f)
//	flowgraph.Connect(g, &file.Out, &f.In)
//	flowgraph.Connect(g, &f.Out, &snk.In)
type CharToFloat struct {
	*block.MapBlock[int8, float32]
	inv float32
}

// NewCharToFloat returns a CharToFloat dividing by scale.
func NewCharToFloat(scale float64) (*CharToFloat, error) {
	if err := convertScale(scale); err != nil {
		return nil, err
	}
	b := &CharToFloat{inv: float32(1 / scale)}
	b.MapBlock = block.Map(b.work)
	return b, nil
}

// work computes out from in.
func (b *CharToFloat) work(in []int8, out []float32) {
	inv := b.inv
	for i, v := range in {
		out[i] = float32(v) * inv
	}
}

// charToFloatSpec is the registry entry of char_to_float.
func charToFloatSpec() registry.Spec {
	return convertScaledSpec("char_to_float", "int8 items to float, x/scale", convertDivDoc,
		func(s float64) (block.Block, error) { return asBlock(NewCharToFloat(s)) })
}
